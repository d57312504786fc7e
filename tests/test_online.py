"""--online's HTTP side, against a local server (tests never use the internet)."""
from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT
from mbcguide.checker.online import Answer, Cache, HostLimiter, NoNetwork, check_urls, fetch


REDIRECTS = {"/moved": "/ok", "/loop-a": "/loop-b", "/loop-b": "/loop-a", "/to-file": "file:///etc/passwd",
             "/to-ftp": "ftp://example.org/x"}


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok answers 200, /gone 404, /no-head refuses HEAD (405) and /head-500 fails it (500) but both
    answer GET, /slow takes 2 s, /trickle sends its headers a byte every 0.05 s for 3 s, /busy
    answers 429 (Retry-After: 0) once then 200, /always-busy always 429 (Retry-After: 3600),
    /chain/N redirects to /chain/N+1 forever, and REDIRECTS redirect."""
    seen: list[tuple[str, str]] = []
    busy_asked = 0

    def log_message(self, *args):
        pass

    def answer(self):
        Handler.seen.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/trickle":
            return self.trickle()
        headers = {"Content-Length": "0"}
        if self.path in ("/no-head", "/head-500") and self.command == "HEAD":
            code = 405 if self.path == "/no-head" else 500
        elif self.path == "/busy":
            Handler.busy_asked += 1
            code = 429 if Handler.busy_asked % 2 else 200
            headers["Retry-After"] = "0"
        elif self.path == "/always-busy":
            code, headers["Retry-After"] = 429, "3600"
        elif self.path.startswith("/chain/"):
            code, headers["Location"] = 302, f"/chain/{int(self.path.split('/')[2]) + 1}"
        elif self.path in REDIRECTS:
            code, headers["Location"] = 301, REDIRECTS[self.path]
        else:
            code = {"/ok": 200, "/no-head": 200, "/head-500": 200, "/slow": 200}.get(self.path, 404)
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def trickle(self):
        try:
            for _ in range(60):
                self.wfile.write(b"H")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    do_GET = do_HEAD = answer


@pytest.fixture(scope="module")
def base():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("path, status, ok", [("/ok", 200, True), ("/gone", 404, False),
                                              ("/no-head", 200, True), ("/moved", 200, True)])
def test_fetch_reports_the_status(base, path, status, ok):
    answer = fetch(base + path)
    assert (answer.status, answer.ok) == (status, ok)


def test_fetch_falls_back_to_get_when_head_is_refused(base):
    Handler.seen.clear()
    fetch(base + "/no-head")
    assert Handler.seen == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_fetch_falls_back_to_get_on_any_head_error(base):
    Handler.seen.clear()
    assert fetch(base + "/head-500").ok
    assert Handler.seen == [("HEAD", "/head-500"), ("GET", "/head-500")]


def test_a_server_trickling_its_headers_is_cut_off_at_the_deadline(base):
    # Each byte comes well within the read timeout; only the total deadline stops the check.
    answer = fetch(base + "/trickle", timeout=1.0, deadline=0.5)
    assert answer.status is None and answer.error == "no complete answer within 0.5 s"
    assert answer.dead


@pytest.mark.parametrize("path, error", [
    ("/loop-a", "redirect loop at "), ("/to-file", "redirected to 'file:///etc/passwd'"),
    ("/to-ftp", "redirected to 'ftp://"), ("/chain/0", "more than 3 redirects")])
def test_bad_redirects_are_dead_and_never_cached(base, tmp_path, path, error):
    assert fetch(base + path, max_redirects=3).error.startswith(error)
    cache = Cache(tmp_path / "links.json")
    answers = check_urls([base + path], cache=cache, host_interval=0)
    assert answers[base + path].dead
    assert base + path not in Cache(tmp_path / "links.json").checked


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "https://[/"])
def test_only_web_addresses_are_asked(url):
    answer = fetch(url)
    assert answer.dead and answer.status is None


def test_429_waits_for_retry_after_then_retries_once(base):
    Handler.seen.clear()
    Handler.busy_asked = 0
    assert fetch(base + "/busy").ok
    assert [p for _, p in Handler.seen] == ["/busy", "/busy"]


def test_429_past_the_cap_is_not_dead_and_not_cached(base, tmp_path):
    answer = fetch(base + "/always-busy", retry_after_cap=1)
    assert answer.status == 429 and not answer.ok and not answer.dead
    check_urls([base + "/always-busy"], cache=Cache(tmp_path / "links.json"), host_interval=0)
    assert not Cache(tmp_path / "links.json").checked


def test_fetch_gives_up_after_the_timeout(base):
    answer = fetch(base + "/slow", timeout=0.3)
    assert answer.status is None and answer.error == "no answer within 0.3 s"


def test_check_urls_asks_each_url_once_without_fragments(base):
    Handler.seen.clear()
    answers = check_urls([base + "/ok#a", base + "/ok#b", base + "/gone"], host_interval=0)
    assert sorted(answers) == [base + "/gone", base + "/ok"]
    assert sorted(Handler.seen) == [("GET", "/gone"), ("HEAD", "/gone"), ("HEAD", "/ok")]  # GET: HEAD failed


def test_cache_skips_urls_that_answered_well_and_rechecks_failures(base, tmp_path):
    cache_file = tmp_path / "links.json"
    check_urls([base + "/ok", base + "/gone"], cache=Cache(cache_file), host_interval=0)
    Handler.seen.clear()
    answers = check_urls([base + "/ok", base + "/gone"], cache=Cache(cache_file), host_interval=0)
    assert {path for _, path in Handler.seen} == {"/gone"}
    assert answers[base + "/ok"].ok and not answers[base + "/gone"].ok


def test_expired_or_damaged_cache_is_checked_again(base, tmp_path):
    cache_file = tmp_path / "links.json"
    check_urls([base + "/ok"], cache=Cache(cache_file), host_interval=0)
    Handler.seen.clear()
    check_urls([base + "/ok"], cache=Cache(cache_file, max_age_hours=0), host_interval=0)
    cache_file.write_text("not json")
    check_urls([base + "/ok"], cache=Cache(cache_file), host_interval=0)
    assert Handler.seen == [("HEAD", "/ok"), ("HEAD", "/ok")]


class RecordingLimiter(HostLimiter):
    """A HostLimiter on a fake clock that never moves: records each host's slots, never sleeps."""

    def __init__(self, interval: float):
        super().__init__(interval, clock=lambda: 0.0, sleep=lambda seconds: None)
        self.slots: dict[str, list[float]] = {}

    def wait(self, host: str) -> float:
        waited = super().wait(host)
        with self.lock:
            self.slots.setdefault(host, []).append(waited)
        return waited


def test_requests_to_one_host_are_spaced_out():
    limiter = RecordingLimiter(0.2)
    urls = [f"https://{host}/{n}" for host in ("a.org", "b.org") for n in range(4)]
    check_urls(urls, fetcher=lambda url: Answer(url, 200), workers=8, limiter=limiter)
    # Each host's requests are given turns 0.2 s apart; the other host does not delay them.
    for host in ("a.org", "b.org"):
        assert sorted(limiter.slots[host]) == pytest.approx([0.0, 0.2, 0.4, 0.6])


def test_every_redirect_hop_waits_for_the_hosts_turn(base):
    limiter = RecordingLimiter(0.2)
    assert fetch(base + "/moved", limiter=limiter).ok
    assert list(limiter.slots.values()) == [pytest.approx([0.0, 0.2])]


def test_host_limiter_sleeps_for_the_gap():
    slept = []
    limiter = HostLimiter(5.0, clock=lambda: 100.0, sleep=slept.append)
    limiter.wait("a.org")
    limiter.wait("a.org")
    limiter.wait("b.org")
    assert slept == [5.0]


def test_concurrency_is_bounded():
    running, peak = 0, 0
    lock = threading.Lock()

    def slow(url):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return Answer(url, 200)

    check_urls([f"https://h{n}.org/" for n in range(20)], fetcher=slow, workers=3, host_interval=0)
    assert peak == 3


def test_host_limiter_lets_the_first_request_through_at_once():
    assert HostLimiter(5.0, clock=lambda: 0.0, sleep=lambda s: pytest.fail("slept")).wait("a.org") == 0.0


def test_no_network_at_all_is_a_configuration_error_not_findings():
    def unreachable(url):
        return Answer(url, None, "cannot connect (Name or service not known)")

    with pytest.raises(NoNetwork, match="could not reach any of 2 URLs"):
        check_urls(["https://a.org/", "https://b.org/"], fetcher=unreachable, host_interval=0)


def test_default_run_never_goes_online():
    """Without --online the checker makes no network calls: it runs fine with sockets disabled."""
    code = ("import socket, runpy, sys\n"
            "def refuse(*a, **k): raise RuntimeError('network used')\n"
            "socket.socket.connect = refuse\nsocket.getaddrinfo = refuse\n"
            "sys.argv = ['check_docs.py']\nrunpy.run_path('scripts/check_docs.py', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    # (whether the real tree is clean is test_real_docs_have_no_findings's business, not this test's)
    assert result.returncode in (0, 1) and "network used" not in result.stderr, result.stderr
    assert re.search(r"(no findings|\d+ findings? in \d+ files?)\n$", result.stdout), result.stdout[-500:]
