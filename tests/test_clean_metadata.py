"""Metadata read from page-dump lines: labels, datelines, outlets, credits."""

from __future__ import annotations

from detente.clean.metadata import add_credits, extract_metadata, find_credits
from detente.resources import CleaningResources


def _meta(text: str, resources: CleaningResources):
    lines = text.split("\n")
    meta = extract_metadata(lines, resources.metadata)
    body = "\n".join(line for index, line in enumerate(lines) if index not in meta.consumed)
    add_credits(meta, body, lines, resources.metadata)
    return meta


def test_metadata_label_on_same_line(resources: CleaningResources) -> None:
    meta = _meta("Body line one.\nSource: Balkan Wire\nAuthor: Jana Novak", resources)
    assert (meta.outlet, meta.author) == ("Balkan Wire", "Jana Novak")
    assert meta.consumed == {1: "metadata:outlet", 2: "metadata:author"}


def test_metadata_label_on_line_before_value(resources: CleaningResources) -> None:
    meta = _meta("Body.\nDate\n2019.03.04 / 08:15\nAuthor\nexample.az\nSee also", resources)
    assert meta.published == "2019-03-04T08:15"
    assert meta.author == "example.az" and meta.outlet == "example.az"  # a domain is the site itself
    assert set(meta.consumed) == {1, 2, 3, 4}


def test_metadata_by_line(resources: CleaningResources) -> None:
    meta = _meta("By Maria Lopez and John Smith\nThe talks resumed.", resources)
    assert meta.author == "Maria Lopez and John Smith" and meta.consumed == {0: "metadata:author"}


def test_metadata_unparseable_date_label_not_consumed(resources: CleaningResources) -> None:
    meta = _meta("Date\nsoon", resources)
    assert meta.published is None and meta.consumed == {}


def test_metadata_dateline_alone_names_outlet(resources: CleaningResources) -> None:
    meta = _meta("\nAnkara - Anadolu:\nTurkey said on Tuesday it had summoned the envoy.", resources)
    assert (meta.dateline, meta.outlet) == ("Ankara", "Anadolu")
    assert meta.consumed == {1: "metadata:dateline"}


def test_metadata_dateline_prefix_credits_agency(resources: CleaningResources) -> None:
    meta = _meta("KYIV, Feb 3 (Reuters) - Ukraine said on Friday it had received new air defences.", resources)
    assert meta.dateline == "Kyiv" and "Reuters" in meta.credited and meta.consumed == {}


def test_metadata_tass_style_dateline(resources: CleaningResources) -> None:
    meta = _meta("MOSCOW, July 10. /TASS/. The Kremlin will not comment on the summit, its spokesman said.", resources)
    assert meta.dateline == "Moscow" and meta.credited == ["TASS"]


def test_metadata_menu_line_is_not_a_dateline(resources: CleaningResources) -> None:
    assert _meta("News - World: latest headlines", resources).dateline is None


def test_metadata_outlet_reports_citing_line(resources: CleaningResources) -> None:
    meta = _meta("Body.\nNewsSite.az reports citing Interfax.", resources)
    assert meta.outlet == "NewsSite.az" and meta.credited == ["Interfax"]
    assert meta.consumed == {1: "metadata:outlet"}


def test_credits_known_only_for_ambiguous_phrases(resources: CleaningResources) -> None:
    text = "According to Peskov, talks stalled. According to Reuters, they resume soon. Officials told Politico more."
    assert find_credits(text, resources.metadata) == ["Reuters", "Politico"]


def test_credits_agency_phrase_accepts_unknown_names(resources: CleaningResources) -> None:
    text = "as quoted by the Novaya Wire agency. In a report, Daily Ledger cited two officials."
    assert find_credits(text, resources.metadata) == ["Novaya Wire", "Daily Ledger"]


# --- validation: a title is a title, an outlet a publisher, an author a person ---------

import pytest  # noqa: E402

from detente.clean.validate import check_author, check_outlet, check_title  # noqa: E402


@pytest.mark.parametrize(
    "line",
    [
        "| Reprints | Single Page |",
        "E-mail this to a friend",
        "Share this article",
        "Home | World | Europe | Politics",
        "Daily Ledger",  # the site name
        "Print this page",
        "Subscribe",
        "By Jana Novak | Updated: Oct 9, 2019",
        "https://example.com/news/world/talks-resume",
        "Jana Novak @jnovak",
        "Daily Ledger on Facebook",
        "",
    ],
)
def test_title_menu_widget_and_site_lines_refused(resources: CleaningResources, line: str) -> None:
    assert check_title(line, resources.metadata.checks, ("Daily Ledger",)) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ministers agree to draft border treaty", "Ministers agree to draft border treaty"),
        ("Search for missing climbers ends in the Alps", "Search for missing climbers ends in the Alps"),
        ("Talks resume in Geneva - Daily Ledger", "Talks resume in Geneva"),
        ("Talks resume in Geneva | Daily Ledger", "Talks resume in Geneva"),
        ("Breaking news: Russia suspends its mission to NATO", "Breaking news: Russia suspends its mission to NATO"),
    ],
)
def test_title_real_headlines_kept(resources: CleaningResources, line: str, expected: str) -> None:
    assert check_title(line, resources.metadata.checks, ("Daily Ledger",)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Reuters", "Reuters"),
        ("Daily Ledger", "Daily Ledger"),
        ("axar.az", "axar.az"),
        ("https://www.example.com/world/", None),
        ("www.example.com/news", None),
        ("Russia says it will suspend its NATO mission", None),
        ("Kremlin warns West over sanctions after talks", None),
        ("local news", None),
        ("新华社", "新华社"),
        ("", None),
    ],
)
def test_outlet_is_a_publisher_name(resources: CleaningResources, value: str, expected: str | None) -> None:
    assert check_outlet(value, resources.metadata.checks, resources.metadata.media) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Jana Novak", "Jana Novak"),
        ("By Maria Lopez and John Smith", "Maria Lopez and John Smith"),
        ("Hassan Khazaal", "Hassan Khazaal"),
        ("Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("Владимир Соловьёв", "Владимир Соловьёв"),
        ("Bashar al-Assad", "Bashar al-Assad"),
        ("JANA NOVAK", "JANA NOVAK"),
        ("jana novak", None),
        ("Username", None),
        ("Link Copied", None),
        ("Axar.az", None),
        ("Reuters Staff", None),
        ("admin", None),
        ("Xinhua News Agency", None),
        ("john123", None),
        ("", None),
    ],
)
def test_author_is_a_persons_name(resources: CleaningResources, value: str, expected: str | None) -> None:
    assert check_author(value, resources.metadata.checks) == expected


def test_invalid_fields_left_empty_in_articles(resources: CleaningResources) -> None:
    from detente.clean import clean_document
    from detente.records import Article, RawDoc

    body = (
        "The foreign ministers of the two countries met in the capital on Tuesday to discuss a new border agreement, "
        "officials said after the talks, and agreed to continue negotiations next month in the same city."
    )
    html = (
        "<html><head><title>| Reprints | Single Page |</title><meta name='author' content='Link Copied'>"
        f"<meta property='og:site_name' content='https://news.example.com/'></head><body><article><p>{body}</p><p>{body}</p>"
        "</article></body></html>"
    )
    article = clean_document(RawDoc(source="t.html", format="html", html=html), resources)
    assert isinstance(article, Article)
    assert (article.title, article.author, article.outlet) == (None, None, None)


def test_invalid_dump_outlet_left_empty_without_a_source(resources: CleaningResources) -> None:
    from detente.clean import clean_document
    from detente.records import Article, RawDoc

    body = (
        "The foreign ministers of the two countries met in the capital on Tuesday to discuss a new border agreement, "
        "officials said after the talks, and agreed to continue negotiations next month in the same city."
    )
    text = f"{body}\nSource: https://news.example.com/world/2019/talks\nAuthor: Username\n{body.replace('Tuesday', 'Monday')}"
    article = clean_document(RawDoc(source="t.txt", format="text", text=text), resources)
    assert isinstance(article, Article)
    assert (article.outlet, article.author) == (None, None)
    assert [item.field for item in article.metadata_sources if item.field in ("outlet", "author")] == []


def test_html_title_falls_back_to_og_title_then_h1(resources: CleaningResources) -> None:
    from detente.clean import clean_document
    from detente.records import Article, RawDoc

    body = (
        "The foreign ministers of the two countries met in the capital on Tuesday to discuss a new border agreement, "
        "officials said after the talks, and agreed to continue negotiations next month in the same city."
    )
    paragraphs = f"<p>{body}</p><p>{body.replace('Tuesday', 'Monday')}</p>"
    site = "<meta property='og:site_name' content='Daily Ledger'>"
    og = "<meta property='og:title' content='Ministers agree to draft border treaty'>"
    pages = {
        "og:title": f"<html><head><title>Daily Ledger</title>{site}{og}</head><body><article>{paragraphs}</article></body></html>",
        "h1": f"<html><head><title>| Reprints | Single Page |</title></head><body><h1>Border treaty talks resume</h1><article>{paragraphs}</article></body></html>",
    }
    found = {}
    for name, html in pages.items():
        article = clean_document(RawDoc(source=name, format="html", html=html), resources)
        assert isinstance(article, Article)
        found[name] = (article.title, [item.source for item in article.metadata_sources if item.field == "title"])
    assert found["og:title"][0] == "Ministers agree to draft border treaty"  # trafilatura itself prefers og:title
    assert found["h1"][0] == "Border treaty talks resume"  # trafilatura's title or our h1 fallback


def test_heading_candidates_og_title_then_first_h1() -> None:
    from detente.clean.htmlmeta import heading_candidates, parse_html

    html = "<html><head><meta property='og:title' content=' Talks  resume '></head><body><h1>First</h1><h1>Second</h1></body></html>"
    assert heading_candidates(parse_html(html)) == [("Talks resume", "html:og:title"), ("First", "html:h1")]
    assert heading_candidates(parse_html("")) == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINE_PARTS = st.sampled_from(
    ["Published:", "Updated", "By", "Jana Novak", "|", "Oct 9, 2019", "09:31", "4:19 PM", "01-08-2008", "25/07/2008",
     "MOSCOW, Oct 18 (Reuters) -", "TODAY'S PAPER", "Source:", "Date", "2018.07.10 / 15:52", "talks resumed", "\u00a9 2008"]
)  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(_LINE_PARTS, max_size=6).map(" ".join), max_size=12))
def test_metadata_property_dates_are_valid_and_evidenced(resources: CleaningResources, lines: list[str]) -> None:
    from datetime import date

    meta = extract_metadata(lines, resources.metadata)
    assert all(0 <= index < len(lines) for index in meta.consumed)
    if meta.published:
        date.fromisoformat(meta.published[:10])  # a real calendar day
        assert meta.published_evidence and set(meta.published_evidence.split()) <= set(" ".join(lines).split())
        assert meta.published[:4] in meta.published_evidence
