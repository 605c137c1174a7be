"""An event noun's time is the time of the verb it is the subject of ("talks will begin
tomorrow"), and an expected or impending meeting is still to come (s7 real-news audit: both
were coded as current acts). Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_noun_subject_of_a_future_verb_of_taking_place_is_future(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("Talks between the Iranian and Iraqi governments on border crossings will begin in Tehran tomorrow.",
                 "Negotiations between Serbia and Kosovo will resume in Brussels next month."):
        events = _on(code(nlp, stages, text), "talks") + _on(code(nlp, stages, text), "negotiations")
        assert events and all(event.modality.future for event in events), text


def test_a_noun_subject_of_a_past_verb_stays_current(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("Talks between the Iranian and Iraqi governments on border crossings began in Tehran on Monday.",
                 "Negotiations between Serbia and Kosovo resumed in Brussels after a break."):
        events = _on(code(nlp, stages, text), "talks") + _on(code(nlp, stages, text), "negotiations")
        assert events and not any(event.modality.future for event in events), text


def test_an_expected_visit_is_still_to_come(nlp, stages) -> None:  # noqa: ANN001, F811
    text = "The king welcomed the expected visit of the Russian president to Jordan."
    visits = _on(code(nlp, stages, text), "visit")
    assert visits and all(event.modality.future for event in visits)
    done = _on(code(nlp, stages, "The king welcomed the visit of the Russian president to Jordan."), "visit")
    assert done and not any(event.modality.future for event in done)


def test_an_act_dated_after_the_publication_day_is_still_to_come() -> None:
    from detente.events.coder import _dated_ahead
    from tests.test_events_coder import article

    item = article("x", published="2006-12-21")
    assert _dated_ahead("2006-12-22", "day", item) and _dated_ahead("2007-02", "month", item) and _dated_ahead("2007", "year", item)
    assert not _dated_ahead("2006-12-21", "day", item) and not _dated_ahead("2006-12", "month", item)
    assert not _dated_ahead("2006", "year", item) and not _dated_ahead(None, None, item)
    assert not _dated_ahead("2006-12-22", "day", article("x", published=None))
