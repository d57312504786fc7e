"""Phone and print layouts, in a real browser.

Phone: at 375x667 nothing on any page is wider than the screen (the page does not scroll sideways, no
box scrolls sideways inside it, no visible element sticks out), and the menu and search take a reader to a page.
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


# What is wider than the screen, as "what: where" lines. Three checks, since each misses something:
# the page's own scroll width misses a table that scrolls inside its box (Material gives tables
# overflow:auto); a box's scroll width misses an element that merely sticks out; the bounding boxes
# catch that. Left out, because Material hides them off-screen or shrinks them to nothing on purpose
# until a reader opens them: the menu drawer (.md-sidebar--primary, translated off the left edge;
# test_phone_menu_opens_and_leads_to_a_page checks it opens) and the search (.md-search, whose
# results box is 0 px wide while closed), each only while its Material toggle is unchecked. The skip
# link needs no exception: it stays inside the screen, transparent until focused (checkVisibility).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const closed = [['__drawer', '.md-sidebar--primary'], ['__search', '.md-search']]
    .filter(([toggle]) => !document.getElementById(toggle)?.checked).map(([, box]) => box).join(',');
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map(c => '.' + c).join('');
  if (document.documentElement.scrollWidth > width)
    found.push(`page: scrolls sideways (${document.documentElement.scrollWidth}px)`);
  for (const el of document.querySelectorAll('body *')) {
    if (closed && el.closest(closed)) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width && box.height && (box.left < -1 || box.right > width + 1))
      found.push(`${name(el)}: sticks out (${Math.round(box.left)}..${Math.round(box.right)}px)`);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX) || el.matches('table, .md-typeset__scrollwrap, .md-typeset__table');
    if (scrolls && el.scrollWidth > el.clientWidth + 1)
      found.push(`${name(el)}: scrolls sideways inside (${el.scrollWidth}px in ${el.clientWidth}px)`);
  }
  return found;
}"""


def too_wide(page) -> list[str]:
    return page.evaluate(TOO_WIDE)


def test_nothing_is_wider_than_a_phone_screen(phone, server, page_urls):
    found = {}
    for url in page_urls:
        phone.goto(server + url, wait_until="load")
        if problems := too_wide(phone):
            found["/" + url] = problems[:5]  # the first few say enough
    assert not found, f"wider than {PHONE['width']}px: {found}"


def test_sideways_scroll_check_can_fail(phone, server):
    phone.goto(server, wait_until="load")
    assert too_wide(phone) == []
    phone.evaluate("document.querySelector('article p').insertAdjacentHTML('beforeend', "
                   "'<span style=\"display:inline-block;width:900px\">wide</span>')")
    assert phone.evaluate("document.documentElement.scrollWidth") > PHONE["width"]
    assert any(p.startswith("page: scrolls sideways") for p in too_wide(phone))


WIDE_ROW = "<tr>" + "<td style='white-space:nowrap'>a cell too wide for a phone</td>" * 4 + "</tr>"


@pytest.mark.parametrize("table", [f"<table>{WIDE_ROW}</table>",  # as Material styles a table: it scrolls itself
                                   '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                                   f"<table>{WIDE_ROW}</table></div></div>"],  # as Material wraps one on load
                         ids=["table", "wrapped-table"])
def test_a_table_that_scrolls_inside_its_box_is_caught(phone, server, table):
    """The page itself does not scroll sideways, so the old check passed it; this one must not."""
    phone.goto(server, wait_until="load")
    phone.evaluate("html => document.querySelector('article p').insertAdjacentHTML('afterend', html)", table)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert any("scrolls sideways inside" in p for p in too_wide(phone)), too_wide(phone)


def test_the_closed_menu_and_search_are_not_excused_once_open(phone, server):
    """The exclusions hold only while Material keeps the drawer closed: an open drawer is checked too."""
    phone.goto(server, wait_until="load")
    phone.evaluate("document.querySelector('.md-sidebar--primary .md-nav__list').insertAdjacentHTML('beforeend', "
                   "'<li style=\"width:900px\">wide</li>')")
    assert too_wide(phone) == []  # hidden off-screen in the closed drawer
    phone.locator("label.md-header__button[for=__drawer]").tap()
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    assert any("sticks out" in p for p in too_wide(phone))


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


def test_first_path_for_the_newly_diagnosed_is_on_the_first_phone_screen(phone, server):
    """Someone just told they have MBC sees where to start without scrolling (issue #13)."""
    phone.goto(server, wait_until="load")
    heading = phone.locator("h2", has_text="If you have just been told")
    box = heading.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], f"first path starts at {box} on a {PHONE} screen"
    first = heading.locator("xpath=following-sibling::ol[1]/li[1]//a").first
    assert first.bounding_box()["y"] < PHONE["height"], "its first link is below the first screen"


# Boxes drawn later: glossary terms and phone drug cards have `content-visibility: auto`
# (stylesheets/extra.css), so the browser lays out only those near the screen. Until drawn, each box
# takes the size the stylesheet guesses (contain-intrinsic-size). A box taller than its guess would
# overlap the next one wherever something measures it before it is drawn (axe's target-size check
# did, in Lighthouse), so every box must fit its guess, at phone and desktop widths.
TALLER_THAN_GUESS = """() => {
  const boxes = [...document.querySelectorAll('article *')].filter(el => getComputedStyle(el).contentVisibility === 'auto');
  boxes.forEach(el => el.style.contentVisibility = 'visible');  // measure each as drawn
  const found = [];
  for (const el of boxes) {
    const guess = parseFloat(getComputedStyle(el).containIntrinsicBlockSize.replace('auto', ''));
    const height = el.getBoundingClientRect().height;
    const name = el.querySelector('[id]')?.id || el.textContent.trim().slice(0, 40);
    if (!(height <= guess)) found.push(`${name}: ${Math.round(height)}px tall, guess ${getComputedStyle(el).containIntrinsicBlockSize}`);
  }
  boxes.forEach(el => el.style.contentVisibility = '');
  return [boxes.length, found];
}"""
DRAWN_LATER_MARKERS = ('class="glossary-entry"', 'class="drug-table"')


@pytest.fixture(scope="module")
def drawn_later_urls(built_site) -> list[str]:
    """Pages with boxes drawn later, found in the built site (not a list kept by hand)."""
    urls = [str(p.parent.relative_to(built_site)) + "/" for p in sorted(built_site.rglob("index.html"))
            if any(m in p.read_text(encoding="utf-8") for m in DRAWN_LATER_MARKERS)]
    assert urls, "no page has glossary terms or drug tables"
    return urls


@pytest.mark.parametrize("width", [320, 375, 412, 1280])
def test_boxes_drawn_later_fit_their_guessed_size(browser, server, drawn_later_urls, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    found, boxes = {}, 0
    for url in drawn_later_urls:
        page.goto(server + url, wait_until="load")
        count, problems = page.evaluate(TALLER_THAN_GUESS)
        boxes += count
        if problems:
            found["/" + url] = problems[:5]
    page.close()
    assert boxes, "no box has content-visibility: auto: is the rule in extra.css gone?"
    assert not found, (f"at {width}px wide, boxes taller than their guessed size; raise contain-intrinsic-size "
                       f"for them in docs/stylesheets/extra.css (or shorten the text): {found}")


def test_a_box_taller_than_its_guess_is_caught(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "glossary/", wait_until="load")
    assert page.evaluate(TALLER_THAN_GUESS)[1] == []
    page.evaluate("document.querySelector('.glossary-entry p').textContent += ' longer'.repeat(400)")
    assert len(page.evaluate(TALLER_THAN_GUESS)[1]) == 1
    page.close()


def _last_term(page) -> str:
    return page.evaluate("[...document.querySelectorAll('.glossary-entry h3')].at(-1).id")


def test_far_glossary_terms_wait_to_be_drawn(phone, server):
    """The speed gain is real only while the rule applies: the last term is not drawn at load."""
    phone.goto(server + "glossary/", wait_until="load")
    last = _last_term(phone)
    assert not phone.evaluate(f"document.getElementById('{last}').checkVisibility({{contentVisibilityAuto: true}})")
    assert phone.evaluate(f"document.getElementById('{last}').checkVisibility()"), "still there for search and screen readers"


def test_a_link_to_a_term_lands_on_it(phone, server):
    """Terms above it are still guesses when a reader arrives from a tooltip link: the term must be on screen."""
    phone.goto(server + "glossary/", wait_until="load")
    terms = phone.evaluate("[...document.querySelectorAll('.glossary-entry h3')].map(h => h.id)")
    for slug in (terms[len(terms) // 2], terms[-1]):
        phone.goto(server + "treatment/medicines/", wait_until="load")
        phone.goto(server + f"glossary/#{slug}", wait_until="load")
        phone.wait_for_timeout(300)  # let the terms near it be drawn
        top = phone.evaluate(f"document.getElementById('{slug}').getBoundingClientRect().top")
        assert 0 <= top < PHONE["height"] / 3, f"#{slug} is at {top}px, not at the top of the screen"


def test_every_glossary_term_prints(browser, server):
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(server + "glossary/", wait_until="load")
    assert page.evaluate("[...document.querySelectorAll('.glossary-entry')].every(e => "
                         "getComputedStyle(e).contentVisibility === 'visible')")
    page.close()
