"""`detente.clean_text` keeps its documented contract: an Article, or `Rejected` saying why."""

import pytest

import detente


@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
def test_clean_text_empty_raises_rejected(text: str) -> None:
    with pytest.raises(detente.Rejected, match="no article text"):
        detente.clean_text(text)


def test_clean_text_one_sentence_is_kept_whole() -> None:
    sentence = "The foreign ministers of Norway and Chile met in Oslo on Monday to sign a new agreement on fisheries and polar research."
    article = detente.clean_text(sentence)
    assert article.text == sentence
    assert article.word_count == len(sentence.split())
