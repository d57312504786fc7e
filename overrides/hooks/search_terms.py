"""Readers search in their own words ("how long will I live", "tiredness"): data/search_terms.yml
names the page that answers each phrase. The build adds a page's phrases to its search entry as tags,
which Material's search ranks above any other match and which results do not show (extra.css).
Each phrase of two or more words is also added as one joined word ("_living_will"), which the search
worker adds to a query that holds the phrase: search drops little words such as "will", so without
it "living will" is searched as "living". The file's `variants` (a reader's spelling -> the pages')
go into the index for the worker, which searches the pages' word instead.

Every page also ends with a generated "Related pages" list and "Sources" list. Their words are other
pages' titles and references, not what the page says, so they are left out of the index: otherwise
a page whose reference title holds the query word outranks the page that explains it."""
import html
import json
import re
from pathlib import Path

import _bootstrap  # noqa: F401
from mkdocs.exceptions import PluginError

from mbcguide.drugtables import page_url
from mbcguide.errors import DataError, DataErrors, display_path
from mbcguide.searchterms import SEARCH_TERMS_FILE, SearchWords, joined, load_search_words

_words: list[SearchWords] = []
GENERATED_SECTIONS = ("#related-pages", "#sources")  # anchors of the lists the hooks append to each page


def on_config(config):
    try:
        _words[:] = [load_search_words(Path(config["docs_dir"]))]
    except (DataError, DataErrors) as err:
        raise PluginError(f"bad data file:\n{err}") from None
    return config


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", " ", value)).lower()


def on_post_build(config):
    words = _words[0]
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    urls = {page_url(rel): terms for rel, terms in words.pages.items()}
    index["docs"] = [doc for doc in index["docs"] if not doc["location"].endswith(GENERATED_SECTIONS)]
    for doc in index["docs"]:
        if "#" in doc["location"]:
            continue  # a section: its page's entry carries the tags
        # A page's own title is one of its search phrases, so "hormone therapy" finds the page of that
        # name before a page that only has "therapy" among its phrases.
        phrases = {*doc.get("tags", []), _plain(doc["title"]).strip(), *urls.get(doc["location"], [])}
        doc["tags"] = sorted(phrases | {j for p in phrases if (j := joined(p, separator))})
    _check_variants(words, index, separator)
    index["config"]["variants"] = words.variants  # Material passes only config and docs to its worker
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def _check_variants(words: SearchWords, index: dict, separator: re.Pattern) -> None:
    """A variant whose words no page uses would find nothing: stop the build and say which."""
    used = {w for doc in index["docs"] for field in ("title", "text")
            for w in separator.split(_plain(doc.get(field, "")))}
    used |= {w for doc in index["docs"] for tag in doc.get("tags", []) for w in separator.split(tag)}
    errors = [f"{display_path(SEARCH_TERMS_FILE)}:{words.variant_lines[word]}:1: variant {word!r}: no page uses "
              f"{w!r}; write a word the pages use, or remove the variant"
              for word, target in words.variants.items() for w in separator.split(target) if w and w not in used]
    if errors:
        raise PluginError("bad data file:\n" + "\n".join(errors))
