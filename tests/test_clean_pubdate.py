"""Estimated publication intervals from past and future dated mentions."""

from __future__ import annotations

import pytest

from detente.clean.pubdate import estimate_interval


def test_pubdate_past_and_future_bound_the_article() -> None:
    text = (
        "The number of staff was cut to 20, and on March 3, 2022 to ten.\n"
        "The minister said the measures will take effect on April 1."
    )
    interval = estimate_interval(text)
    assert interval is not None
    assert (interval.earliest, interval.latest) == ("2022-03-03", "2022-04-01")
    assert len(interval.evidence) == 2 and interval.evidence[0].startswith("past:")


def test_pubdate_month_precision_past_gives_month_start() -> None:
    interval = estimate_interval("In September 2021, the two generals met in Helsinki.")
    assert interval is not None and interval.earliest == "2021-09-01" and interval.latest is None


def test_pubdate_bare_year_is_not_evidence() -> None:
    assert estimate_interval("The alliance confirmed the deployment in 2017 of four battalions.") is None


def test_pubdate_no_dates_no_interval() -> None:
    assert estimate_interval("Officials met on Friday and agreed to talk again.") is None


def test_pubdate_yearless_future_needs_a_lower_bound() -> None:
    assert estimate_interval("The ban will come into force on November 1.") is None


def test_pubdate_modal_date_is_no_lower_bound() -> None:
    assert estimate_interval("The country could be sanctioned in February 2007, the report said.") is None


def test_pubdate_deadline_is_an_upper_bound() -> None:
    interval = estimate_interval("An initial party of monitors would arrive by mid-January 2007, he said.")
    assert interval is None or interval.earliest is None


def test_pubdate_ahead_of_is_future() -> None:
    interval = estimate_interval("He defected to the rival party ahead of the April 2007 elections.")
    assert interval is not None and (interval.earliest, interval.latest) == (None, "2007-04-30")


def test_pubdate_verb_after_a_comma_belongs_to_the_next_clause() -> None:
    text = "The three countries, who were invited to join in Madrid in July 1997, will officially join on March 12."
    interval = estimate_interval(text)
    assert interval is not None and interval.earliest == "1997-07-01"


def test_pubdate_yearless_future_far_from_the_lower_bound_is_no_bound() -> None:
    text = "They were invited to join in Madrid in July 1997.\nThe three countries will officially join on March 12."
    assert estimate_interval(text).latest is None


def test_dateline_year_never_from_a_guessed_bound() -> None:
    from detente.clean.pubdate import resolve_dateline_day
    from detente.records import PublishedInterval

    guessed = PublishedInterval("1998-02-01", "1998-03-12", ["past: ...", "future: ... (year from the lower bound)"])
    assert resolve_dateline_day("February 26", [], guessed) is None


@pytest.mark.parametrize(
    "text",
    [
        "The company sold $200 million of 9% notes due March 15, 2007, priced at par.",
        "The bonds, maturing Nov. 1, 2009, were priced to yield 8.5%.",
        "The notes mature Nov. 1, 2009 and were offered through an underwriting group.",
        "The licence, which expires on June 30, 2010, was granted yesterday.",
        "The issue has a maturity date of Nov. 1, 2009, the bank said.",
    ],
)
def test_pubdate_term_date_is_no_bound(text: str) -> None:
    # a contract's end is set long before or after the story: "priced"/"granted" must not make it a past date
    assert estimate_interval(text) is None


def test_pubdate_scheduled_due_date_and_due_to_keep_their_tense() -> None:
    assert estimate_interval("The final report is due on March 3, 2005, officials said.").latest == "2005-03-03"
    assert estimate_interval("Flights were cancelled due to the storm on March 3, 2005.").earliest == "2005-03-03"


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        ("The deaths bring the number of US fatalities in Iraq since the March 2003 invasion to 2,944.", "2003-03-01"),
        ("Ever since April 1997, experimental direct sailing between the two ports has been run.", "1997-04-01"),
        ("It will be the first rate rise since June 2004, analysts expect.", "2004-06-01"),
    ],
)
def test_pubdate_since_a_date_is_a_past_date(text: str, earliest: str) -> None:
    interval = estimate_interval(text)
    assert interval is not None and (interval.earliest, interval.latest) == (earliest, None)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("On Jan. 2, 2001, the passenger shipping line between the two island ports opened to direct traffic.", ("2001-01-02", None)),
        ("In March 2008, the new parliament will convene for the first time.", (None, "2008-03-31")),
    ],
)
def test_pubdate_fronted_date_takes_the_verb_after_its_comma(text: str, bounds: tuple[str | None, str | None]) -> None:
    interval = estimate_interval(text)
    assert interval is not None and (interval.earliest, interval.latest) == bounds
