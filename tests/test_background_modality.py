"""Background events (Modality.background): stored, exported and read back; never counted.

A background event is a past or habitual act an article recalls as context ("Georgia freed the
officers in October" in a December story). It stays a record with its evidence, but merges,
dyad counts and the report's relation counts leave it out, as they do negated and hypothetical ones.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import duckdb

from detente.analysis import explain_event, network
from detente.annotate import Annotations
from detente.records import Modality
from detente.report.build import network_from_events
from detente.store import Store
from tests.test_analysis_merge import SUSPEND_1, SUSPEND_2, make_event, merge
from tests.test_store import _result
from tests.test_store_events import NATO, RUS, _event


def test_counted_is_false_for_every_flag_that_says_the_act_is_not_news() -> None:
    assert Modality().counted and Modality(future=True).counted and Modality(reported=True).counted
    for flag in ("negated", "hypothetical", "background"):
        assert not Modality(**{flag: True}).counted


def test_background_round_trips_through_store_and_exports(tmp_path: Path) -> None:
    event = replace(_event("e1", RUS, NATO), modality=Modality(background=True))
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_annotations([Annotations("id1", events=[event])])
        assert store.events() == [event]
        written = store.export(tmp_path / "out")
    (row,) = [json.loads(line) for line in written["events.jsonl"].read_text().splitlines()]
    assert row["modality"]["background"] is True


def test_a_store_made_before_the_flag_gains_it_and_reads_old_events_as_not_background(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_annotations([Annotations("id1", events=[_event("e1", RUS, NATO)])])
    con = duckdb.connect(str(path))  # what an older release wrote: the STRUCT without the field
    con.execute("CREATE TABLE old_events AS SELECT * EXCLUDE (modality), "
                "struct_pack(negated := modality.negated, hypothetical := modality.hypothetical, "
                "future := modality.future, reported := modality.reported) AS modality FROM events")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE old_events RENAME TO events")
    assert "background" not in con.execute("SELECT data_type FROM information_schema.columns "
                                           "WHERE table_name = 'events' AND column_name = 'modality'").fetchone()[0]
    con.close()
    with Store(path) as store:
        (event,) = store.events()
    assert event.id == "e1" and event.modality == Modality()


def test_merge_leaves_background_out_and_explains_why() -> None:
    events = [make_event("e1", "a1", SUSPEND_1), replace(make_event("e2", "a2", SUSPEND_2), modality=Modality(background=True))]
    result = merge(events)
    assert [m.event_ids for m in result.merged] == [["e1"]]
    assert {(item.event_id, item.reason) for item in result.excluded} == {("e2", "background")}
    assert "background" in explain_event("e2", result, {})[0]


def test_raw_counts_skip_background_events() -> None:
    current = make_event("e1", "a1", SUSPEND_1)
    recalled = replace(make_event("e2", "a2", SUSPEND_2), modality=Modality(background=True))
    assert [edge.events for edge in network([current, recalled])] == [1]
    assert [edge.count for edge in network_from_events([current, recalled]).edges] == [1]
