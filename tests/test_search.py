"""Search in Chromium: each published query (tests/data/search_queries.yml) lists its page first,
and the glossary and sources pages never come first for a content query."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
import yaml

from conftest import ROOT
from mbcguide.drugtables import page_url

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((ROOT / "tests" / "data" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def search_page(browser, server):
    page = browser.new_page()
    page.goto(server)
    yield page
    page.close()


def first_result(page, query: str) -> str:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=10)
    page.wait_for_function("q => document.querySelector('input.md-search__input').value === q", arg=query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(500)  # the search worker answers the last keystroke
    href = page.locator(".md-search-result__item a").first.get_attribute("href")
    return urlparse(page.evaluate("h => new URL(h, location.href).href", href)).path.lstrip("/")


def test_at_least_20_published_queries():
    assert len(QUERIES) >= 20


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_published_query_lists_its_page_first(search_page, case):
    got = first_result(search_page, case["query"])
    assert got == case["page"], f"{case['query']!r} -> {got}"
    assert not got.startswith(("glossary/", "sources/"))


def test_search_worker_wraps_the_theme_worker(built_site):
    """Every page runs search in javascripts/search-worker.js, which loads the theme's worker named in ?w=:
    after a theme upgrade that renames the worker, this fails instead of search silently breaking."""
    import json
    import re
    from urllib.parse import parse_qs, urlparse

    for page in sorted(built_site.rglob("index.html")):
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      page.read_text(encoding="utf-8"), re.S).group(1))
        url = urlparse(config["search"])
        worker = (page.parent / url.path).resolve()
        assert worker == (built_site / "javascripts" / "search-worker.js").resolve(), page
        theme_worker = built_site / "assets" / "javascripts" / "workers" / parse_qs(url.query)["w"][0]
        assert theme_worker.is_file(), f"{page}: {theme_worker} does not exist"


def test_index_leaves_out_generated_lists_but_keeps_every_page(built_site, page_urls):
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not [loc for loc in locations if loc.endswith(("#sources", "#related-pages"))]
    pages = {url for url in page_urls if (built_site / url / "index.html").is_file()} - {"404.html"}
    assert pages <= locations, pages - locations


def _search_words():
    from mbcguide.searchterms import load_search_words

    return load_search_words(ROOT / "docs")


def first_result_at_once(page, query: str) -> str:
    """The first result for a query pasted in one go (faster than typing it, for long lists), or
    "(nothing found)"."""
    results = results_at_once(page, query)
    return results[0] if results else "(nothing found)"


def results_at_once(page, query: str) -> list[str]:
    """Every result's address for a query pasted in one go."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=5000)
    box.fill(query[:-1])
    page.keyboard.type(query[-1])  # the theme searches on a key, not on a pasted value
    page.wait_for_function("""() => document.querySelector('.md-search-result__item')
        || document.querySelector('.md-search-result__meta').textContent.trim() ===
           JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']""",
                           timeout=5000)
    return page.locator(".md-search-result__item > a").evaluate_all(
        "as => as.map(a => a.pathname.replace(/^\\//, '') + a.hash)")


def test_every_phrase_in_the_data_file_lists_its_page_first(search_page):
    """What the data file promises, for every phrase a writer adds: little words and all
    ("living will" is not searched as "living")."""
    words = _search_words()
    wrong = [(phrase, got) for rel, phrases in words.pages.items() for phrase in phrases
             if (got := first_result_at_once(search_page, phrase)) != page_url(rel)]
    assert not wrong, f"phrase -> first result, not its page: {wrong}"


def test_a_readers_spelling_finds_what_the_pages_spelling_finds(search_page):
    words = _search_words()
    assert words.variants, "data/search_terms.yml lists no variants"
    wrong = [(word, got, want) for word, target in words.variants.items()
             if (got := first_result_at_once(search_page, word)) != (want := first_result_at_once(search_page, target))]
    assert not wrong, f"variant, its first result, the pages' word's: {wrong}"


def test_joined_phrases_never_show_as_missing_words(search_page):
    """The worker adds "_living_will" to a query; results that lack it must not say "Missing: _living_will"."""
    first_result_at_once(search_page, "what is a living will")
    shown = search_page.locator(".md-search-result del").evaluate_all(
        "ds => ds.filter(d => d.checkVisibility()).map(d => d.textContent)")
    assert search_page.locator(".md-search-result__item").count() > 1
    assert not [w for w in shown if "_" in w], shown


def test_a_curly_apostrophe_searches_like_a_straight_one(search_page):
    """Phone keyboards type "can’t"; the index has "can't"."""
    phrases = [p for ps in _search_words().pages.values() for p in ps if "'" in p]
    assert phrases, "no phrase in data/search_terms.yml has an apostrophe to try"
    for phrase in phrases:
        assert results_at_once(search_page, phrase.replace("'", "\u2019")) == results_at_once(search_page, phrase), phrase


def test_a_search_that_finds_nothing_says_what_to_try_and_where_to_get_help(search_page):
    assert first_result_at_once(search_page, "zzqxv") == "(nothing found)"
    message = search_page.locator(".md-search-result__meta").inner_text()
    assert "Try another word" in message and "call your care team" in message, message
