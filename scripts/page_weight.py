#!/usr/bin/env python3
"""Bytes each page loads on a first visit (empty cache), split by type and by who adds them.

Usage: python scripts/page_weight.py [SITE_DIR]
Serves the site gzip-compressed, as the real host does, opens every page in Chromium and records
every response. "material" is Material's own assets (assets/, and the search index and sitemap it fetches);
"ours" is what this site adds on top (extra CSS and JavaScript); "page" is the HTML itself.
Bar: ours is at most 15 KB per page. Exit 1 above the bar, 2 if the site or a browser is missing.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.browser import CHROMIUM_ARGS, NO_BROWSER_HELP, chromium_executable, page_paths, serve  # noqa: E402

OURS_LIMIT = 15 * 1024
TYPES = ("html", "css", "js", "json", "image", "other")


def kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if path.endswith("/") or suffix == ".html":
        return "html"
    return {".css": "css", ".js": "js", ".json": "json", ".png": "image", ".svg": "image",
            ".ico": "image", ".jpg": "image", ".webp": "image"}.get(suffix, "other")


def owner(path: str, page_path: str) -> str:
    if path.lstrip("/") == page_path:
        return "page"
    if path.startswith("/assets/") or path in ("/search/search_index.json", "/sitemap.xml"):
        return "material"
    return "ours"


def measure(page, url: str, page_path: str) -> dict[tuple[str, str], int]:
    """Transferred bytes (compressed bodies plus headers) per (owner, type) for one first visit."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for response in responses:
        parsed = urlparse(response.url)
        if parsed.scheme not in ("http", "https"):
            continue  # inline data: URIs are already counted in the file that holds them
        sizes = response.request.sizes()
        totals[owner(parsed.path, page_path), kind(parsed.path)] += (sizes["responseBodySize"]
                                                                     + sizes["responseHeadersSize"])
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: {args.site}/index.html not found; run 'make build' first", file=sys.stderr)
        return 2
    from playwright.sync_api import Error, sync_playwright

    worst = 0
    header = f"{'page (KB transferred)':40} {'total':>7} {'page':>6} {'material':>9} {'ours':>6}   " + " ".join(
        f"{t:>6}" for t in TYPES)
    with sync_playwright() as p, serve(args.site, compress=True) as base:
        try:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        except Error as err:
            print(f"error: no Chromium ({str(err).splitlines()[0]}); {NO_BROWSER_HELP}", file=sys.stderr)
            return 2
        print(header)
        for path in page_paths(args.site):
            context = browser.new_context()  # empty cache: a first visit
            totals = measure(context.new_page(), base + path, path)
            context.close()
            by_owner = {o: sum(v for (ow, _), v in totals.items() if ow == o) for o in ("page", "material", "ours")}
            by_type = {t: sum(v for (_, ty), v in totals.items() if ty == t) for t in TYPES}
            worst = max(worst, by_owner["ours"])
            print(f"/{path:39} {sum(totals.values()) / 1024:7.1f} {by_owner['page'] / 1024:6.1f} "
                  f"{by_owner['material'] / 1024:9.1f} {by_owner['ours'] / 1024:6.1f}   "
                  + " ".join(f"{by_type[t] / 1024:6.1f}" for t in TYPES))
        browser.close()
    verdict = "within" if worst <= OURS_LIMIT else "OVER"
    print(f"largest 'ours' on any page: {worst / 1024:.1f} KB ({verdict} the {OURS_LIMIT // 1024} KB bar)")
    return 0 if worst <= OURS_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
