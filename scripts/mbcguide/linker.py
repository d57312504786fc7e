"""Link the first use of each glossary term on a page to its definition, with a tooltip.

Works on the page's rendered HTML, so headings, code and existing links are easy to skip
and Markdown syntax cannot confuse it. Two trie-shaped patterns (mbcguide.wordsearch) match
every name of every term at once, longest name first: one for words, on the lower-cased text,
and one for short capital abbreviations, which match by case. The cost grows with the text,
not with the glossary.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

from .glossary import Glossary, Term
from .wordsearch import CaselessWords, trie_pattern

# Text inside these elements is never linked.
SKIP_TAGS = {"a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label",
             "pre", "script", "style", "svg", "textarea", "title", "sup"}
TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# Writers (and the drug tables) can keep a passage unlinked: <span class="no-glossary">...</span>.
NO_GLOSSARY_RE = re.compile(r'<span\b[^>]*\bclass="(?:[^"]*\s)?no-glossary(?:\s[^"]*)?"')
EXPLICIT_RE = re.compile(r'<a href="glossary:([^">]*)"([^>]*)>')
# A name matches only as a whole word: not inside a longer word or a hyphenated compound.
BEFORE = r"(?<![\w/-])"
AFTER = r"(?![\w/]|-\w)"


def markup_spans(page_html: str):
    """(start, end) of each comment and tag, left to right; text lies between them. Same as the
    regex <!--.*?-->|<[^>]*> (comments first), but in linear time: the regex rescanned the rest
    of the page for each '<!--' or '<' without an end (120 KB of '<!--': over a minute). Here
    the next '-->' and '>' are found once and reused until passed."""
    pos, n = 0, len(page_html)
    next_close = next_gt = -2  # -2: not looked for yet; -1: none left
    while True:
        start = page_html.find("<", pos)
        if start < 0:
            return
        end = -1
        if page_html.startswith("<!--", start):
            if next_close != -1 and next_close < start + 4:
                next_close = page_html.find("-->", start + 4)
            end = next_close + 3 if next_close >= 0 else -1
        if end < 0:
            if next_gt != -1 and next_gt <= start:
                next_gt = page_html.find(">", start + 1)
            end = next_gt + 1 if next_gt >= 0 else -1
        if end < 0:  # no '>' after this '<': nothing further is markup
            return
        yield start, end
        pos = end if end > start else start + 1
        if pos >= n:
            return


def _is_abbreviation(name: str) -> bool:
    """Short all-capital names (ER, PR, ADC, IV) match case-sensitively, so 'er' or 'iv' in prose do not."""
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 5 and letters and all(c.isupper() for c in letters)


@dataclass
class Linker:
    glossary: Glossary
    words: CaselessWords = field(init=False)  # names matched in any case
    abbreviations: re.Pattern | None = field(init=False)  # ER, PR, ADC, IV: matched by case
    by_name: dict[str, Term] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {}
        written: dict[str, str] = {}  # lower-case name -> name as written
        for term in self.glossary.terms.values():
            for name in term.names:
                self.by_name[name.lower()] = term
                written[name.lower()] = name
        words = [low for low, name in written.items() if not _is_abbreviation(name)]
        abbreviations = [name for name in written.values() if _is_abbreviation(name)]

        def plural(low: str) -> str:  # "PARP inhibitors", "T cells"; not after a capital ("HER2s")
            return "(?:e?s)?" if written[low][-1].islower() else ""

        names = trie_pattern(words, plural, space=r"\s+")  # a name may break across lines
        self.words = CaselessWords(f"{BEFORE}(?:{names}){AFTER}")
        self.abbreviations = (re.compile(f"{BEFORE}(?:{trie_pattern(abbreviations, lambda _: 's?')}){AFTER}")
                              if abbreviations else None)

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Spans of glossary names in text, leftmost first, longest first where two start together."""
        spans = [m.span() for m in self.words.finditer(text)]
        if self.abbreviations:
            spans += [m.span() for m in self.abbreviations.finditer(text)]
        spans.sort(key=lambda span: (span[0], -span[1]))
        chosen, end = [], 0
        for span in spans:
            if span[0] >= end:  # overlapping matches: the first (and longest) wins
                chosen.append(span)
                end = span[1]
        return chosen

    def term_for(self, matched: str) -> Term | None:
        text = re.sub(r"\s+", " ", matched).lower()
        for candidate in (text, text[:-1], text[:-2]):  # exact, then without a plural "s"/"es"
            if candidate in self.by_name:
                return self.by_name[candidate]
        return None

    def link(self, page_html: str, glossary_url: str, used: set[str] | None = None) -> tuple[str, set[str]]:
        """Return (html with links, slugs linked). `used` holds slugs already linked on this page.

        The names are searched in the whole page at once (two regex scans), then kept only where
        they fall in linkable text: outside tags and outside skipped elements such as headings.
        """
        used = set() if used is None else used
        regions, explicit = self._linkable_text(page_html)
        starts = [start for start, _ in regions]
        events = [(start, end, None) for start, end in self.matches(page_html)
                  if _inside(regions, starts, start, end)]
        events += [(m.start(), m.end(), m) for m in explicit]
        out, pos = [], 0
        for start, end, tag in sorted(events, key=lambda e: e[0]):
            if tag is not None:  # an explicit [text](glossary:slug) link always becomes a link
                replacement = self._explicit_link(tag, glossary_url, used)
            else:
                term = self.term_for(page_html[start:end])
                if term is None or term.slug in used:
                    continue  # later uses stay plain
                used.add(term.slug)
                replacement = self._anchor(term, glossary_url, page_html[start:end]) + "</a>"
            out += [page_html[pos:start], replacement]
            pos = end
        out.append(page_html[pos:])
        return "".join(out), used

    @staticmethod
    def _linkable_text(page_html: str) -> tuple[list[tuple[int, int]], list[re.Match]]:
        """(start, end) of each stretch of text that may be linked, and the explicit glossary links."""
        regions, explicit = [], []
        skip_depth, quiet_spans, pos = 0, 0, 0  # quiet_spans: open spans inside a no-glossary span
        for start, end in markup_spans(page_html):
            if not (skip_depth or quiet_spans) and start > pos:
                regions.append((pos, start))
            tag = page_html[start:end]
            if tag.startswith("<a "):
                link = EXPLICIT_RE.match(page_html, start)
                if link:
                    explicit.append(link)
            name = TAG_RE.match(tag)
            tag_name = name.group(2).lower() if name else ""
            if tag_name in SKIP_TAGS and not tag.endswith("/>"):
                skip_depth = max(skip_depth + (-1 if name.group(1) else 1), 0)
            elif tag_name == "span" and (quiet_spans or NO_GLOSSARY_RE.match(tag)):
                quiet_spans = max(quiet_spans + (-1 if name.group(1) else 1), 0)
            pos = end
        if not (skip_depth or quiet_spans) and pos < len(page_html):
            regions.append((pos, len(page_html)))
        return regions, explicit

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


def _inside(regions: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) lies within one linkable region."""
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and end <= regions[i][1]
