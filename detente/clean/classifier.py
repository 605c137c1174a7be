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
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np

from detente.config import DATA_DIR

MODEL_FILE = DATA_DIR / "cleaner" / "model.json"
FEATURE_VERSION = 2  # bump when the features change; a model of another version is refused

PROSE_STOP = 0.3  # a line with this stop-word share, final punctuation and PROSE_CHARS is prose
PROSE_CHARS = 70
DENSITY_WINDOW = 7  # lines over which prose is summed to find the page's densest run
CHUNK_LINES = 2048  # lines scored at once (memory: CHUNK_LINES x trees x 7 booleans)

# Per-line inputs, in this order, for each non-empty line; `lines.classifier_rows` computes them
# (see `base_row`).
BASE_NAMES = (
    "log_chars",  # log(1 + characters), East Asian characters counted triple
    "log_words",
    "stop_share",  # share of the words in the page language's stop-word list
    "capital_share",  # share of the words that are capitalised
    "terminal",  # ends like a sentence or a quotation
    "title_case_start",  # opens with Title Case stop words: a headline glued to a teaser
    "pattern",  # matches a pattern group of boilerplate.yaml
    "section_header",  # ...one that opens a section (comments, related, footer)
    "repeated",  # its normalised form occurs more than once on the page
    "later_copy",  # an earlier line had the same normalised form
    "corpus_common",  # frequent across the corpus (CCNet)
    "metadata",  # claimed by the metadata extractor
    "inline_headline",  # short unpunctuated clause in headline grammar
    "digit_share",  # digits per character
    "comma_rate",  # commas per word
    "mean_word_len",
    "title_echo",  # repeats (part of) the page's first line, the HTML title
    "menu_like",  # three words or fewer, no final punctuation
    "lower_start",  # starts with a lowercase letter (a paragraph cut in two)
    "separators",  # "|", ">", "»", "•", "·" in the line (at most 5): breadcrumbs and menus
    "prose",  # stop words, final punctuation and PROSE_CHARS characters: running text
)
_NEIGHBOUR_BASE = ("log_chars", "stop_share", "terminal", "pattern", "prose", "capital_share")
_OFFSETS = (-2, -1, 1, 2)
CONTEXT_NAMES = tuple(f"{name}@{o:+d}" for o in _OFFSETS for name in _NEIGHBOUR_BASE) + (
    "prose_window3", "prose_window10", "position", "distance_to_dense", "signed_distance_to_dense",
    "after_header_from_dense", "prose_before_share", "page_prose_lines", "page_lines",
    "stop_window3", "stop_window10", "chars_window3", "chars_window10", "terminal_window3", "pattern_window3",
    "chars_vs_page_max", "chars_vs_page_median", "stop_vs_page_mean", "chars_rank",
    "unpunctuated_to_dense",
)  # fmt: skip
FEATURE_NAMES = BASE_NAMES + CONTEXT_NAMES
def base_row(
    chars: int, words: int, stop_share: float, capital_share: float, terminal: bool, title_case_start: bool,
    pattern: bool, section_header: bool, repeated: bool, later_copy: bool, corpus_common: bool, metadata: bool,
    inline_headline: bool, digit_share: float, comma_rate: float, mean_word_len: float, title_echo: bool,
    lower_start: bool, separators: int,
) -> tuple[float, ...]:
    """The per-line features, in `BASE_NAMES` order."""
    prose = stop_share >= PROSE_STOP and terminal and chars >= PROSE_CHARS
    return (
        math.log1p(chars), math.log1p(words), stop_share, capital_share, float(terminal), float(title_case_start),
        float(pattern), float(section_header), float(repeated), float(later_copy), float(corpus_common),
        float(metadata), float(inline_headline), digit_share, comma_rate, mean_word_len, float(title_echo),
        float(words <= 3 and not terminal), float(lower_start), float(min(separators, 5)), float(prose),
    )  # fmt: skip


def text_row(
    chars: int, words: int, stop_share: float, capital_share: float, terminal: bool, title_case_start: bool,
    pattern: bool, section_header: bool, digit_share: float, comma_rate: float, mean_word_len: float,
    lower_start: bool, separators: int,
) -> tuple[float, ...]:
    """`base_row` of a line with the page-dependent inputs (repeats, corpus-common, metadata,
    inline headline, title echo) all false: what the line's text alone decides, worked out
    once per distinct line (`lines.LineMemo`) and completed per page by `page_row`."""
    return base_row(
        chars, words, stop_share, capital_share, terminal, title_case_start, pattern, section_header,
        False, False, False, False, False, digit_share, comma_rate, mean_word_len, False, lower_start, separators,
    )  # fmt: skip


def page_row(
    text: tuple[float, ...], repeated: bool, later_copy: bool, corpus_common: bool, metadata: bool,
    inline_headline: bool, title_echo: bool,
) -> tuple[float, ...]:
    """`base_row` from a line's `text_row` and the page-dependent inputs (the same values:
    those inputs are plain flags that no other feature depends on)."""
    flags = (float(repeated), float(later_copy), float(corpus_common), float(metadata), float(inline_headline))
    return text[:_PAGE_FLAGS] + flags + text[_PAGE_FLAGS + 5 : _TITLE_ECHO] + (float(title_echo),) + text[_TITLE_ECHO + 1 :]


_COL = {name: index for index, name in enumerate(BASE_NAMES)}
_PAGE_FLAGS = _COL["repeated"]  # repeated, later_copy, corpus_common, metadata, inline_headline: five in a row
_TITLE_ECHO = _COL["title_echo"]
# The columns of `page_row`'s page-dependent inputs, in its argument order (`feature_matrix`'s `page_flags`).
PAGE_FLAG_COLUMNS = [*range(_PAGE_FLAGS, _PAGE_FLAGS + 5), _TITLE_ECHO]
_NEIGHBOUR_COLUMNS = [_COL[name] for name in _NEIGHBOUR_BASE]
_WINDOW3_COLUMNS = [_COL[name] for name in ("prose", "stop_share", "log_chars", "terminal", "pattern")]
_WINDOW10_COLUMNS = [_COL[name] for name in ("prose", "stop_share", "log_chars")]


def feature_matrix(rows: Sequence[Sequence[float]], page_flags: Sequence[Sequence[float]] | None = None) -> np.ndarray:
    """Per-line features plus those of the neighbourhood, one row per non-empty line
    (columns in `FEATURE_NAMES` order; filled in place: pages are small, numpy calls dear).

    `rows` are `base_row`s; or, with `page_flags`, `text_row`s and per line the six
    page-dependent inputs of `page_row` (repeated, later copy, corpus-common, metadata,
    inline headline, title echo), written into their columns: the same matrix as from the
    `page_row`s, without making a tuple per line (`lines.LineMemo` shares the text rows).
    """
    n = len(rows)
    out = np.zeros((n, len(FEATURE_NAMES)))
    if n == 0:
        return out
    width = len(BASE_NAMES)
    base = out[:, :width]
    # (flattened through `fromiter`: numpy converts a list of tuples item by item, slower)
    base[:] = np.fromiter(chain.from_iterable(rows), np.float64, n * width).reshape(n, width)
    if page_flags is not None:
        flags = len(PAGE_FLAG_COLUMNS)
        base[:, PAGE_FLAG_COLUMNS] = np.fromiter(chain.from_iterable(page_flags), np.float64, n * flags).reshape(n, flags)
    column = width
    k = len(_NEIGHBOUR_COLUMNS)
    for offset in _OFFSETS:  # the lines two before .. two after; zeros beyond the page
        target = out[:, column : column + k]
        if offset < 0:
            target[-offset:] = base[: n + offset, _NEIGHBOUR_COLUMNS]
        else:
            target[: n - offset] = base[offset:, _NEIGHBOUR_COLUMNS]
        column += k
    log_chars, stop, prose = base[:, _LOG_CHARS], base[:, _STOP], base[:, _PROSE]
    prose_chars = prose * np.expm1(log_chars)
    # Every windowed sum from one cumulative sum (`_window_sums`, column by column: the same
    # additions in the same order): prose characters and the near columns over +-RADIUS_NEAR
    # lines, the far columns over +-RADIUS_FAR. Why: a page is a few dozen lines, and each numpy
    # call costs more than its arithmetic; three passes of eight calls were a third of the time.
    windowed = np.empty((n, _WINDOWED))
    windowed[:, 0] = prose_chars
    windowed[:, 1:_FAR_START] = base[:, _WINDOW3_COLUMNS]
    windowed[:, _FAR_START:] = base[:, _WINDOW10_COLUMNS]
    cumulative = np.zeros((n + 1, _WINDOWED))
    np.cumsum(windowed, axis=0, out=cumulative[1:])
    position = np.arange(n)
    near_hi, near_lo = np.minimum(position + (RADIUS_NEAR + 1), n), np.maximum(position - RADIUS_NEAR, 0)
    far_hi, far_lo = np.minimum(position + (RADIUS_FAR + 1), n), np.maximum(position - RADIUS_FAR, 0)
    near_sums = cumulative[near_hi, :_FAR_START] - cumulative[near_lo, :_FAR_START]
    far_sums = cumulative[far_hi, _FAR_START:] - cumulative[far_lo, _FAR_START:]
    dense = int(np.argmax(near_sums[:, 0]))
    header_count = np.cumsum(base[:, _SECTION_HEADER])
    order = np.argsort(-log_chars, kind="stable")
    descending = log_chars[order]  # (the sorted values: log_chars holds no NaN)
    rank = np.empty(n)
    rank[order] = position
    context = out[:, column:]
    context[:, _NEAR_CONTEXT] = near_sums[:, 1:] / (near_hi - near_lo)[:, None]  # prose, stop, chars, terminal, pattern
    context[:, _FAR_CONTEXT] = far_sums / (far_hi - far_lo)[:, None]  # prose, stop, chars
    offset = position - dense
    context[:, 2] = position / max(n - 1, 1)
    context[:, 3] = np.log1p(np.abs(offset))
    context[:, 4] = offset / n
    context[:, 5] = (offset > 0) & (header_count > header_count[dense])
    context[:, 6] = (cumulative[1:, 0] - prose_chars) / (prose_chars.sum() or 1.0)
    context[:, 7] = math.log1p(prose.sum())
    context[:, 8] = math.log1p(n)
    context[:, 15] = log_chars - descending[0]
    context[:, 16] = log_chars - (descending[n - 1 - (n - 1) // 2] + descending[n - 1 - n // 2]) / 2
    context[:, 17] = stop - stop.mean()
    context[:, 18] = rank / n
    # Lines without final punctuation (menus, link lists, form fields, headers) between a line
    # and the densest prose: a paragraph of the story has few, one beyond a widget box many.
    unpunctuated = np.cumsum(1.0 - base[:, _TERMINAL])
    context[:, 19] = np.log1p(np.abs(unpunctuated - unpunctuated[dense]))
    return out


RADIUS_NEAR = DENSITY_WINDOW // 2  # the near windows (prose_window3 ...) and the density search: +-3 lines
RADIUS_FAR = 10
_LOG_CHARS, _STOP, _PROSE, _SECTION_HEADER, _TERMINAL = (_COL[name] for name in ("log_chars", "stop_share", "prose", "section_header", "terminal"))
_FAR_START = 1 + len(_WINDOW3_COLUMNS)  # windowed columns: prose chars, the near columns, the far columns
_WINDOWED = _FAR_START + len(_WINDOW10_COLUMNS)
_NEAR_CONTEXT = [0, 9, 11, 13, 14]  # context columns of the near means, in _WINDOW3_COLUMNS order
_FAR_CONTEXT = [1, 10, 12]  # ...and of the far means, in _WINDOW10_COLUMNS order


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted trees, each stored as a complete binary tree of `depth` levels in heap
    order (node h has children 2h+1 and 2h+2), so that all trees are walked at once.

    A leaf of scikit-learn's tree above the last level becomes a test that always goes left
    (threshold +inf) over two copies of itself. Evaluation makes every internal test of every
    tree in one gather (lines x trees x tests), then walks `depth` steps by index arithmetic.
    """

    feature: np.ndarray  # (trees, 2**depth - 1) feature index of each internal node
    threshold: np.ndarray  # (trees, 2**depth - 1): go left when x[feature] <= threshold
    value: np.ndarray  # (trees, 2**depth) leaf values
    depth: int
    bias: float
    learning_rate: float
    threshold_probability: float
    feature_names: tuple[str, ...]
    # Derived in __post_init__ for trees of depth <= 3 (see `_packed_tests`); None otherwise.
    packed: _PackedTrees | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        packable = self.depth in _LEAF_TABLES and sys.byteorder == "little"  # (the byte gather assumes little-endian)
        object.__setattr__(self, "packed", _PackedTrees.of(self) if packable else None)

    @property
    def trees(self) -> int:
        return int(self.feature.shape[0])

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row (line) is article body.

        Rows go in chunks of CHUNK_LINES, so that a dump of a million lines needs no more
        memory for the tests (lines x trees x nodes booleans) than a long article does.
        """
        if x.shape[0] > CHUNK_LINES:
            return np.concatenate([self.probability(x[i : i + CHUNK_LINES]) for i in range(0, x.shape[0], CHUNK_LINES)])
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        trees, internal = self.feature.shape
        if self.packed is not None:
            leaf_values = self.packed.leaf_values(x)
        else:
            go_right = (x[:, self.feature.ravel()] > self.threshold.ravel()).reshape(n, trees, internal)
            leaf_values = self.value[np.arange(trees), self.leaves(go_right)]
        raw = self.bias + self.learning_rate * leaf_values.sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(raw, -30.0, 30.0)))

    def leaves(self, go_right: np.ndarray) -> np.ndarray:
        """The leaf each line reaches in each tree, from the outcomes of all internal tests
        (lines x trees x nodes).

        Why a table: with at most 7 internal nodes (depth 3) a tree's outcomes fit in one byte,
        and the leaf they lead to is the same function of that byte for every tree; packing
        the bits (a uint8 dot product: numpy's packbits is slower along a short axis) and one
        lookup replace `depth` steps of index arithmetic per line and tree. Deeper trees are
        walked (`walk_leaves`); both give the same leaves.
        """
        if self.depth not in _LEAF_TABLES:
            return self.walk_leaves(go_right)
        bits = np.ascontiguousarray(go_right).view(np.uint8)
        return _LEAF_TABLES[self.depth][bits @ _BIT_WEIGHTS[: bits.shape[2]]]

    def walk_leaves(self, go_right: np.ndarray) -> np.ndarray:
        """`leaves` by walking each tree from the root, `depth` steps of heap arithmetic."""
        n, trees, internal = go_right.shape
        node = np.zeros((n, trees, 1), dtype=np.intp)
        for _ in range(self.depth):
            node = 2 * node + 1 + np.take_along_axis(go_right, node, axis=2)
        return node[:, :, 0] - internal


def _leaf_table(depth: int) -> np.ndarray:
    """Leaf index for every byte of test outcomes (bit h: the test of heap node h went right)
    of a complete tree of `depth` <= 3 levels."""
    internal = 2**depth - 1
    table = np.zeros(256, dtype=np.intp)
    for code in range(256):
        node = 0
        for _ in range(depth):
            node = 2 * node + 1 + ((code >> node) & 1)
        table[code] = node - internal
    table.flags.writeable = False
    return table


_BIT_WEIGHTS = (1 << np.arange(8)).astype(np.uint8)
_BIT_WEIGHTS.flags.writeable = False
_LEAF_TABLES = {depth: _leaf_table(depth) for depth in (1, 2, 3)}  # constants: a tree of depth <= 3 has <= 7 tests
# Multiplying a uint64 whose eight bytes are each 0 or 1 by this gathers byte k into bit 56 + k
# (the partial products of other bytes land below bit 56 without carrying into it, or above bit
# 63): the top byte is then the eight bytes as bits, byte 0 lowest. Little-endian byte order.
_GATHER_BYTES = np.uint64(0x0102040810204080)
_SHIFT = np.uint64(56)


@dataclass(frozen=True)
class _PackedTrees:
    """A model of depth <= 3 laid out for one pass: each tree's (at most 7) tests padded to 8
    with a test that never goes right, so that the outcomes of one tree for one line are the
    eight bytes of one uint64; a multiplication packs them into the byte `leaves` computes
    with a dot product, and one table per tree maps that byte straight to the leaf's value.

    Why: the dot product over a short axis and the two gathers (leaf, then value) cost more
    than the tests themselves; this does the same lookups, in the same order, so the sums and
    the probabilities are the same to the last bit (`tests/test_clean_classifier.py`).
    """

    feature: np.ndarray  # (trees * 8,) feature index of each test, 8 per tree
    threshold: np.ndarray  # (trees * 8,) go right when x[feature] > threshold (+inf: never)
    values: np.ndarray  # (trees * 256,) leaf value of tree t for test byte c at t * 256 + c
    offsets: np.ndarray  # (trees,) t * 256

    @classmethod
    def of(cls, model: TreeModel) -> _PackedTrees:
        trees, internal = model.feature.shape
        feature = np.zeros((trees, 8), dtype=np.intp)
        threshold = np.full((trees, 8), math.inf)
        feature[:, :internal], threshold[:, :internal] = model.feature, model.threshold
        values = model.value[np.arange(trees)[:, None], _LEAF_TABLES[model.depth][None, :]]
        return cls(feature.ravel(), threshold.ravel(), np.ascontiguousarray(values).ravel(), np.arange(trees, dtype=np.uint64) * np.uint64(256))

    def leaf_values(self, x: np.ndarray) -> np.ndarray:
        """(lines, trees): the value of the leaf each line reaches in each tree."""
        n = x.shape[0]
        outcomes = np.ascontiguousarray(x[:, self.feature] > self.threshold).view(np.uint64).reshape(n, -1)
        codes = (outcomes * _GATHER_BYTES) >> _SHIFT
        codes += self.offsets
        return self.values[codes]


def model_from_dict(data: dict) -> TreeModel:
    """Build a `TreeModel` from its JSON form (scikit-learn's node arrays per tree), checking
    it was made for these features."""
    if data.get("feature_version") != FEATURE_VERSION or tuple(data.get("feature_names", ())) != FEATURE_NAMES:
        raise ValueError("the cleaner model was trained on other features; run `make train-cleaner`")
    depth = int(data["depth"])
    internal = 2**depth - 1
    trees = data["trees"]
    feature = np.zeros((len(trees), internal), dtype=np.intp)
    threshold = np.full((len(trees), internal), math.inf)
    value = np.zeros((len(trees), internal + 1))

    def fill(t: int, tree: dict, node: int, heap: int, level: int) -> None:
        if level == depth:
            if tree["left"][node] >= 0:
                raise ValueError("a tree is deeper than the model's stated depth")
            value[t, heap - internal] = tree["value"][node]
            return
        if tree["left"][node] < 0:  # an early leaf: always left, both subtrees the same leaf
            fill(t, tree, node, 2 * heap + 1, level + 1)
            fill(t, tree, node, 2 * heap + 2, level + 1)
            return
        feature[t, heap], threshold[t, heap] = tree["feature"][node], tree["threshold"][node]
        fill(t, tree, tree["left"][node], 2 * heap + 1, level + 1)
        fill(t, tree, tree["right"][node], 2 * heap + 2, level + 1)

    for t, tree in enumerate(trees):
        fill(t, tree, 0, 0, 0)
    return TreeModel(
        feature=feature,
        threshold=threshold,
        value=value,
        depth=depth,
        bias=float(data["bias"]),
        learning_rate=float(data["learning_rate"]),
        threshold_probability=float(data.get("threshold", 0.5)),
        feature_names=FEATURE_NAMES,
    )


def load_model(path: Path = MODEL_FILE) -> TreeModel | None:
    """The model in `path` (the shipped one by default), or None when the file is absent.

    A plain loader: `resources.load_cleaning_resources` loads the shipped model once and
    passes it inside the resources; callers needing another (cross-validation's fold
    models) load it once themselves."""
    if not Path(path).exists():
        return None
    with open(path, encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))
