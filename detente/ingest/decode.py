"""Turn the bytes of a file into text, or say in one line why they are not text.

Order matters: byte-order marks first (they are certain), then known binary formats by
their magic bytes, then strict UTF-8 (most files), then a statistical guess with
charset-normalizer for legacy code pages such as cp1251 or latin-1.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip data without a .gz name"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-zip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3", "SQLite database"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# A few NULs or stray non-UTF-8 bytes in a long text are damage, not another format.
_MAX_STRAY_NULS = 4
_MAX_STRAY_BYTES = 4
_ESCAPED = re.compile("[\udc80-\udcff]")


class DecodeError(ValueError):
    """The bytes are not text detente can read; the message is the user-facing reason."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` and return `(text, encoding)`.

    Raises:
        DecodeError: for empty input, binary formats and bytes no encoding explains.
    """
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"binary file ({kind}), not text")
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        return _strict(data, bomless_utf16), bomless_utf16
    sample = data[:65536]
    if sample.count(0) > max(_MAX_STRAY_NULS, len(sample) // 100):
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _utf8_with_stray_bytes(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8"
    return _guess(data)


def binary_kind(head: bytes) -> str | None:
    """What binary format the first bytes of a file show, or None when they may be text
    (a JSONL file is read line by line, so it is checked once here, not per line)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _bomless_utf16(head):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({kind}), not text"
    if head.count(0) > max(_MAX_STRAY_NULS, len(head) // 100):
        return "binary data (NUL bytes), not text"
    text = head.decode("utf-8", "replace")
    odd = text.count("\ufffd") + sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    if odd > max(8, len(text) // 10):
        return "binary data (control characters, bytes that are not UTF-8), not text"
    return None


def _utf8_with_stray_bytes(data: bytes) -> str | None:
    """UTF-8 text with a few stray single bytes (one cp1252 quote pasted into a UTF-8
    article): each stray byte is read as cp1252, so the article is kept. Many stray bytes
    mean another encoding, which the statistical guess handles."""
    text = data.decode("utf-8", "surrogateescape")
    stray = _ESCAPED.findall(text)
    if len(stray) > max(_MAX_STRAY_BYTES, len(data) // 1000):
        return None
    return _ESCAPED.sub(lambda found: bytes([ord(found.group()) - 0xDC00]).decode("cp1252", "replace"), text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(f"undecodable bytes for {encoding} at byte {error.start}") from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _guess(data: bytes) -> tuple[str, str]:
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable bytes: no text encoding fits")
    if best.chaos > 0.3:
        raise DecodeError(f"undecodable bytes: best guess {best.encoding} gives garbled text")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(f"undecodable bytes: guessed {best.encoding} does not fit") from None
