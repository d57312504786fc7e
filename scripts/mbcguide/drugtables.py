"""Drug tables generated from the registry, so pages cannot drift from it.

A page asks for a table with an HTML comment, invisible in other Markdown viewers:
    <!-- drugs: class=cdk46-inhibitor -->      one class
    <!-- drugs: subtype=her2-positive -->     every drug used for one subtype
    <!-- drugs: all -->                       every drug, grouped by class

The table is written as HTML with every registry value escaped (data files come from strangers'
pull requests), not as Markdown, which would pass any HTML in a value straight through.
"""
from __future__ import annotations

import re
from html import escape

from .errors import DataError
from .registry import Drug, Registry

MARKER_RE = re.compile(r"^<!--[ \t]*drugs:[ \t]*(.*?)[ \t]*-->[ \t]*$", re.M)


def drug_source_id(drug: Drug) -> str:
    return f"drug-{drug.slug}"


def drug_anchor(drug: Drug) -> str:
    """The id of the drug's row in the first table that shows it on a page (search links there)."""
    return f"drug-{drug.slug}"


def _select(registry: Registry, spec: str) -> list[Drug] | None:
    if spec in ("all", "by-type"):  # by-type: the sections of "Treatment options by type" (mbcguide.bytype)
        return list(registry.drugs)
    key, _, value = spec.partition("=")
    if key == "class" and value in registry.classes:
        return [d for d in registry.drugs if d.drug_class.id == value]
    if key == "subtype" and value in registry.subtypes:
        return [d for d in registry.drugs if value in d.subtypes]
    return None


def _row(cells: list[tuple[str, str]]) -> str:
    """One table row; data-label names each cell's column (for narrow screens and screen readers)."""
    return "<tr>" + "".join(f'<td data-label="{escape(label)}">{cell}</td>' for label, cell in cells) + "</tr>"


def _table(registry: Registry, drugs: list[Drug], with_class: bool, anchored: set[str]) -> str:
    labels = ["Medicine", *(["Kind of drug"] if with_class else []), "How it is given", "Used for"]
    rows = []
    for d in drugs:
        anchor = "" if d.slug in anchored else f'<span id="{escape(drug_anchor(d))}"></span>'  # ids are unique per page
        anchored.add(d.slug)
        # The row says what the drug's glossary entry says, so its name is not linked there.
        # The [@drug-...] token is expanded into a numbered citation by the citations hook.
        shown_name = (f"<strong>{escape(d.generic)}</strong>" if d.generic_first
                      else f"<strong>{escape(d.brand)}</strong> ({escape(d.generic)})")
        name = f'{anchor}<span class="no-glossary">{shown_name}</span>'
        cells = [name, *([escape(d.drug_class.name)] if with_class else []), escape(registry.routes[d.route]),
                 f"{escape(d.use)} [@{drug_source_id(d)}]"]
        rows.append(_row(list(zip(labels, cells))))
    head = "<tr>" + "".join(f"<th>{escape(label)}</th>" for label in labels) + "</tr>"
    # One raw HTML block (no blank lines inside), so Markdown leaves it as it is.
    return "<table>\n<thead>\n" + head + "\n</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def expand(markdown: str, registry: Registry, path: str, line_offset: int = 0,
           page_src: str = "") -> tuple[str, list[Drug]]:
    """Replace every marker with its table; return (markdown, drugs shown). Unknown specs raise DataError."""
    shown: list[Drug] = []
    anchored: set[str] = set()

    def replace(m: re.Match) -> str:
        spec = m.group(1)
        if spec == "by-type":  # the sections of "Treatment options by type of breast cancer"
            from .bytype import by_type_markdown, filter_form
            from .paths import DOCS
            sections, drugs = by_type_markdown(registry, page_src or path, DOCS)
            shown.extend(d for d in drugs if d not in shown)
            return filter_form(registry) + "\n" + sections
        drugs = _select(registry, spec)
        if not drugs:
            line = markdown.count("\n", 0, m.start()) + 1 + line_offset
            raise DataError(path, line, f"unknown drug table {spec!r}; use 'all', 'class=ID' "
                                        f"({', '.join(registry.classes)}) or 'subtype=ID' ({', '.join(registry.subtypes)})")
        drugs.sort(key=lambda d: d.brand.lower())
        shown.extend(d for d in drugs if d not in shown)
        return _table(registry, drugs, with_class=not spec.startswith("class="), anchored=anchored)

    return MARKER_RE.sub(replace, markdown), shown
