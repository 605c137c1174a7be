"""The reject spool (issue 14): every reject of a file past the in-memory few goes to a CSV
spool that DuckDB loads straight from the file, in the batch's transaction, with bounded
memory. Nothing may be lost or altered on the way (quotes, commas, newlines, empty
strings, missing line numbers, invalid text), a failed batch stores none of them, and
DuckDB's settings are what they were afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente import store as store_module
from detente.ingest.files import InputFile
from detente.records import Reject
from detente.store import REJECT_FIELD_CHARS, FileResult, RejectSpool, Store

ITEM = InputFile("c.jsonl", "jsonl", False, 10, 1)  # type: ignore[arg-type]


def _spool(directory: Path, rejects: list[Reject], hold: int = 0) -> RejectSpool:
    spool = RejectSpool(str(directory), hold=hold, show=3)
    for reject in rejects:
        spool.add(reject)
    spool.close()
    return spool


def _result(spool: RejectSpool, item: InputFile = ITEM) -> FileResult:
    return FileResult(item, [], {}, spool.held, spool.path, spool.spooled)


def _stored(store: Store) -> list[tuple]:
    return store._con.execute("SELECT source, line, reason, input_file FROM rejects ORDER BY rowid").fetchall()


def _settings(store: Store) -> tuple:
    settings = "current_setting('memory_limit'), current_setting('threads'), current_setting('enable_progress_bar')"
    return store._con.execute(f"SELECT {settings}").fetchone()


@pytest.mark.parametrize(
    ("reject", "expected"),
    [
        (Reject("a,b.jsonl", 'say "hi", then', 3), ("a,b.jsonl", 3, 'say "hi", then')),
        (Reject("name\nwith\r\nbreaks.txt", "multi\nline", 1), ("name\nwith\r\nbreaks.txt", 1, "multi\nline")),
        (Reject("", "", None), ("", None, "")),  # an empty string stays '' (not NULL), no line is NULL
        (Reject("NULL", "null", 0), ("NULL", 0, "null")),
        (Reject("  spaced  ", ",", -1), ("  spaced  ", -1, ",")),
        (Reject("ünï €.txt", "tab\there \\ backslash", 2**31 - 1), ("ünï €.txt", 2**31 - 1, "tab\there \\ backslash")),
        (Reject("x.txt", "'; DROP TABLE rejects; --", 7), ("x.txt", 7, "'; DROP TABLE rejects; --")),
        (Reject("bad\udc80name.txt", "nul\x00byte", 5), ("bad\ufffdname.txt", 5, "nulbyte")),  # made valid text
    ],
)
def test_spooled_reject_is_stored_exactly(tmp_path: Path, reject: Reject, expected: tuple) -> None:
    spool = _spool(tmp_path, [Reject("c.jsonl", "first", 1), reject])
    assert spool.held == [] and spool.spooled == 2
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result(spool)])
        assert _stored(store) == [("c.jsonl", 1, "first", "c.jsonl"), (*expected, "c.jsonl")]
    assert not Path(spool.path or "").exists()  # committed: the spool is deleted


def test_a_reject_longer_than_the_field_limit_is_cut(tmp_path: Path) -> None:
    spool = _spool(tmp_path, [Reject("long.txt", '"' * (3 * REJECT_FIELD_CHARS), 1)])
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result(spool)])
        [(source, line, reason, _)] = _stored(store)
    assert (source, line, len(reason)) == ("long.txt", 1, REJECT_FIELD_CHARS)
    assert reason.endswith('"\u2026')
    assert spool.sample[0].reason == reason  # the console is shown what is stored


def test_held_and_spooled_rejects_are_stored_alike(tmp_path: Path) -> None:
    rejects = [Reject("c.jsonl", f"reason {line}", line) for line in range(1, 8)]
    held, spooled = _spool(tmp_path, rejects, hold=100), _spool(tmp_path, rejects, hold=3)
    assert (len(held.held), held.path, held.spooled) == (7, None, 0)
    assert (spooled.held, spooled.spooled, [r.line for r in spooled.sample]) == ([], 7, [1, 2, 3])
    with Store(tmp_path / "a.duckdb") as one, Store(tmp_path / "b.duckdb") as other:
        one.write_batch([_result(held)])
        other.write_batch([_result(spooled)])
        assert _stored(one) == _stored(other)
        assert one.known_inputs() == other.known_inputs()
        assert other._con.execute("SELECT rejects FROM inputs").fetchone() == (7,)


_LINE_NUMBERS = st.none() | st.integers(-(2**31), 2**31 - 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(max_size=30), _LINE_NUMBERS, st.text(max_size=30)), min_size=1, max_size=20))
def test_any_text_survives_the_spool(tmp_path: Path, rows: list[tuple]) -> None:
    """Whatever text a reject holds, the store gets it back as `RejectSpool` made it valid."""
    spool = _spool(tmp_path, [Reject(source, reason, line) for source, line, reason in rows])
    with Store(":memory:") as store:
        store.write_batch([_result(spool)])
        made_valid = [store_module._bounded_reject(Reject(source, reason, line)) for source, line, reason in rows]
        expected = [(reject.source, reject.line, reject.reason, "c.jsonl") for reject in made_valid]
        assert _stored(store) == expected


def test_a_failed_batch_stores_none_of_its_spooled_rejects(tmp_path: Path) -> None:
    spool = _spool(tmp_path, [Reject("c.jsonl", "malformed JSON", line) for line in range(1, 2501)], hold=10)
    bad = FileResult(ITEM, [], {}, [Reject("c.jsonl", None)], spool.path, spool.spooled)  # type: ignore[arg-type]  # reason NULL: refused
    with Store(tmp_path / "db.duckdb") as store:
        before = _settings(store)
        with pytest.raises(duckdb.ConstraintException):
            store.write_batch([bad])
        assert store.counts()["rejects"] == 0 and store.known_inputs() == {}  # all or nothing
        assert _settings(store) == before  # the memory bound is lifted after the rollback
        assert list(tmp_path.glob(".rejects.*.tmp")) == [Path(spool.path or "")]  # left for the next run to remove
        again = _spool(tmp_path, [Reject("c.jsonl", "malformed JSON", line) for line in range(1, 2501)], hold=10)
        store.write_batch([_result(again)])
        assert store.counts()["rejects"] == 2500 and store.known_inputs()["c.jsonl"][:2] == (10, 1)
        assert _settings(store) == before
        store.remove_temporary_files(tmp_path)
    assert not list(tmp_path.glob(".rejects.*.tmp"))


def test_a_spool_duckdb_cannot_read_fails_the_batch_and_restores_the_settings(tmp_path: Path) -> None:
    broken = tmp_path / ".rejects.broken.tmp"
    broken.write_text('"c.jsonl",not a number,"x"\n', encoding="utf-8")
    with Store(tmp_path / "db.duckdb") as store:
        before = _settings(store)
        with pytest.raises(duckdb.Error):
            store.write_batch([FileResult(ITEM, [], {}, [], str(broken), 1)])
        assert store.counts()["rejects"] == 0 and _settings(store) == before


def test_rejects_export_is_sorted_and_falls_back_when_the_bound_is_too_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rejects.jsonl is sorted under a memory bound; a sort that does not fit in it is
    retried with more memory instead of failing the run (here: a bound of 1 MB)."""
    rejects = [Reject(f"file-{line % 7}.jsonl", f"reason {line % 3}", line // 7) for line in range(20_000)]
    spool = _spool(tmp_path, rejects)
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result(spool)])
        before = _settings(store)
        monkeypatch.setattr(store_module, "REJECT_MEMORY_MB", 1)
        tried: list[int | None] = []
        bounded = Store._bounded
        monkeypatch.setattr(Store, "_bounded", lambda self, memory_mb: tried.append(memory_mb) or bounded(self, memory_mb))
        written = store.export(tmp_path / "out")
        assert tried[0] == 1 and len(tried) > 1  # 1 MB was too little: retried with more
        assert _settings(store) == before
    lines = [json.loads(line) for line in written["rejects.jsonl"].read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 20_000
    keys = [(row["source"], row["line"], row["reason"]) for row in lines]
    assert keys == sorted(keys)
    assert keys[:2] == [("file-0.jsonl", 0, "reason 0"), ("file-0.jsonl", 1, "reason 1")]


def test_store_rejects_reads_every_reject_in_stored_order(tmp_path: Path) -> None:
    """The report counts the stored rejects from `Store.rejects()`: all of them, unsorted
    (no sort of millions of rows), in the order they were stored."""
    rejects = [Reject("b.jsonl", f"reason {line}", line) for line in (3, 1, 2)] + [Reject("a.jsonl", "empty file", None)]
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result(_spool(tmp_path, rejects))])
        assert list(store.rejects(chunk=2)) == rejects


@pytest.mark.parametrize("folder", ["out[1]", "out*", "o'ne?", "{a,b}", "a]b[c", "[!a]", "**"])
def test_a_spool_in_a_folder_named_like_a_glob_is_read(tmp_path: Path, folder: str) -> None:
    """DuckDB's readers take glob patterns: a spool in a folder named `out[1]` is read, and
    a file of the same name in "out1" beside it is not."""
    (tmp_path / "out1").mkdir()
    (tmp_path / folder).mkdir()
    spool = _spool(tmp_path / folder, [Reject("c.jsonl", "malformed JSON", 1)])
    (tmp_path / "out1" / Path(spool.path or "").name).write_text('"other.jsonl",9,"other"\n', encoding="utf-8")  # what the glob matches
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result(spool)])
        assert _stored(store) == [("c.jsonl", 1, "malformed JSON", "c.jsonl")]
