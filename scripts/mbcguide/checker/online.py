"""--online: check that external URLs still answer, politely, within a deadline, and without
re-checking good ones.

Politeness: at most WORKERS requests at once, and requests to one host (every redirect hop
included) start at least HOST_INTERVAL seconds apart; a 429 answer's Retry-After is honoured
(up to RETRY_AFTER_CAP seconds) before one retry. Bounded: each read waits at most TIMEOUT
seconds and each URL at most DEADLINE seconds in all (a server trickling its headers a byte at a
time once held one check for 148 s); at most MAX_REDIRECTS redirects, never in a loop, only to
http(s). Speed: a URL that answered well within CACHE_HOURS is not asked again (cache file
.cache/online-links.json). Never part of the default run: the network is slow and flaky.
"""
from __future__ import annotations

import email.utils
import http.client
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

from ..paths import ROOT
from . import NoNetwork

CACHE_FILE = ROOT / ".cache" / "online-links.json"
CACHE_HOURS = 24
TIMEOUT = 10.0  # seconds per read
DEADLINE = 30.0  # seconds per URL, all hops and retries included (waiting for a host's turn is not)
MAX_REDIRECTS = 10
RETRY_AFTER_CAP = 30.0  # a longer Retry-After is not waited for: the link is reported as unchecked
WORKERS = 8
HOST_INTERVAL = 1.0  # seconds between two requests to the same host
CANNOT_CONNECT = "cannot connect"
USER_AGENT = "mbc-guide-link-checker/1.0 (+https://github.com/mbc-guide/mbc-guide)"
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # HTTP status, or None when there was no answer
    error: str = ""  # why there was no usable answer, in plain words

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def dead(self) -> bool:
        """Worth a LINK007 finding. 429 (too many requests) says nothing about the link."""
        return not self.ok and self.status != 429


class HostLimiter:
    """Spaces out requests to the same host, however many threads ask. The clock and sleep are
    parameters so tests can use a fake clock instead of measuring real time."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self.next_slot: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Wait for the host's next turn; return the seconds waited."""
        with self.lock:
            now = self.clock()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + self.interval
        waited = max(0.0, slot - now)
        if waited:
            self.sleep(waited)
        return waited


class _DeadlinePassed(Exception):
    pass


def _request(method: str, url: str, timeout: float, remaining: float) -> tuple[int, str | None, str | None]:
    """(status, Location, Retry-After) of one request. A watchdog closes the socket when the
    deadline passes, so a server that trickles bytes cannot hold the check past it."""
    parts = urlparse(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    conn = cls(parts.hostname, parts.port, timeout=min(timeout, remaining), **kwargs)
    expired = threading.Event()

    def abort() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(remaining, abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = conn.getresponse()
        return response.status, response.getheader("Location"), response.getheader("Retry-After")
    except (OSError, http.client.HTTPException):
        if expired.is_set():
            raise _DeadlinePassed() from None
        raise
    finally:
        watchdog.cancel()
        conn.close()


def _retry_after(value: str | None) -> float:
    """Seconds asked for by a Retry-After header (seconds or an HTTP date); 1 s if unreadable."""
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError, IndexError, OverflowError):
            return 1.0


def fetch(url: str, timeout: float = TIMEOUT, deadline: float = DEADLINE, limiter: HostLimiter | None = None,
          max_redirects: int = MAX_REDIRECTS, retry_after_cap: float = RETRY_AFTER_CAP) -> Answer:
    """HEAD the URL, following redirects; on any HEAD error, try GET (some servers refuse HEAD)."""
    end = time.monotonic() + deadline
    seen: set[str] = set()
    current, retried = url, False
    while True:
        try:
            parts = urlparse(current)
        except ValueError:  # e.g. a broken IPv6 host
            return Answer(url, None, f"malformed address {current!r}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            where = "" if current == url else "redirected to "
            return Answer(url, None, f"{where}{current!r}, which is not a web (http or https) address")
        if current in seen:
            return Answer(url, None, f"redirect loop at {current}")
        if len(seen) > max_redirects:
            return Answer(url, None, f"more than {max_redirects} redirects")
        seen.add(current)
        if limiter is not None:
            end += limiter.wait(parts.netloc.lower())  # a host's turn is politeness, not the server's delay
        try:
            for method in ("HEAD", "GET"):
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise _DeadlinePassed()
                status, location, retry_after = _request(method, current, timeout, remaining)
                if status < 400 or status == 429:
                    break
        except _DeadlinePassed:
            return Answer(url, None, f"no complete answer within {deadline:g} s")
        except TimeoutError:
            return Answer(url, None, f"no answer within {timeout:g} s")
        except (OSError, http.client.HTTPException, ValueError) as err:
            reason = getattr(err, "reason", None) or err
            if isinstance(reason, TimeoutError):
                return Answer(url, None, f"no answer within {timeout:g} s")
            return Answer(url, None, f"{CANNOT_CONNECT} ({reason or type(err).__name__})")
        if status == 429:
            wait = _retry_after(retry_after)
            if retried or wait > retry_after_cap or time.monotonic() + wait >= end:
                return Answer(url, 429, "HTTP 429 Too Many Requests (not checked; try again later)")
            time.sleep(wait)
            retried = True
            seen.discard(current)  # asking again is not a loop
            continue
        if status in REDIRECTS and location:
            current = urldefrag(urljoin(current, location.strip())).url
            continue
        if status >= 400:
            return Answer(url, status, f"HTTP {status} {http.client.responses.get(status, '')}".rstrip())
        return Answer(url, status)


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


def check_urls(urls: Iterable[str], fetcher: Callable[[str], Answer] | None = None, cache: Cache | None = None,
               workers: int = WORKERS, host_interval: float = HOST_INTERVAL,
               limiter: HostLimiter | None = None) -> dict[str, Answer]:
    """Answer for every distinct URL (fragments dropped: servers do not see them).

    The default fetcher waits for the host's turn before every hop; a stand-in `fetcher` (tests)
    is called after the first hop's turn."""
    now = time.time()
    wanted = sorted({urldefrag(u).url for u in urls})
    cached = {u: Answer(u, 200) for u in wanted if cache and cache.fresh(u, now)}
    limiter = limiter or HostLimiter(host_interval)

    def ask(url: str) -> Answer:
        if fetcher is None:
            return fetch(url, limiter=limiter)
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
