"""Link rules: pages, anchors, images, glossary links and external URLs."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlparse

from ..htmlsafety import blocked_scheme
from ..source_policy import is_ip_host
from ..suggest import nearest
from . import Finding
from .context import Context, Page

# [text](target "title") and ![alt](src); the target may be wrapped in <...> and hold one level
# of (parentheses). Each repeated part stops at the next unmatched bracket, parenthesis or quote,
# so a failed match costs only the text up to there: a line of thousands of "[x](" or "[" is
# checked in linear time, not quadratic.
LINK_RE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]*\))*)>?"
                     r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
# HTML tags are found first (a tag ends at the first '>' and cannot contain '<'), then read:
# the old single pattern rescanned the rest of the line for every '<a ' that had no '>'.
HTML_TAG_RE = re.compile(r"<(a|img)\b[^<>]*>", re.I)
HTML_URL_RE = re.compile(r"""\b(href|src)=["']([^"']*)["']""", re.I)
HTML_ALT_RE = re.compile(r"""\balt=["']([^"']*)["']""", re.I)
AUTOLINK_RE = re.compile(r"<(https?://[^<>\s]+)>")
HOST_RE = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?$")


def iter_links(lines) -> Iterator[tuple[int, int, bool, str, str]]:
    """Yield (line, column, is_image, text, target) for every link in the page's prose lines."""
    for line_no, line in lines:
        for m in LINK_RE.finditer(line):
            yield line_no, m.start() + 1, m.group(1) == "!", m.group(2), m.group(3)
        for m in HTML_TAG_RE.finditer(line):
            url = HTML_URL_RE.search(m.group(0))
            if url:
                alt = HTML_ALT_RE.search(m.group(0))
                yield line_no, m.start() + 1, m.group(1).lower() == "img", alt.group(1) if alt else "", url.group(2)
        for m in AUTOLINK_RE.finditer(line):
            yield line_no, m.start() + 1, False, m.group(1), m.group(1)


def check_links(ctx: Context, page: Page, lines) -> list[Finding]:
    found = []
    path = str(page.path)
    for line, col, is_image, text, target in iter_links(lines):
        def add(rule, message, suggestion=""):
            found.append(Finding(path, line, col, rule, message, suggestion))

        if is_image and not text.strip():
            add("LINK004", "add alt text that says what the image shows", "![What the image shows](...)")
        if target.startswith("glossary:"):
            name = target[len("glossary:"):]
            if ctx.glossary.resolve(name) is None:
                near = ctx.glossary.suggestions(name)
                add("LINK005", f"link to an existing glossary term; {name!r} is not one",
                    f"try: {', '.join(near)}" if near else "add the term to data/glossary.yml")
            continue
        try:
            parsed = urlparse(target)
        except ValueError:  # e.g. "https://[/": a broken IPv6 host
            add("LINK006", f"fix the malformed URL {target!r}", "write it as https://host/path")
            continue
        if parsed.scheme in ("http", "https") or target.startswith("//"):
            if parsed.scheme != "https":
                add("LINK006", f"use https for external links: {target}", target.replace("http://", "https://", 1))
            elif (not HOST_RE.match(parsed.netloc) and not is_ip_host(parsed.hostname)) or " " in target:
                # (a bare IP address is well formed, but refused by the source policy: SRC001)
                add("LINK006", f"fix the malformed URL {target!r}", "write it as https://host/path")
            continue
        if parsed.scheme in ("mailto", "tel") or blocked_scheme(target):  # SAFE001 reports javascript: and the like
            continue
        if parsed.scheme:
            add("LINK006", f"use a relative link to a .md file or an https URL, not {parsed.scheme}:")
            continue
        found.extend(_internal(ctx, page, path, line, col, is_image, unquote(parsed.path), parsed.fragment))
    return found


def _internal(ctx, page, path, line, col, is_image, target, fragment) -> list[Finding]:
    here = posixpath.dirname(page.rel)
    if not target:  # same-page anchor
        if fragment and fragment not in page.anchors:
            return [Finding(path, line, col, "LINK002", f"fix the anchor '#{fragment}': this page has no such heading",
                            _near(fragment, page.anchors))]
        return []
    if target.startswith("/"):
        return [Finding(path, line, col, "LINK001", f"use a relative link, not the absolute path {target}",
                        "link to the .md file relative to this page")]
    rel = posixpath.normpath(posixpath.join(here, target))
    if rel.startswith("../") or rel == "..":
        return [Finding(path, line, col, "LINK001", f"fix the link: {target} points outside the docs folder",
                        "link to a page inside docs/")]
    if any(len(part) > 255 for part in rel.split("/")):
        return [Finding(path, line, col, "LINK001", "fix the link: a file name cannot be longer than 255 characters",
                        "check the file name")]
    if is_image or not rel.endswith(".md"):
        if (ctx.docs_root / rel).is_file():
            return []
        if not is_image and (ctx.page(rel + ".md") or ctx.page(posixpath.join(rel, "index.md"))):
            return [Finding(path, line, col, "LINK001", f"link to the Markdown file, not {target}",
                            _md_suggestion(ctx, here, rel))]
        rule = "LINK003" if is_image else "LINK001"
        return [Finding(path, line, col, rule, f"fix the link: {target} does not exist", "check the file name")]
    target_page = ctx.page(rel)
    if target_page is None:
        return [Finding(path, line, col, "LINK001", f"fix the link: page {target} does not exist",
                        _near_page(ctx, here, rel))]
    if fragment and fragment not in target_page.anchors:
        return [Finding(path, line, col, "LINK002", f"fix the anchor '#{fragment}': {target} has no such heading",
                        _near(fragment, target_page.anchors))]
    return []


def _near(word: str, choices) -> str:
    near = nearest(word, sorted(choices))
    return f"#{near[0]}" if near else ""


def _near_page(ctx: Context, here: str, rel: str) -> str:
    """The closest page name, looked for first in the folder the link points into."""
    pages = ctx.all_page_paths
    folder = posixpath.dirname(rel)
    near = nearest(rel, [p for p in pages if posixpath.dirname(p) == folder]) or nearest(rel, pages)
    return posixpath.relpath(near[0], here or ".") if near else ""


def _md_suggestion(ctx: Context, here: str, rel: str) -> str:
    target = rel + ".md" if ctx.page(rel + ".md") else posixpath.join(rel, "index.md")
    return posixpath.relpath(target, here or ".")
