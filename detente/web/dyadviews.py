"""The dyad pages of the busy pairs, computed once per snapshot and kept in a file beside it.

A busy pair's first view (thousands of merged events: its placed events, ranked key events,
quotes of each side, then a series of up to ~7,400 days and its turning points) takes several
hundred milliseconds in Python, a second on a loaded machine; a pair with a few hundred
events takes tens. So the views of every pair of countries/organisations with at least
`min_events` merged events between them (either direction, corrections applied, those marked
wrong left out) are computed when a snapshot is taken (`fill`: before serving at start-up, in
the warm-up thread for a later snapshot), for both orders of the sides, both direction settings
and every frequency, and kept in a table keyed by (a, b, freq, directed) in an SQLite file
beside the snapshot (`DyadViews`). A request for one of them reads one row by its primary key;
any other pair, side spelling ("IGOWSTNAT" for "NATO", a code such as "RUSGOV") or a pair under
the threshold is computed on demand, as before, and so is a busy pair whose views are not
written yet.

Why a file and not memory: a busy pair's 16 views are ~7 MB as Python objects (the daily
series has a row per day), ~2.5 MB marshalled; a corpus with dozens of busy pairs would keep
hundreds of MB in the server. Why SQLite and not a table in the snapshot: the snapshot is
opened read-only before the views are computed (they are computed in the background for a
later snapshot) and the corrections update it (`incremental`). Why `marshal`: the values are
plain dicts, lists, strings and numbers written and read by this process only (a private
temporary folder, removed with the snapshot); it loads ~3x faster than JSON and keeps every
value as `views.dyad_fast` made it (`tests/test_web_dyadviews.py` compares them). It cannot
run code, unlike pickle.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from detente.analysis.sides import ActorCatalog

MIN_EVENTS = 1000  # a pair this busy takes ~100 ms or more per first view on 2 shared cores (benchmarks/bench_web.py)
_SCHEMA = ("CREATE TABLE IF NOT EXISTS dyad_views (a TEXT NOT NULL, b TEXT NOT NULL, freq TEXT NOT NULL, directed INTEGER NOT NULL, "
           "data BLOB NOT NULL, PRIMARY KEY (a, b, freq, directed)) WITHOUT ROWID")


class DyadViews:
    """The stored dyad views of one snapshot (an SQLite file in its private folder)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with sqlite3.connect(self.path) as con:
            con.execute("PRAGMA journal_mode=WAL")  # requests read while the warm-up thread writes
            con.execute(_SCHEMA)
            # the ordered pairs stored, known in memory: the first view of any other pair (most
            # pairs: those under the threshold) is answered "not stored" without opening the file
            # (an SQLite connection and query per miss, ~5 ms of a small pair's first view)
            self._stored = {(a, b) for a, b in con.execute("SELECT DISTINCT a, b FROM dyad_views").fetchall()}

    def get(self, a: str, b: str, freq: str, directed: bool) -> dict[str, Any] | None:
        """A stored view, or None."""
        if (a, b) not in self._stored:
            return None
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT data FROM dyad_views WHERE a = ? AND b = ? AND freq = ? AND directed = ?",
                              [a, b, freq, int(directed)]).fetchone()
        return marshal.loads(row[0]) if row else None

    def put(self, rows: Iterable[tuple[str, str, str, bool, dict[str, Any]]]) -> None:
        rows = list(rows)
        with sqlite3.connect(self.path, timeout=30) as con:
            con.executemany("INSERT OR REPLACE INTO dyad_views VALUES (?, ?, ?, ?, ?)",
                            [(a, b, freq, int(directed), marshal.dumps(data)) for a, b, freq, directed, data in rows])
        self._stored = self._stored | {(a, b) for a, b, *_ in rows}  # a new set: readers in other threads see old or new

    def pairs(self) -> set[tuple[str, str]]:
        """The ordered pairs (a, b) with stored views."""
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as con:
            return {(a, b) for a, b in con.execute("SELECT DISTINCT a, b FROM dyad_views").fetchall()}

    def copy(self, path: Path, drop_units: set[str]) -> DyadViews:
        """A copy at `path` without the views of any pair with a side in `drop_units` (for the
        snapshot an analyst's correction derives from this one)."""
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as source, sqlite3.connect(path) as target:
            source.backup(target)
        if drop_units:
            units = sorted(drop_units)
            marks = ", ".join("?" * len(units))
            with sqlite3.connect(path) as con:
                con.execute(f"DELETE FROM dyad_views WHERE a IN ({marks}) OR b IN ({marks})", units + units)
        return DyadViews(path)  # after the deletion: it knows the pairs left

    def discard(self) -> None:
        for path in (self.path, self.path.with_name(self.path.name + "-wal"), self.path.with_name(self.path.name + "-shm")):
            path.unlink(missing_ok=True)


def busy_pairs(con: duckdb.DuckDBPyConnection, min_events: int = MIN_EVENTS) -> list[tuple[str, str]]:
    """The unordered pairs (a < b) of distinct side keys with at least `min_events` merged events
    between them in either direction (those marked wrong left out), in order."""
    rows = con.execute(
        "SELECT least(source_key, target_key) AS a, greatest(source_key, target_key) AS b FROM web_merged "
        "WHERE source_key IS NOT NULL AND target_key IS NOT NULL AND source_key <> target_key AND NOT wrong "
        "GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY 1, 2", [min_events]).fetchall()
    return [(a, b) for a, b in rows if _plain(a) and _plain(b)]


def _plain(key: str) -> bool:
    """A key the dyad page accepts as a side (`views.check_sides`)."""
    return key.isalnum() and 2 <= len(key) <= 30


def pair_views(con: duckdb.DuckDBPyConnection, catalog: ActorCatalog, first: str, second: str) -> list[tuple]:
    """The 16 views of a pair: both orders, both direction settings, every frequency, with one
    parts cache (the frequencies and orders share placed events, key events and quotes)."""
    from detente.web.views import FREQUENCIES, dyad_fast

    cache: dict[str, Any] = {}
    return [(a, b, freq, directed, dyad_fast(con, a, b, freq, directed, catalog, cache=cache))
            for a, b in ((first, second), (second, first)) for directed in (False, True) for freq in FREQUENCIES]


def missing_pairs(con: duckdb.DuckDBPyConnection, views: DyadViews, min_events: int = MIN_EVENTS) -> list[tuple[str, str]]:
    """The busy pairs whose views are not stored yet (all of them for a new snapshot; those an
    incremental update dropped for a corrected one)."""
    stored = views.pairs()
    return [pair for pair in busy_pairs(con, min_events) if not (pair in stored and pair[::-1] in stored)]


def fill(con: duckdb.DuckDBPyConnection, catalog: ActorCatalog, views: DyadViews, min_events: int = MIN_EVENTS) -> int:
    """Compute and store the views of the busy pairs not stored yet; the number of pairs computed."""
    pairs = missing_pairs(con, views, min_events)
    for first, second in pairs:
        views.put(pair_views(con, catalog, first, second))
    return len(pairs)

