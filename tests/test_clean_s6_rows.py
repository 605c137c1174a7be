"""The classifier's matrix from text rows plus page flags is the matrix from whole rows.

Why: `segment_lines` passes `feature_matrix` each line's `text_row` (shared with the line
memo) and its page-dependent flags instead of a `page_row` per line; the model must see the
same numbers to the last bit either way. Pages here are invented.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.classifier import BASE_NAMES, PAGE_FLAG_COLUMNS, base_row, feature_matrix, page_row
from detente.clean.lines import LineMemo, _classifier_inputs, _fixed_reasons, _line_infos, classifier_rows, load_config
from tests.test_clean_lines import HEADLINE, P1, P2, P3, P4

_PAGE = [
    f"{HEADLINE} | Example News", "Home | World | Politics | Business", "", HEADLINE, "Share this article", "",
    P1, P2, "Related stories", "Leaders Meet For Talks In Geneva", P3, P4, "Share this article", "Comments (3)",
    "© 2008 Example News. All rights reserved.", "Home | World | Politics | Business",
]  # fmt: skip


def test_page_flag_columns_are_the_page_inputs_of_base_row() -> None:
    text = base_row(*(0,) * 8, *(False,) * 5, 0.0, 0.0, 0.0, False, False, 0)
    assert all(text[column] == 0.0 for column in PAGE_FLAG_COLUMNS)
    names = [BASE_NAMES[c] for c in PAGE_FLAG_COLUMNS]
    assert names == ["repeated", "later_copy", "corpus_common", "metadata", "inline_headline", "title_echo"]


def test_text_rows_and_flags_give_the_matrix_of_page_rows() -> None:
    config = load_config()
    preassigned = {4: "metadata:share"}
    for memo in (None, LineMemo()):
        _, infos = _line_infos(_PAGE, config, memo)
        features = [info.features if info else None for info in infos]
        reasons, patterns = _fixed_reasons(features, preassigned, frozenset({"comments"}), config, infos)
        indices, rows = classifier_rows(_PAGE, features, reasons, patterns, preassigned, config, infos)
        split_indices, texts, flags = _classifier_inputs(_PAGE, features, reasons, patterns, preassigned, config, infos)
        assert split_indices == indices
        assert any(any(page) for page in flags)  # the page inputs are not all zero here
        whole, split = feature_matrix(rows), feature_matrix(texts, flags)
        assert np.array_equal(whole.view(np.uint64), split.view(np.uint64))


line_values = st.tuples(*(st.floats(min_value=0.0, max_value=50.0) for _ in BASE_NAMES))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(line_values, st.lists(st.booleans(), min_size=6, max_size=6)), max_size=30))
def test_any_rows_and_flags_give_the_matrix_of_page_rows(lines: list[tuple[tuple[float, ...], list[bool]]]) -> None:
    texts = [text for text, _ in lines]
    flags = [tuple(page) for _, page in lines]
    whole = feature_matrix([page_row(text, *page) for text, page in zip(texts, flags)])
    assert np.array_equal(whole.view(np.uint64), feature_matrix(texts, flags).view(np.uint64))
