"""Turn the bytes of a file into text, or say in one line why they are not text.

Order matters: byte-order marks first (they are certain), then known binary formats by
their magic bytes, then strict UTF-8 (most files), then a statistical guess with
charset-normalizer for legacy code pages such as cp1251 or latin-1.
"""

from __future__ import annotations

import codecs

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
    if b"\x00" in data[:65536]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(data)


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
