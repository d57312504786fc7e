"""Shared by the browser tests and the measuring scripts: find Chromium, serve a built site locally."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from .paths import ROOT

# Flags for a headless Chromium that makes no calls home (see the developers' guide).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NO_BROWSER_HELP = ("install it with 'apt-get install chromium' (Debian/Ubuntu), or run "
                   "'playwright install chromium' on your own laptop, or set CHROMIUM_PATH")


def chromium_executable() -> str | None:
    """Debian's Chromium or a Chrome on PATH; None lets Playwright use a browser it installed itself."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


# Text types a static host such as GitHub Pages sends gzip-compressed.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and script output readable
        pass


class _GzipHandler(_QuietHandler):
    """Compress text files as the real host does, so speed and weight figures match what readers get."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()  # directories without "/", missing files, images
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, compress: bool = False) -> Iterator[str]:
    """Serve a built site on a free 127.0.0.1 port; yields its base URL ending in '/'.

    compress=True gzips text files like the production host (for speed and weight measurements).
    """
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def page_paths(site: Path) -> list[str]:
    """Every page of a built site as a URL path relative to its root ('' is the home page)."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                  for p in site.rglob("index.html") if "search" not in p.parts)
