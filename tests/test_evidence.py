"""The evidence chain: the source policy, the data-file rules and the golden project with one
planted defect per rule (tests/fixtures/evidence), each found exactly once at its file and line."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, data_error_report
from mbcguide.paths import SOURCE_POLICY_FILE
from mbcguide.source_policy import default_policy, kind_problem, load_policy, url_problem
from mbcguide.sources import KINDS, load_sources

EVIDENCE = ROOT / "tests" / "fixtures" / "evidence"
DEFECT_RE = re.compile(r"defect: ([A-Z]+\d{3})")


def check(project: Path, *args: str) -> list[tuple[str, int, str]]:
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py"), *args, "--format", "json"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return [(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)]


def planted(project: Path) -> list[tuple[str, int, str]]:
    """(file, line, rule) of every 'defect: RULE' mark in the planted files."""
    marks = []
    for rel in ("data/sources.yml", "data/drugs.yml", "docs/golden-facts.md", "docs/golden-policy.md"):
        for n, line in enumerate((project / rel).read_text(encoding="utf-8").split("\n"), 1):
            marks += [(rel, n, m.group(1)) for m in DEFECT_RE.finditer(line)]
    return marks


@pytest.fixture
def project(tmp_path) -> Path:
    dest = tmp_path / "project"
    for name in ("docs", "data", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_golden_project_gives_one_finding_per_planted_defect(project):
    before = check(project)  # the real tree's own findings, if any, are expected again
    for name in ("sources", "drugs"):
        data = project / "data" / f"{name}.yml"
        added = (EVIDENCE / f"{name}.add.yml").read_text(encoding="utf-8")
        data.write_text(data.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + added, encoding="utf-8")
    for page in (EVIDENCE / "docs").glob("*.md"):
        shutil.copy(page, project / "docs" / page.name)
    marks = planted(project)
    # every planted defect of the brief: http, IP host, blog, home page, approval without a primary
    # source, drug without `reviewed`, uncited factual paragraph, policy page citing NCI
    assert Counter(rule for *_, rule in marks) >= Counter(SRC001=4, REG001=1, REG003=1, CITE003=1, CITE005=1)
    after = Counter(check(project))
    after.subtract(Counter(before))
    assert sorted(after.elements()) == sorted(marks)


def test_data_rules_run_for_the_data_folder_only_when_asked(project):
    sources = project / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "url: https://www.cancer.gov/types/breast/survival", "url: http://www.cancer.gov/types/breast/survival", 1),
        encoding="utf-8")
    line = next(n for n, text in enumerate(sources.read_text().split("\n"), 1) if "url: http://www.cancer.gov/types/breast/survival" in text)
    assert ("data/sources.yml", line, "SRC001") in check(project)  # no arguments: docs/ and data/
    assert ("data/sources.yml", line, "SRC001") in check(project, "data")
    assert not [f for f in check(project, "docs/index.md") if f[0].startswith("data/")]


@pytest.mark.parametrize("url, problem", [
    ("https://www.cancer.gov/types/breast", None),
    ("https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=x", None),
    ("https://www.cancer.gov/?q=breast", None),  # a query names a page
    ("http://www.cancer.gov/types/breast", "use an https URL"),
    ("https://www.cancer.gov", "home page"),
    ("https://www.cancer.gov/", "home page"),
    ("https://192.0.2.1/report", "bare IP address"),
    ("https://[2001:db8::1]/report", "bare IP address"),
    ("https://someone.blogspot.com/post", "never-list"),
    ("https://www.reddit.com/r/breastcancer/x", "never-list"),
    ("https://x.com/someone/status/1", "never-list"),
    ("https://medium.com/@someone/post", "never-list"),
    ("https://notx.com/page", None),  # *.x.com is not "ends with x.com"
    ("https://[/", "malformed"),
])
def test_url_shape(url, problem):
    found = url_problem(url, default_policy())
    assert (found is None) if problem is None else (problem in found), found


@pytest.mark.parametrize("kind, url, fits", [
    ("fda", "https://www.fda.gov/drugs/x", True),
    ("fda", "https://dailymed.nlm.nih.gov/dailymed/x", True),
    ("fda", "https://www.cancer.gov/types/breast", False),
    ("nci", "https://seer.cancer.gov/statfacts/html/breast.html", True),
    ("nci", "https://www.fda.gov/drugs/x", False),
    ("journal", "https://doi.org/10.1/x", True),
    ("journal", "https://www.ascopost.com/x", False),
    ("news", "https://www.ascopost.com/x", True),
])
def test_host_fits_kind(kind, url, fits):
    assert (kind_problem(kind, url, default_policy()) is None) == fits


def test_policy_names_every_kind_and_lists_the_journal_hosts_in_use():
    policy = default_policy()
    assert set(policy.hosts) == set(KINDS)
    journal_hosts = {urlparse(s.url).hostname for s in load_sources().values() if s.kind == "journal"}
    assert journal_hosts <= policy.hosts["journal"], "list every journal publisher host explicitly"


@pytest.mark.parametrize("old, new, message", [
    ("    any_host: true\n", "    any_host: false\n", "kinds/guideline"),
    ("  - \"*.blogspot.com\"\n", "  - \"blog spot\"\n", "does not match"),
    ("  journal:\n", "  jornal:\n", "'journal' is a required property"),
])
def test_bad_policy_is_reported_with_its_line(old, new, message):
    report = data_error_report(load_policy, SOURCE_POLICY_FILE, old, new)
    assert message in report and re.search(r"data/source_policy\.yml:\d+:", report)


def test_content_reviewers_own_the_pages_and_the_data():
    """GitHub requests a content review for every change to docs/ or data/ (the last matching line wins)."""
    rules = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]

    def owners(path: str) -> list[str]:
        matching = [r[1:] for r in rules if r[0] == "*" or path.startswith(r[0].lstrip("/"))]
        return matching[-1] if matching else []

    for path in ("docs/index.md", "docs/treatment/chemotherapy.md", "data/drugs.yml", "data/sources.yml",
                 "data/source_policy.yml", "data/schema/drugs.schema.json", "data/watch.yml"):
        assert "@mbc-guide/content-reviewers" in owners(path), path
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert "## Source policy" in contributing and "## Review and approval" in contributing
    assert "require review from Code Owners" in contributing


def test_evidence_rules_take_linear_time_on_hostile_lines(tmp_path):
    """Four times the input may take about four times as long, never sixteen (ratio in one run)."""
    import datetime as dt
    import time

    from mbcguide.checker.run import check_files, load_context

    pieces = ["was approved. [@ascopost-2026-datopotamab-tnbc", "- [x](.md#.md", "1.1.1.", "[@", " treats ",
              "| 5 ", "https://a.blogspot.com/"]
    ctx = load_context(tmp_path)
    header = "---\ntitle: Hostile\ndescription: A page of hostile lines that must be checked in linear time by the rules.\n" \
             f"last_reviewed: {dt.date.today()}\nnext_review: {dt.date.today() + dt.timedelta(days=300)}\n" \
             "sources: [nci-mbc, ascopost-2026-datopotamab-tnbc]\n---\n\n# Hostile\n\n"

    def seconds(n: int) -> float:
        page = tmp_path / f"hostile-{n}.md"
        page.write_text(header + "\n\n".join(p * n for p in pieces) + "\n", encoding="utf-8")
        start = time.perf_counter()
        check_files([page], ctx, jobs=1)
        return time.perf_counter() - start

    seconds(100)  # warm up (regex compilation, caches)
    small, large = min(seconds(500) for _ in range(3)), min(seconds(2000) for _ in range(3))
    assert large / small < 10, (small, large)


def cite003_lines(tmp_path: Path, body: str, policy: bool = False) -> list[int]:
    """Body lines (1 = the body's first line) where CITE003 fires, on an otherwise valid page."""
    import datetime as dt

    from mbcguide.checker.run import check_files, load_context

    today = dt.date.today()
    head = (f"---\ntitle: Example\ndescription: An example page for the CITE003 tests, with valid front matter "
            f"and sources.\nlast_reviewed: {today}\nnext_review: {today + dt.timedelta(days=300)}\n"
            f"sources: [nci-mbc]\n{'policy: true' + chr(10) if policy else ''}---\n")
    page = tmp_path / "example.md"
    page.write_text(head + body, encoding="utf-8")
    offset = head.count("\n")
    return [f.line - offset for f in check_files([page], load_context(tmp_path)) if f.rule == "CITE003"]


@pytest.mark.parametrize("body, lines", [
    ("# Hormone therapy lowers estrogen\n", []),  # a heading
    ("Hormone therapy lowers estrogen.\n", [1]),  # a claim verb
    ("Kisqali (ribociclib) is a pill.\n", [1]),  # a registry drug name
    ("In 2019 the study ended.\n", []),  # a figure without a citation: CITE001's, reported once
    ("Ask your care team about HER2 and CDK4/6.\n", []),  # digits in names are not numbers
    ("Hormone therapy lowers estrogen.\nIt comes as a pill. [@nci-mbc]\n", []),  # cited in the paragraph
    ("Your team looks at: [@nci-mbc]\n\n- where it has spread\n- the treatments you had\n", []),  # lead-in
    ("MBC most often spreads to the:\n\n- bones\n- liver\n\n[@nci-mbc]\n", []),  # citation line under the list
    ("Cancer in bones can cause:\n\n- pain [@nci-mbc]\n- breaks [@nci-mbc]\n", []),  # every item cited
    ("Some facts:\n\n- it spreads to bones [@nci-mbc]\n- it spreads to the liver\n", [4]),  # the uncited item
    ("- [Outlook](outlook.md): what the numbers say in 2026\n- [Trials](https://www.cancer.gov/x)\n", []),  # navigation
    ("Read about [when treatment stops working](other.md).\n", []),  # names a page, claims nothing
    ('!!! question "Questions to ask your care team"\n    - Does this drug lower estrogen?\n', []),
    ("| Type | Alive after 5 years |\n|---|---|\n| HR-positive | 34 out of 100 |\n", []),  # CITE001's
    ("| Drug | Use |\n|---|---|\n| Kisqali (ribociclib) | blocks CDK4/6 |\n", [1]),  # a table is one unit
])
def test_what_counts_as_an_uncited_fact(tmp_path, body, lines):
    assert cite003_lines(tmp_path, body) == lines


def test_site_policy_pages_are_exempt_from_cite003(tmp_path):
    assert cite003_lines(tmp_path, "We update a page when a new medicine is approved.\n", policy=True) == []
    assert cite003_lines(tmp_path, "We update a page when a new medicine is approved.\n") == [1]
