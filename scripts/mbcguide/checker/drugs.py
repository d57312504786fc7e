"""Drug-name rules: every name checked against the registry (data/drugs.yml).

A wrong drug name in health information is a safety problem, so these rules are strict:
names must be spelt and capitalized as registered, brands paired with their own generic,
and the first mention on a page must give both names.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..registry import Drug, Registry, with_article
from ..suggest import nearest
from ..wordsearch import CaselessWords, trie_pattern
from . import Finding
from .context import Page

# Stems of drug names (WHO INN stems and common endings) that mark a word as a drug.
DRUG_STEM_RE = re.compile(
    r"^[a-z]{3,}(?:mab|nib|ciclib|parib|lisib|tecan|strant|rozole|trozole|platin|taxel|limus|sertib|"
    r"citabine|bulin|estrant|gestrant|lutamide|rubicin)$", re.I)
WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
SENTENCE_START_RE = re.compile(r"(^|[.!?:]\s+|^\s*(?:[-*+]|\d+\.)\s+|\|\s*|^#+\s+|^\s*>\s*|\*\*|\(|\"|\u201c)\s*$")
LIST_INTRO_RE = re.compile(r"^\s*s?\s*[,\u2014\u2013-]*\s*(?:such as|like|including|for example,?|e\.g\.,?)\s*[,:]?\s*$", re.I)
COPULA_AFTER_RE = re.compile(r"^\s*\)?\s*(?:,\s*)?(?:is|are|was|were)?\s*(?:,\s*)?(?:a|an|the|two|both)?\s*(?:new|newer|oral)?\s*$", re.I)
CONNECTOR_RE = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$", re.I)
ADO_RE = re.compile(r"(?<![\w-])trastuzumab\s+emtansine\b", re.I)
COMMENT_LINE_RE = re.compile(r"^\s*<!--")
# Each part stops at the next opening character too, so lines of "](", "<" or "[@" cost linear time.
STRIP_RE = re.compile(r"\]\((?:[^()]|\([^()]*\))*\)|<[^<>]+>|\[@[^\[\]]*\]|https?://\S+")
# How far back (characters) the sentence-start and class-claim tests look: enough for any list
# marker or "such as", and a fixed window keeps a line with thousands of names linear.
LOOK_BACK = 120


@dataclass
class Mention:
    drug: Drug
    start: int
    end: int  # end of the name, or of "(other name)" when paired
    text: str
    paired: bool = False
    # A misspelt name or "trastuzumab emtansine": reported by its own rule (DRUG002, DRUG006), it
    # still pairs with the other name, so one mistake gives one finding, not a DRUG004 as well.
    stand_in: bool = False


@lru_cache(maxsize=8)
def _name_re(registry: Registry) -> CaselessWords:
    return CaselessWords(r"(?<![\w-])(" + trie_pattern(registry.by_name) + r")(?![\w-])")


@lru_cache(maxsize=8)
def _class_re(registry: Registry) -> tuple[CaselessWords, dict[str, str]]:
    labels = {}
    for c in registry.classes.values():
        for name in (c.name, *c.aliases):
            labels[name.lower()] = c.id
    return CaselessWords(rf"(?<![\w-])({trie_pattern(labels)})(?:e?s)?(?![\w-])"), labels


def _spans(words: CaselessWords, line: str, low: str) -> list[tuple[int, int, int]]:
    """(start, end of group 1, end of the whole match) for every match."""
    return [(m.start(1), m.end(1), m.end()) for m in words.finditer(line, low)]


def _blank(line: str) -> str:
    """Hide URLs, HTML tags and citations (same length, so columns stay right)."""
    return STRIP_RE.sub(lambda m: " " * len(m.group(0)) if not m.group(0).startswith("](")
                        else "]" + " " * (len(m.group(0)) - 1), line)


def check_drugs(registry: Registry, page: Page, lines: list[tuple[int, str]]) -> list[Finding]:
    found: list[Finding] = []
    seen: set[str] = set()
    name_re = _name_re(registry)
    path = str(page.path)
    for line_no, raw in lines:
        line = _blank(raw)
        if COMMENT_LINE_RE.match(line):
            continue
        low = line.lower()

        def add(col, rule, message, suggestion=""):
            found.append(Finding(path, line_no, col, rule, message, suggestion))

        stand_ins = []
        for m in (ADO_RE.finditer(line) if "emtansine" in low else ()):
            stand_ins.append(Mention(registry.lookup("ado-trastuzumab emtansine"), m.start(), m.end(), m.group(0),
                                     stand_in=True))
            add(m.start() + 1, "DRUG006", "write the full name 'ado-trastuzumab emtansine'; without 'ado-' it "
                                          "can be confused with trastuzumab (FDA warning)", "ado-trastuzumab emtansine")
        mentions = []
        ado_starts = [a.start for a in stand_ins]  # in line order
        for start, end, _ in _spans(name_re, line, low):
            i = bisect.bisect_right(ado_starts, start) - 1
            if i >= 0 and start < stand_ins[i].end:  # part of "trastuzumab emtansine", reported above
                continue
            mentions.append(Mention(registry.lookup(line[start:end]), start, end, line[start:end]))
        stand_ins += _unknown_words(registry, line, low, [(m.start, m.end) for m in mentions + stand_ins], add)
        _pairs(registry, sorted(mentions + stand_ins, key=lambda m: m.start), line, add)
        for mention in mentions:
            _capitals(mention, line, add)
            if mention.drug.generic not in seen:
                seen.add(mention.drug.generic)
                named_alone_ok = (mention.drug.generic_first
                                  and mention.text.lower() not in {b.lower() for b in mention.drug.brands})
                if not mention.paired and not named_alone_ok:
                    add(mention.start + 1, "DRUG004", "on first mention on a page, give both the brand and the generic name",
                        mention.drug.display)
        _class_claims(registry, mentions, line, low, add)
    return found


def _pairs(registry, mentions: list[Mention], line: str, add) -> None:
    """'Brand (generic)' or 'generic (Brand)': both names must belong to the same drug."""
    i = 0
    while i < len(mentions) - 1:
        a, b = mentions[i], mentions[i + 1]
        between = line[a.end:b.start]
        if re.fullmatch(r"\s*\(\s*", between) and line[b.end:b.end + 1] == ")":
            if a.drug is b.drug:
                a.paired = b.paired = True
            else:
                is_brand = a.text.lower() in registry.brand_names or (a.stand_in and a.text[:1].isupper())
                right = a.drug.generic if is_brand else a.drug.brand
                add(a.start + 1, "DRUG001", f"{a.text} is {right}, not {b.text}; pair each brand with its own generic",
                    a.drug.display)
                a.paired = b.paired = True  # reported once, as a pairing error
            i += 2
            continue
        i += 1


def _capitals(m: Mention, line: str, add) -> None:
    drug = m.drug
    brand = next((b for b in drug.brands if b.lower() == m.text.lower()), None)
    if brand:
        if m.text != brand:
            add(m.start + 1, "DRUG003", f"write the brand name with its capital letters: '{brand}'", brand)
        return
    expected = next(n for n in drug.names if n.lower() == m.text.lower())
    if m.text == expected:
        return
    # search(..., pos, endpos): '$' matches at endpos and '^' only at the real line start.
    at_start = bool(SENTENCE_START_RE.search(line, max(0, m.start - LOOK_BACK), m.start))
    if at_start and m.paired and PAREN_BEFORE_RE.search(line, max(0, m.start - LOOK_BACK), m.start):
        at_start = False  # "Kisqali (Ribociclib)": the bracket holds the other name, not a sentence
    if at_start and m.text == expected[0].upper() + expected[1:]:
        return
    add(m.start + 1, "DRUG003", f"write the generic name in lower case: '{expected}'", expected)


CAPITALIZED_LONG_RE = re.compile(r"[A-Z][A-Za-z0-9-]{5,}")
PAREN_BEFORE_RE = re.compile(r"\(\s*$")
MIN_FUZZY_LENGTH = 6  # shorter lower-case words are too often real words a letter away from a name


LOWER_WORD_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@lru_cache(maxsize=8)
def _stem_ending_re() -> re.Pattern:
    stems = DRUG_STEM_RE.pattern.split("(?:", 1)[1].split(")$")[0].split("|")
    return re.compile(f"(?:{trie_pattern(stems)})(?![a-z])")


def _may_have_suspects(registry: Registry, line: str, low: str) -> bool:
    """False only when no word in the line can be a misspelling, a drug-like word or a long
    capitalized word, the words _unknown_words looks at. Three lines in four are skipped whole,
    and the word-by-word loop is the checker's slowest part. (Lower-casing first is much faster
    than re.IGNORECASE; stems are matched as word endings, which needs no backtracking.)"""
    words = LOWER_WORD_RE.findall(low)
    return bool(CAPITALIZED_LONG_RE.search(line) or _stem_ending_re().search(low)
                or not registry.misspellings.keys().isdisjoint(words)
                or any(_near_generic(registry, w) for w in words if len(w) >= MIN_FUZZY_LENGTH))


def _unknown_words(registry, line: str, low: str, known_spans, add) -> list[Mention]:
    """Flag misspelt and unknown drug-like words; return the misspelt ones as stand-in mentions."""
    misspelt = []
    if not _may_have_suspects(registry, line, low):
        return misspelt

    def stand_in(m: re.Match, right: str) -> None:
        misspelt.append(Mention(registry.lookup(right), m.start(), m.end(), m.group(0), stand_in=True))

    known_spans = sorted(known_spans)
    known_starts = [a for a, _ in known_spans]

    def known(pos: int) -> bool:  # inside a name already found (bisect: a line may hold thousands)
        i = bisect.bisect_right(known_starts, pos) - 1
        return i >= 0 and pos < known_spans[i][1]

    for m in WORD_RE.finditer(line):
        word = m.group(0)
        low = word.lower()
        # Cheap tests first: most words are neither known misspellings, drug-like nor long capitalized.
        if not (low in registry.misspellings or DRUG_STEM_RE.match(word) or (len(word) >= 6 and word[0].isupper())
                or (word.islower() and _near_generic(registry, word))):
            continue
        if known(m.start()):
            continue
        if low in registry.misspellings:
            drug = registry.misspellings[low]
            right = drug.brand if word[0].isupper() and low not in drug.generic else drug.generic
            right = next(iter(nearest(low, drug.names)), right)
            add(m.start() + 1, "DRUG002", f"fix the spelling of {word!r}: did you mean '{right}'?", right)
            stand_in(m, right)
        elif DRUG_STEM_RE.match(word):
            near = _near(registry, low, "names")
            if near:
                add(m.start() + 1, "DRUG002", f"fix the spelling of {word!r}: did you mean '{near[0]}'?", near[0])
                stand_in(m, near[0])
            else:
                add(m.start() + 1, "DRUG005", f"{word!r} looks like a drug name but is not in the drug registry; "
                                              "check the spelling, or add the drug with its sources to data/drugs.yml")
        elif len(word) >= 6 and word[0].isupper():
            near = _near(registry, low, "brands")
            if near:
                add(m.start() + 1, "DRUG002", f"fix the spelling of {word!r}: did you mean '{near[0]}'?", near[0])
                stand_in(m, near[0])
        elif word.islower():  # "olaparb": no drug stem, but a letter or two from a generic name
            right = _near_generic(registry, word)
            add(m.start() + 1, "DRUG002", f"fix the spelling of {word!r}: did you mean '{right}'?", right)
            stand_in(m, right)
    return misspelt


@lru_cache(maxsize=8)
def _generics_by_initial(registry: Registry) -> dict[str, list[str]]:
    """One-word generic names by first letter: misspellings nearly always keep the first letter,
    so each word is compared with a few names, not all of them."""
    by_initial: dict[str, list[str]] = {}
    for drug in registry.drugs:
        for name in (drug.generic, drug.fda_name):
            if " " not in name and len(name) >= MIN_FUZZY_LENGTH:
                by_initial.setdefault(name[0].lower(), []).append(name)
    return by_initial


@lru_cache(maxsize=16384)
def _near_generic(registry: Registry, low: str) -> str | None:
    """The one-word generic name a lower-case word is a likely misspelling of, or None."""
    if len(low) < MIN_FUZZY_LENGTH or low in registry.by_name:
        return None
    names = [n for n in _generics_by_initial(registry).get(low[0], ()) if abs(len(n) - len(low)) <= 2]
    near = nearest(low, names, cutoff=0.85) if names else []
    return near[0] if near else None


@lru_cache(maxsize=8192)
def _near(registry: Registry, low: str, kind: str) -> list[str]:
    """Nearest registry names to a word; cached, because pages repeat their words (and fuzzy matching is slow)."""
    if kind == "names":
        return nearest(low, registry.all_names, cutoff=0.8)
    return nearest(low, registry.all_brands, cutoff=0.85)


def _class_claims(registry, mentions: list[Mention], line: str, low: str, add) -> None:
    """'Lynparza, a CDK4/6 inhibitor' or 'CDK4/6 inhibitors such as Lynparza': check against the registry."""
    if not mentions:
        return
    class_re, labels = _class_re(registry)
    starts = [m.start for m in mentions]  # mentions are in line order, and so are their ends
    ends = [m.end for m in mentions]
    for c_start, c_name_end, c_end in _spans(class_re, line, low):
        claim = line[c_start:c_name_end]  # the class as written, without a plural ending
        cls = registry.classes[labels[claim.lower()]]
        claimed = []
        first_after = bisect.bisect_left(starts, c_end)
        # Only a short gap can be "such as" or ", a": slicing longer gaps would cost quadratic time.
        if (first_after < len(mentions) and starts[first_after] - c_end <= LOOK_BACK
                and LIST_INTRO_RE.match(line[c_end:starts[first_after]])):
            claimed = _run(mentions, first_after, line)
        last_before = bisect.bisect_right(ends, c_start) - 1
        if (not claimed and last_before >= 0 and c_start - ends[last_before] <= LOOK_BACK
                and COPULA_AFTER_RE.match(_strip_paren(line[ends[last_before]:c_start]))):
            claimed = _run(mentions, last_before, line, backwards=True)
        reported = set()  # "Enhertu (trastuzumab deruxtecan)" is one drug: report it once
        for m in sorted(claimed, key=lambda m: m.start):
            if m.drug.generic in reported:
                continue
            if cls.name.lower() not in m.drug.class_names() and claim.lower() not in m.drug.class_names():
                reported.add(m.drug.generic)
                right = m.drug.drug_class.name
                add(m.start + 1, "DRUG007", f"{m.text} is {with_article(right)}, not {with_article(claim)} "
                                            "(per the drug registry)", right)


def _strip_paren(text: str) -> str:
    return re.sub(r"^\s*\([^)]*\)", "", text)


def _run(mentions: list[Mention], first: int, line: str, backwards: bool = False) -> list[Mention]:
    """The mentions from mentions[first] on (or back) joined only by commas, 'and', 'or' or
    '(other name)': one list of drugs. (An index, not a slice: a slice per claim is quadratic.)"""
    step = -1 if backwards else 1
    run = [mentions[first]]
    for i in range(first + step, -1 if backwards else len(mentions), step):
        prev, nxt = mentions[i - step], mentions[i]
        gap = line[nxt.end:prev.start] if backwards else line[prev.end:nxt.start]
        # Only one drug's two names ("Enhertu (trastuzumab deruxtecan)") join without a connector:
        # a run stops at any other text, so it never walks a whole line of repeated names per claim.
        if prev.drug is nxt.drug and not gap.strip(" \t()"):
            run.append(nxt)
            continue
        gap = re.sub(r"\([^()]*\)", "", gap) if len(gap) <= LOOK_BACK else gap
        if CONNECTOR_RE.match(gap) or not gap.strip():
            run.append(nxt)
        else:
            break
    return run
