"""A present passive in a relative clause says what the noun is, not an act of the day (issue 11,
s9): "a militia that is armed by Iran". Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_present_passive_in_a_relative_clause_describes_the_noun(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Pakistan attacked a militia that is armed by Iran.", "armed"),
                       ("Pakistan attacked a militia that has been armed by Iran.", "armed")):
        events = _on(code(nlp, stages, text), word)
        assert events and all(event.modality.background for event in events), (text, [(e.cameo, e.modality) for e in events])


def test_a_progressive_passive_in_a_relative_clause_is_todays_act(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Pakistan attacked a militia that was being armed by Iran."), "armed")
    assert events and not any(event.modality.background for event in events)


def test_a_when_clause_long_ago_dates_the_act_it_joins(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("The Chinese and American presidents first met when Bush visited Beijing 20 years ago.", "met"),
                       ("30 years ago, when Iraq invaded Kuwait, the United States sent troops to Saudi Arabia.", "invaded")):
        assert not _on(code(nlp, stages, text), word), text  # historical: dropped (rules.yaml event_background)
    assert _on(code(nlp, stages, "The Chinese and American presidents met when Bush visited Beijing last week."), "met")
