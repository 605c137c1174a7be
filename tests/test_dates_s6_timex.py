"""Session 6 rules of `detente.timex`: expressions counted from another date than the publication
date ("two days later", "a year earlier", "the previous day"), the year before the one reported
on ("year-earlier"), and a year's end. Sentences written for these tests."""

from __future__ import annotations

import pytest

from detente.timex import event_date, find_time_expressions

THURSDAY = "1989-10-26"


def resolved(sentence: str, published: str | None = THURSDAY, narrative: str | None = None) -> list[tuple[str, str | None, str | None]]:
    return [(found.text, found.value, found.precision)
            for found in find_time_expressions(sentence, published, narrative=narrative)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # counted from the publication date when the sentence names no date before them
        ("Sales fell 5% from a year earlier.", ("from a year earlier", "1988", "year")),
        ("He was arrested the previous day.", ("the previous day", "1989-10-25", "day")),
        ("The bank failed the previous week.", ("the previous week", "1989-10", "month")),
        # the year before the one reported on
        ("Net rose from $4 million in the year-earlier quarter.", ("year-earlier", "1988", "year")),
        ("The year-ago results were restated.", ("year-ago", "1988", "year")),
        # a year's end: the nearer one when no auxiliary fixes the tense, the last one for a done act
        ("The company expects to complete the sale by year-end.", ("by year-end", "1989", "year")),
        ("The merger was completed at the end of the year.", ("at the end of the year", "1988", "year")),
    ],
)
def test_anchored_to_publication(sentence: str, expected: tuple[str, str, str]) -> None:
    assert resolved(sentence)[-1] == expected


def test_anchored_to_the_date_named_before_in_the_sentence() -> None:
    sentence = "The rebels seized the town on Oct. 3 and withdrew two days later."
    assert resolved(sentence)[-1] == ("two days later", "1989-10-05", "day")
    assert resolved("The ceasefire was signed in 2004, and a year later the rebels disarmed.")[-1] == (
        "a year later", "2005", "year")


def test_anchored_to_the_story_date_given_by_the_caller() -> None:
    # the story named 2004 before: "A year earlier" is 2003, not the year before publication
    assert resolved("A year earlier, the rebels had seized the capital.", narrative="2004") == [
        ("A year earlier", "2003", "year")]
    assert resolved("Two days later, police arrested him.", narrative="1989-10-02") == [
        ("Two days later", "1989-10-04", "day")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Prices will rise over the following year.",  # a duration, not a point
        "The bank failed the following week.",  # later than a story's time the sentence does not name
        "The strike began two days later.",
        "He resigned two days before the vote.",  # counted from an event we cannot date
        "The fiscal year end was moved.",  # a fiscal year is not the calendar year
        "The year-end-bonus rules changed.",
    ],
)
def test_not_anchored_points(sentence: str) -> None:
    assert [text for text, value, _ in resolved(sentence) if value] == []


def test_approximate_shift_dates_nothing() -> None:
    # "more than a year later": an expression (so the publication date does not date the act), no value
    (found,) = find_time_expressions("More than a year later, the rebels disarmed.", THURSDAY)
    assert found.value is None
    assert event_date("More than a year later, the rebels disarmed.", THURSDAY) == (None, None)


def test_shift_later_of_a_past_anchor_is_not_forward() -> None:
    # "withdrew two days later" lies before the publication date: not a future expression
    found = find_time_expressions("The rebels seized the town on Oct. 3 and withdrew two days later.", THURSDAY)
    assert found[-1].forward is False
    later = find_time_expressions("The troops will arrive on Friday and leave two days later.", THURSDAY)
    assert later[-1].value == "1989-10-29" and later[-1].forward is True


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Profit rose in the third quarter.", "the third quarter"),
        ("Sales rose 4% in fiscal 1989.", "fiscal 1989"),
        ("Sales were $6 billion in the latest fiscal year.", "fiscal year"),
        ("In the nine months, net rose 4%.", "the nine months"),
    ],
)
def test_accounting_periods_are_dated_to_no_precision(sentence: str, text: str) -> None:
    (found,) = find_time_expressions(sentence, THURSDAY)
    assert text in found.text and found.value is None
    assert event_date(sentence, THURSDAY) == (None, None)


def test_a_quarter_of_something_is_no_period() -> None:
    assert find_time_expressions("A quarter of the voters stayed home.", THURSDAY) == []


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("The record was set in 1997-98.", "in 1997-98"),
        ("The drought lasted from 1995 to 1997.", "from 1995 to 1997"),
        ("Chiluba ruled Zambia between 1992 and 2001.", "between 1992 and 2001"),
    ],
)
def test_a_span_of_years_dates_nothing_but_keeps_its_days(sentence: str, text: str) -> None:
    (found,) = find_time_expressions(sentence, THURSDAY)
    assert found.text == text and found.value is None and found.span is not None
    assert found.span[0].year < found.span[1].year
    assert event_date(sentence, THURSDAY) == (None, None)


def test_not_a_span_of_years() -> None:
    assert [found.value for found in find_time_expressions("Troops killed 1998-1994 rebels in 1990.", THURSDAY)] == ["1990"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # words that put a month or day ahead though no auxiliary does
        ("The vote is set for mid-November.", ("1989-11", "month")),
        ("The law takes effect Jan. 1.", ("1990-01-01", "day")),
        ("Elections are due in March.", ("1990-03", "month")),
    ],
)
def test_scheduling_words_point_forward(sentence: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, THURSDAY) == expected


def test_a_second_year_after_a_conjunction() -> None:
    # "in 1987 and 1988": the second year is a date too; a bare "1987 and 1988" before a noun is not
    assert resolved("Sales rose in 1987 and 1988.") == [("in 1987", "1987", "year"), ("1988", "1988", "year")]
    assert resolved("He was the 1987 and 1988 champion.") == [("1987", "1987", "year")]


def test_shifts_without_a_number_or_from_an_event() -> None:
    # "days later": some days after the date named before; "days after the announcement": counted
    # from an event, so an expression of no precision (the act is not dated by the publication day)
    assert resolved("On Oct. 2 the army attacked, and days later it withdrew.")[-1] == ("days later", "1989-10", "month")
    for sentence in ("Days after the announcement, residents signed a petition.", "He resigned two days before the vote."):
        assert [value for _, value, _ in resolved(sentence)] == [None]
        assert event_date(sentence, THURSDAY) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a two-digit year only straight after a dash: "2003 - 12 people" is 2003 and a count
        ("In 2003 - 12 people died in the attack.", [("In 2003", "2003", "year")]),
        ("Rates rose in 2003 to 12 percent.", [("in 2003", "2003", "year")]),
        # a slashed date (too ambiguous to read) is no span "2003/04"
        ("The talks were held on 2003/04/05 in Geneva.", []),
    ],
)
def test_a_spaced_or_slashed_number_after_a_year_is_no_span(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert resolved(sentence) == expected


def test_the_next_in_a_future_sentence_counts_from_publication() -> None:
    # nothing named before: a future act "the next week" is the week after the publication date
    # (Thursday 1989-10-26: Oct 30 - Nov 5), a past one a story's time we do not know
    (found,) = find_time_expressions("The talks will resume the next week.", THURSDAY)
    assert found.span is not None and (str(found.span[0]), str(found.span[1])) == ("1989-10-30", "1989-11-05")
    assert found.forward is True
    assert resolved("They will meet the next day.") == [("the next day", "1989-10-27", "day")]
    assert resolved("The talks resumed the next week.") == [("the next week", None, None)]
    # "the following day", "two days later" count from a time the story set, even in the future
    assert resolved("They will meet the following day.") == [("the following day", None, None)]
    assert resolved("The troops will leave two days later.") == [("two days later", None, None)]
