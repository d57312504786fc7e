"""Small Markdown helpers shared by hooks and the checker: code-fence-aware line scanning."""
from __future__ import annotations

import re
from collections.abc import Iterator

FENCE_RE = re.compile(r"^\s*(```+|~~~+)")
INLINE_CODE_RE = re.compile(r"(`+)(.+?)\1")


def prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) for lines outside fenced code; inline code is blanked out
    (same length, so columns stay right)."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=first_line):
        m = FENCE_RE.match(line)
        if m:
            marker = m.group(1)[0]
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is None:
            yield number, INLINE_CODE_RE.sub(lambda c: " " * len(c.group(0)), line)
