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


class Handler(http.server.BaseHTTPRequestHandler):
    """/ok answers 200, /gone 404, /no-head refuses HEAD but answers GET, /slow takes 2 s."""
    seen: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def answer(self):
        Handler.seen.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/no-head" and self.command == "HEAD":
            code = 405
        else:
            code = {"/ok": 200, "/no-head": 200, "/slow": 200, "/moved": 301}.get(self.path, 404)
        self.send_response(code)
        if code == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

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


def test_fetch_gives_up_after_the_timeout(base):
    answer = fetch(base + "/slow", timeout=0.3)
    assert answer.status is None and answer.error == "no answer within 0.3 s"


def test_check_urls_asks_each_url_once_without_fragments(base):
    Handler.seen.clear()
    answers = check_urls([base + "/ok#a", base + "/ok#b", base + "/gone"], host_interval=0)
    assert sorted(answers) == [base + "/gone", base + "/ok"]
    assert sorted(p for _, p in Handler.seen) == ["/gone", "/ok"]


def test_cache_skips_urls_that_answered_well_and_rechecks_failures(base, tmp_path):
    cache_file = tmp_path / "links.json"
    check_urls([base + "/ok", base + "/gone"], cache=Cache(cache_file), host_interval=0)
    Handler.seen.clear()
    answers = check_urls([base + "/ok", base + "/gone"], cache=Cache(cache_file), host_interval=0)
    assert Handler.seen == [("HEAD", "/gone")]
    assert answers[base + "/ok"].ok and not answers[base + "/gone"].ok


def test_expired_or_damaged_cache_is_checked_again(base, tmp_path):
    cache_file = tmp_path / "links.json"
    check_urls([base + "/ok"], cache=Cache(cache_file), host_interval=0)
    Handler.seen.clear()
    check_urls([base + "/ok"], cache=Cache(cache_file, max_age_hours=0), host_interval=0)
    cache_file.write_text("not json")
    check_urls([base + "/ok"], cache=Cache(cache_file), host_interval=0)
    assert Handler.seen == [("HEAD", "/ok"), ("HEAD", "/ok")]


def test_requests_to_one_host_are_spaced_out():
    starts: dict[str, list[float]] = {}
    lock = threading.Lock()

    def record(url):
        with lock:
            starts.setdefault(url.split("/")[2], []).append(time.monotonic())
        return Answer(url, 200)

    urls = [f"https://{host}/{n}" for host in ("a.org", "b.org") for n in range(4)]
    check_urls(urls, fetcher=record, workers=8, host_interval=0.2)
    for host, times in starts.items():
        gaps = [b - a for a, b in zip(sorted(times), sorted(times)[1:])]
        assert min(gaps) >= 0.19, (host, gaps)
    # Different hosts are not held back by each other: both started at once.
    assert abs(starts["a.org"][0] - starts["b.org"][0]) < 0.15


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
    limiter = HostLimiter(5.0)
    start = time.monotonic()
    limiter.wait("a.org")
    assert time.monotonic() - start < 0.5


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
