#!/usr/bin/env python3
"""Check the docs and data: links, anchors, drug names, front matter, citations, unsafe HTML, sources.

Usage: python scripts/check_docs.py [PATH ...] [--format text|json|github] [--online]
With no PATH it checks docs/ and the data files (data/sources.yml, data/drugs.yml); the data-file
rules also run when a PATH is data/ or a file in it.
Exit status: 0 no findings (warnings allowed), 1 findings (errors in data files included), 2 usage or
configuration error.
"""
from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mbcguide.checker import CheckerError, NoNetwork, output  # noqa: E402
from mbcguide.checker.run import (check_data_files, check_files, collect, data_findings, docs_root_for,  # noqa: E402
                                   load_context)
from mbcguide.errors import DataError, DataErrors  # noqa: E402
from mbcguide.paths import DATA, DOCS  # noqa: E402


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with one line on stderr, as the contract says
        print(f"check_docs: {message}", file=sys.stderr)
        sys.exit(2)


def _in_data(path: Path) -> bool:
    """True for data/ itself or a file in it (the data-file rules always check the whole folder)."""
    resolved = path.resolve()
    return resolved == DATA or DATA in resolved.parents


def main(argv: list[str] | None = None) -> int:
    parser = Parser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="folders or Markdown files, or data/ (default: docs/ and data/)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--online", action="store_true",
                        help="also check that external URLs answer (slow; good answers cached for a day in .cache/)")
    args = parser.parse_args(argv)
    data_paths = [p for p in args.paths if _in_data(p)]
    check_data = not args.paths or bool(data_paths)
    try:
        for p in data_paths:
            if not p.exists():
                raise FileNotFoundError(p)
        files = collect([p for p in args.paths if p not in data_paths] if args.paths else [DOCS])
    except FileNotFoundError as err:
        print(f"check_docs: no such file or folder: {err}", file=sys.stderr)
        return 2
    show = {"text": output.as_text, "json": output.as_json, "github": output.as_github}[args.format]
    try:
        ctx = load_context(docs_root_for(files))
    except (DataError, DataErrors) as err:  # every error of every data file, each where it is
        print(show(data_findings(err)))
        return 1
    online = None
    if args.online:  # slow and network-bound, so only on request; good answers are cached for a day
        from mbcguide.checker.online import CACHE_FILE, Cache, check_urls
        online = functools.partial(check_urls, cache=Cache(CACHE_FILE))
    try:
        findings = check_files(files, ctx, online=online)
        if check_data:
            findings = sorted(set(findings) | set(check_data_files(ctx)))
    except NoNetwork as err:
        print(f"check_docs: --online: {err}", file=sys.stderr)
        return 2
    except CheckerError as err:
        print(f"check_docs: {err}", file=sys.stderr)
        return 2
    print(show(findings))
    return 1 if any(f.severity == "error" for f in findings) else 0


def run() -> int:
    try:
        return main()
    except KeyboardInterrupt:
        return 2
    except Exception as err:  # last resort: one line, exit 2, never a traceback
        print(f"check_docs: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run())
