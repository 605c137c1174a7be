"""Unit tests of the workbench's parts: FTS query escaping, cursors, text segments, turning
points, corrections, and what a reader sees while another process writes the store."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings, strategies as st

from detente.analysis.dyads import KeyEvent, SeriesRow
from detente.web.corrections import CorrectionError, Corrections, apply
from detente.web.fts import match_expression
from detente.web.queries import BadQuery, decode_cursor, encode_cursor
from detente.web.source import StoreBusy, StoreSource
from detente.web.turning import turning_points
from detente.web.views import segments


# ------------------------------------------------------------------ full-text query


@pytest.mark.parametrize(("query", "expected"), [
    ("russia nato", '"russia" "nato"'),
    ('"mission to NATO" Lavrov', '"mission to NATO" "Lavrov"'),
    ("NEAR(a b) OR x*", '"NEAR a" "b" "OR" "x"'),
    ('col:val "unclosed', '"col val" "unclosed"'),
    ("'; DROP TABLE x; --", '"DROP" "TABLE" "x"'),
    ("  ", None),
    ('"" * ^ -', None),
])
def test_match_expression(query: str, expected: str | None) -> None:
    assert match_expression(query) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_query_is_valid_fts5(query: str) -> None:
    with sqlite3.connect(":memory:") as index:
        index.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')")
        index.execute("INSERT INTO t VALUES ('Russia suspends its NATO mission'), ('a b c')")
        expression = match_expression(query)
        if expression is not None:
            index.execute("SELECT rowid FROM t WHERE t MATCH ?", [expression]).fetchall()


# ------------------------------------------------------------------ cursors


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False)), st.text(max_size=20))
def test_cursor_round_trip(key: object, row_id: str) -> None:
    ranked = isinstance(key, float)
    assert decode_cursor(encode_cursor(key, row_id), ranked) == (key, row_id)


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_any_cursor_is_decoded_or_refused(cursor: str) -> None:
    for ranked in (False, True):
        try:
            decode_cursor(cursor, ranked)
        except BadQuery:
            pass


# ------------------------------------------------------------------ segments of an article


@settings(max_examples=200)
@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=6))
def test_segments_cover_the_text_once(text: str, spans: list[tuple[int, int]]) -> None:
    mentions = [{"start": min(a, b), "end": max(a, b)} for a, b in spans]
    pieces = segments(text, mentions, [], [])
    assert "".join(piece["text"] for piece in pieces) == text
    for piece in pieces:
        for mark in piece["marks"]:
            item = mentions[mark["index"]]
            assert item["start"] <= piece["start"] and piece["start"] + len(piece["text"]) <= item["end"]


def test_segments_nest_quote_mention_trigger() -> None:
    text = 'He said "Russia will expel them" today.'
    quote = {"start": 9, "end": 31}
    mention = {"start": 9, "end": 15}
    event = {"trigger": {"start": 21, "end": 26}}
    pieces = segments(text, [mention], [quote], [event])
    marked = {piece["text"]: sorted(mark["kind"] for mark in piece["marks"]) for piece in pieces}
    assert marked["Russia"] == ["mention", "quote"]
    assert marked["expel"] == ["quote", "trigger"]
    assert marked["He said \""] == []


# ------------------------------------------------------------------ turning points


def _row(period: str, net: int) -> SeriesRow:
    return SeriesRow(period=period, start=f"{period}-01", precision="month", imprecise=False, events=abs(net),
                     quad1=max(net, 0), quad4=max(-net, 0), net_cooperation=net)


def _event(merged_id: str, date: str, quad: int, goldstein: float) -> KeyEvent:
    return KeyEvent(merged_id, date, "day", date, False, "Russia", "RUS", "NATO", "IGOWSTNAT", "forward", "190", "19", quad,
                    goldstein, 1, 1, [], "evidence", "a1", 1.0)


def test_turning_point_found_with_its_drivers() -> None:
    series = [_row(f"2021-0{month}", net) for month, net in zip(range(1, 8), [1, 0, 1, 1, 0, -6, 0])]
    events = [_event("m1", "2021-06-10", 4, -10.0), _event("m2", "2021-06-12", 4, -5.0), _event("m3", "2021-06-13", 1, 3.0),
              _event("m4", "2021-05-02", 4, -10.0)]
    points = turning_points(series, events, "month")
    assert [(p.period, p.direction) for p in points] == [("2021-06", "down")]
    assert [d["merged_id"] for d in points[0].drivers] == ["m1", "m2"]
    assert points[0].z == pytest.approx((-6 - 0.6) / 1.0)


def test_turning_points_need_history_and_ignore_imprecise_rows() -> None:
    assert turning_points([_row("2021-01", 0), _row("2021-02", 9)], [], "month") == []
    flat = [_row(f"2021-0{m}", 2) for m in range(1, 8)]
    assert turning_points(flat, [], "month") == []
    imprecise = SeriesRow(period="2021", start="2021-01-01", precision="year", imprecise=True, net_cooperation=-50)
    assert turning_points([*flat[:4], imprecise], [], "month") == []


def test_small_moves_on_a_flat_history_are_not_turning_points() -> None:
    series = [_row(f"2021-0{m}", 0) for m in range(1, 7)] + [_row("2021-07", 1)]
    assert turning_points(series, [], "month") == []  # sd floored at 1: z = 1


def _every_period(nets: list[int], window: int = 6, min_history: int = 3, threshold: float = 2.0) -> list[tuple[int, float]]:
    """The rolling z-score judged at every period, without the vectorised prefilter (the reference)."""
    found = []
    for index in range(len(nets)):
        history = nets[max(0, index - window):index]
        if len(history) < min_history:
            continue
        mean = sum(history) / len(history)
        sd = max(math.sqrt(sum((value - mean) ** 2 for value in history) / len(history)), 1.0)
        z = (nets[index] - mean) / sd
        if abs(z) >= threshold:
            found.append((index, round(z, 3)))
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-12, 12), max_size=60))
def test_prefilter_keeps_every_turning_point(nets: list[int]) -> None:
    series = [SeriesRow(period=f"p{index:03d}", start=None, precision="day", imprecise=False, net_cooperation=net)
              for index, net in enumerate(nets)]
    points = turning_points(series, [], "day")
    assert [(int(point.period[1:]), point.z) for point in points] == _every_period(nets)


def test_prefilter_on_a_borderline_move() -> None:
    """A move of exactly two from a flat history (z = 2, the threshold) is a turning point."""
    series = [_row(f"2021-0{m}", 0) for m in range(1, 7)] + [_row("2021-07", 2)]
    assert [p.period for p in turning_points(series, [], "month")] == ["2021-07"]


# ------------------------------------------------------------------ corrections


def test_corrections_validate_and_apply(tmp_path: Path) -> None:
    store = Corrections(tmp_path / "c.sqlite")
    assert store.all() == [] and not (tmp_path / "c.sqlite").exists()
    with pytest.raises(CorrectionError):
        store.add("e1", "delete")
    with pytest.raises(CorrectionError):
        store.add("e1", "fix")
    with pytest.raises(CorrectionError):
        store.add("e1", "fix", cameo="1x9")
    with pytest.raises(CorrectionError):
        store.add("e1", "fix", source_code="RUS; DROP")
    made = store.add("e1", "fix", cameo="190", source_code="rusmil", note="n", author="a")
    row = {"id": "e1", "cameo": "042", "cameo_root": "04", "quad_class": 1, "goldstein": 1.9, "plover": "CONSULT",
           "source": {"code": "RUS", "country": "RUS"}, "target": None}
    fixed = apply(row, store.active()["e1"])
    assert fixed["cameo"] == "190" and fixed["quad_class"] == 4 and fixed["goldstein"] < 0 and fixed["source"]["code"] == "RUSMIL"
    assert fixed["coded"]["cameo"] == "042" and apply(row, None)["corrected"] is None
    # a row of a snapshot's search table already carries the fix (its `coded` JSON): not applied twice, undone cleanly
    stored = {**{key: value for key, value in fixed.items() if key not in ("coded", "corrected", "correction")},
              "coded": json.dumps(fixed["coded"])}
    again = apply(stored, store.active()["e1"])
    assert again["cameo"] == "190" and again["coded"] == fixed["coded"] and again["source"]["code"] == "RUSMIL"
    undone = apply(stored, None)
    assert undone["cameo"] == "042" and undone["source"]["code"] == "RUS" and undone["corrected"] is None and "coded" not in undone
    assert store.undo(made.id) and not store.undo(made.id) and store.active() == {}
    assert store.all()[0].undone_at


@pytest.mark.parametrize(("typed", "expected"), [
    ("NATO", ("IGOWSTNAT", "NATO", None)),        # an organisation's key: whole, never "NAT"
    ("nato", ("IGOWSTNAT", "NATO", None)),
    ("IGOWSTNAT", ("IGOWSTNAT", "NATO", None)),   # its CAMEO code: never "IGO"
    ("IGOUNOIAE", ("IGOUNOIAE", "IAEA", None)),   # the longest organisation code it starts with
    ("EU", ("IGOEUREEC", "EU", None)),
    ("RUSGOV", ("RUSGOV", "RUS", "GOV")),         # a country and a sector
    ("UKRMIL", ("UKRMIL", "UKR", "MIL")),
    ("RUS", ("RUS", "RUS", None)),
    ("GOV", ("GOV", None, "GOV")),                # a bare sector names no country
])
def test_corrected_side_takes_country_and_role_from_the_catalog(typed: str, expected: tuple) -> None:
    from detente.analysis import ActorCatalog
    from detente.web.corrections import corrected_actor

    assert corrected_actor(typed, ActorCatalog.load()) == expected


def test_fixing_a_side_to_an_organisation_moves_the_event_to_it(tmp_path: Path) -> None:
    store = Corrections(tmp_path / "c.sqlite")
    store.add("e1", "fix", target_code="NATO")
    row = {"id": "e1", "cameo": "042", "source": {"code": "RUS", "country": "RUS"}, "target": {"code": "UKRGOV", "country": "UKR", "role": "GOV",
                                                                                               "text": "Kyiv"}}
    fixed = apply(row, store.active()["e1"])
    assert fixed["target"] == {"code": "IGOWSTNAT", "country": "NATO", "role": None, "text": "Kyiv"}
    assert fixed["coded"]["target"]["country"] == "UKR"


# ------------------------------------------------------------------ a writer holds the store

WRITER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("INSERT INTO t VALUES (2)")
    print("holding", flush=True)
    sys.stdin.readline()
    con.execute("INSERT INTO t VALUES (3)")
    con.close()
""")


def _writer(path: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    return process


def test_reader_sees_the_last_snapshot_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
    source = StoreSource(path, refresh_seconds=0)
    try:
        assert source.current().cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 1
        writer = _writer(path)
        try:
            snapshot = source.current()  # locked: the previous snapshot is served, marked busy
            assert source.busy and source.busy_since
            assert snapshot.cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 1
        finally:
            writer.communicate("go\n", timeout=30)
        time.sleep(0.05)
        assert source.current().cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 3
        assert not source.busy
    finally:
        source.close()


def test_no_snapshot_yet_and_locked_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    writer = _writer(path)
    source = StoreSource(path, refresh_seconds=0)
    try:
        with pytest.raises(StoreBusy):
            source.current()
    finally:
        writer.communicate("go\n", timeout=30)
        source.close()
    source = StoreSource(path, refresh_seconds=0)
    assert source.current().cursor().execute("SELECT count(*) FROM t").fetchone()[0] == 2
    source.close()


def test_app_answers_503_until_the_writer_lets_go(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from fastapi.testclient import TestClient

    from detente.store import Store
    from detente.web import ServeConfig, create_app

    path = tmp_path / "detente.duckdb"
    Store(path).close()  # the real schema, empty
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    writer = _writer(path)
    try:
        with TestClient(create_app(ServeConfig(db=path, refresh_seconds=0))) as client:
            assert "detente serve: the store is being written by another process" in capsys.readouterr().err
            page = client.get("/")
            assert page.status_code == 503 and "being written" in page.text and page.headers["retry-after"] == "5"
            assert client.get("/api/v1/overview").status_code == 503
            writer.communicate("go\n", timeout=30)
            assert client.get("/api/v1/overview").json()["counts"]["articles"] == 0
    finally:
        if writer.poll() is None:
            writer.communicate("go\n", timeout=30)


def test_collector_paused_while_a_dyad_view_is_built_and_restored() -> None:
    import gc

    from detente.web.app import _collector_paused

    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _collector_paused():
        raise RuntimeError("a failed view")
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
