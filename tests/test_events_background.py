"""Background is not the news (issue 11 item 1): an act dated well before the article, an act that
only sets a state or feeling in time, and a habit someone is known for code no current event.
Sentences written for these tests; the rules are `background_days`, `background_clause_marks`,
`state_heads` and `attribute_heads` under `event_figurative` in detente/data/events/rules.yaml.
The articles are published on 2021-10-18 (tests.test_events_coder.article)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from detente.events.coder import _stale
from tests.test_events_coder import article, code, stages  # noqa: F401 - the session fixture


def _triggers(events) -> list[str]:  # noqa: ANN001
    return [event.trigger.text for event in events]


@pytest.mark.parametrize(
    ("date", "days", "expected"),
    [
        ("2020-12", 240, True),       # ends Dec 31, 291 days before
        ("2019", 240, True),
        ("2021-03", 240, False),      # ends Mar 31, 201 days before
        ("2021-03", 30, True),
        ("2021-10-11", 30, False),
        ("2021-09-18", 30, True),     # exactly 30 days
        ("2021-09-19", 30, False),
        ("2020-12", 0, False),        # 0 disables
        (None, 30, False),            # undated events never count
    ],
)
def test_background_days_threshold(stages, date: str | None, days: int, expected: bool) -> None:  # noqa: F811
    lexicon = replace(stages[2], background_days=days)
    assert _stale(date, article("x"), lexicon) is expected


def test_background_days_needs_a_publication_date(stages) -> None:  # noqa: F811
    lexicon = replace(stages[2], background_days=30)
    assert _stale("2019", article("x", published=None), lexicon) is False


def test_background_days_is_off_by_default(stages) -> None:  # noqa: F811
    """Off until it no longer costs the dates gate (see rules.yaml)."""
    assert stages[2].background_days == 0


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russian troops attacked Georgian forces near Gori in December 2019, officials said on Monday.", "attacked"),
        ("Israel had expelled two Egyptian diplomats in 2018.", "expelled"),
    ],
)
def test_an_act_dated_long_before_the_article_is_background(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    assert word not in _triggers(code(nlp, (*stages[:2], replace(stages[2], background_days=30)), text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russian troops attacked Georgian forces near Gori on Monday.", "attacked"),
        ("Israel expelled two Egyptian diplomats on October 12.", "expelled"),
    ],
)
def test_a_recent_act_is_kept(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    assert word in _triggers(code(nlp, (*stages[:2], replace(stages[2], background_days=30)), text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Many Poles felt betrayed when Germany criticised Warsaw.", "criticised"),
        ("Many Chileans felt humiliated after Argentina accused Santiago of spying.", "accused"),
    ],
)
def test_an_act_that_sets_a_feeling_in_time_is_background(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    assert word not in _triggers(code(nlp, stages, text))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Germany criticised Warsaw when Poland expelled the German ambassador.", "criticised"),
        ("France condemned Iran after Tehran arrested two French citizens.", "condemned"),
    ],
)
def test_an_act_in_the_main_clause_is_kept(nlp, stages, text: str, word: str) -> None:  # noqa: F811
    assert word in _triggers(code(nlp, stages, text))


@pytest.mark.parametrize(
    "text",
    [
        "The Dutch politicians, known for their criticism of Turkey, arrived in Ankara.",
        "The senator is famous for his attacks on China.",
    ],
)
def test_a_habit_someone_is_known_for_is_no_event(nlp, stages, text: str) -> None:  # noqa: F811
    triggers = _triggers(code(nlp, stages, text))
    assert not any(word in " ".join(triggers) for word in ("criticism", "attacks")), triggers


def test_an_act_since_which_a_state_holds_is_background(nlp, stages) -> None:  # noqa: F811
    events = code(nlp, stages, "The minister has faced protests since taking over the ministry from Germany's envoy.")
    assert "taking" not in " ".join(_triggers(events))
