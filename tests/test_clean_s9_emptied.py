"""A long page dump the line model empties keeps its one or two paragraphs (`lines._keep_prose`).

A page whose story is a single paragraph among dozens of link lines looks to the model's
context features like no ordinary article page; when it keeps no line at all, the page's
running text (with some support from the model) is the story. Sentences are invented.
"""

from __future__ import annotations

import math

from detente.clean.classifier import FEATURE_NAMES, FEATURE_VERSION, model_from_dict
from detente.clean.lines import load_config, segment_lines

PARAGRAPH = (
    "The ferry company said on Tuesday that the night crossing to the island would stop for two weeks in March, "
    "while engineers replace the worn ramp at the harbour, and that passengers could book the morning boat instead."
)
SECOND = "Its chief executive said the work had been planned for a year and that fares would not rise because of it."
LINKS = [f"Harbour Timetable Page {n}" for n in range(30)]


def _constant_model(probability: float):
    """A model without trees: every line gets `probability`."""
    bias = math.log(probability / (1 - probability))
    data = {"feature_version": FEATURE_VERSION, "feature_names": list(FEATURE_NAMES), "depth": 1,
            "learning_rate": 0.1, "bias": bias, "threshold": 0.3, "trees": []}  # fmt: skip
    return model_from_dict(data)


def _kept(lines: list[str], probability: float) -> list[str]:
    lines = ["Share", *lines]  # a widget line: the page is a dump, not a brief kept whole
    verdicts = segment_lines(lines, config=load_config(), model=_constant_model(probability)).verdicts
    return [line for line, verdict in zip(lines, verdicts) if verdict.keep]


def test_an_emptied_long_page_keeps_its_one_paragraph() -> None:
    assert _kept([*LINKS[:15], PARAGRAPH, *LINKS[15:]], 0.15) == [PARAGRAPH]


def test_an_emptied_long_page_keeps_two_paragraphs() -> None:
    assert _kept([*LINKS[:15], PARAGRAPH, SECOND, *LINKS[15:]], 0.15) == [PARAGRAPH, SECOND]


def test_no_rescue_when_the_model_is_sure() -> None:
    assert _kept([*LINKS[:15], PARAGRAPH, *LINKS[15:]], 0.02) == []


def test_no_rescue_of_many_paragraphs() -> None:
    """Three paragraphs and more on an emptied page are not a brief: the model's verdict stands."""
    paragraphs = [PARAGRAPH, SECOND, PARAGRAPH.replace("Tuesday", "Friday")]
    assert _kept([*LINKS[:15], *paragraphs, *LINKS[15:]], 0.15) == []
