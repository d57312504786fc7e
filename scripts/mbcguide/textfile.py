"""Read the project's text files the way the build does: UTF-8 (a BOM is allowed), any line ending.

A file in another encoding (Latin-1, say) is a writer's mistake, not a crash: it raises a DataError
naming the line and column of the first byte that is not UTF-8.
"""
from __future__ import annotations

from pathlib import Path

from .errors import DataError


def decode(data: bytes, path: Path | str) -> str:
    try:
        text = data.decode("utf-8-sig")  # MkDocs reads pages as utf-8-sig too: a BOM is not text
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise DataError(path, line, f"the file is not UTF-8 text (byte 0x{data[err.start]:02x}); "
                                    "save it as UTF-8 in your editor", column) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path | str) -> str:
    return decode(Path(path).read_bytes(), path)
