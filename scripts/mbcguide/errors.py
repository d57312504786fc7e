"""Errors that name a file and line, so a writer knows exactly what to fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """Show paths relative to the repository when possible (shorter, clickable in editors)."""
    from .paths import ROOT

    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()


@dataclass
class DataError(Exception):
    """A problem in a data or content file: bad YAML, a schema violation, an unknown reference."""

    path: Path | str
    line: int
    message: str
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}: {self.message}"


class DataErrors(Exception):
    """Several DataErrors at once, so one run shows every problem, not only the first."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
