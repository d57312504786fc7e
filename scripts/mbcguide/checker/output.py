"""Print findings as text, JSON or GitHub workflow annotations."""
from __future__ import annotations

import json

from ..errors import display_path
from . import Finding


def as_text(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        hint = f" ({f.suggestion})" if f.suggestion else ""
        lines.append(f"{display_path(f.path)}:{f.line}:{f.column}: {f.rule} {f.message}{hint}")
    files = len({f.path for f in findings})
    warnings = sum(f.severity == "warning" for f in findings)
    noted = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
    lines.append(f"{len(findings)} finding{'s' * (len(findings) != 1)}{noted} in {files} file{'s' * (files != 1)}"
                 if findings else "no findings")
    return "\n".join(lines)


def as_json(findings: list[Finding]) -> str:
    return json.dumps([{**f.as_dict(), "path": display_path(f.path)} for f in findings], indent=2)


def escape_data(text: str) -> str:
    """GitHub's escaping for an annotation message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for an annotation property (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    out = []
    for f in findings:
        message = f.message + (f" ({f.suggestion})" if f.suggestion else "")
        out.append(f"::{f.severity} file={escape_property(display_path(f.path))},line={f.line},col={f.column},"
                   f"title={escape_property(f.rule)}::{escape_data(message)}")
    return "\n".join(out)
