"""Evidence rules on pages: every factual paragraph cites a source (CITE003), approvals are not
sourced to news alone (CITE004), site-policy pages cite no medical source (CITE005), and every
external link has the shape the source policy allows (SRC001).

"States a fact" (CITE003; CONTRIBUTING.md, "Source policy") means the paragraph or list item has
a number (a standalone one: "31%", "2026", "6 out of 100"; not the digits in HER2 or CDK4/6), a
drug name from the registry, or a medical claim verb (CLAIM_VERBS: treats, approved, lowers ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..source_policy import default_policy, is_ip_host, url_problem
from ..sources import CITE_RE, PRIMARY_KINDS
from . import Finding
from .context import Context, Page
from .drugs import _blank, _name_re
from .links import HOST_RE, iter_links

# Verbs that make a sentence a medical claim, in the forms a claim uses ("target" is left out: in
# "targeted therapy" it names a treatment, it claims nothing). "helps" and "works"
# only in their third-person and past forms: "ask for help" and "at work" state nothing.
_VERBS = ("treat", "approve", "increase", "lower", "reduce", "cause", "block", "kill", "spread", "shrink",
          "slow", "stop", "prevent", "cure", "extend", "improve", "lengthen", "raise", "attack",
          "damage", "destroy", "grow", "lead", "affect", "protect", "lessen", "ease", "relieve", "weaken")
CLAIM_VERBS = _VERBS + ("helps", "helped", "works", "worked", "approval", "approvals")
CLAIM_RE = re.compile(r"(?<![\w-])(?:(?:" + "|".join(_VERBS) + r")(?:s|es|d|ed|ing)?|"
                      r"spread|grew|grown|led|shrank|shrunk|stopped|stopping|"
                      + "|".join(CLAIM_VERBS[len(_VERBS):]) + r")(?![\w-])", re.I)
# A standalone number (not the digits of HER2, CDK4/6, PD-1 or BRCA1), with an optional percent.
NUMBER_RE = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*(?:\s?%)?(?![\w/-])")
APPROVAL_RE = re.compile(r"(?<![\w-])(?:approved|approval|approvals)(?![\w-])", re.I)
LIST_ITEM_RE = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
TABLE_ROW_RE = re.compile(r"^\s*\|")
PAGE_LINK_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]+\]\((?![a-z]+:)[^)#\s]*\.md(?:#[^)\s]*)?\)")
LINK_TEXT_RE = re.compile(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()]*\)|<https?://[^<>]*>")
CITE_ONLY_RE = re.compile(r"^\s*(?:\[@[a-z0-9-]+\][\s.]*)+$")
QUESTION_BOX_RE = re.compile(r"^(?:!!!|\?\?\?\+?)\s*question\b")
ADMONITION_RE = re.compile(r"^(?:!!!|\?\?\?\+?)\s*\w")
# A sentence runs to its end mark and the citations right after it ("... in 2026. [@fda-x]").
PAGE_LINK_TEXT_RE = re.compile(r"\[[^\[\]]*\]\((?![a-z]+:)[^()\s]*\.md(?:#[^()\s]*)?\)")
POINTER_RE = re.compile(r"(?:^|(?<=[.!?]\s))\s*(?:This (?:page|guide|section)|Read|See)\b[^.!?]*[.!?]?")
SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+(?:\s*\[@[a-z0-9-]+\])*|$)")


@dataclass
class Unit:
    """A paragraph or a list item: the thing CITE003 asks to carry a citation."""
    lines: list[tuple[int, str]] = field(default_factory=list)
    is_item: bool = False  # a list item or a table (each joins the paragraph that introduces it)
    is_table: bool = False
    lead_in: bool = False  # a paragraph ending with ':' that introduces a list
    group: int = 0  # units that share a citation: a list with its lead-in and a citation line below

    @property
    def text(self) -> str:
        return " ".join(line for _, line in self.lines)


def policy_page(page: Page) -> bool:
    meta = page.front[0] if isinstance(page.front, tuple) else None
    return isinstance(meta, dict) and meta.get("policy") is True


def _units(lines) -> list[Unit]:
    """Paragraphs and list items outside headings, HTML comments and 'Questions to ask' boxes."""
    units: list[Unit] = []
    current: Unit | None = None
    group = 0
    in_comment = in_question = False
    for n, line in lines:
        if in_question:
            if not line.strip() or line.startswith(("    ", "\t")):
                continue
            in_question = False
        if in_comment or line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
            current = None
            continue
        if not line.strip():
            current = None
            continue
        stripped = line.lstrip()
        if stripped.startswith("#") or QUESTION_BOX_RE.match(stripped):
            in_question = bool(QUESTION_BOX_RE.match(stripped))
            current = None
            group += 1
            continue
        if ADMONITION_RE.match(stripped):  # another box: its indented text is checked like any other
            current = None
            continue
        item = LIST_ITEM_RE.match(line) or (current is None and TABLE_ROW_RE.match(line))  # a table is one unit
        if item or current is None:
            previous = units[-1] if units else None
            joins = previous is not None and (
                (item and (previous.is_item or previous.lead_in))  # the next item of a list
                or (CITE_ONLY_RE.match(line) and previous.group == group))  # a citation line under it
            if not joins:
                group += 1
            current = Unit([], bool(item), is_table=bool(item) and not LIST_ITEM_RE.match(line), group=group)
            units.append(current)
        current.lines.append((n, line))
        current.lead_in = not current.is_item and CITE_RE.sub("", line).rstrip().endswith(":")
    return units


def fact_marker(ctx: Context, text: str) -> str | None:
    """What makes the text state a fact ("the number '31%'"), or None. Link targets, HTML tags
    and citations are blanked first (a URL's digits state nothing), and so are the words of links
    to other pages of the site ("Read about [stopping treatment](end.md)" names a page, it claims
    nothing) and sentences about the page itself ("This page lists ...", "Read more ...", "See ...")."""
    bare = POINTER_RE.sub(" ", _blank(PAGE_LINK_TEXT_RE.sub(" ", text)))
    number = NUMBER_RE.search(bare)
    if number:
        return f"the number {number.group(0)!r}"
    drug = next(iter(_name_re(ctx.registry).finditer(bare)), None)
    if drug:
        return f"the drug name {bare[drug.start(1):drug.end(1)]!r}"
    claim = CLAIM_RE.search(bare)
    return f"the claim {claim.group(0)!r}" if claim else None


def _navigation(unit: Unit) -> bool:
    """A list item that is only links, or that starts with a link to another page of the site
    ("[Outlook](outlook.md): what the numbers say"): it points to where the facts are cited."""
    if not unit.is_item:
        return False
    rest = LINK_TEXT_RE.sub("", re.sub(LIST_ITEM_RE, "", unit.text, count=1))
    return not re.search(r"\w", rest) or bool(PAGE_LINK_RE.match(unit.lines[0][1]))


def check_claims(ctx: Context, page: Page, lines, skip_lines: set[int]) -> list[Finding]:
    """CITE003: an uncited paragraph or list item that states a fact. A list shares the citation
    of its lead-in paragraph ("These drugs ...: [@id]") or of a citation line right below it.
    Paragraphs with an uncited figure (skip_lines) are CITE001's, so they are not reported twice."""
    if policy_page(page):
        return []
    units = _units(lines)
    cited_groups = {u.group for u in units if CITE_RE.search(u.text) and (u.lead_in or CITE_ONLY_RE.match(u.text))}
    # A lead-in ("Cancer in the bones can cause:") whose list items all cite their sources is covered by them.
    items: dict[int, list[Unit]] = {}
    for u in units:
        if u.is_item:
            items.setdefault(u.group, []).append(u)
    cited_lists = {g for g, its in items.items() if all(CITE_RE.search(u.text) for u in its)}
    found = []
    for unit in units:
        if CITE_RE.search(unit.text) or unit.group in cited_groups or _navigation(unit) \
                or (unit.lead_in and unit.group in cited_lists):
            continue
        if any(n in skip_lines for n, _ in unit.lines):
            continue
        marker = fact_marker(ctx, unit.text)
        if marker is None:
            continue
        n, line = unit.lines[0]
        col = len(line) - len(line.lstrip()) + 1
        what = "table" if unit.is_table else "list item" if unit.is_item else "paragraph"
        found.append(Finding(str(page.path), n, col, "CITE003",
                             f"cite a source for this {what}: it states a fact ({marker}) without [@source-id]",
                             "add [@id] of the page source that states it, after the sentence"))
    return found


def _pending_drugs(ctx: Context) -> set[int]:
    return {id(d) for d in ctx.registry.drugs if any(a.pending for a in d.approvals)}


def check_news_approvals(ctx: Context, page: Page, lines) -> list[Finding]:
    """CITE004: a sentence about an approval ("approved", "approval") that cites a news source. Allowed
    only when it names a drug with an approval marked primary_source_pending in the registry (until
    the FDA's notice or label is out, the news is all there is)."""
    found = []
    pending = None
    for n, line in lines:
        if not APPROVAL_RE.search(line) or not CITE_RE.search(line):
            continue
        for sentence in SENTENCE_RE.finditer(line):
            text = sentence.group(0)
            if not APPROVAL_RE.search(_blank(text)):
                continue
            for cite in CITE_RE.finditer(text):
                source = ctx.sources.get(cite.group(1))
                if source is None or source.kind != "news":
                    continue
                if pending is None:
                    pending = _pending_drugs(ctx)
                named = [m for m in _name_re(ctx.registry).finditer(_blank(text))]
                if any(id(ctx.registry.lookup(m.group(1))) in pending for m in named):
                    continue
                found.append(Finding(str(page.path), n, sentence.start() + cite.start() + 1, "CITE004",
                                     f"cite a primary source (kind {', '.join(PRIMARY_KINDS)}) for this approval, "
                                     f"not the news report {cite.group(1)!r}",
                                     "or mark the approval primary_source_pending in data/drugs.yml while it is new"))
    return found


def check_policy_citations(ctx: Context, page: Page, lines) -> list[Finding]:
    """CITE005: pages about the site itself (policy: true) make no medical claims, so they cite no
    medical source; a medical fact belongs on a content page."""
    if not policy_page(page):
        return []
    found = []
    for n, line in lines:
        for cite in CITE_RE.finditer(line):
            source = ctx.sources.get(cite.group(1))
            if source is not None and source.kind in PRIMARY_KINDS:
                found.append(Finding(str(page.path), n, cite.start() + 1, "CITE005",
                                     f"remove the medical source {cite.group(1)!r} from this site-policy page",
                                     "move the medical fact to a content page, or cite a non-medical source"))
    return found


def check_link_policy(ctx: Context, page: Page, lines) -> list[Finding]:
    """SRC001 for page links. Links that are not https or are malformed are LINK006's, so skipped."""
    policy = ctx.policy or default_policy()
    found = []
    for n, col, _, _, target in iter_links(lines):
        try:
            parsed = urlparse(target)
        except ValueError:
            continue
        if parsed.scheme != "https" or not (HOST_RE.match(parsed.netloc) or is_ip_host(parsed.hostname)):
            continue
        problem = url_problem(target, policy, check_scheme=False)
        if problem:
            found.append(Finding(str(page.path), n, col, "SRC001", problem,
                                 "link to the https page on a named site that states the fact"))
    return found
