"""The indexed attribute-ruler matcher (`detente.nlp_ruler`) finds exactly the matches spaCy's
`AttributeRuler.match` finds, so parses are identical with and without it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXTS = [
    "Russia's foreign minister said on Tuesday that Moscow would not suspend talks with NATO.",
    "I ain't gonna sign it, y'all. Let's go! We gotta c'mon, get 'em, nothin' doin', ol' friend, 'nuff said.",
    "There is a cat. There were two. It's been there since he'd had it; she got it and he gets it.",
    "You told me that I could. It hit you and you hit it. Those who do, did; that which was, is.",
    "  Spaces   and\n\nnew lines\t\there.  Myself, yourselves, themselves, itself and ourselves.",
    "“We will not accept this,” he told reporters, although nothing was done because somebody can't.",
]


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    from detente.nlp import DEFAULT_MODEL
    from detente.nlp_ruler import speed_up_attribute_ruler

    try:
        plain, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    except OSError as error:
        pytest.skip(f"{DEFAULT_MODEL} not installed: {error}")
    assert speed_up_attribute_ruler(fast)
    return plain, fast


def _matches_both_ways(plain, text: str) -> tuple[list, list]:
    from spacy.pipeline import AttributeRuler

    from detente.nlp_ruler import IndexedRulerMatch

    ruler = plain.get_pipe("attribute_ruler")
    doc = plain.make_doc(text)
    for name, component in plain.pipeline:
        if name == "attribute_ruler":
            break
        doc = component(doc)
    return AttributeRuler.match(ruler, doc), IndexedRulerMatch(ruler)(doc)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_matches_as_spacy(pipelines, text: str) -> None:
    spacy_matches, indexed = _matches_both_ways(pipelines[0], text)
    assert indexed == spacy_matches


def test_parses_are_identical(pipelines) -> None:
    plain, fast = pipelines
    attrs = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]
    for a, b in zip(plain.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert a.to_array(attrs).tolist() == b.to_array(attrs).tolist()
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_most_patterns_are_looked_up_by_tag(pipelines) -> None:
    ruler = pipelines[1].get_pipe("attribute_ruler")
    assert sum(len(found) for table in ruler.match.index for found in table.values()) > 150 and len(ruler.match.rest) < 20


def test_a_pipeline_without_a_ruler_is_left_alone() -> None:
    import spacy

    from detente.nlp_ruler import speed_up_attribute_ruler

    assert not speed_up_attribute_ruler(spacy.blank("en"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["I", "you", "it", "there", "is", "'s", "ai", "n't", "gon", "na", "got", "ta", "let", "do", "did",
                                 "had", "that", "which", "the", "a", "will", "ca", "wo", "him", "Her", "ours", " ", "\n", ",", ".",
                                 "Moscow", "said", "being", "been", "y'", "all", "'d", "'ll", "once", "well"]), max_size=30).map(" ".join))
def test_random_token_sequences_match_the_same(pipelines, text: str) -> None:
    spacy_matches, indexed = _matches_both_ways(pipelines[0], text)
    assert indexed == spacy_matches


def test_each_distinct_token_row_is_looked_up_once(pipelines, monkeypatch: pytest.MonkeyPatch) -> None:
    """The indexed patterns a token matches depend on its TAG, LOWER, DEP and IS_SPACE only:
    a row seen before is not looked up again, and a full memo starts again with the same matches."""
    import detente.nlp_ruler
    from detente.nlp_ruler import IndexedRulerMatch

    text = TEXTS[0]
    plain = pipelines[0]
    spacy_matches, _ = _matches_both_ways(plain, text)
    matcher = IndexedRulerMatch(plain.get_pipe("attribute_ruler"))
    doc = plain.make_doc(text)
    for name, component in plain.pipeline:
        if name == "attribute_ruler":
            break
        doc = component(doc)
    looked_up: list[tuple[int, ...]] = []
    original = matcher._row_matches
    monkeypatch.setattr(matcher, "_row_matches", lambda row: looked_up.append(row) or original(row))
    assert matcher(doc) == spacy_matches
    assert len(looked_up) == len(set(looked_up)) > 0
    looked_up.clear()
    assert matcher(doc) == spacy_matches and looked_up == []
    monkeypatch.setattr(detente.nlp_ruler, "MAX_MEMO_ROWS", 2)
    matcher.memo.clear()
    assert matcher(doc) == spacy_matches and len(matcher.memo) <= 2
