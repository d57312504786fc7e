"""Searching a drug's brand, generic or a common misspelling finds the page that explains it.

Readers type drug names from memory ("Kisquali"). For each drug in data/drugs.yml, one extra
search entry, titled "Kisqali (ribociclib)" and carrying its known misspellings, points at the
drug's row in the table of its class (e.g. targeted-therapy/#drug-ribociclib). Its title match
outranks the glossary's one-line definition, which is one click away from every page anyway.
"""
import json
from html import escape
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide import site
from mbcguide.drugtables import all_drugs_page, class_pages, drug_anchor, page_url
from mbcguide.registry import with_article

def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        raise PluginError("search_aliases: search/search_index.json not found; keep the search plugin enabled")
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = Path(config["docs_dir"])
    pages, all_drugs = class_pages(docs), all_drugs_page(docs)  # where drug tables send names too
    for drug in site.current().registry.drugs:
        page = pages.get(drug.drug_class.id, all_drugs)
        if page is None:
            raise PluginError(f"search_aliases: no page has a drug table for {drug.display}; "
                              f"add <!-- drugs: class={drug.drug_class.id} --> or <!-- drugs: all --> to a page")
        index["docs"].append({
            # A location of its own: Material keys search entries by location, so reusing the
            # page's own would replace the page's entry.
            "location": f"{page_url(page)}#{drug_anchor(drug)}",
            # Material shows search titles and text as HTML, so data values are escaped.
            "title": escape(drug.display),
            "text": escape(f"{drug.display} is {with_article(drug.drug_class.name)}. {drug.use}"),
            # Every name and known misspelling as tags: a reader who types a drug's name wants the drug,
            # not every page that mentions it, and tags rank first. Results do not show tags (extra.css).
            # (No extra document boost: a query such as "how long will I live" searches "i*", which
            # matches many drug names; a page whose tags match two of its words must still win.)
            "tags": [escape(name) for name in dict.fromkeys((*drug.names, *drug.misspellings))],
        })
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
