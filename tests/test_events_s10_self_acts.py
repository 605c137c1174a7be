"""An act on the source itself (a resignation, CAMEO 0831) has no home-country target (issue 11,
s10 real-news audit: "X resigned in July" was coded with X's country as the target). The domestic
fallback still gives the source's own country to arrests. Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_resignation_has_no_home_country_target(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "The Canadian defence minister resigned on Monday."), "resign")
    assert events, "no event for the resignation"
    assert all(event.target is None for event in events), [(e.cameo, e.target) for e in events]


def test_an_arrest_still_takes_the_home_country(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Canadian police arrested 12 protesters on Monday."), "arrest")
    assert events and events[0].target is not None and events[0].target.code.startswith("CAN"), \
        [(e.cameo, e.target) for e in events]
