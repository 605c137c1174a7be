"""Property test: find_mentions never raises and returns well-formed spans on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.actors import find_mentions
from detente.records import Article

# Words that exercise every rule (names, titles, roles, pronouns, punctuation) mixed with noise.
WORDS = ["Russia", "Russian", "NATO", "the", "The", "alliance", "Alliance", "Kremlin", "Brussels", "in",
         "Foreign", "Minister", "minister", "spokesman", "for", "of", "a", ",", ".", "(", ")", "'s", "’s",
         "He", "she", "said", "Putin", "Lavrov", "Dmitry", "Peskov", "Secretary", "General", "US", "U.S.",
         "troops", "Deputy", "diplomat", "head", "Moscow", "\"", "\n", "Washington", "Post", "x",
         # the identity rules: outlets, postings, bare police, given names, former holders, bodies, companies
         "Kenya", "Times", "Daily", "News", "Agency", "envoy", "to", "Somalia", "Police", "police", "according",
         "Hillary", "Clinton", "Bill", "former", "administration", "government", "and", "transitional",
         "Co.", "Ltd", "Software", "People", "Party", "foreign", "Bush", "George", "W."]

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_actors_find_mentions_is_total_and_well_formed(nlp, actor_knowledge, text: str) -> None:  # noqa: ANN001
    knowledge = actor_knowledge  # session fixtures: loading per example took ~1.7 s each
    published = "2016-10-01" if len(text) % 2 else None  # dated and undated articles take different rules
    article = Article(id="p", source="<p>", url=None, format="text", title=None, outlet=None, credited=[],
                      author=None, dateline=None, language="en", published=published,
                      published_precision="day" if published else None,
                      published_interval=None, text=text, word_count=0, removed=[])
    found = find_mentions(nlp(text), article, knowledge)
    assert found == find_mentions(nlp(text), article, knowledge)  # deterministic
    previous_end = 0
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.start >= previous_end  # sorted, non-overlapping
        assert text[mention.start:mention.end] == mention.text
        assert mention.sentence_start is not None and mention.sentence_end is not None
        assert mention.sentence_start <= mention.start and mention.end <= mention.sentence_end
        previous_end = mention.end
