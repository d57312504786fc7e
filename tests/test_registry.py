"""The drug registry lints clean, bad data is reported with its line, and the site agrees with it."""
from __future__ import annotations

import re

import pytest

from conftest import data_error_report
from mbcguide.paths import DRUGS_FILE
from mbcguide.registry import load_registry, sort_key


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_names_unique_and_no_brand_equals_another_generic(registry):
    names = [n.lower() for d in registry.drugs for n in dict.fromkeys(d.names)]
    assert len(names) == len(set(names))
    generics = {d.generic: d for d in registry.drugs}
    for d in registry.drugs:
        for b in d.brands:
            assert b.lower() not in generics or generics[b.lower()] is d


def test_sorted_and_classes_controlled(registry):
    keys = [sort_key(d.generic) for d in registry.drugs]
    assert keys == sorted(keys)
    assert all(d.drug_class.id in registry.classes for d in registry.drugs)
    assert all(s in registry.subtypes for d in registry.drugs for s in d.subtypes)


def test_article_drugs_are_registered(registry):
    for brand, generic in [("Enhertu", "trastuzumab deruxtecan"), ("Trodelvy", "sacituzumab govitecan"),
                           ("Ibrance", "palbociclib"), ("Kisqali", "ribociclib"), ("Verzenio", "abemaciclib"),
                           ("Lynparza", "olaparib"), ("Talzenna", "talazoparib"), ("Keytruda", "pembrolizumab"),
                           ("Jemperli", "dostarlimab")]:
        assert registry.lookup(brand) is registry.lookup(generic) is not None


@pytest.mark.parametrize("old, new, message", [
    ("    class: cdk46-inhibitor\n", "    class: cdk-inhibitor\n", "unknown class 'cdk-inhibitor'"),
    ("    brands: [Verzenio]\n", "    brands: [Verzenio, Ibrance]\n", "name 'ibrance' is already used"),
    ("  - generic: abemaciclib\n", "  - generic: zzz-abemaciclib\n", "out of order"),
    ("    target: CDK4 and CDK6\n", "", "'target' is a required property"),
    ("    misspellings: [Verzinio,", "    misspellings: [Kisqali, Verzinio,", "misspelling 'Kisqali' is a real drug name"),
    ("    sources: [nci-drug-abemaciclib,", "    sources: [nci-drug-abemaciclb,", "unknown source id 'nci-drug-abemaciclb'"),
    ("    given: pill\n", "    given: [pill\n", "malformed YAML"),
    ("    source: fda-label-afinitor\n", "    source: fda-label-afinitr\n",
     "unknown source id 'fda-label-afinitr'; did you mean 'fda-label-afinitor'?"),
    ("    source: fda-label-afinitor\n", "", "'source' is a required property"),
])
def test_bad_registry_data_is_reported_with_its_line(old, new, message):
    report = data_error_report(load_registry, DRUGS_FILE, old, new)
    assert message in report and re.search(r"data/drugs\.yml:\d+:\d+:", report)


def test_medicines_page_lists_every_registry_drug(built_site, registry):
    html = (built_site / "treatment" / "medicines" / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    for d in registry.drugs:
        assert d.display in text, d.generic
        assert d.use.replace("&", "&amp;") in text or d.use in text


def test_search_index_maps_every_drug_and_its_misspellings_to_its_row(built_site, registry):
    import json
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    kisqali = [x for x in docs if x["title"] == "Kisqali (ribociclib)"]
    assert len(kisqali) == 1 and "Kisquali" in kisqali[0]["tags"] and "Kisquali" not in kisqali[0]["text"]
    assert kisqali[0]["location"] == "treatment/targeted-therapy/#drug-ribociclib"
    assert 'id="drug-ribociclib"' in (built_site / "treatment" / "targeted-therapy" / "index.html").read_text()
    locations = [x["location"] for x in docs]
    assert len(locations) == len(set(locations)), "Material keys entries by location: duplicates replace pages"
    assert {d.display for d in registry.drugs} <= {x["title"] for x in docs}


@pytest.mark.parametrize("old, new, message", [
    ("    reviewed: 2026-11-28\n", "    reviewed: 2026-13-28\n", "write reviewed of 'abemaciclib' as a date"),
    ("    reviewed: 2026-11-28\n", "    reviewed: 2999-01-01\n", "2999-01-01 is in the future"),
    ("    reviewed: 2026-11-28\n", "", "add reviewed: YYYY-MM-DD to 'abemaciclib'"),
])
def test_bad_reviewed_dates_load_and_are_listed_for_the_checker(old, new, message):
    """A stale or missing review date is a checker finding (REG003), not a reason to stop the build."""
    text = DRUGS_FILE.read_text(encoding="utf-8")
    assert old in text
    registry = load_registry(text=text.replace(old, new, 1))
    assert [p.message for p in registry.review_problems if message in p.message]
    assert registry.lookup("abemaciclib").reviewed is None
