"""Session 7 rules of event dating (`detente.events.dating`, `detente.timex`): a day without its
year that a done act's own verb names is read backwards, and holidays named alone are days.
Sentences written for these tests; stories published on Wednesday 2021-10-20 unless given."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.timex import find_time_expressions
from tests.test_event_dating import date_of

WEDNESDAY = "2021-10-20"


@pytest.mark.parametrize(
    ("text", "word", "future", "published", "expected"),
    [
        # only the weak "-ed" says past to the cues, which took the nearer (coming) December; the
        # parse says the act is done: last December, not the publication day
        ("Guerrillas ambushed a convoy on Nov. 30, the army said.", "ambushed", False, WEDNESDAY, ("2020-11-30", "day")),
        ("The tribunal jailed the colonel on December 2 for ten years.", "jailed", False, WEDNESDAY,
         ("2020-12-02", "day")),
        ("Villagers reported that soldiers burned the market on Dec. 1.", "burned", False, WEDNESDAY,
         ("2020-12-01", "day")),
        # a day hanging from another word is not read back for the act: left out as before
        ("The board declared a dividend payable Dec. 7 to holders of record.", "declared", False, WEDNESDAY,
         (WEDNESDAY, "day")),
        # an act to come keeps the coming day
        ("The envoys will meet on Dec. 3 in Oslo.", "meet", True, WEDNESDAY, ("2021-12-03", "day")),
        # holidays: the last one before a done act, the next one for an act to come
        ("Militants shelled the border post on Christmas Eve.", "shelled", False, "2022-01-04", ("2021-12-24", "day")),
        ("Militants shelled the border post on New Year's Day.", "shelled", False, "2022-01-04", ("2022-01-01", "day")),
        ("The premier will address the troops at Christmas.", "address", True, WEDNESDAY, ("2021-12-25", "day")),
        # a done act on a holiday the cues read ahead: read back too
        ("On Christmas Day, militants shelled the border post.", "shelled", False, WEDNESDAY, ("2020-12-25", "day")),
    ],
)
def test_dating_reads_back(nlp: Language, text: str, word: str, future: bool, published: str,
                           expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, text, word, future, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The siege ended on Christmas Day.", "2022-01-04", [("on Christmas Day", "2021-12-25")]),
        ("They will talk again after Christmas.", WEDNESDAY, [("after Christmas", "2021-12-25")]),
        ("The hostages were freed on New Year's Eve.", "2022-01-04", [("on New Year's Eve", "2021-12-31")]),
        ("The talks will resume next Christmas.", "2021-12-28", [("next Christmas", "2022-12-25")]),
        ("The talks collapsed last Christmas.", WEDNESDAY, [("last Christmas", "2020-12-25")]),
        # a holiday on a weekday of its month: the fourth Thursday of November
        ("The boy was rescued Thanksgiving Day drifting on a raft.", "2022-01-04", [("Thanksgiving Day", "2021-11-25")]),
        ("Shops reopened after Thanksgiving.", "2020-12-10", [("after Thanksgiving", "2020-11-26")]),
        ("Rebels shelled the town over the New Year.", "2022-01-10", [("New Year", "2022-01-01")]),
        ("A car bomb exploded on Christmas morning.", "2022-01-10", [("on Christmas", "2021-12-25")]),
        ("The envoys will meet again in the New Year.", "2021-12-20", []),  # some time after it
        # Easter and the days counted from it (the Gregorian computus)
        ("Gunmen attacked a chapel on Easter Sunday.", "2021-05-02", [("on Easter Sunday", "2021-04-04")]),
        ("The ceasefire began on Good Friday.", "2006-05-01", [("on Good Friday", "2006-04-14")]),
        # another name, another holiday, a greeting: no date
        ("The navy patrols Christmas Island.", WEDNESDAY, []),
        ("A Christmas truce was agreed.", WEDNESDAY, []),
        ("Orthodox Christmas passed quietly.", WEDNESDAY, []),
        ("He wished the troops a Merry Christmas.", WEDNESDAY, []),
        ("The New Year's Day parade was cancelled.", WEDNESDAY, []),
        ("The Easter Rising is remembered every year.", WEDNESDAY, []),
        ("Villagers marked Orthodox Easter quietly.", WEDNESDAY, []),
    ],
)
def test_holidays(text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert [(item.text, item.value) for item in find_time_expressions(text, published)] == expected


def test_past_reads_weak_cues_backwards() -> None:
    text = "Troops entered the city on Dec. 3."
    assert find_time_expressions(text, WEDNESDAY)[0].value == "2021-12-03"  # the nearer day, by the weak "-ed"
    assert find_time_expressions(text, WEDNESDAY, past=True)[0].value == "2020-12-03"
    # a strong cue keeps its direction
    assert find_time_expressions("Troops will enter the city on Dec. 3.", WEDNESDAY, past=True)[0].value == "2021-12-03"


def test_holiday_word_lists_are_data() -> None:
    """Which words may follow a holiday's name or open a sentence before it are holidays.yaml's
    `followers` and `openers` (review finding 12: they were lists in the code)."""
    from detente import timex
    from detente.resources import load_data

    data = load_data("lang/en/holidays.yaml")
    assert timex._HOLIDAY_FOLLOWERS == frozenset(str(word).lower() for word in data["followers"]) != frozenset()
    assert timex._HOLIDAY_OPENERS == frozenset(str(word).lower() for word in data["openers"]) != frozenset()
    assert {"on", "morning"} <= timex._HOLIDAY_FOLLOWERS and {"on", "during"} <= timex._HOLIDAY_OPENERS


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a follower in the list ("evening") and an opener ("During") keep the day
        ("Gunmen fired on a bus on New Year's Eve evening.", "2022-01-04", [("on New Year's Eve", "2021-12-31")]),
        ("During Easter Monday, pilgrims were stopped at the checkpoint.", "2021-05-02",
         [("During Easter Monday", "2021-04-05")]),
        # a word not in them makes it another name
        ("The Christmas ceasefire held in the north.", WEDNESDAY, []),
        ("Catholic Easter passed quietly in the city.", WEDNESDAY, []),
    ],
)
def test_holiday_followers_and_openers(text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert [(item.text, item.value) for item in find_time_expressions(text, published)] == expected
