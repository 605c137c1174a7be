"""Events that the text does not report as done: options weighed, meetings ahead, conditions in a
speaker's own words, predictions about others, advice, anonymity, figurative attacks, fixed phrases
and consequences of historical acts (sentences written for these tests; the rules are in
detente/data/events/rules.yaml and triggers.yaml)."""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _shown(events):  # noqa: ANN001, ANN202
    return [(e.cameo, e.trigger.text, e.modality) for e in events]


def _at(events, trigger: str):  # noqa: ANN001, ANN202
    return [e for e in events if e.trigger.text.startswith(trigger)]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russia hinted at cutting gas supplies to Ukraine.", "cutting"),
        ("Russia is considering sending troops to Syria.", "sending"),
        ("The European Union is weighing sanctions against Belarus.", "sanctions"),
    ],
)
def test_events_an_option_weighed_is_hypothetical(nlp, stages, text: str, trigger: str) -> None:  # noqa: F811
    found = _at(code(nlp, stages, text), trigger)
    assert found and all(e.modality.hypothetical for e in found), _shown(found)


def test_events_an_act_done_is_not_hypothetical(nlp, stages) -> None:  # noqa: F811
    found = _at(code(nlp, stages, "Russia cut gas supplies to Ukraine on Monday."), "cut")
    assert found and not any(e.modality.hypothetical for e in found), _shown(found)


@pytest.mark.parametrize(
    "text",
    [
        "Putin and Bush are to meet next week in Moscow.",
        "The two presidents meet tomorrow in Moscow.",
        "Putin meets Bush next week in Moscow.",
    ],
)
def test_events_a_meeting_ahead_is_future(nlp, stages, text: str) -> None:  # noqa: F811
    found = [e for e in code(nlp, stages, text) if e.cameo_root in {"03", "04"}]
    assert found and all(e.modality.future for e in found), _shown(found)


def test_events_a_meeting_held_is_not_future(nlp, stages) -> None:  # noqa: F811
    found = [e for e in code(nlp, stages, "Putin met the French president in Moscow on Monday.") if e.cameo_root == "04"]
    assert found and not any(e.modality.future for e in found), _shown(found)


@pytest.mark.parametrize(
    ("text", "hypothetical"),
    [
        ('"We would reject any efforts by Syria to interfere," the State Department spokesman said.', True),
        ('"We would welcome talks with Iran," the French foreign minister said on Monday.', True),
        ("The French foreign minister said Paris would welcome talks with Iran.", False),  # reported: the future
    ],
)
def test_events_would_in_a_speakers_own_words_is_a_condition(nlp, stages, text: str, hypothetical: bool) -> None:  # noqa: F811
    found = [e for e in code(nlp, stages, text) if e.cameo_root in {"03", "05", "12"}]
    assert found and all(e.modality.hypothetical == hypothetical for e in found), _shown(found)


@pytest.mark.parametrize(
    "text",
    [
        "Israel warned that Hamas could take control of the Gaza Strip.",
        "Somalia warned that foreign terrorists had joined the Islamists.",
        "The Hamas leader warned that there would be a third intifada.",
    ],
)
def test_events_a_warning_about_others_is_no_threat(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root == "13"], _shown(events)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Iran warned it would retaliate against Israel.", "IRN"),
        ("The United States warned that Iran would face sanctions.", "USA"),
        ("Iran threatened to cut oil supplies to France.", "IRN"),
    ],
)
def test_events_a_warning_of_ones_own_act_is_a_threat(nlp, stages, text: str, source: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "13" and e.source and e.source.country == source for e in events), _shown(events)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("The United States should start talks with North Korea, China said on Monday.", "02"),
        ("Russia said the United States ought to withdraw its troops from Iraq.", "02"),
        ("Iran must stop enrichment, France said.", "10"),
    ],
)
def test_events_advice_is_an_appeal_and_an_obligation_a_demand(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert [e.cameo_root for e in events] == [root], _shown(events)


@pytest.mark.parametrize(
    "text",
    [
        "A French diplomat, asking not to be named, said Paris would support the plan.",
        "An Israeli official, who declined to be identified, said the talks had ended.",
    ],
)
def test_events_a_source_asking_anonymity_is_no_appeal(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root in {"02", "12"}], _shown(events)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Merkel attacked the policy of the French government on Monday.", "11"),
        ("The opposition attacked the government's budget on Tuesday.", "11"),
        ("US-led forces attacked Taliban positions on Monday.", "19"),
    ],
)
def test_events_attacking_a_policy_is_criticism(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert [e.cameo_root for e in events if e.trigger.text.startswith("attack")][:1] == [root], _shown(events)


@pytest.mark.parametrize(
    ("text", "root", "kept"),
    [
        ("Iran met the energy needs of Pakistan last year.", "04", False),
        ("Germany met the French president in Berlin on Monday.", "04", True),
        ("Russia on Monday marked the 60th anniversary of the end of the war with a parade.", "01", False),
        ("Iran has insisted that its nuclear program is peaceful.", "10", False),
        ("Iran has insisted on a withdrawal of US troops from Iraq.", "10", True),
        ("The forces have been pressed and they are losing, Somalia said.", "10", False),
        ("Iraq was pressed by the United States to hold elections.", "10", True),
    ],
)
def test_events_fixed_phrases_and_bare_frames(nlp, stages, text: str, root: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == root for e in events) == kept, _shown(events)


def test_events_consequence_of_a_historical_act_is_background(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Iraq invaded Kuwait in 1990, triggering a war with the United States, Bush said on Monday.")
    assert not [e for e in events if e.cameo_root in {"18", "19", "20"}], _shown(events)


def test_events_consequence_of_a_current_act_is_coded(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Iraq invaded Kuwait on Monday, triggering a war with the United States.")
    assert any(e.cameo_root == "19" for e in events), _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hamas leader Khaled Meshaal warned that the Palestinian Authority could collapse.", False),  # a rival's fate
        ("Israel warned that its army would strike Hamas targets in Gaza.", True),  # its own army: a threat
    ],
)
def test_events_a_warning_is_a_threat_only_of_the_speakers_side(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "13" for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Asked by reporters whether there was a consensus on the quota, the Kuwaiti minister said he believed so.", False),
        ("Uganda asked the rebels what they wanted.", False),
        ("Uganda asked the rebels to release the hostages.", True),
    ],
)
def test_events_a_question_is_no_appeal(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "02" for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("They received the prize 60 years after the United States dropped two atomic bombs on Japan.", False),
        ("The rebels killed dozens of villagers 20 years ago, Uganda said on Monday.", False),
        ("The rebels killed dozens of villagers decades ago, Uganda said on Monday.", False),
        ("The rebels killed dozens of villagers two years ago, Uganda said on Monday.", True),
    ],
)
def test_events_an_act_long_ago_is_background(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root in {"18", "20"} for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Syria has denied any links to the killing of the Lebanese prime minister.", False),
        ("The bank's bad loans from China may push reform costs up, Japan said.", False),
        ("Japan gave loans to Indonesia on Monday.", True),
    ],
)
def test_events_references_and_fixed_phrases_are_no_event(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root in {"07", "18"} for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("China's law on wild animal protection prohibits the hunting of animals under state protection.", False),
        ("But regulations which prohibit use of foreign satellites in Indonesia could be a problem, Sylvia said.", False),
        ("China prohibits the hunting of animals, the ministry said.", True),
    ],
)
def test_events_a_standing_rule_is_no_act(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "17" for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "arrest"),
    [
        ("Iran has insisted that its program is peaceful, while the United States and Israel have charged it is a cover "
         "for a bomb programme.", False),
        ("The Iranian diplomat was charged with spying, Germany said.", True),
    ],
)
def test_events_charging_that_is_an_allegation_not_a_charge(nlp, stages, text: str, arrest: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "17" for e in events) == arrest, _shown(events)


def test_events_a_meeting_ahead_of_which_one_speaks_is_future(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "OPEC members look set to maintain their quota, the cartel's chief said on Saturday "
                               "ahead of a one-day meeting with Iran in Kuwait.")
    found = [e for e in events if e.trigger.text == "meeting"]
    assert found and all(e.modality.future for e in found), _shown(events)


@pytest.mark.parametrize(
    ("text", "root", "kept"),
    [
        ("China's CNOOC took control of a Nigerian oil field last year, Nigeria said.", "19", False),
        ("Israeli troops took control of the town of Jenin on Monday.", "19", True),
        ("The Chinese company seized a 30 percent share of the Indian market.", "17", False),
        ("Iran fired its central bank governor on Monday.", "19", False),
        ("Israeli troops fired rockets at Gaza on Monday.", "19", True),
    ],
)
def test_events_business_and_dismissals_are_no_force(nlp, stages, text: str, root: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == root for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "trigger", "kept"),
    [
        ("Islamists refused to negotiate until Ethiopia withdrew its troops.", "withdrew", False),  # the refusal's condition
        ("Ethnic Albanians have sworn to fight until they gain control of villages near Macedonia's border.", "gain", False),
        ("Ghana could be sanctioned in February, the report said.", "sanctioned", True),  # hangs from no other event
    ],
)
def test_events_a_condition_of_another_event_is_not_coded(nlp, stages, text: str, trigger: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert bool(_at(events, trigger)) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The WFP ambassador gave a press conference in Milan, Italy said.", False),  # "in Milan" is no particle
        ("Iran gave in to US pressure on Monday.", True),
    ],
)
def test_events_giving_in_needs_the_particle_alone(nlp, stages, text: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == "08" for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "root", "kept"),
    [
        ("Syria, which has vowed to recover the Golan Heights, met Iran on Monday.", "03", False),  # describes Syria
        ("Syria, which has vowed to recover the Golan Heights, met Iran on Monday.", "04", True),
        ("Syria condemned the Israeli troops that attacked Lebanon on Monday.", "19", True),  # restrictive: which troops
        ("Syria, which attacked Lebanon on Monday, said nothing.", "19", True),  # the sentence's only event
    ],
)
def test_events_a_describing_clause_is_background(nlp, stages, text: str, root: str, kept: bool) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root == root for e in events) == kept, _shown(events)


@pytest.mark.parametrize(
    ("text", "hypothetical"),
    [
        ('"We cannot accept a situation in which trade ruins the poorest nations," the French president said.', False),
        ("France can't support the plan of Iran, the French president said.", False),
        ("Iran could accept the offer, Russia said.", True),
    ],
)
def test_events_a_negated_ability_is_a_fact(nlp, stages, text: str, hypothetical: bool) -> None:  # noqa: F811
    found = [e for e in code(nlp, stages, text) if e.cameo_root in {"03", "12"}]
    assert found and all(e.modality.hypothetical == hypothetical for e in found), _shown(found)
