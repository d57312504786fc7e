"""`make review-due`: drugs whose yearly review is near, approvals waiting for a primary source,
and watch-list items whose date has passed; the watch-list loader."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, data_error_report
from mbcguide.checker.data import months_later
from mbcguide.paths import DRUGS_FILE, WATCH_FILE
from mbcguide.registry import load_registry
from mbcguide.watch import load_watch

TODAY = dt.date.today()  # the real data's review dates are all on or before today


def review_due(data: Path, docs: Path, today: dt.date = TODAY) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/review_due.py", "--today", str(today), "--data", str(data),
                           "--docs", str(docs)], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "docs").mkdir()
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test edit no longer matches {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_lists_a_drug_whose_yearly_review_has_passed(data):
    registry = load_registry(data / "drugs.yml", today=TODAY)
    drug = registry.drugs[0]
    old = TODAY - dt.timedelta(days=400)
    edit(data / "drugs.yml", f"    reviewed: {drug.reviewed}\n", f"    reviewed: {old}\n")
    result = review_due(data, data.parent / "docs")
    assert result.returncode == 0, result.stderr
    due = months_later(old, 12)
    assert f"data/drugs.yml:{drug.line}: {drug.generic}: review due {due} (overdue by {(TODAY - due).days} days)" \
        in result.stdout.replace(str(data.parent) + "/", "")


def test_lists_drugs_due_within_the_window_and_no_others(data):
    registry = load_registry(data / "drugs.yml", today=TODAY)
    latest = max(d.reviewed for d in registry.drugs)
    today = months_later(latest, 12) - dt.timedelta(days=30)  # the latest review is due in 30 days
    due = [d for d in registry.drugs if (months_later(d.reviewed, 12) - today).days <= 60]
    result = review_due(data, data.parent / "docs", today)
    assert result.returncode == 0, result.stderr
    assert f"{len(due)} drug(s) due for review within 60 days" in result.stdout.splitlines()
    assert "(due in 30 days)" in result.stdout


def test_lists_every_approval_waiting_for_a_primary_source(data):
    registry = load_registry(data / "drugs.yml", today=TODAY)
    pending = [(d, a) for d in registry.drugs for a in d.approvals if a.pending]
    result = review_due(data, data.parent / "docs")
    lines = result.stdout.splitlines()
    assert f"{len(pending)} approval(s) waiting for a primary source" in lines
    for drug, approval in pending:
        assert any(f":{approval.line}: {drug.generic} approval {approval.date}: primary source pending" in line
                   for line in lines), (drug.generic, approval.date)


def test_lists_watch_items_whose_date_has_passed_only(data):
    (data / "watch.yml").write_text(
        "watch:\n"
        f"  - date: {TODAY - dt.timedelta(days=1)}\n    what: New yearly survival figures are out\n    source: nci-survival\n"
        f"  - date: {TODAY + dt.timedelta(days=1)}\n    what: A trial reports its first results\n    source: nci-mbc\n", encoding="utf-8")
    result = review_due(data, data.parent / "docs")
    assert result.returncode == 0, result.stderr
    assert f"watch.yml:2: {TODAY - dt.timedelta(days=1)}: New yearly survival figures are out (check nci-survival)" \
        in result.stdout
    assert str(TODAY + dt.timedelta(days=1)) not in result.stdout
    assert "1 watch-list item(s) whose date has passed" in result.stdout.splitlines()


def test_an_unreadable_watch_list_exits_2_naming_the_line(data):
    (data / "watch.yml").write_text("watch:\n  - date: 2026-10-01\n    what: Something changes here\n    source: nci-nope\n",
                                    encoding="utf-8")
    result = review_due(data, data.parent / "docs")
    assert result.returncode == 2
    assert "watch.yml:4:" in result.stderr and "unknown source id 'nci-nope'" in result.stderr


def test_the_real_watch_list_loads():
    assert isinstance(load_watch(), list)


@pytest.mark.parametrize("new, message", [
    ("watch:\n  - date: 2026-02-30\n    what: A date that does not exist\n    source: nci-mbc\n", "is not a real day"),
    ("watch:\n  - date: 2026-1-30\n    what: A date written the wrong way\n    source: nci-mbc\n", "does not match"),
    ("watch:\n  - date: 2027-01-01\n    what: The later item comes first\n    source: nci-mbc\n"
     "  - date: 2026-01-01\n    what: The earlier item comes second\n    source: nci-mbc\n", "out of order"),
    ("watch:\n  - date: 2027-01-01\n    what: An item without its source\n", "'source' is a required property"),
])
def test_bad_watch_items_are_reported_with_their_line(new, message):
    report = data_error_report(load_watch, WATCH_FILE, "watch: []\n", new)
    assert message in report and "data/watch.yml:" in report
