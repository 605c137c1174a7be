"""Publication dates only from evidence of the article's own date, at the precision it holds.

Each case of the trust-the-cleaner issue: copyright years, script text and link URLs are
never evidence; a year alone is year precision; day/month order follows the page;
datelines with and without a year; visible "Updated:" and "Created:" lines; clock
times are not dates; a site's "today" header loses to the article's date.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean import clean_document
from detente.clean.dates import find_dates, numeric_order
from detente.clean.htmldates import parse_stated
from detente.clean.pubdate import StatedPublished, resolve_dateline_day
from detente.records import Article, PublishedInterval, RawDoc
from detente.resources import CleaningResources

TITLE = "Ministers agree to draft border treaty"
BODY = (
    "The foreign ministers of the two countries met in the capital on Tuesday to discuss a new border agreement, "
    "officials said after the talks. Both sides described the meeting as constructive and agreed to continue "
    "negotiations next month, when experts will draft the text of a treaty on trade and transit."
)
BODY2 = (
    "Diplomats from both delegations said they expected the treaty to be signed before the end of the year, "
    "although several questions about customs duties and the status of disputed islands remain open."
)


def _html(head: str = "", after: str = "", inside: str = "") -> str:
    return (
        f"<html><head><title>{TITLE}</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{TITLE}</h1>{inside}<p>{BODY}</p><p>{BODY2}</p></article>{after}</body></html>"
    )


def _clean(resources: CleaningResources, text: str | None = None, html: str | None = None, **given: str) -> Article:
    raw = RawDoc(source="test", format="html" if html else "text", text=text, html=html, given=given)
    article = clean_document(raw, resources)
    assert isinstance(article, Article), article
    return article


def _source(article: Article) -> tuple[str, str] | None:
    found = [(item.source, item.evidence) for item in article.metadata_sources if item.field == "published"]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("case", "html"),
    [
        ("copyright year", _html(after="<footer>Copyright \u00a9 2008 Example Daily News. All rights reserved.</footer>")),
        ("script comment", _html(after="<script>// build 2019-08-20 12:00\nvar stamp = '2019-08-20';</script>")),
        ("sidebar URL", _html(after="<aside><a href='https://example.com/2016/05/12/other.html'>Other story, May 12, 2016</a></aside>")),
        ("date in the text", _html(inside="<p>The first treaty was signed on March 3, 2001 in Geneva by both sides.</p>")),
    ],
)
def test_published_html_without_own_date_stays_undated(resources: CleaningResources, case: str, html: str) -> None:
    article = _clean(resources, html=html)
    assert (article.published, article.published_precision) == (None, None), case


def test_published_html_time_element_is_year_month_day(resources: CleaningResources) -> None:
    article = _clean(resources, html=_html(inside='<time datetime="2016-10-04 09:30:00" pubdate>4 Oct</time>'))
    assert (article.published, article.published_precision) == ("2016-10-04T09:30", "day")
    assert _source(article) == ("html:time[pubdate]", "2016-10-04 09:30:00")


def test_published_html_json_ld_wins_over_modified(resources: CleaningResources) -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2016-10-06", "datePublished": "2016-10-04T09:30:00+02:00"}</script>'
    article = _clean(resources, html=_html(head=ld))
    assert article.published == "2016-10-04T09:30" and _source(article) == ("html:json-ld datePublished", "2016-10-04T09:30:00+02:00")


@pytest.mark.parametrize(
    ("page_dates", "expected"),
    [("Posted 25-07-2008", "2008-08-01"), ("Posted 07-25-2008", "2008-01-08"), ("", None)],
)
def test_published_day_month_order_from_the_page(resources: CleaningResources, page_dates: str, expected: str | None) -> None:
    html = _html(head='<meta name="date" content="01-08-2008">', after=f"<aside><p>{page_dates}</p></aside>")
    assert _clean(resources, html=html).published == expected


def test_published_year_only_is_year_precision(resources: CleaningResources) -> None:
    article = _clean(resources, html=_html(head='<meta name="date" content="2008">'))
    assert (article.published, article.published_precision) == ("2008", "year")
    given = _clean(resources, text=f"{BODY}\n{BODY2}", published="2008")
    assert (given.published, given.published_precision) == ("2008", "year")


@pytest.mark.parametrize(
    ("opening", "published", "dateline"),
    [
        ("ISLAMABAD, Nov. 13, 2006 (Xinhua) -- ", "2006-11-13", "Islamabad"),
        ("MOSCOW, Oct 18 (Reuters) - ", None, "Moscow"),
        ("BRUSSELS, Jan 12 - ", None, "Brussels"),
        ("BEIJING, Nov. 14(Xinhua)-- ", None, "Beijing"),
    ],
)
def test_published_from_dateline(resources: CleaningResources, opening: str, published: str | None, dateline: str) -> None:
    article = _clean(resources, text=f"{opening}{BODY}\n{BODY2}")
    assert (article.published, article.dateline) == (published, dateline)
    if published:
        assert article.published_precision == "day" and _source(article)[0] == "dateline"


def test_published_dateline_year_from_coarser_evidence(resources: CleaningResources) -> None:
    article = _clean(resources, text=f"MOSCOW, Oct 18 (Reuters) - {BODY}\n{BODY2}", published="2006")
    assert (article.published, article.published_precision) == ("2006-10-18", "day")
    assert "year from given" in _source(article)[1]


def test_dateline_year_from_a_closed_interval_only() -> None:
    one_year = PublishedInterval("2006-10-02", "2006-12-01", [])
    assert resolve_dateline_day("Oct 18", [], one_year) == StatedPublished("2006-10-18", "day", "dateline", "Oct 18 (year from the interval 2006-10-02 .. 2006-12-01)")
    assert resolve_dateline_day("Oct 18", [], PublishedInterval("2006-10-02", None, [])) is None  # an open interval fixes nothing
    assert resolve_dateline_day("Oct 18", [], PublishedInterval("2005-01-02", "2006-12-01", [])) is None  # two Oct 18s


@pytest.mark.parametrize(
    ("lines", "published", "source"),
    [
        (["Example News", TITLE, "By Jana Novak | Updated: Oct 9, 2019, 11:05 IST"], "2019-10-09T11:05", "dump:label updated"),
        ([TITLE, "Created: Wednesday, 09 Jan 2008"], "2008-01-09", "dump:label created"),
        ([TITLE, "09:31 August 20, 2019"], "2019-08-20T09:31", "dump:date line"),
        (["Thursday, December 3, 2026", "Home | World | Business", TITLE, "Published: Oct 9, 2019"], "2019-10-09", "dump:label published"),
        (["Thursday, December 3, 2026", TITLE, "09:31 August 20, 2019"], "2019-08-20T09:31", "dump:date line"),
        ([TITLE, "Published: 12 May 2019 | Updated: 14 May 2019"], "2019-05-12", "dump:label published"),
    ],
)
def test_published_visible_date_lines(resources: CleaningResources, lines: list[str], published: str, source: str) -> None:
    article = _clean(resources, text="\n".join([*lines, BODY, BODY2]))
    assert (article.published, article.published_precision) == (published, "day")
    assert _source(article)[0] == source
    assert article.title in (TITLE, None)  # never the date or byline line (which line is the title is lines.py's call)


def test_published_clock_time_is_not_a_date(resources: CleaningResources) -> None:
    article = _clean(resources, text="\n".join([TITLE, "4:19 PM", BODY, BODY2]))
    assert article.published is None
    assert find_dates("4:19 PM") == []
    (mention,) = find_dates("Oct 9, 2019, 4:19 PM")
    assert mention.iso() == "2019-10-09T16:19"


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("2016-10-04 09:30:00", None, ("2016-10-04T09:30", "day")),
        ("20161004", None, ("2016-10-04", "day")),
        ("2016-10", None, ("2016-10", "month")),
        ("2016", None, ("2016", "year")),
        ("04/10/2016", None, None),
        ("04/10/2016", True, ("2016-10-04", "day")),
        ("04/10/2016", False, ("2016-04-10", "day")),
        ("Tue, 04 Oct 2016 09:30:00 GMT", None, ("2016-10-04T09:30", "day")),
        ("soon", None, None),
    ],
)
def test_parse_stated_values(value: str, day_first: bool | None, expected: tuple[str, str] | None) -> None:
    assert parse_stated(value, day_first) == expected


@pytest.mark.parametrize(("text", "order"), [("25-07-2008", True), ("07/25/2008", False), ("01-08-2008", None), ("25.07.2008 07/25/2008", None)])
def test_numeric_order_from_unambiguous_dates(text: str, order: bool | None) -> None:
    assert numeric_order(text) is order


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789 :/-.,APMapm", max_size=40))
def test_published_parse_never_invents_from_digits_alone(value: str) -> None:
    parsed = parse_stated(value)
    if parsed:  # whatever is read must be a date written in the value, not a guess
        assert parsed[0][:4] in value


def test_published_html_list_of_other_stories_is_not_evidence(resources: CleaningResources) -> None:
    items = ", ".join(f'{{"@type": "NewsArticle", "datePublished": "2019-0{month}-11"}}' for month in (3, 4, 5))
    ld = f'<script type="application/ld+json">{{"@type": "ItemList", "itemListElement": [{items}]}}</script>'
    assert _clean(resources, html=_html(head=ld)).published is None
    teasers = "".join(f'<li><time pubdate datetime="2019-0{month}-11">x</time> Other story</li>' for month in (3, 4))
    assert _clean(resources, html=_html(after=f"<aside><ul>{teasers}</ul></aside>")).published is None


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_html_dates_never_raise_on_any_text(text: str) -> None:
    from detente.clean.htmldates import html_dates

    for found in html_dates(text, {"date": 0}):
        assert found.precision in ("year", "month", "day") and found.iso[:4] in found.evidence


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_validators_never_raise_and_return_part_of_the_value(resources: CleaningResources, text: str) -> None:
    from detente.clean.validate import check_author, check_outlet, check_title
    checks = resources.metadata.checks
    normalised = " ".join(text.split())
    for result in (check_title(text, checks), check_outlet(text, checks), check_author(text, checks)):
        assert result is None or result in normalised


def test_published_http_equiv_date_is_the_servers_not_the_articles(resources: CleaningResources) -> None:
    article = _clean(resources, html=_html(head='<meta http-equiv="date" content="Tue, 04 Oct 2016 09:30:00 GMT">'))
    assert article.published is None


@pytest.mark.parametrize(("other", "expected"), [("25-07-2008", "2008-08-01"), ("07-25-2008", "2008-01-08"), ("", None)])
def test_published_dump_day_month_order_from_the_page(resources: CleaningResources, other: str, expected: str | None) -> None:
    lines = [TITLE, "Published: 01-08-2008", BODY, f"{BODY2} The first round was held on {other or 'an earlier date'} in Vienna."]
    assert _clean(resources, text="\n".join(lines)).published == expected


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        ('<time class="entry-date published" datetime="2018-03-05T10:00:00+00:00">March 5</time>', "2018-03-05T10:00"),
        ('<p class="byline">By Jana Novak, <time datetime="2018-03-05">5 March</time></p>', "2018-03-05"),
        ('<time datetime="2018-03-05">5 March</time><p>Earlier: <time datetime="2017-11-20">20 Nov</time></p>', None),
    ],
)
def test_published_html_time_elements_of_the_article(resources: CleaningResources, inside: str, expected: str | None) -> None:
    assert _clean(resources, html=_html(inside=inside)).published == expected


def test_published_html_sidebar_time_is_not_evidence(resources: CleaningResources) -> None:
    html = _html(after='<aside><h3>Related</h3><time datetime="2018-03-05">5 March</time> Another story</aside>')
    assert _clean(resources, html=html).published is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["TODAY'S PAPER", "Wednesday, 20th November 2019", TITLE], None),
        (["Today: Thursday, December 3, 2026", TITLE], None),
        (["TODAY'S PAPER", "Wednesday, 20th November 2019", TITLE, "Published: 18 November 2019"], "2019-11-18"),
        ([TITLE, "Publish date:", "Nov 18, 2019"], "2019-11-18"),
    ],
)
def test_published_site_today_date_is_not_the_articles(resources: CleaningResources, lines: list[str], expected: str | None) -> None:
    assert _clean(resources, text="\n".join([*lines, BODY, BODY2])).published == expected


@pytest.mark.parametrize("value", ["1970-01-01T00:00:00Z", "1900-01-01"])
def test_published_placeholder_days_are_no_dates(resources: CleaningResources, value: str) -> None:
    assert _clean(resources, text=f"{BODY}\n{BODY2}", published=value).published is None
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{value}"}}</script>'
    assert _clean(resources, html=_html(head=ld)).published is None


@pytest.mark.parametrize(
    ("lines", "published", "source"),
    [
        ([TITLE, "Date: 2008"], "2008", "dump:label date"),
        ([TITLE, "Posted: 2008"], "2008", "dump:label posted"),
        ([TITLE, "By Jana Novak | Posted: 2008"], "2008", "dump:label posted"),
        ([TITLE, "Date:", "2008"], "2008", "dump:label date"),
        ([TITLE, "Date: 2008", "Updated: Oct 9, 2008"], "2008-10-09", "dump:label updated"),  # refined by a later day of that year
        ([TITLE, "Posted: 2008 elections"], None, None),
        ([TITLE, "Date: 2008 and 2009"], None, None),
    ],
)
def test_published_year_only_label_is_year_precision(
    resources: CleaningResources, lines: list[str], published: str | None, source: str | None
) -> None:
    article = _clean(resources, text="\n".join([*lines, BODY, BODY2]))
    assert article.published == published
    footer = _clean(resources, text="\n".join([TITLE, BODY, BODY2, "Copyright © 2008 Example News"]))
    assert footer.published is None  # a copyright year is not a stated date
    if published is None:
        assert article.published_precision is None
        return
    assert article.published_precision == ("year" if len(published) == 4 else "day")
    assert _source(article)[0] == source
    assert "2008" not in article.text  # the label line is metadata, not body


@pytest.mark.parametrize(("value", "year"), [("2008", 2008), ("1999 | World", 1999), ("2008 elections", None), ("20081", None), ("Oct 2008", None)])
def test_lone_year(value: str, year: int | None) -> None:
    from detente.clean.dates import lone_year

    found = lone_year(value)
    assert (found.year if found else None) == year
    if found:
        assert (found.iso(), found.precision, found.day) == (str(year), "year", None)
