"""Places stand for where an event happens, not for who acts (issue 11 item 0; sentences written for these tests).

Rules (events/coder.py `_fallbacks`, rules.yaml `location_*_roots`, `place_only_sides`, `group_roles`):
- words that name an unnamed side ("gunmen", "insurgents", "protesters") keep their words and take
  the place's country with the role the noun says (Phoenix agents: gunman UAF, insurgent REB, ...);
- a side no words name takes the place's country with no text offsets (`country`) or stays empty
  (`drop`); the place name is never the actor's text;
- a meeting held in a third country does not make that country a side.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from detente.records import Event
from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _side(event: Event, which: str) -> tuple[str | None, str | None, int | None] | None:
    actor = event.source if which == "source" else event.target
    return None if actor is None else (actor.text, actor.code, actor.start)


@pytest.mark.parametrize(
    ("text", "root", "which", "words", "expected"),
    [
        ("Gunmen killed five villagers in Algeria on Sunday.", "19", "source", "Gunmen", "DZAUAF"),
        ("Gunmen killed five villagers in Algeria on Sunday.", "19", "target", "five villagers", "DZACVL"),
        ("US troops killed five insurgents in Iraq on Tuesday.", "19", "target", "insurgents", "IRQREB"),
        ("Chinese police arrested dozens of protesters on Sunday.", "17", "target", "protesters", "CHNOPP"),
    ],
)
def test_events_an_unnamed_group_keeps_its_words_with_a_country_and_role(nlp, stages, text: str, root: str,  # noqa: F811
                                                                        which: str, words: str, expected: str) -> None:
    events = [event for event in code(nlp, stages, text) if event.cameo_root == root]
    assert events, text
    side = _side(events[0], which)
    assert side is not None and side[0] == words and side[1] == expected, side


def test_events_a_place_is_never_the_actors_words(nlp, stages) -> None:  # noqa: F811
    events = [event for event in code(nlp, stages, "Police arrested two men in Slovakia on Friday.")
              if event.cameo_root == "17"]
    assert events
    assert _side(events[0], "source") == ("Police", "SVKCOP", 0)
    assert _side(events[0], "target") == ("SVK", "SVK", None)  # the place's country, span-less


def test_events_place_only_sides_drop_leaves_the_side_empty(nlp, stages) -> None:  # noqa: F811
    knowledge, quote_lexicon, lexicon = stages
    text = "Police arrested two men in Slovakia on Friday."
    events = code(nlp, (knowledge, quote_lexicon, replace(lexicon, place_only_sides="drop")), text)
    arrests = [event for event in events if event.cameo_root == "17"]
    assert arrests and arrests[0].target is None
    assert arrests[0].source is not None and arrests[0].source.code == "SVKCOP"


@pytest.mark.parametrize(
    "text",
    [
        "Egypt and Libya held talks in Khartoum on Monday.",
        "Egypt held talks in Khartoum on Monday.",
    ],
)
def test_events_talks_in_a_third_country_do_not_make_it_a_side(nlp, stages, text: str) -> None:  # noqa: F811
    sides = {country for event in code(nlp, stages, text)
             for country in (event.source.country if event.source else None, event.target.country if event.target else None)}
    assert "SDN" not in sides, sides


def test_events_group_roles_are_cameo_codes(stages) -> None:  # noqa: F811
    roles = stages[2].group_roles
    assert roles["gunman"] == "UAF" and roles["insurgent"] == "REB" and roles["protester"] == "OPP"
    assert all(len(role) == 3 and role.isupper() for role in roles.values())


@pytest.mark.parametrize(
    "text",
    [
        "Two men were arrested in Slovakia on Friday.",
        "Three soldiers were killed in Iraq by a roadside bomb on Sunday.",
        "A border guard was detained at Vienna airport in Austria last week.",
    ],
)
def test_events_a_passive_without_a_doer_never_makes_the_place_the_source(nlp, stages, text: str) -> None:  # noqa: F811
    for event in code(nlp, stages, text):
        for actor in (event.source, event.target):
            assert actor is None or actor.text not in {"Slovakia", "Iraq", "Vienna", "Austria"}, (event.cameo, actor)
        assert event.source is None or event.source.start is None or event.source.text != event.source.country
