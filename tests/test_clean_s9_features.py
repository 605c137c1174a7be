"""`unpunctuated_to_dense`: how many lines without final punctuation lie between a line and the
page's densest prose (`classifier.feature_matrix`, feature version 2).

Why: a paragraph of the story is separated from the story's densest run by few such lines (a
crosshead, a caption credit); a comment, a bio or a promo paragraph beyond a box of links, a
form or a footer by many. Distance in lines alone cannot tell the two apart.
"""

from __future__ import annotations

import math

import pytest

from detente.clean.classifier import FEATURE_NAMES, base_row, feature_matrix

COLUMN = FEATURE_NAMES.index("unpunctuated_to_dense")


def _prose() -> tuple[float, ...]:
    return base_row(180, 32, 0.45, 0.1, True, False, False, False, False, False, False, False, False, 0.0, 0.1, 4.6, False, False, 0)


def _link() -> tuple[float, ...]:
    return base_row(24, 4, 0.0, 1.0, False, False, False, False, False, False, False, False, False, 0.0, 0.0, 5.0, False, False, 0)


@pytest.mark.parametrize(("box", "expected"), [(0, 0.0), (1, math.log1p(1)), (5, math.log1p(5))])
def test_lines_without_final_punctuation_between_a_paragraph_and_the_dense_run_are_counted(box: int, expected: float) -> None:
    rows = [_link()] * 3 + [_prose()] * 6 + [_link()] * box + [_prose()] + [_link()] * 4
    x = feature_matrix(rows)
    paragraph = 9 + box
    assert x[paragraph, COLUMN] == pytest.approx(expected)
    assert x[4, COLUMN] == 0.0  # inside the dense run
