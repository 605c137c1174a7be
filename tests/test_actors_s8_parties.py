"""Actors, session 8 (issue 11 item 0): the American parties' members by name. Sentences written for
these tests.

"Democrats" and "Republicans" name the American parties' members in English news, as the party's
full name does (organisations.yaml groups, USAPTY); a country named right on them still wins.
"""

from __future__ import annotations

import pytest

from detente.actors import find_mentions
from tests.test_events_coder import article, stages  # noqa: F401 - the session fixture


def _codes(nlp, stages, text: str) -> dict[str, str | None]:  # noqa: ANN001, F811
    knowledge = stages[0]
    return {mention.text: mention.code for mention in find_mentions(nlp(text), article(text), knowledge)}


@pytest.mark.parametrize(("text", "name"), [
    ("The court turned down an appeal filed by Democrats in Nevada on Monday.", "Democrats"),
    ("Republicans blocked the senator's proposal to raise the minimum wage.", "Republicans"),
])
def test_actors_s8_party_members_are_the_american_party(nlp, stages, text: str, name: str) -> None:  # noqa: F811
    codes = _codes(nlp, stages, text)
    assert codes.get(name) == "USAPTY", codes


def test_actors_s8_a_named_country_owns_its_democrats(nlp, stages) -> None:  # noqa: F811
    codes = _codes(nlp, stages, "Sweden's Democrats criticised the budget of the government.")
    assert codes.get("Democrats") == "SWEPTY", codes
