"""Large synthetic sites for the benchmarks: the real pages, cloned until there are N of them.

Clones sit next to their original (treatment/chemotherapy-0007.md), so every relative link,
citation and glossary term still resolves: a clean clone builds and checks exactly like the original.
"""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from .paths import DOCS

# Generated or site-wide pages that must stay single.
NOT_CLONED = {"glossary.md", "sources.md"}


def content_pages(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in NOT_CLONED)


def clone_docs(dest: Path, pages: int, docs: Path = DOCS) -> list[Path]:
    """Copy docs/ to dest and add clones until dest has `pages` content pages; returns the clones."""
    shutil.copytree(docs, dest)
    originals = content_pages(dest)
    clones = []
    for n, original in zip(range(pages - len(originals)), itertools.cycle(originals)):
        clone = original.with_name(f"{original.stem}-{n:04d}.md")
        shutil.copyfile(original, clone)
        clones.append(clone)
    return clones
