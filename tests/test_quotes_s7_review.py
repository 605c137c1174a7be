"""Review fixes of session 7's speaker naming (findings 7 and 8), each a sentence of our own:
a "his"/"her" names the speaker only when the speaker noun is a thing said ("her account"), never a
person ("his wife", "her lawyer"); a lone surname a mention already codes keeps that code, and one
that two people named before share is left as it is."""

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
    ("Omar Bakri was arrested in Cairo last month. His wife said he had done nothing wrong.", "His wife"),
    ("Omar Bakri was arrested in Cairo last month. His lawyer told reporters that the charges were false.", "His lawyer"),
    ("Omar Bakri lost the vote on Tuesday. His aides said the count had been rigged in two provinces.", "His aides"),
    ("Omar Bakri lost the vote on Tuesday. \u201cThe count was rigged,\u201d his advisers said on Wednesday.", "his advisers"),
])
def test_a_person_noun_after_his_is_not_the_person_his_stands_for(nlp, lexicon: QuoteLexicon, text: str, speaker_words: str) -> None:  # noqa: ANN001
    mentions = [_mention(text, "Omar Bakri", "Omar Bakri", "EGYOPP", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, speaker_words)
    assert speaker.name != "Omar Bakri" and speaker.code != "EGYOPP"


@pytest.mark.parametrize(("text", "speaker_words"), [
    ("Omar Bakri spoke to the court on Monday. According to his statement, the police had planted the evidence.",
     "his statement"),
    ("Omar Bakri was asked about the fraud. His first response was to say the police had planted the evidence.",
     "His first response"),
    # the body that speaks in his name
    ("Omar Bakri was taken to hospital on Friday (his campaign later disclosed that he had malaria).", "his campaign"),
])
def test_a_thing_said_after_his_is_still_the_person_his_stands_for(nlp, lexicon: QuoteLexicon, text: str, speaker_words: str) -> None:  # noqa: ANN001
    mentions = [_mention(text, "Omar Bakri", "Omar Bakri", "EGYOPP", "person")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, speaker_words)
    assert (speaker.name, speaker.code) == ("Omar Bakri", "EGYOPP")


def test_a_surname_a_mention_codes_keeps_its_code(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The actors stage coded "Ward" (the senator); the last full "... Ward" before is his wife,
    whom the knowledge base does not know: the speaker stays the senator."""
    text = ("Senator Ward arrived with Ellen Ward at the hall on Monday. \u201cWe will win this state,\u201d "
            "Ward said to the crowd.")
    at = text.rindex("Ward said")
    mentions = [_mention(text, "Ward", "Ward", "USALEG", "person"),
                _mention(text, "Ellen Ward", "Ellen Ward", None, "person"),
                Mention("test", at, at + 4, "Ward", "Ward", "USALEG", "USA", "LEG", "person", "knowledge base")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "Ward")
    assert speaker.code == "USALEG" and speaker.name != "Ellen Ward"


def test_a_surname_two_people_named_before_share_is_left_alone(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("Paul Ward and Ellen Ward ran the firm for ten years. \u201cWe never took a bribe,\u201d Ward said on Monday.")
    mentions = [_mention(text, "Paul Ward", "Paul Ward", None, "person"),
                _mention(text, "Ellen Ward", "Ellen Ward", None, "person")]
    assert _speaker_of(nlp, lexicon, text, mentions, "Ward").name == "Ward"


def test_one_surname_named_twice_in_full_is_still_completed(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = ("Paul Ward ran the firm for ten years. Paul Ward sold it in May. \u201cWe never took a bribe,\u201d "
            "Ward said on Monday.")
    mentions = [_mention(text, "Paul Ward", "Paul Ward", "USABUS", "person"),
                _mention(text, "Paul Ward", "Paul Ward", "USABUS", "person", occurrence=1)]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "Ward")
    assert (speaker.name, speaker.code) == ("Paul Ward", "USABUS")


def test_a_surname_a_place_was_taken_for_is_the_person_named_before(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The actors stage took "Chad" for the country: the speaker is still the person named in full."""
    text = ("Representative Mark Chad questioned the director for five hours. \u201cIt raises a lot of questions,\u201d "
            "Chad said after the hearing.")
    at = text.rindex("Chad said")
    mentions = [_mention(text, "Mark Chad", "Mark Chad", None, "person"),
                Mention("test", at, at + 4, "Chad", "Chad", "TCD", "TCD", None, "place", "knowledge base")]
    assert _speaker_of(nlp, lexicon, text, mentions, "Chad").name == "Mark Chad"


def test_a_surname_coded_otherwise_takes_the_coded_full_name_before(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """Both coded: the full name's code comes from the article ("UN envoy ..."), the surname's from
    the knowledge base alone; the one person named in full is the speaker."""
    text = ("UN envoy Karl Lindqvist met both delegations in Vienna. \u201cWe are making progress,\u201d Lindqvist said.")
    at = text.rindex("Lindqvist said")
    mentions = [_mention(text, "UN envoy Karl Lindqvist", "Karl Lindqvist", "IGOUNO", "person"),
                Mention("test", at, at + 9, "Lindqvist", "Lindqvist", "FINELI", "FIN", "ELI", "person", "knowledge base")]
    speaker = _speaker_of(nlp, lexicon, text, mentions, "Lindqvist")
    assert (speaker.name, speaker.code) == ("Karl Lindqvist", "IGOUNO")
