"""NAV001: every page is in mkdocs.yml's nav. MkDocs builds a page left out of the nav, but no
menu leads to it, so readers only find it by chance."""
from __future__ import annotations

from pathlib import Path

import yaml

from . import Finding


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
