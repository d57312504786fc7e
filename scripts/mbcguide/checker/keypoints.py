"""META003: every content page opens with a "Key points" box of 2 to 4 items, as NCI's PDQ summaries do:
a reader who reads nothing else gets the main message. The box is the first thing after the page title:

    # Page title

    !!! key-points "Key points"
        - First point. [@source]
        - Second point. [@source]

Like NAV002 it is about the site as readers see it, so it needs the site's mkdocs.yml beside docs/.
"""
from __future__ import annotations

import re

from . import Finding
from .nav import content_page

BOX_RE = re.compile(r'^!!! key-points(?: "[^"]*")?[ \t]*$')
ITEM_RE = re.compile(r"^ {4}[-*+] ")
FEWEST, MOST = 2, 4
EXAMPLE = '!!! key-points "Key points" with 2 to 4 items ("    - ..."), right after the title'


def check_key_points(ctx, page, lines) -> list[Finding]:
    if ctx.nav is None or not content_page(page):
        return []
    lines = list(lines)
    title = next((i for i, (_, line) in enumerate(lines) if line.startswith("# ")), None)
    if title is None:
        return []  # META001 asks for a title
    after = [(n, line) for n, line in lines[title + 1:] if line.strip()]
    if not after or not BOX_RE.match(after[0][1]):
        where = after[0][0] if after else lines[title][0]
        return [Finding(str(page.path), where, 1, "META003",
                        "open the page with a Key points box right after the title", EXAMPLE)]
    box_line = after[0][0]
    items = 0
    for _, line in after[1:]:
        if not line.startswith("    "):
            break  # the box ends at the first line that is not indented
        items += bool(ITEM_RE.match(line))
    if FEWEST <= items <= MOST:
        return []
    return [Finding(str(page.path), box_line, 1, "META003",
                    f"give the Key points box {FEWEST} to {MOST} items (it has {items})", EXAMPLE)]
