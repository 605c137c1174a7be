"""End to end: `detente run` (through the CLI) on three good articles plus one hostile case.

For every case: the exit code, the one-line reason in rejects.jsonl, every good article
present, no traceback, and a re-run that changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import cli, pipeline
from detente.config import Settings
from tests.hostile.cases import CASES, GOOD_MARKERS, Case, build

runner = CliRunner()


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _supported(case: Case, tmp_path: Path) -> None:
    if case.needs == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this OS")
    if case.needs == "symlink" and sys.platform == "win32":
        pytest.skip("symbolic links need privileges on Windows")
    if case.needs == "bytes-names" and sys.platform in ("win32", "darwin"):
        pytest.skip("this file system stores names as Unicode")


def run_case(case: Case, folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 - click Result
    """`detente run FOLDER --out OUT` with the case's settings, as a user would type it."""
    real_run = pipeline.run

    def run_with_case_limits(paths, out, db=None, settings=None, progress=None):  # noqa: ANN001, ANN202
        return real_run(paths, out, db=db, settings=dataclasses.replace(settings or Settings(), **case.settings), progress=progress)

    monkeypatch.setattr(cli, "run_pipeline", run_with_case_limits)
    args = ["run", str(folder), "--out", str(out), "--quiet", *case.cli_args]
    if not case.annotate:
        args.append("--no-annotate")
    result = runner.invoke(cli.app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.name}: the run raised {result.exception!r}\n{result.output}") from result.exception
    return result


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _supported(case, tmp_path)
    folder = build(case, tmp_path / "in")
    out = tmp_path / "out"
    first = run_case(case, folder, out, monkeypatch)
    assert first.exit_code == case.exit_code, first.output
    rejects = _read_jsonl(out / "rejects.jsonl")
    for reject in rejects:
        assert "\n" not in reject["reason"] and "Traceback" not in reject["reason"] and "internal error" not in reject["reason"]
    if case.reason is None:
        assert rejects == []
    else:
        assert any(case.reason in reject["reason"] for reject in rejects), rejects
    articles = _read_jsonl(out / "articles.jsonl")
    for marker in GOOD_MARKERS:
        assert any(marker in article["text"] for article in articles), (marker, [a["source"] for a in articles])
    exported = {name: (out / name).read_bytes() for name in ("articles.jsonl", "rejects.jsonl")}
    again = run_case(case, folder, out, monkeypatch)
    assert again.exit_code in (0, case.exit_code), again.output
    assert {name: (out / name).read_bytes() for name in exported} == exported
    assert not list(out.glob(".*.tmp"))


def _case(name: str) -> Case:
    (found,) = [case for case in CASES if case.name == name]
    return found


def test_hostile_markup_in_names_is_printed_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("Rich markup in names")
    result = run_case(case, build(case, tmp_path / "in"), tmp_path / "out", monkeypatch)
    printed = " ".join(result.output.split())  # the console wraps long lines
    assert "[bold red]alarm/[bold]empty.txt: empty file" in printed


def test_hostile_surrogates_replaced_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("lone surrogates in a JSONL record")
    run_case(case, build(case, tmp_path / "in"), tmp_path / "out", monkeypatch)
    (article,) = [a for a in _read_jsonl(tmp_path / "out" / "articles.jsonl") if "Maseru" in a["text"]]
    assert article["title"] == "Broken \ufffd title" and "Bad \ufffd byte." in article["text"] and article["author"] == "\ufffd"


def test_hostile_credited_string_is_one_agency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("credited as a string")
    run_case(case, build(case, tmp_path / "in"), tmp_path / "out", monkeypatch)
    (article,) = [a for a in _read_jsonl(tmp_path / "out" / "articles.jsonl") if "Warsaw" in a["text"]]
    assert article["credited"] == ["AFP"]


def test_hostile_bad_file_name_kept_with_escaped_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("file name not UTF-8")
    _supported(case, tmp_path)
    run_case(case, build(case, tmp_path / "in"), tmp_path / "out", monkeypatch)
    (article,) = [a for a in _read_jsonl(tmp_path / "out" / "articles.jsonl") if "Kaunas" in a["text"]]
    assert article["source"].endswith("caf\\xe9-\\xff.txt")


def test_hostile_stray_bytes_keep_the_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("one cp1252 quote in a UTF-8 article")
    run_case(case, build(case, tmp_path / "in"), tmp_path / "out", monkeypatch)
    (article,) = [a for a in _read_jsonl(tmp_path / "out" / "articles.jsonl") if "Valparaiso" in a["text"]]
    assert "ruled \u201cthat\u201d" in article["text"]


def test_hostile_long_article_parsed_in_pieces_with_offsets_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("long article")
    out = tmp_path / "out"
    run_case(case, build(case, tmp_path / "in"), out, monkeypatch)
    (article,) = [a for a in _read_jsonl(out / "articles.jsonl") if a["source"].endswith("long.txt")]
    text = article["text"]
    assert len(text) > 3 * 5000
    mentions = [m for m in _read_jsonl(out / "actors.jsonl") if m["article_id"] == article["id"]]
    events = [e for e in _read_jsonl(out / "events.jsonl") if e["article_id"] == article["id"]]
    assert max(m["start"] for m in mentions) > 2 * 5000 and len(events) >= 40  # found in every piece, not only the first
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
    assert all(text[e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"] for e in events)
    assert all(text[e["sentence"]["start"] : e["sentence"]["end"]] == e["sentence"]["text"] and not e["sentence"]["text"].startswith(" ") for e in events)


def test_hostile_long_paragraph_kept_but_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case("paragraph longer than the parser's limit")
    out = tmp_path / "out"
    result = run_case(case, build(case, tmp_path / "in"), out, monkeypatch)
    assert "paragraph.txt: annotation failed (parse): article too long for the parser" in " ".join(result.output.split())
    (reject,) = _read_jsonl(out / "rejects.jsonl")
    assert reject["source"].endswith("paragraph.txt")
    assert reject["reason"].startswith("annotation failed (parse): article too long for the parser: a paragraph of 0.0 million characters, limit 0.005 million")
    assert any(article["source"].endswith("paragraph.txt") for article in _read_jsonl(out / "articles.jsonl"))
    assert _read_jsonl(out / "events.jsonl")  # the good articles were annotated
