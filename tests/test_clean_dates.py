"""Explicit dates in text, with their precision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.clean.dates import find_dates


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("Date 2018.07.10 / 15:52", "2018-07-10T15:52", "day"),
        ("published 2021-10-18T09:30:00Z", "2021-10-18T09:30", "day"),
        ("on October 7, 2021 even more", "2021-10-07", "day"),
        ("on 7 October 2021 even more", "2021-10-07", "day"),
        ("In March 2018, the alliance", "2018-03", "month"),
        ("on July 13th, was", None, "day-no-year"),
        ("18.10.2021 12:00", "2021-10-18T12:00", "day"),
        ("Sept. 5, 2019", "2019-09-05", "day"),
    ],
)
def test_dates_found_with_precision(text: str, iso: str | None, precision: str) -> None:
    (mention,) = find_dates(text)
    assert mention.iso() == iso
    assert mention.precision == precision
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize("text", ["they may prompt a reply", "February 30, 2020", "2021-13-01", "a 3-2 win"])
def test_dates_ignores_non_dates(text: str) -> None:
    assert [mention for mention in find_dates(text) if mention.day is not None and mention.year is not None] == []


@given(st.text(max_size=300))
def test_dates_property_spans_are_consistent(text: str) -> None:
    previous_end = 0
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
