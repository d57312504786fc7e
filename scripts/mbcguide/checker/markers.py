"""DRUG008: drug-table markers the build can expand. The build stops on an unknown marker; the
checker names its line first, with the choices."""
from __future__ import annotations

import re

from ..drugtables import MARKER_RE, _select
from ..registry import Registry
from . import Finding

LOOKS_LIKE_MARKER_RE = re.compile(r"<!--[ \t]*drugs?[ \t]*:")
MAX_MARKER_LENGTH = 200  # a real marker is short; longer lines are not read with MARKER_RE


def check_markers(registry: Registry, page, lines) -> list[Finding]:
    found = []
    choices = (f"use 'all', 'by-type', 'class=ID' ({', '.join(registry.classes)}) "
               f"or 'subtype=ID' ({', '.join(registry.subtypes)})")
    for n, line in lines:
        m = LOOKS_LIKE_MARKER_RE.search(line)
        if not m:
            continue
        marker = MARKER_RE.match(line) if len(line) <= MAX_MARKER_LENGTH else None
        if marker is None:
            found.append(Finding(str(page.path), n, m.start() + 1, "DRUG008",
                                 "write the drug-table marker exactly as <!-- drugs: ... --> on a line of its own", choices))
        elif not _select(registry, marker.group(1)):
            found.append(Finding(str(page.path), n, 1, "DRUG008",
                                 f"fix the drug-table marker: {marker.group(1)!r} is not a table", choices))
    return found
