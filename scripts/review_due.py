#!/usr/bin/env python3
"""List pages whose next review is due within 60 days (or overdue), soonest first.

Usage: review_due.py [--days N | --overdue] [--today YYYY-MM-DD] [--docs DIR]. Exit 0 with the list (a
to-do list, not a check: an overdue page must not block an urgent fix, so `make check` only warns);
exit 2 if a page's dates cannot be read. The weekly review-due workflow keeps one issue with the
--overdue list.
"""
import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.errors import DataError, DataErrors, display_path  # noqa: E402
from mbcguide.frontmatter import parse_front_matter  # noqa: E402
from mbcguide.paths import DOCS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--overdue", action="store_true", help="list only pages whose next review has passed")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    today = args.today
    due, unreadable = [], 0
    for path in sorted(args.docs.rglob("*.md")):
        try:
            meta = parse_front_matter(path, path.read_text(encoding="utf-8"))
        except (DataError, DataErrors) as err:
            print(f"{display_path(path)}: cannot read review dates ({str(err).splitlines()[0]})", file=sys.stderr)
            unreadable += 1
            continue
        days = (meta["next_review"] - today).days
        if days < 0 if args.overdue else days <= args.days:
            due.append((meta["next_review"], meta["last_reviewed"], path, days))
    for nxt, last, path, days in sorted(due):
        when = f"overdue by {-days} days" if days < 0 else f"due in {days} days"
        print(f"{display_path(path)}: next review {nxt} ({when}); last reviewed {last}")
    print(f"{len(due)} page(s) overdue for review" if args.overdue
          else f"{len(due)} page(s) due for review within {args.days} days")
    return 2 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
