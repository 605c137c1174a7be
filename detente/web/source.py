"""Where the web app reads from: a private snapshot of the run's DuckDB store.

DuckDB allows one writing process per file, and while `detente run` holds the store open a
read-only connection from another process fails with a lock error. The app therefore never
serves from the run's file itself: it copies it into a snapshot (its own temporary folder)
while it holds a read-only connection for the few moments of the copy, and serves every
request from the snapshot. What a reader sees:

- before and after a run: the store as the last committed batch left it;
- while `detente run` writes: the snapshot taken before the run started (a banner says the
  store is being written and when the snapshot was taken); once the run closes the store the
  next request older than `refresh_seconds` takes a new snapshot (and rebuilds the search index);
- a run started during the copy itself fails to open the store (DuckDB's lock), as it would
  with any other reader; the copy of a store of 100,000 events takes well under a second.

If there has never been a snapshot and the store is locked, pages answer 503 "being written"
and the next request tries again. No request parameter ever names a file: the snapshot path
and the search-index path are chosen here.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from contextlib import suppress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb


class StoreBusy(RuntimeError):
    """The store is locked by a writer and no snapshot has been taken yet."""


@dataclass
class Snapshot:
    """One immutable copy of the store, its read-only connection and derived caches."""

    path: Path
    taken_at: str
    signature: tuple[int, int]
    connection: duckdb.DuckDBPyConnection
    extras: dict[str, Any] = field(default_factory=dict)  # per-snapshot caches (search index, analysis inputs)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cursor_lock: threading.Lock = field(default_factory=threading.Lock)
    store_signature: tuple[int, int] | None = None  # the store file's (and its WAL's) alone: unchanged by a correction

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own for one request (DuckDB connections are not shared by threads;
        even making a cursor is a call on the parent connection, which refuses a concurrent one)."""
        with self.cursor_lock:
            return self.connection.cursor()

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed once per snapshot (a snapshot never changes)."""
        with self.lock:
            if key not in self.extras:
                self.extras[key] = build()
            return self.extras[key]


class StoreSource:
    """Serves snapshots of the store at `path`, refreshed when the file changed and is free.

    `prepare` gets a writable connection to each new copy before it is opened read-only (the
    app adds its search tables there); `on_snapshot` is called with every new snapshot before
    it is served (the app builds the full-text index there).

    When only the `also` files changed (an analyst's correction) and `update` is given, the new
    snapshot is a copy of the current one (its derived tables already written) that `update`
    brings up to date on a writable connection, and `on_update(new, previous, what update
    returned)` carries the previous snapshot's caches over instead of `on_snapshot`
    (`detente.web.incremental`).
    """

    def __init__(self, path: Path, refresh_seconds: float = 2.0, on_snapshot: Callable[[Snapshot], None] | None = None,
                 prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None, also: tuple[Path, ...] = (),
                 update: Callable[[duckdb.DuckDBPyConnection, Snapshot], Any] | None = None,
                 on_update: Callable[[Snapshot, Snapshot, Any], None] | None = None) -> None:
        self.path = Path(path)
        self.also = tuple(Path(item) for item in also)  # files whose changes also take a new snapshot (the corrections)
        self.prepare = prepare
        self.refresh_seconds = refresh_seconds
        self.on_snapshot = on_snapshot
        self._folder = Path(tempfile.mkdtemp(prefix="detente-serve-"))
        self._current: Snapshot | None = None
        self._checked = 0.0
        self._busy_since: str | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self.update, self.on_update = update, on_update
        self.updates = 0  # snapshots made by `update` (the tests and the benchmark read it)

    @property
    def busy(self) -> bool:
        """The last attempt to refresh found the store locked by a writer."""
        return self._busy_since is not None

    def current(self) -> Snapshot:
        """The snapshot to serve now; refreshes it first when due (one thread at a time)."""
        now = time.monotonic()
        if self._current is None or now - self._checked >= self.refresh_seconds or self._checked == 0.0:
            if self._lock.acquire(blocking=self._current is None):
                try:
                    self._checked = time.monotonic()
                    self._refresh()
                finally:
                    self._lock.release()
        if self._current is None:
            raise StoreBusy(f"{self.path} is being written by another process; try again in a moment")
        return self._current

    def close(self) -> None:
        if self._current is not None:
            with self._current.cursor_lock, suppress(duckdb.Error):  # a warm-up thread may still be reading: it stops with an error
                self._current.connection.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def invalidate(self) -> None:
        """The next request checks the files again at once (after a correction was written)."""
        self._checked = 0.0

    def _signature(self, files: tuple[Path, ...] | None = None) -> tuple[int, int]:
        wal = self.path.with_name(self.path.name + ".wal")
        stats = [self.path.stat()]
        for extra in ((wal, *self.also) if files is None else files):
            if extra.exists():
                stats.append(extra.stat())
        return (sum(s.st_mtime_ns for s in stats), sum(s.st_size for s in stats))

    def _refresh(self) -> None:
        if not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}")
        signature = self._signature()
        if self._current is not None and signature == self._current.signature:
            self._busy_since = None
            return
        store_signature = self._signature((self.path.with_name(self.path.name + ".wal"),))
        self._generation += 1
        target = self._folder / f"snapshot-{self._generation}.duckdb"
        current = self._current
        if current is not None and self.update is not None and store_signature == current.store_signature:
            try:
                self._updated(current, target, signature, store_signature)
                return
            except (duckdb.Error, OSError, ValueError):  # an update that fails: a full snapshot, as without `update`
                target.unlink(missing_ok=True)
                self._generation += 1
                target = self._folder / f"snapshot-{self._generation}.duckdb"
        try:
            holder = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as error:  # a writer holds the file: keep serving what we have
            if "lock" not in str(error).lower():
                raise
            self._busy_since = self._busy_since or _now()
            return
        try:
            shutil.copyfile(self.path, target)
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, target.with_name(target.name + ".wal"))
        finally:
            holder.close()
        if self.prepare is not None:
            with duckdb.connect(str(target)) as writable:
                self.prepare(writable)
        snapshot = Snapshot(target, _now(), signature, duckdb.connect(str(target), read_only=True), store_signature=store_signature)
        if self.on_snapshot is not None:
            self.on_snapshot(snapshot)
        self._replace(snapshot)

    def _updated(self, current: Snapshot, target: Path, signature: tuple[int, int], store_signature: tuple[int, int]) -> None:
        """The next snapshot made from the current one by `update` (only the `also` files changed)."""
        shutil.copyfile(current.path, target)  # the current one is only read (its writer closed before it was opened)
        with duckdb.connect(str(target)) as writable:
            result = self.update(writable, current)  # type: ignore[misc]
        snapshot = Snapshot(target, _now(), signature, duckdb.connect(str(target), read_only=True), store_signature=store_signature)
        if self.on_update is not None:
            self.on_update(snapshot, current, result)
        self.updates += 1
        self._replace(snapshot)

    def _replace(self, snapshot: Snapshot) -> None:
        previous, self._current, self._busy_since = self._current, snapshot, None
        if previous is not None:  # requests still running keep their cursors; the file goes when they do
            previous.path.unlink(missing_ok=True)
            kept = [value for value in snapshot.extras.values() if hasattr(value, "discard")]  # taken over by an update
            for side in previous.extras.values():
                if hasattr(side, "discard") and not any(side is value for value in kept):
                    side.discard()

    @property
    def busy_since(self) -> str | None:
        return self._busy_since


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
