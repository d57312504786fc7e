"""data/search_terms.yml: the phrases patients search with, each mapped to one page, and the
spellings readers type that the pages write another way ("tumour" for "tumor")."""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from .errors import DataError, DataErrors
from .paths import DATA
from .yamlfile import load_yaml

SEARCH_TERMS_FILE = DATA / "search_terms.yml"
_WORD = re.compile(r"[a-z0-9']+")  # a variant is one word a reader types


class SearchWords(NamedTuple):
    pages: dict[str, list[str]]  # docs-relative page -> its phrases
    variants: dict[str, str]     # a reader's word -> the words the pages use
    variant_lines: dict[str, int]  # a variant -> its line in the file, for errors found later


def joined(phrase: str, separator: re.Pattern) -> str | None:
    """A phrase of two or more words as one search word ("living will" -> "_living_will"): search drops
    little words such as "will", so the whole phrase must also be one word to be found as typed.
    The search worker (docs/javascripts/search-worker.js) joins the words a reader types the same way.
    The leading "_" keeps a typed word from matching it as a prefix ("spread" is not "spread_to_bones")."""
    words = [w for w in separator.split(phrase.lower()) if w]
    return "_" + "_".join(words) if len(words) > 1 else None


def load_search_words(docs: Path, path: Path = SEARCH_TERMS_FILE, text: str | None = None) -> SearchWords:
    """Every page exists, every phrase belongs to one page, every variant is one lower-case word."""
    data, lines = load_yaml(path, text)
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        raise DataErrors([DataError(path, 1, "expected a top-level 'pages:' map of page -> [phrases]")])
    errors: list[DataError] = []
    result = _pages(pages, docs, path, lines, errors)
    variants = _variants(data.get("variants") or {}, path, lines, errors)
    owner = {phrase: page for page, phrases in result.items() for phrase in phrases}
    for word in variants:
        if word in owner:
            errors.append(DataError(path, lines.get(("variants", word), 1),
                                    f"{word!r} is also a phrase for {owner[word]}; keep one of the two"))
    if errors:
        raise DataErrors(errors)
    return SearchWords(result, variants, {w: lines.get(("variants", w), 1) for w in variants})


def _pages(pages: dict, docs: Path, path: Path, lines: dict, errors: list[DataError]) -> dict[str, list[str]]:
    owner: dict[str, str] = {}
    result: dict[str, list[str]] = {}
    if list(pages) != sorted(pages, key=str):  # key=str: a number as a key is an error below, not a crash
        errors.append(DataError(path, lines.get(("pages",), 1), "keep the pages sorted by path"))
    for page, terms in pages.items():
        line = lines.get(("pages", page), 1)
        if not (docs / str(page)).is_file():
            errors.append(DataError(path, line, f"no page docs/{page}; fix the path"))
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            errors.append(DataError(path, line, f"{page}: write a list of phrases"))
            continue
        for term in terms:
            if term != term.lower():
                errors.append(DataError(path, line, f"write {term!r} in lower case"))
            if term in owner:
                errors.append(DataError(path, line, f"{term!r} is already listed for {owner[term]}; one page per phrase"))
            owner.setdefault(term, str(page))
        result[str(page)] = list(terms)
    return result


def _variants(variants, path: Path, lines: dict, errors: list[DataError]) -> dict[str, str]:
    if not isinstance(variants, dict):
        errors.append(DataError(path, lines.get(("variants",), 1), "write 'variants:' as a map of word -> the pages' word(s)"))
        return {}
    if list(variants) != sorted(variants, key=str):
        errors.append(DataError(path, lines.get(("variants",), 1), "keep the variants sorted"))
    result: dict[str, str] = {}
    for word, target in variants.items():
        line = lines.get(("variants", word), 1)
        if not isinstance(word, str) or not _WORD.fullmatch(word):
            errors.append(DataError(path, line, f"variant {word!r}: write one lower-case word"))
        elif not isinstance(target, str) or not target.strip() or target != target.lower():
            errors.append(DataError(path, line, f"variant {word!r}: write the word(s) the pages use, in lower case"))
        elif target == word:
            errors.append(DataError(path, line, f"variant {word!r} names itself; remove it"))
        else:
            result[word] = target
    return result
