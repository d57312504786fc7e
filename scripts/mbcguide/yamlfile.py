"""Load YAML safely and remember the line of every value, so errors can point at it.

Data files and front matter come from strangers' pull requests, so loading refuses what YAML
allows but this project never needs, each with a located error instead of a crash or a hang:
aliases (*name: a 7-line "billion laughs" takes seconds to expand, a self-reference never ends),
keys that are lists or maps, duplicate keys, nesting deeper than MAX_DEPTH and unreadable characters.
String values must be plain text (mbcguide.plaintext): no '<', '>' or control characters.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import plaintext
from .errors import DataError
from .textfile import read_text

LineMap = dict[tuple, int]
MAX_DEPTH = 20  # our deepest data is 5 levels; deeper is a mistake (and deep recursion would crash)

# libyaml's C parser when PyYAML has it (about 10x faster on the checker's 1,000 front matters).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (PyYAML silently keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DataError(
                    self.source_path, key_node.start_mark.line + 1,
                    f"duplicate key {key!r} (first at line {seen[key]}); remove one", key_node.start_mark.column + 1,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


# Keep dates as text: PyYAML turns 2026-13-01 into a crash, we want a clear message instead.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _error_at(path, node: yaml.Node, message: str) -> DataError:
    return DataError(path, node.start_mark.line + 1, message, node.start_mark.column + 1)


def _plain_text_error(path_name, node: yaml.ScalarNode, text: str) -> DataError | None:
    """A DataError at the first character of a string value that is not plain text, or None."""
    problem = plaintext.markup_problem(node.value)
    if problem is None:
        return None
    offset, message = problem
    # Point at the character as written; an escape ("\x3c") has no literal one, so use the value's start.
    raw = text.find(node.value[offset], node.start_mark.index, node.end_mark.index) if text else -1
    if raw < 0:
        return _error_at(path_name, node, message)
    line, column = _position(text, raw)
    return DataError(path_name, line, message, column)


def _walk(root: yaml.Node, path_name, text: str = "") -> LineMap:
    """Map each key path to its line, refusing aliases, non-scalar keys and deep nesting.

    Iterative, and each node is visited once: a node met twice is an alias (the composer shares
    the anchored node), which is refused before anything expands it."""
    lines: LineMap = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            raise _error_at(path_name, node, "remove the YAML alias (*name): aliases are not allowed; write the value out in full")
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _error_at(path_name, node, f"nested more than {MAX_DEPTH} levels deep; flatten the data")
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _error_at(path_name, key_node, "a key must be a plain word, not a list or a map")
                lines[path + (key_node.value,)] = key_node.start_mark.line + 1
                stack.append((value_node, path + (key_node.value,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
        elif node.tag == "tag:yaml.org,2002:str" and not (path and path[-1] in plaintext.URL_KEYS):
            error = _plain_text_error(path_name, node, text)
            if error is not None:
                raise error
    return lines


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_yaml(path: Path, text: str | None = None) -> tuple[Any, LineMap]:
    """Return (data, lines): lines maps a key path such as ('drugs', 3, 'generic') to its line."""
    if text is None:
        text = read_text(path)
    try:
        loader = _LineLoader(text)
        loader.source_path = str(path)
        try:
            node = loader.get_single_node()
            lines = _walk(node, path, text) if node is not None else {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise DataError(path, line, f"malformed YAML: {exc.problem or exc}; fix the indentation or quoting", column) from None
    except yaml.reader.ReaderError as exc:  # a NUL or other control character
        line, column = _position(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise DataError(path, line, f"remove the control character U+{code:04X}; YAML cannot read it", column) from None
    except yaml.YAMLError as exc:
        raise DataError(path, 1, f"malformed YAML: {exc}") from None
    except (TypeError, ValueError) as exc:  # e.g. an unhashable key inside a flow mapping
        raise DataError(path, 1, f"unreadable YAML value ({exc}); write plain keys and values") from None
    return data, lines


def line_of(lines: LineMap, path: tuple) -> int:
    """Line of the deepest known part of path (a missing key points at its parent)."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)
