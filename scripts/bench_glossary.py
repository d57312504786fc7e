#!/usr/bin/env python3
"""Benchmark: what the glossary linker adds to build time, on the real site and on large sites.

Usage: python scripts/bench_glossary.py [--pages 250 500 1000] [--repeat 3]
Builds the same pages with the glossary_links hook on and off, alternating, in one run, and prints
the median build times and their ratio. Linear growth shows as a steady linker cost per page.
Bar (issue #3): the linker adds at most 10% (ratio <= 1.10) and its cost per page stays flat.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.paths import DOCS, ROOT  # noqa: E402
from mbcguide.synthetic import clone_docs, content_pages, timed_build, write_config  # noqa: E402

LINKER_HOOK = "overrides/hooks/glossary_links.py"
HOOKS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]


def compare(label: str, docs: Path, repeat: int) -> tuple[int, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        configs = {on: write_config(folder / f"mkdocs-{'on' if on else 'off'}.yml", docs, folder / "site",
                                    [h for h in HOOKS if on or h != LINKER_HOOK]) for on in (True, False)}
        timed_build(configs[True])  # warm-up: imports, theme templates, file cache
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(repeat):
            for on in (False, True):  # alternate so drift hits both sides alike
                times[on].append(timed_build(configs[on]))
    pages = len(content_pages(docs)) + 2
    on, off = statistics.median(times[True]), statistics.median(times[False])
    print(f"{label:24} {pages:6} {off:9.2f} {on:9.2f} {on / off:7.3f} {(on - off) / pages * 1000:12.2f}")
    return pages, on, off


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # clones repeat titles; only time matters here
    print(f"{'site':24} {'pages':>6} {'off (s)':>9} {'on (s)':>9} {'ratio':>7} {'ms/page added':>12}")
    results = [compare("real site", DOCS, max(args.repeat, 5))]
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.pages:
            docs = Path(tmp) / f"docs-{n}"
            clone_docs(docs, n)
            results.append(compare(f"generated, {n} pages", docs, args.repeat))
    worst = max(on / off for _, on, off in results)
    per_page = [(on - off) / pages * 1000 for pages, on, off in results[1:]]
    print(f"worst ratio {worst:.3f} (bar 1.10); linker cost per page {min(per_page):.2f}-{max(per_page):.2f} ms "
          f"across {', '.join(str(n) for n in args.pages)} pages (flat = linear growth)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
