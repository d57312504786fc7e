"""Check a built page for anything that could run script that our templates did not put there.

overrides/hooks/csp.py runs this on every page after it is rendered: an inline script whose hash
is not one of the trusted partials', a script file that is neither the theme's nor listed under
extra_javascript, an on... handler, a javascript:/vbscript:/data: URL, an <iframe>, <object>,
<embed>, <base> (and the like) or a <meta http-equiv> other than our Content-Security-Policy.
"""
from __future__ import annotations

import base64
import hashlib
import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from .htmlsafety import BLOCKED_TAGS, Tag, attribute_problem, end_of_rawtext, tokenize

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # data for scripts; browsers never run them
ALLOWED_TAGS = {"form"}  # the theme's search and palette forms (the policy's form-action is 'self')


@dataclass(frozen=True)
class Unsafe:
    offset: int
    snippet: str  # the tag as written in the page (shortened)
    message: str
    needles: tuple[str, ...]  # text to look for in the page's source, most specific first


def script_hash(code: str) -> str:
    """A CSP source expression that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The code of every inline <script> (without src) in html, as the browser hashes it."""
    return [html[tag.end:end_of_rawtext(html, tag.end, "script")]
            for tag in tokenize(html) if tag.name == "script" and not tag.end_tag and tag.closed
            and not _attr(tag, "src") and _attr(tag, "type") is None]


def _attr(tag: Tag, name: str) -> str | None:
    return next((a.value for a in tag.attributes if a.name == name), None)


def site_path_of(src: str, page_url: str, site_path: str = "/") -> str | None:
    """The site-relative path a script src points at from page_url, or None for another site."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(site_path):
            return None
        return parts.path[len(site_path):]
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    path = posixpath.normpath(posixpath.join(folder, parts.path))
    return None if path.startswith("..") else path


def scan_built_page(html: str, page_url: str, script_hashes: set[str], script_paths: set[str],
                    policy: str | None = None, site_path: str = "/") -> list[Unsafe]:
    """Everything in a built page that could run script and that our templates did not put there.

    script_hashes: the CSP hashes of the trusted inline scripts; script_paths: site-relative paths of
    allowed script files; policy: our Content-Security-Policy (its <meta> tag is expected)."""
    found: dict[int, Unsafe] = {}
    script_code: list[tuple[int, int]] = []  # where inline script code lies (not markup)
    policy_tags = 0
    skipped: list = []
    for tag in tokenize(html, skipped=skipped):
        if tag.name == "meta" and policy is not None and _attr(tag, "content") == policy:
            policy_tags += 1
        problem = _tag_problem(html, tag, page_url, script_hashes, script_paths, policy, site_path)
        if problem:
            found.setdefault(tag.start, problem)
        if tag.name == "script" and not tag.end_tag:
            script_code.append((tag.end, end_of_rawtext(html, tag.end, "script")))
    # The second reading (tags inside raw-text elements too, as in SVG), skipping script code; it can
    # only differ from the first where <title>, <style>, <textarea> and the like hold a '<'.
    if any(name != "script" and "<" in html[start:end] for name, start, end in skipped):
        i = 0
        for tag in tokenize(html, rawtext=False):
            while i < len(script_code) and script_code[i][1] <= tag.start:
                i += 1
            if i < len(script_code) and script_code[i][0] <= tag.start:
                continue
            problem = _tag_problem(html, tag, page_url, script_hashes, script_paths, policy, site_path)
            if problem:
                found.setdefault(tag.start, problem)
    if policy is not None and not policy_tags:
        found.setdefault(-1, Unsafe(0, "<head>", "no Content-Security-Policy <meta> tag (overrides/main.html writes it)", ()))
    return [found[k] for k in sorted(found)]


def _tag_problem(html: str, tag: Tag, page_url: str, script_hashes: set[str], script_paths: set[str],
                 policy: str | None, site_path: str) -> Unsafe | None:
    if tag.end_tag:
        return None
    raw = html[tag.start:tag.end]
    snippet = raw if len(raw) <= 80 else raw[:77] + "..."

    def unsafe(message: str, *needles: str) -> Unsafe:
        return Unsafe(tag.start, snippet, message, (raw, *needles))

    if tag.name == "script":
        src, kind = _attr(tag, "src"), _attr(tag, "type")
        if src is not None:
            if site_path_of(src, page_url, site_path) not in script_paths:
                return unsafe(f"a script file that is neither the theme's nor in extra_javascript ({src})", "<script")
        elif kind is None or kind.strip().lower() not in DATA_SCRIPT_TYPES:
            code = html[tag.end:end_of_rawtext(html, tag.end, "script")]
            if script_hash(code) not in script_hashes:
                return unsafe("an inline script that no trusted template wrote", code.strip()[:40], "<script")
    elif tag.name == "meta" and _attr(tag, "http-equiv") is not None:
        ours = policy is not None and (_attr(tag, "http-equiv").lower() == "content-security-policy"
                                       and _attr(tag, "content") == policy)
        if not ours:
            return unsafe("a <meta http-equiv> tag (it can redirect or change the page's rules)", "http-equiv")
    elif tag.name in BLOCKED_TAGS and tag.name not in ALLOWED_TAGS:
        return unsafe(f"an <{tag.name}> element", "<" + tag.name)
    for attr in tag.attributes:
        problem = attribute_problem(attr.name, attr.value, attr.start)
        if problem:
            return unsafe(problem.message.split(";")[0].replace("remove the ", "the "), attr.name + "=")
    return None


def source_line(source: str, needles: tuple[str, ...]) -> int | None:
    """The line of source where the first findable needle is (case-insensitive), or None."""
    low = source.lower()
    for needle in needles:
        if needle.strip():
            i = low.find(needle.lower())
            if i >= 0:
                return source.count("\n", 0, i) + 1
    return None
