"""A long article parsed in pieces of whole paragraphs gives what one parse of the whole
text gives (same mentions, quotes and events, same offsets and ids) when nothing crosses a
piece boundary."""

from __future__ import annotations

import pytest

from detente.annotate import AnnotationFailure, Annotations, annotate_guarded, load_nlp_resources, paragraph_pieces
from detente.config import Settings
from detente.records import Article
from tests.hostile.cases import GOOD


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("ab\ncd\nef", 5, [(0, 5), (6, 8)]),
        ("ab\ncd\nef", 2, [(0, 2), (3, 5), (6, 8)]),
        ("abc", 5, [(0, 3)]),
        ("abcdef\nx", 5, None),
    ],
)
def test_paragraph_pieces(text: str, limit: int, expected: list[tuple[int, int]] | None) -> None:
    assert paragraph_pieces(text, limit) == expected


_SAME_STORY = [
    "The government in Moscow said the decision followed an investigation by the security service, which found that the "
    "diplomats had collected information on military sites near the border over several months.",
    "A court in Moscow ordered the release of two activists detained last month after a protest outside the ministry. "
    "The judge ruled that prosecutors had shown no evidence that the protest had blocked traffic.",
    "Officials at the foreign ministry said the embassy staff would have a week to leave the country, and that talks "
    "with the alliance on military contacts would remain frozen until further notice.",
]


def _article(text: str) -> Article:
    return Article(
        id="long", source="long.txt", url=None, format="text", title=None, outlet=None, credited=[], author=None, dateline=None,
        language="en", published="2021-10-18", published_precision="day", published_interval=None, text=text,
        word_count=len(text.split()), removed=[],
    )  # fmt: skip


@pytest.mark.parametrize("prefilter", [True, False])
def test_pieces_give_what_the_whole_parse_gives(prefilter: bool) -> None:
    # One story throughout: bare titles ("the government", "the judge") take the article's
    # lead and dominant country, which pieces see only within themselves, so the text names
    # no other country (a long text mixing stories is coded per piece; see _annotate_in_pieces).
    paragraphs = []
    for index in range(24):
        paragraphs.append(f'Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would expel {index} NATO diplomats. "We will respond," Lavrov told reporters.')
        paragraphs.append(_SAME_STORY[index % len(_SAME_STORY)])
    article = _article("\n".join(paragraphs))
    resources = load_nlp_resources(Settings.nlp_model, (), prefilter)
    (whole,) = annotate_guarded([article], resources, 10**6)
    (pieces,) = annotate_guarded([article], resources, 2000)
    assert isinstance(whole, Annotations) and isinstance(pieces, Annotations) and whole.events
    assert len(paragraph_pieces(article.text, 2000) or []) > 3
    for name in ("mentions", "quotes", "events"):
        assert sorted(repr(item.to_dict()) for item in getattr(pieces, name)) == sorted(repr(item.to_dict()) for item in getattr(whole, name)), name
    assert resources.nlp.max_length == 1_000_000  # restored


def test_a_paragraph_over_the_limit_is_a_failure_with_its_size() -> None:
    resources = load_nlp_resources(Settings.nlp_model, (), True)
    (failure,) = annotate_guarded([_article(GOOD[0] + "\n" + GOOD[1])], resources, 100)
    assert isinstance(failure, AnnotationFailure) and failure.stage == "parse"
    assert failure.reason.startswith("article too long for the parser: a paragraph of 0.0 million characters, limit 0.0001 million")
