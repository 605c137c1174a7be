"""The memoised lemmatizer (`detente.nlp_ruler.speed_up_lemmatizer`) gives exactly spaCy's lemmas:
same tables (the word index as a frozenset), each (ORTH, POS, MORPH) triple worked out once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXTS = [
    "Russia's foreign ministers said on Tuesday that Moscow had not suspended the talks with NATO.",
    "The children were running; mice ran faster, and the better negotiators negotiated the best deals.",
    "I ain't gonna sign it, y'all. She'd been there, they've gone, it's done and we're leaving.",
    "Protesters clashed with police as the governments imposed sanctions, arrests and curfews.",
    "  Spaces   and\n\nnew lines\t\there.  Analyses, crises, criteria, phenomena and indices.",
]
ATTRS = ["LEMMA", "ORTH", "TAG", "POS", "MORPH", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    from detente.nlp import DEFAULT_MODEL
    from detente.nlp_ruler import speed_up_lemmatizer

    try:
        plain, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    except OSError as error:
        pytest.skip(f"{DEFAULT_MODEL} not installed: {error}")
    assert speed_up_lemmatizer(fast)
    return plain, fast


def _arrays(nlp, texts: list[str]) -> list[list[list[int]]]:
    return [doc.to_array(ATTRS).tolist() for doc in nlp.pipe(texts)]


def test_lemmas_are_spacys(pipelines) -> None:
    """The same lemmas (and everything else) as the plain pipeline, the second time (from the
    memo) as the first, and through `nlp(text)` (the lemmatizer's own call, same tables)."""
    plain, fast = pipelines
    expected = _arrays(plain, TEXTS)
    assert _arrays(fast, TEXTS) == expected
    assert _arrays(fast, TEXTS) == expected
    assert [fast(text).to_array(ATTRS).tolist() for text in TEXTS] == expected
    assert [token.lemma_ for token in fast("The ministers negotiated.")][:3] == ["the", "minister", "negotiate"]


def test_the_word_index_is_a_frozenset(pipelines) -> None:
    """`form in index` was a scan of a list of up to 57,528 words for every candidate form."""
    table = pipelines[1].get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, frozenset) for words in table.values())
    plain_table = pipelines[0].get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert {key: frozenset(words) for key, words in plain_table.items()} == dict(table.items())


def test_each_triple_is_lemmatised_once(pipelines, monkeypatch: pytest.MonkeyPatch) -> None:
    """A form seen before with the same POS and morphology is not lemmatised again."""
    lemmatizer = pipelines[1].get_pipe("lemmatizer")
    calls: list[str] = []
    original = lemmatizer.lemmatize
    monkeypatch.setattr(lemmatizer, "lemmatize", lambda token: calls.append(token.text) or original(token))
    text = "Diplomats negotiated a ceasefire with the rebels after weeks of fighting in the northern provinces."
    list(pipelines[1].pipe([text]))
    assert calls  # new forms: lemmatised
    calls.clear()
    list(pipelines[1].pipe([text, text]))
    assert calls == []


def test_a_full_memo_starts_again_with_the_same_lemmas(pipelines) -> None:
    """The bound holds for spaCy's own rule cache too (it caches by the same triple, unbounded)."""
    from detente.nlp_ruler import MemoizedLemmatizer

    plain, fast = pipelines
    small = MemoizedLemmatizer(fast.get_pipe("lemmatizer"), max_size=3)
    docs = list(fast.pipe(TEXTS, disable=["lemmatizer"]))
    for doc in docs:
        small(doc)
    assert len(small.memo) <= 3
    assert len(small.lemmatizer.cache) <= 3
    assert [doc.to_array(ATTRS).tolist() for doc in docs] == _arrays(plain, TEXTS)


def test_a_full_spacy_cache_empties_both(pipelines) -> None:
    """Words lemmatised by the lemmatizer's own call (`nlp(text)`) fill spaCy's cache, not the
    memo: the next new word empties both."""
    from detente.nlp_ruler import MemoizedLemmatizer

    plain, fast = pipelines
    lemmatizer = fast.get_pipe("lemmatizer")
    fast(TEXTS[1])
    small = MemoizedLemmatizer(lemmatizer, max_size=len(lemmatizer.cache))
    doc = next(fast.pipe([TEXTS[0]], disable=["lemmatizer"]))
    small(doc)
    assert len(lemmatizer.cache) < small.max_size
    assert doc.to_array(ATTRS).tolist() == _arrays(plain, [TEXTS[0]])[0]


def test_a_pipeline_without_a_lemmatizer_is_left_alone() -> None:
    import spacy

    from detente.nlp_ruler import speed_up_lemmatizer

    assert not speed_up_lemmatizer(spacy.blank("en"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["talks", "talked", "leaders", "were", "is", "better", "best", "children", "mice", "ran", "running",
                                 "negotiated", "crises", "said", "says", "I", "they", "'s", "n't", "Moscow", "Sanctions", "imposed",
                                 "agreed", "geese", "worse", "analyses", "went", "the", "a", ",", ".", " ", "\n"]), max_size=30).map(" ".join))
def test_random_word_sequences_get_spacys_lemmas(pipelines, text: str) -> None:
    plain, fast = pipelines
    assert _arrays(fast, [text]) == _arrays(plain, [text])
