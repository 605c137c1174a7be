"""Precision before recall (issue 11 item 1, wire fold 0): triggers that name no political act
are not coded, and their real uses still are (sentences written for these tests)."""

from __future__ import annotations

import pytest

from detente.actors import find_mentions
from detente.events import find_events
from detente.quotes import find_quotes
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture


def roots(events: list) -> list[str]:
    return [event.cameo_root for event in events]


@pytest.mark.parametrize(
    "text",
    [
        "Iran will appeal the ruling, the foreign ministry said on Monday.",
        "The Justice Department appealed the case to the Supreme Court in July.",
    ],
)
def test_events_a_legal_appeal_is_no_appeal(nlp, stages, text: str) -> None:  # noqa: F811
    assert "02" not in roots(code(nlp, stages, text))


def test_events_an_appeal_to_someone_is_still_coded(nlp, stages) -> None:  # noqa: F811
    assert "02" in roots(code(nlp, stages, "Iran appealed to Russia to help end the crisis."))


def test_events_readiness_over_the_next_clause_is_no_intent(nlp, stages) -> None:  # noqa: F811
    text = ("Governor Mohammad Daud was about to leave and as his motorcade and bodyguards were prepared "
            "the attacker penetrated into the governor's house.")
    assert "03" not in roots(code(nlp, stages, text))


@pytest.mark.parametrize(
    "text",
    [
        "Ready for Trump vs. Clinton?",
        "Writing for a panel that all agreed Pence won the debate, Barabak noted his success.",
    ],
)
def test_events_an_intent_frame_over_a_name_is_no_intent(nlp, stages, text: str) -> None:  # noqa: F811
    assert "03" not in roots(code(nlp, stages, text))


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Iran is ready for talks with the United States.", "03"),
        ("Syria is prepared to resume talks with Israel.", "03"),
        ("Israel threatened Hamas on Monday.", "13"),
    ],
)
def test_events_frames_with_an_act_are_still_coded(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    assert root in roots(code(nlp, stages, text))


def test_events_a_thing_that_should_do_something_is_asked_nothing(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Matthews said Pence's performance should boost Trump's poll numbers.")
    assert not [e for e in events if e.cameo_root in {"02", "10"}], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Germany said Iran's leaders must stop enrichment.", "10"),
        ("Russia said the Ukrainian government should start talks with the rebels.", "02"),
    ],
)
def test_events_an_actor_that_should_act_is_still_asked(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    assert root in roots(code(nlp, stages, text))


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("According to reports the UK is pushing hard for the US support its debt relief plan to tackle poverty in Africa.", "05"),
        ("Jordan welcomed the Iraqi offer to resume oil deliveries.", "05"),
    ],
)
def test_events_a_plan_or_offer_acted_upon_is_no_second_event(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    assert roots(code(nlp, stages, text)) == [root]


def test_events_an_offer_of_ones_own_is_still_coded(nlp, stages) -> None:  # noqa: F811
    assert roots(code(nlp, stages, "Iran offered to hold talks with the United States.")) == ["03"]


def test_events_a_present_relative_clause_is_a_standing_stance(nlp, stages) -> None:  # noqa: F811
    text = "Trump will accuse the audience of being special interest groups that support Clinton."
    support = [e for e in code(nlp, stages, text) if e.cameo_root == "05"]
    assert support and all(e.modality.background for e in support)


def test_events_a_past_relative_clause_is_still_an_act(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Militants who attacked a police station in Kandahar on Monday killed three officers.")
    assert [e for e in events if e.cameo_root == "18" and not e.modality.background]


@pytest.mark.parametrize("text", [
    "Firefighters from Malaysia helped Indonesia fight the haze on Sumatra.",
    "Indonesian soldiers battled the blaze in Riau on Monday.",
])
def test_events_fighting_a_natural_hazard_is_no_force(nlp, stages, text: str) -> None:  # noqa: F811
    assert not [e for e in code(nlp, stages, text) if e.cameo_root in {"18", "19"}]


def test_events_opening_fire_is_still_force(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Israeli troops opened fire on Palestinian protesters in Gaza on Monday.")
    assert [e for e in events if e.cameo_root in {"18", "19"}]


@pytest.mark.parametrize("text", [
    "Once he has said his piece, Trump is ready to move on.",
    "Nantes wants him to replace Serb keeper Vladamir Stojkovic, who is keen to leave.",
])
def test_events_readiness_with_no_act_and_no_one_is_no_intent(nlp, stages, text: str) -> None:  # noqa: F811
    assert "03" not in roots(code(nlp, stages, text))


def test_events_readiness_towards_someone_is_still_intent(nlp, stages) -> None:  # noqa: F811
    assert "03" in roots(code(nlp, stages, "China is ready to work with Vietnam to continue exploration."))


def test_events_rounding_up_stories_is_no_arrest(nlp, stages) -> None:  # noqa: F811
    text = "Below, POLITICO rounded up just a sampling of the ways that Oz has been discredited by the medical establishment."
    assert "17" not in roots(code(nlp, stages, text))


def test_events_rounding_up_people_is_still_an_arrest(nlp, stages) -> None:  # noqa: F811
    assert "17" in roots(code(nlp, stages, "Turkish police rounded up 30 Kurdish activists in Istanbul on Monday."))


@pytest.mark.parametrize("text", [
    "Iran thanked Britain for releasing the sailors on Monday.",
    "He attacked other candidates on stage for accepting his personal donations.",
])
def test_events_the_reason_for_praise_or_reproach_is_no_second_event(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert not [e for e in events if e.trigger.text.startswith(("releas", "accept"))], [(e.cameo, e.trigger.text) for e in events]


@pytest.mark.parametrize("text", [
    "Donald Trump was at ease in the Republican primary debates. He entered each debate with a game plan and flawlessly executed it.",
    "The Pentagon had a plan for Syria, and the US army flawlessly executed it.",
])
def test_events_executing_it_kills_no_one(nlp, stages, text: str) -> None:  # noqa: F811
    assert "18" not in roots(code(nlp, stages, text))


def test_events_a_present_perfect_in_a_relative_clause_is_a_record(nlp, stages) -> None:  # noqa: F811
    text = ("Clinton is in contrast to the New York businessman who lacks experience in government "
            "and has attacked Mexico as well as adversaries.")
    attacks = [e for e in code(nlp, stages, text) if e.cameo_root in {"11", "18", "19"}]  # a businessman's attack is criticism (11) since 93efbab
    assert attacks and all(e.modality.background for e in attacks)


def test_events_a_when_clause_is_no_description(nlp, stages) -> None:  # noqa: F811
    text = ("Britain is set to take over NATO's force in Afghanistan in early 2006, "
            "when the United States plans to withdraw 4,000 soldiers.")
    knowledge, quote_lexicon, lexicon = stages
    item, doc = article(text, published=None), nlp(text)  # undated: no date gap to flag it
    mentions = find_mentions(doc, item, knowledge)
    events = find_events(doc, item, mentions, find_quotes(doc, item, mentions, quote_lexicon), lexicon)
    withdrawals = [e for e in events if e.trigger.text.startswith("plans")]
    assert withdrawals and not any(e.modality.background for e in withdrawals), [(e.cameo, e.modality) for e in withdrawals]


def test_events_communities_that_should_act_are_asked(nlp, stages) -> None:  # noqa: F811
    text = ("Residential communities, schools, families, and factories should also launch a drive to build "
            "a harmonious culture, Chinese Premier Li said.")
    assert "02" in roots(code(nlp, stages, text))


@pytest.mark.parametrize("text", [
    "Trump can't make fun of the ratings if NBC anchor Lester Holt asks him about his tax returns.",
    "Reporters asked the Iranian foreign minister about the nuclear talks on Monday.",
])
def test_events_asking_about_a_topic_is_a_question(nlp, stages, text: str) -> None:  # noqa: F811
    assert "02" not in roots(code(nlp, stages, text))


def test_events_asking_for_help_is_still_an_appeal(nlp, stages) -> None:  # noqa: F811
    assert "02" in roots(code(nlp, stages, "Iraq asked Iran for help on Monday."))
