"""Acts that did not happen are not coded as done (issue 11 item 1, s8 real-news audit: acts failed,
prevented, denied, advised, conditional or supposed were coded as current events). Sentences
written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def _done(event) -> bool:  # noqa: ANN001
    return event.modality.counted


def test_a_failed_act_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Russia failed to reach an agreement with Ukraine on gas prices."), "reach")
    assert events and not any(_done(event) for event in events)


def test_an_act_prevented_foiled_or_averted_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Police prevented Serbian protesters from attacking the embassy.", "attacking"),
                       ("Indian security forces thwarted an attack on the parliament.", "attack"),
                       ("The deal averted a war between Sudan and Chad.", "war"),
                       ("Turkish police foiled a plot to bomb the US consulate.", "bomb")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text


def test_a_gerund_after_another_preposition_of_a_stop_verb_is_done(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Israeli troops halted the offensive after bombing Gaza for a week."), "bombing")
    assert events and all(_done(event) for event in events)


def test_a_denied_act_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("China denied that it had sent troops to Burma.", "sent"),
                       ("Russia denied attacking Georgian villages.", "attacking")):
        events = _on(code(nlp, stages, text), word)
        assert events and all(event.modality.negated for event in events), text


def test_what_a_negated_verb_of_meaning_governs_is_not_asserted(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "This does not mean that we accept the Russian proposal, the Georgian minister said.")
    assert not _on(events, "accept")
    assert _on(code(nlp, stages, "The Georgian minister said that Georgia accepts the Russian proposal."), "accept")


def test_advice_is_an_appeal_and_the_advised_act_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "The IMF advised Greece to cut its pensions.")
    assert [event.cameo_root for event in events] == ["02"]
    events = code(nlp, stages, "Experts recommended that Japan impose sanctions on North Korea.")
    assert not any(event.cameo_root == "16" and _done(event) for event in events)


def test_a_clause_opened_by_a_conditional_phrase_is_hypothetical(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("North Korea would return to the talks in case the United States lifts sanctions.",
                 "Pyongyang will rejoin the talks as long as Washington lifts the sanctions."):
        events = _on(code(nlp, stages, text), "lift")
        assert not any(_done(event) for event in events), text
    events = _on(code(nlp, stages, "North Korea returned to the talks after the United States lifted sanctions."), "lift")
    assert events and all(_done(event) for event in events)


def test_an_indefinite_event_subject_of_a_modal_is_supposed(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "A war between India and Pakistan would devastate the region."), "war")
    assert events and all(event.modality.hypothetical for event in events)
    done = _on(code(nlp, stages, "The war between India and Pakistan could hurt the region."), "war")
    assert done and not any(event.modality.hypothetical for event in done)


def test_a_verbal_attack_over_remarks_is_criticism(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Obama attacked McCain over his remarks on Iraq."), "attacked")
    assert events and all(event.cameo_root == "11" for event in events)


def test_an_act_named_as_the_object_of_suspected_ties_is_not_asserted(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "He did not mention Moscow's suspected ties to the hacking of the ministry's servers.")
    assert not any(_done(event) and event.cameo_root == "17" for event in events)
