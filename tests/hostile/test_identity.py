"""Inputs are identified by resolved absolute path and SHA-256 digest: a touched file is not
processed again, changed content is; the quick check (size and modification time) does not
see content changed with both kept; one file reached through two names (a hard link, a
symbolic link) is read once; two files with the same content are two inputs; a store made
before digests were kept gains the column and its digests without processing anything again.
Rejects are streamed: every one is stored, none is held in a list, the console shows a few."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from detente import cli, pipeline
from detente.config import Settings
from detente.ingest.files import file_digest
from tests.hostile.cases import GOOD, write_good

NO_NLP = Settings(annotate=False)


def _table(db: Path, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def _articles(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def test_touched_file_is_not_processed_again(tmp_path: Path) -> None:
    write_good(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    rows = _articles(out)
    path = tmp_path / "in" / "good1.txt"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # touch: the content is the same
    again = pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    assert again.files_processed == 0 and again.files_skipped == 3
    assert _articles(out) == rows
    ((mtime, digest),) = _table(out / "detente.duckdb", "SELECT mtime_ns, digest FROM inputs WHERE path = ?", [str(path.resolve())])
    assert mtime == stat.st_mtime_ns + 5_000_000_000 and digest == file_digest(str(path))  # re-recorded, not redone


def test_changed_content_is_processed_again(tmp_path: Path) -> None:
    write_good(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    path = tmp_path / "in" / "good1.txt"
    path.write_text(GOOD[0].replace("Vilnius", "Tallinn"), encoding="utf-8")
    again = pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    assert again.files_processed == 1
    assert any("Tallinn" in row["text"] for row in _articles(out)) and not any("Vilnius" in row["text"] for row in _articles(out))


def test_content_changed_with_size_and_mtime_kept_is_not_seen_by_the_quick_check(tmp_path: Path) -> None:
    """Documented limit (as rsync without --checksum): a file rewritten to the same size
    with its modification time set back is taken as unchanged and not read."""
    write_good(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    rows = _articles(out)
    path = tmp_path / "in" / "good1.txt"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Vilnius", "Tallinn"), encoding="utf-8")  # same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    again = pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    assert again.files_processed == 0 and _articles(out) == rows


def test_same_file_through_a_hard_link_or_symlink_is_read_once(tmp_path: Path) -> None:
    write_good(tmp_path / "in")
    os.link(tmp_path / "in" / "good1.txt", tmp_path / "in" / "hard.txt")
    os.symlink(tmp_path / "in" / "good1.txt", tmp_path / "in" / "soft.txt")
    summary = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=NO_NLP)
    assert summary.files_found == 3 and summary.articles == 3 and summary.duplicates == 0


def test_two_files_with_the_same_content_are_two_inputs(tmp_path: Path) -> None:
    write_good(tmp_path / "in")
    (tmp_path / "in" / "copy.txt").write_bytes((tmp_path / "in" / "good1.txt").read_bytes())
    out = tmp_path / "out"
    summary = pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    assert summary.files_found == 4 and summary.articles == 4 and summary.duplicates == 1
    digests = _table(out / "detente.duckdb", "SELECT digest, count(*) FROM inputs GROUP BY digest HAVING count(*) > 1")
    assert digests == [(file_digest(str(tmp_path / "in" / "good1.txt")), 2)]


def test_store_without_digests_is_migrated_and_filled_without_processing(tmp_path: Path) -> None:
    write_good(tmp_path / "in")
    out = tmp_path / "out"
    pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    rows = _articles(out)
    con = duckdb.connect(str(out / "detente.duckdb"))  # as an older detente made it: no digest column
    con.execute("ALTER TABLE inputs DROP COLUMN digest")
    con.close()
    again = pipeline.run([tmp_path / "in"], out, settings=NO_NLP)
    assert again.files_processed == 0 and again.files_skipped == 3 and _articles(out) == rows
    stored = _table(out / "detente.duckdb", "SELECT path, digest FROM inputs ORDER BY path")
    assert len(stored) == 3 and all(digest == file_digest(path) for path, digest in stored)


@pytest.mark.parametrize("workers", [1, 2])
def test_every_reject_of_a_file_is_stored_and_the_console_shows_a_few(tmp_path: Path, workers: int) -> None:
    write_good(tmp_path / "in")
    (tmp_path / "in" / "bad.jsonl").write_bytes(b"{not json}\n" * 20_000)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.app, ["run", str(tmp_path / "in"), "--out", str(out), "--no-annotate", "-q", "--workers", str(workers)])
    assert result.exit_code == pipeline.EXIT_PARTIAL, result.output
    ((stored, lines),) = _table(out / "detente.duckdb", "SELECT count(*), count(DISTINCT line) FROM rejects WHERE source LIKE '%bad.jsonl'")
    assert stored == lines == 20_000
    assert _table(out / "detente.duckdb", "SELECT rejects FROM inputs WHERE path LIKE '%bad.jsonl'") == [(20_000,)]
    exported = (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(exported) == 20_000 and all("malformed JSON" in line for line in exported)
    assert len(result.output.splitlines()) < 80 and "20000" in result.output.replace(",", "")
    assert not list(out.glob(".*.tmp"))  # the spool is gone once committed
    assert len(_articles(out)) == 3
