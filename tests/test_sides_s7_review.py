"""Event sides, review of session 7 (commit e60fc54). Sentences written for these tests.

A name inside a gerund after a preposition is left out of the sides of the act above only where
it is that deed's own side: anywhere in a deed a charge names ("accused of spying for X"), or in a
phrase of the gerund ("the plan of sending soldiers to X"). The object of a gerund that is no
charge is the act's own topic or target ("mulling the issue of releasing X", "ordered the closure
of the crossing to keep weapons from entering X").
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


@pytest.mark.parametrize(("text", "trigger", "target"), [
    ("Jordan's government is mulling on the issue of expelling Hamas leaders.", "mulling", "PSE"),
    ("The Israeli army is mulling over the question of freeing Palestinian prisoners.", "mulling", "PSE"),
    ("The defence minister ordered the closure of the border crossing to keep weapons from entering Gaza.",
     "ordered", "PSE"),
])
def test_sides_s7_review_a_gerunds_object_stays_the_target(nlp, stages, text: str, trigger: str,  # noqa: F811
                                                           target: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and all(e.target is not None and e.target.country == target for e in events), _sides(events)


@pytest.mark.parametrize(("text", "trigger", "named"), [
    ("Pakistan detained a man suspected of passing secrets to India.", "detained", "IND"),
    ("Indian police prevented a march organised by students to protest the plan of sending soldiers to Afghanistan.",
     "prevented", "AFG"),
])
def test_sides_s7_review_a_name_in_a_charge_or_a_gerunds_phrase_is_no_target(nlp, stages, text: str,  # noqa: F811
                                                                             trigger: str, named: str) -> None:
    events = [e for e in code(nlp, stages, text) if e.trigger.text.startswith(trigger)]
    assert events and all(e.target is None or e.target.country != named for e in events), _sides(events)
