"""NAV001: every page is in mkdocs.yml's nav. MkDocs builds a page left out of the nav, but no
menu leads to it, so readers only find it by chance.

NAV002: every content page links, in its own text, to at least one other content page, so a reader
who reaches the end of what they came for has somewhere to go next. A content page is any page but
the home page (index.md), the 404 page and the site-policy pages (`policy: true`: About, Glossary,
Sources). Only the page's own words count: the "Related pages" list, the callouts placed by a marker
line (<!-- get-help -->) and the footer are added by the build, on every page alike. Like NAV001 it
needs the site's mkdocs.yml beside docs/ (it is about how readers move around the site); a folder
checked on its own is not checked for it.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from . import Finding
from .evidence import policy_page
from .links import iter_links

NOT_CONTENT = {"index.md", "404.md"}  # the home page links every page; the 404 page is a template
SUGGESTED = "symptoms.md"  # the page every reader may need next (the first one the checker suggests)


class _TagIgnoringLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name and !ENV tags only matter to MkDocs itself."""


_TagIgnoringLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _walk(item, found: set[str]) -> None:
    if isinstance(item, str):
        found.add(item)
    elif isinstance(item, list):
        for x in item:
            _walk(x, found)
    elif isinstance(item, dict):
        for x in item.values():
            _walk(x, found)


def nav_pages(docs_root: Path) -> set[str] | None:
    """Docs-relative paths listed in the nav of the mkdocs.yml beside the docs folder; None when
    there is no such file or nav (a folder checked on its own, or MkDocs' automatic nav)."""
    config = docs_root.parent / "mkdocs.yml"
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TagIgnoringLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("nav"), list):
        return None
    found: set[str] = set()
    _walk(data["nav"], found)
    return {p.lstrip("./") for p in found if not p.startswith(("http://", "https://"))}


def check_nav(nav: set[str] | None, page) -> list[Finding]:
    if nav is None or page.rel in nav:
        return []
    return [Finding(str(page.path), 1, 1, "NAV001", f"add {page.rel} to the nav in mkdocs.yml; "
                    "no menu leads to a page outside it", f"nav: ... - Page title: {page.rel}")]


def content_page(page) -> bool:
    """Not the home page, the 404 page or a site-policy page (policy: true)."""
    return page.rel not in NOT_CONTENT and not policy_page(page)


def _uncommented(lines):
    """The lines with HTML comments blanked (a link in a comment is not shown to readers)."""
    in_comment = False
    for n, line in lines:
        out, pos = [], 0
        while pos < len(line):
            if in_comment:
                end = line.find("-->", pos)
                if end < 0:
                    pos = len(line)
                    break
                in_comment, pos = False, end + 3
            else:
                start = line.find("<!--", pos)
                if start < 0:
                    out.append(line[pos:])
                    break
                out.append(line[pos:start])
                in_comment, pos = True, start + 4
        yield n, "".join(out)


def linked_pages(page, lines) -> list[str]:
    """Docs-relative paths of the .md pages the page's text links to (not itself, not images)."""
    here = posixpath.dirname(page.rel)
    found = []
    for _, _, is_image, _, target in iter_links(_uncommented(lines)):
        try:
            parsed = urlparse(target)
        except ValueError:  # LINK006 reports it
            continue
        path = unquote(parsed.path)
        if is_image or parsed.scheme or parsed.netloc or not path.endswith(".md") or path.startswith("/"):
            continue
        rel = posixpath.normpath(posixpath.join(here, path))
        if rel != page.rel and not rel.startswith("../"):
            found.append(rel)
    return found


def check_onward(ctx, page, lines) -> list[Finding]:
    """NAV002: a content page whose text links to no other content page."""
    lines = list(lines)
    if ctx.nav is None or not content_page(page):
        return []
    for rel in linked_pages(page, lines):
        target = _page(ctx, rel)
        if target is not None and content_page(target):
            return []
    title_line = next((n for n, line in lines if line.startswith("# ")), page.body_offset + 1)
    return [Finding(str(page.path), title_line, 1, "NAV002",
                    f"link to at least one other page of the guide in the text, e.g. {_example_link(ctx, page)}",
                    "the Related pages list, the get-help box and the footer do not count")]


def _page(ctx, rel: str):
    """The page at a docs-relative path, or None (also for a name no file system can hold: LINK001 says so)."""
    if any(len(part) > 255 for part in rel.split("/")):
        return None
    try:
        return ctx.page(rel)
    except (OSError, ValueError):  # e.g. a NUL byte from %00
        return None


def _example_link(ctx, page) -> str:
    """A Markdown link to the symptoms page (or the first other content page in the nav), by its title."""
    choices = [SUGGESTED] + sorted(ctx.nav or ())
    for rel in choices:
        target = _page(ctx, rel) if rel != page.rel else None
        if target is not None and content_page(target):
            meta = target.front[0] if isinstance(target.front, tuple) else None
            title = meta.get("title") if isinstance(meta, dict) and isinstance(meta.get("title"), str) else rel
            return f"[{title}]({posixpath.relpath(rel, posixpath.dirname(page.rel) or '.')})"
    return "[a page this one talks about](other-page.md)"
