"""Validate every page's front matter (title, description, review dates, sources)."""
import datetime as dt

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.errors import DataErrors
from mbcguide.frontmatter import parse_front_matter


def on_page_markdown(markdown, page, config, files):
    text = page.file.content_string
    try:
        meta = parse_front_matter(page.file.abs_src_path, text, set(site.current().sources), today=dt.date.today())
    except DataErrors as err:
        raise PluginError(f"bad front matter:\n{err}") from None
    page.meta["last_reviewed"], page.meta["next_review"] = meta["last_reviewed"], meta["next_review"]
    return markdown
