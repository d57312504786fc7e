"""Small Markdown helpers shared by hooks and the checker: code-fence-aware line scanning."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
BACKTICKS_RE = re.compile(r"`+")


def blank_inline_code(line: str) -> str:
    """Blank `code` spans (same length). As in CommonMark, a run of N backticks is closed by the
    next run of exactly N. Done with one scan of the runs, not a backtracking regex: the old
    (`+)(.+?)\\1 took cubic time on a long run of backticks (8 KB: 12 s)."""
    if "`" not in line:
        return line
    runs = [m.span() for m in BACKTICKS_RE.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    out, pos, i = [], 0, 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        k = bisect.bisect_right(same, i)
        if k == len(same):  # no closing run: the backticks are plain text
            i += 1
            continue
        close = runs[same[k]][1]
        out += [line[pos:start], " " * (close - start)]
        pos, i = close, same[k] + 1
    out.append(line[pos:])
    return "".join(out)


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
            yield number, blank_inline_code(line)
