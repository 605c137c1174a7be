"""Events in the store: round trip, dyad queries (both directions, sides by country or code), re-runs."""

from __future__ import annotations

import json
from pathlib import Path

from detente.annotate import Annotations
from detente.records import Event, EventActor, Location, Modality, Span
from detente.store import Store
from tests.test_store import _result


def _event(event_id: str, source: tuple[str, str, str], target: tuple[str, str, str], negated: bool = False) -> Event:
    def actor(values: tuple[str, str, str]) -> EventActor:
        code, country, name = values
        return EventActor(name, name, code, country, code[len(country):] or None if code.startswith(country) else None, 0, 4)

    return Event(
        id=event_id, article_id="id1", sentence=Span("Russia suspended its mission to NATO.", 0, 37),
        trigger=Span("suspended", 7, 16), source=actor(source), target=actor(target), cameo="161", cameo_root="16",
        plover="REJECT", quad_class=4, goldstein=-4.0, modality=Modality(negated=negated), date="2021-10", date_precision="month",
        location=Location("Brussels", "BEL", 50.85, 4.35), confidence=0.8, quote_id=None,
    )  # fmt: skip


RUS = ("RUSGOV", "RUS", "Russia")
NATO = ("IGOWSTNAT", "NATO", "NATO")
USA = ("USAGOV", "USA", "United States")


def test_events_round_trip_and_export(tmp_path: Path) -> None:
    event = _event("e1", RUS, NATO)
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_annotations([Annotations("id1", events=[event])])
        store.write_annotations([Annotations("id1", events=[event])])  # a re-run replaces, never doubles
        assert store.events() == [event]
        written = store.export(tmp_path / "out")
    (row,) = [json.loads(line) for line in written["events.jsonl"].read_text().splitlines()]
    assert Event.from_dict(row) == event
    assert written["events.parquet"].stat().st_size > 0


def test_dyad_query_matches_sides_by_country_or_code(tmp_path: Path) -> None:
    events = [_event("e1", RUS, NATO), _event("e2", NATO, RUS), _event("e3", USA, RUS), _event("e4", RUS, NATO, negated=True)]
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1")])
        store.write_annotations([Annotations("id1", events=events)])
        ids = lambda found: sorted(event.id for event in found)  # noqa: E731
        assert ids(store.events(("RUS", "NATO"))) == ["e1", "e2", "e4"]
        assert ids(store.events(("rus", "nato"), directed=True)) == ["e1", "e4"]
        assert ids(store.events(("RUSGOV", "NATO"), directed=True, include_negated=False)) == ["e1"]
        assert ids(store.events(("RUS", "X' OR 1=1 --"))) == []  # sides are parameters, never SQL
        assert ids(store.events()) == ["e1", "e2", "e3", "e4"]


def test_iter_events_of_some_articles_reads_only_theirs(tmp_path: Path) -> None:
    """The story stage streams the events of the articles it places, not the whole corpus."""
    from dataclasses import replace

    first, second = _event("e1", RUS, NATO), replace(_event("e2", USA, RUS), article_id="id2")
    with Store(tmp_path / "db.duckdb") as store:
        store.write_batch([_result("a.txt", "id1"), _result("b.txt", "id2")])
        store.write_annotations([Annotations("id1", events=[first]), Annotations("id2", events=[second])])
        assert [event.id for event in store.iter_events(article_ids=["id2"])] == ["e2"]
        assert [event.id for event in store.iter_events(article_ids=["x' OR 1=1 --"])] == []
        assert [event.id for event in store.iter_events(article_ids=[])] == []
        assert [event.id for event in store.iter_events()] == ["e1", "e2"]
