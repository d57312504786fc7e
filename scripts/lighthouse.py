#!/usr/bin/env python3
"""Lighthouse scores for every page of a built site (mobile profile), as a table.

Usage: python scripts/lighthouse.py [SITE_DIR] [--pages PATH ...] [--out DIR]
Runs a pinned Lighthouse through npx (downloaded on first use, not part of `make test`) against a
local server, with the Chromium found by mbcguide.browser (CHROME_PATH is set for Lighthouse).
Prints performance, accessibility, best practices and SEO per page and the lowest of each.
Exit 0 when every score is 100, 1 when one is lower, 2 when the site, npx or a browser is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.browser import CHROMIUM_ARGS, NO_BROWSER_HELP, chromium_executable, page_paths, serve  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"  # 13.x needs Node 22; Debian ships Node 20
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run_lighthouse(url: str, chrome: str, report: Path) -> dict[str, int]:
    cmd = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome},
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    result = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}


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
    print(f"{'page':45} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES))
    with serve(args.site, compress=True) as base:
        for path in paths:
            report = out / ((path.strip("/").replace("/", "--") or "home") + ".json")
            scores = run_lighthouse(base + path, chrome, report)
            lowest = {c: min(lowest[c], scores[c]) for c in CATEGORIES}
            misses = failed_audits(report)
            print(f"/{path:44} " + " ".join(f"{scores[c]:>13}" for c in CATEGORIES)
                  + (f"   lost points: {', '.join(misses)}" if misses else ""))
    print(f"{'lowest':45} " + " ".join(f"{lowest[c]:>13}" for c in CATEGORIES))
    print(f"{LIGHTHOUSE}, mobile profile, {len(paths)} pages; reports in {out}")
    return 0 if all(v == 100 for v in lowest.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
