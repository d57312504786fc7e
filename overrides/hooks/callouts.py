"""Place the callouts of data/callouts.yml where a page has their marker, and end each page with
the "Related pages" its front matter names. An unknown related page stops the build (file:line)."""
import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import callouts
from mbcguide.errors import DataError, DataErrors

_callouts: dict = {}
_titles: dict[str, str] = {}


def on_config(config):
    try:
        _callouts.update(callouts.load_callouts())
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    _titles.update(callouts.nav_titles(config["nav"]))
    return config


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    markdown = callouts.expand(markdown, _callouts, src)
    related = page.meta.get("related") or []
    unknown = [p for p in related if p not in _titles]
    if unknown:
        line = next((i for i, l in enumerate(page.file.content_string.split("\n"), 1) if l.startswith("related")), 1)
        raise PluginError(f"docs/{src}:{line}:1: related page {unknown[0]!r} is not in the nav; "
                          f"use a docs-relative path such as treatment/side-effects.md")
    if related:
        markdown = markdown.rstrip() + "\n" + callouts.related_markdown(related, _titles, src)
    return markdown
