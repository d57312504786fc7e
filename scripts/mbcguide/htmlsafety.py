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
_COMMENT_END_RE = re.compile(r"--!?>")
_SPACE_RE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME_RE = re.compile(r"[^\t\n\f\r />]*")
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
    if ":" not in value and "&" not in value:
        return None
    cleaned = _URL_NOISE_RE.sub("", html.unescape(value)).lower()
    return next((s for s in BLOCKED_SCHEMES if cleaned.startswith(s)), None)


def tokenize(text: str, rawtext: bool = True, skipped: list | None = None) -> Iterator[Tag]:
    """Every start and end tag in text, in order. Comments, doctypes and text are skipped.

    With rawtext, the content of <style>, <textarea> and the like is text; `skipped` then collects
    (name, start, end) of each such content."""
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
                start, pos = pos, end_of_rawtext(text, pos, tag.name)
                if skipped is not None:
                    skipped.append((tag.name, start, pos))
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
    m = _COMMENT_END_RE.search(text, pos)
    return m.end() if m else len(text)  # without an end, the comment runs to the end


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


# One attribute, the common way: name, then optionally '=' and a complete value.
_ATTRIBUTE_RE = re.compile(r"""[\t\n\f\r ]*(=?[^\t\n\f\r />=]*)[\t\n\f\r ]*(?:=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r >"'][^\t\n\f\r >]*))?""")


def _value(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


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
        # Attribute name (a leading '=' belongs to it), then '=' and a value, quoted or not.
        start = pos
        m = _ATTRIBUTE_RE.match(text, pos)
        attr_name, raw = m.group(1).lower(), m.group(2)
        pos = m.end()
        if raw is None:
            after = _SPACE_RE.match(text, pos).end()
            if after < n and text[after] == "=":  # '=' then '>' (no value) or an unclosed quote
                after = _SPACE_RE.match(text, after + 1).end()
                if after < n and text[after] in "\"'":  # the quote never closes: the tag runs to the end
                    attrs.append(Attribute(attr_name, _value(text[after + 1:]), start))
                    return Tag(name, end_tag, tuple(attrs), lt, n, closed=False), n
                pos = after
            attrs.append(Attribute(attr_name, "", start))
        else:
            value = raw[1:-1] if raw[0] in "\"'" else raw
            attrs.append(Attribute(attr_name, _value(value), start))


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
    skipped: list = []
    for tag in tokenize(text, skipped=skipped):
        for problem in tag_problems(tag):
            found.setdefault(tag.start, problem)
    if any("<" in text[start:end] for _, start, end in skipped):  # else both readings are the same
        for tag in tokenize(text, rawtext=False):
            for problem in tag_problems(tag):
                found.setdefault(tag.start, problem)
    return [found[k] for k in sorted(found)]
