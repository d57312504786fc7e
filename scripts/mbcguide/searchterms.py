"""data/search_terms.yml: the phrases patients search with, each mapped to one page."""
from __future__ import annotations

from pathlib import Path

from .errors import DataError, DataErrors
from .paths import DATA
from .yamlfile import load_yaml

SEARCH_TERMS_FILE = DATA / "search_terms.yml"


def load_search_terms(docs: Path, path: Path = SEARCH_TERMS_FILE) -> dict[str, list[str]]:
    """docs-relative page -> its phrases; every page exists, every phrase belongs to one page."""
    data, lines = load_yaml(path)
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        raise DataErrors([DataError(path, 1, "expected a top-level 'pages:' map of page -> [phrases]")])
    errors: list[DataError] = []
    owner: dict[str, str] = {}
    result: dict[str, list[str]] = {}
    if list(pages) != sorted(pages):
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
    if errors:
        raise DataErrors(errors)
    return result
