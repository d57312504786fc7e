"""Run every rule over a set of Markdown files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..glossary import load_glossary
from ..markdown import prose_lines
from ..paths import DOCS
from ..registry import load_registry
from ..sources import load_sources
from . import Finding
from .context import Context
from .drugs import check_drugs
from .links import check_links
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


def load_context(docs_root: Path) -> Context:
    registry = load_registry()
    sources = load_sources()
    glossary = load_glossary(registry=registry, known_sources=set(sources))
    return Context(docs_root, registry, glossary, sources)


def check_files(files: list[Path], ctx: Context, today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    pages = [ctx.add_page(f, f.read_text(encoding="utf-8")) for f in files]
    findings: list[Finding] = []
    for page in pages:
        lines = list(prose_lines(page.body, first_line=page.body_offset + 1))
        findings += check_meta(ctx, page, today)
        findings += check_links(ctx, page, lines)
        findings += check_safety(page, lines)
        findings += check_citations(ctx, page, lines)
        if page.rel not in GENERATED_PAGES:
            findings += check_drugs(ctx.registry, page, lines)
    return sorted(set(findings))
