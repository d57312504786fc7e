"""Data-file rules: the source list (SRC001-002) and the drug registry's evidence (REG001-003),
reported at the data file's own line and column."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..registry import Approval, Registry
from ..source_policy import SourcePolicy, kind_problem, url_problem
from ..sources import PRIMARY_KINDS, Source
from ..textfile import read_text
from . import Finding

PENDING_MAX_MONTHS = 12  # an approval may wait this long for a primary source (FDA page, label, journal)


def _column(text_line: str, value: str) -> int:
    """1-based column of value in the line, or of the line's first word (after a list dash)."""
    at = text_line.find(value) if value else -1
    return at + 1 if at >= 0 else len(text_line) - len(text_line.lstrip(" -")) + 1


def _url_line(file_lines: list[str], source: Source) -> int:
    """The line of the source's `url:` (its entry's first line when the URL is not written there)."""
    for n in range(source.line, min(len(file_lines), source.line + 20) + 1):
        if source.url in file_lines[n - 1]:
            return n
    return source.line


def check_sources(sources: dict[str, Source], path: Path, policy: SourcePolicy) -> list[Finding]:
    file_lines = read_text(path).split("\n")
    found = []
    for source in sources.values():
        line = _url_line(file_lines, source)
        col = _column(file_lines[line - 1] if line <= len(file_lines) else "", source.url)
        problem = url_problem(source.url, policy)
        if problem:
            found.append(Finding(str(path), line, col, "SRC001", f"{source.id}: {problem}",
                                 "cite the https page on a named site that states the fact"))
            continue  # one finding per URL: a blocked or bare-IP host cannot fit any kind either
        problem = kind_problem(source.kind, source.url, policy)
        if problem:
            found.append(Finding(str(path), line, col, "SRC002", f"{source.id}: {problem}"))
    return found


def latest_day(date: str) -> dt.date | None:
    """The last day a 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' date can mean (so a pending flag is never
    called stale before it certainly is)."""
    try:
        parts = [int(p) for p in date.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(*parts)
    except (ValueError, OverflowError):
        return None


def months_later(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    for d in (day.day, 30, 29, 28):  # 31 January + 1 month is the end of February
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def pending_is_stale(approval: Approval, today: dt.date) -> bool:
    day = latest_day(approval.date)
    return day is not None and months_later(day, PENDING_MAX_MONTHS) < today


def check_registry(registry: Registry, sources: dict[str, Source], today: dt.date) -> list[Finding]:
    path = str(registry.path)
    file_lines = read_text(registry.path).split("\n")

    def column(line: int, value: str = "") -> int:
        return _column(file_lines[line - 1], value) if 0 < line <= len(file_lines) else 1

    found = [Finding(path, e.line, column(e.line, "reviewed"), "REG003", e.message,
                     "check the entry against its sources, then write that day")
             for e in registry.review_problems]
    for drug in registry.drugs:
        for approval in drug.approvals:
            col = column(approval.line, "date")
            kinds = {sources[s].kind for s in approval.sources if s in sources}
            where = f"{drug.generic} ({approval.date})"
            if approval.pending:
                if not approval.sources:
                    found.append(Finding(path, approval.line, col, "REG002",
                                         f"cite the news report of the approval {where} until its primary source is out"))
                elif pending_is_stale(approval, today):
                    found.append(Finding(path, approval.line, col, "REG002",
                                         f"replace primary_source_pending on the approval {where} with a primary source: "
                                         f"it is more than {PENDING_MAX_MONTHS} months old",
                                         "cite the FDA notice or label, the NCI page or the journal approval summary"))
            elif not kinds & set(PRIMARY_KINDS):
                found.append(Finding(path, approval.line, col, "REG001",
                                     f"cite a primary source (kind {', '.join(PRIMARY_KINDS)}) for the approval {where}",
                                     "or, for an approval less than 12 months old, add primary_source_pending: true"))
    return found


def check_data(sources: dict[str, Source], sources_path: Path, registry: Registry, policy: SourcePolicy,
               today: dt.date) -> list[Finding]:
    return sorted(check_sources(sources, sources_path, policy) + check_registry(registry, sources, today))
