"""Glossary: the data lints clean, the linker handles the hard cases, the page is complete."""
from __future__ import annotations

import re

import markdown
import pytest

from conftest import ROOT, build, data_error_report
from mbcguide.glossary import definition_problem, load_glossary
from mbcguide.linker import Linker
from mbcguide.paths import GLOSSARY_FILE

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
