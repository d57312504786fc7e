"""Phone and print layouts, in a real browser.

Phone: at 375x667 no page scrolls sideways, and the menu and search take a reader to a page.
Print: menus and search are hidden; the disclaimer, review dates and sources print; external links
show their address, because paper cannot be clicked.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone, server, page_urls):
    too_wide = {}
    for url in page_urls:
        phone.goto(server + url, wait_until="load")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide["/" + url] = width
    assert not too_wide, f"pages wider than {PHONE['width']}px: {too_wide}"


def test_sideways_scroll_check_can_fail(phone, server):
    phone.goto(server, wait_until="load")
    phone.evaluate("document.querySelector('article p').insertAdjacentHTML('beforeend', "
                   "'<span style=\"display:inline-block;width:900px\">wide</span>')")
    assert phone.evaluate("document.documentElement.scrollWidth") > PHONE["width"]


def test_phone_menu_opens_and_leads_to_a_page(phone, server):
    phone.goto(server, wait_until="load")
    drawer_right = "document.querySelector('.md-sidebar--primary').getBoundingClientRect().right"
    assert phone.evaluate(drawer_right) <= 0, "the menu should start off-screen on a phone"
    phone.locator("label.md-header__button[for=__drawer]").tap()
    phone.wait_for_function(f"() => {drawer_right} > 200")  # a function: the CSP forbids eval
    phone.locator(".md-nav--primary label.md-nav__link", has_text="Treatment").first.tap()
    link = phone.locator(".md-nav--primary a.md-nav__link[href$='treatment/chemotherapy/']")
    link.wait_for(state="visible")
    link.tap()
    phone.wait_for_url("**/treatment/chemotherapy/")
    assert phone.locator("article h1").inner_text().startswith("Chemotherapy")


def test_phone_search_finds_and_opens_a_page(phone, server):
    phone.goto(server, wait_until="load")
    phone.locator("label.md-header__button[for=__search]").tap()
    phone.locator("input.md-search__input").wait_for(state="visible")
    phone.keyboard.type("Kisqali", delay=20)
    first = phone.locator(".md-search-result__item a").first
    first.wait_for(state="visible")
    first.tap()
    phone.wait_for_url("**/treatment/**")
    assert "Kisqali" in phone.locator("article").inner_text()


@pytest.fixture
def printed(browser, server):
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(server + "treatment/targeted-therapy/", wait_until="load")
    yield page
    page.close()


@pytest.mark.parametrize("selector", [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                                      ".md-search", ".md-footer", ".md-content__button"])
def test_print_hides_navigation_and_search(printed, selector):
    assert printed.locator(selector).count() > 0 or selector == ".md-tabs", f"{selector} not on the page"
    assert not any(el.is_visible() for el in printed.locator(selector).all()), f"{selector} prints"


@pytest.mark.parametrize("selector", [".disclaimer", ".page-review", ".page-sources", "article h1"])
def test_print_keeps_disclaimer_dates_and_sources(printed, selector):
    assert printed.locator(selector).first.is_visible(), f"{selector} does not print"


def test_print_shows_external_link_addresses(printed):
    shown = printed.evaluate("""() => [...document.querySelectorAll('article a[href^="http"]')]
        .filter(a => a.host !== location.host && a.checkVisibility())
        .map(a => [a.href, getComputedStyle(a, '::after').content])""")
    assert shown, "the page should have external links (its sources)"
    missing = [href for href, after in shown if href.rstrip("/") not in after]
    assert not missing, f"external links without their address in print: {missing}"


def test_print_does_not_spell_out_internal_links(printed):
    """Glossary terms, citations and headings link inside the site; their addresses would be noise."""
    spelt = printed.evaluate("""() => [...document.querySelectorAll('article a')]
        .filter(a => a.host === location.host)
        .map(a => [a.href, getComputedStyle(a, '::after').content])""")
    assert len(spelt) > 10, "the page should have internal links (glossary terms, citations)"
    noisy = [href for href, after in spelt if after not in ("none", "normal")]
    assert not noisy, f"internal links spelt out in print: {noisy}"
