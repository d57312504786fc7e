"""Build docs/glossary.md from the glossary data, then list where each term is used."""
import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.glossary_page import MARKER, fill_used_on, glossary_markdown

GLOSSARY_SRC = "glossary.md"
_glossary_page = None


def on_page_markdown(markdown, page, config, files):
    global _glossary_page
    if page.file.src_uri != GLOSSARY_SRC:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{GLOSSARY_SRC}: add the line {MARKER} where the generated glossary goes")
    _glossary_page = page
    data = site.current()
    return markdown.replace(MARKER, glossary_markdown(data.glossary, data.sources))


def on_page_content(html, page, config, files):
    # The table of contents lists letters only: 100+ term entries (rendered twice, in the side
    # and the phone menu) would add 1,500 DOM nodes; the A-Z bar and search find terms faster.
    if page.file.src_uri == GLOSSARY_SRC:
        for title in page.toc:  # "# Glossary"
            for letter in title.children:  # "## A", "## B", ...
                letter.children = []  # drop "### term" entries
    return html


def on_env(env, config, files):
    # Runs after every page's content is rendered, so usage is complete.
    if _glossary_page is not None:
        _glossary_page.content = fill_used_on(_glossary_page.content, site.current().term_pages, _glossary_page.url)
    return env
