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


def test_what_a_scrapped_plan_or_blocked_resolution_was_to_do_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("The army scrapped plans to attack the rebel stronghold.", "attack"),
                       ("The Security Council blocked a resolution condemning Israel.", "condemning")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text


def test_a_postponed_or_foiled_act_in_the_passive_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("The meeting between Serbia and Kosovo was postponed.", "meeting"),
                       ("The attack on the embassy was foiled by police.", "attack")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text


def test_an_act_warned_or_voted_against_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("The US warned against attacking Iran.", "attacking"),
                       ("The Serbian parliament voted against sending troops to Afghanistan.", "sending")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text


def test_instead_of_and_rather_than_name_an_act_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Israel chose diplomacy instead of attacking Iran."), "attacking")
    assert not any(_done(event) for event in events)
    kept = _on(code(nlp, stages, "Hamas fighters fired rockets into Israel instead of observing the truce."), "fired")
    assert kept and all(_done(event) for event in kept)


def test_a_negated_subject_or_almost_negates_the_act(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("No Israeli soldier was killed in the operation.", "killed"),
                       ("India and Pakistan almost clashed over Kashmir.", "clashed")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text
    kept = _on(code(nlp, stages, "Nearly 100 Iraqi civilians were killed in the bombing."), "killed")
    assert kept and all(_done(event) for event in kept)


def test_a_visit_one_was_supposed_to_make_is_still_to_come(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "The Chinese envoy was supposed to visit Pyongyang on Monday."), "visit")
    assert events and all(event.modality.future for event in events)


def test_a_yes_no_question_asks_and_does_not_tell(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Did Russia invade Georgia to protect its citizens?"), "invade")
    assert events and all(event.modality.hypothetical for event in events)
    told = _on(code(nlp, stages, "Why did Russia invade Georgia?"), "invade")
    assert told and not any(event.modality.hypothetical for event in told)


def test_a_condition_with_an_inverted_auxiliary_is_hypothetical(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Had Israel attacked Iran, oil prices would have soared."), "attacked")
    assert events and all(event.modality.hypothetical for event in events)


def test_yet_to_short_of_and_lack_of_name_acts_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Japan stopped short of imposing sanctions on North Korea.", "imposing"),
                       ("The lack of cooperation between Israel and Egypt worried Washington.", "cooperation"),
                       ("Serbia has yet to recognize Kosovo.", "recognize")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) and event.cameo_root == root for event in events
                       for root in ("16", "06", "05")), text


def test_a_robbery_is_no_attack(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("Chinese thieves attacked a Japanese tourist in Shanghai.",
                 "Kenyan robbers shot dead two Chinese workers in Nairobi.",
                 "A Russian businessman was killed in a robbery in Moscow."):
        assert not code(nlp, stages, text), text


def test_a_withdrawal_from_a_tournament_is_no_de_escalation(nlp, stages) -> None:  # noqa: ANN001, F811
    assert not code(nlp, stages, "Spanish player Rafael Nadal withdrew from the Wimbledon tournament.")
    kept = code(nlp, stages, "Russia withdrew its troops from Georgia.")
    assert kept and kept[0].cameo_root == "08"


def test_a_possible_or_potential_act_is_an_option(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "The EU prepared potential sanctions against Belarus."), "prepared")
    assert events and all(event.modality.hypothetical for event in events)
    done = _on(code(nlp, stages, "The EU prepared new sanctions against Belarus."), "prepared")
    assert done and not any(event.modality.hypothetical for event in done)


def test_the_infinitive_of_a_negated_verb_of_the_future_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Russia said it was not going to attack Georgia."), "attack")
    assert events and all(event.modality.negated for event in events)


def test_neither_nor_and_no_question_of_negate(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Neither Israel nor Syria attacked the other.", "attacked"),
                       ("There is no question of negotiating with Hamas, the Israeli minister said.", "negotiating"),
                       ("Egypt tried in vain to mediate between Hamas and Fatah.", "mediate")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text


def test_a_thing_needed_is_no_appeal(nlp, stages) -> None:  # noqa: ANN001, F811
    text = ("Still, the dispute suggests the Canadian government understands that it needs a contingency plan in case "
            "Canada's biggest ally were to turn hostile.")
    assert not any(event.cameo_root == "02" for event in code(nlp, stages, text))


def test_the_aim_of_an_act_is_not_done(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("Norway hosted talks aimed at ending the war between Sri Lanka and the Tamil rebels.", "ending"),
                       ("The US imposed sanctions designed to force Iran to halt enrichment.", "force"),
                       ("China sent a delegation to Pyongyang with the aim of restarting talks with the US.", "talks")):
        events = _on(code(nlp, stages, text), word)
        assert not any(_done(event) for event in events), text
    kept = _on(code(nlp, stages, "The US imposed sanctions designed to force Iran to halt enrichment."), "imposed")
    assert kept and all(_done(event) for event in kept)


def test_a_clause_led_by_rather_than_is_not_done_and_the_main_act_is(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Rather than negotiate with Hamas, Israel attacked Gaza.")
    assert not any(_done(event) for event in _on(events, "negotiate"))
    assert _on(events, "attacked") and all(_done(event) for event in _on(events, "attacked"))


def test_an_event_scheduled_ahead_is_still_to_come(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Talks between Israel and Syria are scheduled for next week."), "talks")
    assert events and all(event.modality.future for event in events)
