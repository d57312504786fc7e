"""Shared fixtures: the repository, a strict build of the real site, and throwaway copies."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", "--strict", "-d", str(site_dir)], cwd=project,
                          capture_output=True, text=True, env=ENV)


def data_error_report(load, path: Path, old: str, new: str) -> str:
    """Edit a data file's text in memory (old -> new), load it, and return the error report it must raise."""
    from mbcguide.errors import DataError, DataErrors

    text = path.read_text(encoding="utf-8")
    assert old in text, f"test edit no longer matches {path.name}: {old!r}"
    with pytest.raises((DataError, DataErrors)) as err:
        load(text=text.replace(old, new, 1))
    return str(err.value)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project to break on purpose."""
    dest = tmp_path / "project"
    for name in ("docs", "overrides", "data", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


# Browser fixtures, shared by the browser test modules.
@pytest.fixture(scope="session")
def browser():
    from mbcguide.browser import CHROMIUM_ARGS, NO_BROWSER_HELP, chromium_executable

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        except Exception as err:  # no browser anywhere
            pytest.skip(f"no Chromium found ({str(err).splitlines()[0]}); {NO_BROWSER_HELP}")
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(built_site):
    from mbcguide.browser import serve

    with serve(built_site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def page_urls(built_site) -> list[str]:
    from mbcguide.browser import page_paths

    return page_paths(built_site)
