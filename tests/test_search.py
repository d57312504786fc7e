"""Search in Chromium: each published query (tests/data/search_queries.yml) lists its page first,
and the glossary and sources pages never come first for a content query."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
import yaml

from conftest import ROOT

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
