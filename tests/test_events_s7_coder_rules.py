"""Two coder rules (issue 11, session 7), on sentences written for these tests.

1. An appeal or demand that an actor NOT do a conflict act ("urged Serbia not to attack Kosovo")
   is an appeal or demand for de-escalation (0256 / 1056, event_tables `appeal_not`/`demand_not`
   in rules.yaml), and it is not negated: the appeal happened. Asking for the act itself is unchanged.
2. An event noun after a topic preposition ("Regarding the recognition of Kosovo, ...",
   `event_settings.topic_prepositions`) is a topic, not an event; the same noun elsewhere still codes.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The European Union urged Serbia not to attack Kosovo.", "0256"),
        ("Russia asked Georgia not to fire on its peacekeepers.", "0256"),
        ("The UN urged Syria to stop attacking Aleppo.", "0256"),
        ("The Security Council demanded that Israel not bomb Gaza.", "1056"),
        ("The president urged protesters not to demonstrate in the capital.", "0252"),
    ],
)
def test_asking_not_to_fight_is_an_appeal_for_de_escalation(nlp, stages, text, expected) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, text)
    assert [(event.cameo, event.modality.negated) for event in events] == [(expected, False)]


def test_asking_for_the_attack_itself_is_unchanged(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Washington urged Turkey to attack the militants.")
    assert [event.cameo for event in events] == ["113"]


@pytest.mark.parametrize(
    "text",
    [
        "Regarding the recognition of Kosovo, the Serbian minister said nothing had changed.",
        "Concerning the withdrawal of troops from Iraq, the general said the plan was on schedule.",
        "With regard to the invasion of Ukraine, the spokesman refused to speculate.",
        "On the question of sanctions against Cuba, the delegates said little.",
    ],
)
def test_an_event_noun_after_a_topic_preposition_codes_nothing(nlp, stages, text) -> None:  # noqa: ANN001, F811
    assert code(nlp, stages, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia announced the withdrawal of its troops from Georgia on Monday.", "087"),
        ("Germany announced its recognition of Kosovo on Tuesday.", "054"),
    ],
)
def test_the_same_nouns_outside_a_topic_phrase_still_code(nlp, stages, text, expected) -> None:  # noqa: ANN001, F811
    assert expected in [event.cameo for event in code(nlp, stages, text)]


def test_a_real_act_after_about_still_codes(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "Turkey said it had learned about the bombing of the consulate in Erbil.")
    assert any(event.cameo.startswith("18") for event in events)


def test_topic_prepositions_are_lexicon_data_a_user_file_extends(tmp_path) -> None:
    """The list is read with the event lexicon (no module cache), longest phrase first, and a
    user's rules file (Settings.extra_data) adds to it."""
    from detente.events.lexicon import load_event_lexicon

    user = tmp_path / "rules.yaml"
    user.write_text("event_settings:\n  topic_prepositions: [\"in connection with\"]\n", encoding="utf-8")
    shipped = load_event_lexicon(dictionary=False).topic_prepositions
    extended = load_event_lexicon((user,), dictionary=False).topic_prepositions
    assert ("regarding",) in shipped and ("in", "connection", "with") not in shipped
    assert ("in", "connection", "with") in extended and set(shipped) <= set(extended)
    assert [len(phrase) for phrase in shipped] == sorted((len(phrase) for phrase in shipped), reverse=True)
