"""An HTML page's visible, labelled date line ("Posted: Jan 5, 2008") dates it even where
trafilatura leaves that line out of the extracted text; only the article's own blocks count."""

from __future__ import annotations

import pytest

from detente.clean import clean_document
from detente.clean.htmldates import html_dates
from detente.records import Article, RawDoc
from detente.resources import CleaningResources

from tests.test_clean_published import BODY, BODY2, TITLE  # the shared sample article


def _html(inside: str = "", after: str = "") -> str:
    return (f"<html><head><title>{TITLE}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{TITLE}</h1>{inside}<p>{BODY}</p><p>{BODY2}</p></article>{after}</body></html>")


def _clean(resources: CleaningResources, html: str) -> Article:
    article = clean_document(RawDoc(source="test", format="html", html=html), resources)
    assert isinstance(article, Article), article
    return article


@pytest.mark.parametrize(
    ("inside", "published", "source"),
    [
        ('<p class="meta">Posted: Jan 5, 2008</p>', "2008-01-05", "html:text label posted"),
        ('<div class="meta">Created: Wednesday, 09 Jan 2008</div>', "2008-01-09", "html:text label created"),
        ('<div class="meta"><span>By Jana Novak</span> | <span>Updated: Oct 9, 2019, 11:05 IST</span></div>', "2019-10-09T11:05",
         "html:text label updated"),
    ],
)
def test_pubdate_html_visible_labelled_date(resources: CleaningResources, inside: str, published: str, source: str) -> None:
    article = _clean(resources, _html(inside=inside, after="<footer>Copyright \u00a9 2007 Example Daily</footer>"))
    assert (article.published, article.published_precision) == (published, "day")
    assert next(item.source for item in article.metadata_sources if item.field == "published") == source


def test_pubdate_html_sidebar_and_teaser_labels_are_not_the_articles(resources: CleaningResources) -> None:
    sidebar = "<aside><ul><li><p>Other story</p><p>Posted: Jan 5, 2008</p></li></ul></aside>"
    assert _clean(resources, _html(after=sidebar)).published is None
    teasers = "<ul><li>Posted: Jan 5, 2008</li><li>Posted: Feb 9, 2008</li></ul>"  # several days: other stories
    assert _clean(resources, _html(inside=teasers)).published is None


def test_pubdate_html_visible_label_needs_a_date_right_after_it() -> None:
    page = _html(inside="<p>Posted by Jana Novak on a rainy day in 2008</p><p>Updated with reactions</p>")
    assert html_dates(page, {}) == []


def test_pubdate_dump_list_of_posted_days_dates_nothing(resources: CleaningResources) -> None:
    lines = [TITLE, BODY, BODY2, "More stories", "Posted: Jan 5, 2008", "Posted: Feb 9, 2008"]
    article = clean_document(RawDoc(source="test", format="text", text="\n".join(lines)), resources)
    assert isinstance(article, Article) and article.published is None
    same_year = clean_document(RawDoc(source="test", format="text", text="\n".join([TITLE, "Date: 2008", "Date: Oct 9, 2008", BODY, BODY2])), resources)
    assert isinstance(same_year, Article) and same_year.published == "2008-10-09"  # a year and a day of it agree
