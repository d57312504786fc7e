"""Inline citations [@id] and the numbered source list at the end of each page."""
from __future__ import annotations

import html
import re

from .drugtables import drug_source_id
from .errors import DataError
from .markdown import prose_lines
from .registry import Drug
from .sources import CITE_RE, Source

STOP_MARK = "<!-- glossary:stop -->"
NBSP_BEFORE_CITE_RE = re.compile(r"(?<=\S)[ \t]+(?=\[@[a-z0-9])")
ALL_SOURCES_MARK = "<!-- sources: all -->"  # the Sources page lists every source the site cites  # the glossary linker leaves everything after this alone


def drug_source(drug: Drug, known: dict[str, Source]) -> Source:
    """The source a drug table row cites: the drug's first registry source, under the row's own id."""
    first = known[drug.sources[0]]
    return Source(drug_source_id(drug), f"{drug.display}: {first.title}", first.publisher, first.url, kind=first.kind)


def render(markdown: str, path: str, original: str, source_ids: list[str],
           known: dict[str, Source], drugs: list[Drug]) -> str:
    """Number the page's sources, turn [@id] into superscript links, append the list.

    `original` is the page file as written; errors point at its lines (generated tables shift them).
    """
    sources = [known[s] for s in source_ids] + [drug_source(d, known) for d in drugs]
    number = {s.id: i for i, s in enumerate(sources, start=1)}
    for line_no, line in prose_lines(original):
        for m in CITE_RE.finditer(line):
            if m.group(1) not in number:
                hint = "add it to this page's front matter 'sources' list" if m.group(1) in known else \
                    "no such source in data/sources.yml"
                raise DataError(path, line_no, f"citation [@{m.group(1)}] is not a source of this page; {hint}",
                                m.start() + 1)

    def cite(m) -> str:
        n = number[m.group(1)]
        return f'<sup class="cite"><a href="#src-{m.group(1)}" aria-label="Source {n}">{n}</a></sup>'

    # A citation never starts a line on its own: the space before it does not break.
    body = CITE_RE.sub(cite, NBSP_BEFORE_CITE_RE.sub("&nbsp;", markdown))
    if ALL_SOURCES_MARK in body:
        body = body.replace(ALL_SOURCES_MARK, all_sources_list(known))
    items = "\n".join(
        f'<li id="src-{s.id}">{html.escape(s.publisher)}. <a href="{html.escape(s.url)}">{html.escape(s.title)}</a></li>'
        for s in sources)
    return f'{body}\n\n{STOP_MARK}\n\n## Sources {{#sources}}\n\n<ol class="page-sources">\n{items}\n</ol>\n'


def all_sources_list(known: dict[str, Source]) -> str:
    every = sorted(known.values(), key=lambda s: (s.publisher, s.title))
    # HTML, escaped: titles and publishers come from data files, where Markdown would pass HTML through.
    items = "\n".join(f'<li>{html.escape(s.publisher)}. <a href="{html.escape(s.url)}">{html.escape(s.title)}</a></li>'
                      for s in every)
    return f"<ul>\n{items}\n</ul>"
