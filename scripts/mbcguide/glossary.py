"""The glossary: terms from data/glossary.yml plus drug classes and drugs from the registry.

Drug names and class definitions are typed once, in data/drugs.yml; this module turns them
into glossary terms so the glossary and the registry cannot drift apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import DataError, DataErrors
from .paths import GLOSSARY_FILE
from .registry import Registry, load_registry, with_article
from .schema import schema_errors
from .sources import load_sources
from .suggest import nearest
from .yamlfile import load_yaml

MAX_DEFINITION_WORDS = 30
SENTENCE_END_RE = re.compile(r"[.!?](\s|$)")


@dataclass
class Term:
    slug: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    more: str = ""
    related: tuple[str, ...] = ()
    source: str = ""  # a source id (data/sources.yml)
    origin: str = "glossary"  # "glossary", "class" or "drug"
    unused: bool = False
    path: Path = GLOSSARY_FILE
    line: int = 1

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass
class Glossary:
    terms: dict[str, Term] = field(default_factory=dict)

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms.values(), key=lambda t: t.term.lower())

    def resolve(self, name: str) -> Term | None:
        """A term by slug or by any of its names (case-insensitive)."""
        if name in self.terms:
            return self.terms[name]
        wanted = name.strip().lower()
        for term in self.terms.values():
            if any(n.lower() == wanted for n in term.names):
                return term
        return None

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        choices = {**{s: s for s in self.terms}, **{nm.lower(): t.slug for t in self.terms.values() for nm in t.names}}
        return list(dict.fromkeys(choices[c] for c in nearest(name, choices, n=n * 2)))[:n]


def definition_problem(text: str) -> str | None:
    """Why a tooltip definition is unfit, or None: it must be one sentence of at most 30 words."""
    words = len(text.split())
    if words > MAX_DEFINITION_WORDS:
        return f"definition has {words} words; shorten it to at most {MAX_DEFINITION_WORDS}"
    if not text.endswith("."):
        return "definition must be one sentence ending with a full stop"
    if len(SENTENCE_END_RE.findall(text)) != 1:
        return "definition must be one sentence; move extra detail to 'more'"
    return None


def _drug_terms(registry: Registry) -> list[Term]:
    terms = []
    for c in registry.classes.values():
        terms.append(Term(c.id, c.name, c.definition, c.aliases, origin="class", path=registry.path,
                          related=("targeted-therapy",) if "targeted therapy" in c.family else (),
                          source=c.source))
    for d in registry.drugs:
        # The tooltip says what the drug is; what it is used for (often long) follows on the glossary page.
        # Its other names are its aliases: the glossary page lists those the definition does not give.
        definition = f"{d.display} is {with_article(d.drug_class.name)} given as {with_article(registry.routes[d.route])}."
        terms.append(Term(d.slug, d.generic, definition, tuple(n for n in d.names if n != d.generic),
                          more=f"Used for: {d.use}",
                          related=(d.drug_class.id,), source=d.sources[0], origin="drug",
                          path=registry.path, line=d.line))
    return terms


def load_glossary(path: Path = GLOSSARY_FILE, text: str | None = None, registry: Registry | None = None,
                  known_sources: set[str] | None = None) -> Glossary:
    """Load, merge and validate every term; raise DataErrors listing each problem with its line."""
    registry = registry or load_registry()
    known_sources = known_sources if known_sources is not None else set(load_sources())
    data, lines = load_yaml(path, text)
    errors = schema_errors(data, "glossary.schema.json", path, lines)
    if errors:
        raise DataErrors(errors)
    glossary = Glossary()
    previous = ""
    for i, item in enumerate(data["terms"]):
        line = lines[("terms", i)]
        term = Term(item["slug"], item["term"], item["definition"], tuple(item.get("aliases", ())),
                    item.get("more", ""), tuple(item.get("related", ())), item["source"],
                    unused=item.get("unused", False), path=path, line=line)
        if term.slug < previous:
            errors.append(DataError(path, line, f"term {term.slug!r} is out of order; keep terms sorted by slug"))
        previous = max(previous, term.slug)
        if term.source not in known_sources:
            errors.append(DataError(path, lines[("terms", i, "source")], f"unknown source {term.source!r}; add it to data/sources.yml"))
        _add(glossary, term, errors)
    for term in _drug_terms(registry):
        _add(glossary, term, errors)
    owner: dict[str, Term] = {}
    for term in glossary.terms.values():
        problem = definition_problem(term.definition)
        if problem:
            errors.append(DataError(term.path, term.line, f"{term.slug}: {problem}"))
        for name in term.names:
            other = owner.setdefault(name.lower(), term)
            if other is not term:
                errors.append(DataError(term.path, term.line, f"{term.slug}: alias {name!r} is already claimed by "
                                                               f"{other.slug!r} ({other.path.name}:{other.line}); remove one"))
        for rel in term.related:
            if rel not in glossary.terms:  # drug and class terms are already merged in
                errors.append(DataError(term.path, term.line, f"{term.slug}: related term {rel!r} does not exist"))
    if errors:
        raise DataErrors(sorted(errors, key=lambda e: (str(e.path), e.line)))
    return glossary


def _add(glossary: Glossary, term: Term, errors: list[DataError]) -> None:
    if term.slug in glossary.terms:
        other = glossary.terms[term.slug]
        errors.append(DataError(term.path, term.line, f"slug {term.slug!r} already used by {other.path.name}:{other.line}"))
        return
    glossary.terms[term.slug] = term


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return load_glossary()
