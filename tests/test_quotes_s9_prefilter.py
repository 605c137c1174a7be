"""Session 9: the parse prefilter keeps a sentence whose only cue is an attitude noun (the quote
lexicon's `attitude_nouns`), whose "that" clause the quotes stage reports ("Farmers shared the
concern that ..."): a sentence the prefilter drops is never parsed, so never quoted."""

from __future__ import annotations

import pytest

from detente.evaluation.quotes import make_article

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def resources(nlp):  # the session's pipeline (conftest)  # noqa: ANN001
    from detente.actors import load_actor_knowledge
    from detente.events import load_event_lexicon
    from detente.nlp import Prefilter
    from detente.quotes import load_quote_lexicon

    quotes = load_quote_lexicon()
    return nlp, quotes, Prefilter.of(load_event_lexicon(), quotes, load_actor_knowledge())


@pytest.mark.parametrize("text", [
    "Local farmers shared the concern that the new canal could dry out the fields.",
    "Many growers held the belief that the old canal would never be repaired.",
])
def test_an_attitude_nouns_clause_is_parsed_and_quoted(resources, text: str) -> None:  # noqa: ANN001
    from detente.nlp import parse_prefiltered
    from detente.quotes import find_quotes

    nlp, quotes, prefilter = resources
    article = make_article("t", text)
    ((_, doc),) = list(parse_prefiltered([article], nlp, prefilter))
    assert [quote.kind for quote in find_quotes(doc, article, [], quotes)] == ["indirect"]
