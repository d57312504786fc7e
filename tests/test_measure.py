"""Helpers behind the measuring scripts (Lighthouse, page weight, screenshots)."""
from __future__ import annotations

import gzip
import urllib.request

import pytest

from conftest import ROOT
from mbcguide.browser import page_paths, serve


def fetch(url: str, gzip_ok: bool) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_measuring_server_gzips_text_like_the_real_host(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>" * 50)
    (tmp_path / "a.png").write_bytes(b"\x89PNG" * 10)
    with serve(tmp_path, compress=True) as base:
        encoding, body = fetch(base, gzip_ok=True)
        assert encoding == "gzip" and gzip.decompress(body) == b"<p>hello</p>" * 50
        assert fetch(base, gzip_ok=False) == (None, b"<p>hello</p>" * 50)
        assert fetch(base + "a.png", gzip_ok=True) == (None, b"\x89PNG" * 10)
    with serve(tmp_path) as base:  # the tests' server sends files as they are
        assert fetch(base, gzip_ok=True)[0] is None


def test_page_paths_lists_every_page_but_search(built_site):
    paths = page_paths(built_site)
    pages = list((ROOT / "docs").rglob("*.md"))
    assert len(paths) == len(pages) and "" in paths and "glossary/" in paths
    assert not any(p.startswith("search") for p in paths)


@pytest.mark.parametrize("path, owner, kind", [
    ("/treatment/goals/", "page", "html"),
    ("/assets/javascripts/bundle.js", "material", "js"),
    ("/search/search_index.json", "material", "json"),
    ("/stylesheets/extra.css", "ours", "css"),
    ("/javascripts/glossary.js", "ours", "js"),
])
def test_page_weight_sorts_bytes_by_owner_and_type(path, owner, kind):
    import page_weight

    assert (page_weight.owner(path, "treatment/goals/"), page_weight.kind(path)) == (owner, kind)


def test_screenshot_file_names_are_flat_and_unique(built_site):
    import screenshots

    names = [screenshots.file_name(p) for p in page_paths(built_site)]
    assert len(set(names)) == len(names) and "home.png" in names and "treatment--goals.png" in names
