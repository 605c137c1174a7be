"""Quote constructions of session 10 (issue 11 item 5, real-news audit seed 1010), each a
sentence of our own: a cue in a "whether"/"if" clause of its own is an act in question, and a
cue in the infinitive of a verb of requesting with an object is an act asked of that object;
neither reports words anyone said."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")


def _cues(nlp, lexicon: QuoteLexicon, text: str) -> set[str | None]:  # noqa: ANN001
    return {quote.cue for quote in quotes_of(nlp, lexicon, text)}


def test_a_cue_in_question_reports_nothing(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "It was unclear whether the arbiters in the fishing dispute would rule that the old quotas still applied."
    assert "rule" not in _cues(nlp, lexicon, text)


def test_a_cue_asked_of_an_object_reports_nothing(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The union would encourage current and former workers of large firms to report theft of company data."
    assert "report" not in _cues(nlp, lexicon, text)


@pytest.mark.parametrize(("text", "cue"), [
    ("The minister said that if the talks fail, the ceasefire will end.", "said"),
    ("The senator urged voters to say “no” to the new tax.", "urged"),
])
def test_reports_around_a_condition_or_a_request_stay(nlp, lexicon: QuoteLexicon, text: str, cue: str) -> None:  # noqa: ANN001
    assert cue in _cues(nlp, lexicon, text)
