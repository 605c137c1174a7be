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


@pytest.mark.parametrize(("text", "speaker", "content"), [
    # the parser hangs "that ..." on "the time" as a relative clause; "that" is no relative pronoun
    ("The Daily Courier reported at the time that the mayor's aide, Tom Berg, had told the clerk that the files were lost.",
     "The Daily Courier", "the mayor's aide, Tom Berg, had told the clerk that the files were lost"),
    ("The Evening Star reported at the time that the party's treasurer, Jon Hale, conveyed to the auditors that the books were ''in perfect order.''",
     "The Evening Star", "the party's treasurer, Jon Hale, conveyed to the auditors that the books were ''in perfect order.''"),
    # proposing, boasting and complaining say what their object says
    ("In her 2012 book, Ms. Falk suggested reading the small print on every loan and asking the bank for a cheaper rate.",
     "Ms. Falk", "reading the small print on every loan and asking the bank for a cheaper rate"),
    ("The farmers complained about the price of diesel and the lack of rain.",
     "The farmers", "about the price of diesel and the lack of rain"),
])
def test_reported_words_of_session_8_constructions(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert (speaker, content) in found


def test_a_gerund_the_cue_itself_joins_is_a_second_report(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The two rivals met the voters on Friday, each touting their own record and saying the other lacks the judgment to lead."
    contents = {quote.content for quote in quotes_of(nlp, lexicon, text)}
    assert contents == {"their own record", "the other lacks the judgment to lead"}


@pytest.mark.parametrize(("text", "speaker", "content"), [
    # the parser took "called" for a participle on "the petition" (tagged a past tense)
    ("One of the nurses who signed the petition called the director a liar, a cheat and a coward.",
     "One of the nurses", "the director a liar, a cheat and a coward"),
    # or for a participle (VBN) in a sentence with no verb of its own
    ("One of the teachers who wrote the letter called the mayor a coward, liar and cheat.",
     "One of the teachers", "the mayor a coward, liar and cheat"),
])
def test_the_verb_after_a_relative_clause_is_the_sentences_own(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {(speaker, content)}


@pytest.mark.parametrize(("text", "content"), [
    # a relative clause set off by a dash is the reporter's comment
    ("The mayor unveiled a list of 40 retired judges -- most of whom had long announced their support for her -- who cited her record as a prosecutor.",
     "her record as a prosecutor"),
])
def test_a_comment_set_off_after_the_reported_words_is_cut(nlp, lexicon: QuoteLexicon, text: str, content: str) -> None:  # noqa: ANN001
    contents = {quote.content for quote in quotes_of(nlp, lexicon, text)}
    assert content in contents and not any("--" in found for found in contents)


def test_a_straight_mark_closing_a_word_never_opens_a_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    # the writer left out the opening mark before "a quick review"; pairing the stray closer with
    # the next opening mark made the narration between them a quote and lost Hale's words
    text = ('The host took the senator through a quick review of his finances" including his debts. '
            'Later his accountant, Tom Hale, said the senator was "the richest man ever elected."')
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {("Tom Hale", 'the senator was "the richest man ever elected."')}


@pytest.mark.parametrize("text", [
    "Soon after, Kahn denied Rooney by rushing out and blocking the striker's shot.",
    "The embassy denied him a visa for the second time this year.",
])
def test_denying_a_person_is_an_act(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


def test_denying_a_report_is_a_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The minister denied the reports of a rift in the cabinet."
    assert [quote.content for quote in quotes_of(nlp, lexicon, text)] == ["the reports of a rift in the cabinet"]


def test_an_index_is_no_speaker(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "He is 1.80 metres tall and weighs 95 kilos, which makes him overweight according to his body mass index."
    assert quotes_of(nlp, lexicon, text) == []


@pytest.mark.parametrize(("text", "speaker"), [
    ("The scandal prompted the party's leader, Anna Berg, to make a statement that bluntly described the rebels as thieves.", "Anna Berg"),
    ("The minister decided to issue a statement that described the strike as illegal.", "The minister"),
])
def test_who_makes_a_statement_speaks_through_it(nlp, lexicon: QuoteLexicon, text: str, speaker: str) -> None:  # noqa: ANN001
    assert [quote.speaker.text if quote.speaker else None for quote in quotes_of(nlp, lexicon, text)] == [speaker]


@pytest.mark.parametrize("text", [
    "The district court rejected Lin Wei's claim for an apology and damages of 2,000 yuan from the software maker.",
    "The government welcomed the statement by the rebels.",
])
def test_an_act_on_a_speech_noun_without_its_words_is_an_act(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


def test_an_act_on_a_claim_with_its_clause_reports_it(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Iran rejected Brenner's claim that it was building a bomb."
    assert "Brenner's claim that it was building a bomb" in {quote.content for quote in quotes_of(nlp, lexicon, text)}


def test_a_relative_that_before_the_cue_is_not_said(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    # "that" (tagged a conjunction) is the subject of the reported clause, moved before the cue
    text = "The trip is his first abroad since his stay in hospital in May for a heart problem that doctors said was caused by a minor infection."
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {("doctors", "was caused by a minor infection")}


def test_words_attributed_twice_are_one_quote_of_the_first_speaker(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Hale said the navy has been given authority to run the patrols but was still planning how to carry them out, he said."
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {("Hale", "the navy has been given authority to run the patrols but was still planning how to carry them out")}


def test_a_named_second_attribution_reports_the_first(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Hale said the navy would leave the port, the minister said."
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {("the minister", "Hale said the navy would leave the port")}


def test_a_report_opening_the_reported_words_stays_inside_them(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "He said the phrase suggests a campaign has to go outside itself to find voters."
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert ("He", "the phrase suggests a campaign has to go outside itself to find voters") in found


def test_a_pronoun_reporting_another_cue_reports_it(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Navy chief Tom Hale has reported to the president that the ships were seen near the islands, he said."
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert ("he", "Navy chief Tom Hale has reported to the president that the ships were seen near the islands") in found
