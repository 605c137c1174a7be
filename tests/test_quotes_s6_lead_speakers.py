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
