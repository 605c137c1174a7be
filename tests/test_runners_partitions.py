"""Typed partition files (issue 13): each table a worker writes has one fixed Arrow schema (the
record contract's, as the store's tables), whatever values one partition happens to hold, so
partitions load into DuckDB as one table; and they read back to exactly what was written."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq

from detente.annotate import AnnotationFailure, Annotations
from detente.config import Settings
from detente.ingest import InputFile, discover
from detente.records import Event, EventActor, Location, Mention, Modality, Quote, Span, Speaker
from detente.stages import ANNOTATE_TABLES, CLEAN_TABLES, AnnotateStage, Checkpointed, CleanStage, ResourceCache, StageCounters, StageResult
from detente.store import TABLE_SCHEMAS

BODY = "The foreign ministry said on Tuesday that the talks with the neighbouring state would resume next month in Geneva. " * 2


def _inputs(folder: Path) -> list[InputFile]:
    return sorted((found for found in discover([folder]) if isinstance(found, InputFile)), key=lambda item: item.key)


def _clean(tmp_path: Path, name: str, content: str | bytes) -> tuple[Checkpointed, list[InputFile], str]:
    """Write one input file, clean it as a checkpointed partition; the stage, the partition, its id."""
    folder = tmp_path / name
    folder.mkdir()
    path = folder / ("a.jsonl" if name.endswith("jsonl") else "a.txt")
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    settings = Settings(annotate=False)
    stage = Checkpointed(CleanStage(settings, spool_dir=str(tmp_path / "parts" / "clean")), str(tmp_path / "parts"))
    partition = _inputs(folder)
    stage.run(partition, ResourceCache().get(stage, settings))
    return stage, partition, stage.partition_id(partition)


def test_clean_partitions_have_one_schema_whether_optional_fields_are_empty_or_set(tmp_path: Path) -> None:
    """A plain text (no title, url, date, author, interval, credits: all null or empty) and a
    JSONL record that sets them: both articles files have the contract's types, and DuckDB
    reads the two as one table with those types."""
    bare, _, bare_id = _clean(tmp_path, "bare", BODY)
    record = {"text": BODY.replace("Geneva", "Vienna"), "title": "Talks to resume", "url": "https://example.org/talks",
              "published": "2024-03-05", "author": "Jane Roe", "outlet": "Example News"}  # fmt: skip
    full, _, full_id = _clean(tmp_path, "full_jsonl", json.dumps(record) + "\n")
    files = [bare.folder() / f"{bare_id}.articles.parquet", full.folder() / f"{full_id}.articles.parquet"]
    assert [pq.read_schema(path).remove_metadata() for path in files] == [CLEAN_TABLES["articles"]] * 2
    con = duckdb.connect()
    types = [dict(con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()[i][:2] for i in range(len(CLEAN_TABLES["articles"]))) for path in files]
    assert types[0] == types[1]
    assert types[0]["published"] == "VARCHAR" and types[0]["similarity"] == "DOUBLE" and types[0]["credited"] == "VARCHAR[]"
    assert types[0]["published_interval"].startswith("STRUCT(earliest VARCHAR")
    rows = con.execute(f"SELECT title, url, published FROM read_parquet({[str(path) for path in files]}) ORDER BY title NULLS FIRST").fetchall()
    assert rows == [(None, None, None), ("Talks to resume", "https://example.org/talks", "2024-03-05")]
    # the store's own table takes the partition's rows as they are (the parent's load)
    con.execute("CREATE TABLE articles AS SELECT * FROM read_parquet(?) LIMIT 0", [str(files[0])])
    con.execute(f"INSERT INTO articles SELECT * FROM read_parquet({[str(path) for path in files]})")
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)


def test_clean_partition_reads_back_what_was_cleaned(tmp_path: Path) -> None:
    """The typed files give back the same files, rejects and articles (MinHash values too),
    also for a file name that is not valid UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(BODY, encoding="utf-8")
    with open(bytes(folder) + b"/bad-\xff.jsonl", "wb") as handle:  # a name that is not valid UTF-8
        handle.write(b"{broken\n" + json.dumps({"text": BODY.replace("Geneva", "Oslo")}).encode() + b"\n")
    settings = Settings(annotate=False)
    inner = CleanStage(settings, spool_dir=str(tmp_path / "parts" / "clean"))
    stage = Checkpointed(inner, str(tmp_path / "parts"))
    partition = _inputs(folder)
    computed = stage.run(partition, ResourceCache().get(stage, settings))
    loaded = stage.load(stage.partition_id(partition))
    assert loaded.counters.to_dict() == computed.counters.to_dict()
    assert len(loaded.records) == 2
    for (item, articles, rejects, repaired), (item2, articles2, rejects2, repaired2) in zip(computed.records, loaded.records):
        assert item2 == item and repaired2 == repaired
        assert (rejects2.held, rejects2.sample, rejects2.count, rejects2.path) == (rejects.held, rejects.sample, rejects.count, rejects.path)
        assert [article for article, _ in articles2] == [article for article, _ in articles]
        assert all(np.array_equal(a, b) and b.dtype == np.uint32 for (_, a), (_, b) in zip(articles, articles2))
    assert any(item.path.encode("utf-8", "surrogateescape").endswith(b"\xff.jsonl") for item, *_ in loaded.records)
    assert any(rejects.held for _, _, rejects, _ in loaded.records)


def _event(article_id: str, number: int, sides: bool) -> Event:
    actor = EventActor("Russia", "Russia", "RUS", "RUS", None, 0, 6) if sides else None
    return Event(
        f"e{number}", article_id, Span("Russia met NATO.", 0, 16), Span("met", 7, 10), actor, actor, "040", "04", "CONSULT" if sides else None,
        1 if sides else None, 1.0 if sides else None, Modality(), "2024-03" if sides else None, "month" if sides else None,
        Location("Geneva", "CHE", 46.2, 6.1) if sides else None, 0.5, None,
    )  # fmt: skip


def test_annotate_partitions_have_one_schema_and_read_back(tmp_path: Path) -> None:
    """A partition whose optional fields are all null (no speaker, no sides, no date, no
    location) and one where they are set: same schemas, DuckDB reads both, and each reads
    back to the annotations written."""
    stage = AnnotateStage(Settings())
    empty = StageResult([Annotations("a1", [], [Quote("q1", "a1", 0, 5, "words", "direct", None, None, None)], [_event("a1", 1, False)])],
                        [AnnotationFailure("a2", "parse", "too long", "b.txt")], StageCounters("annotate", 2, 1, errors=1))  # fmt: skip
    full = StageResult([Annotations("a3", [Mention("a3", 0, 6, "Russia", "Russia", "RUS", "RUS", None, "country", "dictionary", 0, 16)],
                                    [Quote("q2", "a3", 0, 5, "words", "direct", "said", Speaker("Lavrov", "Sergei Lavrov", "RUSGOV", 20, 26), 0.9)],
                                    [_event("a3", 2, True)])], [], StageCounters("annotate", 1, 1))  # fmt: skip
    paths = {}
    for name, result in (("empty", empty), ("full", full)):
        tables = stage.encode(result)
        assert {table: value.schema for table, value in tables.items()} == ANNOTATE_TABLES
        decoded = stage.decode(tables, result.counters)
        assert decoded.records == result.records and decoded.rejects == result.rejects
        for table, value in tables.items():
            paths.setdefault(table, []).append(str(tmp_path / f"{name}.{table}.parquet"))
            pq.write_table(value, paths[table][-1])
    con = duckdb.connect()
    for table in ("quotes", "events"):
        assert con.execute(f"SELECT count(*) FROM read_parquet({paths[table]})").fetchone() == (2,)
        kinds = [con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall() for path in paths[table]]
        assert kinds[0] == kinds[1]
    assert ANNOTATE_TABLES["events"] == TABLE_SCHEMAS["events"]
