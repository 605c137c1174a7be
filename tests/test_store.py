"""The DuckDB store: batches commit whole or not at all, exports are complete files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

from detente.ingest.files import InputFile
from detente.records import Article, PublishedInterval, Reject, RemovedLine
from detente.store import FileResult, Store


def _article(article_id: str, source: str, text: str = "Body text <script>alert(1)</script> ' OR 1=1 --") -> Article:
    return Article(
        id=article_id, source=source, url=None, format="text", title="T", outlet="O", credited=["TASS"],
        author=None, dateline="Moscow", language="en", published=None, published_precision=None,
        published_interval=PublishedInterval("2021-10-07", None, ["past: on October 7, 2021"]),
        text=text, word_count=len(text.split()), removed=[RemovedLine("Share This", "share")],
    )  # fmt: skip


def _result(path: str, article_id: str) -> FileResult:
    item = InputFile(path, "text", False, 10, 1)
    return FileResult(item, [_article(article_id, path)], {article_id: np.arange(128, dtype=np.uint32)}, [Reject(path + ".x", "empty file")])


def test_store_roundtrip_and_export(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        written = store.export(tmp_path / "out")
        (article,) = list(store.articles())
        signatures = dict(store.canonical_signatures())
    assert article == _article("id1", "a.txt")
    assert (signatures["id1"] == np.arange(128)).all()
    (row,) = [json.loads(line) for line in written["articles.jsonl"].read_text().splitlines()]
    assert row["text"] == _article("id1", "a.txt").text and row["removed"] == [{"line": "Share This", "reason": "share"}]
    assert row["published_interval"]["earliest"] == "2021-10-07"
    assert "input_file" not in row
    assert json.loads(written["rejects.jsonl"].read_text()) == {"source": "a.txt.x", "line": None, "reason": "empty file"}
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_store_rewriting_same_batch_adds_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_batch([_result("a.txt", "id1")])
        assert store.counts()["articles"] == 1


def test_store_failed_batch_leaves_no_trace(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        bad = _result("b.txt", "id2")
        bad.rejects[0] = Reject("b.txt", None)  # type: ignore[arg-type]  # NOT NULL fails after the articles went in
        with pytest.raises(duckdb.ConstraintException):
            store.write_batch([bad])
        assert store.counts()["articles"] == 1
        assert set(store.known_inputs()) == {"a.txt"}


def test_store_forget_inputs_removes_everything_of_a_file(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1"), _result("b.txt", "id2")])
        store.forget_inputs(["a.txt"])
        assert [article.id for article in store.articles()] == ["id2"]
        assert set(store.known_inputs()) == {"b.txt"}
        assert [article_id for article_id, _ in store.canonical_signatures()] == ["id2"]
