"""A learned body/boilerplate line classifier for page dumps (boilerpipe's idea, on lines).

Why learned: hand-tuned thresholds fitted the development pages and did no better than a
crude "ends in a full stop" filter on pages nobody had looked at. Here every line gets
shallow features of itself *and of its neighbourhood* (length, words, stop-word share,
punctuation, capitals, link-like shape, position, distance to the page's densest run of
prose, repeats within the page and across the corpus, the pattern groups of
`boilerplate.yaml`), and a small gradient-boosted tree ensemble trained on the dev dumps
(`make train-cleaner`, `scripts/train_cleaner.py`) says how likely the line is body.

The model is a JSON file under `detente/data/cleaner/` (trees as flat arrays, with the
provenance of its training data beside it) evaluated with numpy: no scikit-learn at run
time, and one vectorised pass per page rather than work per line per tree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from detente.config import DATA_DIR

MODEL_FILE = DATA_DIR / "cleaner" / "model.json"
FEATURE_VERSION = 1  # bump when the features change; a model of another version is refused

PROSE_STOP = 0.3  # a line with this stop-word share, final punctuation and PROSE_CHARS is prose
PROSE_CHARS = 70
DENSITY_WINDOW = 7  # lines over which prose is summed to find the page's densest run

# Per-line inputs, in this order, for each non-empty line (see `LineInput`).
BASE_NAMES = (
    "log_chars", "log_words", "stop_share", "capital_share", "terminal", "title_case_start",
    "pattern", "section_header", "repeated", "later_copy", "corpus_common", "metadata",
    "inline_headline", "digit_share", "comma_rate", "mean_word_len", "title_echo", "menu_like",
    "lower_start", "separators", "prose",
)  # fmt: skip
_NEIGHBOUR_BASE = ("log_chars", "stop_share", "terminal", "pattern", "prose", "capital_share")
_OFFSETS = (-2, -1, 1, 2)
CONTEXT_NAMES = tuple(f"{name}@{o:+d}" for o in _OFFSETS for name in _NEIGHBOUR_BASE) + (
    "prose_window3", "prose_window10", "position", "distance_to_dense", "signed_distance_to_dense",
    "after_header_from_dense", "prose_before_share", "page_prose_lines", "page_lines",
    "stop_window3", "stop_window10", "chars_window3", "chars_window10", "terminal_window3", "pattern_window3",
    "chars_vs_page_max", "chars_vs_page_median", "stop_vs_page_mean", "chars_rank",
)  # fmt: skip
FEATURE_NAMES = BASE_NAMES + CONTEXT_NAMES


@dataclass(frozen=True)
class LineInput:
    """What the classifier reads of one non-empty line (computed by `lines.py`)."""

    chars: int
    words: int
    stop_share: float
    capital_share: float
    terminal: bool
    title_case_start: bool
    pattern: bool  # matched a pattern group of boilerplate.yaml
    section_header: bool  # ...one that opens a section (comments, related, footer)
    repeated: bool  # its normalised form occurs more than once on the page
    later_copy: bool  # an earlier line had the same normalised form
    corpus_common: bool  # frequent across the corpus (CCNet)
    metadata: bool  # claimed by the metadata extractor
    inline_headline: bool  # short unpunctuated clause in headline grammar
    digit_share: float
    comma_rate: float
    mean_word_len: float
    title_echo: bool  # repeats (part of) the page's first line, the HTML title
    lower_start: bool
    separators: int  # "|", ">", "»", "•" in the line: breadcrumbs and menus


def base_row(line: LineInput) -> list[float]:
    """The per-line features, in `BASE_NAMES` order."""
    prose = line.stop_share >= PROSE_STOP and line.terminal and line.chars >= PROSE_CHARS
    return [
        math.log1p(line.chars), math.log1p(line.words), line.stop_share, line.capital_share,
        float(line.terminal), float(line.title_case_start), float(line.pattern), float(line.section_header),
        float(line.repeated), float(line.later_copy), float(line.corpus_common), float(line.metadata),
        float(line.inline_headline), line.digit_share, line.comma_rate, line.mean_word_len,
        float(line.title_echo), float(line.words <= 3 and not line.terminal), float(line.lower_start),
        float(min(line.separators, 5)), float(prose),
    ]  # fmt: skip


def feature_matrix(rows: Sequence[Sequence[float]]) -> np.ndarray:
    """Per-line features plus those of the neighbourhood, one row per non-empty line."""
    base = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(BASE_NAMES))
    n = base.shape[0]
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    columns = [base]
    neighbour_index = [BASE_NAMES.index(name) for name in _NEIGHBOUR_BASE]
    padded = np.vstack([np.zeros((2, len(neighbour_index))), base[:, neighbour_index], np.zeros((2, len(neighbour_index)))])
    for offset in _OFFSETS:
        columns.append(padded[2 + offset : 2 + offset + n])
    prose = base[:, BASE_NAMES.index("prose")]
    log_chars = base[:, BASE_NAMES.index("log_chars")]
    stop = base[:, BASE_NAMES.index("stop_share")]
    chars = np.expm1(log_chars)
    prose_chars = prose * chars
    position = np.arange(n, dtype=np.float64)
    dense = _densest(prose_chars)
    headers = base[:, BASE_NAMES.index("section_header")]
    header_count = np.cumsum(headers)
    after_header = (position > dense) & (header_count > header_count[dense])
    total_prose = prose_chars.sum() or 1.0
    context = np.column_stack(
        [
            _window_mean(prose, 3),
            _window_mean(prose, 10),
            position / max(n - 1, 1),
            np.log1p(np.abs(position - dense)),
            (position - dense) / n,
            after_header.astype(np.float64),
            (np.cumsum(prose_chars) - prose_chars) / total_prose,
            np.full(n, math.log1p(prose.sum())),
            np.full(n, math.log1p(n)),
            _window_mean(stop, 3),
            _window_mean(stop, 10),
            _window_mean(log_chars, 3),
            _window_mean(log_chars, 10),
            _window_mean(base[:, BASE_NAMES.index("terminal")], 3),
            _window_mean(base[:, BASE_NAMES.index("pattern")], 3),
            log_chars - log_chars.max(),
            log_chars - np.median(log_chars),
            stop - stop.mean(),
            np.argsort(np.argsort(-log_chars, kind="stable"), kind="stable") / n,
        ]
    )
    columns.append(context)
    return np.hstack(columns)


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `values` over the lines within `radius` of each line (edges: fewer lines)."""
    sums = _window_sum(values, radius)
    counts = _window_sum(np.ones_like(values), radius)
    return sums / counts


def _window_sum(values: np.ndarray, radius: int) -> np.ndarray:
    """Sum of `values` over the lines within `radius` of each line (cumulative sums: O(n))."""
    n = values.size
    cumulative = np.concatenate([[0.0], np.cumsum(values)])
    position = np.arange(n)
    return cumulative[np.minimum(position + radius + 1, n)] - cumulative[np.maximum(position - radius, 0)]


def _densest(prose_chars: np.ndarray) -> int:
    """Index of the centre of the page's densest run of prose (first one on ties)."""
    return int(np.argmax(_window_sum(prose_chars, DENSITY_WINDOW // 2)))


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted trees as flat arrays (all trees' nodes concatenated).

    A leaf points to itself, with threshold +inf, so every tree can be walked `depth` steps
    at once over all lines: node <- left if x[feature] <= threshold else right.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    bias: float
    learning_rate: float
    threshold_probability: float
    feature_names: tuple[str, ...]

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row (line) is article body."""
        if x.shape[0] == 0:
            return np.zeros(0)
        rows = np.arange(x.shape[0])[:, None]
        node = np.broadcast_to(self.roots, (x.shape[0], self.roots.size))
        for _ in range(self.depth):
            go_left = x[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        raw = self.bias + self.learning_rate * self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(raw, -30.0, 30.0)))


def model_from_dict(data: dict) -> TreeModel:
    """Build a `TreeModel` from its JSON form, checking it was made for these features."""
    if data.get("feature_version") != FEATURE_VERSION or tuple(data.get("feature_names", ())) != FEATURE_NAMES:
        raise ValueError("the cleaner model was trained on other features; run `make train-cleaner`")
    trees = data["trees"]
    offsets = np.cumsum([0] + [len(t["feature"]) for t in trees])
    feature, threshold, left, right, value = [], [], [], [], []
    for offset, tree in zip(offsets, trees):
        for j, (f, t, lo, hi, v) in enumerate(zip(tree["feature"], tree["threshold"], tree["left"], tree["right"], tree["value"])):
            leaf = lo < 0
            feature.append(0 if leaf else f)
            threshold.append(math.inf if leaf else t)
            left.append(offset + (j if leaf else lo))
            right.append(offset + (j if leaf else hi))
            value.append(v if leaf else 0.0)
    return TreeModel(
        feature=np.asarray(feature, dtype=np.intp),
        threshold=np.asarray(threshold, dtype=np.float64),
        left=np.asarray(left, dtype=np.intp),
        right=np.asarray(right, dtype=np.intp),
        value=np.asarray(value, dtype=np.float64),
        roots=np.asarray(offsets[:-1], dtype=np.intp),
        depth=int(data["depth"]),
        bias=float(data["bias"]),
        learning_rate=float(data["learning_rate"]),
        threshold_probability=float(data.get("threshold", 0.5)),
        feature_names=FEATURE_NAMES,
    )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> TreeModel | None:
    """The shipped model (read once per process), or None when the file is absent."""
    if not Path(path).exists():
        return None
    with open(path, encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))
