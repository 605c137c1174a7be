"""Event dates: each expression kind, direction, precision, choice between expressions, properties."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.timex import event_date, find_time_expressions, parse_published

PUBLISHED = "2021-10-18"  # a Monday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # weekdays: the latest on or before publication
        ("Russia said on Monday it would respond.", ("2021-10-18", "day")),
        ("NATO ministers met on Thursday.", ("2021-10-14", "day")),
        ("Talks ended last Monday.", ("2021-10-11", "day")),
        ("Officials met on Friday night.", ("2021-10-15", "day")),
        # month and day, either order, ordinals, ranges, with and without year
        ("NATO expelled eight officials on October 6.", ("2021-10-06", "day")),
        ("NATO expelled eight officials on 6 October.", ("2021-10-06", "day")),
        ("NATO expelled eight officials on the 6th of October.", ("2021-10-06", "day")),
        ("The talks ended on July 13th.", ("2021-07-13", "day")),
        ("The ministry acted on Oct. 6.", ("2021-10-06", "day")),
        ("It happened on October 6, 2019.", ("2019-10-06", "day")),
        ("It happened on 6 October 2019.", ("2019-10-06", "day")),
        ("They met on Wednesday, October 6, 2021.", ("2021-10-06", "day")),
        ("Talks on October 6-8 in Brussels.", ("2021-10-06", "day")),
        ("The exercise ran 6-8 October near the border.", ("2021-10-06", "day")),
        # a day after publication cannot be past: the year before
        ("The ministry said on October 20 that it had acted.", ("2020-10-20", "day")),
        ("The treaty was signed on December 30.", ("2020-12-30", "day")),
        # months and years
        ("In March 2018, Britain expelled diplomats.", ("2018-03", "month")),
        ("Britain expelled diplomats in March.", ("2021-03", "month")),
        ("Britain expelled diplomats in November.", ("2020-11", "month")),
        ("The alliance acted in early October.", ("2021-10", "month")),
        ("Russia annexed Crimea in 2014.", ("2014", "year")),
        ("The war has continued since 2014.", ("2014", "year")),
        ("By the end of 2020 the troops had left.", ("2020", "year")),
        ("The deal was struck in the summer of 2019.", ("2019", "year")),
        # relative words
        ("He arrived yesterday.", ("2021-10-17", "day")),
        ("He arrives today.", ("2021-10-18", "day")),
        ("The shelling began last night.", ("2021-10-17", "day")),
        ("He arrived three days ago.", ("2021-10-15", "day")),
        ("He arrived last week.", ("2021-10", "month")),
        ("He arrived last month.", ("2021-09", "month")),
        ("He arrived last year.", ("2020", "year")),
        ("He arrived earlier this month.", ("2021-10", "month")),
        ("He arrived earlier this year.", ("2021", "year")),
        ("He left two months ago.", ("2021-08", "month")),
        ("He left a year ago.", ("2020", "year")),
        ("Twenty-two years ago, a treaty was signed.", ("1999", "year")),
        ("He came a few days ago.", ("2021-10", "month")),
        ("The plan is due by March of next year.", ("2022-03", "month")),
        ("He arrived on the 6th.", ("2021-10-06", "day")),
        ("He arrived on the 20th, officials said.", ("2021-09-20", "day")),
        # numeric dates
        ("The decree is dated 2021-10-06.", ("2021-10-06", "day")),
        ("The decree is dated 06.10.2021.", ("2021-10-06", "day")),
    ],
)
def test_timex_resolves_past_expressions(sentence: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia will suspend its mission from November 1.", ("2021-11-01", "day")),
        ("The summit will be held on Friday.", ("2021-10-22", "day")),
        ("On Friday, the summit will open.", ("2021-10-22", "day")),
        ("He will visit next Monday.", ("2021-10-25", "day")),
        ("The talks resume tomorrow.", ("2021-10-19", "day")),
        ("Elections are due to take place in March.", ("2022-03", "month")),
        ("The ministers meet next week.", ("2021-10", "month")),
        ("The ministers meet next month.", ("2021-11", "month")),
        ("The ministers meet next year.", ("2022", "year")),
    ],
)
def test_timex_resolves_future_expressions_forward(sentence: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, PUBLISHED) == expected


def test_timex_future_flag_resolves_untensed_expressions_forward() -> None:
    assert event_date("The meeting on Friday.", PUBLISHED) == ("2021-10-15", "day")
    assert event_date("The meeting on Friday.", PUBLISHED, future=True) == ("2021-10-22", "day")
    assert event_date("The suspension from November 1.", PUBLISHED, future=True) == ("2021-11-01", "day")


def test_timex_chooses_between_expressions_by_direction_and_anchor() -> None:
    sentence = "Russia will suspend its mission to NATO from November 1, Lavrov said on Monday."
    assert event_date(sentence, PUBLISHED) == ("2021-10-18", "day")
    assert event_date(sentence, PUBLISHED, future=True) == ("2021-11-01", "day")
    two_past = "Lavrov, who met Blinken on October 6, said on Monday that talks were over."
    assert event_date(two_past, PUBLISHED) == ("2021-10-06", "day")  # first by default
    assert event_date(two_past, PUBLISHED, anchor=two_past.index("said")) == ("2021-10-18", "day")


def test_timex_points_win_over_bounds() -> None:
    sentence = "Since 2014 the sides have clashed, and on Monday they met."
    assert event_date(sentence, PUBLISHED) == ("2021-10-18", "day")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2021-10-18", ("2021-10-18", "day")),
        ("2021-10-18T12:30:00+03:00", ("2021-10-18", "day")),
        ("2021-10", ("2021-10", "month")),
        ("2021", ("2021", "year")),
        (None, (None, None)),
        ("", (None, None)),
        ("not a date", (None, None)),
        ("2021-13-40", ("2021", "year")),
    ],
)
def test_timex_falls_back_to_publication_date(published: str | None, expected: tuple[str | None, str | None]) -> None:
    assert event_date("NATO criticised Russia.", published) == expected


def test_timex_coarse_publication_date_keeps_only_what_all_readings_share() -> None:
    assert event_date("Britain acted in March.", "2021-10") == ("2021-03", "month")
    assert event_date("He arrived on Monday.", "2021-10") == ("2021", "year")  # Sep 27 .. Oct 25
    assert event_date("He arrived yesterday.", "2021-10-01T00:00") == ("2021-09-30", "day")
    assert event_date("It happened on October 6.", "2021") == (None, None)  # 2020 or 2021


def test_timex_never_invents_a_year() -> None:
    for sentence in ("He arrived on Monday.", "It happened on October 6.", "He arrived yesterday.",
                     "He arrived last year.", "Britain acted in March.", "He arrived on the 6th."):
        assert event_date(sentence, None) == (None, None), sentence
    assert event_date("It happened on October 6, 2021.", None) == ("2021-10-06", "day")


@pytest.mark.parametrize(
    "sentence",
    [
        "He may go.",
        "Protesters march to the embassy.",
        "A total of 2014 soldiers died.",
        "The fall of Kabul shocked NATO.",
        "The 6th Army moved.",
        "They won 2,014 votes.",
        "The 20th century was violent.",
        "Summer jobs were scarce.",
    ],
)
def test_timex_ignores_words_that_are_not_dates(sentence: str) -> None:
    assert find_time_expressions(sentence, PUBLISHED) == []


def test_timex_expressions_have_offsets_and_relations() -> None:
    sentence = "Russia will suspend its mission from November 1, Lavrov said on Monday."
    expressions = find_time_expressions(sentence, PUBLISHED)
    assert [(e.text, e.value, e.precision, e.relation, e.forward) for e in expressions] == [
        ("from November 1", "2021-11-01", "day", "from", True),
        ("on Monday", "2021-10-18", "day", "on", False),
    ]
    for expression in expressions:
        assert sentence[expression.start:expression.end] == expression.text


def test_timex_approximate_expression_dates_nothing() -> None:
    assert event_date("The talks began more than a year ago.", PUBLISHED) == (None, None)
    assert event_date("The talks began several years ago.", PUBLISHED) == (None, None)


def test_timex_unresolvable_expression_is_kept_without_value() -> None:
    (expression,) = find_time_expressions("He arrived on Monday.", None)
    assert (expression.text, expression.value, expression.precision) == ("on Monday", None, None)


def test_timex_parse_published_interval() -> None:
    assert parse_published("2021-10") == (date(2021, 10, 1), date(2021, 10, 31), "month")
    assert parse_published("2020-02-30") == (date(2020, 2, 1), date(2020, 2, 29), "month")
    assert parse_published(None) is None


# --- properties ---------------------------------------------------------------------------------

_PRECISION_FORMAT = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
_PIECES = st.sampled_from([
    "on Monday", "last Friday", "October 6", "6 October 2021", "July 13th", "in March 2018", "in 2014",
    "since 2014", "from November 1", "yesterday", "today", "tomorrow", "last week", "last month",
    "last year", "earlier this month", "on the 6th", "two weeks ago", "last summer", "in May",
    "February 29", "December 31, 9999", "0001-01-01", "will", "said", "Russia", "NATO", ",", ".",
    "31 February", "in 1000", "next weekend", "over the weekend", "the day before yesterday",
    "in nineteen ninety-one", "by the year two thousand and", "nineteen", "oh", "hundred", "-", "likely to",
])
_SENTENCES = st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=8).map(" ".join))
_PUBLISHED = st.one_of(
    st.none(), st.text(max_size=30),
    st.dates().map(date.isoformat),
    st.dates().map(lambda day: day.isoformat()[:7]),
    st.dates().map(lambda day: day.isoformat()[:4]),
    st.dates().map(lambda day: day.isoformat() + "T23:59:59+14:00"),
)


def _check_value(value: str | None, precision: str | None) -> None:
    assert (value is None) == (precision is None)
    if value is not None:
        assert re.fullmatch(_PRECISION_FORMAT[precision], value), (value, precision)
        if precision == "day":
            date.fromisoformat(value)
        elif precision == "month":
            date.fromisoformat(value + "-01")
        else:
            assert 1 <= int(value) <= 9999


@settings(max_examples=300, deadline=None)
@given(_SENTENCES, _PUBLISHED, st.booleans(), st.one_of(st.none(), st.integers(-5, 200)))
def test_timex_event_date_never_crashes_and_dates_are_valid(sentence: str, published: str | None,
                                                              future: bool, anchor: int | None) -> None:
    value, precision = event_date(sentence, published, future=future, anchor=anchor)
    _check_value(value, precision)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES, _PUBLISHED)
def test_timex_offsets_slice_to_the_expression(sentence: str, published: str | None) -> None:
    for expression in find_time_expressions(sentence, published):
        assert sentence[expression.start:expression.end] == expression.text
        assert expression.text.strip() == expression.text and expression.text
        _check_value(expression.value, expression.precision)


@settings(max_examples=200, deadline=None)
@given(_SENTENCES)
def test_timex_without_publication_date_only_years_written_in_the_sentence(sentence: str) -> None:
    value, _ = event_date(sentence, None)
    if not find_time_expressions(sentence):
        assert value is None
    if value is not None:  # never an invented year: written in digits, or in words ("in nineteen ninety-one")
        assert value[:4] in sentence or any(item.kind == "spoken_year" for item in find_time_expressions(sentence))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Russia", "criticised", "NATO", "the", "alliance", ",", "talks"]), max_size=10),
       st.dates())
def test_timex_no_expression_falls_back_to_published(words: list[str], day: date) -> None:
    sentence = " ".join(words)
    assert event_date(sentence, day.isoformat()) == (day.isoformat(), "day")
    assert event_date(sentence, None) == (None, None)


def test_timex_names_are_not_dates() -> None:
    assert event_date("Peskov told Russia Today on Friday that talks were over.", PUBLISHED) == ("2021-10-15", "day")
    assert find_time_expressions("The SPD honoured August Bebel.", PUBLISHED) == []
    assert event_date("Today, Russia expelled the diplomats.", PUBLISHED) == ("2021-10-18", "day")


def test_timex_sentence_initial_expression_takes_the_main_verb_tense() -> None:
    sentence = "On Monday, Trump, who will arrive in Brussels, once again expressed dissatisfaction."
    assert event_date(sentence, PUBLISHED) == ("2021-10-18", "day")


def test_an_interval_of_publication_dates_only_to_what_both_ends_share() -> None:
    from detente.timex import event_date

    assert event_date("Russia said it would suspend its mission.", "2021-10-07/2021-10-21") == ("2021-10", "month")
    assert event_date("Russia said it would suspend its mission.", "2021-10-07/2022-01-02") == (None, None)
    assert event_date("Russia said it would suspend its mission.", "2021-11-07/2021-10-01") == (None, None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In January this year, investigators concluded the envoy had been killed.", ("2021-01", "month")),
        ("But in June last year, the leadership fell out and the general was arrested.", ("2020-06", "month")),
        ("The summit will be held in March next year.", ("2022-03", "month")),
        ("The talks were held in May of last year.", ("2020-05", "month")),
    ],
)
def test_timex_month_with_a_relative_year_is_one_month(sentence: str, expected: tuple[str, str]) -> None:
    assert event_date(sentence, PUBLISHED) == expected
    assert len(find_time_expressions(sentence, PUBLISHED)) == 1


def test_timex_month_and_a_later_year_in_another_clause_stay_apart() -> None:
    found = find_time_expressions("Elections were held in May, and last year turnout fell.", PUBLISHED)
    assert [item.precision for item in found] == ["month", "year"]
