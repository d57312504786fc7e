"""Validate every page's front matter (title, description, review dates, sources)."""
import datetime as dt

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.errors import DataError, DataErrors
from mbcguide.frontmatter import parse_front_matter
from mbcguide.textfile import decode

_dates = {}


def on_page_read_source(page, config):
    # Runs before MkDocs parses the front matter itself, which crashes on dates like 2026-13-01.
    try:
        text = decode(page.file.content_bytes, page.file.abs_src_path)
        meta = parse_front_matter(page.file.abs_src_path, text, set(site.current().sources), today=dt.date.today())
    except DataError as err:
        raise PluginError(f"bad page:\n{err}") from None
    except DataErrors as err:
        raise PluginError(f"bad front matter:\n{err}") from None
    _dates[page.file.src_uri] = meta["last_reviewed"], meta["next_review"]
    return None  # let MkDocs read the file as usual


def on_page_markdown(markdown, page, config, files):
    # Dates as date objects, for the "Last reviewed" line in overrides/main.html; review_overdue
    # for the template's "this page is due for review" notice (an overdue page still builds).
    page.meta["last_reviewed"], page.meta["next_review"] = _dates[page.file.src_uri]
    page.meta["review_overdue"] = page.meta["next_review"] < dt.date.today()
    return markdown
