"""Readers for the three input formats: page-dump text, HTML pages, JSONL exports.

Each reader yields `RawDoc` records and `Reject`s; none raises on bad data. Gzipped
variants (`.gz`) are streamed, and a truncated archive keeps what was readable.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from detente.config import Settings
from detente.ingest.decode import DecodeError, binary_kind, decode_bytes
from detente.ingest.files import InputFile
from detente.ingest.text import valid_text, valid_value
from detente.records import RawDoc, Reject

# Fields a JSONL record may state; what it states wins over what the cleaner extracts.
GIVEN_FIELDS = ("title", "url", "published", "outlet", "author", "credited", "dateline", "language")
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def read_file(item: InputFile, settings: Settings) -> Iterator[RawDoc | Reject]:
    """Read one input file into raw documents, or rejects saying why not.

    Never raises on bad data. Every reject is yielded, one at a time (a file of millions of
    bad lines is streamed: the caller spools them, nothing here holds them).
    """
    return _read_any(item, settings)


def _read_any(item: InputFile, settings: Settings) -> Iterator[RawDoc | Reject]:
    try:
        if item.format == "jsonl":
            yield from _read_jsonl(item, settings)
        else:
            yield _read_document(item, settings)
    except OSError as error:
        yield Reject(item.source, f"cannot read file: {error.strerror or error}")


def _open(item: InputFile) -> IO[bytes]:
    return gzip.open(item.path, "rb") if item.compressed else open(item.path, "rb")


def _read_document(item: InputFile, settings: Settings) -> RawDoc | Reject:
    """A .txt or .html file holds one document."""
    limit = int(settings.max_document_mb * 1_000_000)
    if not item.compressed and item.size > limit:
        return Reject(item.source, f"file is {item.size / 1e6:.1f} MB, over the {settings.max_document_mb:g} MB limit for one document")
    try:
        with _open(item) as handle:
            data = handle.read(limit + 1)
    except _GZIP_ERRORS as error:
        return Reject(item.source, f"truncated or corrupt gzip: {error}")
    if len(data) > limit:
        return Reject(item.source, f"decompressed document exceeds the {settings.max_document_mb:g} MB limit")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        return Reject(item.source, str(error))
    text, repaired = valid_text(text)
    if item.format == "text" and len(text) > settings.max_text_chars:
        return Reject(item.source, text_too_long(len(text), settings))
    if item.format == "html":
        return RawDoc(source=item.source, format="html", html=text, encoding=encoding, repaired=repaired)
    return RawDoc(source=item.source, format="text", text=text, encoding=encoding, repaired=repaired)


class _TooMuchData(Exception):
    """A compressed input decompresses to more than its budget (a gzip bomb)."""


def _read_jsonl(item: InputFile, settings: Settings) -> Iterator[RawDoc | Reject]:
    """Stream a JSONL file record by record; a bad line is rejected, the rest go on.

    Lines are read with a byte budget (`max_line_mb`): a longer line is skipped in small
    chunks, never held whole, so a stream with no newline costs bounded memory. A gzipped
    file may decompress to at most `max_gzip_ratio` times its size (at least
    `max_line_mb`), which stops decompression bombs early.
    """
    limit = int(settings.max_line_mb * 1_000_000)
    budget = max(limit, int(settings.max_gzip_ratio * item.size)) if item.compressed else None
    line_number = records = 0  # records: non-blank lines
    try:
        with _open(item) as handle:
            binary = binary_kind(_peek(handle))
            if binary:
                yield Reject(item.source, binary.replace("not text", "not JSONL"))
                return
            for line_number, line in _bounded_lines(handle, limit, budget):
                if line is None:
                    records += 1
                    yield Reject(item.source, f"line over the {settings.max_line_mb:g} MB limit", line_number)
                elif line.strip():
                    records += 1
                    yield _jsonl_record(item.source, line_number, line, settings)
    except _GZIP_ERRORS as error:
        yield Reject(item.source, f"truncated or corrupt gzip after line {line_number}: {error}", line_number + 1)
    except _TooMuchData:
        ratio = f"{settings.max_gzip_ratio:g}x its {item.size / 1e6:.1f} MB" if budget and budget > limit else f"{limit / 1e6:g} MB"
        yield Reject(item.source, f"decompressed data over the limit ({ratio}; a gzip bomb?); the rest of the file is not read", line_number + 1)
        return
    if records == 0 and line_number == 0:
        yield Reject(item.source, "empty file")
    elif records == 0:
        yield Reject(item.source, "empty file (only blank lines)")


def _peek(handle: IO[bytes], size: int = 4096) -> bytes:
    """The first bytes of a stream without consuming them (both file kinds can peek)."""
    peek = getattr(handle, "peek", None)
    return peek(size)[:size] if peek else b""


def _bounded_lines(handle: IO[bytes], limit: int, budget: int | None) -> Iterator[tuple[int, bytes | None]]:
    """`(line number, line)` pairs, with None for a line over `limit` bytes (skipped in
    1 MB chunks). Raises `_TooMuchData` once more than `budget` bytes were read."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        too_long = len(line) > limit and not line.endswith(b"\n")
        while too_long and (chunk := handle.readline(1 << 20)):
            _check_budget(handle, budget)
            if chunk.endswith(b"\n"):
                break
        _check_budget(handle, budget)
        yield number, None if too_long else line


def _check_budget(handle: IO[bytes], budget: int | None) -> None:
    if budget is not None and handle.tell() > budget:
        raise _TooMuchData


def text_too_long(length: int, settings: Settings) -> str:
    """The reason for a text too long to be one article (cleaning needs memory in proportion)."""
    return f"text too long for one article: {length / 1e6:.1f} million characters, limit {settings.max_text_chars / 1e6:g} million (Settings.max_text_chars)"


def _jsonl_record(path: str, line_number: int, line: bytes, settings: Settings) -> RawDoc | Reject:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return Reject(path, f"undecodable bytes (not UTF-8) at byte {error.start}", line_number)
    except json.JSONDecodeError as error:
        return Reject(path, f"malformed JSON: {error.msg} at column {error.colno}", line_number)
    except RecursionError:
        return Reject(path, "JSON nested too deeply to read", line_number)
    if not isinstance(record, dict):
        return Reject(path, f"JSON line is a {type(record).__name__}, expected an object", line_number)
    record, repaired = valid_value(record)
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return Reject(path, "record has no 'text' or 'html' field with content", line_number)
    if isinstance(text, str) and len(text) > settings.max_text_chars:
        return Reject(path, text_too_long(len(text), settings), line_number)
    source = f"{path}#{line_number}"
    given = _given_fields(record)
    if isinstance(text, str) and text.strip():
        clean = record.get("clean") is True  # the scraper's extractor already cut the page down
        return RawDoc(source=source, format="jsonl", text=text, given=given, encoding="utf-8", repaired=repaired, clean=clean)
    return RawDoc(source=source, format="jsonl", html=html, given=given, encoding="utf-8", repaired=repaired)


def _given_fields(record: dict[str, Any]) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for name in GIVEN_FIELDS:
        value = record.get(name)
        if name == "credited" and isinstance(value, str):  # one agency named as a string, not a list
            value = [value]
        if isinstance(value, str) and value.strip():
            given[name] = value.strip()
        elif name == "credited" and isinstance(value, list):
            given[name] = [str(entry).strip() for entry in value if str(entry).strip()]
    return given
