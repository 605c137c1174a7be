"""A negated cooperative act is a refusal (12x) only when the negation is the act's own ("did not
sign", "will never accept"); an act that a governing verb prevented, denied or made fail was not
refused by its subject (issue 11, s9: "prevented the leaders from signing" was coded 127).
Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_prevented_or_denied_cooperative_act_is_no_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Police in Kiev prevented the Ukrainian and Russian leaders from signing the accord.", "signing"),
                       ("China denied that it had accepted aid from Japan.", "accepted"),
                       ("Pakistan denied that it had agreed to a ceasefire with India.", "agreed"),
                       ("Iraq failed to recognize the new government of Kuwait.", "recognize")):
        events = _on(code(nlp, stages, text), word)
        assert not any(event.cameo_root == "12" for event in events), (text, [(e.cameo, e.trigger.text) for e in events])
        assert all(event.modality.negated for event in events), text


def test_the_acts_own_negation_is_still_a_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("China did not accept aid from Japan.", "accept"),
                       ("Pakistan has never agreed to a ceasefire with India.", "agreed"),
                       ("Iraq will not recognize the new government of Kuwait.", "recognize")):
        events = _on(code(nlp, stages, text), word)
        assert events and all(event.cameo_root == "12" for event in events), (text, [(e.cameo, e.trigger.text) for e in events])


def test_a_negated_stopping_verb_stops_nothing(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "The minister said the riots would not stop him from visiting Egypt next week."), "visiting")
    assert events and not any(event.modality.negated or event.cameo_root == "12" for event in events), \
        [(e.cameo, e.modality) for e in events]
