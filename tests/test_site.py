"""The site builds strictly, every page is complete, and bad pages stop the build."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from conftest import ROOT, build
from mbcguide.errors import DataErrors
from mbcguide.frontmatter import parse_front_matter
from mbcguide.readability import page_grades
from mbcguide.sources import load_sources

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def nav_files(nav) -> list[str]:
    out = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out.extend(nav_files(value) if isinstance(value, list) else [value])
    return out


def page_url(rel: str) -> str:
    return "" if rel == "index.md" else rel.removesuffix(".md") + "/"


def test_strict_build_passes(built_site):
    assert (built_site / "index.html").exists()


@pytest.mark.parametrize("rel", PAGES)
def test_front_matter_is_complete_and_valid(rel):
    path = DOCS / rel
    meta = parse_front_matter(path, path.read_text(encoding="utf-8"), set(load_sources()), today=dt.date.today())
    assert meta["last_reviewed"] < meta["next_review"] <= meta["last_reviewed"] + dt.timedelta(days=366)
    assert 50 <= len(meta["description"]) <= 160


def test_every_page_is_in_the_nav():
    nav = nav_files(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"])
    assert sorted(nav) == PAGES


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_shows_sources_review_dates_disclaimer_and_description(built_site, rel):
    html = (built_site / page_url(rel) / "index.html").read_text(encoding="utf-8")
    sources = re.search(r'<ol class="page-sources">(.*?)</ol>', html, re.S)
    assert sources and re.search(r'<li id="src-[^"]+">[^<]*<a href="https://', sources.group(1))
    assert "Last reviewed <time" in html and "Next review due <time" in html
    assert 'class="disclaimer"' in html and "not medical advice" in html
    assert re.search(r'<meta name="description" content="[^"]{50,}"', html)


@pytest.mark.parametrize("rel", PAGES)
def test_every_figure_cites_a_source_listed_on_its_page(built_site, rel):
    html = (built_site / page_url(rel) / "index.html").read_text(encoding="utf-8")
    cited = set(re.findall(r'<sup class="cite"><a href="#(src-[^"]+)"', html))
    listed = set(re.findall(r'<li id="(src-[^"]+)"', html))
    assert cited <= listed


# An asset another host serves: a script, image, frame or stylesheet (not a canonical link or an <a href>).
EXTERNAL_ASSET_RE = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="https?://'
                               r'|<link\b[^>]*\brel="(?:stylesheet|preload|modulepreload|preconnect|icon)"[^>]*\bhref="https?://')


def test_no_page_loads_third_party_assets(built_site):
    for page in built_site.rglob("*.html"):
        found = EXTERNAL_ASSET_RE.search(page.read_text(encoding="utf-8"))
        assert not found, (page, found and found.group(0))


def test_reading_grade_is_at_most_10_on_every_page(built_site):
    grades = page_grades(built_site)
    assert len(grades) == len(PAGES) - 2  # all but the generated glossary and sources lists
    hard = {page: g for page, g in grades.items() if g > 10}
    assert not hard, f"pages above reading grade 10: {hard}"


# --- the article's facts (tests/data/article_facts.yml), each found on its page -------------

FACTS = yaml.safe_load((ROOT / "tests" / "data" / "article_facts.yml").read_text(encoding="utf-8"))["facts"]


@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_article_fact_is_on_the_site(built_site, fact):
    html = (built_site / page_url(fact["page"]) / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    for pattern in fact["find"]:
        assert re.search(pattern, text, re.I), f"{fact['id']}: {pattern!r} not found on {fact['page']}"
    for pattern in fact.get("not", []):
        assert not re.search(pattern, text, re.I), f"{fact['id']}: outdated {pattern!r} stated on {fact['page']}"


# --- bad input stops the build, naming the file ----------------------------------------------

def _break_and_build(project, tmp_path, rel, old, new):
    page = project / "docs" / rel
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = build(project, tmp_path / "out")
    return result.returncode, result.stdout + result.stderr


def test_page_without_front_matter_fails_the_build(project_copy, tmp_path):
    page = project_copy / "docs" / "treatment" / "chemotherapy.md"
    page.write_text(page.read_text().split("---\n", 2)[2])
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "treatment/chemotherapy.md:1:1: page has no front matter" in result.stdout + result.stderr


def _front_line(rel: str, key: str) -> tuple[int, str]:
    """(line number, text) of a front matter key on a page as it is now (dates change at each review)."""
    lines = (DOCS / rel).read_text(encoding="utf-8").split("\n")
    return next((i, line) for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_invalid_date_fails_the_build(project_copy, tmp_path):
    n, line = _front_line("about.md", "last_reviewed")
    code, out = _break_and_build(project_copy, tmp_path, "about.md", line, "last_reviewed: 2026-13-01")
    assert code != 0 and f"about.md:{n}:1: last_reviewed: '2026-13-01' is not a date" in out


def test_review_gap_over_12_months_fails_the_build(project_copy, tmp_path):
    n, line = _front_line("about.md", "next_review")
    last = dt.date.fromisoformat(_front_line("about.md", "last_reviewed")[1].split(":", 1)[1].strip())
    too_late = last + dt.timedelta(days=400)
    code, out = _break_and_build(project_copy, tmp_path, "about.md", line, f"next_review: {too_late}")
    assert code != 0 and f"about.md:{n}:1: next_review is" in out


def test_page_missing_from_nav_fails_the_build(project_copy, tmp_path):
    extra = project_copy / "docs" / "orphan.md"
    extra.write_text((DOCS / "about.md").read_text())
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0 and "orphan.md" in result.stdout + result.stderr


def test_broken_internal_link_fails_the_build(project_copy, tmp_path):
    code, out = _break_and_build(project_copy, tmp_path, "index.md", "(understanding/types.md)", "(understanding/typos.md)")
    assert code != 0 and "understanding/typos.md" in out


def test_citation_not_in_front_matter_fails_the_build(project_copy, tmp_path):
    code, out = _break_and_build(project_copy, tmp_path, "about.md", "## Who writes it", "[@nci-mbc]\n\n## Who writes it")
    assert code != 0 and "about.md" in out and "[@nci-mbc] is not a source of this page" in out


def test_front_matter_errors_name_every_bad_line():
    text = "---\ntitle: X\ndescription: short\nlast_reviewed: 2026-01-01\nnext_review: 2025-01-01\nsources: [nope]\n---\n"
    with pytest.raises(DataErrors) as err:
        parse_front_matter(DOCS / "x.md", text, {"nci-mbc"})
    lines = [(e.line, e.message.split(":")[0]) for e in err.value.errors]
    assert (3, "description") in lines and (5, "next_review must be after last_reviewed") in lines
    assert any(line == 6 and "unknown source id 'nope'" in msg for line, msg in
               [(e.line, e.message) for e in err.value.errors])


# --- `mkdocs serve` with a broken data file ------------------------------------------------------

def test_serve_shows_a_data_error_on_the_page_and_keeps_serving(monkeypatch):
    import sys

    from mbcguide import site
    from mbcguide.errors import DataError

    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    try:
        import site_data
    finally:
        sys.path.remove(str(ROOT / "overrides" / "hooks"))
    site.reload()  # the last good data
    CONFIG = {"config_file_path": str(ROOT / "mkdocs.yml")}  # on_config reads the data beside it
    error = DataError("data/drugs.yml", 12, "malformed YAML: <oops>; fix the indentation or quoting", 3)

    def broken(data_dir=None):
        raise error
    monkeypatch.setattr(site, "reload", broken)
    site_data.on_startup("build", dirty=False)
    with pytest.raises(Exception, match="bad data file"):  # a build stops
        site_data.on_config(CONFIG)
    site_data.on_startup("serve", dirty=False)
    site_data.on_config(CONFIG)  # serve goes on, showing the error
    page = site_data.on_post_page("<html><body class=x><p>Text</p></body></html>", None, {})
    assert page.startswith('<html><body class=x><div role="alert"')
    assert "data/drugs.yml:12:3: malformed YAML: &lt;oops&gt;" in page
    monkeypatch.undo()
    site_data.on_config(CONFIG)  # fixed: the banner goes away
    assert site_data.on_post_page("<body><p>Text</p></body>", None, {}) == "<body><p>Text</p></body>"
    site_data.on_startup("build", dirty=False)
