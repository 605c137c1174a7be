"""Attitudes and written sources the quotes stage missed on PolNeAR's tuning fold (issue 11 item 5,
session 6: "a quote needs a speech or attitude act and a speaker"), each a sentence of our own.

An attitude adjective after a copula or a verb of seeming ("are convinced", "felt sure") attributes
its clause to the subject; a passive "as" aside ("as stated in X's commentary") to where the words
were written. Negated, expletive, clause-less and "make sure" uses attribute nothing.
"""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture and the helper

spacy = pytest.importorskip("spacy")


FOUND = [
    ("Officials are confident that the talks will resume next week.", "Officials", "the talks will resume next week"),
    ("After years abroad, we are convinced this is the best country to raise children in.",
     "we", "this is the best country to raise children in"),
    ("The minister felt sure the vote would pass in the assembly.", "The minister", "the vote would pass in the assembly"),
    ("As stated in Smith's commentary, the costs of the program have doubled since 2010.",
     "Smith's commentary", "the costs of the program have doubled since 2010"),
    ("As noted in the report, the ministry has cut its budget for three years.",
     "the report", "the ministry has cut its budget for three years"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), FOUND)
def test_attitude_or_source_is_found(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert (speaker, content) in found


NOT_FOUND = [
    "It is certain that the talks will resume next week.",  # an expletive subject: the writer's
    "We must make sure that the talks resume next week.",  # "make sure": an act, no attitude
    "The voters were not sure whether the talks would resume.",  # negated
    "The farmers are worried about the cost of fuel this winter.",  # no clause
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_no_attitude_is_reported(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


def test_adjective_cue_is_no_speech_cue(lexicon: QuoteLexicon) -> None:
    """Attitude adjectives stay out of the evaluation's speech view, like thought verbs."""
    from detente.evaluation.quotes import is_speech_cue

    assert "convinced" in lexicon.attitude_adjectives
    assert not is_speech_cue("are convinced", lexicon)


def test_attitude_adjectives_are_prefilter_cues_not_text_cues(lexicon: QuoteLexicon) -> None:
    """The parse prefilter (which reads `cue_forms`) parses "We are convinced it ..."; the text
    patterns for cues next to quote marks stay verbs ("“...,” convinced X" is no attribution)."""
    found = lexicon.cue_forms.search("We are convinced it is over.")
    assert found is not None and found.group() == "convinced"
    assert lexicon.text_cues.inverted.match(" convinced The Minister.") is None


def test_linking_verbs_come_from_the_lexicon(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The verbs an attitude adjective completes are quotes.yaml's `linking_verbs`: a lexicon
    without "feel" reads no attitude in "felt sure" (a user file may narrow or widen the list)."""
    from dataclasses import replace

    text = "The minister felt sure the vote would pass in the assembly."
    assert "feel" in lexicon.linking_verbs and quotes_of(nlp, lexicon, text)
    narrowed = replace(lexicon, linking_verbs=lexicon.linking_verbs - {"feel"})
    assert quotes_of(nlp, narrowed, text) == []
