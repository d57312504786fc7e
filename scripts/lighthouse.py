#!/usr/bin/env python3
"""Lighthouse scores for every page of a built site (mobile profile), as a table.

Usage: python scripts/lighthouse.py [SITE_DIR] [--pages PATH ...] [--out DIR]
Runs a pinned Lighthouse through npx (downloaded on first use, not part of `make test`) against a
local server, with the Chromium found by mbcguide.browser (CHROME_PATH is set for Lighthouse).
Prints performance, accessibility, best practices and SEO per page and the lowest of each.
Exit 0 when every score is 100, 1 when one is lower, 2 when the site, npx or a browser is missing.

Lighthouse's mobile profile simulates a slow phone from the time each task took on this machine,
so anything else running here (a test suite, a build) inflates the figures: measure on an idle
machine. When it can (as root), the script runs Lighthouse and its Chromium at a raised priority
(nice -10), which lessens but does not remove that effect; the header line says whether it did.
(Not real-time priority: a spinning renderer at real-time priority starved the local server and the
rest of the machine.) --runs N reports each page's median run (by performance; the other
categories are their own medians).

Lighthouse also measures this machine's speed on every run (benchmarkIndex) and warns when it is
below 1000, "at least ~2x weaker than our regular target device" (its SLOW_CPU_BENCHMARK_INDEX_THRESHOLD):
scores from such a run mostly measure the machine. Here such a run is repeated, up to --slow-retries
times per page; if no run is fast enough, the page's figures are still printed, marked "slow host",
and count like any other (the exit code does not hide them). The BI column is the index of the runs kept.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.browser import CHROMIUM_ARGS, NO_BROWSER_HELP, chromium_executable, page_paths, serve  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"  # 13.x needs Node 22; Debian ships Node 20
RUN_TIMEOUT = 300  # seconds for one page; a run that hangs is reported, not waited for
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SLOW_HOST_INDEX = 1000  # Lighthouse 12's SLOW_CPU_BENCHMARK_INDEX_THRESHOLD (core/gather/driver/environment.js)


def priority_prefix() -> list[str]:
    """`nice -n -10` when this process may raise priority (root), else nothing."""
    nice = shutil.which("nice")
    if nice and hasattr(os, "geteuid") and os.geteuid() == 0:
        return [nice, "-n", "-10"]
    return []


def run_lighthouse(url: str, chrome: str, report: Path) -> dict[str, int]:
    cmd = [*priority_prefix(), "npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=RUN_TIMEOUT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["tbt"] = round(result["audits"]["total-blocking-time"]["numericValue"])  # ms: where points go first
    scores["bi"] = round(result["environment"]["benchmarkIndex"])
    return scores


def failed_audits(report: Path) -> list[str]:
    """Audits that cost points, so a low score says what to fix."""
    result = json.loads(report.read_text(encoding="utf-8"))
    weighted = {ref["id"] for c in CATEGORIES for ref in result["categories"][c]["auditRefs"] if ref["weight"]}
    return sorted(a for a in weighted if (result["audits"][a]["score"] is not None
                                          and result["audits"][a]["score"] < 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--pages", nargs="*", help="URL paths such as treatment/ (default: every page)")
    parser.add_argument("--out", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; each score is the median")
    parser.add_argument("--slow-retries", type=int, default=3,
                        help=f"extra runs per page when Lighthouse finds the machine slow (index < {SLOW_HOST_INDEX})")
    args = parser.parse_args(argv)
    chrome = chromium_executable()
    if not (args.site / "index.html").exists():
        print(f"error: {args.site}/index.html not found; run 'make build' first", file=sys.stderr)
        return 2
    if not shutil.which("npx") or not chrome:
        print(f"error: needs npx (Node.js) and Chromium; {NO_BROWSER_HELP}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out.mkdir(parents=True, exist_ok=True)
    paths = args.pages or page_paths(args.site)
    lowest = dict.fromkeys(CATEGORIES, 100)
    if args.runs < 1 or args.slow_retries < 0:
        print("error: --runs must be at least 1 and --slow-retries at least 0", file=sys.stderr)
        return 2
    print("priority: " + ("raised (nice -10)" if priority_prefix() else "normal (as root it is raised, for steadier figures)"))
    print(f"{'page':45} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + "   TBT ms     BI")
    slow_pages = retried = 0
    with serve(args.site, compress=True) as base:
        for path in paths:
            name = path.strip("/").replace("/", "--") or "home"
            runs, slow, attempt = [], [], 0
            while len(runs) < args.runs and attempt < args.runs + args.slow_retries:
                report = out / f"{name}.{attempt + 1}.json"
                attempt += 1
                try:
                    result = run_lighthouse(base + path, chrome, report)
                except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as err:
                    print(f"error: Lighthouse failed on /{path}: {str(err).splitlines()[0]}", file=sys.stderr)
                    return 2
                (runs if result["bi"] >= SLOW_HOST_INDEX else slow).append((result, report))
            retried += attempt - args.runs
            kept = runs or slow[-args.runs:]  # no fast run: report the slow ones, marked
            slow_pages += not runs
            # The median run by performance, whole: its TBT and index belong to the score shown.
            scores, median_report = sorted(kept, key=lambda k: k[0]["performance"])[(len(kept) - 1) // 2]
            for c in CATEGORIES[1:]:
                scores[c] = statistics.median_low(r[c] for r, _ in kept)
            lowest = {c: min(lowest[c], scores[c]) for c in CATEGORIES}
            misses = failed_audits(median_report)
            print(f"/{path:44} " + " ".join(f"{scores[c]:>13}" for c in CATEGORIES) + f"   {scores['tbt']:>6}"
                  + f"   {scores['bi']:>4}" + ("  slow host" if not runs else "")
                  + (f"   lost points: {', '.join(misses)}" if misses else ""), flush=True)
    print(f"{'lowest':45} " + " ".join(f"{lowest[c]:>13}" for c in CATEGORIES))
    print(f"{LIGHTHOUSE}, mobile profile, {len(paths)} pages, {args.runs} run(s) each; {retried} extra run(s) "
          f"because the machine measured slow (index < {SLOW_HOST_INDEX}); {slow_pages} page(s) measured only "
          f"on a slow host; reports in {out}")
    return 0 if all(v == 100 for v in lowest.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
