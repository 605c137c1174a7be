"""Full-text search with ranking: an SQLite FTS5 index built beside each snapshot.

Why SQLite FTS5: DuckDB's `fts` extension is downloaded from extensions.duckdb.org at
`INSTALL fts` time and no PyPI package ships it for our DuckDB version, so it cannot be
installed offline; FTS5 is part of Python's standard `sqlite3` (BM25 ranking, Porter stemming,
diacritic folding) and needs nothing more. The index is rebuilt from each new snapshot (it is
derived data) into the snapshot's private folder.

The user's words never reach FTS5's query syntax: `match_expression` keeps only word
characters and writes every word (or "quoted phrase") as an FTS5 string, so `OR`, `NEAR`,
`*`, `:` or a stray quote are searched as text instead of breaking or steering the query, and
the expression itself is bound as a parameter.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

import duckdb

_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"|([^"\s]+)')
_TOKENIZER = "porter unicode61 remove_diacritics 2"

# kind -> (DuckDB query giving id and the indexed columns, the FTS5 columns)
_SOURCES = {
    "events": ("SELECT id, sentence.text, concat_ws(' ', source.text, source.name, source.code, target.text, target.name, target.code) "
               "FROM events", ("body", "actors")),
    "quotes": ("SELECT id, content, concat_ws(' ', speaker.text, speaker.name, speaker.code) FROM quotes", ("body", "speaker")),
    "articles": ("SELECT id, coalesce(title, ''), text FROM articles", ("title", "body")),
}
KINDS = tuple(_SOURCES)


def match_expression(query: str) -> str | None:
    """The FTS5 expression for a user's query: every word or quoted phrase must occur.

    `russia "mission to nato"` -> `"russia" "mission to nato"`; None when no word is left.
    """
    parts = []
    for phrase, word in _PHRASE.findall(query or ""):
        words = _WORD.findall(phrase or word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts) or None


class SearchIndex:
    """The FTS5 tables of one snapshot, in one SQLite file."""

    def __init__(self, path: Path, cache_size: int = 128) -> None:
        self.path = Path(path)
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], list[tuple[str, float]]] = OrderedDict()  # the index never changes
        self._lock = threading.Lock()

    @classmethod
    def build(cls, connection: duckdb.DuckDBPyConnection, path: Path, batch_size: int = 5000) -> SearchIndex:
        """Index events (sentence, actors), quotes (content, speaker) and articles (title, text).

        The FTS5 tables are contentless (the text stays in the store); a plain table maps each
        FTS rowid to the record id, which is much faster to read back than an UNINDEXED column."""
        path = Path(path)
        path.unlink(missing_ok=True)
        with sqlite3.connect(path) as index:
            for kind, (query, columns) in _SOURCES.items():
                index.execute(f"CREATE VIRTUAL TABLE {kind} USING fts5({', '.join(columns)}, content='', tokenize='{_TOKENIZER}')")
                index.execute(f"CREATE TABLE {kind}_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL)")
                cursor = connection.cursor()
                cursor.execute(query)
                number = 0
                while rows := cursor.fetchmany(batch_size):
                    numbered = [(number + offset, *row) for offset, row in enumerate(rows, 1)]
                    number += len(rows)
                    index.executemany(f"INSERT INTO {kind}_ids VALUES (?, ?)", [(row[0], row[1]) for row in numbered])
                    index.executemany(f"INSERT INTO {kind} (rowid, {', '.join(columns)}) VALUES (?, ?, ?)",
                                      [(row[0], row[2], row[3]) for row in numbered])
                cursor.close()
            index.commit()
        return cls(path)

    def search(self, kind: str, query: str) -> list[tuple[str, float]]:
        """(id, rank) of every match, best first (BM25: lower is better), ties by id; the last
        queries are kept (pages of one search ask the same question)."""
        if kind not in _SOURCES:
            raise ValueError(f"unknown kind {kind!r}")
        expression = match_expression(query)
        if expression is None:
            return []
        with self._lock:
            if (kind, expression) in self._cache:
                self._cache.move_to_end((kind, expression))
                return self._cache[(kind, expression)]
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as index:
            rows = index.execute(f"SELECT i.id, bm25({kind}) FROM {kind} JOIN {kind}_ids i ON i.rowid = {kind}.rowid "
                                 f"WHERE {kind} MATCH ?", [expression]).fetchall()
        hits = sorted(((row[0], round(float(row[1]), 9)) for row in rows), key=lambda hit: (hit[1], hit[0]))
        with self._lock:
            self._cache[(kind, expression)] = hits
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return hits

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
