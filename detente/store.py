"""Store stage: the embedded DuckDB database and the exports written from it.

Every batch of input files is written in one transaction together with the record of
which files it covers, so a crash or Ctrl-C leaves either the whole batch or none of
it, and the next run picks up exactly the files that are missing. All SQL is
parameterised; article text is only ever data. Exports (JSONL, Parquet) are written
from the database to a temporary file and renamed into place, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from detente.annotate import Annotations
from detente.ingest.files import InputFile
from detente.records import Article, Mention, Quote, Reject

ARTICLE_COLUMNS = (
    "id", "source", "url", "format", "title", "outlet", "credited", "author", "dateline", "language",
    "published", "published_precision", "published_interval", "text", "word_count", "removed",
    "duplicate_of", "similarity",
)  # fmt: skip

MENTION_COLUMNS = tuple(Mention.__dataclass_fields__)
QUOTE_COLUMNS = tuple(Quote.__dataclass_fields__)

_SCHEMA = """
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
    input_file VARCHAR NOT NULL
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
CREATE TABLE IF NOT EXISTS annotated (
    article_id VARCHAR PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS inputs (
    path VARCHAR PRIMARY KEY,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    articles INTEGER NOT NULL,
    rejects INTEGER NOT NULL
);
"""

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
    ]
)  # fmt: skip


@dataclass(frozen=True)
class FileResult:
    """What one input file produced, written to the store as part of a batch."""

    item: InputFile
    articles: list[Article]
    signatures: dict[str, np.ndarray]  # canonical article id -> MinHash values
    rejects: list[Reject]


class Store:
    """A DuckDB database holding articles, rejects, dedup signatures and processed inputs."""

    def __init__(self, path: Path | str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._con = duckdb.connect(self.path)
        self._con.execute(_SCHEMA)

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

    def known_inputs(self) -> dict[str, tuple[int, int]]:
        """Processed files with the size and modification time they had then."""
        rows = self._con.execute("SELECT path, size, mtime_ns FROM inputs").fetchall()
        return {path: (size, mtime) for path, size, mtime in rows}

    def forget_inputs(self, paths: Sequence[str]) -> None:
        """Drop everything a set of (changed) files produced, so they can be redone."""
        if not paths:
            return
        with self.transaction() as con:
            of_files = "SELECT id FROM articles WHERE input_file IN (SELECT unnest(?))"
            for table in ("mentions", "quotes", "annotated"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN ({of_files})", [list(paths)])
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
        """Write the articles, signatures and rejects of several files in one transaction."""
        article_rows, signature_rows, reject_rows, input_rows = [], [], [], []
        for result in results:
            path = result.item.path
            for article in result.articles:
                row = article.to_dict()
                row["input_file"] = path
                article_rows.append(row)
            signature_rows += [(article_id, values.tobytes(), path) for article_id, values in result.signatures.items()]
            reject_rows += [(reject.source, reject.line, reject.reason, path) for reject in result.rejects]
            input_rows.append((path, result.item.size, result.item.mtime_ns, len(result.articles), len(result.rejects)))
        with self.transaction() as con:
            if article_rows:
                batch = pa.Table.from_pylist(article_rows, schema=_ARTICLE_ARROW)
                con.register("article_batch", batch)
                con.execute("INSERT OR REPLACE INTO articles SELECT * FROM article_batch")
                con.unregister("article_batch")
            if signature_rows:
                con.executemany("INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)", signature_rows)
            if reject_rows:
                con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?)", reject_rows)
            con.executemany("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?)", input_rows)

    def pending_annotation(self) -> list[str]:
        """Ids of canonical articles the NLP stages have not processed yet, in stable order."""
        rows = self._con.execute(
            "SELECT id FROM articles WHERE duplicate_of IS NULL AND id NOT IN (SELECT article_id FROM annotated) ORDER BY source, id"
        ).fetchall()
        return [article_id for (article_id,) in rows]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given."""
        rows = self._con.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]
        ).fetchall()
        found = {row[0]: Article.from_dict(dict(zip(ARTICLE_COLUMNS, row))) for row in rows}
        return [found[article_id] for article_id in ids if article_id in found]

    def write_annotations(self, batch: Sequence[Annotations]) -> None:
        """Store mentions and quotes of a batch of articles in one transaction (re-runnable)."""
        ids = [item.article_id for item in batch]
        mention_rows = [_row(mention, MENTION_COLUMNS) for item in batch for mention in item.mentions]
        quote_rows = [_row(quote, QUOTE_COLUMNS) for item in batch for quote in item.quotes]
        with self.transaction() as con:
            for table in ("mentions", "quotes", "annotated"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
            if mention_rows:
                con.executemany(f"INSERT INTO mentions VALUES ({', '.join('?' * len(MENTION_COLUMNS))})", mention_rows)
            if quote_rows:
                con.executemany(f"INSERT OR REPLACE INTO quotes VALUES ({', '.join('?' * len(QUOTE_COLUMNS))})", quote_rows)
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

    def counts(self) -> dict[str, int]:
        """Totals over the whole store (not just this run)."""
        articles, duplicates = self._con.execute("SELECT count(*), count(duplicate_of) FROM articles").fetchone()
        (rejects,) = self._con.execute("SELECT count(*) FROM rejects").fetchone()
        (mentions,) = self._con.execute("SELECT count(*) FROM mentions").fetchone()
        (quotes,) = self._con.execute("SELECT count(*) FROM quotes").fetchone()
        return {"articles": articles, "duplicates": duplicates, "rejects": rejects, "mentions": mentions, "quotes": quotes}

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
        rejects = "SELECT source, line, reason FROM rejects ORDER BY source, line NULLS FIRST, reason"
        mentions = f"SELECT {', '.join(_quoted(MENTION_COLUMNS))} FROM mentions ORDER BY article_id, start"
        quotes = f"SELECT {', '.join(_quoted(QUOTE_COLUMNS))} FROM quotes ORDER BY article_id, start"
        targets = {
            "articles.jsonl": (articles, "FORMAT json"),
            "articles.parquet": (articles, "FORMAT parquet, COMPRESSION zstd"),
            "rejects.jsonl": (rejects, "FORMAT json"),
            "actors.jsonl": (mentions, "FORMAT json"),
            "actors.parquet": (mentions, "FORMAT parquet, COMPRESSION zstd"),
            "quotes.jsonl": (quotes, "FORMAT json"),
            "quotes.parquet": (quotes, "FORMAT parquet, COMPRESSION zstd"),
        }
        written = {}
        for name, (query, options) in targets.items():
            final = out_dir / name
            temporary = out_dir / f".{name}.tmp"
            # COPY cannot take the target as a parameter; the path is ours, quoted safely.
            quoted = str(temporary).replace("'", "''")
            self._con.execute(f"COPY ({query}) TO '{quoted}' ({options})")
            os.replace(temporary, final)
            written[name] = final
        return written


def _quoted(columns: Sequence[str]) -> list[str]:
    """Column names as SQL identifiers ("end" is a keyword)."""
    return [f'"{column}"' for column in columns]


def _row(record: Mention | Quote, columns: Sequence[str]) -> tuple:
    values = record.to_dict()
    return tuple(values[column] for column in columns)
