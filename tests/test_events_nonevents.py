"""Non-events: sport results, fixed expressions, pending conditions, unconfirmed reports,
background nouns and descriptive participles code no current event (sentences written for
these tests; the rules are `event_context`, `event_figurative` and `event_modality` in
detente/data/events/rules.yaml)."""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture

CONFLICT = {"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}


def _asserted(events):  # noqa: ANN001, ANN202
    return [e for e in events if not e.modality.hypothetical and not e.modality.negated]


@pytest.mark.parametrize(
    "text",
    [
        "Spain beat Germany 2-1 in the World Cup final on Sunday.",
        "Brazil defeated Argentina in the semifinal of the football tournament in Rio.",
        "Italy's midfielder attacked the French goalkeeper during the match, the referee said.",
    ],
)
def test_events_sports_results_code_no_conflict(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root in CONFLICT], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "A team of UN inspectors was attacked in Baghdad on Monday.",
        "The Arab League condemned the Israeli attack on Gaza.",
        "Russian troops attacked Georgian forces near Gori on Monday.",
    ],
)
def test_events_a_weak_sports_word_alone_keeps_the_event(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert any(e.cameo_root in {"11", "18", "19"} for e in events), [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "The United States launched the war on terror after the September 11 attacks.",
        "Mexico's war on drugs has cost thousands of lives, Brazil said.",
        "Chinese soldiers fired a 21-gun salute as President Bush arrived in Beijing.",
        "China hastened to fight bird flu earlier this month, the ministry said.",
    ],
)
def test_events_fixed_expressions_and_salutes_are_no_fighting(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root in {"18", "19", "20"}], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Islamists refused to negotiate until Ethiopia withdrew its troops.", "withdrew"),
        ("Israel will not withdraw its troops until Hamas releases the soldier.", "releases"),
        ("Bosnian Serbs demanded a truce with Moslem forces before allowing UN aid convoys into Srebrenica.", "allowing"),
    ],
)
def test_events_until_and_before_under_a_refusal_are_conditions(nlp, stages, text: str, trigger: str) -> None:  # noqa: F811
    # a condition of another event word is not coded at all (drop_subordinate_conditions); never as a fact
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert not [e for e in events if not e.modality.hypothetical], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Fighting continued until Ethiopian troops withdrew from Mogadishu.", "withdrew"),
        ("Israeli troops withdrew from Gaza before Egyptian police arrived.", "withdrew"),
    ],
)
def test_events_a_plain_time_clause_stays_a_fact(nlp, stages, text: str, trigger: str) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and not any(e.modality.hypothetical for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan ministry did not confirm the seizure of the ship by Somali pirates.",
        "Gurkha soldiers have a long history of UN peacekeeping missions in Lebanon.",
        "Judge Alejandro Rivera opened investigations against 28 Chilean officials suspected of taking kickbacks.",
    ],
)
def test_events_unconfirmed_background_and_descriptions_code_nothing(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root in {"07", "11", "17"}], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Russia confirmed the seizure of the ship by Somali pirates.", "17"),
        ("Georgia was accused by Russia of shelling South Ossetia.", "11"),
        ("Russia accused Georgia of shelling South Ossetia on Monday.", "11"),
    ],
)
def test_events_confirmed_and_agentive_acts_are_kept(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    assert any(e.cameo_root == root for e in _asserted(code(nlp, stages, text)))


@pytest.mark.parametrize(
    "text",
    [
        "Obama asked the audience to imagine a world without nuclear weapons.",
        "The Norwegian Nobel Committee wishes to underline that this threat must be met through international cooperation.",
        "Wen visited the plant, frequently asking questions about vaccine research.",
    ],
)
def test_events_a_frame_over_thinking_or_saying_codes_no_appeal_or_intent(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.cameo_root in {"02", "03"}], [(e.cameo, e.trigger.text) for e in events]


def test_events_a_frame_over_an_action_is_still_coded(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The United States asked Japan to help Iraq.")
    assert any(e.cameo_root == "02" for e in events)


def test_events_for_x_to_act_is_not_yet_done(nlp, stages) -> None:  # noqa: F811
    text = "Fighting erupted hours after the expiry of an Islamist-imposed ultimatum for Ethiopia to withdraw its troops."
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith("withdraw")]
    assert all(e.modality.hypothetical for e in events)


def test_events_a_quoted_thinking_complement_is_no_appeal(nlp, stages) -> None:  # noqa: F811
    text = 'ElBaradei asked the audience to "imagine what would happen if the nations of the world spent more on development."'
    assert not [e for e in code(nlp, stages, text) if e.cameo_root == "02"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("He called for new progress in bird flu vaccine research.", False),
        ("Germany called on Russia to withdraw its troops from Georgia.", True),
    ],
)
def test_events_an_appeal_or_demand_needs_an_addressee(nlp, stages, text: str, codes: bool) -> None:  # noqa: F811
    found = [e for e in code(nlp, stages, text) if e.cameo_root in {"02", "10"}]
    assert bool(found) == codes, [(e.cameo, e.trigger.text) for e in found]

