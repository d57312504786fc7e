"""Validate loaded YAML against a JSON Schema in data/schema/, reporting file:line per problem."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from .errors import DataError
from .paths import SCHEMAS
from .yamlfile import LineMap, line_of


@lru_cache(maxsize=None)
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(data: Any, schema_name: str, path: Path, lines: LineMap) -> list[DataError]:
    """Every schema violation in data, each pointing at the offending line."""
    errors = []
    for err in _validator(schema_name).iter_errors(data):
        where = "/".join(str(p) for p in err.absolute_path) or "top level"
        errors.append(DataError(path, line_of(lines, tuple(err.absolute_path)), f"{where}: {err.message}"))
    return sorted(errors, key=lambda e: e.line)
