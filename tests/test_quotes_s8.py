"""Quote constructions of session 8 (issue 11 item 5), each a sentence of our own.

A quote needs a speech or attitude act and words: expressing an attitude alone names no words,
but the "that" clause of an attitude noun the speaker voiced is what they said.
"""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")


@pytest.mark.parametrize("text", [
    "The envoy expressed deep concern over the shelling near the border.",
    "The two leaders expressed their support for the new trade pact.",
])
def test_an_attitude_alone_is_no_quote(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


def test_an_attitude_with_words_in_marks_is_a_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The union expressed “grave and growing” concern over the closures."
    assert [quote.kind for quote in quotes_of(nlp, lexicon, text)] == ["partial"]


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Farmers have expressed concern that the new canal could dry out their fields.",
     "Farmers", "the new canal could dry out their fields"),
    ("The envoy voiced hope that the talks would resume after the holiday.",
     "The envoy", "the talks would resume after the holiday"),
])
def test_the_clause_of_a_voiced_attitude_is_what_was_said(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert found == [(speaker, content)]
