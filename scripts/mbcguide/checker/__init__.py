"""The docs checker: links, anchors, drug names, front matter, citations, content safety, and the
evidence chain in the data files (source policy, registry approvals and review dates).

Each rule has a stable ID (see RULES); findings print as `path:line:col: RULE-ID message`.
"""
from __future__ import annotations

from dataclasses import dataclass

# Rule ID -> what it checks. Tests require a should-fail and a should-pass example for each.
RULES = {
    "LINK001": "internal link to a page that does not exist",
    "LINK002": "link to an anchor that the target page does not have",
    "LINK003": "image file that does not exist",
    "LINK004": "image without alt text",
    "LINK005": "glossary link to a term that does not exist",
    "LINK006": "external link that is not https or is malformed",
    "LINK007": "external link that does not answer (checked only with --online)",
    "DRUG001": "brand name paired with another drug's generic name",
    "DRUG002": "misspelt drug name",
    "DRUG003": "drug name with wrong capitalization",
    "DRUG004": "first mention of a drug without both brand and generic name",
    "DRUG005": "drug-like word that is not in the drug registry",
    "DRUG006": "trastuzumab emtansine without the 'ado-' prefix",
    "DRUG007": "drug class claim that contradicts the registry",
    "DRUG008": "drug-table marker that names no table",
    "META001": "missing or invalid front matter",
    "META002": "page past its next_review date (a warning: it does not fail the check)",
    "META003": "content page that does not open with a Key points box of 2 to 4 items",
    "NAV001": "page that is not in mkdocs.yml's nav",
    "NAV002": "content page that links to no other page of the guide in its text",
    "DATA001": "error in a data file (data/*.yml)",
    "CITE001": "figure without a citation nearby",
    "CITE002": "citation of a source the page does not list",
    "CITE003": "paragraph or list item that states a fact without a citation",
    "CITE004": "approval sourced to a news report (unless the registry marks it pending)",
    "CITE005": "site-policy page (policy: true) citing a medical source",
    "SAFE001": "HTML or Markdown that could run script: <script>, <iframe>, <object>, <form>, <base>, "
               "<meta http-equiv>, on... handlers, srcdoc, javascript:/vbscript:/data: URLs",
    "SAFE002": "treatment page without the get-help callout",
    "SAFE003": "callout marker line (<!-- name -->) that names no callout in data/callouts.yml",
    "SRC001": "source or link URL that is not https, has a bare IP or never-list host, or is a home page",
    "SRC002": "source whose host does not fit its kind (data/source_policy.yml)",
    "REG001": "registry FDA approval without a primary source and not marked pending",
    "REG002": "primary_source_pending on an approval more than 12 months old, or without a source",
    "REG003": "registry drug whose reviewed date is missing, not a date or in the future",
}
# Rules about data files (data/sources.yml, data/drugs.yml), not pages: their examples are data snippets.
DATA_RULES = ("SRC002", "REG001", "REG002", "REG003")


class CheckerError(Exception):
    """The checker itself failed on an input (a bug to report): exit 2 with one line naming the file."""


class NoNetwork(Exception):
    """--online could not reach one URL: the problem is this machine's connection, not the links.
    (Defined here, not in online.py, so the CLI can catch it without importing the network code.)"""


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    suggestion: str = ""
    severity: str = "error"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, "rule": self.rule,
                "severity": self.severity, "message": self.message, "suggestion": self.suggestion}
