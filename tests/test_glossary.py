"""Glossary: the data lints clean, the linker handles the hard cases, the page is complete."""
from __future__ import annotations

import html as htmllib
import re
import string
from itertools import combinations
from urllib.parse import quote

import markdown
import pytest

from conftest import ROOT, build, data_error_report
from mbcguide.glossary import Term, definition_problem, load_glossary
from mbcguide.glossary_page import _source_link, letter_anchor
from mbcguide.linker import Linker
from mbcguide.paths import GLOSSARY_FILE
from mbcguide.sources import load_sources

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def test_golden_linker_output(glossary):
    html = markdown.markdown((GOLDEN / "linker.md").read_text(), extensions=["toc", "attr_list"])
    linked, used = Linker(glossary).link(html, "../glossary/")
    assert linked + "\n" == (GOLDEN / "linker.html").read_text()
    assert used == {"her2-low", "her2", "stage-iv", "metastatic-breast-cancer", "parp-inhibitor", "metastasis",
                    "t-cell", "infusion"}


def test_no_link_inside_another_link_or_twice(glossary):
    html = '<p><a href="x">HER2 and metastasis</a> HER2 HER2 <strong>metastasis</strong></p>'
    linked, _ = Linker(glossary).link(html, "g/")
    assert linked.count("glossary-term") == 2
    assert '<a href="x">HER2 and metastasis</a>' in linked


def test_explicit_link_resolves_slug_or_name(glossary):
    with pytest.raises(ValueError, match="unknown glossary term 'endocrine'"):
        Linker(glossary).link('<p><a href="glossary:endocrine">x</a></p>', "g/")
    linked, used = Linker(glossary).link('<p><a href="glossary:hormone-therapy">x</a> hormone therapy</p>', "g/")
    assert 'href="g/#hormone-therapy"' in linked and linked.count("glossary-term") == 1 and used == {"hormone-therapy"}


def test_at_least_60_terms_including_the_articles_terms_and_every_drug(glossary):
    assert len(glossary.terms) >= 60
    for name in ["metastasis", "stage IV", "estrogen receptor", "progesterone receptor", "HER2", "triple-negative",
                 "BRCA", "endocrine therapy", "aromatase inhibitor", "SERD", "chemotherapy", "targeted therapy",
                 "antibody-drug conjugate", "CDK4/6 inhibitor", "kinase", "PARP inhibitor", "immunotherapy",
                 "checkpoint inhibitor", "T cell", "biomarker", "lymphatic system", "radiation therapy",
                 "clinical trial", "integrative therapy", "acupuncture", "Kisqali", "dostarlimab"]:
        assert glossary.resolve(name), name


def test_definitions_are_one_sentence_of_at_most_30_words(glossary):
    for term in glossary.terms.values():
        assert definition_problem(term.definition) is None, term.slug
    assert definition_problem("One. Two.") and definition_problem(" ".join(["word"] * 31) + ".")


def test_glossary_file_slugs_sorted_unique_and_aliases_unclaimed_twice(glossary):
    slugs = re.findall(r"^  - slug: (\S+)$", GLOSSARY_FILE.read_text(), re.M)
    assert slugs == sorted(slugs) and len(slugs) == len(set(slugs))
    names = [n.lower() for t in glossary.terms.values() for n in t.names]
    assert len(names) == len(set(names))


def test_every_term_is_used_on_a_page_or_marked_unused(built_site, glossary):
    html = (built_site / "glossary" / "index.html").read_text()
    for slug, term in glossary.terms.items():
        entry = html.split(f'id="{slug}"', 1)[1].split("<h3", 1)[0]
        used = "no page yet" not in entry
        assert used or term.unused, f"{slug} is on no page: use it, or mark it unused: true"


def test_glossary_page_has_az_stable_anchors_definitions_and_backlinks(built_site, glossary):
    html = (built_site / "glossary" / "index.html").read_text()
    assert 'href="#letter-h"' in html and 'id="her2"' in html and 'id="palbociclib"' in html
    her2 = html.split('id="her2"', 1)[1].split("<h3", 1)[0]
    assert glossary.terms["her2"].definition in her2
    used_on = her2.split("Used on: ", 1)[1]
    assert '<a href="../understanding/types/">Types of breast cancer</a>' in used_on


def test_tooltips_on_a_built_page(built_site):
    html = (built_site / "treatment" / "targeted-therapy" / "index.html").read_text()
    assert re.search(r'<a class="glossary-term" href="\.\./\.\./glossary/#cdk46-inhibitor" title="A targeted drug', html)


@pytest.mark.parametrize("old, new, message", [
    ("    aliases: [HR-positive, HR+, hormone-receptor-positive]", "    aliases: [HR-positive, HER2+]",
     "alias 'HER2+' is already claimed by"),
    ("    definition: Another name doctors use for metastatic breast cancer.\n", "", "'definition' is a required property"),
    ("  - slug: antibody\n", "  - slug: antibody\n    term: [oops\n", "malformed YAML"),
])
def test_bad_glossary_data_fails_with_file_and_line(old, new, message):
    report = data_error_report(load_glossary, GLOSSARY_FILE, old, new)
    assert message in report and re.search(r"data/(glossary|drugs)\.yml:\d+:\d+:", report)


def test_bad_glossary_data_fails_the_build(project_copy, tmp_path):
    path = project_copy / "data" / "glossary.yml"
    path.write_text(path.read_text().replace("  - slug: dna\n", "  - slug: dna\n    aliases: [MBC]\n", 1))
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0 and "glossary.yml:" in result.stderr and "'MBC' is already claimed" in result.stderr


def test_unknown_explicit_term_fails_the_build_with_suggestions(project_copy, tmp_path):
    page = project_copy / "docs" / "about.md"
    page.write_text(page.read_text().replace("## Who writes it", "See [this](glossary:her3).\n\n## Who writes it"))
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"about\.md:\d+:\d+: unknown glossary term 'her3'; nearest terms: her2", result.stderr)


def test_definitions_use_a_and_an_correctly():
    """Generated drug definitions read 'an antibody-drug conjugate', 'an injection'."""
    from mbcguide.glossary import load_glossary

    wrong = [(t.slug, m.group(0)) for t in load_glossary().terms.values()
             for m in re.finditer(r"\ba (?=[aeiou])\w+|\ban (?=[bcdfgjklmnpqrstvwxz])\w+", t.definition)]
    assert not wrong, wrong


def test_used_on_lists_stop_at_twenty_pages():
    from mbcguide.glossary_page import fill_used_on

    pages = [(f"Page {n:02d}", f"p{n:02d}/") for n in range(25)]
    out = fill_used_on("Used on: <!-- used-on:her2 -->", {"her2": pages + pages[:3]}, "glossary/")
    assert out.count("<a ") == 20 and out.endswith("Page 19</a> and 5 more pages")
    assert fill_used_on("<!-- used-on:brca -->", {}, "glossary/") == "no page yet"


def test_no_glossary_spans_stay_unlinked_and_later_uses_link(glossary):
    html = ('<p><span class="no-glossary">HER2 <span>BRCA</span> HER2</span> BRCA and HER2.</p>'
            '<p><span class="note no-glossary extra">metastasis</span> <span>metastasis</span></p>')
    linked, used = Linker(glossary).link(html, "g/")
    assert used == {"her2", "brca", "metastasis"}
    quiet = linked.split('<span class="no-glossary">', 1)[1].split("</span> <a", 1)[0]
    assert quiet == "HER2 <span>BRCA</span> HER2"  # nothing linked inside, nested spans included
    assert linked.count('data-term="her2"') == linked.count('data-term="brca"') == 1
    assert '<span><a class="glossary-term" href="g/#metastasis"' in linked


# --- the glossary page as a reader sees it: definitions first, extras behind a "More about" button -------

DETAILS_OPEN = '<div class="glossary-extra">'  # the "More about ..." button and its panel


def glossary_entries(page_html: str) -> dict[str, str]:
    """Each term's entry on the built glossary page (its <h3> up to the next heading), by slug."""
    article = page_html.split("<article", 1)[1].split("</article>", 1)[0]
    entries = {}
    for chunk in re.split(r"(?=<h[23]\b)", article):
        m = re.match(r'<h3 id="([^"]+)"', chunk)
        if m:
            entries[m.group(1)] = chunk
    return entries


def plain(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def entries(built_site):
    return glossary_entries((built_site / "glossary" / "index.html").read_text())


def test_every_entry_shows_its_definition_and_names_first_and_the_rest_behind_one_button(entries, glossary):
    assert set(entries) == set(glossary.terms)
    for slug, entry in entries.items():
        term = glossary.terms[slug]
        first, sep, details = entry.partition(DETAILS_OPEN)
        assert sep and entry.count(DETAILS_OPEN) == 1 and "<details" not in entry, f"{slug}: one button and panel"
        paragraphs = re.findall(r"<p>(.*?)</p>", first, re.S)
        assert len(paragraphs) == 1 + bool(term.more), slug
        assert plain(paragraphs[0]).startswith(term.definition), slug
        for name in term.aliases:  # other names stay in sight: in the definition or after "Also called"
            assert name in plain(paragraphs[0]), (slug, name)
        button = re.search(r'<button type="button" class="glossary-more" aria-expanded="false">(.*?)</button>', details)
        assert plain(button.group(1)) == f"More about {term.term}", slug
        for label in ("Related:", "Source:", "Used on:"):
            assert label not in first, (slug, label)
        assert "Used on:" in details
        assert ("Related:" in details) == bool(term.related) and "Source:" in details, slug


URL_TEXT_RE = re.compile(r"://|^\s*www\.|^\S+\.(org|gov|com|net|uk)(/|\s*$)", re.I)


def test_no_entry_shows_a_bare_url_every_source_is_publisher_and_title(entries, glossary):
    sources = load_sources()
    for slug, entry in entries.items():
        details = entry.partition(DETAILS_OPEN)[2]
        for label in re.findall(r"<a [^>]*>(.*?)</a>", details):
            assert not URL_TEXT_RE.search(plain(label)), f"{slug}: link text is a URL: {label}"
        term = glossary.terms[slug]
        links = re.findall(r'Source: <a href="([^"]*)">(.*?)</a>', details)
        assert len(links) == 1, slug  # every term, drug classes too, names the source of its meaning
        source = sources[term.source]
        assert (htmllib.unescape(links[0][0]), plain(links[0][1])) == (source.url, f"{source.publisher}: {source.title}")
    assert URL_TEXT_RE.search("https://www.cancer.gov/x") and URL_TEXT_RE.search("cancer.gov/types")
    assert not URL_TEXT_RE.search("National Cancer Institute: Palbociclib")


def test_a_source_is_an_id_in_sources_never_printed_as_a_url():
    sources = load_sources()
    source = next(iter(sources.values()))
    assert _source_link(Term("x", "x", "X.", source=source.id), sources).endswith(f">{htmllib.escape(source.publisher)}: "
                                                                                   f"{htmllib.escape(source.title)}</a>")
    with pytest.raises(ValueError, match="unknown source"):
        _source_link(Term("x", "x", "X.", source=source.url), sources)


@pytest.mark.browser
def test_az_letters_are_targets_of_at_least_24px_on_a_phone(browser, server, glossary):
    """WCAG 2.5.8: every letter, linked or greyed, is at least 24x24 CSS px, and no two touch."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server + "glossary/")
        items = page.locator(".glossary-az > *").evaluate_all("""els => els.map(e => { const r = e.getBoundingClientRect();
            return {tag: e.tagName, href: e.getAttribute("href"), text: e.textContent,
                    left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })""")
    finally:
        context.close()
    anchors = {letter_anchor(t) for t in glossary.terms.values()}
    assert {i["href"] for i in items if i["tag"] == "A"} == {f"#{a}" for a in anchors}
    assert len(items) == len(string.ascii_uppercase) + ("letter-0-9" in anchors)
    for i in items:
        assert i["right"] - i["left"] >= 24 and i["bottom"] - i["top"] >= 24, i
        assert 0 <= i["left"] and i["right"] <= 375, i  # on screen, no sideways scrolling
    for a, b in combinations(items, 2):
        apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
        assert apart, (a["text"], b["text"])


@pytest.mark.browser
def test_term_extras_are_closed_and_open_with_the_keyboard_a_tap_and_on_paper(browser, server, glossary):
    term = next(t for t in glossary.sorted_terms() if t.source)
    page = browser.new_page()
    try:
        page.goto(server + "glossary/")
        buttons = page.locator("button.glossary-more")
        assert buttons.count() == len(glossary.terms)
        assert buttons.evaluate_all("bs => bs.filter(b => b.getAttribute('aria-expanded') !== 'false').length") == 0
        assert page.locator(".glossary-details:visible").count() == 0
        entry = page.locator(f"h3[id='{term.slug}'] ~ .glossary-extra").first
        button, source = entry.locator("button"), entry.locator("a[href^='https://']")
        assert not source.is_visible()
        page.locator(f"h3[id='{term.slug}'] a.headerlink").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('glossary-more')")
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true" and source.is_visible()
        page.keyboard.press("Space")
        assert button.get_attribute("aria-expanded") == "false" and not source.is_visible()
        page.emulate_media(media="print")
        assert source.is_visible(), "printed pages show every term's extras"
        assert not button.is_visible()
    finally:
        page.close()
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server + "glossary/")
        entry = page.locator(f"h3[id='{term.slug}'] ~ .glossary-extra").first
        entry.locator("button").tap()
        assert entry.locator("button").get_attribute("aria-expanded") == "true"
        assert entry.locator("a[href^='https://']").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_without_scripts_every_terms_extras_show_and_no_button_does_nothing(browser, server, glossary):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "glossary/")
        assert page.locator(".glossary-details:visible").count() == len(glossary.terms)
        assert page.locator("button.glossary-more:visible").count() == 0
    finally:
        context.close()


# A line of a closed panel that appears once in the page, from the last panels first (far down the
# long page, in terms the browser has not drawn yet).
_UNIQUE_PANEL_LINE = """() => {
  const all = document.body.textContent, panels = [...document.querySelectorAll('.glossary-details')].reverse();
  for (const p of panels) for (const line of p.textContent.split('\\n').map(l => l.trim()))
    if (line.length > 12 && all.indexOf(line) === all.lastIndexOf(line))
      return {line, term: p.previousElementSibling.textContent};
  return null;
}"""


@pytest.mark.browser
def test_find_in_page_reaches_words_in_closed_extras_and_opens_them(browser, server):
    """Find in page and links to a quoted passage (#:~:text=) open the closed panel that holds the words."""
    page = browser.new_page()
    try:
        page.goto(server + "glossary/")
        heights = page.locator(".glossary-details").evaluate_all("ps => ps.map(p => p.getBoundingClientRect().height)")
        assert heights and set(heights) == {0}, "a closed panel takes no room, so nothing moves when the script hides it"
        target = page.evaluate(_UNIQUE_PANEL_LINE)
        assert target, "no panel has a line of its own to look for"
        page.goto("about:blank")  # a fresh load, as from a link on another site
        page.goto(server + "glossary/#:~:text=" + quote(target["line"]))
        button = page.locator("button.glossary-more", has_text=target["term"])
        button.and_(page.locator("[aria-expanded=true]")).wait_for(timeout=3000)
        assert page.get_by_text(target["line"], exact=False).first.is_visible()
        assert page.locator(".glossary-details:visible").count() == 1
        button.click()  # closed again, and findable again
        assert button.get_attribute("aria-expanded") == "false"
        assert page.locator(".glossary-details:visible").count() == 0
        assert button.evaluate("b => b.nextElementSibling.getAttribute('hidden')") == "until-found"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("script", ["glossary-page.js", "glossary.js"])
def test_a_script_that_fails_to_load_leaves_every_panel_shown(browser, server, glossary, script):
    """A blocker or a lost connection must not leave the extras hidden with no button to open them."""
    page = browser.new_page()
    try:
        page.route(f"**/javascripts/{script}", lambda route: route.abort())
        page.goto(server + "glossary/", wait_until="load")
        assert page.locator(".glossary-details:visible").count() == len(glossary.terms)
        assert page.locator("button.glossary-more:visible").count() == 0
    finally:
        page.close()
