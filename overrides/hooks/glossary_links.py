"""Link the first use of each glossary term on every page to its entry, with a tooltip.

Writers can force a link with [text](glossary:slug); an unknown term stops the build.
"""
import re

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.glossary_page import relative_url
from mbcguide.markdown import prose_lines

GLOSSARY_SRC = "glossary.md"
EXPLICIT_MD_RE = re.compile(r"\]\(glossary:([^)\s]*)\)")


def on_page_markdown(markdown, page, config, files):
    glossary = site.current().glossary
    for line_no, line in prose_lines(page.file.content_string):
        for m in EXPLICIT_MD_RE.finditer(line):
            if glossary.resolve(m.group(1)) is None:
                near = glossary.suggestions(m.group(1))
                hint = f"nearest terms: {', '.join(near)}" if near else "add the term to data/glossary.yml"
                raise PluginError(f"{page.file.src_uri}:{line_no}:{m.start() + 3}: unknown glossary term "
                                  f"{m.group(1)!r}; {hint}")
    return markdown


_linked: dict[str, str] = {}  # page -> its HTML with links, put in place after search indexing


def on_page_content(html, page, config, files):
    # Link now, so the glossary page can list where each term is used (on_env, before pages render).
    if page.file.src_uri == GLOSSARY_SRC:
        return html
    data = site.current()
    glossary_url = relative_url("glossary/", page.url)
    head, sep, tail = html.partition("<!-- glossary:stop -->")  # never link inside the sources list
    linked, used = data.linker.link(head, glossary_url)
    for slug in used:
        data.term_pages.setdefault(slug, []).append((page.title or page.file.src_uri, page.url))
    _linked[page.file.src_uri] = linked + sep + tail
    return html


def on_page_context(context, page, config, nav):
    # Hooks run after plugins, so search has indexed the page as written: the links add no words,
    # only tags and tooltips that would cost the search indexer time on every page.
    linked = _linked.pop(page.file.src_uri, None)
    if linked is not None:
        page.content = linked
    return context
