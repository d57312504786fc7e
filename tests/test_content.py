"""Safety and completeness of the guide's content: the get-help callout, the new medicines, the
registry corrections, the home page's map of the guide, and the treatment-by-type page."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, build
from mbcguide.bytype import load_types
from mbcguide.drugtables import class_pages as class_pages_of
from mbcguide.callouts import REQUIRED, load_callouts
from mbcguide.registry import load_registry

DOCS = ROOT / "docs"
TREATMENT_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "treatment").glob("*.md"))
GET_HELP = load_callouts()["get-help"]


def built(site, rel: str) -> str:
    url = "" if rel == "index.md" else rel.removesuffix(".md") + "/"
    return (site / url / "index.html").read_text(encoding="utf-8")


def has_get_help(html: str) -> bool:
    box = re.search(r'<div class="admonition get-help">(.*?)</div>', html, re.S)
    return bool(box) and GET_HELP.title in box.group(1) and re.search(r'href="[./]*symptoms/"', box.group(1))


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("rel", TREATMENT_PAGES)
def test_every_treatment_page_shows_the_get_help_callout(built_site, rel):
    assert "treatment/" in REQUIRED.values()
    assert has_get_help(built(built_site, rel)), f"{rel}: no get-help callout linking to the symptoms page"


def test_a_treatment_page_without_the_callout_is_caught(project_copy, tmp_path):
    """Removing the marker from one page: the checker names the page (SAFE002) and the built page lacks it."""
    page = project_copy / "docs" / "treatment" / "chemotherapy.md"
    page.write_text(page.read_text(encoding="utf-8").replace("<!-- get-help -->\n", "", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, str(project_copy / "scripts" / "check_docs.py")], cwd=project_copy,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "treatment/chemotherapy.md" in result.stdout and "SAFE002" in result.stdout
    out = tmp_path / "out"
    assert build(project_copy, out).returncode == 0
    assert not has_get_help((out / "treatment" / "chemotherapy" / "index.html").read_text(encoding="utf-8"))


def test_symptoms_page_has_the_three_urgency_levels_in_order(built_site):
    html = built(built_site, "symptoms.md")
    kinds = [(kind, re.sub(r"<[^>]+>", "", title)) for kind, title in
             re.findall(r'<div class="admonition (emergency|call-today|next-visit)">\s*<p class="admonition-title">(.*?)</p>',
                        html, re.S)]
    first = {}
    for kind, title in kinds:
        first.setdefault(kind, (len(first), title))
    assert [k for k, _ in sorted(first.items(), key=lambda kv: kv[1][0])] == ["emergency", "call-today", "next-visit"]
    # Each level says what to do in words, so colour is never the only cue.
    assert first["emergency"][1].startswith("Call an emergency number")
    assert first["call-today"][1].startswith("Call your care team today")
    assert first["next-visit"][1].startswith("Mention it at your next visit")


def test_every_drug_is_on_medicines_a_to_z_and_its_class_page(built_site, registry):
    medicines = re.sub(r"<[^>]+>", "", built(built_site, "treatment/medicines.md"))
    class_pages = class_pages_of(DOCS)
    for drug in registry.drugs:
        assert drug.display in medicines, f"{drug.generic} missing from Medicines A to Z"
        assert drug.drug_class.id in class_pages, f"no page has a table for class {drug.drug_class.id}"
        text = re.sub(r"<[^>]+>", "", built(built_site, class_pages[drug.drug_class.id]))
        assert drug.display in text, f"{drug.generic} missing from {class_pages[drug.drug_class.id]}"


@pytest.mark.parametrize("generic", ["toremifene", "goserelin", "leuprolide", "megestrol",
                                     "pertuzumab, trastuzumab, and hyaluronidase", "paclitaxel", "nab-paclitaxel",
                                     "docetaxel", "doxorubicin", "liposomal doxorubicin", "epirubicin",
                                     "cyclophosphamide", "fluorouracil", "gemcitabine", "ixabepilone", "vinorelbine",
                                     "carboplatin", "cisplatin", "denosumab", "zoledronic acid", "pamidronate"])
def test_medicines_the_guide_lacked_are_registered(registry, generic):
    drug = registry.lookup(generic)
    assert drug is not None and drug.reviewed is not None and drug.sources


def test_registry_corrections(registry):
    everolimus, tamoxifen = registry.lookup("everolimus"), registry.lookup("tamoxifen")
    assert "Afinitor Disperz" not in everolimus.brands  # labelled for other conditions, not breast cancer
    assert tamoxifen.generic_first and "liquid" in tamoxifen.use.lower()  # Soltamox is the liquid only
    assert registry.lookup("Herceptin Hylecta").fda_name == "trastuzumab and hyaluronidase-oysk"
    assert registry.lookup("Keytruda Qlex").fda_name == "pembrolizumab and berahyaluronidase alfa-pmph"
    assert registry.lookup("Herceptin Hylecta") is not registry.lookup("trastuzumab")
    assert registry.lookup("Keytruda Qlex") is not registry.lookup("pembrolizumab")
    assert registry.misspellings["phesco"] is registry.lookup("Phesgo")
    enhertu = registry.lookup("Enhertu")
    assert re.search(r"HR-positive[^.;]*ultralow[^.;]*after hormone therapy", enhertu.use)  # ultralow: HR-positive only
    assert "trastuzumab deruxtecan" in registry.lookup("Perjeta").use.lower()
    for generic in ("carboplatin", "cisplatin", "vinorelbine", "leuprolide", "liposomal doxorubicin", "dostarlimab"):
        drug = registry.lookup(generic)
        assert not drug.approved_for_breast_cancer and "not FDA-approved" in drug.use, generic


def test_home_page_links_every_page_in_the_nav(built_site):
    def files(nav):
        for item in nav:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from files(value) if isinstance(value, list) else [value]
    nav = list(files(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]))
    html = built(built_site, "index.md")
    for rel in nav:
        if rel == "index.md":
            continue
        url = rel.removesuffix(".md") + "/"
        assert f'href="{url}"' in html, f"the home page does not link {rel}"


# --- Treatment options by type: generated from the registry ------------------------------------

def _sections(html: str) -> dict[str, set[str]]:
    """Section id -> generic names listed in it (from each drug row's citation id)."""
    out = {}
    for m in re.finditer(r'<section class="cancer-type"[^>]*\bid="type-([^"]+)"(.*?)</section>', html, re.S):
        out[m.group(1)] = set(re.findall(r'href="#src-drug-([a-z0-9-]+)"', m.group(2)))
    return out


def _expected(registry) -> dict[str, set[str]]:
    _, types = load_types(registry)
    return {t.id: {d.slug for d in registry.drugs if set(d.subtypes) & set(t.subtypes)} for t in types}


def test_options_by_type_lists_exactly_the_registry_drugs_of_each_type(built_site, registry):
    assert _sections(built(built_site, "treatment/options-by-type.md")) == _expected(registry)


def test_options_by_type_follows_the_registry(project_copy, tmp_path):
    """Add a drug to a copy of the registry and it appears; remove one and it goes."""
    drugs = project_copy / "data" / "drugs.yml"
    text = drugs.read_text(encoding="utf-8")
    assert "  - generic: abemaciclib\n" in text
    start = text.index("  - generic: abemaciclib\n")
    end = text.index("\n  - generic: ", start + 1)
    entry = text[start:end]
    added = (entry.replace("generic: abemaciclib", "generic: abemaciclibtest").replace("[Verzenio]", "[Zzverzeniotest]")
             .replace("misspellings: [Verzinio, Verzanio, abemacyclib]", "misspellings: []"))
    text = text[:start] + text[end + 1:]  # abemaciclib removed
    text = text.replace("\n  - generic: alpelisib\n", "\n" + added + "\n\n  - generic: alpelisib\n", 1)
    drugs.write_text(text, encoding="utf-8")
    for page in (project_copy / "docs").rglob("*.md"):  # pages that name the removed drug would fail the build
        page.write_text(re.sub(r"Verzenio \(abemaciclib\)|Verzenio|abemaciclib", "a CDK4/6 inhibitor",
                               page.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    result = build(project_copy, out)
    assert result.returncode == 0, result.stderr[-2000:]
    sections = _sections((out / "treatment" / "options-by-type" / "index.html").read_text(encoding="utf-8"))
    assert "abemaciclibtest" in sections["hr-positive-her2-negative"]
    assert not any("abemaciclib" in names for names in sections.values())


# --- Trust and feedback --------------------------------------------------------------------------

def test_every_page_has_a_report_a_problem_link_to_the_issue_form(built_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "problem.yml").read_text())
    assert "page" in {field.get("id") for field in form["body"]}
    from urllib.parse import parse_qs, urlparse
    pages = sorted(DOCS.rglob("*.md"))
    for page in pages:
        rel = page.relative_to(DOCS).as_posix()
        html = built(built_site, rel)
        m = re.search(r'<p class="report-problem">\s*<a href="([^"]+)">Report a problem with this page</a>', html)
        assert m, f"{rel}: no report link"
        url = urlparse(m.group(1).replace("&amp;", "&"))
        assert f"{url.scheme}://{url.netloc}{url.path}" == config["repo_url"] + "/issues/new"
        query = parse_qs(url.query)
        assert query["template"] == ["problem.yml"]
        expected = config["site_url"] + ("" if rel == "index.md" else rel.removesuffix(".md") + "/")
        assert query["page"] == [expected], rel


def test_404_page_helps_the_reader_on(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html and "md-search__input" in html
    for target in ("symptoms/", "understanding/what-is-mbc/", "treatment/goals/", "living/day-to-day/", "glossary/"):
        assert f'{target}"' in html, target
