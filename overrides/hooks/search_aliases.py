"""Let common misspellings of drug names (from data/drugs.yml) find the right page in search.

Readers type drug names from memory ("Kisquali"). For each drug, one extra search entry
carries its known misspellings and points at the page whose drug table shows its class.
"""
import json
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.drugtables import MARKER_RE

_class_pages: dict[str, str] = {}


def on_config(config):
    _class_pages.clear()
    return config


def on_page_markdown(markdown, page, config, files):
    for m in MARKER_RE.finditer(page.file.content_string):
        key, _, value = m.group(1).partition("=")
        if key == "class":
            _class_pages.setdefault(value, page.url)
    return markdown


def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        raise PluginError("search_aliases: search/search_index.json not found; keep the search plugin enabled")
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for drug in site.current().registry.drugs:
        page = _class_pages.get(drug.drug_class.id)
        if page is None or not drug.misspellings:
            continue
        index["docs"].append({
            "location": page,
            "title": drug.display,
            "text": f"Also searched as: {', '.join(drug.misspellings)}.",
        })
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
