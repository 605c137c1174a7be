"""Reports of things and the cue forms the parse prefilter reads (issue 11 item 5, session 6), each
a sentence of our own: "reported X" reports its object; a participle the parser hung on a verb of
finding as a clause is part of the object; past forms such as "found", "thought", "admitted" are
cue forms (the prefilter parses only sentences with a cue form, a speech noun or an actor)."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture and the helper

spacy = pytest.importorskip("spacy")


FOUND = [
    ("The agency reported a sharp rise in complaints about the new rules.", "The agency",
     "a sharp rise in complaints about the new rules"),
    # the parser makes "cast" a clause of "found": what was found is the whole object
    ("A 2014 study by Yale professor Anna Berg found 31 incidents of voter fraud out of more than a billion ballots cast.",
     "A 2014 study by Yale professor Anna Berg", "31 incidents of voter fraud out of more than a billion ballots cast"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), FOUND)
def test_report_of_a_thing_is_found(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert (speaker, content) in found


@pytest.mark.parametrize("word", ["found", "thought", "knew", "felt", "understood", "admitted", "slammed", "dubbed"])
def test_past_forms_are_cue_forms(lexicon: QuoteLexicon, word: str) -> None:
    """An irregular or doubled past form is a cue form, so the sentence is parsed at all."""
    found = lexicon.cue_forms.search(f"Our panel {word} it.")
    assert found is not None and found.group() == word



def test_words_before_a_relative_attribution_are_not_said(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "the towns the rebels say Ndjamena has shelled": a relative clause without a pronoun,
    which the parser (as on a real AFP sentence) made the root, with the words before it as its
    clause. With no comma or dash between them they are the reporter's words, not the rebels'."""
    from spacy.tokens import Doc

    from detente.evaluation.quotes import make_article
    from detente.quotes import find_quotes

    words = ["Troops", "arrived", "in", "the", "towns", "the", "rebels", "say", "Ndjamena", "has", "shelled", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * 10 + [False, False],
              heads=[1, 7, 1, 4, 2, 6, 7, 7, 10, 10, 7, 7],
              deps=["nsubj", "ccomp", "prep", "det", "pobj", "det", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
              tags=["NNS", "VBD", "IN", "DT", "NNS", "DT", "NNS", "VBP", "NNP", "VBZ", "VBN", "."],
              pos=["NOUN", "VERB", "ADP", "DET", "NOUN", "DET", "NOUN", "VERB", "PROPN", "AUX", "VERB", "PUNCT"],
              lemmas=["troop", "arrive", "in", "the", "town", "the", "rebel", "say", "Ndjamena", "have", "shell", "."])
    quotes = find_quotes(doc, make_article("test", doc.text), [], lexicon)
    assert not any(quote.content.startswith("Troops") for quote in quotes)


def test_participle_with_a_determiner_subject_reports(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "each touting ...": "each" is the participle's subject, not a determiner of a noun it
    describes ("that promising opening period")."""
    text = "The two mayors met the voters on Friday, each touting their own record on housing and transport."
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert ("each", "their own record on housing and transport") in found


def test_lets_say_is_a_supposition(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "Let's say you think X": nobody says X; "you think" is the attitude."""
    text = "Let's say you think the new bridge will cost $40 million by 2030."
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert found == [("you", "the new bridge will cost $40 million by 2030")]


def test_relative_on_a_description_speaks_as_its_subject(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "X ... is a liar and a birther who has pledged to ...": the antecedent of "who" describes
    the copula's subject, who is the speaker (not the words "liar and birther")."""
    text = "Jan Berg often attacks the press and is a populist, nationalist and protectionist who has repeatedly pledged to close the borders."
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert found == [("Jan Berg", "to close the borders")]


def test_quoted_title_is_no_reported_clause(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The parser takes a quoted book title before the verb for its clause; a title says nothing."""
    text = "In her 2010 book, “Raise Your Own Money,” Ms. Berg suggested saving a quarter of the cost."
    assert not any("Raise" in quote.content for quote in quotes_of(nlp, lexicon, text))


def test_parenthetical_in_a_relative_clause_reports_that_clause(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "X, who would, she said, cut taxes": she said the relative clause, not the whole sentence."""
    text = "Voters backed the senator, who would, she said, cut taxes for families with children."
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert found == [("she", "who would, she said, cut taxes for families with children")]
