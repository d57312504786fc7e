"""Run every rule over a set of Markdown files."""
from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlparse

from ..callouts import CALLOUTS_FILE, load_callouts
from ..glossary import load_glossary
from ..errors import DataError, DataErrors, display_path
from ..markdown import prose_lines
from ..paths import DATA, DOCS, DRUGS_FILE, GLOSSARY_FILE, SOURCE_POLICY_FILE, SOURCES_FILE, WATCH_FILE
from ..registry import load_registry
from ..source_policy import load_policy
from ..sources import load_sources
from ..watch import load_watch
from . import CheckerError, Finding
from .callouts import check_callouts, check_unknown_callouts
from .context import Context
from .data import check_data
from .drugs import check_drugs
from .evidence import check_claims, check_link_policy, check_news_approvals, check_policy_citations
from .links import HOST_RE, check_links, iter_links
from .keypoints import check_key_points
from .markers import check_markers
from .nav import check_nav, check_onward, nav_pages
from .pages import check_citations, check_meta, check_safety

GENERATED_PAGES = {"glossary.md"}  # filled from data files at build time


def collect(paths: list[Path]) -> list[Path]:
    files = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.rglob("*.md")))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(p)
    return files


def docs_root_for(files: list[Path], default: Path = DOCS) -> Path:
    """The docs folder the files belong to (the nearest parent named 'docs'), for resolving links."""
    for f in files:
        for parent in f.resolve().parents:
            if parent.name == "docs":
                return parent
    return default if not files else files[0].resolve().parent


def load_context(docs_root: Path, texts: dict[Path, str] | None = None, data_dir: Path = DATA) -> Context:
    """The data files and nav; raises DataErrors with every problem of every data file (each file
    is read even when another is broken). `texts` stands in for files' contents (tests)."""
    texts = texts or {}
    errors: list[DataError] = []

    def load(function, path: Path, **kwargs):
        try:
            return function(path, texts.get(path), **kwargs)
        except DataErrors as err:
            errors.extend(err.errors)
        except DataError as err:
            errors.append(err)
        return None

    sources = load(load_sources, data_dir / SOURCES_FILE.name)
    # A broken sources.yml must not hide the registry's own errors: check its ids against the ids listed.
    ids = set(sources) if sources is not None else _listed_ids(texts.get(data_dir / SOURCES_FILE.name)
                                                               or (data_dir / SOURCES_FILE.name).read_text("utf-8", "replace"))
    registry = load(load_registry, data_dir / DRUGS_FILE.name, source_ids=ids)
    glossary = None
    if registry is not None and sources is not None:  # the glossary is checked against both
        glossary = load(load_glossary, data_dir / GLOSSARY_FILE.name, registry=registry, known_sources=set(sources))
    policy = load(load_policy, data_dir / SOURCE_POLICY_FILE.name)
    if sources is not None and (data_dir / WATCH_FILE.name).exists():  # loaded so a broken watch list fails
        load(load_watch, data_dir / WATCH_FILE.name, source_ids=set(sources))
    callouts = None
    if (data_dir / CALLOUTS_FILE.name).exists():  # its citations are checked against the ids listed
        callouts = load(load_callouts, data_dir / CALLOUTS_FILE.name, source_ids=ids)
    if errors:
        raise DataErrors(errors)
    return Context(docs_root, registry, glossary, sources, policy=policy, data_dir=data_dir, nav=nav_pages(docs_root),
                   callouts=callouts)


def _listed_ids(text: str) -> set[str]:
    return set(re.findall(r"^\s*-\s*id:\s*([a-z0-9-]+)\s*$", text, re.M))


def check_data_files(ctx: Context, today: dt.date | None = None) -> list[Finding]:
    """The data-file rules (SRC001-002 on data/sources.yml, REG001-003 on data/drugs.yml)."""
    data_dir = ctx.data_dir or DATA
    try:
        return check_data(ctx.sources, data_dir / SOURCES_FILE.name, ctx.registry, ctx.policy or load_policy(),
                          today or dt.date.today())
    except Exception as err:  # a bug of ours: exit 2 naming the file (never a traceback)
        raise CheckerError(f"internal error while checking {display_path(data_dir)}: {type(err).__name__}: {err}") from err


def data_findings(err: DataError | DataErrors) -> list[Finding]:
    """Data-file errors as DATA001 findings, so a run shows every one of them with its place."""
    errors = err.errors if isinstance(err, DataErrors) else [err]
    return sorted({Finding(str(e.path), e.line, e.column, "DATA001", e.message) for e in errors})


UrlChecker = Callable[[Iterable[str]], dict]  # URL -> online.Answer (imported only with --online)


def check_files(files: list[Path], ctx: Context, today: dt.date | None = None,
                online: UrlChecker | None = None, jobs: int | None = None) -> list[Finding]:
    """Every rule over the files; with `online`, also LINK007 (external URLs that do not answer).

    Large trees are split across CPU cores (`jobs`; default: one per core, from 200 files up).
    """
    today = today or dt.date.today()
    jobs = 1 if online else (jobs or _default_jobs(len(files)))
    if jobs > 1:
        return _check_in_parallel(files, ctx, today, jobs)
    pages = [ctx.add_page(f) for f in files]
    findings: list[Finding] = []
    external: list[tuple[str, int, int, str]] = []  # (path, line, column, url) for --online
    for page in pages:
        try:
            lines = list(prose_lines(page.body, first_line=page.body_offset + 1))
            if online:
                external += _external_urls(ctx, page, lines)
            findings += _check_page(ctx, page, lines, today)
        except Exception as err:  # a bug of ours, not a finding: exit 2 naming the file (never a traceback)
            raise CheckerError(f"internal error while checking {display_path(page.path)}: "
                               f"{type(err).__name__}: {err}") from err
    if online:
        findings += _dead_links(external + _data_urls(ctx, pages), online)
    return sorted(set(findings))


def _check_page(ctx: Context, page, lines, today: dt.date) -> list[Finding]:
    found = check_meta(ctx, page, today) + check_links(ctx, page, lines) + check_safety(page, lines)
    cites = check_citations(ctx, page, lines)
    found += cites + check_news_approvals(ctx, page, lines) + check_policy_citations(ctx, page, lines)
    found += check_link_policy(ctx, page, lines) + check_callouts(page)
    found += check_unknown_callouts(page, ctx.callouts) if ctx.callouts is not None else []
    found += check_nav(ctx.nav, page) + check_onward(ctx, page, lines) + check_key_points(ctx, page, lines) + check_markers(ctx.registry, page, lines)
    if page.rel not in GENERATED_PAGES:
        found += check_drugs(ctx.registry, page, lines)
        found += check_claims(ctx, page, lines, {f.line for f in cites if f.rule == "CITE001"})
    return found


def _default_jobs(file_count: int) -> int:
    if "fork" not in mp.get_all_start_methods():
        return 1  # workers inherit the loaded registry by fork; elsewhere one process is fast enough
    return max(1, min(os.cpu_count() or 1, file_count // 100))


_shared: tuple[Context, dt.date] | None = None  # what forked workers inherit instead of pickling


def _check_chunk(files: list[Path]) -> list[Finding]:
    ctx, today = _shared
    return check_files(files, ctx, today, jobs=1)


def _check_in_parallel(files: list[Path], ctx: Context, today: dt.date, jobs: int) -> list[Finding]:
    global _shared
    _shared = (ctx, today)
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            chunks = pool.map(_check_chunk, [files[i::jobs] for i in range(jobs)])
    finally:
        _shared = None
    return sorted(set(itertools.chain.from_iterable(chunks)))


def _external_urls(ctx: Context, page, lines) -> list[tuple[str, int, int, str]]:
    """Well-formed https links in the page's text (LINK006 reports the others)."""
    return [(str(page.path), line, col, target) for line, col, _, _, target in iter_links(lines)
            if urlparse(target).scheme == "https" and HOST_RE.match(urlparse(target).netloc)]


def _data_urls(ctx: Context, pages) -> list[tuple[str, int, int, str]]:
    """Source URLs the pages list, and the registry's drug sources, located in their data file."""
    cited = {sid for page in pages for sid in page.source_ids if sid in ctx.sources}
    urls = [(display_path(SOURCES_FILE), ctx.sources[sid].line, 1, ctx.sources[sid].url) for sid in cited]
    urls += [(display_path(DRUGS_FILE), drug.line, 1, ctx.sources[sid].url)
             for drug in ctx.registry.drugs for sid in drug.sources]
    return urls


def _dead_links(found: list[tuple[str, int, int, str]], online: UrlChecker) -> list[Finding]:
    answers = online(url for *_, url in found)
    dead = []
    for path, line, col, url in found:
        answer = answers.get(url.split("#", 1)[0])
        if answer is not None and answer.dead:
            dead.append(Finding(path, line, col, "LINK007", f"fix or replace the dead link {url}: {answer.error}",
                                "find the page's new address, or cite another source"))
    return dead
