"""A wire dateline is a sentence of its own for the parser (detente.nlp's `detente_dateline` component).

Parsed as part of the lead, the dateline's city became the subject of the lead's verb: the speaker of its quote
and the source of its event. Sentences are our own."""

from __future__ import annotations

import pytest

# `nlp`: the session's pipeline (conftest), loaded once for every test module (the loader keeps no cache).


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("WASHINGTON (AP) - President Barack Obama, dedicating the new museum on Saturday, said it would tell an American story.", "Obama"),
        ("KHARTOUM, Nov. 13 (Xinhua) -- Egypt's foreign minister held talks with Sudanese officials on Monday.", "minister"),
        ("MOSCOW, Oct 18 - The Kremlin said it had received no proposal from the alliance.", "Kremlin"),
    ],
)
def test_the_dateline_city_is_never_the_subject_of_the_lead(nlp, text: str, subject: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sentences = list(doc.sents)
    assert len(sentences) == 2 and sentences[0].text.split()[0].isupper()
    subjects = [token.text for token in sentences[1] if token.dep_ == "nsubj" and token.head.dep_ == "ROOT"]
    assert subjects == [subject]


def test_a_text_without_a_dateline_is_parsed_as_before(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("President Barack Obama, dedicating the new museum on Saturday, said it would tell an American story.")
    assert len(list(doc.sents)) == 1
    assert [token.text for token in doc if token.dep_ == "nsubj" and token.head.dep_ == "ROOT"] == ["Obama"]
