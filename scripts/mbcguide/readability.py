"""Reading grade (Flesch-Kincaid) of each built page's main text."""
from __future__ import annotations

import html
import re
from pathlib import Path

import textstat

ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
# Not prose a reader reads as sentences: code, tables (drug lists), icons, citation numbers, buttons.
NON_PROSE_RE = re.compile(r"<(script|style|pre|code|table|svg|sup|button)\b.*?</\1>", re.S)
BLOCK_RE = re.compile(r"</?(p|li|h[1-6]|div|br|tr|aside|details|summary)\b[^>]*>")
TAG_RE = re.compile(r"<[^>]+>")


def article_text(page_html: str) -> str:
    m = ARTICLE_RE.search(page_html)
    body = m.group(1) if m else page_html
    body = body.split('<h2 id="sources"')[0]  # the sources list is references, not prose
    body = re.sub(r'<a class="headerlink".*?</a>', "", body, flags=re.S)
    body = NON_PROSE_RE.sub(" ", body)
    text = html.unescape(TAG_RE.sub("", BLOCK_RE.sub("\n", body)))
    # Headings and list items are units of meaning: end each line as a sentence.
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line if line[-1] in ".!?:" else line + "." for line in lines if line)


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def page_grades(site_dir: Path) -> dict[str, float]:
    grades = {}
    for html_file in sorted(site_dir.rglob("index.html")):
        rel = html_file.parent.relative_to(site_dir).as_posix()
        if rel in ("glossary", "sources"):
            continue  # generated lists of terms and references, not prose
        text = article_text(html_file.read_text(encoding="utf-8"))
        grades[rel if rel != "." else "(home)"] = round(grade(text), 1)
    return grades
