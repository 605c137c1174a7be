"""Cross-validation trains and scores its own fold models from the current features (issue 10,
session 10): after a change of the features the shipped `model.json` is of another version
and refused, yet `train.cross_validate` (and so `--cv`) must still work, since it is how the
model that replaces it is chosen.

Page dumps here are invented; nothing is read from ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.clean import classifier, train
from detente.evaluation.folds import FOLDS
from detente.resources import load_cleaning_resources
from tests.test_clean_s7_cv import _pages


def test_cross_validate_works_when_the_shipped_model_is_of_other_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = _pages(tmp_path)
    # As after a change of the features: models written now carry version 99, the shipped one 2.
    monkeypatch.setattr(classifier, "FEATURE_VERSION", classifier.FEATURE_VERSION + 97)
    monkeypatch.setattr(train, "FEATURE_VERSION", classifier.FEATURE_VERSION)
    with pytest.raises(ValueError, match="other features"):
        load_cleaning_resources()  # the shipped model is refused...
    scores = train.cross_validate(directory, [0.3], min_samples_leaf=2, seed=1)  # ...and not needed
    assert len(scores[0.3]) == FOLDS and min(scores[0.3]) > 0.5


def test_fold_f1_scores_as_the_shipped_fold_evaluation_does(tmp_path: Path) -> None:
    """`fold_f1` gives `cleaning_folds.evaluate`'s numbers for the same models."""
    from detente.clean.classifier import model_from_dict
    from detente.evaluation.cleaning_folds import evaluate

    directory = _pages(tmp_path)
    pages = train.load_pages(directory)
    common = train.common_lines([dump for _, dump, _ in pages])
    x, y, folds = train.dataset(pages, common)
    models = [model_from_dict(train.fit(x[folds != k], y[folds != k], 2, 1)) for k in range(FOLDS)]
    expected = [fold["f1"] for fold in evaluate(tmp_path, models)["detente"]["folds"]]
    assert train.fold_f1(pages, models, common) == expected


def test_fold_evaluation_works_when_the_shipped_model_is_of_other_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make eval`'s cv scores (`cleaning_folds.evaluate`) score fold models without loading the
    shipped `model.json`, so they still run after a change of the features."""
    from detente.clean.classifier import model_from_dict
    from detente.evaluation.cleaning_folds import evaluate

    directory = _pages(tmp_path)
    pages = train.load_pages(directory)
    common = train.common_lines([dump for _, dump, _ in pages])
    x, y, folds = train.dataset(pages, common)
    models = [model_from_dict(train.fit(x[folds != k], y[folds != k], 2, 1)) for k in range(FOLDS)]
    monkeypatch.setattr(classifier, "FEATURE_VERSION", classifier.FEATURE_VERSION + 97)
    with pytest.raises(ValueError, match="other features"):
        load_cleaning_resources()
    result = evaluate(tmp_path, models)
    assert len(result["detente"]["folds"]) == FOLDS
