"""Readers search in their own words ("how long will I live", "tiredness"): data/search_terms.yml
names the page that answers each phrase. The build adds a page's phrases to its search entry as tags,
which Material's search ranks above any other match and which results do not show (extra.css)."""
import json
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide.errors import DataError, DataErrors
from mbcguide.searchterms import load_search_terms

_terms: dict[str, list[str]] = {}


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
    for doc in index["docs"]:
        if doc["location"] in urls:
            doc["tags"] = sorted({*doc.get("tags", []), *urls[doc["location"]]})
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
