"""A weekday right after a noun's "for" is the day something is set for: it lies ahead of the
publication date even when the sentence's verb is past ("a strike for Thursday was called").
Sentences written for these tests; published on Tuesday 2005-11-29."""

from __future__ import annotations

import pytest

from detente.timex import find_time_expressions

PUBLISHED = "2005-11-29"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A nationwide strike for Thursday was called by the unions.", "2005-12-01"),
        ("The opposition called a rally for Monday.", "2005-12-05"),
        # a possessive names a past day's event, and "on Thursday" is the act's own day
        ("He was arrested for Thursday's attack on the convoy.", "2005-11-24"),
        ("Police arrested him on Thursday for the attack.", "2005-11-24"),
    ],
)
def test_a_weekday_after_for(text: str, value: str) -> None:
    assert [item.value for item in find_time_expressions(text, PUBLISHED)] == [value]
