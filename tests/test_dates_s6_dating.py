"""Session 6 rules of `detente.events.dating`: anchored expressions count from the story's last
named date, accounting periods date nothing. Articles published on Monday 2021-10-18; the
trigger is the last token with the given text. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_event_dating import date_of


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the story named 2004 in the sentence before: "a year earlier" is 2003
        ("The ceasefire was signed in 2004. A year earlier, the rebels had seized the capital.", "seized", ("2003", "year")),
        # ... a day: "the previous day" is the day before it
        ("Police said the bomb exploded on October 6. The group had issued a warning the previous day.", "issued",
         ("2021-10-05", "day")),
        # nothing named before: "a year earlier" counts from the publication date, "two days later" from nothing
        ("Exports fell 5% from a year earlier.", "fell", ("2020", "year")),
        ("Two days later, the army withdrew from the town.", "withdrew", (None, None)),
        # "since": the act runs from that day to the publication date (the month holds both)
        ("Troops have killed 500 rebels since Wednesday.", "killed", ("2021-10", "month")),
        ("The army has shelled the town since October 2, residents said.", "shelled", ("2021-10", "month")),
        ("Prices have risen since 2019.", "risen", (None, None)),
        # a passage about a span of years long past is background, not today's news
        ("Lavrov spoke in Moscow. The talks ended. Chiluba ruled Zambia between 1992 and 2001. Troops shelled the "
         "town.", "shelled", (None, None)),
        # an accounting period is a date expression, to no precision: not the publication day
        ("The company lost $5 million in the third quarter.", "lost", (None, None)),
        ("Sales rose 4% in fiscal 2020.", "rose", (None, None)),
    ],
)
def test_dating_from_the_story(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "published", "expected"),
    [
        # a year in a clause the trigger governs, whose modal puts it at another time, dates that clause only
        ("Back then, the United States pledged that in the year 2000 it would lift the limits on trucks.", "pledged",
         None, (None, None)),
        # ... but a past clause the parse hangs below may share the trigger's time
        ("Under a peace deal agreed last month, the government agreed to let the rebels enter parliament.", "agreed",
         "2006-12-22", ("2006-11", "month")),
    ],
)
def test_dating_by_the_clause(nlp: Language, text: str, word: str, published: str | None,
                              expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word, published=published) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a story about last week: a past act later in it is not today's (the week is in one month here)
        ("Riots broke out in the capital last week. Police arrested 40 people. The army deployed troops.", "deployed",
         ("2021-10", "month")),
        # ... a day named nearer still wins
        ("Talks began last week. The ministers met on Friday. They signed a deal.", "signed", ("2021-10-15", "day")),
        # this week is not over: today's news keeps the publication day
        ("Riots broke out in the capital this week. Police arrested 40 people. The army deployed troops.", "deployed",
         ("2021-10-18", "day")),
    ],
)
def test_a_story_about_last_week(nlp: Language, text: str, word: str, expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word) == expected
