"""The watch list (data/watch.yml): facts a dated future event may change; `make review-due`
lists an item once its date has passed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, DataErrors
from .paths import WATCH_FILE
from .schema import schema_errors
from .suggest import nearest
from .yamlfile import load_yaml


@dataclass(frozen=True)
class WatchItem:
    date: dt.date
    what: str
    source: str  # id in data/sources.yml
    line: int


def load_watch(path: Path = WATCH_FILE, text: str | None = None, source_ids: set[str] | None = None) -> list[WatchItem]:
    """The items, in file order; raises DataErrors naming each bad line (schema, date, unknown source)."""
    if source_ids is None:
        from .sources import load_sources
        source_ids = set(load_sources())
    data, lines = load_yaml(path, text)
    errors = schema_errors(data, "watch.schema.json", path, lines)
    if errors:
        raise DataErrors(errors)
    items, previous = [], None
    for i, item in enumerate(data["watch"]):
        line = lines[("watch", i)]
        try:
            day = dt.date.fromisoformat(item["date"])
        except ValueError:
            errors.append(DataError(path, lines[("watch", i, "date")], f"date {item['date']!r} is not a real day; write YYYY-MM-DD"))
            continue
        if item["source"] not in source_ids:
            near = nearest(item["source"], sorted(source_ids))
            hint = f"did you mean {near[0]!r}?" if near else "add it to data/sources.yml first"
            errors.append(DataError(path, lines[("watch", i, "source")], f"unknown source id {item['source']!r}; {hint}"))
        if previous and day < previous:
            errors.append(DataError(path, line, f"item dated {day} is out of order; keep the list sorted by date"))
        previous = max(previous or day, day)
        items.append(WatchItem(day, item["what"], item["source"], line))
    if errors:
        raise DataErrors(errors)
    return items
