"""End to end: `detente run` on the sample corpus and on a folder of bad inputs."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import pipeline, stages
from detente.cli import app
from detente.config import Settings
from tests.conftest import EXAMPLES

ARTICLE = (
    "Officials in Vilnius said on Tuesday that the government would expel two diplomats accused of spying, "
    "the foreign ministry said in a statement. The ministry added that the decision followed an "
    "investigation by the security service, which found that the pair had collected information on "
    "military sites near the border. The embassy did not reply to a request for comment."
)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _digest(folder: Path) -> dict[str, str]:
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "good.txt").write_text("Home | World\n" + ARTICLE + "\nShare This\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (folder / "report.txt").write_bytes(b"%PDF-1.5\n" + bytes(300))
    (folder / "archive.txt").write_bytes(b"PK\x03\x04" + bytes(300))
    (folder / "noise.txt").write_bytes(bytes((index * 7919 + 13) % 256 for index in range(3000)).replace(b"\x00", b"\x01"))
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(200 * 1000 * 1000)  # sparse file: costs no disk
    data = gzip.compress((ARTICLE + "\n").encode() * 40)
    (folder / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (folder / "feed.jsonl").write_text(json.dumps({"text": ARTICLE, "title": "Expulsions"}) + "\n{broken\n", encoding="utf-8")
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    spanish = "El ministro de Asuntos Exteriores dijo el martes que el gobierno expulsará a dos diplomáticos acusados de espionaje. " * 4
    (folder / "spanish.txt").write_text(spanish, encoding="utf-8")
    return folder


EXPECTED_REASONS = {
    "empty.txt": "empty file",
    "image.txt": "binary file (PNG image), not text",
    "report.txt": "binary file (PDF document), not text",
    "archive.txt": "binary file (zip archive), not text",
    "noise.txt": "undecodable bytes",
    "huge.txt": "file is 200.0 MB, over the 20 MB limit for one document",
    "cut.txt.gz": "truncated or corrupt gzip",
    "feed.jsonl": "malformed JSON",
    "menu.html": "no article",
    "spanish.txt": "not in a kept language (detected 'es'",
}


def test_run_bad_inputs_each_rejected_with_reason_and_run_goes_on(bad_inputs: Path, tmp_path: Path) -> None:
    before = _digest(bad_inputs)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(bad_inputs), "--out", str(out), "--quiet"])
    assert result.exit_code == pipeline.EXIT_PARTIAL, result.output
    rejects = {Path(row["source"]).name: row["reason"] for row in _read_jsonl(out / "rejects.jsonl")}
    for name, reason in EXPECTED_REASONS.items():
        assert reason in rejects[name], (name, rejects.get(name))
    assert all("\n" not in reason for reason in rejects.values())
    articles = _read_jsonl(out / "articles.jsonl")
    assert {Path(row["source"].split("#")[0]).name for row in articles} == {"good.txt", "feed.jsonl"}
    assert _digest(bad_inputs) == before  # inputs are never modified
    assert "rejected" in result.output


def test_run_is_idempotent_and_incremental(bad_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = pipeline.run([bad_inputs], out)
    rows = _read_jsonl(out / "articles.jsonl")
    again = pipeline.run([bad_inputs], out)
    assert again.files_processed == 0 and again.files_skipped == first.files_found
    assert _read_jsonl(out / "articles.jsonl") == rows
    (bad_inputs / "new.txt").write_text(ARTICLE.replace("Vilnius", "Riga").replace("two diplomats", "three diplomats"), encoding="utf-8")
    third = pipeline.run([bad_inputs], out)
    assert third.files_processed == 1 and third.articles == 1 and third.duplicates == 1
    assert len(_read_jsonl(out / "articles.jsonl")) == len(rows) + 1


def test_run_interrupted_keeps_committed_batches_and_resumes(bad_inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    real = stages.process_file
    calls = {"n": 0}

    def flaky(item, resources, common=frozenset(), *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(item, resources, common, *args, **options)

    monkeypatch.setattr(stages, "process_file", flaky)
    summary = pipeline.run([bad_inputs], out, settings=Settings(batch_files=1))
    assert summary.interrupted and summary.exit_code == pipeline.EXIT_INTERRUPTED and summary.files_processed == 3
    monkeypatch.setattr(stages, "process_file", real)
    resumed = pipeline.run([bad_inputs], out, settings=Settings(batch_files=1))
    assert resumed.files_skipped == 3 and resumed.files_processed == resumed.files_found - 3
    full = pipeline.run([bad_inputs], tmp_path / "fresh")
    assert _read_jsonl(out / "articles.jsonl") == [
        {**row, "source": row["source"]} for row in _read_jsonl(tmp_path / "fresh" / "articles.jsonl")
    ]
    assert full.exit_code == pipeline.EXIT_PARTIAL


def test_run_two_workers_same_output(bad_inputs: Path, tmp_path: Path) -> None:
    pipeline.run([bad_inputs], tmp_path / "one")
    pipeline.run([bad_inputs], tmp_path / "two", settings=Settings(workers=2))
    assert _read_jsonl(tmp_path / "one" / "articles.jsonl") == _read_jsonl(tmp_path / "two" / "articles.jsonl")


def test_run_no_inputs_exit_code(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == pipeline.EXIT_NOTHING


def test_cli_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "run" in result.output and "show" in result.output
    result = CliRunner().invoke(app, ["run", "--help"])
    assert "Exit codes" in result.output


def test_cli_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "detente.cli", "run", str(tmp_path / "in"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "articles (new)" in done.stdout
    shown = subprocess.run([sys.executable, "-m", "detente.cli", "show", str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "Vilnius" in shown.stdout


@pytest.mark.skipif(not EXAMPLES.is_dir() or not any(EXAMPLES.iterdir()), reason="examples/corpus is empty")
def test_run_sample_corpus(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    summary = pipeline.run([EXAMPLES], out)
    articles = _read_jsonl(out / "articles.jsonl")
    rejects = _read_jsonl(out / "rejects.jsonl")
    assert len(articles) >= 15
    assert sum(1 for row in articles if row["duplicate_of"]) >= 3
    assert {row["format"] for row in articles} == {"text", "html", "jsonl"}
    assert any("not in a kept language" in row["reason"] for row in rejects)
    assert any(row["published_interval"] for row in articles)
    assert summary.exit_code in (pipeline.EXIT_COMPLETE, pipeline.EXIT_PARTIAL)
    assert (out / "articles.parquet").stat().st_size > 0
