"""The sections of "Treatment options by type of breast cancer", generated from the registry.

data/cancer_types.yml names each type of breast cancer and the registry subtypes it covers; every drug
whose `subtypes` include one of them is listed under it, grouped by class, with its use in plain words.
Each section is a <section> whose data-needs the page's filter (javascripts/options-filter.js)
matches against the test results a reader ticks; without JavaScript every section shows.
"""
from __future__ import annotations

import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .drugtables import _table, class_anchor
from .errors import DataError, DataErrors
from .paths import DATA
from .registry import Drug, Registry
from .yamlfile import load_yaml

TYPES_FILE = DATA / "cancer_types.yml"
TESTS_PAGE = "understanding/tests.md"


@dataclass(frozen=True)
class CancerType:
    id: str
    title: str
    subtypes: tuple[str, ...]
    needs: tuple[tuple[str, ...], ...]  # groups of filter ids; each group needs one of its ids ticked


def load_types(registry: Registry, path: Path = TYPES_FILE) -> tuple[dict[str, str], list[CancerType]]:
    """(filter id -> label, types); unknown subtype or filter ids are errors with their line."""
    data, lines = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("types"), list) or not isinstance(data.get("filters"), list):
        raise DataErrors([DataError(path, 1, "expected top-level 'filters:' and 'types:' lists")])
    errors: list[DataError] = []
    filters = {str(f.get("id")): str(f.get("label")) for f in data["filters"] if isinstance(f, dict)}
    types = []
    for i, t in enumerate(data["types"]):
        line = lines.get(("types", i), 1)
        if not isinstance(t, dict) or not all(k in t for k in ("id", "title", "subtypes")):
            errors.append(DataError(path, line, "each type needs id, title and subtypes"))
            continue
        needs = t.get("needs", [])
        if not (isinstance(needs, list) and all(isinstance(g, list) for g in needs)):
            errors.append(DataError(path, line, "needs: write a list of lists of filter ids"))
            continue
        for sub in t["subtypes"]:
            if sub not in registry.subtypes:
                errors.append(DataError(path, line, f"unknown subtype {sub!r}; use ids from data/drugs.yml subtypes"))
        for result in (r for group in needs for r in group):
            if result not in filters:
                errors.append(DataError(path, line, f"unknown filter {result!r}; add it under filters"))
        types.append(CancerType(str(t["id"]), str(t["title"]), tuple(t["subtypes"]),
                                tuple(tuple(str(r) for r in group) for group in needs)))
    if errors:
        raise DataErrors(errors)
    return filters, types


def _rel(target: str, page_src: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def by_type_markdown(registry: Registry, page_src: str, pages: dict[str, str], anchored: set[str],
                     href: Callable[[Drug], str]) -> tuple[str, list[Drug]]:
    """pages: class id -> its class page (drugtables.class_pages); anchored: drugs whose row id the page
    already has (ids once per page); href: where names link."""
    filters, types = load_types(registry)
    shown: list[Drug] = []
    out = []
    for t in types:
        drugs = [d for d in registry.drugs if set(d.subtypes) & set(t.subtypes)]
        needs = ";".join(" ".join(group) for group in t.needs)
        out.append(f'<section class="cancer-type" id="type-{html.escape(t.id)}" data-needs="{html.escape(needs)}" markdown>\n')
        out.append(f"## {html.escape(t.title)}\n")
        out.append(f"Options your care team may discuss for this type. Which ones fit you depends on your tests, "
                   f"the treatments you have had and your wishes. Read about [the tests]({_rel(TESTS_PAGE, page_src)}).\n")
        if not drugs:
            out.append("No medicine in this guide is listed for this type yet.\n")
        by_class: dict[str, list[Drug]] = {}
        for d in drugs:
            by_class.setdefault(d.drug_class.id, []).append(d)
        for class_id, group in sorted(by_class.items(), key=lambda kv: registry.classes[kv[0]].name.lower()):
            cls = registry.classes[class_id]
            label = html.escape(cls.name[0].upper() + cls.name[1:])
            # The class name leads to its table on the class page, not to the page's top.
            link = (f"[{label}]({_rel(pages[class_id], page_src)}#{class_anchor(registry, class_id)})"
                    if class_id in pages else label)
            out.append(f"**{link}**\n")
            out.append(_table(registry, sorted(group, key=lambda d: d.display.lower()), False, anchored, href) + "\n")
            shown.extend(d for d in group if d not in shown)
        out.append("</section>\n")
    return "\n".join(out), shown


def filter_form(registry: Registry) -> str:
    """The filter's checkboxes (hidden until its script runs, so readers without JavaScript see every section)."""
    filters, _ = load_types(registry)
    boxes = "\n".join(f'<label><input type="checkbox" value="{html.escape(fid)}"> {html.escape(label)}</label>'
                      for fid, label in filters.items())
    return (f'<form class="type-filter" hidden aria-label="Show the types that match my test results">\n'
            f'<fieldset><legend>My test results (tick all that apply)</legend>\n{boxes}\n</fieldset>\n'
            f'<p class="type-filter__status" role="status" aria-live="polite"></p>\n</form>\n')
