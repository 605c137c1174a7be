"""Fuzzing: the readers and `detente.clean_text` on arbitrary bytes and text raise nothing
but `Rejected`, and whatever they return is valid text (it encodes as UTF-8)."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import detente
from detente.config import Settings
from detente.ingest import discover, read_file
from detente.ingest.files import InputFile
from detente.records import RawDoc, Reject

NAMES = ("doc.txt", "page.html", "feed.jsonl", "doc.txt.gz", "page.html.gz", "feed.jsonl.gz")
LIMITS = Settings(max_line_mb=0.001, max_document_mb=0.01, max_rejects_per_file=5)

# Bytes that look like JSONL some of the time: JSON fragments, surrogate escapes, newlines.
_PIECES = st.sampled_from([b"{", b"}", b"[", b"]", b'"text": ', b'"title": ', b'"\\udc80"', b'"\\ud800x"', b"\n", b",", b"\x00", b"\xff", b'"ok words here"'])
JSONISH = st.lists(_PIECES, max_size=60).map(b"".join)


def _encodes(value: object) -> None:
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            _encodes(key)
            _encodes(item)
    elif isinstance(value, list):
        for item in value:
            _encodes(item)


def _read(name: str, data: bytes) -> list[RawDoc | Reject]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        (item,) = list(discover([path]))
        assert isinstance(item, InputFile)
        return list(read_file(item, LIMITS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), data=st.one_of(st.binary(max_size=3000), JSONISH))
def test_fuzz_readers_return_valid_records_only(name: str, data: bytes) -> None:
    results = _read(name, data)
    assert results, "every file gives at least one record or reject"
    for result in results:
        assert isinstance(result, (RawDoc, Reject))
        if isinstance(result, Reject):
            assert result.reason and "\n" not in result.reason
            result.reason.encode("utf-8")
        else:
            _encodes([result.source, result.text, result.html, result.given])
            assert "\x00" not in (result.text or "") + (result.html or "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400))
def test_fuzz_clean_text_raises_only_rejected(text: str) -> None:
    try:
        article = detente.clean_text(text)
    except detente.Rejected:
        return
    _encodes([article.text, article.title, article.author, article.outlet, article.dateline])


@pytest.mark.parametrize("text", ["Lone \udc80 surrogate in the text of an article about the summit.", "\ud800", "NUL\x00inside"])
def test_clean_text_repairs_surrogates_and_nuls(text: str) -> None:
    try:
        article = detente.clean_text(text)
    except detente.Rejected:
        return
    article.text.encode("utf-8")
    assert "\x00" not in article.text
