"""Turn [@source-id] into numbered citations and end each page with its list of sources, each
linking back to where it is first cited."""
import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import citations, site
from mbcguide.errors import DataError


def on_page_markdown(markdown, page, config, files):
    try:
        return citations.render(markdown, page.file.abs_src_path, page.file.content_string, page.meta.get("sources", []),
                                site.current().sources, page.meta.pop("_drugs_shown", []),
                                callout_ids=page.meta.pop("_callout_sources", []))
    except DataError as err:
        raise PluginError(str(err)) from None
