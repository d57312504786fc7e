"""The data one build needs, loaded once per build by overrides/hooks/site_data.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .glossary import Glossary, load_glossary
from .linker import Linker
from .paths import DATA
from .registry import Registry, load_registry
from .sources import Source, load_sources


@dataclass
class SiteData:
    registry: Registry
    sources: dict[str, Source]
    glossary: Glossary
    linker: Linker
    # Filled while pages render: glossary slug -> pages (title, url) that use the term.
    term_pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


_current: SiteData | None = None


@dataclass
class ServeState:
    """What must outlive one build under `mkdocs serve`, which reloads the hook files each time."""
    serving: bool = False
    data_error: str | None = None  # shown on every page until the data file is fixed


state = ServeState()


def reload(data_dir: Path = DATA) -> SiteData:
    """Load and validate every data file in data_dir (raises DataErrors naming file and line)."""
    global _current
    sources = load_sources(data_dir / "sources.yml")
    registry = load_registry(data_dir / "drugs.yml", source_ids=set(sources))
    glossary = load_glossary(data_dir / "glossary.yml", registry=registry, known_sources=set(sources))
    _current = SiteData(registry, sources, glossary, Linker(glossary))
    return _current


def loaded() -> bool:
    return _current is not None


def current() -> SiteData:
    if _current is None:
        raise RuntimeError("site data not loaded: list overrides/hooks/site_data.py first under 'hooks' in mkdocs.yml")
    return _current
