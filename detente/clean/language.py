"""Language identification: py3langid's model and decisions, its byte walk done in numpy.

Why: py3langid scores a text by walking its bytes through an Aho-Corasick automaton of byte
n-grams, one Python step per byte; on a page that is about a millisecond, a fifth of all
the time cleaning takes. Here the walk is vectorised, with exactly the same result.

How: in an Aho-Corasick automaton the state after a byte is the longest suffix of the text
read so far that is a prefix of some n-gram, so it depends only on the last `depth` bytes,
where `depth` is the deepest state's distance from the root (6 for py3langid's model). The
state at every position is therefore found by walking each position's last `depth` bytes
from the root: `depth` vectorised steps over the whole text instead of one Python step per
byte. The first `depth - 1` positions (shorter windows) are walked one by one, as
py3langid does. The n-gram counts are then listed in order of first occurrence, as
py3langid's `Counter` lists them, so that the naive Bayes sum runs in the same order and
the scores are the same to the last bit; everything else (encoding, scoring, normalising,
aliases) is py3langid's own code. `tests/test_language.py` checks the equality.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE
from py3langid.langid import LanguageIdentifier as _Py3LanguageIdentifier


class LanguageIdentifier(_Py3LanguageIdentifier):
    """py3langid's `LanguageIdentifier` (same model, same `classify` results), faster."""

    __slots__ = ("_window", "_moves", "_rows", "_outputs", "_ptc_bits", "_ptc_normal")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        moves = self.tk_nextmove
        # A view of the transition table (no copy); row offsets and outputs as arrays.
        self._moves = np.frombuffer(moves, dtype=np.dtype(moves.typecode)) if hasattr(moves, "typecode") else np.asarray(moves)
        self._rows = np.asarray(self._rowbase, dtype=np.int64)
        self._outputs = np.asarray(self.tk_output, dtype=np.int64)
        self._window = _automaton_depth(self._moves, self._rows)
        # The naive Bayes table as raw 16-bit patterns when it is float16 (py3langid's is):
        # see `_table_rows`.
        self._ptc_bits = self.nb_ptc.view(np.uint16) if self.nb_ptc.dtype == np.float16 else None
        self._ptc_normal = self._ptc_bits is not None and _all_normal(self._ptc_bits)

    def _raw_score(self, text: bytes) -> Any:
        """py3langid's raw scores of the encoded `text` (its `_sparse_score` over its
        `visit_counts`), the n-gram counts found by a vectorised walk."""
        found = self._counts(text)
        if found is None:
            return super()._raw_score(text)  # short text or no n-gram: py3langid's own path
        features, counts = found
        return np.log1p(counts) @ self._table_rows(features) + self.nb_pc

    def _table_rows(self, features: np.ndarray) -> np.ndarray:
        """`self.nb_ptc[features]`, as float32 when the table is float16.

        Why: `float32 @ float16` converts the float16 rows to float32 before the product, in
        software, one element at a time: 100 microseconds for the ~500 n-grams of a page,
        twenty times the product itself. A lookup table of every float16 bit pattern's
        float32 value (`_FLOAT16_AS_FLOAT32`, made by numpy's own conversion) does the same
        conversion, exactly, in one `np.take` (half the time of fancy indexing); the product
        is then the one numpy made before (`tests/test_language.py` checks the scores to
        the last bit). A float32 copy of the whole table would be faster still, but holds
        57 MB more in every worker. When every value of the table is a normal number (no
        zero, subnormal, infinity or NaN: py3langid's model), the conversion is bit
        arithmetic instead (`_normal_as_float32`), exactly the same values again in half the
        time of the lookup."""
        if self._ptc_bits is None:
            return self.nb_ptc[features]
        bits = np.take(self._ptc_bits, features, axis=0)
        return _normal_as_float32(bits) if self._ptc_normal else np.take(_FLOAT16_AS_FLOAT32, bits.astype(np.intp))

    def _counts(self, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The n-grams of `text` (intp, in order of first occurrence, as py3langid's `Counter`
        lists them) and their counts (float32, as its `np.fromiter` makes them); None for a
        text shorter than the window or without any n-gram."""
        window, moves, rows = self._window, self._moves, self._rows
        data = np.frombuffer(text, dtype=np.uint8)
        n = data.shape[0]
        if n < window:
            return None
        states = np.empty(n, dtype=np.int64)
        state = 0
        for position in range(window - 1):  # windows shorter than `window`: walked as py3langid does
            state = int(moves[rows[state] + data[position]])
            states[position] = state
        tail = n - window + 1
        walked = moves[rows[0] + data[:tail]]  # every window of the last `window` bytes, from the root
        for k in range(1, window):
            walked = moves[rows[walked] + data[k : k + tail]]
        states[window - 1 :] = walked
        features = self._outputs[states]
        features = features[features >= 0]
        if features.size == 0:
            return None
        unique, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return unique[order].astype(np.intp), counts[order].astype(np.float32)


# float32 value of every float16 bit pattern (256 KiB), as numpy's float16 -> float32 cast gives it.
_FLOAT16_AS_FLOAT32 = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)
_FLOAT16_AS_FLOAT32.flags.writeable = False
_EXPONENT16 = 0x7C00  # a float16's exponent bits: all zero for zero and subnormals, all one for infinity and NaN


def _all_normal(bits: np.ndarray, chunk: int = 1 << 20) -> bool:
    """Whether every float16 bit pattern in `bits` is a normal number (checked in chunks:
    no temporary the size of the table)."""
    for start in range(0, bits.size, chunk):
        exponent = np.bitwise_and(bits.ravel()[start : start + chunk], _EXPONENT16)
        if exponent.size and (exponent.min() == 0 or exponent.max() == _EXPONENT16):
            return False
    return True


def _normal_as_float32(bits: np.ndarray) -> np.ndarray:
    """float32 values of float16 bit patterns that are all normal numbers (`_all_normal`):
    the sign moves from bit 15 to bit 31, the 5-bit exponent is rebiased from 15 to 127
    (plus 112 << 23) and the 10-bit mantissa widened to 23 bits (<< 13). Every float16 is a
    float32, so this is exact: numpy's own conversion, as `tests/test_clean_s6_language.py` checks."""
    wide = bits.astype(np.uint32)
    sign = wide & 0x8000
    wide ^= sign
    wide <<= 13
    wide += 112 << 23
    sign <<= 16
    wide |= sign
    return wide.view(np.float32)


def _automaton_depth(moves: np.ndarray, rows: np.ndarray) -> int:
    """The largest distance of a state from the root (breadth-first over all 256 bytes):
    the number of trailing bytes that fix the automaton's state."""
    depth = np.full(rows.shape[0], -1, dtype=np.int8)
    depth[0] = 0
    frontier = np.zeros(1, dtype=np.int64)
    level = 0
    every_byte = np.arange(256, dtype=np.int64)
    while frontier.size:
        level += 1
        for start in range(0, frontier.size, 4096):  # bounded memory: 4096 states x 256 bytes at a time
            reached = moves[(rows[frontier[start : start + 4096]][:, None] + every_byte).ravel()]
            depth[reached[depth[reached] < 0]] = level
        frontier = np.flatnonzero(depth == level)
    return max(level - 1, 1)


def load_language_identifier() -> LanguageIdentifier:
    """py3langid's shipped model (inside the package: no network), with normalised probabilities."""
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
