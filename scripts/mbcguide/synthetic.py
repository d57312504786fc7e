"""Large synthetic sites for the benchmarks: the real pages, cloned until there are N of them,
optionally with seeded defects of every checker rule.

Clones sit next to their original (treatment/chemotherapy-0007.md), so every relative link,
citation and glossary term still resolves: a clean clone builds and checks exactly like the original.
"""
from __future__ import annotations

import itertools
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .frontmatter import split_front_matter
from .paths import DOCS, ROOT

# Generated or site-wide pages that must stay single.
NOT_CLONED = {"glossary.md", "sources.md"}


def write_config(path: Path, docs: Path, site: Path, hooks: list[str]) -> Path:
    """The project's mkdocs.yml for another docs folder, with absolute paths and the given hooks
    (repository-relative), written to `path`. Clones stay out of the nav: a 1,000-entry nav on
    every page would dwarf what the benchmarks measure and grow with the square of the pages."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(site), watch=[], hooks=[str(ROOT / h) for h in hooks],
                  validation={"nav": {"omitted_files": "ignore"}})
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def timed_build(config_file: Path) -> float:
    """Seconds one in-process `mkdocs build` of the config takes (no interpreter start-up)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(config_file=str(config_file)))
    return time.perf_counter() - start


def content_pages(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in NOT_CLONED)


def clone_docs(dest: Path, pages: int, docs: Path = DOCS) -> list[Path]:
    """Copy docs/ to dest and add clones until dest has `pages` content pages; returns the clones."""
    shutil.copytree(docs, dest)
    originals = content_pages(dest)
    clones = []
    for n, original in zip(range(pages - len(originals)), itertools.cycle(originals)):
        clone = original.with_name(f"{original.stem}-{n:04d}.md")
        shutil.copyfile(original, clone)
        clones.append(clone)
    return clones


# --- Seeded defects, one of every checker rule, for the checker benchmark and its test ---

@dataclass(frozen=True)
class Defect:
    rel: str  # page path relative to docs/
    line: int
    rule: str
    token: str  # unique text in the broken URL, where the defect has one (to match other tools' reports)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
RULES_SEEDED = ("LINK001", "LINK002", "LINK003", "LINK004", "LINK005", "LINK006", "DRUG001", "DRUG002",
                "DRUG003", "DRUG004", "DRUG005", "DRUG006", "DRUG007", "DRUG008", "META001", "META002", "CITE001",
                "CITE002", "CITE003", "SAFE001", "SAFE002", "SRC001")
# Rules a page defect cannot show (alone), and why.
NOT_SEEDED = {"LINK007": "needs the network", "CITE004": "needs a news source in the page's front matter",
              "CITE005": "needs a site-policy page", "SRC002": "a data-file rule", "REG001": "a data-file rule",
              "REG002": "a data-file rule", "REG003": "a data-file rule", "DATA001": "a data-file rule",
              "NAV001": "needs the site's mkdocs.yml (clones are checked without a nav)",
              "NAV002": "needs the site's mkdocs.yml (clones are checked without a nav)",
              "META003": "needs the site's mkdocs.yml (clones are checked without a nav)",
              "SAFE003": "a misspelt marker hides a box rather than breaking a page: rule examples and the broken fixture cover it"}


def _letters(n: int) -> str:
    """A number as lower-case letters (0 -> 'a'), for made-up drug-like words."""
    word = ""
    while True:
        n, r = divmod(n, 26)
        word = chr(97 + r) + word
        if n == 0:
            return word


def _defect_text(rule: str, n: int, page_text: str, up: str, registry, sources: list[str]) -> tuple[str, str] | None:
    """(Markdown line, URL token) that breaks exactly `rule` on this page, or None if it cannot here."""
    token = f"defect-{n:04d}"
    if rule == "LINK001":
        return f"Read [more]({token}.md).", token
    if rule == "LINK002":
        return f"Read [more](#{token}).", token
    if rule == "LINK003":
        return f"![A chart]({up}images/{token}.png)", token
    if rule == "LINK004":
        return f"![]({up}images/chart.png)", ""
    if rule == "LINK005":
        return f"Read about [receptors](glossary:{token}).", token
    if rule == "LINK006":
        return f"See [the NCI](http://{token}.cancer.gov/).", token
    if rule == "CITE001":
        return f"About {n % 90 + 5}% of people feel this way.", ""
    listed = re.search(r"^sources:\s*\[(.*)\]", page_text, re.M)
    if rule == "CITE002":
        unlisted = [s for s in sources if listed and s not in listed.group(1)]
        return (f"This is a fact. [@{unlisted[n % len(unlisted)]}]", "") if unlisted else None
    if rule == "CITE003":  # (site-policy pages are exempt from it)
        policy = re.search(r"^policy:\s*true", page_text, re.M)
        return None if policy else ("Hormone therapy lowers the amount of estrogen in the body.", "")
    if rule == "SRC001":
        return f"Read [a blog post](https://{token}.blogspot.com/mbc.html).", token
    if rule == "SAFE001":
        return f'<span onclick="alert({n})">Tap here.</span>', ""
    if rule == "DRUG005":
        return f"Ask about zor{_letters(n)}mab.", ""
    if rule == "DRUG008":
        return f"<!-- drugs: class={token} -->", ""
    low = page_text.lower()  # the drug rules need drugs the page does not name yet
    absent = [d for d in registry.drugs  # brand-named drugs: the seeded mistakes are about brand and generic
              if not d.generic_first and not any(name.lower() in low for name in d.names)]
    if len(absent) < 2 or not listed:
        return None
    made = _drug_defect(rule, n, registry, absent)
    if made is None or re.search(r"^policy:\s*true", page_text, re.M):
        return made  # a site-policy page needs no citation (CITE003) and may not cite a medical one (CITE005)
    # A drug name states a fact: cite the page's first source, so the line breaks only `rule`, not CITE003.
    return f"{made[0]} [@{listed.group(1).split(',')[0].strip()}]", made[1]


def _drug_defect(rule: str, n: int, registry, absent) -> tuple[str, str] | None:
    a, b = absent[n % len(absent)], absent[(n + 1) % len(absent)]
    if rule == "DRUG001":
        return f"{a.brand} ({b.generic}) is a medicine.", ""
    if rule == "DRUG002":
        wrong = next((m for m in a.misspellings if m[0].isupper()), None)
        return (f"Ask about {wrong} ({a.generic}).", "") if wrong else None
    if rule == "DRUG003":
        return f"Ask about {a.display}. The {a.brand.lower()} dose is new.", ""
    if rule == "DRUG004":
        return f"Ask about {a.brand}.", ""
    if rule == "DRUG006":
        kadcyla = registry.lookup("Kadcyla")
        return ("Kadcyla (trastuzumab emtansine) is given by drip.", "") if kadcyla in absent else None
    if rule == "DRUG007":
        other = next((c for c in registry.classes.values() if c.id != a.drug_class.id
                      and c.name.lower() not in a.class_names()), None)
        return (f"{a.display}, a {other.name}, is a medicine.", "") if other else None
    raise ValueError(rule)


def seed_defects(docs: Path, pages: list[Path], per_rule: int, registry, sources: list[str],
                 rng: random.Random) -> list[Defect]:
    """Break `per_rule` pages for every rule, one defect per page; returns where each defect is."""
    (docs / "images").mkdir(exist_ok=True)
    (docs / "images" / "chart.png").write_bytes(PNG)
    candidates = pages[:]
    rng.shuffle(candidates)
    defects: list[Defect] = []
    n = 0
    for rule in RULES_SEEDED:
        seeded = 0
        while seeded < per_rule:
            page = candidates.pop()
            rel = page.relative_to(docs).as_posix()
            text = page.read_text(encoding="utf-8")
            n += 1
            if rule == "META001":  # a description too short for the schema (lines stay where they were)
                page.write_text(re.sub(r"^description:.*$", "description: Too short.", text, count=1, flags=re.M),
                                encoding="utf-8")
                line = next(i for i, l in enumerate(text.split("\n"), 1) if l.startswith("description:"))
                defects.append(Defect(rel, line, rule, ""))
            elif rule == "SAFE002":  # a treatment page loses its get-help callout
                if not rel.startswith("treatment/") or "<!-- get-help -->\n" not in text:
                    continue
                page.write_text(text.replace("<!-- get-help -->\n", "", 1), encoding="utf-8")
                defects.append(Defect(rel, split_front_matter(text)[2] + 1, rule, ""))
            elif rule == "META002":
                text = re.sub(r"^last_reviewed:.*$", "last_reviewed: 2020-01-01", text, count=1, flags=re.M)
                text = re.sub(r"^next_review:.*$", "next_review: 2020-12-31", text, count=1, flags=re.M)
                page.write_text(text, encoding="utf-8")
                line = next(i for i, l in enumerate(text.split("\n"), 1) if l.startswith("next_review"))
                defects.append(Defect(rel, line, rule, ""))
            else:
                up = "../" * rel.count("/")
                made = _defect_text(rule, n, text, up, registry, sources)
                if made is None:
                    continue  # this page cannot carry this defect cleanly; try another
                body, token = made
                # An uncited paragraph first, so the defect is not covered by the page's last citation.
                text = text.rstrip("\n") + "\n\nOne more note.\n\n" + body + "\n"
                page.write_text(text, encoding="utf-8")
                defects.append(Defect(rel, text.count("\n"), rule, token))
            seeded += 1
    return defects
