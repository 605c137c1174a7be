"""`make train-cleaner` must be able to replace a model of other features (`train.page_matrix`).

After a change of `classifier.FEATURE_NAMES` the shipped model is refused; the training data
must still be computed (the features need the metadata patterns and boilerplate config, not
the model), and the new `model.json` is written before the fold models are scored with it.
"""

from __future__ import annotations

import pytest

from detente.clean import classifier, train

DUMP = "\n".join(
    ["Home", "World", "Share", "Ferry Crossing To Stop For Two Weeks",
     "The ferry company said on Tuesday that the night crossing to the island would stop for two weeks in March.",
     "Engineers will replace the worn ramp at the harbour, and passengers can book the morning boat instead.",
     "Related Stories", "Contact us"]
)  # fmt: skip


def test_page_matrix_does_not_need_the_shipped_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise ValueError("the cleaner model was trained on other features; run `make train-cleaner`")

    monkeypatch.setattr(classifier, "load_model", refused)
    lines, indices, x = train.page_matrix(DUMP, frozenset())
    assert len(indices) == 8 and x.shape == (8, len(classifier.FEATURE_NAMES))
