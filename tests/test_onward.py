"""Readers find their way (issue #13): every content page links on to another (NAV002), each source
in a page's list links back to where it is first cited, and the "Get support" box signposts the NCI
Cancer Information Service, with its citation and source, wherever its marker is."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build
from mbcguide.callouts import MARKER_RE, load_callouts
from mbcguide.checker.run import check_files, load_context
from mbcguide.citations import render
from mbcguide.sources import Source, load_sources

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
SUPPORT = load_callouts()["get-support"]
MARKED = sorted(rel for rel in PAGES if "get-support" in MARKER_RE.findall((DOCS / rel).read_text(encoding="utf-8")))


def built(site: Path, rel: str) -> str:
    url = "" if rel == "index.md" else rel.removesuffix(".md") + "/"
    return (site / url / "index.html").read_text(encoding="utf-8")


# --- Back links from the source list -------------------------------------------------------------

class Citations(HTMLParser):
    """Every id on the page, the citation links in document order, and each source list entry with its
    back links, read as a browser reads the page (comments are not elements)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.cites: list[tuple[str, str | None]] = []  # (href, id) of each <sup class="cite"><a>
        self.entries: list[dict] = []  # {"id", "back": [(href, aria-label, text)]}
        self._sup = self._list = False
        self._back: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        classes = (a.get("class") or "").split()
        if tag == "sup" and "cite" in classes:
            self._sup = True
        elif tag == "a" and self._sup:
            self.cites.append((a.get("href", ""), a.get("id")))
        elif tag == "ol" and "page-sources" in classes:
            self._list = True
        elif tag == "li" and self._list:
            self.entries.append({"id": a.get("id"), "back": []})
        elif tag == "a" and self._list and "src-back" in classes:
            self._back = [a.get("href", ""), a.get("aria-label", ""), ""]
            self.entries[-1]["back"].append(self._back)

    def handle_data(self, data):
        if self._back is not None:
            self._back[2] += data

    def handle_endtag(self, tag):
        if tag == "sup":
            self._sup = False
        elif tag == "ol":
            self._list = False
        elif tag == "a":
            self._back = None


def read_citations(html: str) -> Citations:
    parser = Citations()
    parser.feed(html)
    return parser


def back_link_problems(html: str) -> list[str]:
    """What is wrong with a page's back links: each cited source's entry has exactly one, it names
    the entry's number, and it points at an id that exists once and is that source's first citation."""
    page = read_citations(html)
    problems = []
    first: dict[str, str | None] = {}
    for href, anchor in page.cites:
        first.setdefault(href.removeprefix("#src-"), anchor)
    for n, entry in enumerate(page.entries, start=1):
        sid = (entry["id"] or "").removeprefix("src-")
        backs = entry["back"]
        if sid not in first:
            if backs:
                problems.append(f"source {n} ({sid}) is never cited but has a back link")
            continue
        if len(backs) != 1:
            problems.append(f"source {n} ({sid}) is cited but has {len(backs)} back links")
            continue
        href, label, text = backs[0]
        target = href.removeprefix("#")
        if not href.startswith("#") or page.ids.count(target) != 1:
            problems.append(f"source {n} ({sid}): back link {href} points at no single id on the page")
        elif first[sid] != target:
            problems.append(f"source {n} ({sid}): back link {href} is not its first citation (that has id {first[sid]!r})")
        if not (text.strip() and re.search(rf"\bsource {n}\b", label) and "first cited" in label):
            problems.append(f"source {n} ({sid}): back link needs a visible mark and a name like "
                            f"'Back to where source {n} is first cited', not {label!r}")
    return problems


@pytest.mark.parametrize("rel", PAGES)
def test_every_back_link_points_at_the_first_citation_of_its_source(built_site, rel):
    assert back_link_problems(built(built_site, rel)) == []


def test_back_links_are_on_the_pages_and_in_the_drug_tables(built_site):
    """Not vacuous: cited sources have back links, and so do the sources cited only in drug-table rows."""
    parsed = [read_citations(built(built_site, rel)) for rel in PAGES]
    cited = [page for page in parsed if page.cites]
    assert cited and all(any(e["back"] for e in page.entries) for page in cited)
    drug_rows = [e for page in parsed for e in page.entries if e["id"].startswith("src-drug-")]
    assert drug_rows and all(e["back"] for e in drug_rows)


@pytest.mark.parametrize("broken, expected", [
    (lambda html: html.replace('id="cite-', 'id="citation-'), "points at no single id"),  # ids renamed
    (lambda html: re.sub(r'(<sup class="cite"><a href="#src-([a-z0-9-]+)")(?! id=)',  # every citation gets the id
                         r'\1 id="cite-\2"', html), "points at no single id"),
    (lambda html: re.sub(r' <a class="src-back"[^>]*>[^<]*</a>', "", html, count=1), "has 0 back links"),
    (lambda html: html.replace("is first cited", "is cited"), "needs a visible mark and a name"),
])
def test_the_back_link_check_fails_when_the_links_are_broken(built_site, broken, expected):
    html = built(built_site, "index.md")
    assert back_link_problems(html) == []
    assert any(expected in p for p in back_link_problems(broken(html)))


def test_a_later_citation_with_the_id_is_caught():
    """Moving the id from the first citation to a later one is caught, not only a missing id."""
    known = {"a": Source("a", "Title A", "Pub", "https://example.org/a"), "b": Source("b", "Title B", "Pub", "https://example.org/b")}
    html = render("One [@a]. Two [@b]. Three [@a].\n", "x.md", "One [@a]. Two [@b]. Three [@a].\n", ["a", "b"], known, [])
    assert back_link_problems(html) == []
    first, second, rest = html.replace(' id="cite-a"', "", 1).split('href="#src-a" aria-label')
    moved = first + 'href="#src-a" aria-label' + second + 'href="#src-a" id="cite-a" aria-label' + rest
    assert "not its first citation" in " ".join(back_link_problems(moved))


def test_source_list_escapes_data_and_skips_uncited_and_commented_sources():
    known = {"a": Source("a", 'A & "B" <i>', "Pub <b>", "https://example.org/a?x=1&y=2"),
             "b": Source("b", "Only in a comment", "Pub", "https://example.org/b"),
             "c": Source("c", "Never cited", "Pub", "https://example.org/c")}
    text = "<!-- first [@b] -->\nFact. [@a] Again. [@a]\n"
    html = render(text, "x.md", "Fact. [@a] Again. [@a]\n", ["a", "b", "c"], known, [])
    assert "&lt;i&gt;" in html and "Pub &lt;b&gt;" in html and "x=1&amp;y=2" in html and "<i>" not in html
    assert html.count('id="cite-a"') == 1 and "[@b]" in html  # the comment is left as written
    entries = {e["id"]: e["back"] for e in read_citations(html).entries}
    assert entries["src-a"][0][0] == "#cite-a" and entries["src-b"] == [] and entries["src-c"] == []
    assert back_link_problems(html) == []


# --- The "Get support" box -----------------------------------------------------------------------

def test_get_support_is_on_the_home_page_and_the_support_pages():
    assert "index.md" in MARKED and {"living/feelings.md", "living/caregivers.md"} <= set(MARKED)
    assert SUPPORT.sources, "the box states facts, so it cites its sources"
    assert "1-800-4-CANCER (1-800-422-6237)" in SUPPORT.text and "living/where-to-get-help.md" in SUPPORT.text


@pytest.mark.parametrize("rel", MARKED)
def test_each_marked_page_shows_the_box_with_its_citation_and_source(built_site, rel):
    html = built(built_site, rel)
    box = re.search(r'<div class="admonition get-support">\s*<p class="admonition-title">(.*?)</p>(.*?)</div>', html, re.S)
    assert box and box.group(1) == SUPPORT.title, f"{rel}: no get-support box"
    assert re.search(r'href="(?:\.\./)*(?:living/)?where-to-get-help/"', box.group(2)), f"{rel}: no link to Where to get help"
    listed = re.search(r'<ol class="page-sources">(.*?)</ol>', html, re.S).group(1)
    for sid in SUPPORT.sources:
        assert f'<sup class="cite"><a href="#src-{sid}"' in box.group(2), f"{rel}: the box does not cite {sid}"
        assert f'<li id="src-{sid}">' in listed, f"{rel}: {sid} is not in the page's sources"
        assert listed.count(f'<li id="src-{sid}">') == 1


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test edit no longer matches {path.name}: {old!r}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_a_callout_citing_a_source_it_does_not_list_fails_the_build_and_the_check(project_copy, tmp_path):
    callouts = project_copy / "data" / "callouts.yml"
    sid = SUPPORT.sources[0]
    text = _edit(callouts, f"    sources: [{sid}]\n", "")
    line = next(i for i, l in enumerate(text.split("\n"), 1) if f"[@{sid}]" in l)
    where = rf"data/callouts\.yml:{line}:\d+: callout 'get-support' cites \[@{sid}\]"
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0 and re.search(where, result.stderr), result.stderr[-2000:]
    check = subprocess.run([sys.executable, str(project_copy / "scripts" / "check_docs.py")], cwd=project_copy,
                           capture_output=True, text=True)
    assert check.returncode == 1, check.stderr
    assert re.search(rf"^data/callouts\.yml:{line}:\d+: DATA001 callout 'get-support' cites \[@{sid}\]",
                     check.stdout, re.M), check.stdout


def test_a_misspelt_callout_marker_fails_the_build_and_the_check(project_copy, tmp_path):
    """A typo in a marker would leave an invisible comment and drop the box: both tools name the line."""
    page = project_copy / "docs" / MARKED[0]
    text = _edit(page, "<!-- get-support -->", "<!-- get-suport -->")
    line = next(i for i, l in enumerate(text.split("\n"), 1) if "<!-- get-suport -->" in l)
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0, "the build ignored a misspelt marker"
    assert f"docs/{MARKED[0]}:{line}:1: <!-- get-suport --> names no callout" in result.stderr, result.stderr[-2000:]
    assert "did you mean <!-- get-support -->?" in result.stderr
    check = subprocess.run([sys.executable, str(project_copy / "scripts" / "check_docs.py")], cwd=project_copy,
                           capture_output=True, text=True)
    assert check.returncode == 1, check.stderr
    assert re.search(rf"^docs/{re.escape(MARKED[0])}:{line}:1: SAFE003 ", check.stdout, re.M), check.stdout


def test_a_callout_listing_an_unknown_source_is_a_located_data_error(project_copy):
    callouts = project_copy / "data" / "callouts.yml"
    sid = SUPPORT.sources[0]
    text = _edit(callouts, f"    sources: [{sid}]\n", f"    sources: [{sid}x]\n")
    line = next(i for i, l in enumerate(text.split("\n"), 1) if f"sources: [{sid}x]" in l)
    check = subprocess.run([sys.executable, str(project_copy / "scripts" / "check_docs.py")], cwd=project_copy,
                           capture_output=True, text=True)
    assert check.returncode == 1, check.stderr
    assert re.search(rf"^data/callouts\.yml:{line}:\d+: DATA001 callout 'get-support': unknown source id '{sid}x'; "
                     rf"did you mean '{sid}'\?", check.stdout, re.M), check.stdout


def test_a_page_with_the_marker_needs_no_front_matter_entry_for_the_box_source():
    """The home page does not list the box's source itself: the build adds it (and nothing else does)."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert not set(SUPPORT.sources) & set(yaml.safe_load(index.split("---")[1])["sources"])
    assert set(SUPPORT.sources) <= set(load_sources())


# --- NAV002: what counts as a link onward --------------------------------------------------------

TODAY = dt.date.today()
FRONT = ("---\ntitle: {title}\ndescription: A page used by the NAV002 tests, with valid front matter and one source.\n"
         f"last_reviewed: {TODAY}\nnext_review: {TODAY + dt.timedelta(days=300)}\nsources: [nci-mbc]\n{{extra}}---\n\n# {{title}}\n\n")


def title_line(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("# "))


def _site(tmp_path: Path, pages: dict[str, tuple[str, str]]) -> list:
    """NAV002 findings (page, line, rule) on a small site with a nav of all its pages, and the title lines."""
    docs = tmp_path / "docs"
    for rel, (extra, body) in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(FRONT.format(title=Path(rel).stem.title(), extra=extra) + body + "\n")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "x", "nav": sorted(pages)}))
    return [(Path(f.path).relative_to(docs).as_posix(), f.line, f.rule)
            for f in check_files(sorted(docs.rglob("*.md")), load_context(docs)) if f.rule == "NAV002"]


def test_only_a_link_in_the_text_to_another_content_page_counts(tmp_path):
    found = _site(tmp_path, {
        "index.md": ("", "Welcome."),  # the home page: not a content page
        "about.md": ("policy: true\n", "Who we are."),  # a site-policy page: not a content page
        "good.md": ("", "Read about [the topic](topic.md)."),
        "topic.md": ("", "Back to [the good page](good.md#good)."),
        "related.md": ("related: [good.md]\n", "<!-- get-help -->\nOnly the build's Related pages and callout."),
        "policy-only.md": ("", "See [the home page](index.md) and [about us](about.md)."),
        "images.md": ("", "![A picture of a page](good.md) and [this page](images.md#images)."),
    })
    docs = tmp_path / "docs"
    assert found == [(rel, title_line((docs / rel).read_text()), "NAV002") for rel in ("images.md", "policy-only.md", "related.md")]


def test_nav002_text_output_points_at_the_title_with_an_example_link(tmp_path):
    docs = tmp_path / "docs"
    (docs / "living").mkdir(parents=True)
    (docs / "symptoms.md").write_text(FRONT.format(title="Symptoms and when to get help", extra="")
                                      + "See [the feelings page](living/feelings.md).\n")
    (docs / "living" / "feelings.md").write_text(FRONT.format(title="Feelings", extra="") + "No way on.\n")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "x", "nav": ["symptoms.md", "living/feelings.md"]}))
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_docs.py"), str(docs)], capture_output=True, text=True)
    line = title_line((docs / "living" / "feelings.md").read_text())
    assert out.returncode == 1
    assert out.stdout.splitlines()[0].endswith(
        f"living/feelings.md:{line}:1: NAV002 link to at least one other page of the guide in the text, "
        "e.g. [Symptoms and when to get help](../symptoms.md) "
        "(the Related pages list, the get-help box and the footer do not count)")


# --- In a browser: the box and the back links pass axe, and the back link is a 24 px target --------

@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_box_and_back_links_pass_axe_and_are_big_enough(browser, server, scheme):
    from test_accessibility import RUN_AXE, WCAG_TAGS, EXTRA_RULES
    from mbcguide.browser import AXE_JS

    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing; run 'npm ci'")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for rel in MARKED:
        page.goto(server + ("" if rel == "index.md" else rel.removesuffix(".md") + "/"), wait_until="load")
        page.evaluate("() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n}")
        found[rel] = [v["id"] for v in page.evaluate(RUN_AXE, [WCAG_TAGS, EXTRA_RULES])]
        assert page.locator(".admonition.get-support").is_visible()
        backs = page.locator(".page-sources a.src-back")
        assert backs.count() > 0
        for i in range(backs.count()):
            box = backs.nth(i).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (rel, i, box)
        backs.first.click()
        target = backs.first.get_attribute("href")
        assert page.evaluate("location.hash") == target
    context.close()
    assert not {k: v for k, v in found.items() if v}, found
