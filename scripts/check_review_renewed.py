#!/usr/bin/env python3
"""A pull request that changes a page past its review date must renew the date.

Overdue pages do not fail `make check` (an urgent fix must never wait for a full review), but
whoever edits such a page reviews it: sets last_reviewed to today and next_review within 12 months.
Usage: check_review_renewed.py BASE_REF [--today YYYY-MM-DD]. Compares the working tree with the
merge base of BASE_REF (e.g. origin/main). Exit 0 fine, 1 naming each changed overdue page,
2 usage or git error.
"""
import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.errors import DataError, DataErrors  # noqa: E402
from mbcguide.frontmatter import parse_front_matter  # noqa: E402
from mbcguide.paths import ROOT  # noqa: E402
from mbcguide.textfile import read_text  # noqa: E402


def changed_pages(base_ref: str) -> list[Path]:
    """Markdown pages under docs/ changed since the merge base with base_ref (deleted ones left out)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    base = git("merge-base", base_ref, "HEAD").strip()
    out = git("diff", "--name-only", "--diff-filter=d", base, "--", "docs")  # base vs the working tree
    return [ROOT / name for name in out.splitlines() if name.endswith(".md")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_ref")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    try:
        pages = changed_pages(args.base_ref)
    except (subprocess.CalledProcessError, OSError) as err:
        print(f"check_review_renewed: cannot compare with {args.base_ref}: {err}", file=sys.stderr)
        return 2
    stale = []
    for path in pages:
        try:
            meta = parse_front_matter(path, read_text(path))
        except (DataError, DataErrors):
            continue  # unreadable dates are the checker's finding (META001), not this script's
        if meta["next_review"] < args.today:
            stale.append((path, meta["next_review"]))
    for path, due in stale:
        print(f"{path.relative_to(ROOT).as_posix()}: this pull request changes a page whose review was due "
              f"{due}; check every fact and source, then set last_reviewed to today and next_review "
              "within 12 months")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
