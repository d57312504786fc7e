"""Hostile and careless input: no text, bytes or data file crashes the checker, and its time grows
linearly with the input.

Time is never compared with the clock: each check is compared with a baseline measured in the same
run on the same text (read it, lower-case it, find its words), and a long input with one eight
times shorter. Times are CPU time of this process (time.process_time), so other work on a busy
machine does not count. Profiles: HYPOTHESIS_PROFILE=ci (default, about 2,000 examples) or nightly (10x).
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from mbcguide.checker import RULES, CheckerError
from mbcguide.checker.run import check_files, load_context
from mbcguide.errors import DataError, DataErrors
from mbcguide.glossary import load_glossary
from mbcguide.paths import DRUGS_FILE, GLOSSARY_FILE, SOURCES_FILE
from mbcguide.registry import load_registry
from mbcguide.searchterms import SEARCH_TERMS_FILE, load_search_words
from mbcguide.sources import load_sources

# Examples per test are scaled by the profile: ci (the default) runs 2,658 in about a minute.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SCALE = {"ci": 1, "nightly": 10}[PROFILE]
settings.register_profile("ci", deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("nightly", deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(PROFILE)
PAGE_EXAMPLES, DATA_EXAMPLES, RUN_EXAMPLES = 600 * SCALE, 250 * SCALE, 8 * SCALE

CHECK = [sys.executable, str(ROOT / "scripts" / "check_docs.py")]
TODAY = dt.date(2026, 11, 28)
FRONT = ("---\ntitle: Example\ndescription: An example page used by the fuzz tests, with valid front matter "
         "and sources.\nlast_reviewed: 2026-11-01\nnext_review: 2027-06-01\nsources: [nci-mbc]\n---\n\n")
WORD_RE = re.compile(r"\w+")
# Ratio of the checker's time to the baseline's that no input may exceed; generous, because a
# super-linear rule shows up as a ratio that grows with the input, which the scaling test measures.
MAX_RATIO = 400

# Markdown-ish characters, so examples reach the rules, plus anything at all.
MARKUPISH = st.text(alphabet=st.sampled_from(list("abc KisqaliOlaparib()[]<>!-#*`_:/@{}.\"'\n\t|=&;%"))
                    | st.characters(), max_size=400)


class Docs(tuple):
    """(docs root, checker context, time to check an empty page), with a short repr for reports."""

    def __repr__(self) -> str:
        return "docs"


@pytest.fixture(scope="module")
def docs():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "docs"
        root.mkdir()
        (root / "other.md").write_text(FRONT + "# Other\n\n## A heading\n\nText.\n")
        ctx = load_context(root)
        yield Docs((root, ctx, _empty_page_time(root, ctx)))


def _check(root: Path, ctx, data: bytes) -> tuple[list, float]:
    page = root / "page.md"
    page.write_bytes(data)
    ctx.pages.pop("page.md", None)
    gc.disable()  # a collection's pause depends on the whole process, not on this input
    start = time.process_time()
    try:
        findings = check_files([page], ctx, today=TODAY)
    except CheckerError as err:  # the checker's own "internal error": a bug, never acceptable
        pytest.fail(f"{err} on input {data[:200]!r}")
    finally:
        took = time.process_time() - start
        gc.enable()
    return findings, took


def _baseline(data: bytes) -> float:
    start = time.process_time()
    text = data.decode("utf-8", "replace").lower()
    WORD_RE.findall(text)
    return time.process_time() - start


def _empty_page_time(root: Path, ctx) -> float:
    return min(_check(root, ctx, FRONT.encode())[1] for _ in range(5))


def _assert_checked_in_time(docs, data: bytes) -> list:
    root, ctx, fixed = docs
    findings, took = _check(root, ctx, data)
    assert all(f.rule in RULES for f in findings), findings
    allowed = MAX_RATIO * _baseline(data) + 20 * fixed  # 20x: room for a slow moment on a shared machine
    if took > allowed:  # measure again before failing: one pause of the machine is not a finding
        took = min(took, _check(root, ctx, data)[1])
    assert took <= allowed, f"{took:.4f}s > {allowed:.4f}s for {data[:120]!r}..."
    return findings


@settings(max_examples=PAGE_EXAMPLES)
@given(body=MARKUPISH)
def test_any_text_as_a_page_body(docs, body):
    _assert_checked_in_time(docs, (FRONT + body).encode("utf-8", "surrogatepass"))


@settings(max_examples=PAGE_EXAMPLES)
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_whole_page(docs, data):
    _assert_checked_in_time(docs, data)


@settings(max_examples=PAGE_EXAMPLES)
@given(text=st.text(max_size=400))
def test_any_text_as_a_whole_page(docs, text):
    _assert_checked_in_time(docs, text.encode("utf-8", "surrogatepass"))


KEYS = ["title", "description", "last_reviewed", "next_review", "sources", "unknown"]


@settings(max_examples=PAGE_EXAMPLES)
@given(key=st.sampled_from(KEYS), value=st.text(max_size=120) | st.sampled_from(
    ["[nci-mbc", "nci-mbc", "[[a]]", "&x [*x]", "*x", "{a: [b}", "? [a]\n: b", "\x00", "\x1b[31m", "2026-13-01"]))
def test_any_front_matter_value(docs, key, value):
    lines = [line for line in FRONT.split("\n") if not line.startswith(key + ":")]
    lines.insert(1, f"{key}: {value}")
    _assert_checked_in_time(docs, ("\n".join(lines) + "# Page\n").encode("utf-8", "surrogatepass"))


# --- data files: in process (load functions), then a few whole runs --------------------------

DATA_FILES = {"drugs": (DRUGS_FILE, load_registry), "sources": (SOURCES_FILE, load_sources),
              "glossary": (GLOSSARY_FILE, load_glossary)}
# Files only the build reads (not the checker): loaded in process, not in whole checker runs.
BUILD_DATA_FILES = {"search_terms": (SEARCH_TERMS_FILE, partial(load_search_words, ROOT / "docs"))}
LOADED_FILES = {**DATA_FILES, **BUILD_DATA_FILES}
JUNK = st.sampled_from(["", ":", "- [", "  x: {", "\t", "? [a, b]\n: c\n", "&a [*a]\n", "\x00", "\ufeff",
                        "a: &a x\nb: *a\n", "- \x07\n", "class: nope"]) | st.text(max_size=40)


@settings(max_examples=DATA_EXAMPLES)
@given(name=st.sampled_from(sorted(LOADED_FILES)), cut=st.integers(0, 10 ** 6), junk=JUNK)
def test_any_edit_of_a_data_file_is_a_located_error_or_fine(name, cut, junk):
    path, load = LOADED_FILES[name]
    text = path.read_text(encoding="utf-8")
    cut %= len(text) + 1
    try:
        load(text=text[:cut] + junk + text[cut:])
    except (DataError, DataErrors) as err:
        first = str(err).splitlines()[0]
        assert re.match(r"[^:]+:\d+:\d+: \S", first), first


def _project(tmp: Path) -> Path:
    project = tmp / "p"
    for name in ("scripts", "data", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _run_checker(project: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(project / "scripts" / "check_docs.py")], capture_output=True,
                            text=True, cwd=project, timeout=120)
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if result.returncode == 2:
        assert result.stderr.startswith("check_docs: ")
    return result


@settings(max_examples=RUN_EXAMPLES)
@given(name=st.sampled_from(sorted(DATA_FILES)), cut=st.integers(0, 10 ** 6), junk=JUNK)
def test_any_edit_of_a_data_file_in_a_whole_run(tmp_path_factory, name, cut, junk):
    project = _project(tmp_path_factory.mktemp("fuzz"))
    path = project / "data" / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    cut %= len(text) + 1
    path.write_text(text[:cut] + junk + text[cut:], encoding="utf-8")
    _run_checker(project)


# --- seeds: inputs that once crashed or hung a tool -------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(6))
PAGE_SEEDS = {
    "broken IPv6 URL": (FRONT + "See [x](https://[/).\n").encode(),
    "NUL in front matter": FRONT.replace("title: Example", "title: Ex\x00ample").encode(),
    "escape in front matter": FRONT.replace("title: Example", "title: Ex\x1bample").encode(),
    "list as a key": FRONT.replace("title: Example", "? [a, b]\n: c\ntitle: Example").encode(),
    "self-referencing alias": FRONT.replace("title: Example", "title: &x [*x]").encode(),
    "alias bomb": FRONT.replace("title: Example\n", "title: Example\n" + BOMB).encode(),
    "link target over 255 chars": (FRONT + f"Read [x]({'a' * 300}.md).\n").encode(),
    "Latin-1 page": (FRONT + "Caf\u00e9 au lait.\n").encode("latin-1"),
    "sources without brackets": FRONT.replace("sources: [nci-mbc]", "sources: nci-mbc").encode(),
    "UTF-8 BOM": b"\xef\xbb\xbf" + (FRONT + "Text.\n").encode(),
}
EXPECTED = {"broken IPv6 URL": "LINK006", "NUL in front matter": "META001", "escape in front matter": "META001",
            "list as a key": "META001", "self-referencing alias": "META001", "alias bomb": "META001",
            "link target over 255 chars": "LINK001", "Latin-1 page": "META001",
            "sources without brackets": "META001", "UTF-8 BOM": None}


@pytest.mark.parametrize("seed", sorted(PAGE_SEEDS))
def test_seed_pages_give_located_findings(docs, seed):
    findings = _assert_checked_in_time(docs, PAGE_SEEDS[seed])
    rules = {f.rule for f in findings}
    assert (EXPECTED[seed] in rules) if EXPECTED[seed] else not findings, findings


DATA_SEEDS = {
    "NUL": lambda t: t.replace("\n", "\n# \x00\n", 1),
    "list as a key": lambda t: t + "? [a, b]\n: c\n",
    "self-referencing alias": lambda t: t + "loop: &x [*x]\n",
    "alias bomb": lambda t: t + BOMB,
    "Latin-1": lambda t: t + "# caf\u00e9\n",
}


@pytest.mark.parametrize("name", sorted(LOADED_FILES))
@pytest.mark.parametrize("seed", sorted(DATA_SEEDS))
def test_seed_data_files_are_located_errors(name, seed):
    path, load = LOADED_FILES[name]
    text = DATA_SEEDS[seed](path.read_text(encoding="utf-8"))
    with pytest.raises((DataError, DataErrors)) as err:
        if seed == "Latin-1":
            from mbcguide.textfile import decode
            load(text=decode(text.encode("latin-1"), path))
        else:
            load(text=text)
    assert re.match(r"[^:]+:\d+:\d+: \S", str(err.value).splitlines()[0]), str(err.value)


@pytest.mark.parametrize("seed", ["NUL", "alias bomb", "Latin-1"])
def test_seed_data_files_in_a_whole_run(tmp_path, seed):
    project = _project(tmp_path)
    path = project / "data" / "drugs.yml"
    text = DATA_SEEDS[seed](path.read_text(encoding="utf-8"))
    path.write_bytes(text.encode("latin-1" if seed == "Latin-1" else "utf-8"))
    result = _run_checker(project)
    assert result.returncode != 0 and "data/drugs.yml:" in result.stdout + result.stderr


# --- scaling: eight times the input takes less than sixteen times the time ------------------

LINES = [(unit, 15_000) for unit in ["<!--", "< x", "Kisqali ", "Olaparib ", "olaparb ", "[x](", "[", "](", "[@", "a`", "`a``", "# ",
         "PARP inhibitor Lynparza ", "Lynparza, a PARP inhibitor, ", "CDK4/6 inhibitors such as Lynparza, ",
         "trastuzumab emtansine ", "Ribociclib (Kisqali) ", "Abcdefgh ", "{#",
                                         "<a ", "<https://"]]


@pytest.mark.parametrize("unit, start", LINES)
def test_a_line_eight_times_longer_takes_less_than_sixteen_times_as_long(docs, unit, start):
    """A 15 KB line of one repeated piece, then 30, 60 and 120 KB (each followed by a link to a
    heading of the page, so anchors are read too). Stops at the first size over the limit."""
    def page(size: int) -> bytes:
        return (FRONT + unit * (size // len(unit)) + "\n\n[self](page.md#x)\n").encode()
    root, ctx, fixed = docs
    small = page(start)
    _check(root, ctx, small)  # warm caches (spelling suggestions are cached per word)
    t_small = min(_check(root, ctx, small)[1] for _ in range(3))
    limit = 16 * t_small + 20 * fixed
    for size in (2 * start, 4 * start, 8 * start):
        data = page(size)
        took = _check(root, ctx, data)[1]
        for _ in range(2):  # a pause of the machine is not a finding: measure again before failing
            if took >= limit:
                took = min(took, _check(root, ctx, data)[1])
        assert took < limit, f"{size // 1000} KB took {took:.3f}s; {start // 1000} KB took {t_small:.3f}s"
