"""Make every string that enters detente valid Unicode that UTF-8 can encode.

`json.loads` accepts lone surrogates (`"\\udc80"`), and file names that are not valid
UTF-8 come back from the OS as surrogate escapes; either one crashes DuckDB, Arrow or the
console much later, far from its cause (and, once stored, on every later run). So they
are replaced here, at ingest, by U+FFFD and counted. NUL characters are dropped from
text for the same reason (C libraries stop at them). Nothing here raises.
"""

from __future__ import annotations

import os
import re
from typing import Any

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> tuple[str, int]:
    """`text` with lone surrogates replaced by U+FFFD and NUL characters removed; returns
    `(text, number of characters changed)`."""
    changed = 0
    if "\x00" in text:
        changed += text.count("\x00")
        text = text.replace("\x00", "")
    text, replaced = _SURROGATE.subn(REPLACEMENT, text)
    return text, changed + replaced


def valid(text: str) -> str:
    """`valid_text` without the count."""
    return valid_text(text)[0]


def valid_value(value: Any) -> tuple[Any, int]:
    """A JSON value (str, list, dict, scalar) with every string made valid; returns the count."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, list):
        pairs = [valid_value(item) for item in value]
        return [item for item, _ in pairs], sum(count for _, count in pairs)
    if isinstance(value, dict):
        total, cleaned = 0, {}
        for key, item in value.items():
            key_text, key_count = valid_text(str(key))
            item_value, item_count = valid_value(item)
            cleaned[key_text] = item_value
            total += key_count + item_count
        return cleaned, total
    return value, 0


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as text that always encodes: bytes that are not UTF-8 are shown as
    `\\xNN` escapes (the name stays recognisable; the OS path is kept apart to open it)."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")
