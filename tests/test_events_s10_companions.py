"""A partner named with "together with" acts along with the subject; it is not the one acted on
(issue 11, s10 real-news audit: "together with Canada, Mexico should sue ..." coded Mexico -> Canada).
"with" after a trigger still names the other side ("talks with Canada"). Sentences written for
these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def _sides(events):  # noqa: ANN001, ANN202
    return [(e.cameo, e.source and e.source.text, e.target and e.target.text) for e in events]


def test_a_partner_together_with_the_subject_is_no_target(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Together with Canada, Mexico should sue in every court."), "sue")
    assert all(event.target is None or event.target.code != "CAN" for event in events), _sides(events)


def test_the_object_stays_the_target_beside_a_partner(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Together with Canada, Mexico should sue the United States."), "sue")
    assert events and all(event.target is not None and event.target.code == "USA" for event in events), _sides(events)


def test_talks_with_a_country_keep_it_as_the_target(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Mexico held talks with Canada."), "held")
    assert events and events[0].target is not None and events[0].target.code == "CAN", _sides(events)
