"""Tests of the real-news audit helper's pieces (detente.evaluation.audit): it draws and prints, never judges."""

from __future__ import annotations

import random

from detente.evaluation.audit import draw, event_sample, format_sample, quote_sample, sentence_around

TEXT = "Talks resumed on Monday. The minister said the army would withdraw. Nobody else spoke."


def test_sentence_around_returns_the_whole_sentence() -> None:
    start = TEXT.index("the army")
    assert sentence_around(TEXT, start, start + 8) == "The minister said the army would withdraw."


def test_a_seed_always_draws_the_same_sample_whatever_the_input_order() -> None:
    rows = [{"id": f"e{number}"} for number in range(50)]
    first = draw(rows, 5, random.Random(3))
    again = draw(list(reversed(rows)), 5, random.Random(3))
    assert first == again and len(first) == 5
    assert len(draw(rows[:2], 5, random.Random(3))) == 2


def test_samples_carry_what_a_person_needs_and_no_judgement() -> None:
    article = {"url": "https://example.invalid/a", "title": "T", "published": "2006-11-13", "text": TEXT}
    event = {"id": "e1", "article_id": "a", "sentence": {"text": "The minister said\nthe army would withdraw."},
             "trigger": {"text": "withdraw"}, "cameo": "087", "plover": "RETREAT", "source": {"text": "the army", "code": "XYZMIL"},
             "target": None, "date": "2006-11-13", "date_precision": "day", "modality": {"future": True}}
    sample = event_sample(event, article)
    assert sample["sentence"] == "The minister said the army would withdraw."
    assert sample["published"] == "2006-11-13" and set(sample["judgement"].values()) == {None, ""}
    shown = format_sample(1, sample)
    assert "087 RETREAT [future]" in shown and "'the army' [XYZMIL]" in shown and "target -" in shown
    quote = {"id": "q1", "article_id": "a", "start": TEXT.index("the army"), "end": TEXT.index(". Nobody"),
             "content": "the army would withdraw", "kind": "indirect", "cue": "said", "speaker": {"text": "The minister", "code": None}}
    shown = format_sample(1, quote_sample(quote, article))
    assert "sentence: The minister said the army would withdraw." in shown and "'The minister' [?]" in shown
    resolved = dict(quote, speaker={"text": "he", "name": "Ali Hassan", "code": "IRQGOV"})
    assert "speaker 'he' = 'Ali Hassan' [IRQGOV]" in format_sample(2, quote_sample(resolved, article))


def test_in_fold_keeps_only_the_records_of_that_fold() -> None:
    from detente.evaluation.audit import in_fold
    from detente.evaluation.folds import FOLDS, fold_of

    records = [{"id": f"story-{number}"} for number in range(200)]
    for fold in range(FOLDS):
        kept = list(in_fold(records, fold))
        assert kept and all(fold_of(record["id"]) == fold for record in kept)
    assert sum(len(list(in_fold(records, fold))) for fold in range(FOLDS)) == len(records)
    assert list(in_fold(records, None)) == records
