"""The source policy (data/source_policy.yml): which hosts a source of each kind may use, and
which hosts nothing may use. Rules SRC001 (URL shape) and SRC002 (host fits the kind) ask it."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from .errors import DataErrors
from .paths import SOURCE_POLICY_FILE
from .schema import schema_errors
from .yamlfile import load_yaml


@dataclass(frozen=True)
class SourcePolicy:
    hosts: dict[str, frozenset[str] | None]  # kind -> allowed hosts (None: any named host not blocked)
    blocked: tuple[str, ...]  # "*.example.com" or "example.com"

    def blocked_by(self, host: str) -> str | None:
        """The blocked pattern the host matches, if any."""
        host = host.lower().rstrip(".")
        bare = host[4:] if host.startswith("www.") else host
        for pattern in self.blocked:
            if pattern.startswith("*."):
                base = pattern[2:]
                if host == base or host.endswith("." + base):
                    return pattern
            elif bare == pattern or host == pattern:
                return pattern
        return None


def load_policy(path: Path = SOURCE_POLICY_FILE, text: str | None = None) -> SourcePolicy:
    data, lines = load_yaml(path, text)
    errors = schema_errors(data, "source_policy.schema.json", path, lines)
    if errors:
        raise DataErrors(errors)
    hosts = {kind: (None if spec.get("any_host") else frozenset(spec["hosts"])) for kind, spec in data["kinds"].items()}
    return SourcePolicy(hosts, tuple(data["blocked"]))


@lru_cache(maxsize=1)
def default_policy() -> SourcePolicy:
    return load_policy()


def is_ip_host(host: str | None) -> bool:
    try:
        ipaddress.ip_address((host or "").strip("[]"))
        return True
    except ValueError:
        return False


def url_problem(url: str, policy: SourcePolicy, check_scheme: bool = True) -> str | None:
    """What is wrong with the URL's shape (SRC001), as an instruction; None when it is fine.

    A home page is refused because it does not show the fact: cite the page that states it."""
    try:
        parsed = urlparse(url)
        host = parsed.hostname or ""
    except ValueError:
        return f"fix the malformed URL {url!r}"
    if check_scheme and parsed.scheme != "https":
        return f"use an https URL, not {parsed.scheme or 'no scheme'}: {url}"
    if is_ip_host(host):
        return f"link to a named site, not the bare IP address {host}"
    blocked = policy.blocked_by(host)
    if blocked:
        return f"replace {url}: {host} is on the never-list ({blocked}) in data/source_policy.yml"
    if parsed.path in ("", "/") and not parsed.query:
        return f"link to the page that states the fact, not the home page {url}"
    return None


def kind_problem(kind: str, url: str, policy: SourcePolicy) -> str | None:
    """SRC002: the host does not fit the source's kind."""
    try:
        host = (urlparse(url).hostname or "").lower()
    except ValueError:
        return None  # SRC001 reports a malformed URL
    allowed = policy.hosts.get(kind)
    if allowed is None or host in allowed:
        return None
    return (f"a source of kind {kind} must be on {', '.join(sorted(allowed))}; {host} is not "
            f"(change the kind, cite the {kind} page itself, or add the host to data/source_policy.yml)")
