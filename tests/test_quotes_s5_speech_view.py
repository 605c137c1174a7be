"""The speech view of the PolNeAR quotes score (issue 11): recall and F1 over the gold quotes
whose cue reports speech, beside the unchanged headline metrics."""

from detente.evaluation import polnear
from detente.evaluation.quotes import is_speech_cue
from detente.evaluation.scoring import Item
from detente.quotes import load_quote_lexicon


def test_speech_counts_leave_out_predictions_matched_to_non_speech_gold() -> None:
    # three predictions: one matches a speech gold quote, one a belief, one nothing
    counts = polnear.speech_counts({0: 0, 1: 1}, predicted=3, speech={0, 2})
    assert counts == {"speech_gold": 2.0, "speech_matched": 1.0, "speech_predicted": 2.0}


def test_speech_metrics_are_computed_from_the_speech_counts() -> None:
    metrics = {metric.name: metric for metric in polnear.METRICS}
    items = [Item("a", {"speech_gold": 4.0, "speech_matched": 2.0, "speech_predicted": 2.0})]
    assert metrics["speech_recall"].compute(items) == 0.5
    assert abs(metrics["speech_f1"].compute(items) - 2 / 3) < 1e-9


def test_headline_metric_names_are_unchanged() -> None:
    names = [metric.name for metric in polnear.METRICS]
    assert names[:6] == ["content_precision", "content_recall", "content_f1", "speaker", "gold_lost_in_cleaning", "internal_errors"]


def test_speech_cues_exclude_beliefs_and_findings() -> None:
    lexicon = load_quote_lexicon()
    assert is_speech_cue("said", lexicon) and is_speech_cue("according to", lexicon)
    assert not is_speech_cue("found", lexicon) and not is_speech_cue("shows", lexicon)
