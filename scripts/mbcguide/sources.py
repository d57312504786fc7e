"""Citable sources (data/sources.yml): pages list them in front matter and cite them inline as [@id].

A URL's shape and host (https, never-list, fits the kind) are checker findings (SRC001-002), not load errors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DataError, DataErrors
from .paths import SOURCES_FILE
from .yamlfile import load_yaml

CITE_RE = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    line: int = 0
    kind: str = ""


# What a source is (CONTRIBUTING.md, "Source policy"); fda, nci and journal are primary sources.
KINDS = ("fda", "nci", "journal", "guideline", "society", "news")
PRIMARY_KINDS = ("fda", "nci", "journal")


def load_sources(path: Path = SOURCES_FILE, text: str | None = None) -> dict[str, Source]:
    data, lines = load_yaml(path, text)
    errors: list[DataError] = []
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise DataErrors([DataError(path, 1, "expected a top-level 'sources:' list")])
    result: dict[str, Source] = {}
    previous = ""
    for i, item in enumerate(data["sources"]):
        line = lines.get(("sources", i), 1)
        missing = [k for k in ("id", "title", "publisher", "url", "kind") if not isinstance(item, dict) or not item.get(k)]
        if missing:
            errors.append(DataError(path, line, f"source is missing {', '.join(missing)}; add them"))
            continue
        if item["id"] in result:
            errors.append(DataError(path, line, f"duplicate source id {item['id']!r}; ids must be unique"))
        if item["id"] < previous:
            errors.append(DataError(path, line, f"source {item['id']!r} is out of order; keep ids sorted"))
        if item["kind"] not in KINDS:
            errors.append(DataError(path, lines.get(("sources", i, "kind"), line),
                                    f"unknown kind {item['kind']!r}; use one of: {', '.join(KINDS)}"))
        previous = max(previous, str(item["id"]))
        result[item["id"]] = Source(*(str(item[k]) for k in ("id", "title", "publisher", "url")), line, str(item["kind"]))
    if errors:
        raise DataErrors(errors)
    return result


@lru_cache(maxsize=1)
def default_sources() -> dict[str, Source]:
    return load_sources()
