"""Reading files: formats, gzip, JSONL records, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from detente.config import Settings
from detente.ingest import discover, read_file
from detente.ingest.files import InputFile
from detente.records import RawDoc, Reject

BODY = "Moscow - Agency:\nRussia said on Monday it would keep its embassy open.\n"


def _item(path: Path) -> InputFile:
    (found,) = list(discover([path]))
    assert isinstance(found, InputFile), found
    return found


def _read(path: Path, settings: Settings | None = None) -> list[RawDoc | Reject]:
    return list(read_file(_item(path), settings or Settings()))


def test_readers_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    (doc,) = _read(path)
    assert isinstance(doc, RawDoc) and doc.format == "text" and doc.text == BODY


def test_readers_gzipped_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>Hello</p></body></html>"))
    (doc,) = _read(path)
    assert isinstance(doc, RawDoc) and doc.format == "html" and "<p>Hello</p>" in (doc.html or "")


def test_readers_jsonl_records_and_given_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    records = [
        {"text": "Body one.", "title": "One", "published": "2021-10", "outlet": "Wire", "url": "https://example.org/1"},
        {"html": "<p>Body two</p>", "author": "A. Writer"},
    ]
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, RawDoc) and first.source.endswith("feed.jsonl#1")
    assert first.given == {"title": "One", "published": "2021-10", "outlet": "Wire", "url": "https://example.org/1"}
    assert isinstance(second, RawDoc) and second.html == "<p>Body two</p>" and second.given == {"author": "A. Writer"}


def test_readers_jsonl_bad_lines_rejected_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"text": "good one"}\n'
        b"{not json\n"
        b"[1, 2, 3]\n"
        b'{"title": "no body"}\n'
        b'{"text": "bad \xff\xfe bytes"}\n'
        b"\n"
        b'{"text": "good two"}\n'
    )
    results = _read(path)
    kept = [doc for doc in results if isinstance(doc, RawDoc)]
    rejects = {reject.line: reject.reason for reject in results if isinstance(reject, Reject)}
    assert [doc.text for doc in kept] == ["good one", "good two"]
    assert "malformed JSON" in rejects[2]
    assert "expected an object" in rejects[3]
    assert "no 'text' or 'html'" in rejects[4]
    assert "not UTF-8" in rejects[5]


def test_readers_truncated_gzip_text(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    data = gzip.compress(("A line of the article body. " * 500).encode())
    path.write_bytes(data[: len(data) // 2])
    (reject,) = _read(path)
    assert isinstance(reject, Reject) and "truncated or corrupt gzip" in reject.reason


def test_readers_truncated_gzip_jsonl_keeps_complete_lines(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"text": f"record {index} " + "word " * 50}) + "\n" for index in range(200))
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: int(len(data) * 0.6)])
    results = _read(path)
    assert sum(isinstance(doc, RawDoc) for doc in results) > 10
    assert isinstance(results[-1], Reject) and "truncated or corrupt gzip after line" in results[-1].reason


def test_readers_huge_file_rejected_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1000 * 1000)
    (reject,) = _read(path)
    assert isinstance(reject, Reject)
    assert reject.reason == "file is 200.0 MB, over the 20 MB limit for one document"


def test_readers_binary_renamed_txt(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (reject,) = _read(path)
    assert isinstance(reject, Reject) and reject.reason == "binary file (PNG image), not text"


def test_discover_recursive_sorted_and_unknown_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("x")
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b"{}"))
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    found = list(discover([tmp_path]))
    assert [Path(item.path).name for item in found] == ["a.jsonl.gz", "z.txt"]
    assert found[0].format == "jsonl" and found[0].compressed


def test_discover_reports_missing_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "doc.pdf").write_bytes(b"%PDF")
    found = list(discover([tmp_path / "nope", tmp_path / "doc.pdf"]))
    assert found[0] == (str(tmp_path / "nope"), "no such file or directory")
    assert "unsupported file type" in found[1][1]
