"""The cleaner's speed-ups compute the same values as the plain definitions they replace."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.classifier import base_row, page_row, text_row
from detente.clean.language import _FLOAT16_AS_FLOAT32, load_language_identifier
from detente.clean.lines import LineMemo, _line_info, _tokens, load_config
from detente.clean.normalize import normalize_for_hash, normalize_text

counts = st.integers(min_value=0, max_value=5000)
shares = st.floats(min_value=0.0, max_value=1.0)
flags = st.booleans()


@settings(max_examples=300, deadline=None)
@given(
    counts, counts, shares, shares, flags, flags, flags, flags, st.lists(flags, min_size=6, max_size=6),
    shares, st.floats(min_value=0, max_value=3), st.floats(min_value=0, max_value=20), flags, st.integers(0, 9),
)  # fmt: skip
def test_page_row_of_text_row_is_base_row(
    chars: int, words: int, stop: float, capitals: float, terminal: bool, title_case: bool, pattern: bool,
    section: bool, page: list[bool], digits: float, commas: float, word_len: float, lower: bool, separators: int,
) -> None:  # fmt: skip
    repeated, later, common, metadata, headline, echo = page
    expected = base_row(
        chars, words, stop, capitals, terminal, title_case, pattern, section, repeated, later, common, metadata,
        headline, digits, commas, word_len, echo, lower, separators,
    )  # fmt: skip
    text = text_row(chars, words, stop, capitals, terminal, title_case, pattern, section, digits, commas, word_len, lower, separators)
    assert page_row(text, repeated, later, common, metadata, headline, echo) == expected


def test_float16_table_is_numpys_conversion() -> None:
    bits = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    expected = bits.view(np.float16).astype(np.float32)
    assert np.array_equal(_FLOAT16_AS_FLOAT32.view(np.uint32), expected.view(np.uint32))


def test_table_rows_are_the_model_rows_as_float32() -> None:
    identifier = load_language_identifier()
    features = np.array([0, 5, 17, identifier.nb_ptc.shape[0] - 1, 5], dtype=np.intp)
    found = identifier._table_rows(features)
    assert found.dtype == np.float32
    assert np.array_equal(found, identifier.nb_ptc[features].astype(np.float32))


def test_memo_entry_is_remade_under_other_stop_words() -> None:
    config = load_config()
    (_, english), (_, other) = config.stop_words[0], config.stop_words[1]
    memo = LineMemo()
    memo.use(config)
    line = "The talks in the capital ended on Tuesday."
    entry = memo.entry(line)
    assert entry[0] == _tokens(line) and memo.entry(line) is entry
    for stop_words in (english, other, english):
        assert memo.info(entry, line, stop_words, config, True) == _line_info(line, entry[0], stop_words, config, True)
    without_shape = memo.info(memo.entry("Home"), "Home", english, config, False)
    assert without_shape is not None and without_shape.shape is None
    assert memo.info(memo.entry("Home"), "Home", english, config, True).shape is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aB \n\t\u2018\u2019\u201c\u201d\"'«»é\u00a0-"), max_size=60))
def test_hash_form_drops_the_same_quotes_as_the_regex(text: str) -> None:
    expected = " ".join(re.sub(r"[\u2018\u2019\u201c\u201d\"'«»]", "", text.lower()).split())
    assert normalize_for_hash(text) == expected


@pytest.mark.parametrize("mark", ["\r\n", "\r", "\u2028", "\u2029", "\v", "\f"])
def test_every_line_break_mark_becomes_a_newline(mark: str) -> None:
    assert normalize_text(f"Talks ended.{mark}The minister left\u2019s office.") == "Talks ended.\nThe minister left\u2019s office."
