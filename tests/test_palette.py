"""Light and dark colours, in a real browser (overrides/partials/javascripts/palette.html).

The page paints in the reader's scheme from the start, follows the device setting live, and
remembers a reader's own choice from the toggle across pages.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE = "treatment/medicines/"
SCHEME_OF = {"light": "default", "dark": "slate"}
OTHER = {"light": "dark", "dark": "light"}

# Record the body's scheme at the moment the article is parsed, before the page can paint it.
RECORD_SCHEME_AT_ARTICLE = """
new MutationObserver((records, observer) => {
  if (!document.querySelector("article")) return;
  window.__schemeAtArticle = document.body.getAttribute("data-md-color-scheme");
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture
def open_page(browser, server):
    contexts = []

    def open_(scheme: str, stored_palette: str | None = None):
        context = browser.new_context(color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        if stored_palette is not None:
            # Under the key Material's __md_get reads on this page (its scope is the site root).
            page.add_init_script("localStorage.setItem(new URL('../..', location).pathname + '.__palette', "
                                 f"{stored_palette!r})")
        page.add_init_script(RECORD_SCHEME_AT_ARTICLE)
        page.goto(server + PAGE, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()


def shown_scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_first_paint_uses_the_device_scheme(open_page, scheme):
    page = open_page(scheme)
    assert page.evaluate("window.__schemeAtArticle") == SCHEME_OF[scheme], "wrong colours before the content paints"
    assert shown_scheme(page) == SCHEME_OF[scheme]
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == scheme


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_toggle_switches_and_is_remembered_on_the_next_page(open_page, server, scheme):
    page = open_page(scheme)
    toggle = page.locator("form.md-header__option label:not([hidden])")
    assert toggle.count() == 1, "exactly one toggle should show"
    assert toggle.get_attribute("title") == f"Switch to {OTHER[scheme]} mode"
    toggle.click()
    assert shown_scheme(page) == SCHEME_OF[OTHER[scheme]]
    page.goto(server + "about/", wait_until="load")
    assert page.evaluate("window.__schemeAtArticle") == SCHEME_OF[OTHER[scheme]]
    page.emulate_media(color_scheme=OTHER[OTHER[scheme]])  # the device changes; the choice stays
    assert shown_scheme(page) == SCHEME_OF[OTHER[scheme]]


def test_the_toggle_works_from_the_keyboard(open_page):
    page = open_page("light")
    page.focus("input.md-option:checked")
    page.keyboard.press("Enter")
    assert shown_scheme(page) == "slate"
    assert page.evaluate("document.activeElement.id") == "__palette_1"
    assert page.locator("form.md-header__option label:not([hidden])").get_attribute("title") == "Switch to light mode"


def test_without_a_choice_the_device_setting_is_followed_live(open_page):
    page = open_page("light")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=2000)
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"


def test_unreadable_storage_falls_back_to_the_device_setting(open_page):
    page = open_page("dark", stored_palette="{bad")
    assert page.evaluate("window.__schemeAtArticle") == "slate"
