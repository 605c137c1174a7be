"""Words that look like triggers but name no act (issue 11, s10 real-news audit): a trigger word
inside a fixed connective ("as opposed to") and a verb whose object is "nothing". Sentences
written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def test_as_opposed_to_is_a_connective_not_a_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    text = "The panel led by John Smith, a former minister of Canada, proposed 30 elected seats as opposed to 20 appointed seats."
    assert not _on(code(nlp, stages, text), "opposed"), [(e.cameo, e.trigger.text) for e in code(nlp, stages, text)]


def test_being_opposed_to_something_is_still_a_refusal(nlp, stages) -> None:  # noqa: ANN001, F811
    events = _on(code(nlp, stages, "Russia is strongly opposed to sanctions against Iran."), "opposed")
    assert events and all(event.cameo_root == "12" for event in events), [(e.cameo, e.trigger.text) for e in events]


def test_an_act_with_nothing_as_its_object_is_none(nlp, stages) -> None:  # noqa: ANN001, F811
    events = code(nlp, stages, "The minister offered nothing to the rebels.")
    assert not _on(events, "offered"), [(e.cameo, e.trigger.text) for e in events]
    offered = _on(code(nlp, stages, "The minister offered talks to the rebels."), "offered")
    assert offered and offered[0].cameo_root == "03", [(e.cameo, e.trigger.text) for e in offered]


def test_asking_a_government_to_arrest_is_an_appeal(nlp, stages) -> None:  # noqa: ANN001, F811
    text = "The envoy of the European Union advised the government of Kenya to arrest the gunmen quickly."
    events = _on(code(nlp, stages, text), "advised")
    assert events and all(event.cameo_root == "02" for event in events), [(e.cameo, e.trigger.text) for e in events]
