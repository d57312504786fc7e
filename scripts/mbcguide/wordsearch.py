"""Fast search for many literal words: trie-shaped regexes, case-insensitive by lower-casing.

Python's re tries each alternative of 'a|b|c' at every position, and re.IGNORECASE slows every
comparison. A trie-shaped pattern shares prefixes, and matching a lower-cased copy of the text
against lower-case words avoids IGNORECASE; together they are several times faster. Used by the
glossary linker (every page at build time) and the checker's drug rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key marking "a word ends here"; its value is the suffix pattern allowed after it


def trie_pattern(words: Iterable[str], suffix=lambda word: "", space: str | None = None) -> str:
    """One regex matching any of the words (longer words win, as with longest-first alternation).

    suffix(word) gives an optional ending allowed after that word (e.g. a plural "(?:e?s)?");
    space, if given, replaces each space in the words (e.g. r"\\s+" to allow line breaks).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = suffix(word) or node.get(_END, "")

    def piece(ch: str) -> str:
        return space if space is not None and ch == " " else re.escape(ch)

    def build(node: dict) -> str:
        alts = [piece(ch) + build(node[ch]) for ch in sorted(k for k in node if k != _END)]
        if _END in node:
            alts.append(node[_END])  # the word's own ending, tried after every longer word
            alts = [a for a in alts if a] + ([""] if "" in alts or not node[_END] else [])
        if not alts or alts == [""]:
            return ""
        body = "|".join(alts)
        return f"(?:{body})" if len(alts) > 1 else body

    return build(trie)


class CaselessWords:
    """Case-insensitive search for lower-case words, run on the lower-cased text. Spans are the
    same in the original, unless lower-casing changed its length (a few non-ASCII letters):
    then the same pattern runs with re.IGNORECASE on the text as written."""

    def __init__(self, pattern: str):
        self.lower = re.compile(pattern)
        self.any_case = re.compile(pattern, re.I)

    def finditer(self, text: str, low: str | None = None):
        low = text.lower() if low is None else low
        return self.lower.finditer(low) if len(low) == len(text) else self.any_case.finditer(text)
