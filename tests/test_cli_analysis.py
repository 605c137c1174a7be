"""End to end on the sample corpus: events, merged events, stories, report, and the commands that read them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import pipeline
from detente.cli import app
from detente.export import GDELT_COLUMNS
from detente.store import Store
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/corpus is missing")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    pipeline.run([EXAMPLES], out)
    return out


def test_run_writes_events_merged_events_stories_and_report(demo: Path) -> None:
    events = _jsonl(demo / "events.jsonl")
    merged = _jsonl(demo / "merged_events.jsonl")
    stories = _jsonl(demo / "stories.jsonl")
    assert events and merged and stories
    assert len(merged) <= len(events)
    article_ids = {row["id"] for row in _jsonl(demo / "articles.jsonl")}
    texts = {row["id"]: row["text"] for row in _jsonl(demo / "articles.jsonl")}
    for event in events:  # every fact keeps its evidence: article, sentence and offsets into the clean text
        assert event["article_id"] in article_ids
        sentence = event["sentence"]
        assert texts[event["article_id"]][sentence["start"] : sentence["end"]] == sentence["text"]
        assert texts[event["article_id"]][event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
    member_ids = {member for item in merged for member in item["event_ids"]}
    assert member_ids <= {event["id"] for event in events}
    html = (demo / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script src=" not in html


def test_rerun_adds_nothing_and_keeps_ids(demo: Path, tmp_path: Path) -> None:
    before = {name: (demo / name).read_text(encoding="utf-8") for name in ("events.jsonl", "merged_events.jsonl", "stories.jsonl")}
    summary = pipeline.run([EXAMPLES], demo)
    assert summary.files_processed == 0 and summary.annotated == 0
    for name, text in before.items():
        assert (demo / name).read_text(encoding="utf-8") == text, name


def test_events_command_lists_a_dyad(demo: Path) -> None:
    result = CliRunner().invoke(app, ["events", str(demo), "--dyad", "RUS:NATO", "-n", "200"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "events between RUS:NATO" in result.output and "IGOWSTNAT" in result.output
    with Store(demo / "detente.duckdb") as store:
        for event in store.events(("RUS", "NATO")):
            sides = {event.source.country, event.target.country} if event.source and event.target else set()
            assert sides == {"RUS", "NATO"}


def test_events_command_rejects_a_malformed_dyad(demo: Path) -> None:
    result = CliRunner().invoke(app, ["events", str(demo), "--dyad", "RUSNATO"])
    assert result.exit_code == 2 and "expected two actors" in result.output


def test_dyad_command_prints_series_and_timeline(demo: Path) -> None:
    result = CliRunner().invoke(app, ["dyad", "RUS", "NATO", "--out", str(demo), "--freq", "year"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "RUS <-> NATO" in result.output and "timeline" in result.output
    assert "2021" in result.output


def test_explain_command_shows_members_and_rule(demo: Path) -> None:
    merged = _jsonl(demo / "merged_events.jsonl")
    item = max(merged, key=lambda row: row["mentions"])
    result = CliRunner().invoke(app, ["explain", item["id"], "--out", str(demo)])
    assert result.exit_code == 0, result.output
    assert "mention(s)" in result.output and "Merged when" in result.output
    missing = CliRunner().invoke(app, ["explain", "no-such-id", "--out", str(demo)])
    assert missing.exit_code == 2


def test_report_command_writes_requested_dyad(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "r" / "report.html"
    result = CliRunner().invoke(app, ["report", str(demo), "--out", str(target), "--dyad", "RUS:NATO"])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "Russia" in html and "NATO" in html


def test_export_gdelt_has_one_row_per_merged_event(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "gdelt.csv"
    result = CliRunner().invoke(app, ["export", str(demo), "--out", str(target), "--format", "gdelt"])
    assert result.exit_code == 0, result.output
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == GDELT_COLUMNS
    assert len(rows) == len(_jsonl(demo / "merged_events.jsonl"))
    assert all(row["EventRootCode"] and len(row["EventRootCode"]) == 2 for row in rows)
    bad = CliRunner().invoke(app, ["export", str(demo), "--out", str(target), "--format", "icews"])
    assert bad.exit_code == 2


def test_run_with_parse_all_keeps_offsets_and_finds_events(tmp_path: Path) -> None:
    out = tmp_path / "pf"
    result = CliRunner().invoke(app, ["run", str(EXAMPLES), "--out", str(out), "--quiet", "--parse-all"])
    assert result.exit_code in (pipeline.EXIT_COMPLETE, pipeline.EXIT_PARTIAL), result.output
    texts = {row["id"]: row["text"] for row in _jsonl(out / "articles.jsonl")}
    events = _jsonl(out / "events.jsonl")
    assert events
    for event in events:
        assert texts[event["article_id"]][event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
