#!/usr/bin/env python3
"""List what is due for review within 60 days (or overdue), soonest first: pages (next_review),
registry drugs (reviewed + 12 months), approvals still waiting for a primary source, and watch-list
items (data/watch.yml) whose date has passed.

Usage: review_due.py [--days N | --overdue] [--today YYYY-MM-DD] [--docs DIR] [--data DIR]. Exit 0 with
the list (a to-do list, not a check: an overdue page must not block an urgent fix, so `make check` only
warns; REG002 fails on approvals pending too long); exit 2 if a page's dates or a data file cannot be
read. The weekly review-due workflow keeps one issue with the --overdue list.
"""
import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.checker.data import PENDING_MAX_MONTHS, latest_day, months_later, pending_is_stale  # noqa: E402
from mbcguide.errors import DataError, DataErrors, display_path  # noqa: E402
from mbcguide.frontmatter import parse_front_matter  # noqa: E402
from mbcguide.paths import DATA, DOCS, DRUGS_FILE, SOURCES_FILE, WATCH_FILE  # noqa: E402
from mbcguide.registry import load_registry  # noqa: E402
from mbcguide.sources import load_sources  # noqa: E402
from mbcguide.watch import load_watch  # noqa: E402

REVIEW_MONTHS = 12  # a drug entry is re-checked against its sources at least this often


def _when(days: int) -> str:
    return f"overdue by {-days} days" if days < 0 else f"due in {days} days"


def pages_due(docs: Path, today: dt.date, window: int, overdue_only: bool = False) -> tuple[list[str], int]:
    due, unreadable = [], 0
    for path in sorted(docs.rglob("*.md")):
        try:
            meta = parse_front_matter(path, path.read_text(encoding="utf-8"))
        except (DataError, DataErrors) as err:
            print(f"{display_path(path)}: cannot read review dates ({str(err).splitlines()[0]})", file=sys.stderr)
            unreadable += 1
            continue
        days = (meta["next_review"] - today).days
        if (days < 0) if overdue_only else (days <= window):
            due.append((meta["next_review"], str(path),
                        f"{display_path(path)}: next review {meta['next_review']} ({_when(days)}); "
                        f"last reviewed {meta['last_reviewed']}"))
    return [line for *_, line in sorted(due)], unreadable


def registry_due(data: Path, today: dt.date, window: int) -> tuple[list[str], list[str], list[str]]:
    """(drugs due for review, approvals pending a primary source, watch items whose date has passed)."""
    sources = load_sources(data / SOURCES_FILE.name)
    registry = load_registry(data / DRUGS_FILE.name, source_ids=set(sources), today=today)
    where = display_path(registry.path)
    drugs = [(dt.date.min, f"{where}:{p.line}: {p.message}") for p in registry.review_problems]
    for drug in registry.drugs:
        if drug.reviewed is None:
            continue  # listed above, from review_problems
        due = months_later(drug.reviewed, REVIEW_MONTHS)
        days = (due - today).days
        if days <= window:
            drugs.append((due, f"{where}:{drug.line}: {drug.generic}: review due {due} ({_when(days)}); "
                               f"reviewed {drug.reviewed}"))
    pending = []
    for drug in registry.drugs:
        for a in drug.approvals:
            if a.pending:
                last = latest_day(a.date)
                deadline = months_later(last, PENDING_MAX_MONTHS) if last else None
                state = f"overdue since {deadline}: REG002" if pending_is_stale(a, today) else f"needed by {deadline}"
                pending.append(f"{where}:{a.line}: {drug.generic} approval {a.date}: primary source pending "
                               f"({state}); sources now: {', '.join(a.sources)}")
    watch_file = data / WATCH_FILE.name
    watched = []
    if watch_file.exists():
        for item in load_watch(watch_file, source_ids=set(sources)):
            if item.date <= today:
                watched.append(f"{display_path(watch_file)}:{item.line}: {item.date}: {item.what} "
                               f"(check {item.source})")
    return [line for _, line in sorted(drugs, key=lambda d: d[0])], pending, watched


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--overdue", action="store_true", help="list only pages whose next review has passed")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, default=DOCS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages, unreadable = pages_due(args.docs, args.today, args.days, args.overdue)
    if args.overdue:  # the weekly workflow's tracking issue lists overdue pages only
        print("\n".join(pages + [f"{len(pages)} page(s) overdue for review"]))
        return 2 if unreadable else 0
    print("\n".join(pages + [f"{len(pages)} page(s) due for review within {args.days} days"]))
    try:
        drugs, pending, watched = registry_due(args.data, args.today, args.days)
    except (DataError, DataErrors) as err:
        print(f"cannot read the data files: {str(err).splitlines()[0]}", file=sys.stderr)
        return 2
    print("\n".join(drugs + [f"{len(drugs)} drug(s) due for review within {args.days} days"]))
    print("\n".join(pending + [f"{len(pending)} approval(s) waiting for a primary source"]))
    print("\n".join(watched + [f"{len(watched)} watch-list item(s) whose date has passed"]))
    return 2 if unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
