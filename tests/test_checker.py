"""The checker: every rule has a failing and a passing example, the broken fixture gives an
exact list of findings, the real docs are clean, and the command-line contract holds."""
from __future__ import annotations

import datetime as dt
import json
import re
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mbcguide.checker import RULES, Finding
from mbcguide.checker.online import Answer
from mbcguide.checker.output import as_github
from mbcguide.checker.run import check_files, load_context
from mbcguide.registry import load_registry
from mbcguide.sources import load_sources
from mbcguide.synthetic import clone_docs, seed_defects

CHECK = [sys.executable, str(ROOT / "scripts" / "check_docs.py")]
EXAMPLES = yaml.safe_load((ROOT / "tests" / "data" / "rule_examples.yml").read_text(encoding="utf-8"))
FIXTURE = ROOT / "tests" / "fixtures" / "broken"
HEADER = ("---\ntitle: Example\ndescription: An example page used by the checker tests, with valid front matter "
          "and sources.\nlast_reviewed: {today}\nnext_review: {next}\nsources: [nci-mbc]\n---\n\n# Example\n\n")
OTHER = HEADER + "## A heading\n\nText.\n"


@pytest.fixture(scope="module")
def ctx_factory():
    def make(tmp: Path):
        return load_context(tmp)
    return make


def run_example(tmp_path: Path, body: str, whole_page: bool = False) -> list[Finding]:
    today = dt.date.today()
    header = HEADER.format(today=today, next=today + dt.timedelta(days=300))
    (tmp_path / "other.md").write_text(OTHER.format(today=today, next=today + dt.timedelta(days=300)))
    (tmp_path / "chart.png").write_bytes(b"\x89PNG")
    page = tmp_path / "example.md"
    page.write_text(body if whole_page else header + body + "\n")
    return check_files([page], load_context(tmp_path), online=fake_network)


def fake_network(urls) -> dict[str, Answer]:
    """Stands in for --online: URLs containing 'gone' answer 404, all others 200."""
    return {u: Answer(u, 404, "HTTP 404 Not Found") if "gone" in u else Answer(u, 200) for u in urls}


def test_every_rule_has_a_failing_and_a_passing_example():
    assert set(EXAMPLES) == set(RULES), "add examples for new rules (and remove stale ones)"
    for rule, ex in EXAMPLES.items():
        assert ("fail" in ex or "page" in ex) and "pass" in ex, rule


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_fails_on_its_bad_example(tmp_path, rule):
    ex = EXAMPLES[rule]
    findings = run_example(tmp_path, ex.get("page") or ex["fail"], whole_page="page" in ex)
    assert rule in {f.rule for f in findings}, findings


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_passes_its_good_example(tmp_path, rule):
    findings = run_example(tmp_path, EXAMPLES[rule]["pass"])
    assert not findings, findings


@pytest.mark.parametrize("body, expected", [
    ("Ask about Kisquali (ribociclib).", ["DRUG002"]),  # not also DRUG004: the pair is there, misspelt
    ("Kadcyla (trastuzumab emtansine) is given by drip.", ["DRUG006"]),  # not also DRUG004
    ("Kisquali (palbociclib) is a pill.", ["DRUG001", "DRUG002"]),  # two mistakes, two findings
    ("Ibrance (ribociclib) is a pill.", ["DRUG001"]),
    ("Lynparza (olaparb) is a pill.", ["DRUG002"]),  # the spelling, not "give both names"
    ("Lynparza (olaparib) is a pill. Take olaparb daily.", ["DRUG002"]),  # later mention, no drug stem
    ("Kisqali (ribociclib) is a pill. Ask if ribociclb suits you.", ["DRUG002"]),
    ("Kisqali (Ribociclib) is a pill.", ["DRUG003"]),  # a bracket after the brand is not a sentence start
    ("Ribociclib (Kisqali) is a pill.", []),  # a capital at the start of a sentence is right
])
def test_one_mistake_gives_one_finding(tmp_path, body, expected):
    assert sorted(f.rule for f in run_example(tmp_path, body)) == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_seeded_defects_of_every_rule_are_all_found_with_nothing_else(tmp_path, jobs):
    """A small version of the benchmark's generated site: 60 pages, 2 defects of every rule,
    checked in one process and split across two (as large trees are)."""
    docs = tmp_path / "docs"
    clones = clone_docs(docs, 60)
    defects = seed_defects(docs, clones, 2, load_registry(), sorted(load_sources()), random.Random(1))
    assert {d.rule for d in defects} == set(RULES) - {"LINK007"}  # LINK007 needs the network
    found = check_files(sorted(docs.rglob("*.md")), load_context(docs), jobs=jobs)
    got = sorted((Path(f.path).relative_to(docs).as_posix(), f.line, f.rule) for f in found)
    assert got == sorted((d.rel, d.line, d.rule) for d in defects)


def test_broken_fixture_gives_exactly_the_expected_findings(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE / "docs", docs)
    result = subprocess.run([*CHECK, str(docs), "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    got = [f"{Path(f['path']).relative_to(docs).as_posix()}:{f['line']}:{f['column']} {f['rule']}"
           for f in json.loads(result.stdout)]
    assert got == (FIXTURE / "expected.txt").read_text().split("\n")[:-1]


def test_real_docs_have_no_findings():
    result = subprocess.run(CHECK, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "no findings"


def test_text_format_is_path_line_col_rule_message(tmp_path):
    shutil.copytree(FIXTURE / "docs", tmp_path / "docs")
    out = subprocess.run([*CHECK, str(tmp_path / "docs" / "sub" / "page.md")], capture_output=True, text=True)
    first = out.stdout.splitlines()[0]
    assert first.endswith("page.md:5:1: META002 review this page: its next_review date 2024-12-31 has passed "
                          "(check every fact and source, then set last_reviewed to today and next_review within 12 months)")
    assert out.stdout.splitlines()[-1] == "4 findings in 1 file"


def test_json_format_has_the_contract_keys(tmp_path):
    shutil.copytree(FIXTURE / "docs", tmp_path / "docs")
    out = subprocess.run([*CHECK, str(tmp_path / "docs"), "--format", "json"], capture_output=True, text=True)
    for item in json.loads(out.stdout):
        assert set(item) == {"path", "line", "column", "rule", "severity", "message", "suggestion"}


@pytest.mark.parametrize("args", [["--format", "xml"], ["no/such/path"], ["--bogus"]])
def test_usage_errors_exit_2_with_one_line_on_stderr(args):
    result = subprocess.run([*CHECK, *args], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_registry_exits_2_naming_file_and_line(tmp_path):
    project = tmp_path / "p"
    for name in ("scripts", "data", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    drugs = project / "data" / "drugs.yml"
    drugs.write_text(drugs.read_text().replace("    class: cdk46-inhibitor\n", "    class: [oops\n", 1))
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py")], capture_output=True, text=True,
                            cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("check_docs: bad data file: data/drugs.yml:")


def unescape_github(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_escape_and_round_trip():
    message = "50% of 2 lines:\nfirst, second\r"
    finding = Finding("docs/a,b:c.md", 3, 4, "LINK001", message)
    line = as_github([finding])
    assert "\n" not in line and "\r" not in line
    head, _, body = line.partition("::")[2].partition("::")
    props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
    assert unescape_github(props["file"]) == "docs/a,b:c.md"
    assert props["line"] == "3" and props["col"] == "4" and props["title"] == "LINK001"
    assert unescape_github(body) == message


# --- property-based: random input never crashes the checker ---------------------------------

markdown_text = st.text(alphabet=st.sampled_from(list("abc KisqaliIbrance()[]#!*`-/:%.\n1234567890<>@")), max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=markdown_text)
def test_random_markdown_never_crashes(tmp_path, body):
    findings = run_example(tmp_path, body)
    assert all(f.rule in RULES for f in findings)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=5000), junk=st.sampled_from(["", ":", "- [", "  x: {", "\t", "class: nope"]))
def test_random_registry_edits_report_or_exit_2(tmp_path_factory, cut, junk):
    project = tmp_path_factory.mktemp("p")
    for name in ("scripts", "data"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", project / "docs")
    drugs = project / "data" / "drugs.yml"
    text = drugs.read_text()
    cut = min(cut, len(text))
    drugs.write_text(text[:cut] + junk + text[cut:])
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py")], capture_output=True,
                            text=True, cwd=project)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.startswith("check_docs: ")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc-/ ", min_size=1, max_size=6), min_size=1, max_size=8),
       st.text(alphabet="abc-/ xy", max_size=40))
def test_trie_pattern_finds_what_plain_alternation_finds(words, text):
    from mbcguide.wordsearch import trie_pattern

    plain = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    bounded = r"(?<![\w-])({})(?![\w-])"
    expected = [m.span() for m in re.finditer(bounded.format(plain), text)]
    assert [m.span() for m in re.finditer(bounded.format(trie_pattern(words)), text)] == expected


def test_columns_stay_right_when_lower_casing_changes_the_length(tmp_path):
    # "İ".lower() is two characters; the case-insensitive search must then run on the line as written.
    findings = run_example(tmp_path, "İİ Ask about Kisqali. The kisqali pill.")
    assert [(f.rule, f.column) for f in findings] == [("DRUG004", 14), ("DRUG003", 27)]
