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
from detente.ingest.decode import DecodeError, decode_bytes
from detente.ingest.files import InputFile
from detente.records import RawDoc, Reject

# Fields a JSONL record may state; what it states wins over what the cleaner extracts.
GIVEN_FIELDS = ("title", "url", "published", "outlet", "author", "credited", "dateline", "language")
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def read_file(item: InputFile, settings: Settings) -> Iterator[RawDoc | Reject]:
    """Read one input file into raw documents, or rejects saying why not."""
    try:
        if item.format == "jsonl":
            yield from _read_jsonl(item, settings)
        else:
            yield _read_document(item, settings)
    except OSError as error:
        yield Reject(item.path, f"cannot read file: {error.strerror or error}")


def _open(item: InputFile) -> IO[bytes]:
    return gzip.open(item.path, "rb") if item.compressed else open(item.path, "rb")


def _read_document(item: InputFile, settings: Settings) -> RawDoc | Reject:
    """A .txt or .html file holds one document."""
    limit = int(settings.max_document_mb * 1_000_000)
    if not item.compressed and item.size > limit:
        return Reject(item.path, f"file is {item.size / 1e6:.1f} MB, over the {settings.max_document_mb:g} MB limit for one document")
    try:
        with _open(item) as handle:
            data = handle.read(limit + 1)
    except _GZIP_ERRORS as error:
        return Reject(item.path, f"truncated or corrupt gzip: {error}")
    if len(data) > limit:
        return Reject(item.path, f"decompressed document exceeds the {settings.max_document_mb:g} MB limit")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        return Reject(item.path, str(error))
    if item.format == "html":
        return RawDoc(source=item.path, format="html", html=text, encoding=encoding)
    return RawDoc(source=item.path, format="text", text=text, encoding=encoding)


def _read_jsonl(item: InputFile, settings: Settings) -> Iterator[RawDoc | Reject]:
    """Stream a JSONL file record by record; a bad line is rejected, the rest go on."""
    limit = int(settings.max_line_mb * 1_000_000)
    line_number = 0
    try:
        with _open(item) as handle:
            for line_number, line in enumerate(handle, start=1):
                if len(line) > limit:
                    yield Reject(item.path, f"line over the {settings.max_line_mb:g} MB limit", line_number)
                elif line.strip():
                    yield _jsonl_record(item.path, line_number, line)
    except _GZIP_ERRORS as error:
        yield Reject(item.path, f"truncated or corrupt gzip after line {line_number}: {error}", line_number + 1)
    if line_number == 0:
        yield Reject(item.path, "empty file")


def _jsonl_record(path: str, line_number: int, line: bytes) -> RawDoc | Reject:
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return Reject(path, f"undecodable bytes (not UTF-8) at byte {error.start}", line_number)
    except json.JSONDecodeError as error:
        return Reject(path, f"malformed JSON: {error.msg} at column {error.colno}", line_number)
    if not isinstance(record, dict):
        return Reject(path, f"JSON line is a {type(record).__name__}, expected an object", line_number)
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return Reject(path, "record has no 'text' or 'html' field with content", line_number)
    source = f"{path}#{line_number}"
    given = _given_fields(record)
    if isinstance(text, str) and text.strip():
        return RawDoc(source=source, format="jsonl", text=text, given=given, encoding="utf-8")
    return RawDoc(source=source, format="jsonl", html=html, given=given, encoding="utf-8")


def _given_fields(record: dict[str, Any]) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for name in GIVEN_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            given[name] = value.strip()
        elif name == "credited" and isinstance(value, list):
            given[name] = [str(entry) for entry in value if str(entry).strip()]
    return given
