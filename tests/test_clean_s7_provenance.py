"""The shipped cleaner models say how to make them again (issue 10): PROVENANCE.md names the
hyper-parameters that `make train-cleaner` uses now, and a retrain writes the folds' CV scores."""

from __future__ import annotations

import json

import numpy as np

from detente.clean import train
from detente.clean.classifier import MODEL_FILE


def test_the_shipped_provenance_names_the_training_defaults() -> None:
    text = (MODEL_FILE.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    assert f"min_samples_leaf {train.MIN_SAMPLES_LEAF}," in text
    assert f"random_state {train.SEED}" in text
    assert f"kept from probability {train.THRESHOLD}" in text
    assert "cross-validated F1" in text
    assert json.loads(MODEL_FILE.read_text(encoding="utf-8"))["threshold"] == train.THRESHOLD


def test_provenance_lists_the_cross_validated_f1_of_every_fold(tmp_path) -> None:
    pages = [("a", "dump a", "gold a"), ("b", "dump b", "gold b")]
    train.write_provenance(tmp_path, pages, np.array([1, 0, 0]), True, [0.9, 0.8, 0.85, 0.95, 0.9])
    text = (tmp_path / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "0.9000 0.8000 0.8500 0.9500 0.9000; mean 0.8800, worst 0.8000" in text
    assert f"min_samples_leaf {train.MIN_SAMPLES_LEAF}," in text
