#!/usr/bin/env python3
"""Print each built page's Flesch-Kincaid reading grade. Usage: readability.py [SITE_DIR]

Target: grade 8 or lower on every page. Exit 1 if any page is above grade 10.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mbcguide.readability import page_grades  # noqa: E402

TARGET, LIMIT = 8.0, 10.0


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not (site / "index.html").exists():
        print(f"readability: build the site first (make build); {site}/index.html not found", file=sys.stderr)
        return 2
    grades = page_grades(site)
    print(f"{'page':45} grade")
    for page, g in grades.items():
        flag = "" if g <= TARGET else ("  above target" if g <= LIMIT else "  TOO HARD")
        print(f"{page:45} {g:5.1f}{flag}")
    print(f"pages: {len(grades)}, max grade {max(grades.values()):.1f}, target <= {TARGET}, limit {LIMIT}")
    return 1 if max(grades.values()) > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
