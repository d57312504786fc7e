"""Generate the glossary page's Markdown: A-Z jump links, one entry per term, "Used on" lists.

Terms, definitions, aliases and sources come from data files (strangers' pull requests): each is
written as escaped text (no HTML, no Markdown syntax), and links are built here as HTML.
"""
from __future__ import annotations

import html
import posixpath
from functools import lru_cache
import re
import string

from .glossary import Glossary, Term
from .sources import Source

MARKER = "<!-- glossary -->"
USED_ON_RE = re.compile(r"<!-- used-on:([a-z0-9-]+) -->")
# Markdown syntax that could turn text into links, code, emphasis or attributes ({: onclick=...}).
MARKDOWN_SYNTAX_RE = re.compile(r"([\\`*_{}\[\]()#!|])")
NO_EMPHASIS_RE = re.compile(r"([\\`{}\[\]()#!|])")  # the same, but *emphasis* and _emphasis_ stay


def text(value: str, emphasis: bool = False) -> str:
    """A data value as Markdown that renders as exactly that text: HTML-escaped, syntax backslash-escaped
    (with emphasis=True, *emphasis* still works: it cannot carry a link or an attribute)."""
    return (NO_EMPHASIS_RE if emphasis else MARKDOWN_SYNTAX_RE).sub(r"\\\1", html.escape(value, quote=False))


def _link(href: str, label: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>'


NUMBERS = "0–9"  # heading for terms that start with a digit ("5-year relative survival rate")


def _letter(term: Term) -> str:
    first = term.term[0].upper()
    return first if first in string.ascii_uppercase else NUMBERS


def letter_anchor(term: Term) -> str:
    """Anchor of the A-Z heading a term sits under: letter-a ... letter-z, or letter-0-9."""
    letter = _letter(term)
    return "letter-0-9" if letter == NUMBERS else f"letter-{letter.lower()}"


def _source_link(term: Term, sources: dict[str, Source]) -> str:
    if term.source in sources:
        s = sources[term.source]
        return _link(s.url, f"{s.publisher}: {s.title}")
    if term.source.startswith("https://"):  # drug terms cite a URL (the schemas require https)
        return _link(term.source, term.source)
    return html.escape(term.source)


def glossary_markdown(glossary: Glossary, sources: dict[str, Source]) -> str:
    terms = glossary.sorted_terms()
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(_letter(t), []).append(t)
    letters = sorted(groups, key=lambda c: (c != NUMBERS, c))  # numbers first, then A-Z
    anchors = {c: letter_anchor(g[0]) for c, g in groups.items()}
    jump = " ".join(f"[{c}](#{anchors[c]})" if c in groups else f'<span aria-hidden="true">{c}</span>'
                    for c in ([NUMBERS] if NUMBERS in groups else []) + list(string.ascii_uppercase))
    out = [f'<nav class="glossary-az" aria-label="Glossary letters" markdown>\n{jump}\n</nav>\n']
    for letter in letters:
        out.append(f"## {letter} {{#{anchors[letter]}}}\n")
        for t in groups[letter]:
            out.append(f"### {text(t.term)} {{#{t.slug}}}\n")
            out.append(text(t.definition) + "\n")
            if t.more:
                out.append(text(t.more, emphasis=True) + "\n")
            details = []
            if t.aliases:
                details.append("Also called: " + ", ".join(text(a) for a in t.aliases))
            if t.related:
                details.append("Related: " + ", ".join(_link(f"#{r}", glossary.terms[r].term) for r in t.related))
            src = _source_link(t, sources)
            if src:
                details.append("Source: " + src)
            details.append(f"Used on: <!-- used-on:{t.slug} -->")
            # One paragraph with line breaks, not one per line: 300 fewer elements on a long page.
            out.append('<p class="glossary-details" markdown>' + "<br>\n".join(details) + "</p>\n")
    return "\n".join(out)


USED_ON_LIMIT = 20  # beyond this a list stops helping a reader (and a huge glossary page is slow)


def fill_used_on(content: str, term_pages: dict[str, list[tuple[str, str]]], glossary_url: str) -> str:
    """Replace each used-on placeholder with links to the pages that use the term (at most 20)."""
    def replace(m: re.Match) -> str:
        pages = sorted(set(term_pages.get(m.group(1), [])))
        if not pages:
            return "no page yet"
        links = [f'<a href="{html.escape(relative_url(url, glossary_url))}">{html.escape(title)}</a>'
                 for title, url in pages[:USED_ON_LIMIT]]
        more = len(pages) - USED_ON_LIMIT
        return ", ".join(links) + (f" and {more} more pages" if more > 0 else "")

    return USED_ON_RE.sub(replace, content)


@lru_cache(maxsize=4096)  # the glossary's Used-on lists ask for the same few hundred pairs many times
def relative_url(target: str, from_page: str) -> str:
    """URL of directory-style page `target` relative to page `from_page` (both like 'a/b/')."""
    rel = posixpath.relpath(target or ".", from_page or ".")
    return "./" if rel == "." else rel.rstrip("/") + "/"
