"""The publication-date evaluation: wrong intervals are counted apart from missing ones, and
the year-given run shows whether a year-less dateline is read (the withheld run cannot)."""

from __future__ import annotations

import pytest

from detente.evaluation import pubdates
from detente.evaluation.dates import METRICS, _fold_items
from detente.evaluation.folds import FOLDS, fold_of
from detente.evaluation.scoring import score

BODY = ("Passengers on the shipping line between the two ports will top half a million this year, the local "
        "transport authority said on Monday, as more tourists use the route during the winter season.")


def test_interval_holds_with_open_ends() -> None:
    assert pubdates.interval_holds({"earliest": "2005-10-01", "latest": None}, "2005-11-14")
    assert pubdates.interval_holds({"earliest": None, "latest": "2005-11-14"}, "2005-11-14T09:30")
    assert not pubdates.interval_holds({"earliest": "2009-11-01", "latest": None}, "1989-10-30")


def test_counts_keep_wrong_intervals_apart_from_missing_ones() -> None:
    records = [{"id": f"r{number}", "published": "2005-11-14"} for number in range(4)]
    found = {1: {"published": None, "published_interval": {"earliest": "2005-01-01"}},
             2: {"published": None, "published_interval": {"earliest": "2009-01-01"}},
             3: {"published": None},
             4: {"published": "2005-11-14"}}
    total = pubdates._counts(records, found)["total"]
    assert (total["none"], total["right_day"], total["interval_holds"], total["interval_excludes"]) == (3, 1, 1, 1)


def test_interval_metrics_coverage_and_wrong_claims() -> None:
    folds = [{"right_day": 0, "right_coarse": 0, "none": 4, "wrong": 0, "interval_holds": 1, "interval_excludes": 1}] + [
        {"right_day": 0, "right_coarse": 0, "none": 2, "wrong": 0, "interval_holds": 1, "interval_excludes": 0}] * 4
    results = {result.metric.name: result for result in score(_fold_items("wire", "pub_", folds, pubdates.OUTCOMES), METRICS)}
    assert results["undated_interval_holds"].overall == pytest.approx(5 / 12)  # coverage: of all undated stories
    assert results["undated_interval_wrong"].overall == pytest.approx(1 / 6)  # of the intervals given
    assert results["undated_interval_wrong"].worst == pytest.approx(0.5)


def test_year_given_run_places_a_yearless_dateline() -> None:
    records = [{"id": "XIN_1", "title": "Ferry line passengers", "published": "2005-11-14",
                "text": f"BEIJING, Nov. 14 (Xinhua) -- {BODY}\n\n{BODY}"},
               {"id": "XIN_2", "title": "Ferry line passengers again", "published": "2006-03-02",
                "text": f"The port authority said so. {BODY}\n\nOfficials added that the winter timetable stays."}]
    withheld = pubdates._counts(records, pubdates._run_withheld(records))["total"]
    year_given = pubdates._counts(records, pubdates._run_withheld(records, given_year=True))["total"]
    assert (withheld["none"], withheld["right_day"]) == (2, 0)  # no year stated: nothing invented
    assert (year_given["right_day"], year_given["right_coarse"], year_given["wrong"]) == (1, 1, 0)
    assert len(pubdates._counts(records, {})["folds"]) == FOLDS and fold_of("XIN_1") in range(FOLDS)
