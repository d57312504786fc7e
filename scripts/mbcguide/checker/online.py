"""--online: check that external URLs still answer, politely and without re-checking good ones.

Politeness: at most WORKERS requests at once, and requests to one host start at least
HOST_INTERVAL seconds apart. Speed: a URL that answered well within CACHE_HOURS is not asked again
(cache file .cache/online-links.json). Never part of the default run: the network is slow and flaky.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from ..paths import ROOT
from . import NoNetwork

CACHE_FILE = ROOT / ".cache" / "online-links.json"
CACHE_HOURS = 24
TIMEOUT = 10.0  # seconds per request
WORKERS = 8
HOST_INTERVAL = 1.0  # seconds between two requests to the same host
CANNOT_CONNECT = "cannot connect"
USER_AGENT = "mbc-guide-link-checker/1.0 (+https://github.com/mbc-guide/mbc-guide)"


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # HTTP status, or None when there was no answer
    error: str = ""  # why there was no usable answer, in plain words

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


class HostLimiter:
    """Spaces out requests to the same host, however many threads ask."""

    def __init__(self, interval: float):
        self.interval = interval
        self.next_slot: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + self.interval
        time.sleep(max(0.0, slot - now))


def fetch(url: str, timeout: float = TIMEOUT) -> Answer:
    """HEAD the URL (following redirects); some servers refuse HEAD, so fall back to GET."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(url, response.status)
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return Answer(url, err.code, f"HTTP {err.code} {err.reason}")
        except TimeoutError:
            return Answer(url, None, f"no answer within {timeout:g} s")
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError):
                return Answer(url, None, f"no answer within {timeout:g} s")
            return Answer(url, None, f"{CANNOT_CONNECT} ({reason})")
    raise AssertionError("unreachable")


class Cache:
    """URLs that answered well, with when; failures are always asked again."""

    def __init__(self, path: Path | None, max_age_hours: float = CACHE_HOURS):
        self.path, self.max_age = path, max_age_hours * 3600
        self.checked: dict[str, float] = {}
        if path and path.exists():
            try:
                self.checked = {u: float(t) for u, t in json.loads(path.read_text(encoding="utf-8")).items()}
            except (ValueError, AttributeError, TypeError):
                self.checked = {}  # a damaged cache only costs a re-check

    def fresh(self, url: str, now: float) -> bool:
        return now - self.checked.get(url, float("-inf")) < self.max_age

    def save(self, answers: Iterable[Answer], now: float) -> None:
        for a in answers:
            if a.ok:
                self.checked[a.url] = now
            else:
                self.checked.pop(a.url, None)
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.checked, indent=0, sort_keys=True), encoding="utf-8")


def check_urls(urls: Iterable[str], fetcher: Callable[[str], Answer] = fetch, cache: Cache | None = None,
               workers: int = WORKERS, host_interval: float = HOST_INTERVAL) -> dict[str, Answer]:
    """Answer for every distinct URL (fragments dropped: servers do not see them)."""
    now = time.time()
    wanted = sorted({urldefrag(u).url for u in urls})
    cached = {u: Answer(u, 200) for u in wanted if cache and cache.fresh(u, now)}
    limiter = HostLimiter(host_interval)

    def ask(url: str) -> Answer:
        limiter.wait(urlparse(url).netloc.lower())
        return fetcher(url)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        asked = {a.url: a for a in pool.map(ask, [u for u in wanted if u not in cached])}
    if asked and all(a.error.startswith(CANNOT_CONNECT) for a in asked.values()):
        raise NoNetwork(f"could not reach any of {len(asked)} URLs ({next(iter(asked.values())).error}); "
                        "check the network connection, or run without --online")
    if cache:
        cache.save(asked.values(), now)
    return {**cached, **asked}
