"""A "he"/"she" speaker tied to no known person takes the person the parser names earlier in
its own sentence (the name only, never a code). Sentences written for these tests."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture and the helper


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Maria Kovalenkova urged the council to act and she said the delegates had failed the refugees.", "Maria Kovalenkova"),
        ("Ibrahim Tondomba met the envoy on Friday, and he said the talks would resume in March.", "Ibrahim Tondomba"),
    ],
)
def test_pronoun_speaker_takes_the_person_named_before_it(nlp, lexicon: QuoteLexicon, text: str, name: str) -> None:  # noqa: ANN001
    speakers = [quote.speaker for quote in quotes_of(nlp, lexicon, text) if quote.speaker is not None]
    assert speakers, "the sentence holds a reported clause"
    assert speakers[-1].name == name
    assert speakers[-1].code is None


def test_pronoun_speaker_stays_unnamed_without_a_person_before_it(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    speakers = [quote.speaker for quote in quotes_of(nlp, lexicon, "She said the talks would resume in March.") if quote.speaker]
    assert [speaker.name for speaker in speakers] == ["She"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("However the new sanctions are not likely to change the regime's course, noted the analyst Maria Kovalenkova.",
         "the new sanctions are not likely to change the regime's course"),
        ("Meanwhile the sanctions will stay in place until June, the spokesman said.", "the sanctions will stay in place until June"),
    ],
)
def test_an_opening_connective_is_the_reporters(nlp, lexicon: QuoteLexicon, text: str, content: str) -> None:  # noqa: ANN001
    """The adverb that links the sentence to the previous one is narration, not the speaker's words."""
    assert [quote.content for quote in quotes_of(nlp, lexicon, text)] == [content]
