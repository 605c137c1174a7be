"""Actors, session 10: a person's name opening the proper name of a place or a paper
(places.yaml facility_heads: "Trump University", "the Reeves Report") is no mention of the
person. Sentences written for these tests."""

from __future__ import annotations

from detente.actors import find_mentions
from tests.test_events_coder import article, stages  # noqa: F401 - the session fixture


def _texts(nlp, stages, text: str) -> set[str]:  # noqa: ANN001, F811 - spaCy Language, fixture
    return {m.text for m in find_mentions(nlp(text), article(text, "2016-09-23"), stages[0])}


def test_actors_s10_a_name_opening_a_university_is_no_person(nlp, stages) -> None:  # noqa: F811
    found = _texts(nlp, stages, "Prosecutors looked into allegations of fraud at Trump University.")
    assert "Trump" not in found, found


def test_actors_s10_a_name_opening_a_report_is_no_person(nlp, stages) -> None:  # noqa: F811
    found = _texts(nlp, stages, "A commission headed by Paul Reeves wrote it. "
                                "Island councils rejected the Reeves Report recommendation on Monday.")
    assert "Reeves" not in found and "Paul Reeves" in found, found


def test_actors_s10_the_person_himself_is_still_found(nlp, stages) -> None:  # noqa: F811
    found = _texts(nlp, stages, "Donald Trump defended Trump University on Monday.")
    assert "Donald Trump" in found and "Trump" not in found, found


def test_actors_s10_a_country_opening_a_study_group_is_no_actor(nlp, stages) -> None:  # noqa: F811
    """"the Iraq Study Group" is a panel named after its subject (places.yaml two-word facility
    heads), not Iraq; "the group" inside the name no longer stops the scan."""
    found = _texts(nlp, stages, "A bipartisan panel, the Iraq Study Group, met the president on Monday.")
    assert "Iraq" not in found, found
