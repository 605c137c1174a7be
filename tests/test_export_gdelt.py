"""GDELT export: GDELT 2.0 column names, one row per unique event, dates only at their precision."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from detente.export import GDELT_COLUMNS, Reported, fips_code, gdelt_row, neutralise, write_gdelt_csv
from tests.test_store_events import NATO, RUS, _event


def _reported(**changes: object) -> Reported:
    values = dict(event_id="0123456789abcdef0123", mentions=3, sources=2, articles=2, first_published="2021-10-18", url="https://example.org/a", in_lead=True)
    values.update(changes)
    return Reported(**values)  # type: ignore[arg-type]


def test_gdelt_has_the_61_columns_of_the_event_table() -> None:
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE") and GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert "Actor2Type3Code" in GDELT_COLUMNS and "ActionGeo_ADM2Code" in GDELT_COLUMNS


def test_month_precision_is_never_written_as_a_day() -> None:
    row = gdelt_row(_event("e1", RUS, NATO), _reported())
    assert row["SQLDATE"] == "" and row["FractionDate"] == ""
    assert row["MonthYear"] == "202110" and row["Year"] == "2021"


def test_actor_event_and_count_fields() -> None:
    row = gdelt_row(_event("e1", RUS, NATO), _reported())
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor2Code"], row["Actor2KnownGroupCode"]) == ("RUSGOV", "RUS", "IGOWSTNAT", "NAT")
    assert row["Actor2CountryCode"] == ""
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("161", "161", "16", 4, -4.0)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"], row["IsRootEvent"]) == (3, 2, 2, 1)
    assert row["ActionGeo_CountryCode"] == "BE" and row["ActionGeo_Type"] == 4  # FIPS, as GDELT
    assert row["DATEADDED"] == "20211018000000" and row["GLOBALEVENTID"] == int("0123456789abcde", 16)


def test_fips_codes_differ_from_iso_where_gdelt_expects_it() -> None:
    assert (fips_code("RUS"), fips_code("DEU"), fips_code("GBR"), fips_code("XXX")) == ("RS", "GM", "UK", "")


def test_written_csv_has_header_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "gdelt.csv"
    assert write_gdelt_csv([gdelt_row(_event("e1", RUS, NATO), _reported())], path) == 1
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == GDELT_COLUMNS and rows[0]["EventCode"] == "161"


@pytest.mark.parametrize("url", ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_neutralised(tmp_path: Path, url: str) -> None:
    path = tmp_path / "gdelt.csv"
    row = gdelt_row(_event("e1", RUS, NATO), _reported(url=url))
    row["GoldsteinScale"] = -4.0  # a negative number stays a number
    write_gdelt_csv([row], path)
    with open(path, newline="", encoding="utf-8") as handle:
        (written,) = list(csv.DictReader(handle))
    assert written["SOURCEURL"] == "'" + url and written["GoldsteinScale"] == "-4.0"
    assert neutralise("https://example.org/a") == "https://example.org/a" and neutralise(-1) == -1


def test_export_onto_a_folder_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_gdelt_csv([], tmp_path)
    assert list(tmp_path.iterdir()) == []
