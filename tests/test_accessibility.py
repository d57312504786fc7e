"""axe-core, injected into every page, finds no WCAG 2.2 A/AA violation, in the light and dark schemes.

Also checks the states a reader opens: search with results, the phone menu, a glossary tooltip.
axe-core comes from npm (node_modules/, installed by `make`); without it these tests skip with a reason.
"""
from __future__ import annotations

import pytest

from mbcguide.browser import AXE_JS

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# aria-dialog-name is an axe best-practice rule; Material's search dialog fails it by default.
EXTRA_RULES = ["aria-dialog-name"]
SCHEMES = ["light", "dark"]
PHONE = {"width": 375, "height": 667}

RUN_AXE = """async ([tags, extra]) => {
  const tagged = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const named = await axe.run(document, {runOnly: {type: 'rule', values: extra}});
  return [...tagged.violations, ...named.violations].map(v => ({
    id: v.id, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' -> ' + n.failureSummary.replace(/\\s+/g, ' '))}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing; run 'npm ci' (make does this when npm is installed)")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol, which the page's Content-Security-Policy
        # does not restrict (it blocks add_script_tag's inline <script>, as it should).
        page.evaluate("() => {\n" + axe_source + "\n}")
    found = page.evaluate(RUN_AXE, [WCAG_TAGS, EXTRA_RULES])
    return [f"{v['id']} ({v['help']}): " + " | ".join(v["nodes"]) for v in found]


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {line}" for where, lines in found.items() for line in lines)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_has_no_wcag_violations(browser, server, page_urls, axe_source, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for url in page_urls:
        page.goto(server + url, wait_until="load")
        found["/" + url] = violations(page, axe_source)
    context.close()
    found = {k: v for k, v in found.items() if v}
    assert not found, f"{scheme} scheme:\n{report(found)}"


def _open_search(page, phone: bool):
    if phone:
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.locator("input.md-search__input").click()
    page.keyboard.type("HER2", delay=20)
    page.locator(".md-search-result__item a").first.wait_for(state="visible")
    page.wait_for_timeout(600)  # let the results finish fading in, or axe measures mid-animation colours


def _open_phone_menu(page, phone: bool):
    page.locator("label.md-header__button[for=__drawer]").click()
    # The drawer opens at the current page's section ("Treatment"), with its title bar.
    page.locator(".md-nav--primary label.md-nav__title", has_text="Treatment").first.wait_for(state="visible")
    page.wait_for_timeout(400)  # slide-in animation


def _show_tooltip(page, phone: bool):
    page.locator("article a.glossary-term").first.hover()
    page.locator("#glossary-tip[role=tooltip]").wait_for(state="visible")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("state, phone", [
    (_open_search, False), (_open_search, True), (_open_phone_menu, True), (_show_tooltip, False),
], ids=["search-desktop", "search-phone", "phone-menu", "tooltip"])
def test_opened_widgets_have_no_wcag_violations(browser, server, axe_source, scheme, state, phone):
    context = browser.new_context(color_scheme=scheme, viewport=PHONE if phone else None)
    page = context.new_page()
    page.goto(server + "treatment/targeted-therapy/", wait_until="networkidle")
    state(page, phone)
    found = violations(page, axe_source)
    context.close()
    assert not found, "\n".join(found)


def test_axe_reports_a_planted_violation(browser, server, axe_source):
    """The harness can fail: an image without alt text and low-contrast text are both caught."""
    page = browser.new_page()
    page.goto(server, wait_until="networkidle")
    page.evaluate("""() => {
      const p = document.querySelector('article > p');  // plain text, not inside a tinted callout
      p.insertAdjacentHTML('beforeend', '<img src="x.png"><span style="color:#ddd">faint</span>');
    }""")
    ids = {line.split(" ", 1)[0] for line in violations(page, axe_source)}
    page.close()
    assert {"image-alt", "color-contrast"} <= ids
