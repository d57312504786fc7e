"""Expand <!-- drugs: ... --> markers into tables generated from data/drugs.yml."""
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import drugtables, site
from mbcguide.errors import DataError, DataErrors
from mbcguide.frontmatter import split_front_matter


def on_page_markdown(markdown, page, config, files):
    offset = split_front_matter(page.file.content_string)[2]
    try:
        markdown, shown = drugtables.expand(markdown, site.current().registry, page.file.abs_src_path, offset,
                                           page.file.src_uri, docs=Path(config["docs_dir"]))
    except (DataError, DataErrors) as err:
        raise PluginError(str(err)) from None
    page.meta["_drugs_shown"] = shown  # cited by the citations hook
    # Drug names in tables are plain links (to the class page or the glossary entry), not glossary
    # terms, so the linker does not count them; the glossary's "Used on" lists should still lead here.
    term_pages = site.current().term_pages
    for drug in shown:
        term_pages.setdefault(drug.slug, []).append((page.title or page.file.src_uri, page.url))
    return markdown
