"""Actors, session 9 (issue 11 item 0): a country's adjective before a plural word for its bodies
("Chilean courts", "Australian immigration officials") names those bodies (roles.yaml), not the
country itself. Sentences written for these tests."""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.source.code if e.source else None, e.target.code if e.target else None) for e in events}


def test_actors_s9_a_country_adjective_with_plural_body_words_names_the_body(nlp, stages) -> None:  # noqa: F811
    """"Chilean courts", "Australian immigration officials": the country's body, not the country."""
    events = code(nlp, stages, "Thirty war criminals had been investigated by Australian immigration officials, "
                               "and Chilean courts rejected their appeals.")
    codes = {e.trigger.text: (e.source.code if e.source else None) for e in events}
    assert codes.get("investigated") == "AUSGOV", _sides(events)
    assert codes.get("rejected") == "CHLJUD", _sides(events)
