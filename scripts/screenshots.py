#!/usr/bin/env python3
"""Screenshot every page of a built site at phone and desktop size, in the light and dark schemes.

Usage: python scripts/screenshots.py [SITE_DIR] [OUT_DIR]     (defaults: site build-artifacts/screenshots)
Writes OUT_DIR/<size>-<scheme>/<page>.png, full page. CI keeps the folder as an artifact so reviewers
can see a change without building it. Exit 2 if the site or a browser is missing.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.browser import CHROMIUM_ARGS, NO_BROWSER_HELP, chromium_executable, page_paths, serve  # noqa: E402

SIZES = {"phone": {"width": 375, "height": 667}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")


def file_name(url_path: str) -> str:
    return (url_path.strip("/").replace("/", "--") or "home") + ".png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("out", nargs="?", default="build-artifacts/screenshots", type=Path)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"error: {args.site}/index.html not found; run 'make build' first", file=sys.stderr)
        return 2
    from playwright.sync_api import Error, sync_playwright

    paths = page_paths(args.site)
    with sync_playwright() as p, serve(args.site) as base:
        try:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        except Error as err:
            print(f"error: no Chromium ({str(err).splitlines()[0]}); {NO_BROWSER_HELP}", file=sys.stderr)
            return 2
        count = 0
        for size, viewport in SIZES.items():
            for scheme in SCHEMES:
                folder = args.out / f"{size}-{scheme}"
                folder.mkdir(parents=True, exist_ok=True)
                context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                              is_mobile=size == "phone", has_touch=size == "phone")
                page = context.new_page()
                for path in paths:
                    page.goto(base + path, wait_until="networkidle")
                    page.screenshot(path=folder / file_name(path), full_page=True)
                    count += 1
                context.close()
        browser.close()
    print(f"{count} screenshots ({len(paths)} pages x {len(SIZES)} sizes x {len(SCHEMES)} schemes) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
