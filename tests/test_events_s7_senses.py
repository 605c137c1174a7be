"""Event type and modality on real-news constructions (issue 11, session 7). Stopping a war is
de-escalation (087), not the war negated; an inability is no refusal; documents handed in and trips
for treatment are no surrender and no visit; a candidate's attack is words; the writer's "should"
is advice, and so is the aim of an advised act; a coordinated verb with its own subject or
auxiliary keeps its own tense and modality. Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _by_trigger(events, word: str):  # noqa: ANN001, ANN202
    found = [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]
    assert found, f"no event on {word!r} in {[(e.cameo, e.trigger.text) for e in events]}"
    return found[0]


def test_agreeing_to_end_a_war_is_intent_to_de_escalate(nlp, stages) -> None:  # noqa: ANN001, F811
    event = _by_trigger(code(nlp, stages, "Ethiopia agreed to end the fighting with Eritrea."), "agreed")
    assert event.cameo == "0356" and not event.modality.negated


def test_refusing_to_halt_shelling_is_a_refusal_to_de_escalate(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "The Serbian army refused to halt the shelling of Sarajevo.")
    assert [event.cameo for event in events if event.cameo.startswith("12")] == ["1246"]
    assert not any(event.cameo[:2] in {"13", "18", "19"} for event in events)


def test_halting_air_strikes_is_de_escalation(nlp, stages) -> None:  # noqa: ANN001, F811
    event = _by_trigger(code(nlp, stages, "Israel halted its air strikes on Gaza on Monday."), "halted")
    assert event.cameo == "087"


def test_an_inability_is_no_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("The senator will be unable to turn the voters against the governor.",
                 "Israel and Syria were unable to agree on a venue for the talks."):
        assert not [event.cameo for event in code(nlp, stages, text) if event.cameo[:2] in {"12", "03"}], text


def test_a_passport_handed_in_is_no_surrender(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "The president has ordered that the former minister should surrender his passport to the embassy.")
    assert not [event.cameo for event in events if event.cameo.startswith("087")]


def test_a_trip_for_treatment_is_no_visit(nlp, stages) -> None:  # noqa: ANN001, F811
    assert not code(nlp, stages, "The former Zambian president flew to Germany for medical treatment on Sunday.")
    event = _by_trigger(code(nlp, stages, "Putin will travel to China next week for talks with Xi."), "travel")
    assert event.cameo.startswith("04") or event.cameo == "036"


def test_a_candidates_attack_is_criticism(nlp, stages) -> None:  # noqa: ANN001, F811
    event = _by_trigger(code(nlp, stages, "The billionaire candidate has attacked America's allies in Asia."), "attacked")
    assert event.cameo.startswith("11")
    noun = _by_trigger(code(nlp, stages, "The advert showed Trump's attack on Senator McCain."), "attack")
    assert noun.cameo.startswith("11")
    force = _by_trigger(code(nlp, stages, "Militants attacked a NATO convoy near Kabul."), "attacked")
    assert force.cameo[:2] in {"18", "19"}


def test_the_writers_should_is_advice(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Mexico should sue the United States in every court to block the tariffs.")
    assert events and all(event.modality.hypothetical for event in events)


def test_the_aim_of_a_possible_act_is_possible(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Iran could send troops to attack the Kurdish rebels.")
    assert _by_trigger(events, "attack").modality.hypothetical


def test_must_have_is_an_inference_about_a_fact(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Iran must have known about the attack on the embassy.")
    assert not _by_trigger(events, "attack").modality.hypothetical


def test_a_coordinated_verb_keeps_its_own_modality(nlp, stages) -> None:  # noqa: ANN001, F811
    signed = _by_trigger(code(nlp, stages, "Russia could cut gas supplies, but it has signed a deal with Ukraine."), "signed")
    assert not signed.modality.hypothetical
    imposed = _by_trigger(code(nlp, stages, "The EU will review its policy and has imposed sanctions on Iran."), "imposed")
    assert imposed.cameo.startswith("16") and not imposed.modality.future
    both = code(nlp, stages, "Russia will meet Chinese officials and sign a trade agreement.")
    assert _by_trigger(both, "sign").modality.future


def test_an_announced_deployment_is_no_threat(nlp, stages) -> None:  # noqa: ANN001, F811
    event = _by_trigger(code(nlp, stages, "The Pentagon will deploy two aircraft carriers to the Gulf next month."), "deploy")
    assert event.cameo.startswith("15") and event.modality.future
    threat = _by_trigger(code(nlp, stages, "Iran threatened to deploy troops to the border with Iraq."), "threatened")
    assert threat.cameo.startswith("13")


def test_a_peace_appeal_is_no_rallying_of_opposition(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("The Arab League called for a halt to Israeli attacks on Gaza.",
                 "Obama urged Israel to refrain from attacking Iran.",
                 "The African Union urged an immediate end to the fighting between Sudan and Chad."):
        events = code(nlp, stages, text)
        assert events and not [event.cameo for event in events if event.cameo.startswith("11")], text
        assert any(event.cameo[:2] in {"02", "10"} for event in events), text


def test_the_end_of_a_war_is_no_de_escalation(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Iraqi soldiers returned to Baghdad at the end of the war with Iran.")
    assert not [event.cameo for event in events if event.cameo.startswith("087")]


def test_private_law_and_petty_crime_are_no_political_acts(nlp, stages) -> None:  # noqa: ANN001, F811
    for text in ("Apple sued Samsung in a California court over smartphone patents.",
                 "The shareholders of the bank rejected a hostile takeover bid from Barclays.",
                 "Police arrested two men for armed robbery in Lagos."):
        assert not code(nlp, stages, text), text
    assert _by_trigger(code(nlp, stages, "Greenpeace sued the French government over its nuclear tests."), "sued").cameo == "115"
    negligence = "The flood victims sued the provincial government for negligence."
    assert _by_trigger(code(nlp, stages, negligence), "sued").cameo == "115"
    spy = _by_trigger(code(nlp, stages, "The American journalist was arrested for spying in Iran."), "arrested")
    assert spy.cameo == "173"


def test_an_idea_talked_about_is_no_deed(nlp, stages) -> None:  # noqa: ANN001, F811
    for text, word in (("The senator suggested sending troops to Syria.", "sending"),
                       ("Some Republicans advocated bombing Iran's nuclear sites.", "bombing"),
                       ("The candidate has mentioned cutting taxes and forcing Mexico to pay for the wall.", "forcing")):
        events = [event for event in code(nlp, stages, text) if event.trigger.text.lower().startswith(word)]
        assert events and all(event.modality.hypothetical for event in events), text
    assert not _by_trigger(code(nlp, stages, "The president mentioned the attack on the embassy in his speech."),
                           "attack").modality.hypothetical
