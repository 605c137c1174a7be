"""Event sides, session 8 (issue 11 item 0): an international organisation has no home country for
its counterparts. Sentences written for these tests.

An unnamed group acted on by a country's body takes that country ("Kenya's police arrested
protesters"); acted on by an international organisation it keeps no country: the organisation's
key ("UN") is no state, so "the militias" a UN body acts on are not "UNREB", and a UN appeal is
not addressed to the UN.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _sides(events) -> set[tuple[str, str, str | None, str | None]]:  # noqa: ANN001 - detente Events
    return {(e.trigger.text, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
            for e in events}


@pytest.mark.parametrize("text", [
    "The Security Council decided on Friday to ban weapons shipments to the militias.",
    "The United Nations urged an immediate end to the fighting on Tuesday.",
    "The UN urged both sides to stop the fighting.",
])
def test_sides_s8_an_organisation_lends_no_country(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    codes = {side.code for e in events for side in (e.source, e.target) if side is not None}
    assert not any(code_ == "UN" or (code_ or "").startswith("UN") for code_ in codes), _sides(events)


def test_sides_s8_a_countrys_body_still_lends_its_country(nlp, stages) -> None:  # noqa: F811
    events = [e for e in code(nlp, stages, "Kenya's police arrested dozens of protesters on Sunday.")
              if e.cameo_root == "17"]
    assert events and all(e.target is not None and e.target.country == "KEN" for e in events), _sides(events)
