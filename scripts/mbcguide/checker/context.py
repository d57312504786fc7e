"""What the checker knows about the whole docs tree: pages, their anchors, the data files."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import DataError, DataErrors
from ..callouts import cited_sources
from ..drugtables import drug_anchor, drug_source_id, expand
from ..frontmatter import load_front_matter, split_front_matter
from ..glossary import Glossary
from ..glossary_page import letter_anchor
from ..markdown import prose_lines
from ..registry import Registry
from ..source_policy import SourcePolicy
from ..sources import Source
from ..textfile import read_text

# Headings, attribute lists and inline Markdown are read with patterns whose repeated parts
# cannot overlap, and trailing '#'s and spaces are stripped with str methods: the old lazy
# (.*?)\s*#*\s*$ took quadratic time on a long heading of spaces.
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)")
ATTR_LIST_RE = re.compile(r"\{([^{}]*)\}$")
ATTR_ID_RE = re.compile(r"#([\w-]+)")
HTML_ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")
INLINE_MD_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)|[*_`]")
GLOSSARY_PAGE = "glossary.md"


def slugify(text: str, separator: str = "-") -> str:
    """Python-Markdown's default toc slugify, which this site's table of contents uses."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, text)


def heading_text(raw: str) -> str:
    text = INLINE_MD_RE.sub(lambda m: m.group(1) or "", raw)
    return re.sub(r"<[^<>]+>", "", text)


def _explicit_id(raw: str) -> str | None:
    """The id of a trailing {#id} attribute list, if the heading has one."""
    m = ATTR_LIST_RE.search(raw, max(0, raw.rfind("{")))
    found = ATTR_ID_RE.search(m.group(1)) if m else None
    return found.group(1) if found else None


def _source_ids(front) -> list[str]:
    """The page's front matter `sources` list, or [] when the front matter is unreadable (META001 says why)."""
    meta = front[0] if isinstance(front, tuple) else None
    sources = meta.get("sources") if isinstance(meta, dict) else None
    return [s for s in sources if isinstance(s, str)] if isinstance(sources, list) else []


@dataclass
class Page:
    path: Path
    rel: str  # path relative to the docs root, posix style
    text: str
    body: str = ""
    body_offset: int = 0
    source_ids: list[str] = field(default_factory=list)  # front matter `sources`
    front: tuple | DataErrors | None = None  # load_front_matter's result (or its error), read once
    _context: "Context | None" = None

    @cached_property
    def anchors(self) -> set[str]:
        """Anchors, worked out only when a link needs them: most pages are never a link's #target."""
        return self._context.anchors_for(self)


@dataclass
class Context:
    docs_root: Path
    registry: Registry
    glossary: Glossary
    sources: dict[str, Source]
    pages: dict[str, Page] = field(default_factory=dict)
    policy: SourcePolicy | None = None  # data/source_policy.yml (the project's, when not given)
    data_dir: Path | None = None  # where sources.yml and drugs.yml were read (for data-file findings)
    nav: set[str] | None = None  # pages in mkdocs.yml's nav; None: no nav to check against
    callouts: dict | None = None  # data/callouts.yml: name -> Callout (their sources join the pages that place them)

    def add_page(self, path: Path, text: str | None = None) -> Page:
        try:
            rel = path.resolve().relative_to(self.docs_root.resolve()).as_posix()
        except ValueError:
            rel = path.name
        front: tuple | DataErrors
        try:
            text = read_text(path) if text is None else text
            front = load_front_matter(path, text)
        except DataError as err:  # not UTF-8: reported once (META001); the page is checked as empty
            text, front = "", DataErrors([err])
        except DataErrors as err:
            front = err
        _, body, offset = split_front_matter(text)
        page = Page(path, rel, text, body, offset, source_ids=_source_ids(front), front=front, _context=self)
        self.pages[rel] = page
        return page

    def anchors_for(self, page: Page) -> set[str]:
        """Anchors exactly as the built page has them: headings (with toc's de-duplication),
        {#id} attributes, raw HTML ids, the sources list and, on the glossary page, every term."""
        anchors: set[str] = {"sources"}
        seen: dict[str, int] = {}
        body, shown = page.body, []
        try:
            body, shown = expand(body, self.registry, str(page.path), page_src=page.rel, docs=self.docs_root)
        except DataError:  # a bad marker is reported by the page rules, not here
            pass
        for _, line in prose_lines(body):
            m = HEADING_RE.match(line)
            if m:
                raw = m.group(2).rstrip().rstrip("#").rstrip()
                explicit = _explicit_id(raw)
                if explicit:
                    anchors.add(explicit)
                    continue
                slug = slugify(heading_text(raw))
                if slug in seen:
                    seen[slug] += 1
                    slug = f"{slug}_{seen[slug]}"
                else:
                    seen[slug] = 0
                anchors.add(slug)
            anchors.update(HTML_ID_RE.findall(line))
        anchors.update(f"src-{sid}" for sid in page.source_ids)
        anchors.update(f"src-{sid}" for sid in cited_sources(page.body, self.callouts or {}))
        anchors.update(f"src-{drug_source_id(d)}" for d in shown)
        anchors.update(drug_anchor(d) for d in shown)
        if page.rel == GLOSSARY_PAGE:
            anchors.update(self.glossary.terms)
            anchors.update(letter_anchor(t) for t in self.glossary.terms.values())
        return anchors

    def page(self, rel: str) -> Page | None:
        """A page by docs-relative path, read from disk if it was not among the checked files."""
        if rel not in self.pages:
            path = self.docs_root / rel
            if not path.is_file():
                return None
            self.add_page(path)
        return self.pages[rel]

    @cached_property
    def all_page_paths(self) -> list[str]:
        """Every page under the docs root (docs-relative, sorted); listed once, for suggestions."""
        return sorted(p.relative_to(self.docs_root).as_posix() for p in self.docs_root.rglob("*.md"))
