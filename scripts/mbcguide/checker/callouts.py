"""Callout rules: every treatment page tells readers where to get urgent help."""
from __future__ import annotations

from ..callouts import MARKER_RE, REQUIRED, unknown_markers
from . import Finding
from .context import Page


def check_unknown_callouts(page: Page, callouts: dict) -> list[Finding]:
    """SAFE003: a marker line that names no callout (a typo would silently drop the box)."""
    return [Finding(str(page.path), line, 1, "SAFE003",
                    f"fix the marker <!-- {name} -->: no callout of that name in data/callouts.yml", hint)
            for line, name, hint in unknown_markers(page.body, callouts, first_line=page.body_offset + 1)]


def check_callouts(page: Page) -> list[Finding]:
    """SAFE002: a page in a folder that requires a callout (docs/treatment/) lacks its marker line."""
    present = {m.group(1) for m in MARKER_RE.finditer(page.body)}
    return [Finding(str(page.path), page.body_offset + 1, 1, "SAFE002",
                    f"add the line <!-- {name} --> after the Key points box: every page in {folder} "
                    "shows where to get urgent help")
            for name, folder in REQUIRED.items() if page.rel.startswith(folder) and name not in present]
