"""A store that heals: failed annotations are recorded and retried a bounded number of
times, removed inputs take their articles with them, duplicates of a removed article are
re-linked, a file named two ways is read once, a held store is a one-line exit 3."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import cli, pipeline
from detente.config import Settings
from tests.hostile.cases import GOOD, write_good

runner = CliRunner()
NO_NLP = Settings(annotate=False)


def _articles(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def _rejects(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]


def test_failed_stage_recorded_retried_once_then_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.quotes

    real = detente.quotes.find_quotes

    def fragile(doc, article, mentions, lexicon):  # noqa: ANN001, ANN202
        if "Gaborone" in article.text:
            raise RuntimeError("offsets out of range\nsecond line of the message")
        return real(doc, article, mentions, lexicon)

    monkeypatch.setattr(detente.quotes, "find_quotes", fragile)
    write_good(tmp_path / "in")
    settings = Settings(report=False)
    first = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=settings)
    assert (first.annotated, first.failures, first.exit_code) == (2, 1, pipeline.EXIT_PARTIAL)
    (reject,) = _rejects(tmp_path / "out")
    assert reject["source"].endswith("good2.html") and reject["reason"] == "annotation failed (quotes): RuntimeError: offsets out of range"
    second = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=settings)
    assert (second.annotated, second.failures) == (0, 1)  # retried once (Settings.annotate_attempts = 2)
    third = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=settings)
    assert (third.annotated, third.failures, third.exit_code) == (0, 0, pipeline.EXIT_COMPLETE)  # not retried forever
    monkeypatch.setattr(detente.quotes, "find_quotes", real)
    page = tmp_path / "in" / "good2.html"
    page.write_text(page.read_text(encoding="utf-8").replace("October", "November"), encoding="utf-8")
    fourth = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=settings)  # a changed input is tried afresh
    assert (fourth.annotated, fourth.failures, fourth.exit_code) == (1, 0, pipeline.EXIT_COMPLETE)
    assert _rejects(tmp_path / "out") == []


def test_removed_input_removes_its_articles_and_relinks_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(GOOD[0] + "\n", encoding="utf-8")
    (folder / "d.txt").write_text(GOOD[1] + "\n", encoding="utf-8")
    pipeline.run([folder], tmp_path / "out", settings=NO_NLP)
    links = {Path(a["source"]).name: a["duplicate_of"] for a in _articles(tmp_path / "out")}
    assert links["a.txt"] is None and links["b.txt"] and links["c.txt"]
    (folder / "a.txt").unlink()
    again = pipeline.run([folder], tmp_path / "out", settings=NO_NLP)
    assert again.inputs_removed == 1
    rows = {Path(a["source"]).name: a for a in _articles(tmp_path / "out")}
    assert set(rows) == {"b.txt", "c.txt", "d.txt"}
    assert rows["b.txt"]["duplicate_of"] is None and rows["c.txt"]["duplicate_of"] == rows["b.txt"]["id"]
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "e.txt").write_text(GOOD[2] + "\n", encoding="utf-8")
    third = pipeline.run([other], tmp_path / "out", settings=NO_NLP)  # inputs outside the paths given are kept
    assert third.inputs_removed == 0 and len(_articles(tmp_path / "out")) == 4


def test_one_file_named_two_ways_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_good(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    first = pipeline.run(["in", tmp_path / "in"], tmp_path / "out", settings=NO_NLP)
    assert first.files_found == 3 and first.articles == 3
    second = pipeline.run([tmp_path / "in" / "good1.txt"], tmp_path / "out", settings=NO_NLP)
    assert second.files_processed == 0 and second.files_skipped == 1


def test_store_held_by_another_run_is_exit_3_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_good(tmp_path / "in")
    out = tmp_path / "out"
    assert runner.invoke(cli.app, ["run", str(tmp_path / "in"), "--out", str(out), "--no-annotate", "-q"]).exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; con = duckdb.connect({str(out / 'detente.duckdb')!r}); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    monkeypatch.setattr(cli, "_READ_WAIT_S", 0.2)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        blocked = runner.invoke(cli.app, ["run", str(tmp_path / "in"), "--out", str(out), "--no-annotate", "-q"])
        reader = runner.invoke(cli.app, ["quotes", str(out)])
    finally:
        holder.communicate("")
    for result in (blocked, reader):
        assert result.exit_code == pipeline.EXIT_CANNOT_PROCEED, result.output
        assert "Traceback" not in result.output and "being written by another detente run; try again when it finishes" in " ".join(result.output.split())
    assert runner.invoke(cli.app, ["quotes", str(out)]).exit_code == 0


def test_store_keyed_by_given_paths_is_rekeyed_not_reprocessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    write_good(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    pipeline.run(["in"], tmp_path / "out", settings=NO_NLP)
    con = duckdb.connect(str(tmp_path / "out" / "detente.duckdb"))  # as an older detente stored them: the path as given
    for table, column in (("articles", "input_file"), ("signatures", "input_file"), ("rejects", "input_file"), ("inputs", "path")):
        con.execute(f"UPDATE {table} SET {column} = 'in/' || regexp_extract({column}, '[^/]+$')")
    con.close()
    again = pipeline.run(["in"], tmp_path / "out", settings=NO_NLP)
    assert again.files_processed == 0 and again.files_skipped == 3


def test_disk_full_is_exit_3_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from detente.store import Store

    def full(self, results):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    write_good(tmp_path / "in")
    monkeypatch.setattr(Store, "write_batch", full)
    result = runner.invoke(cli.app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-annotate", "-q"])
    assert result.exit_code == pipeline.EXIT_CANNOT_PROCEED
    assert "cannot be written: [Errno 28] No space left on device" in " ".join(result.output.split()) and "Traceback" not in result.output


def test_resumed_run_reuses_the_stored_common_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.store import Store

    write_good(tmp_path / "in")
    first = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=NO_NLP)
    rows = _articles(tmp_path / "out")
    with Store(tmp_path / "out" / "detente.duckdb") as store:  # as if the run had been killed before this file
        store.forget_inputs([str((tmp_path / "in" / "good1.txt").resolve())])

    def not_again(items, settings, **options):  # noqa: ANN001, ANN003, ANN202
        raise AssertionError("the same input set must not be counted twice")

    monkeypatch.setattr(pipeline, "count_common_lines", not_again)
    resumed = pipeline.run([tmp_path / "in"], tmp_path / "out", settings=NO_NLP)
    assert resumed.files_processed == 1 and first.files_processed == 3 and _articles(tmp_path / "out") == rows
    (tmp_path / "in" / "new.txt").write_text(GOOD[1].replace("Gaborone", "Harare") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="counted twice"):  # a changed input set is counted afresh
        pipeline.run([tmp_path / "in"], tmp_path / "out", settings=NO_NLP)
