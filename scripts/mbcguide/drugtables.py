"""Drug tables generated from the registry, so pages cannot drift from it.

A page asks for a table with an HTML comment, invisible in other Markdown viewers:
    <!-- drugs: class=cdk46-inhibitor -->      one class
    <!-- drugs: subtype=her2-positive -->     every drug used for one subtype
    <!-- drugs: all -->                       every drug, grouped by class

Class markers with only blank lines between them make one table, with a "Kind of drug" column: a
section about several classes (HER2 antibodies and HER2 kinase inhibitors) gets one table with one
set of columns, not several short tables whose columns do not line up.

The table is written as HTML with every registry value escaped (data files come from strangers'
pull requests), not as Markdown, which would pass any HTML in a value straight through.

Each drug's name links onward: to its row on its class page (the first page with a class= marker
naming its class), or, on that page itself, to its glossary entry. These are plain links, not
glossary terms: a tooltip on every row would repeat what the row says.

On narrow screens extra.css shows each row as a card ("Drug tables: stacked cards"). Its
display:block can strip table semantics in some browsers, so every element carries its ARIA role,
and the drug's name is the row header (<th scope="row">).
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from .errors import DataError
from .registry import Drug, Registry

MARKER_RE = re.compile(r"^<!--[ \t]*drugs:[ \t]*(.*?)[ \t]*-->[ \t]*$", re.M)
GLOSSARY_URL = "glossary/"


def drug_source_id(drug: Drug) -> str:
    return f"drug-{drug.slug}"


def drug_anchor(drug: Drug) -> str:
    """The id of the drug's row in the first table that shows it on a page (search and names link there)."""
    return f"drug-{drug.slug}"


def class_anchor(registry: Registry, class_id: str) -> str:
    """Where a class's table starts on its class page: the row of its first drug (rows are by brand)."""
    first = min((d for d in registry.drugs if d.drug_class.id == class_id), key=lambda d: d.brand.lower())
    return drug_anchor(first)


def _select(registry: Registry, spec: str) -> list[Drug] | None:
    if spec in ("all", "by-type"):  # by-type: the sections of "Treatment options by type" (mbcguide.bytype)
        return list(registry.drugs)
    key, _, value = spec.partition("=")
    if key == "class" and value in registry.classes:
        return [d for d in registry.drugs if d.drug_class.id == value]
    if key == "subtype" and value in registry.subtypes:
        return [d for d in registry.drugs if value in d.subtypes]
    return None


def class_pages(docs: Path) -> dict[str, str]:
    """Drug class id -> the docs-relative page whose table shows that class (the first, in path order)."""
    return _marker_pages(docs, "class")


def all_drugs_page(docs: Path) -> str | None:
    """The first docs-relative page (in path order) with an <!-- drugs: all --> table, if any."""
    return _marker_pages(docs, "all").get("")


def _marker_pages(docs: Path, kind: str) -> dict[str, str]:
    """Marker value -> the first page (in path order) with a `kind` marker of that value ("" for none)."""
    pages: dict[str, str] = {}
    for page in sorted(docs.rglob("*.md")):
        for m in MARKER_RE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            key, _, value = m.group(1).partition("=")
            if key == kind:
                pages.setdefault(value, page.relative_to(docs).as_posix())
    return pages


def page_url(src: str) -> str:
    """The URL MkDocs (use_directory_urls) gives a docs-relative page: 'a/b.md' -> 'a/b/', 'index.md' -> ''."""
    stem = src.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return stem + "/" if stem else ""


def _relative(target: str, here: str) -> str:
    """Directory URL `target` relative to the page at directory URL `here` (both like 'a/b/')."""
    rel = posixpath.relpath(target or ".", here or ".")
    return "./" if rel == "." else rel + "/"


def name_links(page_src: str, pages: dict[str, str]) -> Callable[[Drug], str]:
    """Where each drug name in a table on `page_src` leads, as a URL relative to that page
    (`pages`: class_pages of the docs)."""
    here = page_url(page_src)

    def href(drug: Drug) -> str:
        page = pages.get(drug.drug_class.id)
        if page is None or page == page_src:  # on the class page, the row already explains the drug
            return _relative(GLOSSARY_URL, here) + "#" + drug.slug
        return _relative(page_url(page), here) + "#" + drug_anchor(drug)
    return href


def _table(registry: Registry, drugs: list[Drug], with_class: bool, anchored: set[str],
           href: Callable[[Drug], str]) -> str:
    labels = ["Medicine", *(["Kind of drug"] if with_class else []), "How it is given", "Used for"]
    rows = []
    for d in drugs:
        anchor = "" if d.slug in anchored else f'<span id="{escape(drug_anchor(d))}"></span>'  # ids are unique per page
        anchored.add(d.slug)
        # The [@drug-...] token is expanded into a numbered citation by the citations hook.
        shown_name = (f"<strong>{escape(d.generic)}</strong>" if d.generic_first
                      else f"<strong>{escape(d.brand)}</strong> ({escape(d.generic)})")
        cells = [*([escape(d.drug_class.name)] if with_class else []), escape(registry.routes[d.route]),
                 f"{escape(d.use)} [@{drug_source_id(d)}]"]
        # The name is the row header, so a card's title is what screen readers announce for the row.
        name = f'<th scope="row" role="rowheader">{anchor}<a href="{escape(href(d))}">{shown_name}</a></th>'
        # data-label names each cell's column: the cards show it, since their header row is hidden.
        rows.append(f'<tr role="row">{name}' + "".join(f'<td role="cell" data-label="{escape(label)}">{cell}</td>'
                                                       for label, cell in zip(labels[1:], cells)) + "</tr>")
    head = '<tr role="row">' + "".join(f'<th scope="col" role="columnheader">{escape(label)}</th>'
                                       for label in labels) + "</tr>"
    # One raw HTML block (no blank lines inside), so Markdown leaves it as it is.
    return ('<table class="drug-table" role="table">\n<thead role="rowgroup">\n' + head
            + '\n</thead>\n<tbody role="rowgroup">\n' + "\n".join(rows) + "\n</tbody>\n</table>")


def _runs(markdown: str) -> list[list[re.Match]]:
    """The markers in page order; class markers with only blank lines between them are one run (one table)."""
    runs: list[list[re.Match]] = []
    for m in MARKER_RE.finditer(markdown):
        last = runs[-1][-1] if runs else None
        if (last is not None and last.group(1).startswith("class=") and m.group(1).startswith("class=")
                and not markdown[last.end():m.start()].strip()):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def expand(markdown: str, registry: Registry, path: str, line_offset: int = 0,
           page_src: str = "", docs: Path | None = None) -> tuple[str, list[Drug]]:
    """Replace every marker with its table; return (markdown, drugs shown). Unknown specs raise DataError.

    page_src is the docs-relative page ('treatment/medicines.md'), for the links in the tables; docs is
    the folder being built or checked (default: the project's docs/), whose class pages they lead to."""
    runs = _runs(markdown)
    if not runs:
        return markdown, []
    from .paths import DOCS
    shown: list[Drug] = []
    anchored: set[str] = set()
    pages = class_pages(docs or DOCS)  # reads every page's markers, so only for pages with tables, and once
    href = name_links(page_src, pages)

    def table(run: list[re.Match]) -> str:
        if run[0].group(1) == "by-type":  # the sections of "Treatment options by type of breast cancer"
            from .bytype import by_type_markdown, filter_form
            sections, drugs = by_type_markdown(registry, page_src or path, pages, anchored, href)
            shown.extend(d for d in drugs if d not in shown)
            return filter_form(registry) + "\n" + sections
        drugs = []
        for m in run:  # a run of class markers: each class in the order written, by brand within it
            selected = _select(registry, m.group(1))
            if not selected:
                line = markdown.count("\n", 0, m.start()) + 1 + line_offset
                raise DataError(path, line, f"unknown drug table {m.group(1)!r}; use 'all', 'class=ID' "
                                            f"({', '.join(registry.classes)}) or 'subtype=ID' ({', '.join(registry.subtypes)})")
            drugs += sorted(selected, key=lambda d: d.brand.lower())
        shown.extend(d for d in drugs if d not in shown)
        one_class = len(run) == 1 and run[0].group(1).startswith("class=")
        return _table(registry, drugs, with_class=not one_class, anchored=anchored, href=href)

    out, pos = [], 0
    for run in runs:
        out += [markdown[pos:run[0].start()], table(run)]
        pos = run[-1].end()
    return "".join(out) + markdown[pos:], shown
