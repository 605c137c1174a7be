"""Property test: the coder never raises and every offset slices to its text, on arbitrary text.

The public `find_events` logs and skips a document on an internal error; the test calls the
coder underneath it, so that such an error fails the test instead of hiding.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.actors import find_mentions
from detente.events import find_events
from detente.events.coder import find_events as code_events
from detente.quotes import find_quotes
from detente.records import Article

# Actors, triggers, frames, modals, negation and quote marks mixed with noise.
WORDS = ["Russia", "NATO", "Ukraine", "the", "alliance", "Kremlin", "Peskov", "Lavrov", "said", "\"", "“", "”",
         "will", "not", "could", "if", "must", "refused", "to", "threatened", "attack", "attacked", "sanctions",
         "imposed", "on", "talks", "with", "and", "suspension", "of", "mission", "withdrew", "by", "was", "is",
         "difficult", "ready", "for", "dialogue", "accused", "criticised", "troops", "we", "it", "its", ",", ".",
         "demanded", "that", "in", "Brussels", "Moscow", "Washington", "agreed", "\n", "x", "urged"]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2021-10-18", "2018"]))
def test_events_find_events_is_total_and_well_formed(nlp, actor_knowledge, quote_lexicon, event_lexicon,  # noqa: ANN001
                                                     text: str, published: str | None) -> None:
    knowledge, lexicon = actor_knowledge, event_lexicon  # session fixtures: loading per example took seconds
    article = Article(id="p", source="<p>", url=None, format="text", title=None, outlet=None, credited=[],
                      author=None, dateline=None, language="en", published=published, published_precision=None,
                      published_interval=None, text=text, word_count=0, removed=[])
    doc = nlp(text)
    mentions = find_mentions(doc, article, knowledge)
    quotes = find_quotes(doc, article, mentions, quote_lexicon)
    events = code_events(doc, article, mentions, quotes, lexicon)  # the coder itself: an error fails the test
    assert events == find_events(doc, article, mentions, quotes, lexicon)  # deterministic; the guarded API agrees
    assert len({event.id for event in events}) == len(events)
    quote_ids = {quote.id for quote in quotes}
    for event in events:
        for span in (event.sentence, event.trigger):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start:span.end] == span.text
        assert event.sentence.start <= event.trigger.start and event.trigger.end <= event.sentence.end
        for actor in (event.source, event.target):
            if actor is not None and actor.start is not None:
                assert text[actor.start:actor.end] == actor.text
        assert event.source is not None or event.target is not None
        assert event.cameo_root == event.cameo[:2] and event.cameo in lexicon.cameo
        assert 0.0 <= event.confidence <= 1.0
        assert event.quote_id is None or event.quote_id in quote_ids
