"""The store under hostile conditions: failed annotations are recorded and retried a bounded
number of times, a store held by another process is reported in one line, leftover
temporary files go, duplicates of a removed article are re-linked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from detente.annotate import AnnotationFailure, Annotations
from detente.store import FileResult, Store, StoreBusy
from tests.test_store import _article, _result


def test_store_failures_counted_bounded_and_cleared(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1"), _result("b.txt", "id2")])
        assert store.pending_annotation(2) == ["id1", "id2"]
        failure = AnnotationFailure("id1", "quotes", "ValueError: bad offsets")
        store.write_failures([failure])
        assert store.pending_annotation(2) == ["id1", "id2"]  # one attempt so far: retried
        store.write_failures([failure])
        assert store.pending_annotation(2) == ["id2"]  # two attempts: left failed
        assert store.failures() == [("a.txt", "quotes", "ValueError: bad offsets", 2)]
        assert store.counts()["failures"] == 1
        store.export(tmp_path / "out")
        rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
        assert {"source": "a.txt", "line": None, "reason": "annotation failed (quotes): ValueError: bad offsets"} in rejects
        store.write_annotations([Annotations("id1")])  # a later success clears the failure
        assert store.failures() == [] and store.pending_annotation(2) == ["id2"]


def test_store_failures_forgotten_with_their_input(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_failures([AnnotationFailure("id1", "parse", "too long")])
        store.forget_inputs(["a.txt"])
        assert store.failures() == [] and store.counts()["articles"] == 0


def test_store_busy_for_readers_while_a_run_writes(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; con = duckdb.connect({str(db)!r}); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreBusy, match="is being written by another detente run; try again when it finishes"):
            Store(db, read_only=True, wait_s=0.3)
        with pytest.raises(StoreBusy):
            Store(db)
    finally:
        holder.communicate("")
    with Store(db, read_only=True) as store:  # free again
        assert store.counts()["articles"] == 0


def test_store_removes_leftover_temporary_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in (".articles.jsonl.tmp", ".report.html.x1y2.tmp", "keep.tmp", "articles.jsonl"):
        (out / name).write_text("x")
    with Store(tmp_path / "db.duckdb") as store:
        removed = store.remove_temporary_files(out)
    assert sorted(path.name for path in removed) == [".articles.jsonl.tmp", ".report.html.x1y2.tmp"]
    assert sorted(path.name for path in out.iterdir()) == ["articles.jsonl", "keep.tmp"]


def test_store_promotes_a_duplicate_of_a_removed_article(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        copies = []
        for path, article_id in (("b.txt", "id2"), ("c.txt", "id3")):
            article = _article(article_id, path)
            article.duplicate_of, article.similarity = "id1", 0.9
            copies.append(FileResult(_result(path, article_id).item, [article], {}, []))
        store.write_batch(copies)
        store.forget_inputs(["a.txt"])
        assert store.orphaned_duplicates() == {"id1": ["id2", "id3"]}
        store.promote_duplicate("id2", np.arange(128, dtype=np.uint32), ["id3"])
        assert store.orphaned_duplicates() == {}
        links = {article.id: article.duplicate_of for article in store.articles()}
        assert links == {"id2": None, "id3": "id2"}
        assert [article_id for article_id, _ in store.canonical_signatures()] == ["id2"]
        assert store.pending_annotation() == ["id2"]
