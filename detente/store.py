"""Store stage: the embedded DuckDB database and the exports written from it.

Every batch of input files is written in one transaction together with the record of
which files it covers, so a crash or Ctrl-C leaves either the whole batch or none of
it, and the next run picks up exactly the files that are missing. All SQL is
parameterised; article text is only ever data. Exports (JSONL, Parquet) are written
from the database to a temporary file and renamed into place, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa

from detente.annotate import AnnotationFailure, Annotations
from detente.ingest.files import InputFile
from detente.ingest.text import valid
from detente.records import Article, Event, Mention, MergedEvent, Quote, Reject, Speaker, Story, StoryAssignment

if TYPE_CHECKING:
    from detente.analysis.merge import MergeKey

ARTICLE_COLUMNS = (
    "id", "source", "url", "format", "title", "outlet", "credited", "author", "dateline", "language",
    "published", "published_precision", "published_interval", "text", "word_count", "removed",
    "duplicate_of", "similarity", "metadata_sources",
)  # fmt: skip
# Where each metadata field came from (records.FieldSource); added after input_file so
# that stores made before it gain it with ALTER TABLE in the same column order.
_SOURCES_TYPE = "STRUCT(field VARCHAR, source VARCHAR, evidence VARCHAR)[]"

MENTION_COLUMNS = tuple(Mention.__dataclass_fields__)
QUOTE_COLUMNS = tuple(Quote.__dataclass_fields__)
EVENT_COLUMNS = tuple(Event.__dataclass_fields__)
ACTOR_STRUCT = 'STRUCT(text VARCHAR, name VARCHAR, code VARCHAR, country VARCHAR, role VARCHAR, start INTEGER, "end" INTEGER)'
SPAN_STRUCT = 'STRUCT(text VARCHAR, start INTEGER, "end" INTEGER)'

_SCHEMA_TEMPLATE = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    url VARCHAR,
    format VARCHAR NOT NULL,
    title VARCHAR,
    outlet VARCHAR,
    credited VARCHAR[],
    author VARCHAR,
    dateline VARCHAR,
    language VARCHAR,
    published VARCHAR,
    published_precision VARCHAR,
    published_interval STRUCT(earliest VARCHAR, latest VARCHAR, evidence VARCHAR[]),
    text VARCHAR NOT NULL,
    word_count INTEGER NOT NULL,
    removed STRUCT(line VARCHAR, reason VARCHAR)[],
    duplicate_of VARCHAR,
    similarity DOUBLE,
    input_file VARCHAR NOT NULL,
    metadata_sources STRUCT(field VARCHAR, source VARCHAR, evidence VARCHAR)[]
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id VARCHAR PRIMARY KEY,
    minhash BLOB NOT NULL,
    input_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
    source VARCHAR NOT NULL,
    line INTEGER,
    reason VARCHAR NOT NULL,
    input_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    name VARCHAR,
    code VARCHAR,
    country VARCHAR,
    role VARCHAR,
    kind VARCHAR,
    resolved_by VARCHAR,
    sentence_start INTEGER,
    sentence_end INTEGER
);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    content VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    cue VARCHAR,
    speaker STRUCT(text VARCHAR, name VARCHAR, code VARCHAR, start INTEGER, "end" INTEGER),
    confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    sentence {span},
    trigger {span},
    source {actor},
    target {actor},
    cameo VARCHAR NOT NULL,
    cameo_root VARCHAR NOT NULL,
    plover VARCHAR,
    quad_class INTEGER,
    goldstein DOUBLE,
    modality STRUCT(negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN, reported BOOLEAN, background BOOLEAN),
    date VARCHAR,
    date_precision VARCHAR,
    location STRUCT(name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE),
    confidence DOUBLE,
    quote_id VARCHAR
);
CREATE TABLE IF NOT EXISTS merged_events (
    id VARCHAR PRIMARY KEY,
    source_key VARCHAR,
    target_key VARCHAR,
    cameo_root VARCHAR,
    date VARCHAR,
    record JSON NOT NULL
);
-- Where each merged event sits in the merge (detente.analysis.merge.MergeKey), so a run
-- re-merges only the components its new or removed events touch; and the copies counted.
CREATE TABLE IF NOT EXISTS merge_keys (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    merged_id VARCHAR,
    root VARCHAR NOT NULL,
    src VARCHAR,
    tgt VARCHAR,
    counted BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS merge_copies (
    article_id VARCHAR PRIMARY KEY,
    copies INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS merge_state (
    name VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    record JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    similarity DOUBLE
);
CREATE TABLE IF NOT EXISTS story_state (
    name VARCHAR PRIMARY KEY,
    state JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS annotated (
    article_id VARCHAR PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS annotation_failures (
    article_id VARCHAR PRIMARY KEY,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    attempts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS common_lines (
    fingerprint VARCHAR NOT NULL,
    line VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS inputs (
    path VARCHAR PRIMARY KEY,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    articles INTEGER NOT NULL,
    rejects INTEGER NOT NULL,
    digest VARCHAR
);
"""

_SIGNATURE_ARROW = pa.schema([("article_id", pa.string()), ("minhash", pa.binary()), ("input_file", pa.string())])
_REJECT_ARROW = pa.schema([("source", pa.string()), ("line", pa.int32()), ("reason", pa.string()), ("input_file", pa.string())])
_COMMON_LINES_ARROW = pa.schema([("fingerprint", pa.string()), ("line", pa.string())])
_INPUT_ARROW = pa.schema(
    [("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()), ("articles", pa.int32()), ("rejects", pa.int32()),
     ("digest", pa.string())]
)  # fmt: skip
_SPAN_ARROW = pa.struct([("text", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
_ACTOR_ARROW = pa.struct(
    [("text", pa.string()), ("name", pa.string()), ("code", pa.string()), ("country", pa.string()),
     ("role", pa.string()), ("start", pa.int32()), ("end", pa.int32())]
)  # fmt: skip
_MENTION_ARROW = pa.schema(
    [("article_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
     ("name", pa.string()), ("code", pa.string()), ("country", pa.string()), ("role", pa.string()),
     ("kind", pa.string()), ("resolved_by", pa.string()), ("sentence_start", pa.int32()), ("sentence_end", pa.int32())]
)  # fmt: skip
_QUOTE_ARROW = pa.schema(
    [("id", pa.string()), ("article_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
     ("content", pa.string()), ("kind", pa.string()), ("cue", pa.string()),
     ("speaker", pa.struct([("text", pa.string()), ("name", pa.string()), ("code", pa.string()), ("start", pa.int32()), ("end", pa.int32())])),
     ("confidence", pa.float64())]
)  # fmt: skip
_EVENT_ARROW = pa.schema(
    [("id", pa.string()), ("article_id", pa.string()), ("sentence", _SPAN_ARROW), ("trigger", _SPAN_ARROW),
     ("source", _ACTOR_ARROW), ("target", _ACTOR_ARROW), ("cameo", pa.string()), ("cameo_root", pa.string()),
     ("plover", pa.string()), ("quad_class", pa.int32()), ("goldstein", pa.float64()),
     ("modality", pa.struct([("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("future", pa.bool_()), ("reported", pa.bool_()), ("background", pa.bool_())])),
     ("date", pa.string()), ("date_precision", pa.string()),
     ("location", pa.struct([("name", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())])),
     ("confidence", pa.float64()), ("quote_id", pa.string())]
)  # fmt: skip

_SCHEMA = _SCHEMA_TEMPLATE.replace("{span}", SPAN_STRUCT).replace("{actor}", ACTOR_STRUCT)

_ARTICLE_ARROW = pa.schema(
    [
        ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("format", pa.string()),
        ("title", pa.string()), ("outlet", pa.string()), ("credited", pa.list_(pa.string())),
        ("author", pa.string()), ("dateline", pa.string()), ("language", pa.string()),
        ("published", pa.string()), ("published_precision", pa.string()),
        ("published_interval", pa.struct([("earliest", pa.string()), ("latest", pa.string()), ("evidence", pa.list_(pa.string()))])),
        ("text", pa.string()), ("word_count", pa.int32()),
        ("removed", pa.list_(pa.struct([("line", pa.string()), ("reason", pa.string())]))),
        ("duplicate_of", pa.string()), ("similarity", pa.float64()), ("input_file", pa.string()),
        ("metadata_sources", pa.list_(pa.struct([("field", pa.string()), ("source", pa.string()), ("evidence", pa.string())]))),
    ]
)  # fmt: skip

# The record contract's Arrow types, one schema per table (the store's tables and the
# workers' typed partition files, `detente.stages.Checkpointed`, use the same ones, so a
# column never takes its type from the values of one batch).
TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "articles": _ARTICLE_ARROW, "mentions": _MENTION_ARROW, "quotes": _QUOTE_ARROW, "events": _EVENT_ARROW,
    "rejects": _REJECT_ARROW, "signatures": _SIGNATURE_ARROW, "inputs": _INPUT_ARROW,
}  # fmt: skip


@dataclass(frozen=True)
class FileResult:
    """What one input file produced, written to the store as part of a batch."""

    item: InputFile
    articles: list[Article]
    signatures: dict[str, np.ndarray]  # canonical article id -> MinHash values
    rejects: list[Reject]
    spool: str | None = None  # a file of more rejects (`RejectSpool`), written in chunks and deleted
    spooled: int = 0  # rejects in the spool


class StoreBusy(RuntimeError):
    """Another process holds the database (DuckDB allows one writer and no reader beside it)."""


class StoreFailed(RuntimeError):
    """The store cannot be written at all (disk full, read-only medium): the run cannot go on."""


class Store:
    """A DuckDB database holding articles, rejects, dedup signatures and processed inputs.

    `read_only` opens an existing database for the commands that only read it; while a
    run writes it, they wait up to `wait_s` seconds, then `StoreBusy` says so in one line.
    """

    def __init__(self, path: Path | str, read_only: bool = False, wait_s: float = 0.0) -> None:
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._con = _connect(self.path, read_only, wait_s)
        if not read_only:
            self._con.execute(_SCHEMA)
            self._con.execute(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS metadata_sources {_SOURCES_TYPE}")
            self._con.execute("ALTER TABLE inputs ADD COLUMN IF NOT EXISTS digest VARCHAR")  # NULL until the next run fills it
            # Stores made before Modality.background gain the field; their events read as not background.
            self._con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS modality.background BOOLEAN")
            self._con.execute(_STAGE_COUNTERS_SCHEMA)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: the batch commits whole or rolls back (also on Ctrl-C)."""
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    @contextmanager
    def _bounded(self, memory_mb: int) -> Iterator[None]:
        """Run statements with one DuckDB thread and at most `memory_mb` MB of DuckDB memory
        (it spills to its temporary folder past that), and no progress bar (spilling makes
        them last seconds, and DuckDB would draw one on stdout over the console's output);
        the settings are restored on leaving. Inside a transaction, wrap the transaction in
        `_restoring` too: one that failed refuses SET until its ROLLBACK."""
        with self._restoring():
            self._con.execute("SET threads = 1")
            self._con.execute("SET memory_limit = ?", [f"{int(memory_mb)}MB"])
            self._con.execute("SET enable_progress_bar = false")
            yield

    def _sort_bounded(self, statement: str) -> None:
        """Run a statement that sorts many rows with one thread and `REJECT_MEMORY_MB` of
        DuckDB memory (it spills to disk past that). DuckDB's merge needs more as the rows
        grow (about 128 MB for 10 million rejects): a sort that does not fit is run again
        with four times the memory, and at last unbounded, rather than failing the run."""
        for memory_mb in (REJECT_MEMORY_MB, 4 * REJECT_MEMORY_MB, 16 * REJECT_MEMORY_MB, None):
            try:
                with self._bounded(memory_mb) if memory_mb else self._threads(1):
                    self._con.execute(statement)
                return
            except duckdb.OutOfMemoryException:
                if memory_mb is None:
                    raise

    @contextmanager
    def _restoring(self) -> Iterator[None]:
        """Put DuckDB's threads back as they were and its memory limit and progress bar to
        their defaults, on leaving (the store sets them nowhere else; the memory limit does not
        read back exactly). If the current transaction failed, an enclosing `_restoring` does
        it after the ROLLBACK."""
        (threads,) = self._con.execute("SELECT current_setting('threads')").fetchone()
        try:
            yield
        finally:
            with suppress(duckdb.TransactionException):
                self._con.execute("RESET memory_limit")
                self._con.execute("RESET enable_progress_bar")
                self._con.execute("SET threads = ?", [threads])

    @contextmanager
    def _threads(self, threads: int | None) -> Iterator[None]:
        """Run a statement with `threads` DuckDB threads (None: as configured)."""
        if threads is None:
            yield
            return
        (before,) = self._con.execute("SELECT current_setting('threads')").fetchone()
        self._con.execute(f"SET threads = {int(threads)}")
        try:
            yield
        finally:
            self._con.execute(f"SET threads = {int(before)}")

    def remove_temporary_files(self, out_dir: Path) -> list[Path]:
        """Delete the temporary files (`.NAME.tmp`, `.NAME.*.tmp`) a killed run left in `out_dir`."""
        removed = []
        for leftover in sorted(out_dir.glob(".*.tmp")) if out_dir.is_dir() else []:
            with suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
        return removed

    def known_inputs(self) -> dict[str, tuple[int, int, str | None]]:
        """Processed files with the size, modification time and SHA-256 digest they had then
        (the digest is None for inputs stored before digests were kept)."""
        rows = self._con.execute("SELECT path, size, mtime_ns, digest FROM inputs").fetchall()
        return {path: (size, mtime, digest) for path, size, mtime, digest in rows}

    def refresh_inputs(self, items: Sequence[InputFile]) -> None:
        """Record the size, modification time and digest of stored inputs whose content did
        not change (touched, or stored without a digest), in one transaction."""
        if not items:
            return
        with self.transaction() as con:
            for item in items:
                con.execute("UPDATE inputs SET size = ?, mtime_ns = ?, digest = ? WHERE path = ?", [item.size, item.mtime_ns, item.digest, item.key])

    def rename_inputs(self, renames: dict[str, str]) -> None:
        """Re-key stored inputs (old key -> new key) in one transaction: stores written before
        inputs were keyed by resolved absolute path knew them by the path as given."""
        if not renames:
            return
        with self.transaction() as con:
            for old, new in sorted(renames.items()):
                for table, column in (("articles", "input_file"), ("signatures", "input_file"), ("rejects", "input_file"), ("inputs", "path")):
                    con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])

    def forget_inputs(self, paths: Sequence[str]) -> None:
        """Drop everything a set of (changed) files produced, so they can be redone. When some
        of their articles were in stories, all stories are dropped too and rebuilt by the next
        analysis (the incremental clustering state cannot take articles out)."""
        if not paths:
            return
        with self.transaction() as con:
            of_files = "SELECT id FROM articles WHERE input_file IN (SELECT unnest(?))"
            (in_stories,) = con.execute(f"SELECT count(*) FROM story_articles WHERE article_id IN ({of_files})", [list(paths)]).fetchone()
            for table in (*ANNOTATION_TABLES, "annotation_failures", "story_articles"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN ({of_files})", [list(paths)])
            if in_stories:  # the clustering state still holds those articles: the stories start over
                for table in ("story_articles", "stories", "story_state"):
                    con.execute(f"DELETE FROM {table}")
            for table, column in (("articles", "input_file"), ("signatures", "input_file"), ("rejects", "input_file"), ("inputs", "path")):
                con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [list(paths)])

    def canonical_signatures(self, batch_size: int = 10_000) -> Iterator[tuple[str, np.ndarray]]:
        """Stream the stored signatures of canonical articles, to rebuild the dedup index."""
        cursor = self._con.cursor()
        cursor.execute("SELECT article_id, minhash FROM signatures ORDER BY article_id")
        while rows := cursor.fetchmany(batch_size):
            for article_id, blob in rows:
                yield article_id, np.frombuffer(blob, dtype=np.uint32)
        cursor.close()

    def write_batch(self, results: Sequence[FileResult]) -> None:
        """Write the articles, signatures and rejects of several files in one transaction.

        Rejects spooled to a file (`RejectSpool`) are loaded by DuckDB straight from it, in
        the same transaction, with one thread and at most `REJECT_MEMORY_MB` of memory: the
        rows never pass through Python, and DuckDB writes a large insert to the database
        file as it goes, so memory stays flat however many there are. The spool files are
        deleted once committed (a killed run's spools are `.*.tmp` files the next run removes)."""
        article_rows, signature_rows, reject_rows, input_rows = [], [], [], []
        for result in results:
            path = result.item.key
            for article in result.articles:
                row = article.to_dict()
                row["input_file"] = path
                article_rows.append(row)
            signature_rows += [
                {"article_id": article_id, "minhash": values.tobytes(), "input_file": path} for article_id, values in result.signatures.items()
            ]
            reject_rows += [{"source": reject.source, "line": reject.line, "reason": reject.reason, "input_file": path} for reject in result.rejects]
            input_rows.append(
                {"path": path, "size": result.item.size, "mtime_ns": result.item.mtime_ns, "articles": len(result.articles),
                 "rejects": len(result.rejects) + result.spooled, "digest": result.item.digest}
            )  # fmt: skip
        with self._restoring(), self.transaction() as con:
            for result in results:
                if result.spool:
                    with self._bounded(REJECT_MEMORY_MB):
                        con.execute(_LOAD_SPOOL, [result.item.key, _glob_literal(result.spool)])
            if article_rows:
                batch = pa.Table.from_pylist(article_rows, schema=_ARTICLE_ARROW)
                con.register("article_batch", batch)
                con.execute("INSERT OR REPLACE INTO articles SELECT * FROM article_batch")
                con.unregister("article_batch")
            _insert_arrow(con, "signatures", _SIGNATURE_ARROW, signature_rows)
            _insert_arrow(con, "rejects", _REJECT_ARROW, reject_rows)
            _insert_arrow(con, "inputs", _INPUT_ARROW, input_rows)
        for result in results:
            if result.spool:
                with suppress(OSError):
                    os.unlink(result.spool)

    def write_stage_counters(self, engine: str, counters: Sequence[dict]) -> None:
        """Record what each stage of one run did (`detente.stages.StageCounters.to_dict()`),
        one row per stage, stamped with the time of writing and the engine that ran it: a log
        of runs, kept beside the data it produced."""
        run_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self.transaction() as con:
            for row in counters:
                con.execute(
                    "INSERT INTO stage_counters VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_at, engine, row["stage"], row["docs_in"], row["docs_out"], json.dumps(row["dropped"]), row["errors"], row["seconds"]],
                )

    def stage_counters(self) -> list[dict]:
        """Every stored stage counter row, oldest run first."""
        cursor = self._con.execute("SELECT run_at, engine, stage, docs_in, docs_out, dropped, errors, seconds FROM stage_counters ORDER BY run_at, stage")
        names = [column[0] for column in cursor.description]
        return [{**dict(zip(names, row)), "dropped": json.loads(row[5])} for row in cursor.fetchall()]

    def common_lines(self, fingerprint: str) -> frozenset[str] | None:
        """The common lines counted for this input set (see `write_common_lines`), or None."""
        (stored,) = self._con.execute("SELECT count(*) FROM common_lines WHERE fingerprint = ?", [fingerprint]).fetchone()
        if not stored:
            return None
        rows = self._con.execute("SELECT line FROM common_lines WHERE fingerprint = ? AND line <> ''", [fingerprint]).fetchall()
        return frozenset(line for (line,) in rows)

    def write_common_lines(self, fingerprint: str, lines: frozenset[str]) -> None:
        """Keep the common lines of one input set (only the latest), so that a resumed run
        reuses them instead of reading every page dump again. An empty set is stored as one
        empty line, so that "counted, none common" differs from "not counted"."""
        rows = [{"fingerprint": fingerprint, "line": line} for line in sorted(lines) or [""]]
        with self.transaction() as con:
            con.execute("DELETE FROM common_lines")
            _insert_arrow(con, "common_lines", _COMMON_LINES_ARROW, rows)

    def write_discovery_rejects(self, rejects: Sequence[Reject]) -> None:
        """Replace the rejects of inputs that could not even be opened (pipes, broken links,
        unlistable folders): they are found again on every run, so they are replaced, not added."""
        with self.transaction() as con:
            con.execute("DELETE FROM rejects WHERE input_file NOT IN (SELECT path FROM inputs)")
            _insert_arrow(con, "rejects", _REJECT_ARROW, [{"source": r.source, "line": r.line, "reason": r.reason, "input_file": r.source} for r in rejects])

    def pending_annotation(self, max_attempts: int | None = None) -> list[str]:
        """Ids of canonical articles the NLP stages have not processed yet, in stable order;
        articles whose annotation failed `max_attempts` times already are left out (they keep
        their failure and reason), so one bad article cannot make every run fail again."""
        rows = self._con.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL AND id NOT IN (SELECT article_id FROM annotated) "
            "AND id NOT IN (SELECT article_id FROM annotation_failures WHERE ? IS NOT NULL AND attempts >= ?) ORDER BY source, id",
            [max_attempts, max_attempts],
        ).fetchall()
        return [article_id for (article_id,) in rows]

    def write_failures(self, failures: Sequence[AnnotationFailure]) -> None:
        """Record annotation failures, counting the attempts (one transaction)."""
        if not failures:
            return
        with self.transaction() as con:
            for failure in failures:
                con.execute(
                    "INSERT INTO annotation_failures VALUES (?, ?, ?, 1) ON CONFLICT (article_id) DO UPDATE "
                    "SET stage = excluded.stage, reason = excluded.reason, attempts = annotation_failures.attempts + 1",
                    [failure.article_id, failure.stage, failure.reason],
                )

    def failures(self) -> list[tuple[str, str, str, int]]:
        """`(article source, stage, reason, attempts)` of every article whose annotation failed."""
        return self._con.execute(
            "SELECT a.source, f.stage, f.reason, f.attempts FROM annotation_failures f JOIN articles a ON a.id = f.article_id ORDER BY a.source"
        ).fetchall()

    def orphaned_duplicates(self) -> dict[str, list[str]]:
        """Duplicates whose canonical article is gone (its input was removed or changed):
        missing canonical id -> the remaining copies' ids, in stable order."""
        rows = self._con.execute(
            "SELECT duplicate_of, id FROM articles WHERE duplicate_of IS NOT NULL "
            "AND duplicate_of NOT IN (SELECT id FROM articles) ORDER BY duplicate_of, source, id"
        ).fetchall()
        found: dict[str, list[str]] = {}
        for missing, article_id in rows:
            found.setdefault(missing, []).append(article_id)
        return found

    def promote_duplicate(self, article_id: str, minhash: np.ndarray, others: Sequence[str]) -> None:
        """Make a copy canonical (its own signature; annotated by the next stage) and point
        the other copies of the same removed article to it."""
        with self.transaction() as con:
            (input_file,) = con.execute("SELECT input_file FROM articles WHERE id = ?", [article_id]).fetchone()
            con.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = ?", [article_id])
            if others:
                con.execute("UPDATE articles SET duplicate_of = ? WHERE id IN (SELECT unnest(?))", [article_id, list(others)])
            _insert_arrow(con, "signatures", _SIGNATURE_ARROW, [{"article_id": article_id, "minhash": minhash.tobytes(), "input_file": input_file}])

    def input_files(self, ids: Sequence[str]) -> dict[str, str]:
        """The input file of each of these articles."""
        rows = self._con.execute("SELECT id, input_file FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return dict(rows)

    def rewrite_articles(self, old_ids: Sequence[str], articles: Sequence[tuple[Article, str]], signatures: dict[str, np.ndarray]) -> None:
        """Replace the rows of one story's copies by their re-linked form, in one transaction:
        the rows and signatures of `old_ids` go; `articles` (each with its input file) and
        the signatures of the canonical ones (by id) come."""
        files = {article.id: path for article, path in articles}
        rows = [{**article.to_dict(), "input_file": path} for article, path in articles]
        signature_rows = [{"article_id": key, "minhash": values.tobytes(), "input_file": files[key]} for key, values in signatures.items()]
        with self.transaction() as con:
            con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [list(old_ids)])
            con.execute("DELETE FROM signatures WHERE article_id IN (SELECT unnest(?))", [list(old_ids)])
            batch = pa.Table.from_pylist(rows, schema=_ARTICLE_ARROW)
            con.register("article_rewrite", batch)
            con.execute("INSERT INTO articles SELECT * FROM article_rewrite")
            con.unregister("article_rewrite")
            _insert_arrow(con, "signatures", _SIGNATURE_ARROW, signature_rows)

    def settled_articles(self, ids: Sequence[str]) -> set[str]:
        """Those of these articles that later stages have used: annotated, failed, in a story."""
        rows = self._con.execute(
            "SELECT article_id FROM annotated WHERE article_id IN (SELECT unnest(?)) "
            "UNION SELECT article_id FROM annotation_failures WHERE article_id IN (SELECT unnest(?)) "
            "UNION SELECT article_id FROM story_articles WHERE article_id IN (SELECT unnest(?))",
            [list(ids)] * 3,
        ).fetchall()
        return {article_id for (article_id,) in rows}

    def copies_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """The stored copies of each of these canonical articles, in id order."""
        rows = self._con.execute(
            "SELECT duplicate_of, id FROM articles WHERE duplicate_of IN (SELECT unnest(?)) ORDER BY duplicate_of, id", [list(ids)]
        ).fetchall()
        found: dict[str, list[str]] = {}
        for canonical_id, article_id in rows:
            found.setdefault(canonical_id, []).append(article_id)
        return found

    def forget_annotations(self, ids: Sequence[str]) -> None:
        """Drop the annotations of these articles, so the next annotation stage redoes them
        (their publication date changed: their events must be dated again)."""
        if not ids:
            return
        with self.transaction() as con:
            for table in (*ANNOTATION_TABLES, "annotation_failures"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [list(ids)])

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given."""
        rows = self._con.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        found = {row[0]: Article.from_dict(dict(zip(ARTICLE_COLUMNS, row))) for row in rows}
        return [found[article_id] for article_id in ids if article_id in found]

    def write_annotations(self, batch: Sequence[Annotations]) -> None:
        """Store mentions, quotes and events of a batch of articles in one transaction (re-runnable)."""
        if not batch:  # every article of the batch failed (recorded by write_failures)
            return
        ids = [item.article_id for item in batch]
        tables = {
            "mentions": (_MENTION_ARROW, [item.to_dict() for batch_item in batch for item in batch_item.mentions]),
            "quotes": (_QUOTE_ARROW, [item.to_dict() for batch_item in batch for item in batch_item.quotes]),
            "events": (_EVENT_ARROW, [item.to_dict() for batch_item in batch for item in batch_item.events]),
        }
        with self.transaction() as con:
            for table in (*ANNOTATION_TABLES, "annotation_failures"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
            for table, (schema, rows) in tables.items():
                _insert_arrow(con, table, schema, rows)
            con.executemany("INSERT INTO annotated VALUES (?)", [(article_id,) for article_id in ids])

    def quotes(self, speaker: str | None = None, actor: str | None = None, limit: int = 50) -> list[dict]:
        """Stored quotes, filtered by speaker name/text (substring, any case) or actor code prefix."""
        query = (
            "SELECT q.*, a.title, a.published FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE (? IS NULL OR lower(coalesce(q.speaker.name, '') || ' ' || coalesce(q.speaker.text, '')) LIKE '%' || lower(?) || '%') "
            "AND (? IS NULL OR q.speaker.code LIKE ? || '%') ORDER BY a.published NULLS LAST, q.article_id, q.start LIMIT ?"
        )
        cursor = self._con.execute(query, [speaker, speaker, actor, actor, limit])
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]

    def events(
        self,
        dyad: tuple[str, str] | None = None,
        directed: bool = False,
        include_negated: bool = True,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events, optionally between two sides ("RUS", "NATO" or a full code "RUSGOV").

        A side matches an actor whose country/organisation part equals it or whose code
        starts with it; undirected (the default) takes both directions.
        """
        where, params = ["TRUE"], []
        if dyad:
            first, second = (side.upper() for side in dyad)
            pair = "(" + _SIDE.format(x="source") + " AND " + _SIDE.format(x="target") + ")"
            where.append(pair if directed else f"({pair} OR {pair})")
            params += [first, first, second, second] + ([] if directed else [second, second, first, first])
        if not include_negated:
            where.append("NOT coalesce(modality.negated, FALSE)")
        query = (
            f"SELECT {', '.join('e.' + column for column in _quoted(EVENT_COLUMNS))} FROM events e "
            f"LEFT JOIN articles a ON a.id = e.article_id WHERE {' AND '.join(where)} "
            "ORDER BY coalesce(e.date, a.published) NULLS LAST, e.article_id, e.sentence.start, e.trigger.start, e.id"
        )
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        cursor = self._con.execute(query, params)
        return [Event.from_dict(dict(zip(EVENT_COLUMNS, row))) for row in cursor.fetchall()]

    def iter_events(self, batch_size: int = 10_000, article_ids: Sequence[str] | None = None) -> Iterator[Event]:
        """Every stored event in a stable order, streamed; only those of `article_ids` when
        given (the story stage reads the events of the articles it places, not the corpus)."""
        cursor = self._con.cursor()
        columns = ", ".join(_quoted(EVENT_COLUMNS))
        order = "ORDER BY article_id, sentence.start, trigger.start, id"
        if article_ids is None:
            cursor.execute(f"SELECT {columns} FROM events {order}")
        else:
            cursor.execute(f"SELECT {columns} FROM events WHERE article_id IN (SELECT unnest(?)) {order}", [list(article_ids)])
        while rows := cursor.fetchmany(batch_size):
            for row in rows:
                yield Event.from_dict(dict(zip(EVENT_COLUMNS, row)))
        cursor.close()

    def all_quotes(self) -> list[Quote]:
        """Every stored quote as a record."""
        rows = self._con.execute(f"SELECT {', '.join(_quoted(QUOTE_COLUMNS))} FROM quotes ORDER BY article_id, start").fetchall()
        return [_quote(dict(zip(QUOTE_COLUMNS, row))) for row in rows]

    def article_headers(self) -> list[Article]:
        """Every article without its text (ids, outlets, dates, duplicate links) for the analysis."""
        columns = [column for column in ARTICLE_COLUMNS if column != "text"]
        rows = self._con.execute(f"SELECT {', '.join(columns)} FROM articles ORDER BY source, id").fetchall()
        return [Article.from_dict({**dict(zip(columns, row)), "text": ""}) for row in rows]

    def replace_merged_events(self, merged: Sequence[MergedEvent]) -> None:
        """Replace the merged events (merging is recomputed over the corpus) in one transaction."""
        rows = [{"id": item.id, "source_key": item.source_key, "target_key": item.target_key, "cameo_root": item.cameo_root,
                 "date": item.date, "record": json.dumps(item.to_dict())} for item in merged]
        with self.transaction() as con:
            con.execute("DELETE FROM merged_events")
            con.execute("DELETE FROM merge_keys")  # the next incremental merge starts whole
            con.execute("DELETE FROM merge_copies")
            con.execute("DELETE FROM merge_state")
            _insert_arrow(con, "merged_events", _MERGED_SCHEMA, rows)

    # The incremental merge (detente.analysis.merge.merge_incrementally) reads and replaces only
    # the components of the merge that a run touched.
    def merge_keys_count(self) -> int:
        (count,) = self._con.execute("SELECT count(*) FROM merge_keys").fetchone()
        return int(count)

    def merge_fingerprint(self) -> str | None:
        """The fingerprint of the rules and data the stored merge was made with."""
        row = self._con.execute("SELECT value FROM merge_state WHERE name = 'fingerprint'").fetchone()
        return row[0] if row else None

    def unmerged_events(self) -> list[Event]:
        """Stored events the merge has not seen yet."""
        query = (f"SELECT {', '.join(_quoted(EVENT_COLUMNS))} FROM events "
                 "WHERE id NOT IN (SELECT event_id FROM merge_keys) ORDER BY article_id, sentence.start, trigger.start, id")
        return [Event.from_dict(dict(zip(EVENT_COLUMNS, row))) for row in self._con.execute(query).fetchall()]

    def gone_merge_keys(self) -> list[MergeKey]:
        """Keys of merged events that are no longer stored (article removed or re-annotated)."""
        return self._merge_keys("WHERE event_id NOT IN (SELECT id FROM events)", [])

    def changed_copies(self) -> dict[str, int]:
        """Canonical article id -> its number of copies, where that differs from what the merge counted."""
        rows = self._con.execute(
            "WITH now AS (SELECT duplicate_of AS article_id, count(*) AS copies FROM articles "
            "WHERE duplicate_of IS NOT NULL GROUP BY duplicate_of) "
            "SELECT coalesce(n.article_id, c.article_id), coalesce(n.copies, 0) FROM now n "
            "FULL OUTER JOIN merge_copies c ON n.article_id = c.article_id "
            "WHERE coalesce(n.copies, 0) <> coalesce(c.copies, 0) ORDER BY 1").fetchall()
        return {article_id: int(copies) for article_id, copies in rows}

    def merge_keys_touching(self, nodes: set[tuple[str, str, str | None]]) -> list[MergeKey]:
        """Stored keys of counted events touching any of these (root, side, unit) nodes."""
        rows = [{"root": root, "side": side, "unit": unit} for root, side, unit in sorted(nodes, key=str)]
        if not rows:
            return []
        table = pa.Table.from_pylist(rows, schema=pa.schema([("root", pa.string()), ("side", pa.string()), ("unit", pa.string())]))
        cursor = self._con.cursor()
        try:
            cursor.register("merge_nodes", table)
            return self._merge_keys(
                "WHERE counted AND EXISTS (SELECT 1 FROM merge_nodes n WHERE n.root = k.root AND ("
                "(n.side = 'src' AND n.unit = k.src) OR (n.side = 'tgt' AND n.unit = k.tgt) OR "
                "(n.side = 'none' AND k.src IS NULL AND k.tgt IS NULL)))", [], cursor)
        finally:
            cursor.close()

    def merge_keys_of_articles(self, article_ids: Sequence[str]) -> list[MergeKey]:
        return self._merge_keys("WHERE article_id IN (SELECT unnest(?))", [list(article_ids)]) if article_ids else []

    def _merge_keys(self, where: str, params: list, cursor: duckdb.DuckDBPyConnection | None = None) -> list[MergeKey]:
        rows = (cursor or self._con).execute(
            f"SELECT event_id, article_id, root, src, tgt, counted, merged_id FROM merge_keys k {where} ORDER BY event_id",
            params).fetchall()
        from detente.analysis.merge import MergeKey  # not at import: the merge module loads spaCy's word lists

        return [MergeKey(*row) for row in rows]

    def events_by_ids(self, ids: Sequence[str]) -> list[Event]:
        if not ids:
            return []
        query = (f"SELECT {', '.join(_quoted(EVENT_COLUMNS))} FROM events WHERE id IN (SELECT unnest(?)) "
                 "ORDER BY article_id, sentence.start, trigger.start, id")
        return [Event.from_dict(dict(zip(EVENT_COLUMNS, row))) for row in self._con.execute(query, [list(ids)]).fetchall()]

    def replace_merged_scope(self, old_event_ids: Sequence[str], merged: Sequence[MergedEvent], keys: Sequence[MergeKey],
                             copies: Mapping[str, int], fingerprint: str, full: bool) -> None:
        """Replace, in one transaction, the merged events holding `old_event_ids` (all of them when
        `full`) and those events' keys by a re-merge of their components; record the copies counted
        (`copies`, or every article's when `full`) and the merge's fingerprint."""
        rows = [{"id": item.id, "source_key": item.source_key, "target_key": item.target_key, "cameo_root": item.cameo_root,
                 "date": item.date, "record": json.dumps(item.to_dict())} for item in merged]
        key_rows = [{"event_id": key.event_id, "article_id": key.article_id, "merged_id": key.merged_id, "root": key.root,
                     "src": key.src, "tgt": key.tgt, "counted": key.counted} for key in keys]
        with self.transaction() as con:
            if full:
                con.execute("DELETE FROM merged_events")
                con.execute("DELETE FROM merge_keys")
                con.execute("DELETE FROM merge_copies")
            else:
                con.execute("DELETE FROM merged_events WHERE id IN (SELECT merged_id FROM merge_keys "
                            "WHERE event_id IN (SELECT unnest(?)))", [list(old_event_ids)])
                con.execute("DELETE FROM merge_keys WHERE event_id IN (SELECT unnest(?))", [list(old_event_ids)])
                con.execute("DELETE FROM merge_copies WHERE article_id IN (SELECT unnest(?))", [list(copies)])
            _insert_arrow(con, "merged_events", _MERGED_SCHEMA, rows)
            _insert_arrow(con, "merge_keys", _MERGE_KEY_SCHEMA, key_rows)
            if full:
                con.execute("INSERT INTO merge_copies SELECT duplicate_of, count(*) FROM articles "
                            "WHERE duplicate_of IS NOT NULL GROUP BY duplicate_of")
            elif counted := [(article_id, number) for article_id, number in sorted(copies.items()) if number]:
                con.executemany("INSERT INTO merge_copies VALUES (?, ?)", counted)
            con.execute("INSERT OR REPLACE INTO merge_state VALUES ('fingerprint', ?)", [fingerprint])

    def merged_events(self) -> list[MergedEvent]:
        """The stored merged events, in date order (undated last)."""
        rows = self._con.execute("SELECT record FROM merged_events ORDER BY date NULLS LAST, id").fetchall()
        return [MergedEvent.from_dict(json.loads(record)) for (record,) in rows]

    def story_state(self) -> dict | None:
        """The serialised state of the incremental story clustering, if any."""
        row = self._con.execute("SELECT state FROM story_state WHERE name = 'stories'").fetchone()
        return json.loads(row[0]) if row else None

    def articles_without_story(self) -> list[str]:
        """Ids of canonical articles not yet assigned to a story."""
        rows = self._con.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL AND id NOT IN (SELECT article_id FROM story_articles) ORDER BY source, id"
        ).fetchall()
        return [article_id for (article_id,) in rows]

    def write_stories(self, assignments: Sequence[StoryAssignment], state: dict, stories: Sequence[Story]) -> None:
        """Store new assignments, the new state and the relabelled stories together."""
        with self.transaction() as con:
            _insert_arrow(con, "story_articles", _STORY_ARTICLE_SCHEMA,
                          [{"article_id": item.article_id, "story_id": item.story_id, "similarity": item.similarity} for item in assignments])
            con.execute("INSERT OR REPLACE INTO story_state VALUES ('stories', ?)", [json.dumps(state)])
            con.execute("DELETE FROM stories")
            _insert_arrow(con, "stories", _STORY_SCHEMA, [{"id": story.id, "record": json.dumps(story.to_dict())} for story in stories])

    def stories(self) -> list[Story]:
        rows = self._con.execute("SELECT record FROM stories ORDER BY id").fetchall()
        found = [Story.from_dict(json.loads(record)) for (record,) in rows]
        return sorted(found, key=lambda story: (story.start or "9999", story.id))

    def rejects(self, chunk: int = 10_000) -> Iterator[Reject]:
        """Every stored reject, read in chunks, in the order they were stored: a corpus of
        millions of bad lines stays out of memory (sorting them would take DuckDB hundreds
        of MB; the report only counts them, and rejects.jsonl is the sorted list)."""
        cursor = self._con.cursor()
        cursor.execute("SELECT source, reason, line FROM rejects")
        while rows := cursor.fetchmany(chunk):
            for source, reason, line in rows:
                yield Reject(source, reason, line)
        cursor.close()

    def counts(self) -> dict[str, int]:
        """Totals over the whole store (not just this run)."""
        articles, duplicates = self._con.execute("SELECT count(*), count(duplicate_of) FROM articles").fetchone()
        (rejects,) = self._con.execute("SELECT count(*) FROM rejects").fetchone()
        (failures,) = self._con.execute("SELECT count(*) FROM annotation_failures").fetchone()
        (mentions,) = self._con.execute("SELECT count(*) FROM mentions").fetchone()
        (quotes,) = self._con.execute("SELECT count(*) FROM quotes").fetchone()
        (events,) = self._con.execute("SELECT count(*) FROM events").fetchone()
        (merged,) = self._con.execute("SELECT count(*) FROM merged_events").fetchone()
        (stories,) = self._con.execute("SELECT count(*) FROM stories").fetchone()
        return {
            "articles": articles, "duplicates": duplicates, "rejects": rejects, "mentions": mentions,
            "quotes": quotes, "events": events, "merged_events": merged, "stories": stories, "failures": failures,
        }  # fmt: skip

    def articles(self) -> Iterator[Article]:
        """Every stored article, in a stable order."""
        cursor = self._con.cursor()
        cursor.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY source, id")
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield Article.from_dict(dict(zip(ARTICLE_COLUMNS, row)))
        cursor.close()

    def export(self, out_dir: Path) -> dict[str, Path]:
        """Write articles.jsonl, articles.parquet and rejects.jsonl atomically."""
        out_dir.mkdir(parents=True, exist_ok=True)
        articles = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY source, id"
        rejects = (  # inputs rejected, then articles whose annotation failed (same three fields)
            "SELECT source, line, reason FROM (SELECT source, line, reason FROM rejects UNION ALL "
            "SELECT a.source, NULL, 'annotation failed (' || f.stage || '): ' || f.reason FROM annotation_failures f "
            "JOIN articles a ON a.id = f.article_id) ORDER BY source, line NULLS FIRST, reason"
        )
        mentions = f"SELECT {', '.join(_quoted(MENTION_COLUMNS))} FROM mentions ORDER BY article_id, start"
        quotes = f"SELECT {', '.join(_quoted(QUOTE_COLUMNS))} FROM quotes ORDER BY article_id, start"
        events = f"SELECT {', '.join(_quoted(EVENT_COLUMNS))} FROM events ORDER BY article_id, sentence.start, trigger.start, id"
        targets = {
            "articles.jsonl": (articles, "FORMAT json"),
            "articles.parquet": (articles, "FORMAT parquet, COMPRESSION zstd"),
            "rejects.jsonl": (rejects, "FORMAT json"),
            "actors.jsonl": (mentions, "FORMAT json"),
            "actors.parquet": (mentions, "FORMAT parquet, COMPRESSION zstd"),
            "quotes.jsonl": (quotes, "FORMAT json"),
            "quotes.parquet": (quotes, "FORMAT parquet, COMPRESSION zstd"),
            "events.jsonl": (events, "FORMAT json"),
            "events.parquet": (events, "FORMAT parquet, COMPRESSION zstd"),
        }
        targets["merged_events.jsonl"] = ("SELECT record FROM merged_events ORDER BY date NULLS LAST, id", "json-records")
        targets["stories.jsonl"] = ("SELECT record FROM stories ORDER BY id", "json-records")
        written = {}
        for name, (query, options) in targets.items():
            final = out_dir / name
            temporary = out_dir / f".{name}.tmp"
            # COPY cannot take the target as a parameter; the path is ours, quoted safely.
            if options == "json-records":  # a JSON column written as one object per line
                _write_records(self._con.execute(query), temporary)
            else:
                quoted = str(temporary).replace("'", "''")
                copy = f"COPY ({query}) TO '{quoted}' ({options})"
                if name == "rejects.jsonl":  # millions of rejects sorted
                    self._sort_bounded(copy)
                else:
                    self._con.execute(copy)
            os.replace(temporary, final)
            written[name] = final
        return written


# Per-stage counters of each run (`write_stage_counters`); a log, not part of the record contract.
_STAGE_COUNTERS_SCHEMA = """
CREATE TABLE IF NOT EXISTS stage_counters (
    run_at VARCHAR NOT NULL, engine VARCHAR NOT NULL, stage VARCHAR NOT NULL, docs_in BIGINT NOT NULL,
    docs_out BIGINT NOT NULL, dropped JSON NOT NULL, errors BIGINT NOT NULL, seconds DOUBLE NOT NULL
);
"""

# One side of a dyad: "RUS" matches RUS, RUSGOV, RUSMIL...; "NATO" matches the organisation.
_SIDE = "(upper(coalesce(e.{x}.country, '')) = ? OR upper(coalesce(e.{x}.code, '')) LIKE ? || '%')"

# Tables with a primary key, and its column: a re-written record replaces the stored one.
# Tables written with INSERT OR REPLACE (a record replaces the one with its key). merged_events and
# stories are emptied first and inserted plainly: a duplicate id there is a bug and raises.
_KEYED_TABLES = {"quotes": "id", "events": "id", "signatures": "article_id", "inputs": "path", "story_articles": "article_id"}
_MERGED_SCHEMA = pa.schema([("id", pa.string()), ("source_key", pa.string()), ("target_key", pa.string()),
                            ("cameo_root", pa.string()), ("date", pa.string()), ("record", pa.string())])
_MERGE_KEY_SCHEMA = pa.schema([("event_id", pa.string()), ("article_id", pa.string()), ("merged_id", pa.string()),
                               ("root", pa.string()), ("src", pa.string()), ("tgt", pa.string()), ("counted", pa.bool_())])
_STORY_SCHEMA = pa.schema([("id", pa.string()), ("record", pa.string())])
_STORY_ARTICLE_SCHEMA = pa.schema([("article_id", pa.string()), ("story_id", pa.string()), ("similarity", pa.float64())])

ANNOTATION_TABLES = ("mentions", "quotes", "events", "annotated")


def _connect(path: str, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    """Open the database; a lock held by another process becomes `StoreBusy` (after
    waiting up to `wait_s` seconds for it to go), a medium that refuses writes `StoreFailed`."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise StoreFailed(f"cannot open the store {path}: {_first_line(error)}") from None
            if time.monotonic() >= deadline:
                raise StoreBusy(f"the store {path} is being written by another detente run; try again when it finishes") from None
            time.sleep(0.2)


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


class RejectSpool:
    """The rejects of one input file, streamed: the first `hold` are kept in memory; from
    then on every reject goes to a spool file (`.rejects.*.tmp` in `directory`, CSV: see
    `_spool_line`) that `Store.write_batch` has DuckDB load straight from the file, so that
    millions of rejects never pass through Python again. `sample` keeps the first `show`
    rejects for the console. Every reject is made valid text and cut to
    `REJECT_FIELD_CHARS` characters per field (a spool line must fit DuckDB's CSV buffer)."""

    def __init__(self, directory: str | None, hold: int = 1000, show: int = 5) -> None:
        self.directory = directory
        self.hold = max(hold, 0)
        self.show = show
        self.held: list[Reject] = []
        self.sample: list[Reject] = []
        self.count = 0
        self.path: str | None = None
        self._handle: IO[str] | None = None

    def add(self, reject: Reject) -> None:
        reject = _bounded_reject(reject)
        self.count += 1
        if len(self.sample) < self.show:
            self.sample.append(reject)
        if self._handle is None and len(self.held) < self.hold:
            self.held.append(reject)
            return
        if self._handle is None:
            descriptor, self.path = tempfile.mkstemp(prefix=".rejects.", suffix=".tmp", dir=self.directory)
            self._handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="")  # newline="": a "\r" in a name stays
            for earlier in self.held:
                self._handle.write(_spool_line(earlier))
            self.held = []
        self._handle.write(_spool_line(reject))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def spooled(self) -> int:
        return self.count - len(self.held)


# A reject's source and reason are cut to this many characters (a reason is one line; a
# path is at most 4,096 bytes): a spool line then stays far below `_SPOOL_BUFFER_BYTES`.
REJECT_FIELD_CHARS = 20_000
# DuckDB's CSV read buffer for a spool (its default, 32 MB, would be most of the memory
# the reject load takes); a line longer than this could not be read.
_SPOOL_BUFFER_BYTES = 1 << 20
# DuckDB memory while it loads a spool or sorts the rejects for rejects.jsonl (issue 14:
# without a limit its buffer pool grew to several hundred MB over 2 million rejects, 3.6x the
# run on good articles alone). Past it DuckDB spills to its temporary folder (`DB.tmp`).
REJECT_MEMORY_MB = 64
_SPOOL_COLUMNS = "{'source': 'VARCHAR', 'line': 'INTEGER', 'reason': 'VARCHAR'}"
# The spool's CSV dialect, stated in full (nothing guessed from the data): strings always
# quoted, a quoted empty string is '' (never NULL), an empty line number is NULL.
_LOAD_SPOOL = (
    "INSERT INTO rejects (source, line, reason, input_file) SELECT source, line, reason, ? FROM read_csv(?, "
    f"header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, new_line = '\\n', "
    f"columns = {_SPOOL_COLUMNS}, buffer_size = {_SPOOL_BUFFER_BYTES})"
)


def _bounded_reject(reject: Reject) -> Reject:
    """`reject` as valid text that a spool line can hold (see `REJECT_FIELD_CHARS`)."""
    source, reason = valid(reject.source), valid(reject.reason)
    if len(source) > REJECT_FIELD_CHARS:
        source = source[: REJECT_FIELD_CHARS - 1] + "\u2026"
    if len(reason) > REJECT_FIELD_CHARS:
        reason = reason[: REJECT_FIELD_CHARS - 1] + "\u2026"
    if (source, reason) == (reject.source, reject.reason):
        return reject
    return Reject(source, reason, reject.line)


def _glob_literal(path: str) -> str:
    """`path` as a DuckDB glob pattern that matches only itself: DuckDB's readers take
    patterns, so an output folder named `out[1]` would read `out1`'s file, and `out*` every
    folder's. Each `[`, `*` and `?` becomes a one-character class (`[[]`, `[*]`, `[?]`)."""
    return re.sub(r"([\[*?])", r"[\1]", path)


def _spool_line(reject: Reject) -> str:
    """One reject as a CSV line: `"source",line,"reason"` (quotes doubled inside strings;
    no line number: an empty field, read as NULL). Quoted fields may hold newlines."""
    line = "" if reject.line is None else str(int(reject.line))
    return f"{_csv_string(reject.source)},{line},{_csv_string(reject.reason)}\n"


def _csv_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema, rows: list[dict]) -> None:
    """Insert many records at once through Arrow (row-by-row `executemany` is far slower)."""
    if not rows:
        return
    if table in _KEYED_TABLES:  # one statement may not hold a key twice: the last record wins, as before
        key = _KEYED_TABLES[table]
        rows = list({row[key]: row for row in rows}.values())
    batch = pa.Table.from_pylist(rows, schema=schema)
    con.register("record_batch", batch)
    try:
        columns = ", ".join(_quoted(schema.names))
        verb = "INSERT OR REPLACE" if table in _KEYED_TABLES else "INSERT"
        con.execute(f"{verb} INTO {table} ({columns}) SELECT {columns} FROM record_batch")
    finally:
        with suppress(duckdb.Error):  # an aborted transaction refuses it; the error that aborted it matters
            con.unregister("record_batch")


def _write_records(cursor: duckdb.DuckDBPyConnection, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        while rows := cursor.fetchmany(1000):
            handle.writelines(record + "\n" for (record,) in rows)


def _quoted(columns: Sequence[str]) -> list[str]:
    """Column names as SQL identifiers ("end" is a keyword)."""
    return [f'"{column}"' for column in columns]


def _quote(values: dict) -> Quote:
    speaker = values.get("speaker")
    return Quote(**{**values, "speaker": Speaker(**speaker) if speaker else None})
