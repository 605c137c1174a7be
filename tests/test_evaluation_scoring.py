"""Tests of the evaluation's folds and per-fold scoring (detente.evaluation.folds, .scoring)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.evaluation.folds import FOLDS, TUNE_FOLD, fold_of
from detente.evaluation.scoring import Item, Metric, by_fold, f1_of, ratio, score, table, verbose_errors


@pytest.mark.parametrize(("record_id", "fold"), [
    ("PLOVER-GSR01-AGREE-0003", 4),
    ("DEMO-00", 2),
    ("AFP_ENG_19970401.0445", 2),
    ("a", 0),
    ("b", 1),
])
def test_fold_of_is_pinned(record_id: str, fold: int) -> None:
    # A record never moves between folds: these values are fixed forever (SHA-256 of the id).
    assert fold_of(record_id) == fold


@given(st.text(min_size=1, max_size=40))
def test_fold_of_is_in_range_and_repeatable(record_id: str) -> None:
    assert 0 <= fold_of(record_id) < FOLDS
    assert fold_of(record_id) == fold_of(str(record_id))


def _items() -> list[Item]:
    # "a" and "c" are in fold 0, "b" in fold 1, "d" in fold 4.
    return [Item("a", {"right": 1, "total": 1}, ("a wrong",)), Item("c", {"right": 0, "total": 1}, ("c wrong",)),
            Item("b", {"right": 1, "total": 1}, ("b wrong",)), Item("d", {"right": 0, "total": 2})]


def test_ratio_is_micro_averaged_over_items() -> None:
    assert ratio("right", "total")(_items()) == pytest.approx(2 / 5)
    assert ratio("right", "total")([]) is None


def test_score_gives_every_fold_mean_and_worst() -> None:
    [result] = score(_items(), [Metric("accuracy", ratio("right", "total"))])
    assert result.overall == pytest.approx(0.4)
    assert result.folds == [0.5, 1.0, None, None, 0.0]
    assert result.mean == pytest.approx(0.5)
    assert result.worst == 0.0


def test_worst_of_a_lower_is_better_metric_is_the_highest() -> None:
    [result] = score(_items(), [Metric("misses", ratio("right", "total"), higher_is_better=False)])
    assert result.worst == 1.0


def test_f1_of_is_the_harmonic_mean() -> None:
    items = [Item("a", {"tp": 1, "pred": 2, "gold": 1})]
    assert f1_of(ratio("tp", "pred"), ratio("tp", "gold"))(items) == pytest.approx(2 * 0.5 * 1 / 1.5)


def test_aggregate_items_keep_their_fold() -> None:
    items = [Item("anything", {"right": 1, "total": 3}, fold_id=3)]
    assert [len(group) for group in by_fold(items)] == [0, 0, 0, 1, 0]


def test_verbose_errors_show_the_tuning_fold_only() -> None:
    lines = verbose_errors(_items())
    assert f"fold {TUNE_FOLD}" in lines[0]
    assert any("a wrong" in line for line in lines) and any("c wrong" in line for line in lines)
    assert not any("b wrong" in line for line in lines)


def test_table_prints_records_per_fold() -> None:
    lines = table("T", score(_items(), [Metric("accuracy", ratio("right", "total"))]), _items())
    assert lines[2].split() == ["records", "4", "2", "1", "0", "0", "1"]
    assert lines[3].split()[:3] == ["accuracy", "0.400", "0.500"]
