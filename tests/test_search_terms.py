"""data/search_terms.yml: phrases and spelling variants load clean, and each mistake a writer can
make is reported with the file, its line and what to do."""
from __future__ import annotations

import re
from functools import partial

import pytest

from conftest import ROOT, build, data_error_report
from mbcguide.searchterms import SEARCH_TERMS_FILE, joined, load_search_words

DOCS = ROOT / "docs"
load = partial(load_search_words, DOCS)


def test_the_file_loads_and_every_variant_is_sorted_and_new():
    words = load()
    assert words.pages and words.variants
    assert list(words.variants) == sorted(words.variants)
    phrases = {p for ps in words.pages.values() for p in ps}
    assert not phrases & set(words.variants)


def test_a_phrase_joins_its_words_as_search_splits_them():
    separator = re.compile(r'[\s\-,:!=\[\]()"]+|\.(?!\d)')
    assert joined("Living will", separator) == "_living_will"
    assert joined("her2-low", separator) == "_her2_low"
    assert joined("fatigue", separator) is None


@pytest.mark.parametrize("old, new, message", [
    ("  anaemia: anemia\n", "  zebra: anemia\n", "keep the variants sorted"),
    ("  tumour: tumor\n", "  Tumour: tumor\n", "write one lower-case word"),
    ("  tumour: tumor\n", "  tumour markers: tumor\n", "write one lower-case word"),
    ("  tumour: tumor\n", "  tumour: Tumor\n", "write the word(s) the pages use, in lower case"),
    ("  tumour: tumor\n", "  tumour: tumour\n", "names itself"),
    ("  tumour: tumor\n", "  tumour: \n", "write the word(s) the pages use"),
    ("  tumour: tumor\n", "  tumour: tumor\n  tumours: tumors\n  tumours: tumors\n", "duplicate key"),
    ("  anaemia: anemia\n", "  anaemia: anemia\n  insomnia: sleep\n", "'insomnia' is also a phrase for living/day-to-day.md"),
    ("variants:\n", "variants: [tumour]\nunused:\n", "write 'variants:' as a map"),
    ("  living/caregivers.md:", "  1: [x]\n  living/caregivers.md:", "no page docs/1; fix the path"),  # not a crash
    ("  living/day-to-day.md:", "  living/zzz.md: [x]\n  living/day-to-day.md:", "keep the pages sorted"),
    ("[caregiver, caregivers,", "[Caregiver, caregivers,", "write 'Caregiver' in lower case"),
    ("[caregiver, caregivers,", "[caregiver, caregiver,", "'caregiver' is already listed"),
])
def test_a_bad_entry_is_reported_with_its_line(old, new, message):
    report = data_error_report(lambda text: load(text=text), SEARCH_TERMS_FILE, old, new)
    assert message in report and re.search(r"data/search_terms\.yml:\d+:\d+:", report), report


def test_a_variant_whose_word_no_page_uses_stops_the_build(project_copy, tmp_path):
    data = project_copy / "data" / "search_terms.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("  tumour: tumor\n", "  tumour: tumorx\n"), encoding="utf-8")
    line = text.splitlines().index("  tumour: tumor") + 1
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert f"data/search_terms.yml:{line}:1: variant 'tumour': no page uses 'tumorx'" in result.stderr + result.stdout
