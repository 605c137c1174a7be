"""Golden quote tests on the five real seed pages in ../shared/seeds (skipped when absent).

Speakers are named by the real actors stage, so "He", "the Kremlin spokesman" and "the head
of Russian diplomacy" must come out as the person named earlier. Only short needles from
the seeds appear here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.records import Quote

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not found: golden quote tests need the shared/ folder beside the repository")


@pytest.fixture(scope="module")
def seed_quotes() -> dict[str, list[Quote]]:
    import detente
    from detente.nlp import ModelNotInstalled, load_pipeline
    from detente.quotes import find_quotes, load_quote_lexicon

    try:
        from detente.actors import find_mentions, load_actor_knowledge
    except ImportError as error:
        pytest.skip(f"the actors stage is needed to name speakers: {error}")
    try:
        nlp = load_pipeline()
    except ModelNotInstalled as error:
        pytest.skip(str(error))
    lexicon, knowledge, result = load_quote_lexicon(), load_actor_knowledge(), {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = detente.clean_text(path.read_text(encoding="utf-8"), source=str(path))
        doc = nlp(article.text)
        result[path.name[:3]] = find_quotes(doc, article, find_mentions(doc, article, knowledge), lexicon)
    return result


def _quote(quotes: list[Quote], needle: str) -> Quote:
    found = [quote for quote in quotes if quote.content.startswith(needle)]
    assert found, f"no quote starts with {needle!r}: {[quote.content[:40] for quote in quotes]}"
    return found[0]


GOLDEN = [
    ("000", "It is difficult to talk about resuming", "direct", "Peskov"),
    ("000", "it is difficult to discuss resuming partnership", "indirect", "Peskov"),
    ("001", "Our attitude (towards NATO) remains unchanged <…> Russia", "direct", "Peskov"),  # "the Kremlin spokesman said"
    ("001", "it is up to the alliance", "indirect", "Peskov"),  # "According to Peskov"
    ("001", "Our attitude towards NATO is well known. It is a product", "direct", "Peskov"),
    ("001", "NATO’s actions in the long-term perspective", "partial", "Peskov"),  # "He stressed that ... “confirm ...”"
    ("002", "The world when Russia took part", "partial", "Stoltenberg"),  # ... needs “minimum contact” ..., said
    ("002", "For many years NATO tried", "direct", "Stoltenberg"),  # "he said"
    ("002", "the conflict in Ukraine has “destroyed the idea", "partial", "Stoltenberg"),  # "According to Stoltenberg"
    ("002", "At the same time, we must maintain", "direct", "Stoltenberg"),  # "the NATO secretary general"
    ("002", "We need minimal contact with Russia", "direct", "Stoltenberg"),
    ("003", "After certain measures taken by NATO", "direct", "Lavrov"),  # exist"Russian Foreign Minister ...
    ("003", "end the activity of the NATO information office", "partial", "Lavrov"),
    ("003", "NATO has already significantly reduced contacts", "direct", "Lavrov"),  # "the head of Russian diplomacy"
    ("003", "We have no official communication", "direct", "Lungescu"),  # raised"said a spokeswoman ..., Oana Lungescu
    ("003", 'Moscow of increasing its "malevolent activities"', "partial", "Stoltenberg"),  # accused ...
    ("004", "Moscow has reiterated more than once", "indirect", "Meshkov"),  # "The Deputy Foreign Minister said"
    ("004", "the issue depends on how long NATO", "indirect", "Meshkov"),  # "According to the Russian deputy minister"
    ("004", "on the contrary, the Western bloc", "indirect", "Meshkov"),  # "The diplomat stated that"
    ("004", "his country is open and ready", "indirect", "Meshkov"),
]


@pytest.mark.parametrize(("seed", "needle", "kind", "speaker"), GOLDEN, ids=[f"{g[0]}-{g[1][:24]}" for g in GOLDEN])
def test_quotes_seed_quote_has_kind_and_named_speaker(seed_quotes: dict[str, list[Quote]], seed: str, needle: str, kind: str, speaker: str) -> None:
    quote = _quote(seed_quotes[seed], needle)
    assert quote.kind == kind
    assert quote.speaker is not None and speaker in (quote.speaker.name or ""), quote.speaker


def test_quotes_seed_speaker_words_and_cues(seed_quotes: dict[str, list[Quote]]) -> None:
    lungescu = _quote(seed_quotes["003"], "We have no official communication")
    assert (lungescu.speaker.text, lungescu.cue) == ("Oana Lungescu", "said")
    lavrov = _quote(seed_quotes["003"], "After certain measures")
    assert lavrov.speaker.text == "Russian Foreign Minister Sergey Lavrov" and lavrov.content.endswith("do not exist")
    assert _quote(seed_quotes["001"], "NATO’s actions in the long-term").speaker.text == "He"
    assert _quote(seed_quotes["001"], "it is up to").cue == "According to"


def test_quotes_seed_scare_quotes_and_headings_are_skipped(seed_quotes: dict[str, list[Quote]]) -> None:
    contents = {quote.content for quotes in seed_quotes.values() for quote in quotes}
    assert "rapprochement" not in contents  # the "rapprochement" between Washington and Moscow
    assert "Malevolent activities" not in contents  # a heading line
    assert "urgency" not in contents


def test_quotes_seed_confidence_is_lower_for_resolved_speakers(seed_quotes: dict[str, list[Quote]]) -> None:
    named = _quote(seed_quotes["002"], "We need minimal contact")
    pronoun = _quote(seed_quotes["002"], "For many years NATO tried")
    assert 0 < pronoun.confidence < named.confidence <= 1
