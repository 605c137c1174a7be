"""Discovery under hostile file systems: only regular files are read, every other thing is
a one-line reject, and one file named two ways is read once."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from detente.config import Settings
from detente.ingest import discover, read_file
from detente.ingest.files import InputFile
from detente.records import RawDoc, Reject

BODY = "Officials said on Monday that the embassy would stay open during the talks.\n"


def _rejects(found: list) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in (item for item in found if not isinstance(item, InputFile))}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this OS")
def test_discover_rejects_pipes_loops_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.html")
    os.mkfifo(tmp_path / "notes.bin")  # not a format we read: skipped silently, not opened
    found = list(discover([tmp_path]))
    assert [Path(item.path).name for item in found if isinstance(item, InputFile)] == ["good.txt"]
    assert _rejects(found) == {
        "pipe.txt": "not a regular file (a named pipe); only regular files are read",
        "loop.txt": "symbolic link loop; not read",
        "dangling.html": "dangling symbolic link (its target does not exist); not read",
    }


def test_discover_unlistable_folder_is_a_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(BODY)
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - what a folder without read permission does (root ignores chmod)
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(discover([tmp_path]))
    assert _rejects(found) == {"locked": "cannot list folder: Permission denied"}
    assert [Path(item.path).name for item in found if isinstance(item, InputFile)] == ["a.txt"]


def test_discover_reads_one_file_named_two_ways_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    os.symlink(tmp_path / "a.txt", tmp_path / "link.txt")
    monkeypatch.chdir(tmp_path)
    found = list(discover(["a.txt", tmp_path / "a.txt", tmp_path, "link.txt"]))
    (item,) = found
    assert isinstance(item, InputFile) and item.path == "a.txt" and item.key == str(tmp_path.resolve() / "a.txt")


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin", reason="file names are Unicode on this system")
def test_discover_name_not_utf8_readable_and_shown_escaped(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/r\xe9sum\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(BODY.encode())
    (item,) = list(discover([tmp_path]))
    assert isinstance(item, InputFile) and item.source.endswith("r\\xe9sum\\xe9.txt")
    (doc,) = list(read_file(item, Settings()))
    assert isinstance(doc, RawDoc) and doc.text == BODY and doc.source == item.source
    doc.source.encode("utf-8")


def test_readers_jsonl_line_budget_skips_without_holding_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "first"}\n' + b"x" * 3_000_000 + b'\n{"text": "after the long line"}\n' + b"y" * 2_500_000)
    results = list(read_file(next(iter(discover([path]))), Settings(max_line_mb=1.0)))
    assert [(r.line, r.reason) for r in results if isinstance(r, Reject)] == [(2, "line over the 1 MB limit"), (4, "line over the 1 MB limit")]
    assert [doc.text for doc in results if isinstance(doc, RawDoc)] == ["first", "after the long line"]


def test_readers_gzip_bomb_stops_at_the_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "ok"}\n' + b"\n" * 30_000_000, compresslevel=9))
    results = list(read_file(next(iter(discover([path]))), Settings(max_line_mb=1.0, max_gzip_ratio=100)))
    assert isinstance(results[0], RawDoc)
    (reject,) = [r for r in results if isinstance(r, Reject)]
    assert reject.reason.startswith("decompressed data over the limit") and "gzip bomb" in reject.reason


def test_readers_yield_every_reject_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"{nope\n" * 50)
    results = list(read_file(next(iter(discover([path]))), Settings(max_rejects_per_file=10)))
    assert len(results) == 50 and all(isinstance(r, Reject) and r.reason.startswith("malformed JSON") for r in results)
    assert [r.line for r in results] == list(range(1, 51))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"  \n\n\t \n", "empty file (only blank lines)"),
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary file (PNG image), not JSONL"),
        (b"[" * 50_000 + b"]" * 50_000 + b"\n", "JSON nested too deeply to read"),
    ],
)
def test_readers_jsonl_one_reason_per_bad_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    (reject,) = list(read_file(next(iter(discover([path]))), Settings()))
    assert isinstance(reject, Reject) and reject.reason == reason


def test_readers_jsonl_repairs_surrogates_and_credited_string(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "body \\udc80 text", "title": "T\\ud800", "credited": "AFP"}\n', encoding="utf-8")
    (doc,) = list(read_file(next(iter(discover([path]))), Settings()))
    assert isinstance(doc, RawDoc) and doc.text == "body \ufffd text" and doc.repaired == 2
    assert doc.given == {"title": "T\ufffd", "credited": ["AFP"]}
