"""Drug tables (issue #13, "Readers find their way"): one table per section of a class page, with
the same columns in every row; drug names that lead onward (to the drug's row on its class page, or
there to its glossary entry); registry values escaped; and on a phone, cards that screen readers
still read as a table. Every expectation comes from data/drugs.yml and the pages' markers."""
from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from conftest import ROOT, build
from mbcguide.browser import AXE_JS
from mbcguide.bytype import load_types
from mbcguide.drugtables import MARKER_RE, _table, class_pages, drug_anchor, expand
from mbcguide.errors import DataError
from mbcguide.registry import load_registry

DOCS = ROOT / "docs"
CLASS_PAGES = class_pages(DOCS)  # class id -> the page whose table is the class's home
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
# Pages with class tables (class pages, and others such as side effects that show a class).
CLASS_TABLE_PAGES = sorted(rel for rel in PAGES if any(m.group(1).startswith("class=") for m in
                                                       MARKER_RE.finditer((DOCS / rel).read_text(encoding="utf-8"))))
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def url_of(rel: str) -> str:
    """The directory URL of a docs page ('treatment/medicines.md' -> 'treatment/medicines/')."""
    return "" if rel == "index.md" else rel.removesuffix(".md") + "/"


def built(site: Path, rel: str) -> str:
    return (site / url_of(rel) / "index.html").read_text(encoding="utf-8")


class DrugTables(HTMLParser):
    """The drug tables of a page, read as a browser reads them: each with the heading it sits under,
    its header labels and rows of cells; and every id on the page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.ids: set[str] = set()
        self.section, self.heading, self._in_heading = 0, "", None
        self._table = self._row = self._cell = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.section, self.heading, self._in_heading = self.section + 1, "", tag
        elif tag == "table" and "drug-table" in (a.get("class") or "").split():
            self._table = {"section": self.section, "heading": self.heading.strip().rstrip("¶").strip(), "attrs": a, "head": [], "rows": []}
        elif self._table is None:
            return
        elif tag in ("thead", "tbody"):
            self._table["group" if tag == "thead" else "body"] = a
            self._table["in"] = tag
        elif tag == "tr":
            self._row = {"attrs": a, "cells": []}
        elif tag in ("th", "td") and self._row is not None:
            self._cell = {"tag": tag, "attrs": a, "text": "", "links": []}
        elif tag == "a" and self._cell is not None:
            self._cell["links"].append(a)

    def handle_endtag(self, tag):
        if tag == self._in_heading:
            self._in_heading = None
        if self._table is None:
            return
        if tag in ("th", "td") and self._cell is not None:
            self._row["cells"].append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self._table["head"] if self._table.get("in") == "thead" else self._table["rows"]).append(self._row)
            self._row = None
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._in_heading:
            self.heading += data
        if self._cell is not None:
            self._cell["text"] += data


def row_drug(row: dict) -> str | None:
    """The slug of the drug a row is about, from its citation (#src-drug-<slug>, or [@drug-<slug>] unexpanded)."""
    for cell in row["cells"]:
        for link in cell["links"]:
            if (link.get("href") or "").startswith("#src-drug-"):
                return link["href"].removeprefix("#src-drug-")
        m = re.search(r"\[@drug-([a-z0-9-]+)\]", cell["text"])
        if m:
            return m.group(1)
    return None


# --- One table per class section, the same columns in every row --------------------------------

def section_problems(html: str, registry) -> list[str]:
    """What is wrong with a page's drug tables: a section (the text under one heading) with more than
    one; rows whose cells do not match the header; a class split over tables or shown in part."""
    tables = DrugTables(html).tables
    problems = []
    by_section: dict[int, list[dict]] = {}
    for t in tables:
        by_section.setdefault(t["section"], []).append(t)
    for group in by_section.values():
        if len(group) > 1:
            problems.append(f"section {group[0]['heading']!r} has {len(group)} drug tables; put their markers "
                            f"together (only blank lines between) for one table, or give each its own heading")
    by_slug = {d.slug: d for d in registry.drugs}
    tables_of_class: dict[str, set[int]] = {}
    shown: dict[str, set[str]] = {}
    for i, t in enumerate(tables):
        labels = [c["text"].strip() for c in t["head"][0]["cells"]] if len(t["head"]) == 1 else []
        if not labels:
            problems.append(f"table {i + 1} has no single header row")
            continue
        for row in t["rows"]:
            slug = row_drug(row)
            cells = row["cells"]
            if slug not in by_slug:
                problems.append(f"table {i + 1}: a row names no registry drug ({slug!r})")
                continue
            if [c["tag"] for c in cells] != ["th", *["td"] * (len(labels) - 1)] or \
                    [c["attrs"].get("data-label") for c in cells[1:]] != labels[1:]:
                problems.append(f"table {i + 1}: the row of {slug} does not have the columns {labels}")
            cls = by_slug[slug].drug_class.id
            tables_of_class.setdefault(cls, set()).add(i)
            shown.setdefault(cls, set()).add(slug)
    for cls, found in tables_of_class.items():
        if len(found) > 1:
            problems.append(f"class {cls} is split over {len(found)} tables")
        expected = {d.slug for d in registry.drugs if d.drug_class.id == cls}
        if shown[cls] != expected:
            problems.append(f"class {cls}: the page shows {sorted(shown[cls])}, the registry has {sorted(expected)}")
    return problems


@pytest.mark.parametrize("rel", CLASS_TABLE_PAGES)
def test_each_section_has_one_drug_table_with_the_same_columns(built_site, registry, rel):
    html = built(built_site, rel)
    assert DrugTables(html).tables, f"{rel} has class markers but no drug table"
    assert section_problems(html, registry) == []


def test_class_pages_show_every_class_they_are_home_to(built_site, registry):
    """Not vacuous: every registry class has a page, and there its drugs fill exactly one table."""
    for cls in registry.classes:
        assert cls in CLASS_PAGES, f"no page has a table for class {cls}"
        tables = DrugTables(built(built_site, CLASS_PAGES[cls])).tables
        holding = [t for t in tables if any(row_drug(r) in {d.slug for d in registry.drugs if d.drug_class.id == cls}
                                            for r in t["rows"])]
        assert len(holding) == 1, f"class {cls} is in {len(holding)} tables on {CLASS_PAGES[cls]}"


def _render(md: str, registry, page_src: str) -> str:
    expanded, _ = expand(md, registry, page_src, page_src=page_src)
    return markdown.markdown(expanded, extensions=["md_in_html"])


def test_a_class_section_split_into_two_tables_is_caught(registry):
    """The issue's bug: one section, a table per class, columns that do not line up. Markers with only
    blank lines between them now make one table; words between them still make two, and are caught."""
    markers = "<!-- drugs: class=her2-antibody -->\n\n{}<!-- drugs: class=her2-kinase-inhibitor -->\n"
    page = "## HER2 medicines\n\nText.\n\n" + markers
    assert section_problems(_render(page.format(""), registry, "treatment/targeted-therapy.md"), registry) == []
    problems = section_problems(_render(page.format("More text.\n\n"), registry, "treatment/targeted-therapy.md"), registry)
    assert any("has 2 drug tables" in p for p in problems), problems


@pytest.mark.parametrize("broken, expected", [
    (lambda html: html.replace('<td role="cell" data-label="How it is given">', '<td role="cell">', 1), "does not have the columns"),
    (lambda html: re.sub(r'<tr role="row"><th scope="row".*?</tr>\n', "", html, count=1), "the registry has"),
])
def test_the_column_and_class_checks_can_fail(built_site, registry, broken, expected):
    html = built(built_site, "treatment/targeted-therapy.md")
    assert any(expected in p for p in section_problems(broken(html), registry))


def test_adjacent_class_markers_make_one_table(registry):
    """Class markers with only blank lines between them: one table, each class in the order written,
    a "Kind of drug" column saying which; anything else between them keeps the tables apart."""
    first, second = "her2-kinase-inhibitor", "her2-antibody"
    tables = DrugTables(_render(f"<!-- drugs: class={first} -->\n\n \n<!-- drugs: class={second} -->\n",
                                registry, "x.md")).tables
    assert len(tables) == 1
    classes = [next(d for d in registry.drugs if d.slug == row_drug(r)).drug_class.id for r in tables[0]["rows"]]
    expected = [d.drug_class.id for d in registry.drugs if d.drug_class.id in (first, second)]
    assert classes == sorted(expected, key=[first, second].index)  # all of both, grouped in the order written
    assert [c["text"] for c in tables[0]["head"][0]["cells"]][1] == "Kind of drug"
    one = DrugTables(_render(f"<!-- drugs: class={first} -->\n", registry, "x.md")).tables[0]
    assert "Kind of drug" not in [c["text"] for c in one["head"][0]["cells"]]  # one class: the page says which
    apart = f"<!-- drugs: class={first} -->\n\nText.\n\n<!-- drugs: class={second} -->\n"
    assert len(DrugTables(_render(apart, registry, "x.md")).tables) == 2
    with pytest.raises(DataError, match="unknown drug table 'class=nope'"):
        expand(f"<!-- drugs: class={first} -->\n<!-- drugs: class=nope -->\n", registry, "x.md")


# --- Drug names lead onward ---------------------------------------------------------------------

def link_problems(html: str, rel: str, site: Path, registry) -> list[str]:
    """Each drug name must be one plain link (not a glossary tooltip): on the drug's class page to its
    glossary entry, elsewhere to its row there; the target page and id must exist."""
    by_slug = {d.slug: d for d in registry.drugs}
    problems = []
    ids_of: dict[str, set[str]] = {}
    for t in DrugTables(html).tables:
        for row in t["rows"]:
            slug, name = row_drug(row), row["cells"][0]
            drug = by_slug.get(slug)
            if drug is None:
                problems.append(f"a row names no registry drug ({slug!r})")
                continue
            if name["tag"] != "th" or name["attrs"].get("scope") != "row" or len(name["links"]) != 1:
                problems.append(f"{slug}: the name should be a <th scope=row> with one link")
                continue
            link = name["links"][0]
            if "glossary-term" in (link.get("class") or "").split() or link.get("title"):
                problems.append(f"{slug}: the name is a glossary tooltip link, not a plain link")
            home = CLASS_PAGES.get(drug.drug_class.id)
            want = ("glossary/", slug) if home in (None, rel) else (url_of(home), f"drug-{slug}")
            path, _, fragment = (link.get("href") or "").partition("#")
            target = posixpath.normpath(posixpath.join(url_of(rel) or ".", path or "."))
            target = "" if target == "." else target + "/"
            if (target, fragment) != want:
                problems.append(f"{slug}: links to {link.get('href')!r} ({target}#{fragment}), "
                                f"should lead to {want[0]}#{want[1]}")
                continue
            if target not in ids_of:
                page = site / target / "index.html"
                ids_of[target] = DrugTables(page.read_text(encoding="utf-8")).ids if page.is_file() else set()
            if fragment not in ids_of[target]:
                problems.append(f"{slug}: {target} has no id {fragment!r}")
    return problems


@pytest.mark.parametrize("rel", PAGES)
def test_drug_names_lead_to_their_class_page_or_glossary_entry(built_site, registry, rel):
    assert link_problems(built(built_site, rel), rel, built_site, registry) == []


def test_every_kind_of_drug_table_has_name_links(built_site, registry):
    """Not vacuous: Medicines A to Z, a class page and the options by type all have rows checked above."""
    for rel in ("treatment/medicines.md", CLASS_PAGES["cdk46-inhibitor"], "treatment/options-by-type.md"):
        rows = [r for t in DrugTables(built(built_site, rel)).tables for r in t["rows"]]
        assert rows and all(len(r["cells"][0]["links"]) == 1 for r in rows), rel


CLASS_LABEL_RE = re.compile(r'<p><strong><a href="([^"#]*)#?([^"]*)">([^<]+)</a></strong></p>')


def class_label_problems(html: str, site: Path, registry) -> list[str]:
    """On "Treatment options by type" each class name above a table leads to that class's table on its
    class page: the page the class lives on, and the row id of one of its drugs there."""
    by_name = {c.name[0].upper() + c.name[1:]: c for c in registry.classes.values()}
    rel = "treatment/options-by-type.md"
    problems, labels = [], CLASS_LABEL_RE.findall(html)
    if not labels:
        return ["no class labels found"]
    for path, fragment, label in labels:
        cls = by_name.get(label)
        if cls is None:
            problems.append(f"{label!r} names no registry class")
            continue
        target = posixpath.normpath(posixpath.join(url_of(rel), path)) + "/"
        if target != url_of(CLASS_PAGES[cls.id]):
            problems.append(f"{label}: leads to {target}, not its class page {url_of(CLASS_PAGES[cls.id])}")
            continue
        page = (site / target / "index.html").read_text(encoding="utf-8")
        rows = {f"drug-{row_drug(r)}" for t in DrugTables(page).tables for r in t["rows"]
                if any(d.slug == row_drug(r) and d.drug_class.id == cls.id for d in registry.drugs)}
        if fragment not in rows or fragment not in DrugTables(page).ids:
            problems.append(f"{label}: #{fragment} is not a row of its table on {target}")
    return problems


def test_class_names_on_options_by_type_lead_to_their_table(built_site, registry):
    assert class_label_problems(built(built_site, "treatment/options-by-type.md"), built_site, registry) == []


def test_the_class_label_check_can_fail(built_site, registry):
    html = built(built_site, "treatment/options-by-type.md")
    top = re.sub(r'(<p><strong><a href="[^"#]*)#[^"]*(">)', r"\1\2", html, count=1)
    assert any("is not a row" in p for p in class_label_problems(top, built_site, registry))
    wrong = CLASS_LABEL_RE.sub(lambda m: m.group(0).replace("drug-", "drug-x", 1), html, count=1)
    assert any("is not a row" in p for p in class_label_problems(wrong, built_site, registry))


@pytest.mark.parametrize("broken, expected", [
    (lambda html: html.replace('href="../chemotherapy/#drug-', 'href="../hormone-therapy/#drug-', 1), "should lead to"),
    (lambda html: html.replace('href="../chemotherapy/#drug-', 'href="../chemotherapy/#drugs-', 1), "should lead to"),
    (lambda html: html.replace('<a href="../chemotherapy/#drug-', '<a class="glossary-term" href="../chemotherapy/#drug-', 1),
     "glossary tooltip"),
    (lambda html: html.replace('<th scope="row" role="rowheader">', '<td role="cell">', 1), "<th scope=row>"),
])
def test_the_link_check_can_fail(built_site, registry, broken, expected):
    html = built(built_site, "treatment/medicines.md")
    assert 'href="../chemotherapy/#drug-' in html
    assert any(expected in p for p in link_problems(broken(html), "treatment/medicines.md", built_site, registry))


def test_a_missing_row_anchor_is_caught(built_site, registry, tmp_path):
    """A link whose target page has lost the row's id is caught, not only a wrong address."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    chemo = site / url_of(CLASS_PAGES["chemotherapy"]) / "index.html"
    chemo.write_text(re.sub(r'<span id="drug-[a-z0-9-]+"></span>', "", chemo.read_text(encoding="utf-8")), encoding="utf-8")
    problems = link_problems(built(built_site, "treatment/medicines.md"), "treatment/medicines.md", site, registry)
    chemo_drugs = [d for d in registry.drugs if d.drug_class.id == "chemotherapy"]
    assert chemo_drugs and len(problems) == len(chemo_drugs)
    assert all(f"{url_of(CLASS_PAGES['chemotherapy'])} has no id 'drug-" in p for p in problems), problems


def test_a_build_from_another_docs_folder_links_drug_names_there(project_copy, tmp_path, registry):
    """Drug tables and the drugs' search entries find class pages in the folder being built (mkdocs.yml's
    docs_dir), not in the project's docs/: here there is no docs/ at all."""
    (project_copy / "docs").rename(project_copy / "content")
    config = project_copy / "mkdocs.yml"
    config.write_text("docs_dir: content\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = tmp_path / "site"
    result = build(project_copy, site)
    assert result.returncode == 0, result.stdout + result.stderr
    drug = next(d for d in registry.drugs if d.drug_class.id in CLASS_PAGES)
    home = url_of(CLASS_PAGES[drug.drug_class.id])
    medicines = (site / "treatment" / "medicines" / "index.html").read_text(encoding="utf-8")
    assert f'href="{posixpath.relpath(home, "treatment/medicines/")}/#{drug_anchor(drug)}"' in medicines
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert f"{home}#{drug_anchor(drug)}" in [d["location"] for d in index["docs"]]


def test_drug_tables_escape_registry_values(registry):
    """Registry values come from strangers' pull requests: none may become markup, in a cell or a link."""
    drug = registry.drugs[0]
    bad = dataclasses.replace(drug, brands=('<img src=x onerror="alert(1)">',), generic="x <b>y</b>",
                              use='"><script>alert(1)</script>',
                              drug_class=dataclasses.replace(drug.drug_class, name="<i>class</i>"))
    html = _table(registry, [bad], True, set(), lambda d: '"><script>alert(2)</script>')
    assert not re.search(r"<(img|script|b|i)\b", html), html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html and "&lt;i&gt;class&lt;/i&gt;" in html
    assert 'href="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


# --- On a phone: cards that are still a table -----------------------------------------------------

def expected_rows(rel: str, registry) -> int:
    """How many drug rows a page shows, from the registry: every drug on Medicines A to Z, each type's
    drugs on the options by type, each class's drugs on its class page."""
    if rel == "treatment/medicines.md":
        return len(registry.drugs)
    if rel == "treatment/options-by-type.md":
        return sum(sum(1 for d in registry.drugs if set(d.subtypes) & set(t.subtypes)) for t in load_types(registry)[1])
    return sum(1 for d in registry.drugs if CLASS_PAGES.get(d.drug_class.id) == rel)


PHONE_PAGES = ["treatment/medicines.md", CLASS_PAGES["cdk46-inhibitor"], "treatment/options-by-type.md"]

# Per drug table: what the accessibility tree holds, how the table is laid out and what the cards show.
TABLE_STATE = """tables => tables.map(t => ({
  display: getComputedStyle(t.querySelector('tbody tr')).display,
  theadBox: [t.tHead.getBoundingClientRect().width, t.tHead.getBoundingClientRect().height],
  scrolls: t.scrollWidth > t.clientWidth,
  labelsShown: [...t.querySelectorAll('td')].every(td =>
    getComputedStyle(td, '::before').content.includes(td.dataset.label)),
}))"""


def tree_problems(page, rows: int) -> list[str]:
    """Whether the page's drug tables are tables to screen readers: as many rows, row headers and cells
    as the registry says, and their column headers, found by role (Chromium's accessibility tree)."""
    problems, rowheaders = [], 0
    for i, table in enumerate(page.get_by_role("table").all()):
        counts = {role: table.get_by_role(role).count() for role in ("row", "rowheader", "columnheader", "cell")}
        rowheaders += counts["rowheader"]
        if not counts["columnheader"] or counts["row"] != counts["rowheader"] + 1 \
                or counts["cell"] != counts["rowheader"] * (counts["columnheader"] - 1):
            problems.append(f"table {i + 1}: {counts}")
    if rowheaders != rows:
        problems.append(f"{rowheaders} drug rows to screen readers, the registry says {rows}")
    return problems


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rel", PHONE_PAGES)
def test_phone_cards_are_still_tables_to_screen_readers(phone, server, registry, rel):
    phone.goto(server + url_of(rel), wait_until="load")
    assert tree_problems(phone, expected_rows(rel, registry)) == []
    for state in phone.locator("table.drug-table").evaluate_all(TABLE_STATE):
        assert state["display"] == "block", "rows should be cards on a phone"
        assert max(state["theadBox"]) <= 1, "the header row should be hidden from view (not from screen readers)"
        assert state["labelsShown"] and not state["scrolls"]


@pytest.mark.browser
@pytest.mark.parametrize("break_it", [
    "t => t.tHead.style.display = 'none'",  # the header row hidden from screen readers too
    "t => t.querySelector('tbody tr').setAttribute('role', 'presentation')",  # a row that is no row
], ids=["header-gone", "row-gone"])
def test_the_screen_reader_check_can_fail(phone, server, registry, break_it):
    rel = CLASS_PAGES["cdk46-inhibitor"]
    phone.goto(server + url_of(rel), wait_until="load")
    phone.locator("table.drug-table").first.evaluate(break_it)
    assert tree_problems(phone, expected_rows(rel, registry)) != []


@pytest.mark.browser
@pytest.mark.parametrize("width", [640, 1280])
def test_drug_tables_are_tables_that_fit_on_wider_screens(browser, server, width):
    """From 40em (640 px) up the rows are table rows again, and the widest table still fits its box."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(server + "treatment/medicines/", wait_until="load")
    states = page.locator("table.drug-table").evaluate_all(TABLE_STATE)
    page.close()
    assert states and all(s["display"] == "table-row" and not s["scrolls"] for s in states)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing; run 'npm ci' (make does this when npm is installed)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PHONE_PAGES)
def test_phone_cards_have_no_wcag_violations(browser, server, axe_source, scheme, rel):
    """The accessibility test runs at desktop width; the cards only exist on a phone."""
    from test_accessibility import violations

    context = browser.new_context(viewport=PHONE, is_mobile=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(server + url_of(rel), wait_until="load")
    found = violations(page, axe_source)
    context.close()
    assert not found, "\n".join(found)
