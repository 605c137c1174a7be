"""Rules of `detente.timex` added for wire copy and undated-year days, one sentence each (written for these tests)."""

from __future__ import annotations

import pytest

from detente.timex import best_expression, event_date, find_time_expressions

MONDAY = "2021-10-18"


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # wire copy names the publication day by its weekday, forwards as backwards
        ("The ministers will meet Monday in Vienna.", MONDAY, ("2021-10-18", "day")),
        ("The ministers met Monday in Vienna.", MONDAY, ("2021-10-18", "day")),
        ("The ministers will meet next Monday in Vienna.", MONDAY, ("2021-10-25", "day")),
        # a day without its year and no auxiliary or speech verb to fix the tense: the nearer one
        ("The dividend is payable Dec. 7 to holders of record.", MONDAY, ("2021-12-07", "day")),
        ("The court allowed him to remain in Miami until March 6.", "2022-01-15", ("2022-03-06", "day")),
        # ... but a strong past cue keeps last year's
        ("The treaty was signed on December 30.", MONDAY, ("2020-12-30", "day")),
        ("The ministry said on October 20 that it had acted.", MONDAY, ("2020-10-20", "day")),
        # a speech verb fixes the tense only of an expression right after it
        ("The company said the dividend is payable Dec. 7 to holders of record.", MONDAY, ("2021-12-07", "day")),
        # sentence-initial: the planning was on Friday; an aside's verbs do not count
        ("On Friday, the government planned to pay the first claims.", MONDAY, ("2021-10-15", "day")),
        ("On Thursday, the minister, who will retire soon, signed the decree.", MONDAY, ("2021-10-14", "day")),
        # ... the first verb that shows its tense decides, not a past verb of a later clause
        ("On Tuesday, the league plans to hold a news conference on the ad that was shown.", MONDAY,
         ("2021-10-19", "day")),
        ("On Tuesday, the league said it will hold a news conference.", MONDAY, ("2021-10-12", "day")),
    ],
)
def test_timex_rules(sentence: str, published: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, published) == expected


def test_timex_best_expression_is_none_when_nothing_resolves() -> None:
    sentence = "He arrived on Monday."
    assert best_expression(sentence, find_time_expressions(sentence, None)) is None
    found = find_time_expressions(sentence, MONDAY)
    best = best_expression(sentence, found, anchor=3)
    assert best is not None and best.value == MONDAY


def test_timex_year_naming_a_noun_is_the_year_alone() -> None:
    sentence = "He voted against the 1994 clinic access act."
    (found,) = find_time_expressions(sentence, MONDAY)
    assert (found.text, found.value, found.precision, found.kind) == ("1994", "1994", "year", "year_of")
    assert find_time_expressions("The 2,000 troops left.", MONDAY) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a year in words, as broadcast transcripts write it, after a preposition or "the year"
        ("In nineteen ninety-one the banker was convicted.", ("1991", "year")),
        ("The convictions were overturned in nineteen eighty-six on a technicality.", ("1986", "year")),
        ("The plan must be finished by the year two thousand.", ("2000", "year")),
        ("The law changed in two thousand and three.", ("2003", "year")),
        ("The mill opened in nineteen oh five.", ("1905", "year")),
    ],
)
def test_timex_spoken_years(sentence: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, MONDAY) == expected


@pytest.mark.parametrize("sentence", ["He served in nineteen years of office.", "Prices rose in nineteen ninety-one percent of shops.",
                                      "Nineteen ninety-one people came."])
def test_timex_spoken_numbers_are_not_years(sentence: str) -> None:
    assert find_time_expressions(sentence, MONDAY) == []
