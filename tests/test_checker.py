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
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mbcguide.checker import DATA_RULES, RULES, Finding
from mbcguide.checker.online import Answer
from mbcguide.checker.output import as_github
from mbcguide.checker.run import check_data_files, check_files, data_findings, load_context
from mbcguide.errors import DataErrors
from mbcguide.registry import load_registry
from mbcguide.sources import load_sources
from mbcguide.synthetic import NOT_SEEDED, RULES_SEEDED, clone_docs, content_pages, seed_defects

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


def run_example(tmp_path: Path, body: str, whole_page: bool = False, nav: list[str] | None = None,
                data: dict | None = None, folder: str = "") -> list[Finding]:
    """Check docs/<folder>/example.md holding body. With `nav`, a mkdocs.yml beside docs/ lists those
    pages; with `data` ({file, old, new}), a data file is edited first (its errors are the findings);
    `folder` for rules that apply to one part of the site (SAFE002: docs/treatment/)."""
    today = dt.date.today()
    header = HEADER.format(today=today, next=today + dt.timedelta(days=300))
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "other.md").write_text(OTHER.format(today=today, next=today + dt.timedelta(days=300)))
    (docs / "chart.png").write_bytes(b"\x89PNG")
    if nav is not None:
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "x", "nav": nav}))
    page = docs / folder / "example.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(body if whole_page else header + body + "\n")
    texts = {}
    if data:
        path = ROOT / "data" / data["file"]
        text = path.read_text(encoding="utf-8")
        assert data["old"] in text, f"example edit no longer matches {data['file']}"
        texts[path] = text.replace(data["old"], data["new"], 1)
    try:
        ctx = load_context(docs, texts)
    except DataErrors as err:
        return data_findings(err)
    return check_files([page], ctx, online=fake_network)


def run_data_example(tmp_path: Path, data_file: str, entry: str) -> list[Finding]:
    """The data-file rules on a copy of data/ with `entry` appended to data_file's list (the last key)."""
    today = dt.date.today()
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    entry = entry.format(today=today, year_ago=today - dt.timedelta(days=400))
    target = data / data_file
    target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n" + textwrap.indent(entry, "  "),
                      encoding="utf-8")
    (tmp_path / "docs").mkdir()
    return check_data_files(load_context(tmp_path / "docs", data_dir=data), today)


def run_any_example(tmp_path: Path, ex: dict, passing: bool) -> list[Finding]:
    if "data_file" in ex:
        return run_data_example(tmp_path, ex["data_file"], ex["pass" if passing else "fail"])
    folder = ex.get("in", "")  # rules that apply to one part of the site (SAFE002: docs/treatment/)
    if passing:
        return run_example(tmp_path, ex.get("pass_page") or ex["pass"], whole_page="pass_page" in ex, folder=folder,
                           nav=ex.get("pass_nav"))
    return run_example(tmp_path, ex.get("page") or ex.get("fail", "Fine."), whole_page="page" in ex, folder=folder,
                       nav=ex.get("nav"), data=ex.get("data"))


def fake_network(urls) -> dict[str, Answer]:
    """Stands in for --online: URLs containing 'gone' answer 404, all others 200."""
    return {u: Answer(u, 404, "HTTP 404 Not Found") if "gone" in u else Answer(u, 200) for u in urls}


def test_every_rule_has_a_failing_and_a_passing_example():
    assert set(EXAMPLES) == set(RULES), "add examples for new rules (and remove stale ones)"
    for rule, ex in EXAMPLES.items():
        assert ("fail" in ex or "page" in ex or "data" in ex) and "pass" in ex, rule


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_fails_on_its_bad_example(tmp_path, rule):
    findings = run_any_example(tmp_path, EXAMPLES[rule], passing=False)
    assert rule in {f.rule for f in findings}, findings


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_passes_its_good_example(tmp_path, rule):
    ex = EXAMPLES[rule]
    findings = run_any_example(tmp_path, ex, passing=True)
    if "data_file" in ex:  # the real data may have findings of its own: none may be about the example
        assert not [f for f in findings if "zz-example" in f.message], findings
    else:
        assert not findings, findings
    if "pass_page" in ex:  # the short `pass` body is clean too
        assert not run_example(tmp_path, ex["pass"])


@pytest.mark.parametrize("rule", DATA_RULES)
def test_data_rules_point_at_the_example_entry(tmp_path, rule):
    findings = [f for f in run_any_example(tmp_path, EXAMPLES[rule], passing=False) if f.rule == rule]
    mine = [f for f in findings if "zz-example" in f.message]
    assert len(mine) == 1, findings
    path = Path(mine[0].path)
    line = path.read_text(encoding="utf-8").split("\n")[mine[0].line - 1]
    assert path.name == EXAMPLES[rule]["data_file"]
    # (what the line says, what the column points at)
    expected, at = {"SRC002": ("url: https://www.cancer.gov", "https://"), "REG001": ("- date: '2020-01-01'", "date"),
                    "REG002": ("- date: '", "date"), "REG003": ("reviewed: 2026-13-01", "reviewed")}[rule]
    assert line.strip().startswith(expected), line
    assert line[mine[0].column - 1:].startswith(at), (line, mine[0].column)


@pytest.mark.parametrize("body, expected", [
    ("Ask about Kisquali (ribociclib). [@nci-mbc]", ["DRUG002"]),  # not also DRUG004: the pair is there, misspelt
    ("Kadcyla (trastuzumab emtansine) is given by drip. [@nci-mbc]", ["DRUG006"]),  # not also DRUG004
    ("Kisquali (palbociclib) is a pill. [@nci-mbc]", ["DRUG001", "DRUG002"]),  # two mistakes, two findings
    ("Ibrance (ribociclib) is a pill. [@nci-mbc]", ["DRUG001"]),
    ("Lynparza (olaparb) is a pill. [@nci-mbc]", ["DRUG002"]),  # the spelling, not "give both names"
    ("Lynparza (olaparib) is a pill. Take olaparb daily. [@nci-mbc]", ["DRUG002"]),  # later mention, no drug stem
    ("Kisqali (ribociclib) is a pill. Ask if ribociclb suits you. [@nci-mbc]", ["DRUG002"]),
    ("Kisqali (Ribociclib) is a pill. [@nci-mbc]", ["DRUG003"]),  # a bracket after the brand is not a sentence start
    ("Ribociclib (Kisqali) is a pill. [@nci-mbc]", []),  # a capital at the start of a sentence is right
])
def test_one_mistake_gives_one_finding(tmp_path, body, expected):
    assert sorted(f.rule for f in run_example(tmp_path, body)) == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_seeded_defects_of_every_rule_are_all_found_with_nothing_else(tmp_path, jobs):
    """A small version of the benchmark's generated site: 60 pages, 2 defects of every rule,
    checked in one process and split across two (as large trees are). Findings the unseeded copy
    already has (the real docs' own, if any) are expected again, and nothing else."""
    docs = tmp_path / "docs"
    # Enough clones for 2 defects of every rule, one per clone, with spares for rules that need a certain page.
    clones = clone_docs(docs, len(content_pages()) + 6 * len(RULES_SEEDED))
    assert set(RULES_SEEDED) | set(NOT_SEEDED) == set(RULES) and not set(RULES_SEEDED) & set(NOT_SEEDED)

    def check() -> list[tuple[str, int, str]]:
        found = check_files(sorted(docs.rglob("*.md")), load_context(docs), jobs=jobs)
        return [(Path(f.path).relative_to(docs).as_posix(), f.line, f.rule) for f in found]

    before = check()
    defects = seed_defects(docs, clones, 2, load_registry(), sorted(load_sources()), random.Random(1))
    assert {d.rule for d in defects} == set(RULES_SEEDED)
    seeded = {(d.rel, d.line, d.rule) for d in defects}
    assert sorted(check()) == sorted(seeded | set(before))


def test_broken_fixture_gives_exactly_the_expected_findings(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE / "docs", docs)
    shutil.copy(FIXTURE / "mkdocs.yml", tmp_path / "mkdocs.yml")  # the nav: site-wide rules (NAV001-002) run too
    result = subprocess.run([*CHECK, str(docs), "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    got = [f"{Path(f['path']).relative_to(docs).as_posix()}:{f['line']}:{f['column']} {f['rule']}"
           for f in json.loads(result.stdout)]
    assert got == (FIXTURE / "expected.txt").read_text().split("\n")[:-1]


def test_real_docs_have_no_findings():
    """No errors; warnings (a page past its review date) are allowed: they must not block a fix."""
    result = subprocess.run([*CHECK, "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert [f for f in json.loads(result.stdout) if f["severity"] != "warning"] == []


def test_text_format_is_path_line_col_rule_message(tmp_path):
    shutil.copytree(FIXTURE / "docs", tmp_path / "docs")
    out = subprocess.run([*CHECK, str(tmp_path / "docs" / "sub" / "page.md")], capture_output=True, text=True)
    first = out.stdout.splitlines()[0]
    assert first.endswith("page.md:5:1: META002 review this page: its next_review date 2024-12-31 has passed "
                          "(check every fact and source, then set last_reviewed to today and next_review within 12 months)")
    assert out.stdout.splitlines()[-1] == "5 findings (1 warning) in 1 file"


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


def _copy_project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    for name in ("scripts", "data", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def test_malformed_registry_is_a_finding_naming_file_and_line(tmp_path):
    project = _copy_project(tmp_path)
    drugs = project / "data" / "drugs.yml"
    drugs.write_text(drugs.read_text().replace("    class: cdk46-inhibitor\n", "    class: [oops\n", 1))
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py")], capture_output=True, text=True,
                            cwd=project)
    assert result.returncode == 1, result.stderr
    assert re.match(r"data/drugs\.yml:\d+:\d+: DATA001 malformed YAML", result.stdout), result.stdout


def test_every_data_file_error_is_shown(tmp_path):
    """Two errors in the registry and one in the sources: three findings, each at its own line."""
    project = _copy_project(tmp_path)
    drugs, sources = project / "data" / "drugs.yml", project / "data" / "sources.yml"
    text = drugs.read_text()
    edits = [("    brands: [Ibrance]\n", "    brands: [Kisqali]\n"), ("    given: pill\n", "    given: by-owl\n")]
    for old, new in edits:
        assert old in text, f"test edit no longer matches drugs.yml: {old!r}"
        text = text.replace(old, new, 1)
    drugs.write_text(text)
    sources.write_text(sources.read_text() + "junk: [\n")
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py"), "--format", "json"],
                            capture_output=True, text=True, cwd=project)
    assert result.returncode == 1, result.stderr
    found = [(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)]
    lines = text.split("\n")
    # The name clash is reported on a line that holds the name, not at the top of the file.
    assert any(p == "data/drugs.yml" and lines[n - 1] == "    brands: [Kisqali]" for p, n, _ in found), found
    owl = next(i for i, line in enumerate(lines, 1) if line == "    given: by-owl")
    assert ("data/drugs.yml", owl, "DATA001") in found
    assert any(p == "data/sources.yml" for p, _, _ in found)


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
    findings = run_example(tmp_path, "İİ Ask about Kisqali. The kisqali pill. [@nci-mbc]")
    assert [(f.rule, f.column) for f in findings] == [("DRUG004", 14), ("DRUG003", 27)]
