"""Small Markdown helpers shared by hooks and the checker: code-fence-aware line scanning."""
from __future__ import annotations

import re
from collections.abc import Iterator

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")


def _fence(line: str, open_fence: str | None) -> str | None:
    """The fence marker (e.g. '````') if the line opens (open_fence None) or closes open_fence, else None.

    As in CommonMark: a backtick fence's info string has no backtick, so "```x``` then <script>" is a
    line of inline code, not a fence (reading it as one would hide the rest of the page from the
    checker); a closing fence uses the same character, at least as many, and nothing after it."""
    m = FENCE_RE.match(line)
    if m is None:
        return None
    marker, rest = m.groups()
    if open_fence is None:
        return None if marker[0] == "`" and "`" in rest else marker
    if marker[0] == open_fence[0] and len(marker) >= len(open_fence) and not rest.strip():
        return marker
    return None


def prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) for lines outside fenced code; inline code is blanked out
    (same length, so columns stay right)."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        marker = _fence(line, fence)
        if marker:
            fence = marker if fence is None else None
            continue
        if fence is None:
            yield number, INLINE_CODE_RE.sub(lambda c: " " * len(c.group(0)), line)
