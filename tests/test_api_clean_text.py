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


def test_chinese_article_counts_characters_as_words() -> None:
    """A text in a script written without spaces is not "1 words" (kept with --language zh)."""
    from detente import Settings

    text = "中国外交部发言人周二在北京表示，中方坚决反对任何形式的单边制裁，并呼吁各方通过对话解决分歧。"
    article = detente.clean_text(text, settings=Settings(languages=("zh",), min_words=15))
    assert article.language == "zh"
    assert article.word_count == len(text)  # 44 Han characters and two punctuation marks, one word each


def test_count_words_matches_whitespace_split_without_han() -> None:
    from detente.clean.normalize import count_words

    for text in ["Hello world  foo", "naïve café résumé x", "  ", "Zürich, Genève and Lugano."]:
        assert count_words(text) == len(text.split())


def _clean_with_defaults(text: str):
    from detente.clean import clean_document
    from detente.records import RawDoc
    from detente.resources import load_cleaning_resources

    return clean_document(RawDoc(source="brief.txt", format="text", text=text), load_cleaning_resources(detente.Settings()))


def test_short_brief_kept_whole_needs_only_min_words_whole() -> None:
    """A 12-word wire brief is news: kept under the default policy (min_words 15, min_words_whole 5)."""
    brief = "Russia and China signed a new trade pact in Beijing on Monday."
    article = _clean_with_defaults(brief)
    assert isinstance(article, detente.Article)
    assert article.text == brief


def test_text_under_min_words_whole_is_rejected_with_the_minimum() -> None:
    from detente.records import Reject

    result = _clean_with_defaults("Page not found")
    assert isinstance(result, Reject)
    assert "minimum 5" in result.reason
