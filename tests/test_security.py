"""Hostile input: nothing a contributor writes in a page, its front matter or a data file may run
script in a reader's browser.

Four layers, each tested on its own: data and front matter are plain text (a located error);
every value is escaped where it meets HTML; SAFE001 reads pages' HTML the way browsers do (a linear
tokenizer); and a Content-Security-Policy, with a scan of every built page, stops what gets past.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, build
from mbcguide.checker.run import check_files, load_context
from mbcguide.htmlsafety import html_problems, tokenize

EXAMPLES = yaml.safe_load((ROOT / "tests" / "data" / "rule_examples.yml").read_text(encoding="utf-8"))["SAFE001"]
TODAY = dt.date.today()
HEADER = (f"---\ntitle: Example\ndescription: An example page used by the security tests, with valid front matter "
          f"and sources.\nlast_reviewed: {TODAY}\nnext_review: {TODAY + dt.timedelta(days=300)}\n"
          f"sources: [nci-mbc]\n---\n\n# Example\n\n")
BODY_LINE = HEADER.count("\n") + 1  # the line the body starts on


def check_body(tmp_path, body: str):
    (tmp_path / "other.md").write_text(HEADER + "## A heading\n\nText.\n## A heading\n")
    page = tmp_path / "example.md"
    page.write_text(HEADER + body + "\n")
    return check_files([page], load_context(tmp_path))


# --- the tokenizer -------------------------------------------------------------------------------

def tags(text: str, rawtext: bool = True) -> list[tuple[str, dict]]:
    return [(("/" if t.end_tag else "") + t.name, {a.name: a.value for a in t.attributes})
            for t in tokenize(text, rawtext=rawtext)]


@pytest.mark.parametrize("text, expected", [
    ("<svg/onload=alert(1)>", [("svg", {"onload": "alert(1)"})]),  # '/' separates, as in browsers
    ("<a href=x title='a b' data-x=\"c d\">", [("a", {"href": "x", "title": "a b", "data-x": "c d"})]),
    ('<a href="x"onclick=go()>', [("a", {"href": "x", "onclick": "go()"})]),  # no space after a quote
    ("<A HREF=X>", [("a", {"href": "X"})]),  # names are lower-cased, values kept
    ("<a href='java&#x09;script&colon;x'>", [("a", {"href": "java\tscript:x"})]),  # entities decoded
    ("<a =x y = z>", [("a", {"=x": "", "y": "z"})]),  # a leading '=' is part of the name
    ("<img\nsrc=x\nonerror=y>", [("img", {"src": "x", "onerror": "y"})]),
    ("</p foo=bar><p>", [("/p", {"foo": "bar"}), ("p", {})]),
    ("<!-- <script> --><b>", [("b", {})]),  # comments hide tags
    ("<!--><b><!---><i>", [("b", {}), ("i", {})]),  # '<!-->' and '<!--->' are empty comments
    ("<!-- x --!><b>", [("b", {})]),
    ("<!doctype html><?php x ?></><b>", [("b", {})]),  # doctype and bogus comments end at '>'
    ("</ x><b>", [("b", {})]),  # '</' + non-letter: a bogus comment
    ("a < b, 2<3 and <3", []),  # '<' that starts no tag is text
    ("<a href='x", [("a", {"href": "x"})]),  # cut off at the end: still a tag (Markdown may close it)
])
def test_tokenizer_reads_tags_as_browsers_do(text, expected):
    assert tags(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("<>/=\"' !-?ab\n&;:") + ["script", "on", "<!--", "-->", "javascript:"]),
                max_size=40).map("".join))
def test_random_html_never_crashes_and_findings_point_into_the_text(text):
    for problem in html_problems(text):
        assert 0 <= problem.offset < len(text)
        assert text[problem.offset] == "<" or text[problem.offset:problem.offset + 1].isprintable()


def test_raw_text_elements_hide_tags_in_one_reading_and_not_the_other():
    text = "<textarea><!--</textarea><script>x</script>-->"
    assert [name for name, _ in tags(text)] == ["textarea", "/textarea", "script", "/script"]
    assert [name for name, _ in tags(text, rawtext=False)] == ["textarea"]  # the comment hides the rest
    assert len(html_problems(text)) == 1  # the script is found: both readings are checked
    svg = "<svg><style><img src=x onerror=alert(1)></style>"  # in SVG, <style> holds real tags
    assert [p.offset for p in html_problems(svg)] == [svg.index("onerror")]


@pytest.mark.parametrize("payload", ["<a ", "<!---->", '<a x="', "<a b=c ", "<script>", "<textarea><!--", "<a href=&amp;"])
def test_tokenizer_time_grows_linearly(payload):
    """8x the input may take at most 16x the time (html.parser took 13 s on '<a ' * 10,000)."""
    def best_time(n: int) -> float:
        text = payload * n
        best = float("inf")
        for _ in range(5):  # the best of five: other work on the machine only ever adds time
            start = time.perf_counter()
            html_problems(text)
            best = min(best, time.perf_counter() - start)
        return best

    best_time(1_000)  # warm up
    small, large = best_time(5_000), best_time(40_000)
    assert large < 16 * max(small, 1e-4), f"{payload!r}: 1x {small:.4f}s, 8x {large:.4f}s"


# --- SAFE001 on pages --------------------------------------------------------------------------

GOLDEN = [  # (body, line within the body, column): each exactly one SAFE001 finding there
    ("<svg/onload=alert(1)>", 1, 6),
    ("<a href=javascript:alert(1)>x</a>", 1, 4),
    ('<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', 1, 1),
    ("```x``` then <script>alert(1)</script>", 1, 14),
    ("<iframe src=x>", 1, 1),
    ("<form>", 1, 1),
    ("<base href=//evil>", 1, 1),
    ('<meta http-equiv=refresh content="0;url=javascript:alert(1)">', 1, 1),
    ("[x](javascript:alert(1))", 1, 5),
    ('[x](other.md){: onclick="alert(1)" }', 1, 17),
    ("Text.\n\n<img\nsrc=x.png\nonerror=alert(1)>", 5, 1),  # a tag across lines: its attribute's line
    ("```html\n<script>not this</script>\n```\n\n<script>this</script>", 5, 1),
]


@pytest.mark.parametrize("body, line, column", GOLDEN)
def test_each_payload_gives_one_finding_at_its_place(tmp_path, body, line, column):
    found = [(f.line, f.column) for f in check_body(tmp_path, body) if f.rule == "SAFE001"]
    assert found == [(BODY_LINE + line - 1, column)]


@pytest.mark.parametrize("body", EXAMPLES["also_fail"])
def test_more_bad_examples_give_one_finding(tmp_path, body):
    # "alert(1)" reads as an uncited figure to CITE003; every other rule must stay quiet.
    assert [f.rule for f in check_body(tmp_path, body) if f.rule != "CITE003"] == ["SAFE001"]


@pytest.mark.parametrize("body", EXAMPLES["also_pass"])
def test_more_good_examples_give_no_finding(tmp_path, body):
    assert check_body(tmp_path, body) == []


def test_javascript_links_are_safe001_not_link006(tmp_path):
    assert [f.rule for f in check_body(tmp_path, '<a href="javascript:alert(1)">x</a>')] == ["SAFE001"]


# --- plain-text data and front matter ----------------------------------------------------------

def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test edit no longer matches {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


SCRIPT = "<script>alert(1)</script>"
# (file, text to replace, its replacement with a payload)
DATA_PAYLOADS = {
    "front matter title": ("docs/treatment/chemotherapy.md", "title: Chemotherapy\n",
                           f"title: Chemo </title>{SCRIPT}\n"),
    "front matter description": ("docs/treatment/chemotherapy.md", "description: How chemotherapy works",
                                 f"description: '\">{SCRIPT}' \n#"),
    "glossary term": ("data/glossary.yml", "term: acupuncture\n", f"term: acupuncture {SCRIPT}\n"),
    "glossary definition": ("data/glossary.yml", "definition: Another name doctors use",
                            "definition: Another <img src=x onerror=alert(1)> name doctors use"),
    "drug use": ("data/drugs.yml", "use: HR-positive, HER2-negative MBC, with an aromatase inhibitor or fulvestrant as first hormone therapy, or with fulvestrant after hormone therapy.\n",
                 f"use: HR-positive MBC {SCRIPT}.\n"),
    "drug misspelling": ("data/drugs.yml", "misspellings: [Kisquali,", "misspellings: [Kis<b>quali,"),
}


@pytest.mark.parametrize("case", sorted(DATA_PAYLOADS))
def test_build_refuses_markup_in_data_naming_file_and_line(project_copy, tmp_path, case):
    name, old, new = DATA_PAYLOADS[case]
    path = project_copy / name
    edit(path, old, new)
    line = line_of(path, new.split("\n")[0])
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(rf"{re.escape(name)}:{line}:\d+: use plain text: remove '[<>]'", result.stderr), result.stderr[-2000:]


def test_urls_may_hold_what_text_may_not():
    from mbcguide.yamlfile import load_yaml

    load_yaml(ROOT / "x.yml", "sources:\n  - url: https://example.org/?a=<b>\n")  # checked by the URL rules instead
    # An escaped character has no place of its own in the file: the error points at the value.
    with pytest.raises(Exception, match=r"x.yml:2:12: use plain text: remove 'U\+0001'"):
        load_yaml(ROOT / "x.yml", 'sources:\n  - title: "a\\x01b"\n')


# --- browser: escaping, and the Content-Security-Policy ----------------------------------------

PWN = "window.__pwned=1;alert(1)"
ESCAPE_PAYLOADS = {  # with the plain-text check off, each value must still show as text
    "docs/treatment/chemotherapy.md": [("title: Chemotherapy\n", f"title: 'Chemo </title><script>{PWN}</script>'\n"),
                                       ("description: How chemotherapy works",
                                        f"description: '\"><script>{PWN}</script> How chemotherapy works, long enough for the schema.' \n#")],
    "data/glossary.yml": [("term: acupuncture\n", f"term: 'acupuncture <img src=x onerror=\"{PWN}\">'\n"),
                          ("definition: Another name doctors use for metastatic breast cancer.\n",
                           f"definition: 'Another <svg/onload={PWN}> [x](javascript:alert(1)){{: onclick=alert(1) }} name.'\n"),
                          ("term: advanced breast cancer\n", "term: advanced breast cancer\n    aliases: ['<b onmouseover=alert(1)>MBC alias']\n")],
    "data/drugs.yml": [("use: HR-positive, HER2-negative MBC, with an aromatase inhibitor or fulvestrant as first hormone therapy, or with fulvestrant after hormone therapy.\n",
                        f"use: 'HR-positive MBC <img src=x onerror=\"{PWN}\">.'\n"),
                       ("misspellings: [Kisquali,", f"misspellings: ['Kisquali<img src=x onerror=\"{PWN}\">',")],
}


@pytest.fixture
def escaped_site(project_copy, tmp_path, monkeypatch):
    """The project with hostile data, built in this process with the plain-text check switched off."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    import mbcguide.plaintext

    for name, edits in ESCAPE_PAYLOADS.items():
        for old, new in edits:
            edit(project_copy / name, old, new)
    monkeypatch.setattr(mbcguide.plaintext, "markup_problem", lambda text: None)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    mkdocs_build(load_config(str(project_copy / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


def open_watched(browser, url: str):
    """A page that records every dialog (alert, confirm...) a script opens."""
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="networkidle")
    return page, dialogs


@pytest.mark.browser
def test_hostile_data_is_shown_as_text_and_never_runs(browser, escaped_site):
    from mbcguide.browser import serve

    with serve(escaped_site) as base:
        for path in ("treatment/chemotherapy/", "glossary/", "treatment/targeted-therapy/", "sources/"):
            page, dialogs = open_watched(browser, base + path)
            assert dialogs == [] and page.evaluate("window.__pwned") is None, path
            handlers = page.evaluate("""[...document.querySelectorAll('*')].flatMap(el =>
                [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
            assert handlers == [], path
            scripts = page.evaluate("[...document.scripts].map(s => s.text).filter(t => t.includes('__pwned'))")
            assert scripts == [], path
            text = page.locator("body").inner_text()
            if path == "treatment/chemotherapy/":
                assert "Chemo </title><script>" in page.title()
                assert "Chemo </title><script>" in page.locator(".md-header__topic").last.inner_text()
                assert '"><script>' in page.locator("meta[name=description]").get_attribute("content")
            if path == "glossary/":
                assert 'acupuncture <img src=x onerror="' in text and "<svg/onload=" in text
                assert "[x](javascript:alert(1))" in text and "<b onmouseover=alert(1)>MBC alias" in text
                assert page.locator("a[href^='javascript']").count() == 0
            if path == "treatment/targeted-therapy/":
                assert 'HR-positive MBC <img src=x onerror="' in text
            page.close()
        # The search entry of a drug carries its misspellings: shown as text, too.
        page, dialogs = open_watched(browser, base)
        page.locator("input.md-search__input").click()
        page.keyboard.type("Kisqali", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=5000)
        page.wait_for_timeout(300)
        assert dialogs == [] and page.evaluate("window.__pwned") is None
        assert page.locator(".md-search-result img").count() == 0
        page.close()


PLANTED = [  # what an escaping bug would put into a page
    f'<a id=planted-link href="javascript:{PWN}">x</a>',
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f"<svg/onload={PWN}></svg>",
    f'<iframe srcdoc="<script>parent.{PWN}</script>"></iframe>',
    '<script src="https://example.org/evil.js"></script>',
    f'<object data="data:text/html,<script>{PWN}</script>"></object>',
]


@pytest.fixture(scope="module")
def planted_site(built_site, tmp_path_factory):
    """A copy of the built site with payloads planted straight into one page's HTML."""
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(built_site, site)
    page = site / "treatment" / "chemotherapy" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<h1", "\n".join(PLANTED) + "\n<h1", 1), encoding="utf-8")
    return site


@pytest.mark.browser
def test_csp_blocks_planted_script_and_the_page_still_renders(browser, planted_site):
    from mbcguide.browser import serve

    with serve(planted_site) as base:
        page, dialogs = open_watched(browser, base + "treatment/chemotherapy/")
        page.locator("#planted-link").click()
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert page.locator("article h1").inner_text().startswith("Chemotherapy")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # our palette script ran
        page.close()


def test_page_scan_reports_every_planted_payload(planted_site):
    from mbcguide.pagescan import scan_built_page

    html = (planted_site / "treatment" / "chemotherapy" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1).replace("&#39;", "'")
    hashes = set(re.findall(r"'sha256-[^']+'", policy))
    extra = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra_javascript"]
    paths = {"assets/javascripts/bundle.a5f9d56c.min.js", *extra}
    found = scan_built_page(html, "treatment/chemotherapy/", hashes, paths, policy, "/mbc-guide/")
    assert [u.offset for u in found] == [html.index(p) for p in PLANTED], [u.message for u in found]
    # Without the plants, the same page is clean.
    clean = re.sub("|".join(re.escape(p) for p in PLANTED), "", html)
    assert scan_built_page(clean, "treatment/chemotherapy/", hashes, paths, policy, "/mbc-guide/") == []


def test_every_built_page_has_the_policy_first_in_head(built_site):
    for page in [*built_site.rglob("*.html")]:
        head = page.read_text(encoding="utf-8").split("<head>", 1)[1].lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; '
                               "script-src &#39;self&#39; &#39;sha256-"), page


def test_build_fails_naming_the_line_of_unsafe_html_in_a_page(project_copy, tmp_path):
    """The post-build scan also catches what the checker would: here, raw HTML the build lets through."""
    page = project_copy / "docs" / "treatment" / "chemotherapy.md"
    edit(page, "\n# Chemotherapy\n", "\n# Chemotherapy\n\n<div onclick=\"alert(1)\">Tap</div>\n")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    line = line_of(page, "<div onclick")
    assert f"docs/treatment/chemotherapy.md:{line}: the built page holds the event handler onclick=" in result.stderr, \
        result.stderr[-2000:]
