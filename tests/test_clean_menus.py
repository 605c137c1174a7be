"""Separator menus ("Home | World | Business") are boilerplate wherever they stand (issue 10,
item 2): a navigation bar or breadcrumb printed as one line matched no pattern, so in a
short text it became the title or stayed in the body. All texts here are invented.
"""

from __future__ import annotations

import pytest

import detente
from detente.clean.lines import _line_infos, load_config

S1 = (
    "The harbour authority of Valparaiso said on Monday that container traffic rose by a fifth "
    "in the first half of the year, driven by fruit exports to Asia."
)
S2 = "Port officials expect the new terminal, which opened in March, to handle a third of all containers by next spring."
S3 = "Dock workers' unions have asked for talks on shift patterns before the terminal's second phase opens."
HEADLINE = "Valparaiso port traffic jumps on fruit exports"


def _pattern(line: str) -> str | None:
    _, infos = _line_infos([line], load_config(), None)
    assert infos[0] is not None
    return infos[0].pattern


@pytest.mark.parametrize(
    "line",
    [
        "Home | World | Business | Sport | Weather",
        "News » World » Europe",
        "Home • Politics • Economy • Opinion • Culture",
        "World / Asia / China",
        "Home - News - Sport - Culture",
        "Home > Latin America > Chile",
        "| Home | Latest News | Video | Photo Galleries | Contact Us |",
        "Start · Nachrichten · Wirtschaft · Sport",
    ],
)
def test_separator_menus_are_menu_bars(line: str) -> None:
    assert _pattern(line) == "menu-bar"


@pytest.mark.parametrize(
    "line",
    [
        "Politics | Reuters",  # two items: a title and its site
        "The ministry said the plan was a win/win for both sides and would be signed soon.",
        "Horoscope for Wednesday, 11/20/19",  # a date's slashes separate digits, not items
        "Officials in Lima - where the talks were held last year - said the new round would start in May",
        "Exports rose 4.5% in March",
        HEADLINE,
    ],
)
def test_other_lines_are_no_menu_bars(line: str) -> None:
    assert _pattern(line) != "menu-bar"


@pytest.mark.parametrize(
    "menu", ["Home | World | Business | Sport | Weather", "News » World » Americas", "World / Americas / Chile"]
)
def test_a_menu_above_a_short_article_is_neither_title_nor_body(menu: str) -> None:
    article = detente.clean_text(f"{menu}\n{HEADLINE}\n{S1}\n{S2}\n{S3}")
    assert article.title == HEADLINE
    assert article.text == f"{S1}\n{S2}\n{S3}"
    assert [(line.reason, line.line) for line in article.removed] == [("menu-bar", menu), ("title", HEADLINE)]


def test_a_menu_inside_a_short_article_leaves_its_paragraphs() -> None:
    menu = "Home | World | Business | Sport"
    article = detente.clean_text(f"{HEADLINE}\n{S1}\n{menu}\n{S2}\n{S3}")
    assert article.text == f"{S1}\n{S2}\n{S3}"
    assert ("menu-bar", menu) in [(line.reason, line.line) for line in article.removed]


def test_a_menu_above_one_paragraph_leaves_the_paragraph_whole() -> None:
    paragraph = f"{S1} {S2}"
    article = detente.clean_text(f"Home | World | Business | Sport\n{paragraph}")
    assert article.text == paragraph
    assert article.title is None
