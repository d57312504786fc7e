"""Callouts written once in data/callouts.yml, placed on pages by a marker line (<!-- get-help -->),
and the "Related pages" list each page names in its front matter (`related:`)."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, DataErrors
from .paths import DATA
from .yamlfile import load_yaml

CALLOUTS_FILE = DATA / "callouts.yml"
MARKER_RE = re.compile(r"^<!--[ \t]*([a-z][a-z0-9-]*)[ \t]*-->[ \t]*$", re.M)
DOCS_LINK_RE = re.compile(r"\]\(([^)#\s]+\.md)(#[^)\s]*)?\)")
REQUIRED = {"get-help": "treatment/"}  # callout -> folder whose every page must carry it


@dataclass(frozen=True)
class Callout:
    name: str
    type: str
    title: str
    text: str


def load_callouts(path: Path = CALLOUTS_FILE) -> dict[str, Callout]:
    data, lines = load_yaml(path)
    items = data.get("callouts") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        raise DataErrors([DataError(path, 1, "expected a top-level 'callouts:' map")])
    errors, callouts = [], {}
    for name, item in items.items():
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) and item[k] for k in ("type", "title", "text"))):
            errors.append(DataError(path, lines.get(("callouts", name), 1), f"callout {name!r} needs type, title and text"))
            continue
        callouts[str(name)] = Callout(str(name), item["type"], item["title"], item["text"])
    if errors:
        raise DataErrors(errors)
    return callouts


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
