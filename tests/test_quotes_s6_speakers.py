"""Speakers on real wire copy (issue 11 item 5, session 6; found in the fold-0 real-news audit), each
a sentence of our own: "X quoted Y as saying" is Y speaking; a generic "you" in the reporter's words
is the reader, never named after the person coreference tied it to."""

from __future__ import annotations

import pytest

from detente.evaluation.quotes import make_article
from detente.quotes import QuoteLexicon, find_quotes
from detente.records import Mention
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture and the helper

spacy = pytest.importorskip("spacy")


@pytest.mark.parametrize("text", [
    "“The new dam will help meet the demand for power in the winter,” the newspaper quoted Ram Oli, deputy prime minister, as saying.",
    "“We are ready for the talks,” the agency quoted Ram Oli as saying on Monday.",
])
def test_quoted_as_saying_gives_the_quoted_person(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    speakers = [quote.speaker.text if quote.speaker else None for quote in quotes_of(nlp, lexicon, text)]
    assert speakers == ["Ram Oli"]


def test_generic_you_is_never_named(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """Even when coreference ties "you" to a person named before, "Let's say you think X" is the
    reader's supposed attitude: the speaker stays "you", with no code."""
    text = "Jan Berg wants free tuition. Let's say you think a degree will cost $160,000 in 18 years."
    at = text.index("you")
    mentions = [
        Mention("test", 0, 8, "Jan Berg", "Jan Berg", "NORGOV", "NOR", "GOV", "person", "knowledge base"),
        Mention("test", at, at + 3, "you", "Jan Berg", "NORGOV", "NOR", "GOV", "person", "coreference"),
    ]
    quotes = find_quotes(nlp(text), make_article("test", text), mentions, lexicon)
    speaker = next(quote.speaker for quote in quotes if quote.speaker is not None and quote.speaker.text == "you")
    assert (speaker.name, speaker.code) == ("you", None)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Money is all he has. “It is the root of all evil.” ― Christina Lastra.", "Christina Lastra"),
    ("“We will win the next election.” ― Martin Luther King Jr.", "Martin Luther King Jr."),
    # a short last word's stop is the sentence's too; an abbreviation's or an initial's stays
    ("“Freedom is never given; it is won.” ― Kim Lee.", "Kim Lee"),
    ("“We will win the next election.” ― Acme Corp.", "Acme Corp."),
    ("“We will win the next election.” ― Kim K.", "Kim K."),
])
def test_signature_speaker_without_the_full_stop(nlp, lexicon: QuoteLexicon, text: str, speaker: str) -> None:  # noqa: ANN001
    """A letter's signature after a dash ends with the sentence's full stop, which is not part of
    the name; an abbreviation's stop ("Jr.") is."""
    assert [quote.speaker.text if quote.speaker else None for quote in quotes_of(nlp, lexicon, text)] == [speaker]
