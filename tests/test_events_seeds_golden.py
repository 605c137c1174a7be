"""Golden event tests on the five real seed pages in ../shared/seeds (skipped when absent).

Each seed runs clean -> actors -> quotes -> events. We check the events an analyst reading the
page would code (actor countries and CAMEO roots), not every event found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.records import Event

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not found: golden event tests need the shared/ folder beside the repository")


@pytest.fixture(scope="module")
def seed_events() -> dict[str, list[Event]]:
    from detente.evaluation.events import seed_events as run
    from detente.nlp import ModelNotInstalled, load_pipeline

    try:
        load_pipeline()
    except ModelNotInstalled as error:
        pytest.skip(str(error))
    return dict(run(SEEDS))


def _find(events: list[Event], roots: set[str], source: str, target: str, *, code: str | None = None, source_code: str | None = None) -> Event:
    found = [
        event for event in events
        if event.cameo_root in roots and event.source is not None and event.target is not None
        and event.source.country == source and event.target.country == target and not event.modality.negated
        and (code is None or event.cameo == code) and (source_code is None or event.source.code == source_code)
    ]
    assert found, f"no {sorted(roots)} {source}->{target} in {[(e.cameo, e.trigger.text, e.source and e.source.country, e.target and e.target.country) for e in events]}"
    return found[0]


def test_events_seed_003_russia_breaks_relations_and_nato_withdraws_accreditation(seed_events) -> None:
    events = seed_events["003"]
    suspension = _find(events, {"16"}, "RUS", "NATO")
    assert "suspension" in suspension.trigger.text
    withdrawal = _find(events, {"16"}, "NATO", "RUS", code="161")
    assert "withdraw" in withdrawal.trigger.text
    assert withdrawal.modality.reported  # NATO announced it


def test_events_seed_004_russia_intends_to_cooperate_and_criticises_nato_pressure(seed_events) -> None:
    events = seed_events["004"]
    intent = _find(events, {"03"}, "RUS", "NATO")
    assert "willingness" in intent.trigger.text
    pressure = _find(events, {"17"}, "NATO", "RUS")  # what the deputy minister says the bloc does
    assert pressure.modality.reported
    _find(events, {"11"}, "RUS", "NATO", source_code="RUSGOV")  # ... which is the minister accusing NATO


def test_events_seed_000_peskov_rejects_dialogue_and_accuses_nato(seed_events) -> None:
    events = seed_events["000"]
    rejection = _find(events, {"12"}, "RUS", "NATO", source_code="RUSGOV")
    assert "difficult" in rejection.trigger.text and rejection.quote_id is not None
    assert "Peskov" in (rejection.source.name or "")
    _find(events, {"11"}, "RUS", "NATO", source_code="RUSGOV")
    assert not [e for e in events if e.cameo_root in {"04", "06"} and e.source and e.source.country == "RUS"
                and e.target and e.target.country == "NATO"]  # "difficult to talk" is no consultation


def test_events_seed_002_minimal_contact_and_dialogue_on_equal_footing(seed_events) -> None:
    events = seed_events["002"]
    contact = _find(events, {"02", "03", "04"}, "NATO", "RUS")
    assert "contact" in contact.trigger.text and contact.modality.reported
    _find(events, {"03"}, "RUS", "NATO", code="036")  # Moscow remained open to dialogue with NATO


def test_events_seed_001_peskov_criticises_nato_expansion(seed_events) -> None:
    events = seed_events["001"]
    criticism = _find(events, {"11"}, "RUS", "NATO")
    assert criticism.modality.reported and criticism.quote_id is not None


def test_events_seed_events_are_well_formed(seed_events) -> None:
    for events in seed_events.values():
        assert len({event.id for event in events}) == len(events)
        for event in events:
            assert event.sentence.start <= event.trigger.start < event.trigger.end <= event.sentence.end
            assert event.plover is None or event.plover.isupper()
