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
