"""In Chromium: the urgency levels differ without colour, and the treatment-by-type filter works by keyboard."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LEVELS = ["emergency", "call-today", "next-visit"]


def test_urgency_levels_differ_by_icon_and_words_not_only_colour(browser, server):
    page = browser.new_page()
    page.goto(server + "symptoms/", wait_until="load")
    found = page.evaluate("""levels => levels.map(kind => {
        const title = document.querySelector(`.admonition.${kind} > .admonition-title`);
        const style = getComputedStyle(title, '::before');
        return {kind, words: title.textContent.trim(), icon: style.maskImage || style.webkitMaskImage,
                visible: title.getBoundingClientRect().height > 0};
    })""", LEVELS)
    page.close()
    assert all(level["visible"] for level in found), found
    icons = {level["icon"] for level in found}
    assert len(icons) == 3 and all(icon.startswith("url(") for icon in icons), "each level needs its own icon"
    words = [level["words"] for level in found]
    assert len(set(words)) == 3 and words[0].startswith("Call an emergency number"), words


def _visible_sections(page) -> set[str]:
    return set(page.evaluate("""() => [...document.querySelectorAll('section.cancer-type')]
        .filter(s => !s.hidden && s.offsetParent !== null).map(s => s.id)"""))


def test_treatment_filter_by_keyboard(browser, server):
    page = browser.new_page()
    page.goto(server + "treatment/options-by-type/", wait_until="load")
    every = _visible_sections(page)
    assert len(every) >= 8 and page.locator("form.type-filter").is_visible()
    box = page.locator("form.type-filter input[value=her2-positive]")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    shown = _visible_sections(page)
    assert "type-her2-positive" in shown and "type-any-type" in shown
    assert "type-triple-negative" not in shown and "type-hr-positive-her2-negative" not in shown
    assert "Showing" in page.locator(".type-filter__status").inner_text()
    page.keyboard.press("Space")  # untick: every section again
    assert _visible_sections(page) == every
    page.close()


def test_without_javascript_every_section_shows(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "treatment/options-by-type/", wait_until="load")
    hidden_form = page.locator("form.type-filter").is_hidden()
    shown = _visible_sections(page)
    total = page.locator("section.cancer-type").count()
    context.close()
    assert hidden_form and len(shown) == total


def test_a_link_into_a_section_the_filter_hides_shows_it_again(browser, server):
    """A source's back link (or a shared URL) into a filtered-out section clears the filter."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda err: errors.append(err))
    page.goto(server + "treatment/options-by-type/", wait_until="load")
    every = _visible_sections(page)
    page.locator("form.type-filter input[value=her2-positive]").check()
    # Back links whose citation now sits in a hidden section.
    into_hidden = page.evaluate("""() => [...document.querySelectorAll('a.src-back')]
        .map(a => a.getAttribute('href').slice(1))
        .filter(id => document.getElementById(id).closest('section.cancer-type[hidden]'))""")
    assert into_hidden, "some source is first cited in a section the HER2-positive filter hides"
    page.locator(f"a.src-back[href='#{into_hidden[0]}']").click()
    assert _visible_sections(page) == every
    assert page.locator(f"[id='{into_hidden[0]}']").is_visible()
    assert not page.locator("form.type-filter input:checked").count()
    box = page.locator("form.type-filter input[value=her2-positive]")
    for fragment in ("#%E0", "#no-such-place"):  # malformed or unknown: the filter stays, no error
        box.check()
        page.evaluate("f => { location.hash = f; }", fragment)
        page.wait_for_timeout(100)  # hashchange fires after the assignment returns
        assert "type-triple-negative" not in _visible_sections(page), fragment
    page.evaluate("id => { location.hash = id; }", into_hidden[0])  # a shared URL: hashchange
    page.wait_for_function("() => !document.querySelector('section.cancer-type[hidden]')", timeout=5000)
    assert _visible_sections(page) == every and not errors, errors
    page.close()
