"""Publication dates from wire datelines and by-line date lines of plain-text stories.

Datelines in the forms agencies write them ("LONDON, 13 November 2006 (AFP) -", an agency
with a hyphen: "(Itar-Tass)"), and a by-line that carries the date ("By Jana Novak, Reuters |
October 9, 2019"): the day is read; a line that is not a by-line beside a date is not.
"""

from __future__ import annotations

import pytest

from detente.clean import clean_document
from detente.records import Article, RawDoc
from detente.resources import CleaningResources

from tests.test_clean_published import BODY, BODY2, TITLE  # the shared sample article


def _clean(resources: CleaningResources, text: str, **given: str) -> Article:
    article = clean_document(RawDoc(source="test", format="text", text=text, given=given), resources)
    assert isinstance(article, Article), article
    return article


def _source(article: Article) -> str | None:
    return next((item.source for item in article.metadata_sources if item.field == "published"), None)


@pytest.mark.parametrize(
    ("opening", "published", "dateline", "credited"),
    [
        ("LONDON, 13 November 2006 (AFP) - ", "2006-11-13", "London", "AFP"),
        ("MOSCOW, October 18, 2007 (Itar-Tass) -- ", "2007-10-18", "Moscow", "Itar-Tass"),
        ("PARIS, 3 Jan (Agence France-Presse) -- ", None, "Paris", "Agence France-Presse"),
        ("KIEV, 5 Dec. 2006 - ", "2006-12-05", "Kiev", None),
    ],
)
def test_pubdate_dateline_forms(resources: CleaningResources, opening: str, published: str | None, dateline: str, credited: str | None) -> None:
    article = _clean(resources, f"{opening}{BODY}\n{BODY2}")
    assert (article.published, article.dateline) == (published, dateline)
    assert credited is None or credited in article.credited
    if published:
        assert (article.published_precision, _source(article)) == ("day", "dateline")


def test_pubdate_day_first_dateline_year_from_given_year(resources: CleaningResources) -> None:
    article = _clean(resources, f"PARIS, 3 Jan (AFP) -- {BODY}\n{BODY2}", published="2007")
    assert (article.published, article.published_precision) == ("2007-01-03", "day")


@pytest.mark.parametrize(
    ("line", "published", "author"),
    [
        ("By Jana Novak, Reuters | October 9, 2019", "2019-10-09", "Jana Novak"),
        ("By Jana Novak on October 9, 2019 at 4:19 PM", "2019-10-09T16:19", "Jana Novak"),
        ("By Jana Novak - 9 October 2019", "2019-10-09", "Jana Novak"),
        ("Kenya elections | October 9, 2019", None, None),  # a section and a date: no by-line, not the article's date line
        ("By Jana Novak, Election special | October 9, 2019", None, None),  # an unknown segment beside the by-line
    ],
)
def test_pubdate_byline_date_line(resources: CleaningResources, line: str, published: str | None, author: str | None) -> None:
    article = _clean(resources, "\n".join([TITLE, line, BODY, BODY2]))
    assert (article.published, article.author) == (published, author)
    if published:
        assert _source(article) == "dump:date line" and line not in article.text


@pytest.mark.parametrize(
    ("line", "credited"),
    [("By The Associated Press | Oct 9, 2019", "Associated Press"), ("By Reuters | Posted: Oct 9, 2019", "Reuters"), ("By AFP", "AFP")],
)
def test_metadata_agency_byline_is_credited_not_the_author(resources: CleaningResources, line: str, credited: str) -> None:
    article = _clean(resources, "\n".join([TITLE, line, BODY, BODY2]))
    assert article.author is None and credited in article.credited
    assert line not in article.text
