"""Find HTML that could run script: a small tag tokenizer after the WHATWG HTML tokenizer.

Python's html.parser backtracks on unclosed tags ('<a ' * 10,000 takes seconds), and regular
expressions miss what browsers accept (`<svg/onload=...>`, `<a href="x"onclick=...>`, entities in
`javascript&colon;`). This tokenizer reads tag names and attributes as a browser does, and every
step consumes what it reads, so the time grows linearly with the input.

It does not build a tree. Two readings are scanned and their findings joined: one that treats the
text of <style>, <textarea>, <title> and the like as text (as HTML does), one that reads tags
everywhere (as SVG and MathML do), so a comment opened in one context cannot hide a tag from the
other. A tag cut off by the end of the input still counts: Markdown may close it later.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

BLOCKED_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "form", "base"}
BLOCKED_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements whose content HTML reads as text up to their end tag (scripting on: noscript too).
RAWTEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}

_SPACE = "\t\n\f\r "
_SPACE_RE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME_RE = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME_RE = re.compile(r"[^\t\n\f\r />=]*")
_UNQUOTED_RE = re.compile(r"[^\t\n\f\r >]*")
_URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from URLs (tabs, newlines) or trim them


@dataclass(frozen=True)
class Attribute:
    name: str  # lower case
    value: str  # entities decoded
    start: int  # offset of the name


@dataclass(frozen=True)
class Tag:
    name: str  # lower case
    end_tag: bool  # </name>
    attributes: tuple[Attribute, ...]
    start: int  # offset of '<'
    end: int  # offset after the tag's '>' (or the end of the input)
    closed: bool = True  # False: the input ended inside the tag


@dataclass(frozen=True)
class Problem:
    offset: int
    message: str


def blocked_scheme(value: str) -> str | None:
    """'javascript:', 'vbscript:' or 'data:' if the URL-ish value starts with one (after decoding), else None."""
    cleaned = _URL_NOISE_RE.sub("", html.unescape(value)).lower()
    return next((s for s in BLOCKED_SCHEMES if cleaned.startswith(s)), None)


def tokenize(text: str, rawtext: bool = True) -> Iterator[Tag]:
    """Every start and end tag in text, in order. Comments, doctypes and text are skipped."""
    pos, n = 0, len(text)
    while True:
        lt = text.find("<", pos)
        if lt < 0 or lt + 1 >= n:
            return
        nxt = text[lt + 1]
        if nxt.isascii() and nxt.isalpha():
            tag, pos = _read_tag(text, lt, lt + 1, end_tag=False)
            yield tag
            if rawtext and tag.name in RAWTEXT and tag.closed:
                pos = end_of_rawtext(text, pos, tag.name)
        elif nxt == "/":
            after = text[lt + 2:lt + 3]
            if after.isascii() and after.isalpha():
                tag, pos = _read_tag(text, lt, lt + 2, end_tag=True)
                yield tag
            elif after == ">":
                pos = lt + 3  # '</>' is dropped
            elif after == "":
                return
            else:
                pos = _bogus_comment(text, lt + 2)
        elif nxt == "!":
            if text.startswith("--", lt + 2):
                pos = _comment(text, lt + 4)
            else:
                pos = _bogus_comment(text, lt + 2)  # <!DOCTYPE ...>, <![CDATA[ ...> and the like end at '>'
        elif nxt == "?":
            pos = _bogus_comment(text, lt + 1)
        else:
            pos = lt + 1  # a '<' that starts no tag is text


def _comment(text: str, pos: int) -> int:
    """Offset after a comment whose '<!--' ends at pos ('<!-->' and '<!--->' close at once)."""
    if text.startswith(">", pos):
        return pos + 1
    if text.startswith("->", pos):
        return pos + 2
    ends = [i for i in (text.find("-->", pos), text.find("--!>", pos)) if i >= 0]
    if not ends:
        return len(text)  # the comment runs to the end
    end = min(ends)
    return end + (3 if text.startswith("-->", end) else 4)


def _bogus_comment(text: str, pos: int) -> int:
    end = text.find(">", pos)
    return len(text) if end < 0 else end + 1


def end_of_rawtext(text: str, pos: int, name: str) -> int:
    """Offset of the '</name' that ends a raw-text element's content (its end tag is read as usual)."""
    low_name = "</" + name
    while True:
        i = text.find("</", pos)
        if i < 0:
            return len(text)
        if text[i:i + len(low_name)].lower() == low_name:
            follow = text[i + len(low_name):i + len(low_name) + 1]
            if follow == "" or follow in _SPACE + "/>":
                return i
        pos = i + 2


def _read_tag(text: str, lt: int, pos: int, end_tag: bool) -> tuple[Tag, int]:
    """Read a tag whose name starts at pos; return (tag, offset after it)."""
    n = len(text)
    m = _TAG_NAME_RE.match(text, pos)
    name = m.group(0).lower()
    pos = m.end()
    attrs: list[Attribute] = []
    while True:
        pos = _SPACE_RE.match(text, pos).end()
        if pos >= n:
            return Tag(name, end_tag, tuple(attrs), lt, n, closed=False), n
        c = text[pos]
        if c == ">":
            return Tag(name, end_tag, tuple(attrs), lt, pos + 1), pos + 1
        if c == "/":  # self-closing start: '>' ends the tag, anything else starts an attribute
            pos += 1
            continue
        # Attribute name; a leading '=' belongs to the name.
        start = pos
        m = _ATTR_NAME_RE.match(text, pos + 1 if c == "=" else pos)
        attr_name = text[start:m.end()].lower()
        pos = _SPACE_RE.match(text, m.end()).end()
        value = ""
        if pos < n and text[pos] == "=":
            pos = _SPACE_RE.match(text, pos + 1).end()
            if pos < n and text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close < 0:
                    attrs.append(Attribute(attr_name, html.unescape(text[pos + 1:]), start))
                    return Tag(name, end_tag, tuple(attrs), lt, n, closed=False), n
                value, pos = text[pos + 1:close], close + 1
            elif pos < n and text[pos] != ">":
                m = _UNQUOTED_RE.match(text, pos)
                value, pos = m.group(0), m.end()
        attrs.append(Attribute(attr_name, html.unescape(value), start))


def tag_problems(tag: Tag) -> list[Problem]:
    """What in one tag could run script: at most one problem, the tag's own name first."""
    if tag.end_tag:
        return []
    if tag.name in BLOCKED_TAGS:
        return [Problem(tag.start, f"remove the <{tag.name}> element; pages may not run code or embed other pages")]
    if tag.name == "meta" and any(a.name == "http-equiv" for a in tag.attributes):
        return [Problem(tag.start, "remove the <meta http-equiv> element; it can redirect or change the page's rules")]
    for attr in tag.attributes:
        problem = attribute_problem(attr.name, attr.value, attr.start)
        if problem:
            return [problem]
    return []


def attribute_problem(name: str, value: str, offset: int) -> Problem | None:
    """An event handler, srcdoc, or a javascript:/vbscript:/data: value (decoded), else None."""
    name = name.lower()
    if name.startswith("on"):
        return Problem(offset, f"remove the event handler {name}=; pages may not run code")
    if name == "srcdoc":
        return Problem(offset, "remove the srcdoc attribute; it embeds a page that can run code")
    scheme = blocked_scheme(value)
    if scheme:
        return Problem(offset, f"remove the {scheme} URL in {name}=; pages may not run code")
    return None


def html_problems(text: str) -> list[Problem]:
    """Every tag in text that could run script, read both ways (see the module's docstring)."""
    found: dict[int, Problem] = {}
    for rawtext in (True, False):
        for tag in tokenize(text, rawtext=rawtext):
            for problem in tag_problems(tag):
                found.setdefault(tag.start, problem)
    return [found[k] for k in sorted(found)]
