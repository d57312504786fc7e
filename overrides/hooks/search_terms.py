"""Readers search in their own words ("how long will I live", "tiredness"): data/search_terms.yml
names the page that answers each phrase. The build adds a page's phrases to its search entry as tags,
which Material's search ranks above any other match and which results do not show (extra.css).

Every page also ends with a generated "Related pages" list and "Sources" list. Their words are other
pages' titles and references, not what the page says, so they are left out of the index: otherwise
a page whose reference title holds the query word outranks the page that explains it."""
import html
import json
import re
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide.errors import DataError, DataErrors
from mbcguide.searchterms import load_search_terms

_terms: dict[str, list[str]] = {}
GENERATED_SECTIONS = ("#related-pages", "#sources")  # anchors of the lists the hooks append to each page


def on_config(config):
    try:
        _terms.clear()
        _terms.update(load_search_terms(Path(config["docs_dir"])))
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    return config


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    urls = {("" if rel == "index.md" else rel.removesuffix(".md") + "/"): terms for rel, terms in _terms.items()}
    index["docs"] = [doc for doc in index["docs"] if not doc["location"].endswith(GENERATED_SECTIONS)]
    for doc in index["docs"]:
        if "#" in doc["location"]:
            continue  # a section: its page's entry carries the tags
        # A page's own title is one of its search phrases, so "hormone therapy" finds the page of that
        # name before a page that only has "therapy" among its phrases.
        title = html.unescape(re.sub(r"<[^>]*>", "", doc["title"])).lower()
        doc["tags"] = sorted({*doc.get("tags", []), title, *urls.get(doc["location"], [])})
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
