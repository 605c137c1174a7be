"""Session 8 rules of event dating (`detente.events.dating`, issue 11): a date expression that
belongs to another act of the sentence does not date the event. Sentences written for these
tests; stories published on Monday 2021-10-18 (`tests.test_event_dating`)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_event_dating import LEAD, PUBLISHED, date_of


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a clause of its own joined by "and"/"but" that names an old time: its time is its own act's,
        # on either side, when the event's clause tells today's news (a report, a present or perfect)
        ("The rebels seized the town in 2019, and the government has expelled the envoy.", "expelled", (PUBLISHED, "day")),
        ("The government says it expelled the envoy, and students protested in 2019.", "expelled", (PUBLISHED, "day")),
        ("The militia took the port in 2017, but the navy said it blocked the harbour.", "blocked", (PUBLISHED, "day")),
        ("The militia took the port in 2017, but the navy said it blocked the harbour.", "said", (PUBLISHED, "day")),
        # ... a narrative in the past carries on the sibling's time
        ("Police raided the house in May, and the suspect fled to the hills.", "fled", ("2021-05", "month")),
        # ... while a verb sharing the subject shares the time, and each clause keeps its own date
        ("The rebels seized the town in 2019 and held it for a year.", "held", ("2019", "year")),
        # a recent day may be the news day of both clauses
        ("Rebels seized the town on Sunday, and the government expelled the envoy.", "expelled", ("2021-10-17", "day")),
        ("Students protested in 2019, and the government expelled the envoy on Friday.", "protested", ("2019", "year")),
        ("Students protested in 2019, and the government expelled the envoy on Friday.", "expelled", ("2021-10-15", "day")),
        # a reporting verb above the other conjunct still dates it
        ("The minister said on Sunday that troops withdrew and rebels seized the town.", "seized", ("2021-10-17", "day")),
    ],
)
def test_another_acts_date(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


def test_fronted_expression_dates_both_clauses(nlp: Language) -> None:
    """A time opening the sentence before the first clause's subject scopes over both clauses."""
    text = "In March last year, the two factions fell out, and the general was detained."
    assert date_of(nlp, text, "detained") == ("2020-03", "month")


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # an act told in a clause opened by "after"/"before" is not dated by the day of the act it
        # precedes or follows; a month or a year still holds it
        ("The party expelled the deputy on Friday after he defected to the opposition.", "defected", (None, None)),
        ("The army withdrew from the town on Friday before rebels attacked the base.", "attacked", (None, None)),
        ("The board on Monday agreed to an audit after a report found that the firm bribed two officials.", "bribed",
         (None, None)),
        ("The party suspended him last September after he was indicted for fraud.", "indicted", ("2021-09", "month")),
    ],
)
def test_sequence_clause_act(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # an expression between the reporting verb and a complement without "that" is the
        # report's, so the complement's own expression dates its act
        ("Iran said on Sunday it had signed a gas deal with Armenia in 2019.", "signed", ("2019", "year")),
        ("The ministry said Sunday it had closed the consulate in 2020.", "closed", ("2020", "year")),
        ("Iran said on Sunday it had signed a gas deal with Armenia.", "said", ("2021-10-17", "day")),
        # with "that" before it, the expression is the complement's
        ("Iran said that on Sunday it had signed a gas deal with Armenia.", "signed", ("2021-10-17", "day")),
    ],
)
def test_expression_before_bare_complement(nlp: Language, text: str, word: str,
                                           expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the lead's past perfect under a reporting verb is the backshifted news of the report
        ("Police said they had arrested two suspects.", "arrested", (PUBLISHED, "day")),
        ("Syria said it had expelled the Turkish envoy.", "expelled", (PUBLISHED, "day")),
        # deeper in the story it tells background
        (LEAD + "The minister said he had met the Syrian leader several times.", "met", (None, None)),
    ],
)
def test_reported_past_perfect(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the sentence before is told on a recent day and only mentions an old time: still news,
        # dated by that day
        (LEAD + "The court on Friday rejected objections to a lawsuit over a bombing in 1988. Libya hailed the ruling.",
         "hailed", ("2021-10-15", "day")),
        # ... while one told at an old time makes the passage background
        (LEAD + "The war began in 1988. Troops killed many civilians.", "killed", (None, None)),
    ],
)
def test_passage_told_at_an_old_time(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # an infinitive completing a noun is a possibility or a plan: not dated by the sentence's
        # day, nor by the publication day when the sentence names none
        ("Last week, the judge lifted the deadline to give the family a chance to appeal in court.", "appeal", (None, None)),
        ("The judge gave the family a chance to appeal in court.", "appeal", (None, None)),
        ("The president announced on Friday his decision to send troops to the border.", "send", (None, None)),
        # ... its own phrase still dates it, and the noun's verb keeps the sentence's day
        ("The president announced on Friday his decision to send troops to the border in 2022.", "send", ("2022", "year")),
        ("The president announced on Friday his decision to send troops to the border.", "announced",
         ("2021-10-15", "day")),
    ],
)
def test_infinitive_of_a_noun(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a clause telling when a lower act happened dates that act, not the event above it
        (LEAD + "The senator criticized the governor for closing the office when he took power in 2015.", "criticized",
         (None, None)),
        ("The senator on Monday criticized the governor for closing the office when he took power in 2015.", "closing",
         ("2015", "year")),
        ("Police opened fire when protesters stormed the building on Friday.", "opened", ("2021-10-15", "day")),
        # a clause opened by "since" begins the act, as "since 2019" would: the act spans the days
        # from it to the article's (the month holding them, or no date across years)
        (LEAD + "Moscow has opposed the alliance since it bombed Serbia in 2019.", "opposed", (None, None)),
        (LEAD + "Moscow has opposed the alliance since it bombed Serbia on Wednesday.", "opposed", ("2021-10", "month")),
    ],
)
def test_clause_of_another_time(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected
