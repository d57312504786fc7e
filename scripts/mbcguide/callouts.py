"""Callouts written once in data/callouts.yml, placed on pages by a marker line (<!-- get-help -->),
and the "Related pages" list each page names in its front matter (`related:`).

A callout that states a fact cites it ([@source-id]) and lists the source under `sources:`; a page
carrying the callout's marker gets those sources in its numbered list (citations.render)."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, DataErrors
from .markdown import prose_lines
from .paths import DATA
from .schema import schema_errors
from .sources import CITE_RE
from .suggest import nearest
from .textfile import read_text
from .yamlfile import load_yaml

CALLOUTS_FILE = DATA / "callouts.yml"
MARKER_RE = re.compile(r"^<!--[ \t]*([a-z][a-z0-9-]*)[ \t]*-->[ \t]*$", re.M)
DOCS_LINK_RE = re.compile(r"\]\(([^)#\s]+\.md)(#[^)\s]*)?\)")
REQUIRED = {"get-help": "treatment/"}  # callout -> folder whose every page must carry it
OTHER_MARKERS = {"glossary"}  # marker lines of the same shape that other hooks expand (the glossary page)


@dataclass(frozen=True)
class Callout:
    name: str
    type: str
    title: str
    text: str
    sources: tuple[str, ...] = ()  # ids in data/sources.yml that `text` cites


def load_callouts(path: Path = CALLOUTS_FILE, text: str | None = None,
                  source_ids: set[str] | None = None) -> dict[str, Callout]:
    """The callouts by name; raises DataErrors naming each bad line: the schema, a listed source that
    data/sources.yml lacks (source_ids; by default the sources.yml beside the file), a citation in
    `text` of a source not listed under `sources`, and a listed source the text never cites."""
    if text is None:
        text = read_text(path)
    data, lines = load_yaml(path, text)
    errors = schema_errors(data, "callouts.schema.json", path, lines)
    if errors:
        raise DataErrors(errors)
    if source_ids is None:
        from .sources import load_sources
        source_ids = set(load_sources(Path(path).parent / "sources.yml"))
    raw = text.split("\n")
    callouts = {}
    for name, item in data["callouts"].items():
        listed = item.get("sources", [])
        for i, sid in enumerate(listed):
            if sid not in source_ids:
                near = nearest(sid, sorted(source_ids))
                hint = f"did you mean {near[0]!r}?" if near else "add it to data/sources.yml first"
                errors.append(DataError(path, lines[("callouts", name, "sources", i)],
                                        f"callout {name!r}: unknown source id {sid!r}; {hint}"))
        cited = []
        for m in CITE_RE.finditer(item["text"]):
            cited.append(m.group(1))
            if m.group(1) not in listed:
                line, column = _find(raw, m.group(0), lines[("callouts", name, "text")])
                errors.append(DataError(path, line, f"callout {name!r} cites [@{m.group(1)}] but does not list it; "
                                                    f"add it to the callout's sources: [{m.group(1)}]", column))
        for i, sid in enumerate(listed):
            if sid not in cited:
                errors.append(DataError(path, lines[("callouts", name, "sources", i)],
                                        f"callout {name!r} lists {sid!r} but its text never cites it; "
                                        f"cite it with [@{sid}] after the sentence it supports, or remove it"))
        callouts[str(name)] = Callout(str(name), item["type"], item["title"], item["text"], tuple(listed))
    if errors:
        raise DataErrors(errors)
    return callouts


def _find(raw: list[str], needle: str, start: int) -> tuple[int, int]:
    """(line, column) of needle at or after line `start` of the file, else (start, 1)."""
    for n in range(start, len(raw) + 1):
        column = raw[n - 1].find(needle)
        if column >= 0:
            return n, column + 1
    return start, 1


def placed(markdown: str, callouts: dict[str, Callout]) -> list[Callout]:
    """The callouts a page's marker lines place, in page order (each once)."""
    names = dict.fromkeys(m.group(1) for m in MARKER_RE.finditer(markdown) if m.group(1) in callouts)
    return [callouts[n] for n in names]


def unknown_markers(markdown: str, callouts: dict[str, Callout], first_line: int = 1) -> list[tuple[int, str, str]]:
    """(line, name, hint) for each marker-shaped line outside code that names no callout: a misspelt
    <!-- get-hlep --> would otherwise stay an invisible comment and the box would silently go."""
    found = []
    for n, line in prose_lines(markdown, first_line):
        m = MARKER_RE.match(line)
        if m and m.group(1) not in callouts and m.group(1) not in OTHER_MARKERS:
            close = nearest(m.group(1), list(callouts))
            hint = f"did you mean <!-- {close[0]} -->?" if close else f"callouts: {', '.join(sorted(callouts))}"
            found.append((n, m.group(1), hint))
    return found


def cited_sources(markdown: str, callouts: dict[str, Callout]) -> list[str]:
    """The source ids the page's callouts cite, in page order (each once)."""
    return list(dict.fromkeys(sid for c in placed(markdown, callouts) for sid in c.sources))


def _relative(target: str, page_src: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def as_markdown(callout: Callout, page_src: str) -> str:
    """The callout as an admonition, its docs-relative links made relative to the page."""
    text = DOCS_LINK_RE.sub(lambda m: f"]({_relative(m.group(1), page_src)}{m.group(2) or ''})", callout.text)
    body = "\n".join("    " + line if line else "" for line in text.split("\n"))
    return f'!!! {callout.type} "{callout.title}"\n{body}\n'


def expand(markdown: str, callouts: dict[str, Callout], page_src: str) -> str:
    return MARKER_RE.sub(lambda m: as_markdown(callouts[m.group(1)], page_src) if m.group(1) in callouts
                         else m.group(0), markdown)


def related_markdown(related: list[str], titles: dict[str, str], page_src: str) -> str:
    """A "Related pages" section linking each docs-relative path, by its title in the nav."""
    items = [f"- [{titles[p]}]({_relative(p, page_src)})" for p in related]
    return "\n\n## Related pages {#related-pages}\n\n" + "\n".join(items) + "\n"


def nav_titles(nav) -> dict[str, str]:
    """docs-relative path -> title, from mkdocs.yml's nav."""
    titles: dict[str, str] = {}
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    titles.update(nav_titles(value))
                elif isinstance(value, str):
                    titles[value] = title
    return titles
