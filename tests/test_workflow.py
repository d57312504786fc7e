"""The writers' workflow: CI workflow files, spelling, review dates, edit buttons, the two commands."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*cmd: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *cmd], cwd=cwd, capture_output=True, text=True)


def validate_workflows(*paths) -> subprocess.CompletedProcess:
    return run("-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths))


def test_workflow_files_match_githubs_schema():
    assert WORKFLOWS, "no workflow files found"
    result = validate_workflows(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_schema_check_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOWS[0].read_text().replace("runs-on:", "runs_on:", 1))
    result = validate_workflows(bad)
    assert result.returncode == 1 and "runs-on" in result.stdout


def steps(workflow: str) -> list[dict]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text())
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_pull_request_workflow_annotates_builds_tests_and_uploads():
    runs = " ".join(s.get("run", "") for s in steps("pull-request.yml"))
    uses = [s.get("uses", "") for s in steps("pull-request.yml")]
    assert "scripts/check_docs.py --format github" in runs
    assert "make test" in runs and "scripts/screenshots.py" in runs
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert (ROOT / "scripts" / "screenshots.py").exists()


def test_pull_request_workflow_requires_renewed_review_dates():
    runs = [s.get("run", "") for s in steps("pull-request.yml")]
    assert any("scripts/check_review_renewed.py" in r and "github.base_ref" in r for r in runs)
    assert (ROOT / "scripts" / "check_review_renewed.py").exists()


def test_review_due_workflow_keeps_one_issue_weekly():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "review-due.yml").read_text())
    triggers = data[True]  # YAML reads the key `on` as true
    assert "workflow_dispatch" in triggers and triggers["schedule"][0]["cron"]
    assert data["permissions"]["issues"] == "write"
    script = " ".join(s.get("run", "") for s in steps("review-due.yml"))
    assert "scripts/review_due.py --overdue" in script
    assert "gh issue edit" in script and "gh issue create" in script


def test_publish_workflow_uses_the_official_pages_actions():
    uses = {s.get("uses", "").split("@")[0] for s in steps("publish.yml")}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert re.findall(r"^make (\w+)\b", readme, re.M)[:2] == ["serve", "test"]
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_pre_commit_hooks_call_scripts_that_exist():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [h["entry"] for repo in config["repos"] for h in repo["hooks"]]
    assert entries
    for entry in entries:
        script = entry.split()[1]
        assert (ROOT / script).exists(), f"pre-commit runs missing {script}"


# Spelling ------------------------------------------------------------------------------------------

def test_spellcheck_passes_the_docs_and_knows_registry_names():
    result = run("scripts/spellcheck.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_spellcheck_flags_a_misspelt_brand_with_the_fix(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Ask about Kisquali and abemaciclib.\nTrastuzumab deruxtecan and Enhertu are fine.\n")
    result = run("scripts/spellcheck.py", str(page))
    assert result.returncode != 0
    assert f"{page}:1: Kisquali ==> Kisqali" in result.stdout
    assert ":2:" not in result.stdout  # registry names are not flagged


def test_spellcheck_reads_the_data_files_but_not_the_registrys_misspellings(tmp_path):
    project = tmp_path / "p"
    for name in ("scripts", "data", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("README.md", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, project / name)
    glossary = project / "data" / "glossary.yml"
    text = glossary.read_text()
    line = next(i for i, l in enumerate(text.split("\n"), 1) if l.lstrip().startswith("definition:"))
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].replace("definition:", "definition: The body's sytem", 1)
    glossary.write_text("\n".join(lines))
    result = run(str(project / "scripts" / "spellcheck.py"), cwd=project)
    assert result.returncode != 0
    assert result.stdout.strip().splitlines() == [f"{glossary}:{line}: sytem ==> system"]


# Review dates --------------------------------------------------------------------------------------

def _pages_with_review_dates(tmp_path):
    """docs/ with soon.md (due 2027-01-10) and late.md (overdue since 2026-11-01)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    front = ("---\ntitle: A page title\ndescription: A description long enough to pass the schema check.\n"
             "last_reviewed: {last}\nnext_review: {next}\nsources: [nci-mbc]\n---\n# T\n")
    (docs / "soon.md").write_text(front.format(last="2026-01-10", next="2027-01-10"))
    (docs / "late.md").write_text(front.format(last="2025-11-01", next="2026-11-01"))
    return docs


def test_review_due_lists_pages_due_within_the_window(tmp_path):
    docs = _pages_with_review_dates(tmp_path)
    later = (docs / "soon.md").read_text().replace("2026-01-10", "2026-11-20").replace("2027-01-10", "2027-11-20")
    (docs / "later.md").write_text(later)
    result = run("scripts/review_due.py", "--today", "2026-11-26", "--docs", str(docs))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines[:2]] == ["late.md", "soon.md"]
    assert "overdue by 25 days" in lines[0] and "due in 45 days" in lines[1]
    assert lines[2] == "2 page(s) due for review within 60 days"


def test_review_due_lists_only_overdue_pages_with_overdue(tmp_path):
    docs = _pages_with_review_dates(tmp_path)
    result = run("scripts/review_due.py", "--overdue", "--today", "2026-11-26", "--docs", str(docs))
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "late.md" in lines[0] and lines[1] == "1 page(s) overdue for review"


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


def test_a_pull_request_changing_an_overdue_page_must_renew_its_date(tmp_path):
    repo = tmp_path / "repo"
    for name in ("scripts", "data", "docs"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    page = sorted((repo / "docs").rglob("*.md"))[0]
    other = sorted((repo / "docs").rglob("*.md"))[1]
    text = page.read_text()
    overdue = re.sub(r"^next_review:.*$", "next_review: 2026-12-31", re.sub(
        r"^last_reviewed:.*$", "last_reviewed: 2026-01-01", text, flags=re.M), flags=re.M)
    page.write_text(overdue)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    check = [str(repo / "scripts" / "check_review_renewed.py"), "main", "--today", "2027-01-01"]
    other.write_text(other.read_text() + "\nA small fix.\n")  # a page not overdue: fine
    assert run(*check, cwd=repo).returncode == 0
    page.write_text(overdue + "\nAn urgent fix.\n")
    result = run(*check, cwd=repo)
    assert result.returncode == 1 and page.relative_to(repo).as_posix() in result.stdout
    page.write_text(overdue.replace("last_reviewed: 2026-01-01", "last_reviewed: 2027-01-01")
                    .replace("next_review: 2026-12-31", "next_review: 2027-12-31") + "\nAn urgent fix.\n")
    assert run(*check, cwd=repo).returncode == 0


def test_page_meta_hook_says_whether_the_review_is_overdue():
    import datetime as dt
    import types

    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    try:
        import page_meta
    finally:
        sys.path.remove(str(ROOT / "overrides" / "hooks"))
    today = dt.date.today()
    for next_review, overdue in ((today - dt.timedelta(days=1), True), (today, False)):
        page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="x.md"), meta={})
        page_meta._dates["x.md"] = (today - dt.timedelta(days=300), next_review)
        page_meta.on_page_markdown("", page, None, None)
        assert page.meta["review_overdue"] is overdue


def test_review_due_fails_on_unreadable_dates(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: T\nnext_review: soon\n---\n")
    result = run("scripts/review_due.py", "--docs", str(tmp_path))
    assert result.returncode == 2 and "bad.md: cannot read review dates" in result.stderr


# Edit buttons --------------------------------------------------------------------------------------

def test_every_edit_button_opens_that_pages_source(built_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    prefix = config["repo_url"].rstrip("/") + "/" + config["edit_uri"]
    checked = 0
    for html_file in built_site.rglob("index.html"):
        if "search" in html_file.parts:
            continue
        m = re.search(r'<a href="([^"]+)" title="Edit this page"', html_file.read_text())
        assert m, f"{html_file}: no edit button"
        assert m.group(1).startswith(prefix), m.group(1)
        source = ROOT / "docs" / m.group(1)[len(prefix):]
        page_dir = html_file.parent.relative_to(built_site).as_posix()
        expected = {"index.md", f"{page_dir}.md", f"{page_dir}/index.md"}
        assert source.relative_to(ROOT / "docs").as_posix() in expected, (html_file, source)
        assert source.exists(), f"edit button of {page_dir or 'home'} opens missing {source}"
        checked += 1
    assert checked == len(list((ROOT / "docs").rglob("*.md")))
