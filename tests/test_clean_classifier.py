"""The learned line classifier: features, export, labels and the shipped model (issue 10, item 3).

Page dumps here are invented; nothing is read from ../shared.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.clean.classifier import BASE_NAMES, FEATURE_NAMES, FEATURE_VERSION, feature_matrix, load_model, model_from_dict
from detente.clean.lines import boilerplate_signals, page_features, segment_lines
from detente.clean.train import common_lines, export, line_labels
from tests.test_clean_lines import HEADLINE, P1, P2, P3, P4


def _rows(n: int) -> list[list[float]]:
    rng = np.random.default_rng(0)
    return rng.random((n, len(BASE_NAMES))).tolist()


@pytest.mark.parametrize("n", [1, 2, 3, 8, 40])
def test_feature_matrix_has_one_row_per_line_and_every_feature(n: int) -> None:
    x = feature_matrix(_rows(n))
    assert x.shape == (n, len(FEATURE_NAMES))
    assert np.isfinite(x).all()


def test_feature_matrix_of_an_empty_page() -> None:
    assert feature_matrix([]).shape == (0, len(FEATURE_NAMES))


def test_neighbour_features_read_the_lines_around() -> None:
    rows = _rows(5)
    x = feature_matrix(rows)
    stop = BASE_NAMES.index("stop_share")
    assert x[2, FEATURE_NAMES.index("stop_share@-1")] == pytest.approx(rows[1][stop])
    assert x[2, FEATURE_NAMES.index("stop_share@+2")] == pytest.approx(rows[4][stop])
    assert x[0, FEATURE_NAMES.index("stop_share@-1")] == 0.0  # before the page: nothing


def test_exported_trees_reproduce_scikit_learn() -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.random((300, len(FEATURE_NAMES)))
    y = (x[:, 2] + 0.3 * x[:, 5] > 0.7).astype(int)
    fitted = GradientBoostingClassifier(n_estimators=20, max_depth=3, random_state=0).fit(x, y)
    data = export(fitted, x[:40])  # raises if the numpy walk disagrees
    ours = model_from_dict(data).probability(x)
    assert np.allclose(ours, fitted.predict_proba(x)[:, 1], atol=1e-6)


def test_a_model_for_other_features_is_refused() -> None:
    with pytest.raises(ValueError, match="train-cleaner"):
        model_from_dict({"feature_version": FEATURE_VERSION + 1, "feature_names": list(FEATURE_NAMES), "trees": []})


def test_shipped_model_loads() -> None:
    model = load_model()
    assert model is not None
    assert model.feature_names == FEATURE_NAMES
    assert 0.0 < model.threshold_probability < 1.0
    assert model.trees >= 50


def test_labels_count_a_repeated_paragraph_once_and_keep_crossheads() -> None:
    lines = ["Home", "World", HEADLINE, P1, "What comes next", P2, P1, "Share this"]
    gold = "\n".join([P1, "What comes next", P2])
    indices = list(range(len(lines)))
    assert line_labels(lines, indices, gold) == [0, 0, 0, 1, 1, 1, 0, 0]


def test_common_lines_need_five_pages() -> None:
    dumps = [f"Home\nSubscribe now\nStory {i} text." for i in range(5)] + ["Only here"]
    assert common_lines(dumps) == frozenset({"home", "subscribe now"})


def test_page_features_skip_empty_lines() -> None:
    lines = [HEADLINE, "", P1, "", P2]
    indices, rows = page_features(lines)
    assert indices == [0, 2, 4]
    assert len(rows[0]) == len(BASE_NAMES)


MENU = ["Home", "World", "Politics", "Business", "Science", "Sport", "Search"]
FOOTER = [
    "Related Stories", "Ferry company warns of further delays", "Pier repairs to cost more", "Comments (2)", "Leave a Reply",
    "About us", "Privacy policy",
]  # fmt: skip


def test_model_keeps_the_body_of_an_invented_page() -> None:
    dump = [f"{HEADLINE} | Harbour News", *MENU, HEADLINE, "By Ann Lee", "Share on Facebook", P1, P2, P3, P4, *FOOTER]
    result = segment_lines(dump, model=load_model())
    kept = [line for line, verdict in zip(dump, result.verdicts) if verdict.keep]
    assert kept == [P1, P2, P3, P4]
    assert result.title_index == dump.index(HEADLINE)
    assert all(verdict.keep or verdict.reason for verdict in result.verdicts)


def test_later_copy_of_the_body_is_dropped_by_the_model_path() -> None:
    dump = [*MENU, HEADLINE, P1, P2, P3, "Share", P1, P2]
    result = segment_lines(dump, model=load_model())
    assert [verdict.reason for verdict in result.verdicts[-2:]] == ["repeated", "repeated"]


@pytest.mark.parametrize(
    ("lines", "signal"),
    [
        (["Home", P1], "menu"),
        ([P1, "Share on Twitter"], "share"),
        ([P1, "Politics", "Economy", "Culture"], "link list"),
        ([f"{HEADLINE} | Site", HEADLINE, P1], "echo of the page title"),
        ([P1, "Ferry Company Warns Of Delays", "Pier Repairs Cost More Money"], "title-case links"),
    ],
)
def test_boilerplate_signals(lines: list[str], signal: str) -> None:
    from detente.clean.lines import _features, _fixed_reasons, _page_stop_words, _WORD, load_config

    config = load_config()
    tokens = [_WORD.findall(line) for line in lines]
    stop_words = _page_stop_words(tokens, config.stop_words, config.stop_index)
    features = [_features(line, toks, stop_words) for line, toks in zip(lines, tokens)]
    reasons, _ = _fixed_reasons(features, {}, frozenset(), config)
    assert any(found.startswith(signal) for found in boilerplate_signals(features, reasons, {}))


def test_no_signal_in_plain_prose() -> None:
    lines = [HEADLINE, P1, P2, "A crosshead", P3]
    result = segment_lines(lines)
    assert [verdict.keep for verdict in result.verdicts] == [False, True, True, True, True]
    assert result.title_index == 0


def test_probability_in_chunks_equals_one_pass() -> None:
    from detente.clean import classifier

    model = load_model()
    x = feature_matrix(_rows(classifier.CHUNK_LINES * 2 + 17))
    chunked = model.probability(x)
    whole = np.concatenate([model.probability(x[i : i + 100]) for i in range(0, x.shape[0], 100)])
    assert chunked.shape == (x.shape[0],)
    assert np.allclose(chunked, whole)


def test_a_box_of_links_inside_the_article_does_not_end_it() -> None:
    box = ["DON'T MISS", "Ferry Company Warns Of Further Delays", "Mayor Says Pier Will Reopen Next Year", "Trending"]
    p5 = (
        "Engineers said on Wednesday that the last section of the pier would be tested in the new year, and that "
        "the council would be told as soon as the results were known to them."
    )
    dump = [f"{HEADLINE} | Harbour News", *MENU, HEADLINE, P1, P2, *box, P3, P4, p5, *FOOTER]
    result = segment_lines(dump, model=load_model())
    kept = [line for line, verdict in zip(dump, result.verdicts) if verdict.keep]
    assert kept == [P1, P2, P3, P4, p5]


LEAD = (
    "The harbour council has put off the new ferry timetable until the spring, its chairman said on Tuesday, "
    "because repairs to the northern pier are running late."
)


@pytest.mark.parametrize(
    ("between", "lead_probability", "kept"),
    [
        ([], 0.2, True),  # the model was unsure, nothing but the headline and byline between: a lead
        ([], 0.05, False),  # the model is sure it is not body
        (["Local news"], 0.2, False),  # another kind of line between: not the body's lead
    ],
)
def test_the_lead_above_the_headline(between: list[str], lead_probability: float, kept: bool) -> None:
    from detente.clean.lines import _WORD, _features, _keep_lead, load_config

    lines = [LEAD, *between, HEADLINE, "By Ann Lee", P1, P2]
    stop_words = load_config().stop_words[0][1]
    features = [_features(line, _WORD.findall(line), stop_words) for line in lines]
    n = len(between)
    keep = [False] * (n + 3) + [True, True]
    reasons: list[str | None] = [None] * (n + 1) + ["title", "metadata:author", None, None]
    classes = ["bad"] * (n + 3) + ["good", "good"]
    probability = [lead_probability] + [0.2] * n + [0.1, 0.0, 0.9, 0.9]
    _keep_lead(features, keep, classes, reasons, list(range(len(lines))), probability, {n + 2: "metadata:author"})
    assert keep[0] is kept
    assert keep[-2:] == [True, True]


@pytest.mark.parametrize("name", ["model.json", "fold0.json", "fold3.json"])
def test_leaf_table_equals_walking_the_trees(name: str) -> None:
    """The byte-table lookup reaches the same leaf as walking each tree, for every outcome."""
    from detente.clean.classifier import MODEL_FILE

    model = load_model(MODEL_FILE.parent / name)
    assert model is not None
    trees, internal = model.feature.shape
    every = np.array([[(code >> h) & 1 for h in range(internal)] for code in range(2**internal)], dtype=bool)
    go_right = np.broadcast_to(every[:, None, :], (every.shape[0], trees, internal))
    assert np.array_equal(model.leaves(go_right), model.walk_leaves(go_right))
    x = feature_matrix(_rows(300))
    walked = model.walk_leaves((x[:, model.feature.ravel()] > model.threshold.ravel()).reshape(-1, trees, internal))
    raw = model.bias + model.learning_rate * model.value[np.arange(trees), walked].sum(axis=1)
    assert np.array_equal(model.probability(x), 1.0 / (1.0 + np.exp(-np.clip(raw, -30.0, 30.0))))


def test_byte_gather_packs_every_outcome() -> None:
    """The multiply that packs a tree's eight test outcomes (bytes 0/1) into one byte gives
    bit k = outcome k for all 256 combinations, as the dot product of `leaves` does."""
    from detente.clean.classifier import _GATHER_BYTES, _SHIFT

    every = np.array([[(code >> k) & 1 for k in range(8)] for code in range(256)], dtype=np.uint8)
    packed = (np.ascontiguousarray(every).view(np.uint64)[:, 0] * _GATHER_BYTES) >> _SHIFT
    assert packed.tolist() == list(range(256))


@pytest.mark.parametrize("name", ["model.json", "fold0.json", "fold4.json"])
def test_packed_trees_reach_the_walked_leaves(name: str) -> None:
    """The packed one-pass evaluation gives each line, in each tree, the walked leaf's value."""
    from detente.clean.classifier import MODEL_FILE

    model = load_model(MODEL_FILE.parent / name)
    assert model is not None and model.packed is not None
    rng = np.random.default_rng(3)
    x = rng.random((500, len(FEATURE_NAMES))) * 3 - 0.5
    trees, internal = model.feature.shape
    walked = model.walk_leaves((x[:, model.feature.ravel()] > model.threshold.ravel()).reshape(-1, trees, internal))
    assert np.array_equal(model.packed.leaf_values(x), model.value[np.arange(trees), walked])
