"""Mark links that leave the site with class="external".

Material's instant navigation rewrites internal links to absolute URLs in the browser, so the
print stylesheet cannot tell internal from external links by their href; this build-time class can.
"""
from __future__ import annotations

import re

# An opening <a> tag whose href is an absolute http(s) URL. MkDocs makes every internal link relative.
EXTERNAL_A_RE = re.compile(r'<a\b(?=[^>]*\shref="https?://)([^>]*)>', re.IGNORECASE)
CLASS_RE = re.compile(r'\sclass="([^"]*)"')


def mark_external_links(html: str) -> str:
    def add_class(m: re.Match) -> str:
        attrs = m.group(1)
        if CLASS_RE.search(attrs):
            attrs = CLASS_RE.sub(lambda c: f' class="{c.group(1)} external"', attrs, count=1)
        else:
            attrs += ' class="external"'
        return f"<a{attrs}>"

    return EXTERNAL_A_RE.sub(add_class, html)
