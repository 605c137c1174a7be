"""Prose right after kept body is the story going on (`lines._resume_after_box`, issue 10).

The model is least sure of a story's last paragraphs, just above a "Related Stories" box; a
paragraph that follows kept body with no line between, and that the model gives some support,
is kept. Sentences here are invented; nothing is read from ../shared.
"""

from __future__ import annotations

import pytest

from detente.clean.lines import RESUME_PROBABILITY, _features, _resume_after_box, _WORD, load_config

BODY_A = "The water board said on Monday that the new reservoir near the old quarry would be filled by the end of the summer."
BODY_B = "Its engineers had found a crack in the dam wall last year, and the repairs took longer than anyone in the valley had hoped."
LAST = "A spokeswoman for the board said the first water from the reservoir should reach the town's taps in the autumn."
HEADING = "Valley Towns Brace For Dry Summer As Rivers Fall"


def _run(lines: list[str], probability: list[float], keep: list[bool], reasons: list[str | None] | None = None) -> list[bool]:
    config = load_config()
    stop_words = config.stop_words[0][1]
    features = [_features(line, _WORD.findall(line), stop_words) for line in lines]
    reasons = reasons or [None] * len(lines)
    classes = ["good" if k else "bad" for k in keep]
    keep = list(keep)
    _resume_after_box(features, keep, classes, reasons, list(range(len(lines))), probability, config)
    return keep


@pytest.mark.parametrize(
    ("last_probability", "kept"),
    [
        (0.25, True),  # under the keeping threshold, but right after kept body: the story's last paragraph
        (RESUME_PROBABILITY, True),
        (0.05, False),  # the model is sure it is not body
    ],
)
def test_a_paragraph_right_after_kept_body_is_kept(last_probability: float, kept: bool) -> None:
    keep = _run([BODY_A, BODY_B, LAST, "Related Stories"], [0.9, 0.8, last_probability, 0.01], [True, True, False, False])
    assert keep == [True, True, kept, False]


def test_a_title_case_line_right_after_kept_body_is_not_prose() -> None:
    keep = _run([BODY_A, BODY_B, HEADING], [0.9, 0.8, 0.25], [True, True, False])
    assert keep == [True, True, False]


def test_a_fixed_reason_still_drops_the_line_after_kept_body() -> None:
    keep = _run([BODY_A, BODY_B, LAST], [0.9, 0.8, 0.25], [True, True, False], [None, None, "duplicate"])
    assert keep == [True, True, False]


def test_the_story_goes_on_over_several_unsure_paragraphs() -> None:
    keep = _run([BODY_A, BODY_B, LAST, BODY_A.replace("Monday", "Friday")], [0.9, 0.2, 0.2, 0.15], [True, False, False, False])
    assert keep == [True, True, True, True]
