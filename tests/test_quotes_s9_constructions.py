"""Quote constructions of session 9 (issue 11, fold-0 real-news audit, seed 917), each a sentence
of our own: a verb of thinking completing a verb of seeming or evidence is an inference about
someone's mind, not words anyone said; the evidence's own report stays."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")


@pytest.mark.parametrize("text", [
    "Peter Hallam has money and seems to think he is above the rules.",
    "The senator appears to know that nobody reads the small print.",
])
def test_a_thought_under_a_verb_of_seeming_is_no_quote(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


def test_a_thought_under_a_verb_of_evidence_is_no_quote_but_the_evidence_is(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Still, the court filing suggests the ministry understands that it needs a backup plan in case the deal collapses."
    found = [(quote.speaker.text if quote.speaker else None, quote.cue) for quote in quotes_of(nlp, lexicon, text)]
    assert found == [("the court filing", "suggests")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("The mayor said she thinks the bridge will reopen in May.", "The mayor"),
    ("Polls show that the race is close in the state.", "Polls"),
    ("The minister believes that the bridge will reopen in May.", "The minister"),
])
def test_thoughts_and_findings_of_their_own_stay(nlp, lexicon: QuoteLexicon, text: str, speaker: str) -> None:  # noqa: ANN001
    assert speaker in {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.speaker}


def test_a_relative_clause_after_the_marks_is_no_attribution(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The verb of "where the inspectors observed the sales" tells about a word of the quote."""
    text = ('The audit named three trading firms which "point to the large trade in stolen copper to Zambia" '
            "where the inspectors observed the illegal sales in March.")
    assert "the inspectors" not in {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.speaker}


def test_a_closing_attribution_after_the_marks_stays(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = '"The firms point to a large trade in stolen copper," the inspectors observed in March.'
    assert "the inspectors" in {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.speaker}
