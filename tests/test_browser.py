"""What readers do, in a real browser: search, glossary tooltips (mouse, keyboard, touch), privacy.

Uses Debian's Chromium (/usr/bin/chromium) or a browser that Playwright installed on a laptop
(fixtures in conftest.py). Without any browser these tests are skipped with a reason, never passed.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_every_page_requests_only_the_local_server(browser, server, page_urls):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    for url in page_urls:
        page.goto(server + url, wait_until="networkidle")
    page.close()
    assert hosts == {urlparse(server).netloc}


TERMS_PAGE = "treatment/targeted-therapy/"
CDK_TERM = "article a.glossary-term[data-term=cdk46-inhibitor]"


@pytest.fixture
def terms_page(browser, server):
    """A desktop page with many glossary terms, closed even when a test fails."""
    page = browser.new_page()
    page.goto(server + TERMS_PAGE)
    yield page
    page.close()


TAP_HINT = "Tap the word again to read more in the glossary."


def _tooltip_text(page) -> str:
    tip = page.locator("#glossary-tip[role=tooltip]")
    tip.wait_for(state="visible", timeout=3000)
    return tip.inner_text()


def test_tooltip_on_hover(terms_page):
    page = terms_page
    link = page.locator(CDK_TERM)
    link.hover()
    text = _tooltip_text(page)
    assert "blocks CDK4 and CDK6" in text and TAP_HINT not in text  # a click follows the link: nothing to tell


def test_tooltip_on_keyboard_focus(terms_page):
    page = terms_page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('glossary-term')"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    text = _tooltip_text(page)
    assert "certain proteins" in text and TAP_HINT not in text
    page.keyboard.press("Enter")  # Enter follows the link, as on any link
    page.wait_for_url("**/glossary/#*", timeout=5000)


@pytest.fixture
def touch_page(browser, server):
    """A phone with a touch screen on the page with many terms, closed even when a test fails."""
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(server + TERMS_PAGE)
    yield page
    context.close()


def _tap_hint(page):
    return page.locator("#glossary-tip .glossary-tip-hint")


def test_tooltip_on_touch_says_a_second_tap_opens_the_glossary_and_it_does(touch_page):
    page = touch_page
    link = page.locator(CDK_TERM)
    link.scroll_into_view_if_needed()
    link.tap()
    text = _tooltip_text(page)
    assert "blocks CDK4 and CDK6" in text and TAP_HINT in text
    assert _tap_hint(page).is_visible() and _tap_hint(page).inner_text() == TAP_HINT
    assert page.url.endswith(TERMS_PAGE), "the first tap only shows the meaning"
    page.locator("article h1").tap()  # a tap elsewhere closes it
    assert page.locator("#glossary-tip").is_hidden()
    link.tap()
    assert TAP_HINT in _tooltip_text(page) and page.url.endswith(TERMS_PAGE)
    link.tap()
    page.wait_for_url("**/glossary/#cdk46-inhibitor", timeout=5000)


def test_a_tap_on_a_word_whose_tooltip_did_not_say_so_never_navigates(touch_page):
    """A tooltip already open without the hint (keyboard focus on a tablet) gains it; only then may a tap follow."""
    page = touch_page
    link = page.locator(CDK_TERM)
    link.scroll_into_view_if_needed()
    link.focus()
    assert TAP_HINT not in _tooltip_text(page)
    link.tap()
    assert TAP_HINT in _tooltip_text(page) and _tap_hint(page).is_visible()
    assert page.url.endswith(TERMS_PAGE)
    link.tap()
    page.wait_for_url("**/glossary/#cdk46-inhibitor", timeout=5000)


def test_enter_follows_a_focused_word_after_a_tap_elsewhere(touch_page):
    """A touch screen with a keyboard: a tap earlier must not turn Enter into "show the tooltip"."""
    page = touch_page
    page.locator("article h1").tap()
    link = page.locator(CDK_TERM)
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#cdk46-inhibitor", timeout=5000)


def test_tooltip_is_made_on_demand_and_described_to_screen_readers(terms_page):
    page = terms_page
    assert page.locator("#glossary-tip").count() == 0, "no tooltip work before a reader asks"
    link = page.locator(CDK_TERM)
    definition = link.get_attribute("title")
    link.hover()
    assert _tooltip_text(page) == definition  # the definition alone: no tap hint for a mouse
    assert page.locator("#glossary-tip .glossary-tip-hint").count() == 0
    assert link.get_attribute("aria-describedby") == "glossary-tip"
    assert link.get_attribute("title") is None, "the browser's own tooltip would cover ours"


def test_tooltip_stays_while_the_pointer_is_on_it_and_escape_closes_it(terms_page):
    """WCAG 1.4.13: content shown on hover can be hovered itself, and dismissed without moving."""
    page = terms_page
    link = page.locator(CDK_TERM)
    link.hover()
    tip = page.locator("#glossary-tip")
    box = tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    assert tip.is_visible(), "moving onto the tooltip closed it"
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    assert link.get_attribute("title"), "the link's title comes back when the tooltip closes"
    link.hover()
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden", timeout=2000)  # moving away closes it


# Counts the queries Material sends to its search worker ({type: 2, data: query}) and the results
# it gets back ({type: 3}), so a test can wait until the last keystroke's query has its results.
SEARCH_PROBE = """(() => {
  const Native = window.Worker;
  const probe = window.__searchProbe = {sent: 0, received: 0, last: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => { if (e.data && e.data.type === 3) probe.received++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { probe.sent++; probe.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();"""


def search(page, query: str) -> None:
    """Type the query as a reader does, then wait until the results shown are those of the whole
    query (under load, results of an earlier keystroke can be on screen for a while)."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        """query => document.querySelector("input.md-search__input").value === query
                    && window.__searchProbe.last === query
                    && window.__searchProbe.received >= window.__searchProbe.sent""", arg=query, timeout=15000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # rendered


@pytest.mark.parametrize("query, expected", [
    # A drug by brand, generic or misspelling: its row on the page that explains its class.
    ("Kisqali", "treatment/targeted-therapy/#drug-ribociclib"),
    ("ribociclib", "treatment/targeted-therapy/#drug-ribociclib"),
    ("Kisquali", "treatment/targeted-therapy/#drug-ribociclib"),
    ("letrozole", "treatment/hormone-therapy/#drug-letrozole"),
    ("CDK4/6", "treatment/targeted-therapy/"),
    ("HER2", "understanding/types/"),
    # Hyphenated words: lunr splits a typed query at "-", so the index splits there too (mkdocs.yml).
    ("HER2-low", "understanding/types/"),
])
def test_search_lists_the_right_page_first(browser, server, query, expected):
    page = browser.new_page()
    page.add_init_script(SEARCH_PROBE)
    page.goto(server)
    search(page, query)
    first_item = page.locator(".md-search-result__item").first
    first_item.wait_for(state="visible", timeout=5000)
    # Results show while the reader types; read them once they are for the whole query.
    page.wait_for_function("q => document.querySelector('input.md-search__input').value === q", arg=query)
    page.wait_for_function("""q => { const a = document.querySelector('.md-search-result__item a');
        return a && new URL(a.href).searchParams.get('h') !== null; }""", arg=query)
    page.wait_for_timeout(500)  # the search worker answers the last keystroke
    links = [urlparse(h) for h in first_item.locator("a").evaluate_all("els => els.map(a => a.href)")]
    page.close()
    expected_page, _, expected_anchor = expected.partition("#")
    assert links[0].path.lstrip("/") == expected_page, f"{query!r} -> {links[0].geturl()}"
    if expected_anchor:  # the drug's own row is listed under the page, one click away
        assert expected_anchor in [link.fragment for link in links], [link.geturl() for link in links]


def test_search_results_keep_each_pages_own_title(browser, server):
    """Extra search entries (drug names) must not replace a page's own entry and title."""
    page = browser.new_page()
    page.add_init_script(SEARCH_PROBE)
    page.goto(server)
    search(page, "targeted therapy")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=5000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    page.close()
    assert "Targeted therapy" in titles, titles
