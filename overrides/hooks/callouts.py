"""Place the callouts of data/callouts.yml where a page has their marker, and end each page with
the "Related pages" its front matter names. An unknown related page stops the build (file:line),
and so does a callout citing a source that is not in data/sources.yml or not in its `sources`."""
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import callouts, site
from mbcguide.errors import DataError, DataErrors

_callouts: dict = {}
_titles: dict[str, str] = {}


def on_config(config):
    # The data next to the mkdocs.yml being built (a test may build a copy of the project).
    path = Path(config["config_file_path"]).parent / "data" / callouts.CALLOUTS_FILE.name
    try:
        _callouts.update(callouts.load_callouts(path, source_ids=set(site.current().sources)))
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    _titles.update(callouts.nav_titles(config["nav"]))
    return config


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    # Read from the file as written, so the line numbers are the writer's (front matter holds no markers).
    unknown = callouts.unknown_markers(page.file.content_string or "", _callouts)
    if unknown:
        line, name, hint = unknown[0]
        raise PluginError(f"docs/{src}:{line}:1: <!-- {name} --> names no callout in data/callouts.yml; {hint}")
    page.meta["_callout_sources"] = callouts.cited_sources(markdown, _callouts)  # listed by the citations hook
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
