"""The dates group's `event_date_rules` score: the dating rules alone, at the word each lone gold
DATE expression modifies, whatever events the coder finds. Stories written for these tests."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from detente.evaluation.dates import METRICS, dating_counts, expected_date
from detente.events.dating import load_dating_words

WORDS = load_dating_words()


def story(text: str, *dates: tuple[str, str]) -> dict[str, Any]:
    timexes = [{"start": text.index(words), "end": text.index(words) + len(words), "type": "DATE", "value": value,
                "text": words} for words, value in dates]
    return {"id": "s1", "published": "1998-08-07", "text": text, "timexes": timexes}


def test_dated_at_the_word_the_expression_modifies(nlp: Language) -> None:
    record = story("Bombs exploded outside the embassy on Thursday. Officials met in Nairobi in 1997 and in 1996.",
                   ("Thursday", "1998-08-06"), ("1997", "1997"), ("1996", "1996"))
    counts, errors = dating_counts(record, nlp(record["text"]), WORDS)
    # the second sentence names two gold dates: not scored
    assert counts == {"dating_total": 1.0, "dating_right": 1.0} and errors == []


def test_a_wrong_date_is_counted_and_listed(nlp: Language) -> None:
    # gold says Friday the 7th; the rules read "Thursday" as the 6th: wrong, and said so
    record = story("Bombs exploded outside the embassy on Thursday.", ("Thursday", "1998-08-07"))
    counts, errors = dating_counts(record, nlp(record["text"]), WORDS)
    assert counts == {"dating_total": 1.0, "dating_right": 0.0}
    assert len(errors) == 1 and "'exploded' dated 1998-08-06" in errors[0]


def test_the_metric_is_listed() -> None:
    assert "event_date_rules" in {metric.name for metric in METRICS}


def test_since_gold_expects_the_span_to_publication() -> None:
    record = story("Prices have risen since Monday, and rose on Tuesday.", ("Monday", "1998-08-03"), ("Tuesday", "1998-08-04"))
    assert expected_date(record, record["timexes"][0]) == "1998-08"
    assert expected_date(record, record["timexes"][1]) == "1998-08-04"
    early = story("Prices have risen since 1996.", ("1996", "1996"))
    assert expected_date(early, early["timexes"][0]) is None
