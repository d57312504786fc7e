"""Generate the glossary page's Markdown: A-Z jump links, one entry per term, "Used on" lists.

Each entry shows its term, its definition with the other names it does not already give ("Also
called"), and `more`; related terms, the source and the pages that use the term follow behind a
"More about ..." button, so the page reads as a list of definitions on a phone. Not <details>: the
theme's script sets up every <details> on a page as it loads; with 157 of them the glossary scored 93
on Lighthouse mobile (total blocking time 313 ms), with buttons 98 (149 ms), medians of 3 runs in one
session (README "Speed"). The button works through javascripts/glossary-page.js; without scripts
every panel simply shows.

Terms, definitions, aliases and sources come from data files (strangers' pull requests): each is
written as escaped text (no HTML, no Markdown syntax), and links are built here as HTML. The A-Z bar
and the extras are raw HTML blocks, which Markdown leaves alone: every value in them is
HTML-escaped here.
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
# The stylesheet gives this box `content-visibility: auto`: the browser lays out and draws only the
# terms near the screen, so the long page is ready sooner on a slow phone (README "Speed").
ENTRY_CLASS = "glossary-entry"
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
    """The term's source as "Publisher: Title" linked to its page.

    Every term has a source id from data/sources.yml (load_glossary and load_registry check them), so
    a reader never sees a bare URL: an id that is not there is a bug, not something to print."""
    if term.source not in sources:
        raise ValueError(f"glossary term {term.slug!r}: unknown source {term.source!r}; add it to data/sources.yml")
    s = sources[term.source]
    return _link(s.url, f"{s.publisher}: {s.title}")


def _az_bar(groups: dict[str, list[Term]], anchors: dict[str, str]) -> str:
    """The A-Z jump links; letters without terms are greyed and hidden from screen readers."""
    letters = ([NUMBERS] if NUMBERS in groups else []) + list(string.ascii_uppercase)
    items = "".join(_link(f"#{anchors[c]}", c) if c in groups else f'<span aria-hidden="true">{c}</span>'
                    for c in letters)
    return f'<nav class="glossary-az" aria-label="Glossary letters">{items}</nav>\n'


def _definition(term: Term) -> str:
    """The definition, then the term's other names that it does not already give ("Ibrance
    (palbociclib) is ..." needs no "Also called: Ibrance")."""
    other = [a for a in term.aliases if not re.search(rf"(?<!\w){re.escape(a)}(?!\w)", term.definition, re.I)]
    return text(term.definition) + (f" Also called: {', '.join(text(a) for a in other)}." if other else "")


def _details(term: Term, glossary: Glossary, sources: dict[str, Source]) -> str:
    """Related terms, source and pages behind one "More about ..." button (a raw HTML block: values
    escaped here). The panel is hidden by the stylesheet only when scripts run (html.js-early).

    Its lines end in newlines, shown as line breaks by the stylesheet (white-space: pre-line), not
    in <br> or one element each: 400 fewer elements on the site's longest page."""
    lines = []
    if term.related:
        lines.append("Related: " + ", ".join(_link(f"#{r}", glossary.terms[r].term) for r in term.related))
    lines.append("Source: " + _source_link(term, sources))
    lines.append(f"Used on: <!-- used-on:{term.slug} -->")
    # The panel is the button's next sibling (no id to keep unique): the disclosure pattern needs only
    # aria-expanded on the button.
    return (f'<div class="glossary-extra"><button type="button" class="glossary-more" aria-expanded="false">'
            f'More about {html.escape(term.term)}</button><div class="glossary-details">'
            + "\n".join(lines) + "</div></div>\n")


def glossary_markdown(glossary: Glossary, sources: dict[str, Source]) -> str:
    terms = glossary.sorted_terms()
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(_letter(t), []).append(t)
    letters = sorted(groups, key=lambda c: (c != NUMBERS, c))  # numbers first, then A-Z
    anchors = {c: letter_anchor(g[0]) for c, g in groups.items()}
    out = [_az_bar(groups, anchors)]
    for letter in letters:
        out.append(f"## {letter} {{#{anchors[letter]}}}\n")
        for t in groups[letter]:
            # One box per term, so the stylesheet can skip drawing the terms off screen (ENTRY_CLASS).
            out.append(f'<div class="{ENTRY_CLASS}" markdown>\n')
            out.append(f"### {text(t.term)} {{#{t.slug}}}\n")
            out.append(_definition(t) + "\n")
            if t.more:
                out.append(text(t.more, emphasis=True) + "\n")
            out.append(_details(t, glossary, sources))
            out.append("</div>\n")
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
