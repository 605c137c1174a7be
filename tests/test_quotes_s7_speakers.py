"""Naming speakers the sentence does not name (issue 11 item 5, session 7; kinds found in the fold-0
real-news audit), each a sentence of our own: "her account" is the person "her" stands for; "the
agency chief" is the agency's person named before, not the agency; a plural "they" is never the
single person quoted before."""

from __future__ import annotations

import pytest

from detente.evaluation.quotes import make_article
from detente.quotes import QuoteLexicon, find_quotes
from detente.records import Mention, Speaker
from tests.test_quotes_constructions import lexicon  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")


def _mention(text: str, words: str, name: str, code: str | None, kind: str, occurrence: int = 0) -> Mention:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(words, at + 1)
    return Mention("test", at, at + len(words), words, name, code, code[:3] if code else None, None, kind, "knowledge base")


def _speaker_of(nlp, lexicon: QuoteLexicon, text: str, mentions: list[Mention], speaker_words: str) -> Speaker:  # noqa: ANN001
    quotes = find_quotes(nlp(text), make_article("test", text), mentions, lexicon)
    return next(quote.speaker for quote in quotes if quote.speaker is not None and quote.speaker.text == speaker_words)


@pytest.mark.parametrize(("text", "speaker_words"), [
    ("Dana Reyes wrote a memoir of her years at the clinic. According to her account, the senator refused "
     "any treatment for three weeks.", "her account"),
    ("Dana Reyes spoke to the board on Monday. Pressed on the cuts, her only answer was to say the "
     "budget would not grow next year.", "her only answer"),
])
def test_a_possessive_pronouns_speaker_is_the_person_it_stands_for(nlp, lexicon: QuoteLexicon, text: str, speaker_words: str) -> None:  # noqa: ANN001
    mentions = [_mention(text, "Dana Reyes", "Dana Reyes", "USAGOV", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, speaker_words)
    assert (speaker.name, speaker.code) == ("Dana Reyes", "USAGOV")


def test_a_title_under_an_organisations_name_is_its_person(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """"The IAEA chief" is the agency's person named before (same code), not the agency."""
    text = ("Ana Ruiz, who heads the IAEA, opened the meeting in Vienna on Monday. Later the IAEA chief "
            "warned that the talks could fail within weeks.")
    mentions = [_mention(text, "Ana Ruiz", "Ana Ruiz", "IGOUNOIAE", "person"),
                _mention(text, "IAEA", "IAEA", "IGOUNOIAE", "organisation"),
                _mention(text, "IAEA", "IAEA", "IGOUNOIAE", "organisation", occurrence=1)]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "the IAEA chief")
    assert (speaker.name, speaker.code) == ("Ana Ruiz", "IGOUNOIAE")


def test_a_title_stays_the_organisation_when_no_person_of_it_is_named(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("Ana Ruiz, a Spanish diplomat, opened the meeting on Monday. Later the IAEA chief warned that "
            "the talks could fail within weeks.")
    mentions = [_mention(text, "Ana Ruiz", "Ana Ruiz", "ESPGOV", "person"),
                _mention(text, "IAEA", "IAEA", "IGOUNOIAE", "organisation")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "the IAEA chief")
    assert speaker.code == "IGOUNOIAE" and speaker.name != "Ana Ruiz"


def test_they_is_never_the_single_person_quoted_before(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("“We will cut taxes for every family,” Tom Hale said on Monday. The fact-checkers studied the plan "
            "for a week. They found that the cuts would cost the state billions of dollars.")
    mentions = [_mention(text, "Tom Hale", "Tom Hale", "USA", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "They")
    assert speaker.name != "Tom Hale" and speaker.code is None


def test_he_still_takes_the_person_quoted_before(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("“We will cut taxes for every family,” Tom Hale said on Monday. He added that the cuts would "
            "start next year in every state.")
    mentions = [_mention(text, "Tom Hale", "Tom Hale", "USA", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "He")
    assert speaker.name == "Tom Hale"


@pytest.mark.parametrize("text", [
    "LETTERS. Ann Ray's column, \"Tell us your family story,\" is very moving. Two weeks ago, John Hale stated "
    "that his wife would talk about her past \"in a few weeks.\"",
    "The essay, “Why the river must stay wild,” won a prize this year. The mayor said the dam would be “built anyway.”",
])
def test_words_set_off_after_a_work_noun_are_its_title(nlp, lexicon: QuoteLexicon, text: str) -> None:  # noqa: ANN001
    """A title in sentence case, in apposition to "column" or "essay", is no one's words: it takes no
    speaker from the sentence after it."""
    quotes = find_quotes(nlp(text), make_article("test", text), [], lexicon)
    assert not any("story" in quote.content or "wild" in quote.content for quote in quotes)


def test_words_in_marks_after_a_work_noun_with_their_cue_stay_a_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "In his column, “We cannot wait for the courts any longer,” Ann Ray wrote on Sunday."
    quotes = find_quotes(nlp(text), make_article("test", text), [], lexicon)
    assert [quote.speaker.text if quote.speaker else None for quote in quotes if "courts" in quote.content] == ["Ann Ray"]


def test_he_is_never_a_person_named_only_inside_words_in_marks(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """Coreference tied "he" to the governor named inside the police chief's quote: who a speaker
    talks about does not speak next; "he" is the police chief quoted before."""
    text = ("“Governor Ali Karimi was leaving the house when the attacker ran at his car,” police chief Omar Zahid "
            "told reporters.\n“The guard thought he was a visitor and let him pass,” he said.")
    at = text.rindex("he said")
    mentions = [_mention(text, "Governor Ali Karimi", "Ali Karimi", "AFGGOV", "person"),
                _mention(text, "police chief Omar Zahid", "Omar Zahid", "AFGCOP", "person"),
                Mention("test", at, at + 2, "he", "Ali Karimi", "AFGGOV", "AFG", "GOV", "person", "coreference")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "he")
    assert (speaker.name, speaker.code) == ("Omar Zahid", "AFGCOP")


def test_one_report_of_a_closing_attribution_holding_words_in_marks(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The paper's report is the whole sentence before it (a partial quote with the marks inside);
    the piece the parser cut at "told reporters at a business forum" is not a second report."""
    text = ("Tom Lin, head of the port authority, told reporters at a business forum there will be \"more ships\" "
            "next year in terms of trade with the south, the Morning Post reported.")
    quotes = find_quotes(nlp(text), make_article("test", text), [], lexicon)
    assert [quote.kind for quote in quotes if quote.cue == "reported"] == ["partial"]


def test_two_clauses_of_one_cue_with_only_a_space_between_are_one(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The parser hung "were" on "knows" beside "needs": no report stops at a dangling "in case"."""
    text = ("Still, the bridge story suggests the city council knows that it needs a backup plan in case the "
            "state's main lender were to suddenly pull out.")
    quotes = find_quotes(nlp(text), make_article("test", text), [], lexicon)
    assert quotes and not any(quote.content.endswith("in case") or quote.content.startswith("the state's") for quote in quotes)


@pytest.mark.parametrize(("text", "full", "speaker_words"), [
    ("Radio host Larry Kent joined the network in 2013. “They pay us well,” Mr. Kent said on Friday.", "Larry Kent", "Mr. Kent"),
    ("The lawsuit was filed by Dong Haiwei last year. Dong said the software damaged his computer.", "Dong Haiwei", "Dong"),
])
def test_one_name_is_the_person_named_before_in_full(nlp, lexicon: QuoteLexicon, text: str, full: str, speaker_words: str) -> None:  # noqa: ANN001
    """No mention names "Mr. Kent" or "Dong": the last person named in full with that last (or,
    Chinese order, first) name is the speaker; another full name is another person."""
    mentions = [_mention(text, full, full, None, "person")]
    assert _speaker_of(nlp, lexicon, text, mentions, speaker_words).name == full


def test_a_full_name_is_not_completed_from_a_namesake(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "Larry Kent joined the network in 2013. “They pay us well,” Mary Kent said on Friday."
    mentions = [_mention(text, "Larry Kent", "Larry Kent", None, "person")]
    assert _speaker_of(nlp, lexicon, text, mentions, "Mary Kent").name == "Mary Kent"


def test_we_in_the_reporters_words_is_the_writer(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """A letter writer's "we" is not the last person quoted before."""
    text = ("“Immigrants built this city,” Tom Hale said at the rally. After years abroad, we are convinced "
            "this is the only country where anyone can start from nothing.")
    mentions = [_mention(text, "Tom Hale", "Tom Hale", "USA", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "we")
    assert (speaker.name, speaker.code) == ("we", None)


def test_i_inside_words_in_marks_is_still_named(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "“I told the council that we would need more money for the bridge,” Tom Hale said on Monday."
    mentions = [_mention(text, "Tom Hale", "Tom Hale", "USA", "person")]
    quotes = find_quotes(nlp(text), make_article("test", text), mentions, lexicon)
    assert {quote.speaker.name for quote in quotes if quote.speaker is not None} <= {"Tom Hale"}
