"""Page front matter: split it from Markdown and validate it, with file:line errors."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import DataError, DataErrors
from .schema import schema_errors
from .suggest import nearest
from .yamlfile import load_yaml

FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)
MAX_REVIEW_GAP_DAYS = 366  # at most 12 months between reviews


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml_text or None, body, line offset of the body)."""
    m = FRONT_RE.match(text)
    if not m:
        return None, text, 0
    return m.group(1) or "", text[m.end():], m.group(0).count("\n")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def load_front_matter(path: Path, text: str) -> tuple[Any, dict]:
    """The page's front matter as (data, lines), unvalidated; raises DataErrors if absent or malformed."""
    raw, _, _ = split_front_matter(text)
    if raw is None:
        raise DataErrors([DataError(path, 1, "page has no front matter; start the file with '---', then title, "
                                             "description, last_reviewed, next_review and sources, then '---'")])
    try:
        return load_yaml(path, "\n" + raw)  # the leading newline keeps line numbers equal to the file's
    except DataError as err:
        raise DataErrors([err]) from None


def parse_front_matter(path: Path, text: str, known_sources: set[str] | None = None,
                       today: dt.date | None = None, loaded: tuple[Any, dict] | None = None) -> dict[str, Any]:
    """Validated front matter of one page; raises DataErrors naming each bad line.

    `loaded` is what load_front_matter returned, when the caller has already read it (the checker).
    """
    data, lines = loaded if loaded is not None else load_front_matter(path, text)
    data = dict(data) if isinstance(data, dict) else data
    if not isinstance(data, dict):
        raise DataErrors([DataError(path, 2, "front matter must be 'key: value' lines")])
    errors = schema_errors(data, "page.schema.json", path, lines)
    dates = {}
    for key in ("last_reviewed", "next_review"):
        if key in data:
            dates[key] = _as_date(data[key])
            if dates[key] is None:
                errors.append(DataError(path, lines[(key,)], f"{key}: {data[key]!r} is not a date; write it as YYYY-MM-DD"))
    last, nxt = dates.get("last_reviewed"), dates.get("next_review")
    if last and nxt:
        if nxt <= last:
            errors.append(DataError(path, lines[("next_review",)], "next_review must be after last_reviewed"))
        elif (nxt - last).days > MAX_REVIEW_GAP_DAYS:
            errors.append(DataError(path, lines[("next_review",)],
                                    f"next_review is {(nxt - last).days} days after last_reviewed; "
                                    f"set it at most 12 months later ({last.replace(year=last.year + 1)})"))
    if last and today and last > today:
        errors.append(DataError(path, lines[("last_reviewed",)], f"last_reviewed {last} is in the future; use the review date"))
    if known_sources is not None:
        listed = data.get("sources")
        for i, sid in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(sid, str) and sid not in known_sources:
                near = nearest(sid, sorted(known_sources), n=3)
                hint = f"; did you mean {', '.join(near)}?" if near else "; add it to data/sources.yml first"
                errors.append(DataError(path, lines[("sources", i)], f"unknown source id {sid!r}{hint}"))
    if errors:
        raise DataErrors(sorted(errors, key=lambda e: e.line))
    data["last_reviewed"], data["next_review"] = last, nxt
    return data
