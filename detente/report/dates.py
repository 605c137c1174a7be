"""Dates at their precision: how the report prints them and which chart period holds them.

A date known only to the month ("2021-10", precision "month") is the whole month, not its
first day: it prints as "October 2021" and falls in a chart period only if the period
holds the whole month.
"""

from __future__ import annotations

import calendar
import datetime as dt

PRECISIONS = ("day", "month", "year")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def precision_of(date: str | None, precision: str | None) -> str | None:
    """The precision of `date`: the stated one, else read from the string's shape."""
    if not date:
        return None
    if precision in PRECISIONS:
        return precision
    size = len(date.strip())
    if size >= 10:
        return "day"
    if size >= 7:
        return "month"
    if size >= 4:
        return "year"
    return None


def date_span(date: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day `date` may stand for, or None when it is missing or unreadable."""
    level = precision_of(date, precision)
    if not date or level is None:
        return None
    text = date.strip()
    try:
        year = int(text[:4])
        if level == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(text[5:7])
        if level == "month":
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        return None


def format_date(date: str | None, precision: str | None) -> str:
    """ "7 October 2021", "October 2021", "2021" or "date unknown"; an unreadable date as given."""
    level = precision_of(date, precision)
    span = date_span(date, precision)
    if not date:
        return "date unknown"
    if span is None:
        return date.strip()
    first = span[0]
    if level == "year":
        return str(first.year)
    if level == "month":
        return f"{_MONTH_NAMES[first.month - 1]} {first.year}"
    return f"{first.day} {_MONTH_NAMES[first.month - 1]} {first.year}"


def precision_note(date: str | None, precision: str | None) -> str | None:
    """ "month" or "year" when the date is coarser than a day (shown as "(month)"), else None."""
    level = precision_of(date, precision)
    if date and level in ("month", "year") and date_span(date, precision) is not None:
        return level
    return None


def period_end(start: dt.date, period: str) -> dt.date | None:
    """The first day after the period of length `period` starting on `start` (None if unknown)."""
    if period == "day":
        return start + dt.timedelta(days=1)
    if period == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}.get(period)
    if months is None:
        return None
    return _add_months(start, months)


def _add_months(start: dt.date, months: int) -> dt.date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def bucket_index(date: str | None, precision: str | None, starts: list[str], period: str) -> int | None:
    """Which period (index into `starts`) wholly holds `date` at its precision, or None.

    None for an undated item, and for one whose date is coarser than the periods (a date
    known to the month, with weekly periods): it is counted in the series, but the chart
    does not pretend to know its day.
    """
    span = date_span(date, precision)
    if span is None:
        return None
    for index, start_text in enumerate(starts):
        bounds = date_span(start_text, None)
        if bounds is None:
            continue
        start = bounds[0]
        end = period_end(start, period)
        if end is None:
            return None
        if start <= span[0] and span[1] < end:
            return index
    return None
