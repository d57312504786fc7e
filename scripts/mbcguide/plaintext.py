"""Data files and front matter hold plain text: no HTML, no control characters.

Their values end up in page HTML (titles, descriptions, tables, the glossary, search entries).
Every place escapes them, but refusing markup where it can never be meant closes the door twice,
and tells a contributor at once, with file:line:col, instead of showing '&lt;b&gt;' on the site.
"""
from __future__ import annotations

import re

# '<' and '>' (markup), C0 controls except tab and newline, and DEL.
_FORBIDDEN_RE = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")
URL_KEYS = {"url"}  # values under these keys are URLs, checked by their own rules (https only)


def markup_problem(text: str) -> tuple[int, str] | None:
    """(offset, message) for the first character that is not plain text, or None."""
    m = _FORBIDDEN_RE.search(text)
    if m is None:
        return None
    char = m.group(0)
    shown = repr(char)[1:-1] if char in "<>" else f"U+{ord(char):04X}"
    what = "HTML is not allowed" if char in "<>" else "control characters are not allowed"
    return m.start(), f"use plain text: remove '{shown}' ({what} in data files or front matter)"
