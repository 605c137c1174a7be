"""Session 9 (issue 11, fold-0 real-news audit, seed 917), each a sentence of our own.

A "she" the actors stage tied to the person named inside the words the last speaker reported
is that last speaker ("X said Trump ... . “...,” she said."): the person reported on is who she
talks about, not who speaks next."""

from __future__ import annotations

import pytest

from detente.evaluation.quotes import make_article
from detente.quotes import QuoteLexicon, find_quotes
from detente.records import Mention
from tests.test_quotes_constructions import lexicon  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")

TEXT = ("Campaign spokeswoman Mara Lindqvist said Peter Hallam is reduced to insults because he cannot defend "
        "his own votes. “You could call this childish, but this man wants to run the state,” she said.")


def _mention(words: str, name: str, code: str | None, resolved_by: str, occurrence: int = 0) -> Mention:
    at = -1
    for _ in range(occurrence + 1):
        at = TEXT.index(words, at + 1)
    return Mention("test", at, at + len(words), words, name, code, code[:3] if code else None, None, "person", resolved_by)


def test_a_pronoun_tied_to_the_person_reported_on_is_the_last_speaker(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    mentions = [
        _mention("Mara Lindqvist", "Mara Lindqvist", None, "unresolved"),
        _mention("Peter Hallam", "Peter Hallam", "USALEG", "knowledge base"),
        _mention("he", "Peter Hallam", "USALEG", "coreference"),
        _mention("she", "Peter Hallam", "USALEG", "coreference"),  # the actors stage's choice: the last person named
    ]
    quotes = find_quotes(nlp(TEXT), make_article("test", TEXT), mentions, lexicon)
    speakers = {quote.speaker.text: quote.speaker.name for quote in quotes if quote.speaker is not None}
    assert speakers["she"] == "Mara Lindqvist"


def test_a_pronoun_tied_to_the_last_speaker_stays(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    mentions = [
        _mention("Mara Lindqvist", "Mara Lindqvist", None, "unresolved"),
        _mention("Peter Hallam", "Peter Hallam", "USALEG", "knowledge base"),
        _mention("she", "Mara Lindqvist", None, "coreference"),
    ]
    quotes = find_quotes(nlp(TEXT), make_article("test", TEXT), mentions, lexicon)
    speakers = {quote.speaker.text: quote.speaker.name for quote in quotes if quote.speaker is not None}
    assert speakers["she"] == "Mara Lindqvist"
