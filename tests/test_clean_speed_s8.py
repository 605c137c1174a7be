"""Session 8 speed-ups of the line cleaner change no number (issue 10, item 7).

`feature_matrix` computes its windowed context features from one cumulative sum and fills
its inputs through `np.fromiter`; the reference below is the implementation it replaced
(three `_window_sums` passes, `np.sort` for the page's maximum and median), and the two
must agree to the last bit on pages of every length, ties in line length included.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from detente.clean import classifier
from detente.clean.classifier import BASE_NAMES, FEATURE_NAMES, PAGE_FLAG_COLUMNS, feature_matrix

_COL = {name: index for index, name in enumerate(BASE_NAMES)}


def _window_sums(values: np.ndarray, radius: int) -> np.ndarray:
    n = values.shape[0]
    cumulative = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, out=cumulative[1:])
    position = np.arange(n)
    return cumulative[np.minimum(position + radius + 1, n)] - cumulative[np.maximum(position - radius, 0)]


def _window_means(values: np.ndarray, radius: int) -> np.ndarray:
    n = values.shape[0]
    position = np.arange(n)
    counts = np.minimum(position + radius + 1, n) - np.maximum(position - radius, 0)
    return _window_sums(values, radius) / counts[:, None]


def _reference(rows: list[tuple[float, ...]]) -> np.ndarray:
    """`feature_matrix` as session 7 shipped it, plus session 9's `unpunctuated_to_dense`."""
    n = len(rows)
    out = np.zeros((n, len(FEATURE_NAMES)))
    width = len(BASE_NAMES)
    base = out[:, :width]
    base[:] = rows
    neighbours = [_COL[name] for name in ("log_chars", "stop_share", "terminal", "pattern", "prose", "capital_share")]
    column = width
    for offset in (-2, -1, 1, 2):
        target = out[:, column : column + len(neighbours)]
        if offset < 0:
            target[-offset:] = base[: n + offset, neighbours]
        else:
            target[: n - offset] = base[offset:, neighbours]
        column += len(neighbours)
    prose, log_chars, stop = base[:, _COL["prose"]], base[:, _COL["log_chars"]], base[:, _COL["stop_share"]]
    prose_chars = prose * np.expm1(log_chars)
    position = np.arange(n, dtype=np.float64)
    dense = int(np.argmax(_window_sums(prose_chars[:, None], classifier.DENSITY_WINDOW // 2)[:, 0]))
    header_count = np.cumsum(base[:, _COL["section_header"]])
    near = _window_means(base[:, [_COL[c] for c in ("prose", "stop_share", "log_chars", "terminal", "pattern")]], 3)
    far = _window_means(base[:, [_COL[c] for c in ("prose", "stop_share", "log_chars")]], 10)
    ordered = np.sort(log_chars)
    order = np.argsort(-log_chars, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    context = out[:, column:]
    context[:, 0], context[:, 1] = near[:, 0], far[:, 0]
    context[:, 2] = position / max(n - 1, 1)
    context[:, 3] = np.log1p(np.abs(position - dense))
    context[:, 4] = (position - dense) / n
    context[:, 5] = (position > dense) & (header_count > header_count[dense])
    context[:, 6] = (np.cumsum(prose_chars) - prose_chars) / (prose_chars.sum() or 1.0)
    context[:, 7] = math.log1p(prose.sum())
    context[:, 8] = math.log1p(n)
    context[:, 9], context[:, 10], context[:, 11], context[:, 12] = near[:, 1], far[:, 1], near[:, 2], far[:, 2]
    context[:, 13], context[:, 14] = near[:, 3], near[:, 4]
    context[:, 15] = log_chars - ordered[-1]
    context[:, 16] = log_chars - (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    context[:, 17] = stop - stop.mean()
    context[:, 18] = rank / n
    unpunctuated = np.cumsum(1.0 - base[:, _COL["terminal"]])  # session 9
    context[:, 19] = np.log1p(np.abs(unpunctuated - unpunctuated[dense]))
    return out


def _page(n: int, seed: int) -> list[tuple[float, ...]]:
    """A page of `n` lines with shapes a dump has: flags 0/1, shares, lengths with ties."""
    rng = np.random.default_rng(seed)
    rows = rng.random((n, len(BASE_NAMES)))
    flags = [_COL[name] for name in ("terminal", "pattern", "section_header", "prose", "repeated", "title_echo")]
    rows[:, flags] = rng.random((n, len(flags))) < 0.4
    rows[:, _COL["log_chars"]] = np.log1p(rng.integers(1, 12, n) * 20)  # few distinct lengths: ties
    return [tuple(float(v) for v in row) for row in rows]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 11, 12, 21, 22, 23, 46, 200])
def test_feature_matrix_is_the_reference_to_the_last_bit(n: int) -> None:
    for seed in range(3):
        rows = _page(n, seed)
        assert np.array_equal(feature_matrix(rows).view(np.uint64), _reference(rows).view(np.uint64))


def test_split_inputs_give_the_reference_to_the_last_bit() -> None:
    rows = _page(40, 9)
    flags = [tuple(row[c] for c in PAGE_FLAG_COLUMNS) for row in rows]
    texts = [tuple(0.0 if c in PAGE_FLAG_COLUMNS else v for c, v in enumerate(row)) for row in rows]
    assert np.array_equal(feature_matrix(texts, flags).view(np.uint64), _reference(rows).view(np.uint64))


# --- per-line shape features through byte tables (`lines._tokens`, `_features`, `_digits`) ---

from detente.clean import lines  # noqa: E402

_LINES = [
    "Home > World > Europe",
    "The talks, held in Geneva on 14 January 2008, ended without a deal (AFP).",
    "By JOHN O'Brien-Smith | Updated: 09:31 August 20, 2019",
    "snake_case and CamelCase words2words 3rd",
    "“We will not accept it,” the minister’s aide said — again…",
    "İstanbul'da ÇAĞ toplantısı: Ärger über Öl",
    "  padded line with trailing spaces  ",
    "ALL CAPS HEADLINE WITH NUMBERS 1 2 3",
    "a",
    "12345",
]


@pytest.mark.parametrize("line", _LINES)
def test_tokens_are_the_letter_runs_of_the_line(line: str) -> None:
    assert lines._tokens(line) == lines._WORD.findall(line)


@pytest.mark.parametrize("line", _LINES)
def test_capital_share_and_stop_share_are_counted_over_the_tokens(line: str) -> None:
    tokens = lines._WORD.findall(line)
    stop_words = frozenset({"the", "in", "on", "and", "with", "a", "we", "will", "not", "it"})
    f = lines._features(line, tokens, stop_words)
    assert f is not None
    n = len(tokens) or 1
    assert f.capital_share == sum(t[0].isupper() for t in tokens) / n
    lowered = lines._WORD.findall(line.strip().lower())
    assert f.stop_share == sum(w in stop_words for w in lowered) / n


@pytest.mark.parametrize("line", _LINES)
def test_digits_are_every_decimal_digit(line: str) -> None:
    assert lines._digits(line) == len(re.findall(r"\d", line))


@pytest.mark.parametrize("line", [*_LINES, "Home » World • Europe · Asia | Video > Live", "a|b|c >> d"])
def test_separators_are_every_breadcrumb_mark(line: str) -> None:
    assert lines._separators(line) == sum(line.count(mark) for mark in "|>»•·")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Police In Custody After The Attack On Border Post", True),
        ("Police in custody after the attack on border post", False),
        ("Police Chief Says Border Attack Was Planned", False),  # no stop word after the second word
        ("Police In custody After The Attack", False),
        ("Police In Custody", False),  # too short to tell
    ],
)
def test_title_case_start(line: str, expected: bool) -> None:
    tokens = lines._WORD.findall(line)
    stop_words = frozenset({"the", "in", "on", "after", "of"})
    assert lines._title_case_start(tokens, [t.lower() for t in tokens], stop_words) is expected


def test_the_page_counts_are_made_once_and_read_by_every_repeat_test() -> None:
    """`segment_lines` counts the page's normalised lines once and passes the counts on;
    `_fixed_reasons` reads the counts it is given (a short line counted twice is a repeat)."""
    page = ["World news today", "Quarterly outlook", "The minister said the talks would go on next week in Geneva."]
    config = lines.load_config()
    _, infos = lines._line_infos(page, config, None)
    features = [info.features if info else None for info in infos]
    assert lines._fixed_reasons(features, {}, frozenset(), config, infos)[0][1] != "repeated"
    counts = lines._norm_counts(features)
    counts["quarterly outlook"] = 2
    assert lines._fixed_reasons(features, {}, frozenset(), config, infos, counts)[0][1] == "repeated"


# --- anchored patterns tried by the line's first character (`lines._Matcher.by_opener`) ---


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(share|tweet|email)$", frozenset("ste")),
        ("share (this|on)\\b", frozenset("s")),
        ("[ab]c", frozenset("ab")),
        ("(pin|save) it on\\b", frozenset("ps")),
        ("\\d*\\s*shares?$", None),  # may open with "s" or a digit or a space
        ("(\\w+ )?comments?$", None),
        ("(?i:share)", None),  # case folded
        ("(a|)x", frozenset("ax")),  # an empty branch: what follows the group opens the match
        ("(a|)", None),  # ...or nothing does: it may match the empty string
        ("(hi )?there", None),  # an optional opening
        ("[^\\W\\d_]+ \\| ", None),  # a negated class
    ],
)
def test_opening_characters_of_an_anchored_pattern(pattern: str, expected: frozenset[str] | None) -> None:
    assert lines._openers(pattern) == expected


def test_a_matcher_tries_anchored_patterns_by_first_character_with_the_same_answers() -> None:
    patterns = ["^(hi )?there", "^(share|tweet)$", "^\\d*\\s*shares?$", "^(?i:print)$", "^follow (us|@)", "\\bcookies?\\b"]
    matcher = lines._Matcher.compile(patterns)
    assert set(matcher.by_opener) == {"s", "t", "f"}
    whole = lines._alternation([p[1:] for p in patterns if p.startswith("^")])
    for text in ["there", "hi there", "share", "tweet", "12 shares", "shares", "PRINT", "Print", "follow us", "Follow us", "", "x", "we use cookies"]:
        expected = bool(whole.match(text)) or "cookie" in text
        assert matcher.matches(text) is expected, text
