"""Link the first use of each glossary term on a page to its definition, with a tooltip.

Works on the page's rendered HTML, so headings, code and existing links are easy to skip
and Markdown syntax cannot confuse it. One compiled pattern matches every name of every
term at once (longest name first), so the cost grows with the text, not with the glossary.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .glossary import Glossary, Term

# Text inside these elements is never linked.
SKIP_TAGS = {"a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label",
             "pre", "script", "style", "svg", "textarea", "title", "sup"}
TOKEN_RE = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
EXPLICIT_HREF = "glossary:"
EXPLICIT_RE = re.compile(r'<a href="glossary:([^"]*)"([^>]*)>')
# A name matches only as a whole word: not inside a longer word or a hyphenated compound.
BEFORE = r"(?<![\w/-])"
AFTER = r"(?![\w/]|-\w)"


def _is_abbreviation(name: str) -> bool:
    """Short all-capital names (ER, PR, ADC, IV) match case-sensitively, so 'er' or 'iv' in prose do not."""
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 5 and letters and all(c.isupper() for c in letters)


def _name_pattern(name: str) -> str:
    escaped = re.escape(name).replace(r"\ ", r"\s+")
    plural = "(?:e?s)?" if name[-1].islower() else ""  # "PARP inhibitors", "T cells"
    if _is_abbreviation(name):
        return f"(?-i:{escaped}s?)"
    return escaped + plural


@dataclass
class Linker:
    glossary: Glossary
    pattern: re.Pattern = field(init=False)
    by_name: dict[str, Term] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        written: dict[str, str] = {}  # lower-case name -> name as written (abbreviations match by case)
        for term in self.glossary.terms.values():
            for name in term.names:
                self.by_name[name.lower()] = term
                written[name.lower()] = name
        names = sorted(self.by_name, key=len, reverse=True)
        alternatives = "|".join(_name_pattern(written[n]) for n in names)
        self.pattern = re.compile(f"{BEFORE}(?:{alternatives}){AFTER}", re.I)

    def term_for(self, matched: str) -> Term | None:
        text = re.sub(r"\s+", " ", matched).lower()
        for candidate in (text, text[:-1], text[:-2]):  # exact, then without a plural "s"/"es"
            if candidate in self.by_name:
                return self.by_name[candidate]
        return None

    def link(self, page_html: str, glossary_url: str, used: set[str] | None = None) -> tuple[str, set[str]]:
        """Return (html with links, slugs linked). `used` holds slugs already linked on this page."""
        used = set() if used is None else used
        out: list[str] = []
        skip_depth = 0
        for token in TOKEN_RE.findall(page_html):
            if token.startswith("<"):
                explicit = EXPLICIT_RE.match(token)
                if explicit:
                    token = self._explicit_link(explicit, glossary_url, used)
                m = TAG_RE.match(token)
                if m and m.group(2).lower() in SKIP_TAGS and not token.endswith("/>"):
                    skip_depth += -1 if m.group(1) else 1
                    skip_depth = max(skip_depth, 0)
                out.append(token)
            elif skip_depth:
                out.append(token)
            else:
                out.append(self._link_text(token, glossary_url, used))
        return "".join(out), used

    def _anchor(self, term: Term, glossary_url: str, text: str, extra: str = "") -> str:
        tip = html.escape(term.definition, quote=True)
        return (f'<a class="glossary-term" href="{glossary_url}#{term.slug}" title="{tip}"'
                f' data-term="{term.slug}"{extra}>{text}')

    def _explicit_link(self, match: re.Match, glossary_url: str, used: set[str]) -> str:
        term = self.glossary.resolve(html.unescape(match.group(1)))
        if term is None:  # the Markdown hook reports unknown terms with file:line before we get here
            raise ValueError(f"unknown glossary term {match.group(1)!r}")
        used.add(term.slug)
        return self._anchor(term, glossary_url, "", match.group(2))

    def _link_text(self, text: str, glossary_url: str, used: set[str]) -> str:
        def replace(m: re.Match) -> str:
            term = self.term_for(m.group(0))
            if term is None or term.slug in used:
                return m.group(0)
            used.add(term.slug)
            return self._anchor(term, glossary_url, m.group(0)) + "</a>"

        return self.pattern.sub(replace, text)
