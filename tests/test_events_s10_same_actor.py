"""A target named in the text that resolves to the source itself (same name and code) is no
dyad (issue 11, s10 real-news audit: "he hoped it would encourage a dialogue" coded Obama ->
Obama; "the Vietnamese president accepted the invitation" coded the president -> himself). The
event keeps its source and has no target. Sentences written for these tests.
"""

from __future__ import annotations

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _on(events, word: str):  # noqa: ANN001, ANN202
    return [event for event in events if event.trigger.text.split()[0].lower().startswith(word)]


def _sides(events):  # noqa: ANN001, ANN202
    return [(e.cameo, e.source and e.source.text, e.target and e.target.text) for e in events]


def test_a_speaker_is_not_the_target_of_his_own_hope(nlp, stages) -> None:  # noqa: ANN001, F811
    text = "President Barack Obama opened the museum on Saturday. He said he hoped it would encourage a dialogue among Americans."
    events = _on(code(nlp, stages, text), "hoped")
    assert all(event.target is None or event.target.name != event.source.name for event in events), _sides(events)


def test_accepting_an_invitation_is_not_an_act_on_oneself(nlp, stages) -> None:  # noqa: ANN001, F811
    text = "Japan invited Vladimir Putin to Tokyo, and the Russian president accepted the invitation."
    events = code(nlp, stages, text)
    accepted = _on(events, "accepted")
    assert accepted and all(event.target is None for event in accepted), _sides(accepted)
    invited = _on(events, "invited")
    assert invited and invited[0].target is not None and invited[0].target.code == "RUSGOV", _sides(invited)
