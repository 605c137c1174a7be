"""Language identification's float16 -> float32 rows by bit arithmetic are numpy's conversion.

Why: `LanguageIdentifier._table_rows` converts the naive Bayes rows of a page's n-grams by
shifting bits when the whole table holds normal numbers only (py3langid's does); the scores,
and so the language and its confidence, must be the same to the last bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.clean.language import _all_normal, _normal_as_float32, load_language_identifier


def _normal_patterns() -> np.ndarray:
    every = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    exponent = every & 0x7C00
    return every[(exponent != 0) & (exponent != 0x7C00)]


def test_every_normal_float16_converts_exactly() -> None:
    bits = _normal_patterns()
    assert bits.size == 2 * 30 * 1024  # both signs, exponents 1..30, every mantissa
    expected = bits.view(np.float16).astype(np.float32)
    assert np.array_equal(_normal_as_float32(bits).view(np.uint32), expected.view(np.uint32))
    square = bits[: 64 * 142].reshape(64, 142)  # a page's rows: two dimensions
    assert np.array_equal(_normal_as_float32(square), square.view(np.float16).astype(np.float32))


@pytest.mark.parametrize("value", [0.0, -0.0, 1e-7, float("inf"), float("-inf"), float("nan")])
def test_a_table_with_a_zero_subnormal_or_special_value_is_not_all_normal(value: float) -> None:
    table = np.full((5, 7), 0.5, dtype=np.float16)
    assert _all_normal(table.view(np.uint16))
    table[3, 4] = value
    assert not _all_normal(table.view(np.uint16))
    assert not _all_normal(table.view(np.uint16), chunk=4)  # found in a later chunk too


def test_both_paths_give_the_model_rows_and_the_same_scores() -> None:
    identifier = load_language_identifier()
    assert identifier._ptc_normal  # py3langid's table: the bit-arithmetic path is the one used
    features = np.random.default_rng(3).integers(0, identifier.nb_ptc.shape[0], 500).astype(np.intp)
    expected = identifier.nb_ptc[features].astype(np.float32)
    fast = identifier._table_rows(features)
    identifier._ptc_normal = False
    try:
        lookup = identifier._table_rows(features)
        text = "The ministers met in Geneva on Tuesday and agreed to resume the talks next month."
        slow_result = identifier.classify(text)
    finally:
        identifier._ptc_normal = True
    assert fast.dtype == lookup.dtype == np.float32
    assert np.array_equal(fast.view(np.uint32), expected.view(np.uint32))
    assert np.array_equal(lookup.view(np.uint32), expected.view(np.uint32))
    assert identifier.classify(text) == slow_result
