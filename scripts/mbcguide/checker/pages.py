"""Page rules: front matter, review dates, citations of figures, and unsafe HTML."""
from __future__ import annotations

import bisect
import datetime as dt
import re

from ..errors import DataError, DataErrors
from ..frontmatter import parse_front_matter
from ..htmlsafety import attribute_problem, blocked_scheme, html_problems
from ..sources import CITE_RE
from . import Finding
from .context import Context, Page

# Targets of Markdown links and images, [text](target), and of reference definitions, [label]: target.
# Matched from the "](" alone (not the whole link), so a line of many "[" costs linear time.
MD_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]]*\]:\s*<?(\S*)")
# attr_list attributes inside {...}: name=value, the value quoted or not.
ATTR_LIST_ITEM_RE = re.compile(r"""([^\s=}]+)=("[^"]*"|'[^']*'|[^\s}]*)""")
# Figures that need a source: percentages, "N out of N", "1 in N" and years.
FIGURE_RE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent)|\b\d+ out of \d+\b|\b1 in \d+\b|\b(?:19|20)\d\d\b")


def check_meta(ctx: Context, page: Page, today: dt.date) -> list[Finding]:
    path = str(page.path)
    try:
        if isinstance(page.front, DataErrors):
            raise page.front
        meta = parse_front_matter(page.path, page.text, set(ctx.sources), today=today, loaded=page.front)
    except DataErrors as errs:
        return [Finding(path, e.line, e.column, "META001", _imperative(e.message)) for e in errs.errors]
    except DataError as e:
        return [Finding(path, e.line, e.column, "META001", _imperative(e.message))]
    if meta["next_review"] < today:
        line = next((i for i, l in enumerate(page.text.split("\n"), 1) if l.startswith("next_review")), 1)
        # A warning: an overdue review must not block an urgent fix to the page (or to any other).
        return [Finding(path, line, 1, "META002",
                        f"review this page: its next_review date {meta['next_review']} has passed",
                        "check every fact and source, then set last_reviewed to today and next_review within 12 months",
                        severity="warning")]
    return []


def _imperative(message: str) -> str:
    return message if message[:1].islower() or " " not in message else message[0].lower() + message[1:]


def check_safety(page: Page, lines) -> list[Finding]:
    """SAFE001: HTML that could run script (read by mbcguide.htmlsafety's tokenizer, across lines),
    javascript:/vbscript:/data: link and image targets, and attr_list event handlers ({: onclick=...})."""
    lines = list(lines)
    numbers = [n for n, _ in lines]
    starts, offset = [], 0
    for _, line in lines:
        starts.append(offset)
        offset += len(line) + 1
    text = "\n".join(line for _, line in lines)
    found = []
    for problem in html_problems(text):
        i = bisect.bisect_right(starts, problem.offset) - 1
        found.append(_safe(page, numbers[i], problem.offset - starts[i] + 1, problem.message))
    for n, line in lines:
        for m in MD_TARGET_RE.finditer(line):
            group = 1 if m.group(1) is not None else 2
            scheme = blocked_scheme(m.group(group))
            if scheme:
                found.append(_safe(page, n, m.start(group) + 1, f"remove the {scheme} link; pages may not run code"))
        for start, content in _braces(line):
            for m in ATTR_LIST_ITEM_RE.finditer(content):
                problem = attribute_problem(m.group(1), m.group(2).strip("\"'"), start + m.start())
                if problem:
                    found.append(_safe(page, n, problem.offset + 1, problem.message))
                    break
    return found


def _safe(page: Page, line: int, column: int, message: str) -> Finding:
    return Finding(str(page.path), line, column, "SAFE001", message, "write plain Markdown; links go to pages or https URLs")


def _braces(line: str):
    """(offset of the content, content) of each {...} on a line, leftmost '{' to the next '}' (linear)."""
    pos = 0
    while True:
        opening = line.find("{", pos)
        closing = line.find("}", opening + 1) if opening >= 0 else -1
        if closing < 0:
            return
        yield opening + 1, line[opening + 1:closing]
        pos = closing + 1


def check_citations(ctx: Context, page: Page, lines) -> list[Finding]:
    """Every figure needs a citation in its paragraph, or in the paragraph that introduces it;
    every citation must be one of the page's sources."""
    path = str(page.path)
    found = []
    listed = set(page.source_ids)
    blocks: list[list[tuple[int, str]]] = [[]]
    for n, line in lines:
        if line.strip():
            blocks[-1].append((n, line))
        elif blocks[-1]:
            blocks.append([])
    previous_cited = False
    for block in blocks:
        cited = any(CITE_RE.search(line) for _, line in block)
        for n, line in block:
            for m in CITE_RE.finditer(line):
                if m.group(1) not in listed and not m.group(1).startswith("drug-"):
                    found.append(Finding(path, n, m.start() + 1, "CITE002",
                                         f"add {m.group(1)!r} to this page's front matter sources, or fix the id",
                                         "sources: [..., " + m.group(1) + "]"))
            if line.lstrip().startswith(("<!--", "#")):
                continue
            for m in FIGURE_RE.finditer(line):
                if not (cited or previous_cited):
                    found.append(Finding(path, n, m.start() + 1, "CITE001",
                                         f"cite a source for the figure {m.group(0)!r} in the same paragraph",
                                         "add [@source-id] after the sentence"))
        previous_cited = cited
    return found
