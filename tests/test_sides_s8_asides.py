"""Event sides, session 8 (issue 11 item 0): a place in an aside is no side. Sentences written for
these tests.

A place inside a non-restrictive modifier of a person or thing (an apposition or relative clause
after a comma, a phrase between commas) says where that one is or comes from, not where the event
happens: it gives the event no side through the place fallbacks nor through the object's phrase.
A restrictive modifier ("restrictions that kept Mexican trucks out") and an aside on a place ("at
Belet, south of Mogadishu,") still count. "March" is a month, not the English town.
"""

from __future__ import annotations

import pytest

from detente.places import in_aside
from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


def _countries(events) -> set[str | None]:  # noqa: ANN001 - detente Events
    return {side.country for e in events for side in (e.source, e.target) if side is not None}


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("The paper said Okafor, currently on holiday in Spain, could be detained when he returns.", "detained", "ESP"),
    ("Rahimi, who spent ten years in Pakistan, was arrested on Monday.", "arrested", "PAK"),
    ("Two men were killed on Sunday by Rahimi, a militant who lives in Pakistan.", "killed", "PAK"),
])
def test_sides_s8_a_place_in_an_aside_is_no_side(nlp, stages, text: str, trigger: str, place: str) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert place not in _countries(events), _sides(events)


def test_sides_s8_a_place_where_the_event_happens_stays(nlp, stages) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, "Gunmen attacked a village in northern Nepal on Sunday.")
              if e.trigger.text.startswith("attacked")]
    assert events and all(e.target is not None and e.target.country == "NPL" for e in events), _sides(events)


def test_sides_s8_march_is_a_month(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "Two activists were arrested in March for staging the protest.")
    assert "GBR" not in _countries(events), _sides(events)


@pytest.mark.parametrize(("text", "word", "aside"), [
    ("Ali, on holiday in France, was arrested.", "France", True),
    ("Zarqawi, who lived in Jordan, vowed attacks.", "Jordan", True),
    ("Police arrested Ali, a Syrian, on Monday.", "Syrian", False),
    ("Officials lifted restrictions that kept Mexican trucks out.", "Mexican", False),
    ("Rebels took a position at Belet, south of the capital in Somalia, on Monday.", "in", False),
])
def test_sides_s8_in_aside(nlp, text: str, word: str, aside: bool) -> None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    trigger = next(t for t in doc if t.dep_ == "ROOT")
    assert in_aside(token, trigger) is aside
