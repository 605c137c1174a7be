"""Speech constructions the quotes stage missed on PolNeAR's tuning fold (issue 11, session 5),
each a sentence of our own -> the report that must be found (speaker words, content)."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture and the helper

spacy = pytest.importorskip("spacy")


FOUND = [
    # a speech verb joined to a copula: the copula's subject speaks
    ("The senator is a veteran and said that the war was a mistake.", "The senator", "the war was a mistake"),
    ("Clinton was in Ohio on Monday, telling voters that the economy is improving.", "Clinton", "the economy is improving"),
    # a speech verb in a relative clause whose pronoun is the reported clause's subject
    ("He attacked other candidates on stage for accepting his personal donations, which he said were accompanied by "
     "leverage and return favors.", "he", "were accompanied by leverage and return favors"),
    ("He met Smith, who officials said was a spy for Russia.", "officials", "was a spy for Russia"),
    # a closing speech verb the tagger took for a plural noun ("... former doctor maintains.")
    ("Secrecy is not a stranger when it comes to Hillary Clinton’s health issues, the Democratic presidential "
     "candidate’s former doctor maintains.", "the Democratic presidential candidate’s former doctor",
     "Secrecy is not a stranger when it comes to Hillary Clinton’s health issues"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), FOUND)
def test_report_is_found(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert (speaker, content) in found


NOT_FOUND = [
    # a relative pronoun that is the object of the clause names no words ("which the authors dispute")
    "The deal, which the authors dispute, was signed.",
    # a plural noun at the end of a sentence that is no speech verb
    "The results were good, the company's sales figures show.",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_no_report(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []


NOT_A_QUOTE = [
    # naming a source is no quote (`source_verbs`): the officials are who spoke
    ("There are cracks in many buildings, he told AFP, citing UN officials in the area.", "UN officials in the area"),
    # a relative clause with no pronoun leaves out its object: the passports, not words
    ("Stuchiner was arrested carrying the passports he allegedly planned to sell to people from China.", "to sell to people from China"),
    # a person who finds a thing acts (`person_acts`)
    ("For parents, they'll need to find a bit over $500 a month to hit the number.", "a bit over $500 a month"),
]


@pytest.mark.parametrize(("text", "content"), NOT_A_QUOTE)
def test_act_is_no_quote(nlp, lexicon: QuoteLexicon, text: str, content: str) -> None:  # noqa: ANN001
    assert all(content not in quote.content for quote in quotes_of(nlp, lexicon, text))


STILL_FOUND = [
    ("Trump cited problems in the Middle East that he blamed on Obama.", "Trump", "problems in the Middle East that he blamed on Obama"),
    ("Polls show a close contest in the state.", "Polls", "a close contest in the state"),
    ("The study found that voters have been taken off the rolls.", "The study", "voters have been taken off the rolls"),
    ("He planned to sell the passports to people from China.", "He", "to sell the passports to people from China"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), STILL_FOUND)
def test_report_of_a_thing_or_plan_stays(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert (speaker, content) in found


def test_dateline_with_a_horizontal_bar_is_not_said(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "WASHINGTON ― Donald Trump’s obsession with the birth certificate is an insult to voters, top black lawmakers said Friday."
    contents = [quote.content for quote in quotes_of(nlp, lexicon, text)]
    assert "Donald Trump’s obsession with the birth certificate is an insult to voters" in contents
    assert not any("WASHINGTON" in content for content in contents)


def test_counted_actors_still_speak(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, "Six countries said that they would send troops.")]
    assert ("Six countries", "they would send troops") in found


def test_second_of_two_quoted_names_is_a_title(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The network licenses ''Politicking'' and ''Larry King Now'' from Ora, which Mr. King told me he owns."
    assert all("Larry King Now" not in quote.content for quote in quotes_of(nlp, lexicon, text))


def test_clause_before_a_cue_with_a_that_clause_after_is_not_said(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("Writing for a Los Angeles Times panel that all agreed Pence won the debate, Mark Z. Barabak noted that "
            "the way Pence carried himself was critical to his success.")
    contents = [quote.content for quote in quotes_of(nlp, lexicon, text)]
    assert contents == ["the way Pence carried himself was critical to his success"]


def test_calling_a_meeting_is_an_act(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, "The U.N. called an emergency meeting to discuss the test.") == []


def test_calling_an_election_a_fraud_is_said(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    found = [quote.content for quote in quotes_of(nlp, lexicon, "The opposition called the election a fraud.")]
    assert found == ["the election a fraud"]


PASSIVE_JUDGEMENTS = [
    # a passive verb of calling or describing with a "by" agent: the agent says it of the subject
    ("Mehmet Oz, a daytime TV star, has been called a charlatan by fellow physicians.", "fellow physicians",
     "Mehmet Oz, a daytime TV star, has been called a charlatan"),
    ("The plan was described as a disaster by the opposition.", "the opposition", "The plan was described as a disaster"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), PASSIVE_JUDGEMENTS)
def test_passive_judgement_with_agent(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)]
    assert (speaker, content) in found


@pytest.mark.parametrize("text", ["He was called by his mother.", "He was asked by reporters whether he would run."])
def test_passive_without_complement_or_act_is_no_quote(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    assert quotes_of(nlp, lexicon, text) == []
