"""Exact and near-duplicate linking with MinHash LSH."""

from __future__ import annotations

from dataclasses import replace

from detente.config import Settings
from detente.dedup import DuplicateIndex, link_duplicates, shingles, signature
from detente.records import Article

STORY = (
    "Russia announced on Monday that it would suspend the work of its permanent mission to the alliance "
    "from the first of next month, after eight of its diplomats lost their accreditation. The foreign "
    "minister said the basic conditions for joint work no longer existed and that contacts would go "
    "through the embassy in Brussels. The alliance said it had taken note of the statements and that its "
    "policy towards Moscow remained consistent. Officials in several capitals described the decision as "
    "the lowest point in relations since the end of the Cold War, while analysts expected further steps."
)
OTHER = (
    "China and the United States agreed on Thursday to resume talks on trade after a pause of several "
    "months, the commerce ministry said, adding that negotiators would meet in Geneva before the end of "
    "the year. Markets rose after the announcement, and both sides described the call as constructive."
)


def _article(text: str, source: str) -> Article:
    from detente.clean import content_hash

    return Article(
        id=content_hash(text), source=source, url=None, format="text", title=None, outlet=None, credited=[],
        author=None, dateline=None, language="en", published=None, published_precision=None,
        published_interval=None, text=text, word_count=len(text.split()), removed=[],
    )  # fmt: skip


def _link(texts: list[tuple[str, str]], settings: Settings | None = None) -> list[Article]:
    settings = settings or Settings()
    index = DuplicateIndex(settings)
    return link_duplicates([(_article(text, source), signature(text, settings)) for text, source in texts], index)


def test_dedup_exact_copy_gets_own_id_and_link() -> None:
    first, copy = _link([(STORY, "a.txt"), (STORY.replace("  ", " ").upper(), "b.txt")])
    assert first.duplicate_of is None
    assert copy.duplicate_of == first.id and copy.similarity == 1.0 and copy.id != first.id


def test_dedup_near_copy_with_small_edits() -> None:
    edited = STORY.replace("on Monday", "on Tuesday").replace("analysts expected further steps", "more steps may follow")
    first, near = _link([(STORY, "a.txt"), ("Moscow suspends mission. " + edited, "b.txt")])
    assert near.duplicate_of == first.id and 0.7 <= near.similarity < 1.0


def test_dedup_different_stories_not_linked() -> None:
    first, other = _link([(STORY, "a.txt"), (OTHER, "b.txt")])
    assert first.duplicate_of is None and other.duplicate_of is None


def test_dedup_copy_of_copy_links_to_original() -> None:
    one = STORY
    two = STORY.replace("on Monday", "on Sunday")
    three = two.replace("Cold War", "cold war era")
    original, second, third = _link([(one, "1.txt"), (two, "2.txt"), (three, "3.txt")])
    assert second.duplicate_of == original.id and third.duplicate_of == original.id


def test_dedup_ids_are_deterministic() -> None:
    assert _link([(STORY, "a.txt"), (STORY, "b.txt")]) == _link([(STORY, "a.txt"), (STORY, "b.txt")])


def test_dedup_signature_is_stable_across_calls() -> None:
    settings = Settings()
    assert (signature(STORY, settings) == signature(STORY, settings)).all()
    assert shingles("a b", 5) == {b"a b"}


def test_dedup_threshold_from_settings() -> None:
    edited = STORY.replace("on Monday", "on Tuesday").replace("lowest point", "worst moment")
    strict = Settings(duplicate_threshold=0.95)
    first, second = _link([(STORY, "a.txt"), (edited, "b.txt")], strict)
    assert second.duplicate_of is None
    assert replace(first, id="x").id == "x"


def test_dedup_threshold_out_of_range_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="duplicate_threshold"):
        Settings(duplicate_threshold=1.0)
