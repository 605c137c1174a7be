"""Review of session 7's event senses (findings 1-6): each s7 sense is kept to the construction it
was made for. A gerund after "by" is how a deed was done, not an idea talked about; a group word in
a force-user's name is no politician; the writer's "should"/"must" advise the verb they govern,
not a noun in its object, and not in reported speech; a suit for negligence and an arrest of a
named person stay political; a medical word is a trip's reason only in its "for" phrase; "unable
to accept" is a refusal. Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_a_gerund_after_by_is_how_the_deed_was_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("China opposed the draft by vetoing it at the United Nations.", "vetoing"),
                       ("Syria raised tensions by expelling the UN monitors.", "expelling")):
        events = _on(code(nlp, stages, text), word)
        assert events and not any(event.modality.hypothetical for event in events), text
    suggested = _on(code(nlp, stages, "The senator suggested sending troops to Syria."), "sending")
    assert suggested and all(event.modality.hypothetical for event in suggested)


def test_a_group_word_in_an_armed_groups_name_is_no_politician(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("The Irish Republican Army attacked an army barracks in Belfast.",
                 "The attack on rival Hamas gunmen killed three."):
        events = _on(code(nlp, stages, text), "attack")
        assert events and all(event.cameo[:2] in {"18", "19"} for event in events), text
    words = _on(code(nlp, stages, "The advert showed the attack on Senator Smith."), "attack")
    assert words and words[0].cameo.startswith("11")


def test_advice_modals_leave_a_noun_in_the_object_alone(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("Japan must not forget the Soviet invasion of Manchuria.",
                 "The world should remember the Soviet invasion of Afghanistan in 1979."):
        events = _on(code(nlp, stages, text), "invasion")
        assert events and not any(event.modality.hypothetical for event in events), text
    sue = _on(code(nlp, stages, "Iran should sue the United States in every court."), "sue")
    assert sue and sue[0].modality.hypothetical


def test_advice_modals_in_reported_speech_are_the_speakers(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Turkey must respond to the rocket attacks from Syria, Erdogan said.")
    attacks = _on(events, "rocket")
    assert attacks and attacks[0].cameo.startswith("19") and not attacks[0].modality.hypothetical


def test_a_negligence_suit_and_a_named_arrest_stay_political(nlp, stages) -> None:  # noqa: ANN001, F811
    sued = _on(code(nlp, stages, "Relatives of the miners sued the Chilean government for negligence."), "sued")
    assert sued and sued[0].cameo == "115"
    for text in ("Indonesian police detained Malaysian fishermen for poaching.",
                 "Police arrested the opposition leader on theft charges.",
                 "Police arrested Morgan Tsvangirai for speeding."):
        assert [event.cameo for event in code(nlp, stages, text)] == ["173"], text
    assert not code(nlp, stages, "Police arrested three men for armed robbery in Nairobi.")


def test_a_medical_word_is_a_trips_reason_only_after_for(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Putin will travel to Syria to inspect medical supplies.", "travel"),
                       ("Merkel will fly to India for talks on medical research.", "fly")):
        events = _on(code(nlp, stages, text), word)
        assert events and events[0].cameo == "036", text
    assert not code(nlp, stages, "The former Zambian president flew to Germany for medical treatment on Sunday.")


def test_keys_of_a_town_handed_over_are_a_surrender(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "The governor surrendered the keys of the town to rebel forces."), "surrendered")
    assert events and events[0].cameo == "0874"


def test_unable_to_accept_is_a_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, cameo in (("Syria said it was unable to accept the American proposal.", "120"),
                        ("Pakistan said it was unable to return to the peace talks.", "125")):
        assert cameo in [event.cameo for event in code(nlp, stages, text)], text
    assert not code(nlp, stages, "Israel and Syria were unable to agree on a venue for the talks.")
