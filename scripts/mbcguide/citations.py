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
           known: dict[str, Source], drugs: list[Drug], callout_ids: list[str] = ()) -> str:
    """Number the page's sources, turn [@id] into superscript links, append the list.

    The list holds the front matter's sources, then those the page's callouts cite (`callout_ids`,
    data/callouts.yml), then one per drug-table row. The first citation of each source gets the id
    cite-<id>, and its entry in the list links back to it (a source nothing cites gets no back link).
    `original` is the page file as written; errors point at its lines (generated tables shift them).
    """
    own = [known[s] for s in source_ids]
    extra = [known[s] for s in dict.fromkeys(callout_ids) if s not in source_ids]
    sources = own + extra + [drug_source(d, known) for d in drugs]
    number = {s.id: i for i, s in enumerate(sources, start=1)}
    allowed = set(source_ids) | {drug_source_id(d) for d in drugs}  # what the page's own text may cite
    for line_no, line in prose_lines(original):
        for m in CITE_RE.finditer(line):
            if m.group(1) not in allowed:
                hint = "add it to this page's front matter 'sources' list" if m.group(1) in known else \
                    "no such source in data/sources.yml"
                raise DataError(path, line_no, f"citation [@{m.group(1)}] is not a source of this page; {hint}",
                                m.start() + 1)
    first: set[str] = set()

    def cite(m) -> str:
        sid = m.group(1)
        if sid not in number:  # text the build added (a callout) citing an unlisted source
            raise DataError(path, 1, f"citation [@{sid}] in text added by the build is not a source of this page; "
                                     "list it under the callout's sources in data/callouts.yml")
        n = number[sid]
        anchor = "" if sid in first else f' id="cite-{html.escape(sid)}"'
        first.add(sid)
        return f'<sup class="cite"><a href="#src-{html.escape(sid)}"{anchor} aria-label="Source {n}">{n}</a></sup>'

    # A citation never starts a line on its own: the space before it does not break. HTML comments
    # are left as written (readers never see them, so no first citation may be in one).
    body = "".join(part if part.startswith("<!--") else CITE_RE.sub(cite, NBSP_BEFORE_CITE_RE.sub("&nbsp;", part))
                   for part in split_comments(markdown))
    if ALL_SOURCES_MARK in body:
        body = body.replace(ALL_SOURCES_MARK, all_sources_list(known))
    items = "\n".join(_item(s, number[s.id], s.id in first) for s in sources)
    return f'{body}\n\n{STOP_MARK}\n\n## Sources {{#sources}}\n\n<ol class="page-sources">\n{items}\n</ol>\n'


def split_comments(text: str) -> list[str]:
    """The text in pieces, each HTML comment (<!-- ... -->) a piece of its own. Linear time: the regex
    <!--.*?--> rescanned the rest of the text for every unclosed '<!--' (quadratic on hostile pages)."""
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # nothing closes after here, so no later '<!--' can start a comment either
        parts += [text[pos:start], text[start:end + 3]]
        pos = end + 3
    parts.append(text[pos:])
    return parts


def _item(source: Source, n: int, cited: bool) -> str:
    """One entry of the numbered list, with a link back to the source's first citation when it has one."""
    sid = html.escape(source.id)
    back = (f' <a class="src-back" href="#cite-{sid}" aria-label="Back to where source {n} is first cited">'
            f'\u21a9\ufe0e</a>') if cited else ""
    return (f'<li id="src-{sid}">{html.escape(source.publisher)}. '
            f'<a href="{html.escape(source.url)}">{html.escape(source.title)}</a>{back}</li>')


def all_sources_list(known: dict[str, Source]) -> str:
    every = sorted(known.values(), key=lambda s: (s.publisher, s.title))
    # HTML, escaped: titles and publishers come from data files, where Markdown would pass HTML through.
    items = "\n".join(f'<li>{html.escape(s.publisher)}. <a href="{html.escape(s.url)}">{html.escape(s.title)}</a></li>'
                      for s in every)
    return f"<ul>\n{items}\n</ul>"
