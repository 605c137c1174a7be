"""Event sides, session 8 (issue 11 item 0): "the bomber" is the one the article placed before.
Sentences written for these tests.

An unnamed non-state armed group or person (CAMEO REB, UAF) that a place gave a country ("A gunman
opened fire on a market in northern Nigeria") keeps it when the article refers back to it with "the"
in a sentence that names no place ("the gunman"). Soldiers are not carried over: a place says where
they act, not whose they are.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


def test_sides_s8_the_bomber_is_the_one_placed_before(nlp, stages) -> None:  # noqa: F811
    text = ("A suicide bomber blew himself up outside a police station in northern Iraq on Sunday, killing ten people. "
            "Four policemen were killed when the suicide bomber drove his car into the gate, a witness said.")
    events = [e for e in code(nlp, stages, text) if e.source is not None and e.source.text == "the suicide bomber"]
    assert events and all(e.source.code == "IRQREB" for e in events), _sides(code(nlp, stages, text))


def test_sides_s8_an_indefinite_bomber_is_not_carried_over(nlp, stages) -> None:  # noqa: F811
    text = ("A suicide bomber blew himself up outside a police station in northern Iraq on Sunday, killing ten people. "
            "Four policemen were killed when a suicide bomber drove his car into the gate, a witness said.")
    events = [e for e in code(nlp, stages, text) if e.source is not None and e.source.text == "a suicide bomber"]
    assert all(e.source.country is None for e in events), _sides(events)
