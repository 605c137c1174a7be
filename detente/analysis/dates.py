"""Partial dates as spans of days, the periods of a series, and readable date labels.

A date keeps its precision everywhere in detente ("2021-10", precision "month"). Analysis turns
it into the span of days it may stand for: a month-precision date is every day of its month, so
it is compatible with any of them, but it is never silently pinned to one day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "interval": 3}  # lower is more precise
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class DateSpan:
    """The days a partial date may stand for, inclusive, and its precision."""

    start: date
    end: date
    precision: str

    @property
    def iso(self) -> str:
        """The date as written at its precision ("2021-10-18", "2021-10", "2021")."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return self.start.isoformat()[:4]
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """A readable label that shows an imprecise date as such: "2021-10 (month)"."""
        if self.precision == "day":
            return self.iso
        if self.precision == "interval":
            return f"{self.start.isoformat()} to {self.end.isoformat()} (interval)"
        return f"{self.iso} ({self.precision})"

    def overlaps(self, other: DateSpan, window_days: int = 0) -> bool:
        """True when the two spans, each widened by `window_days` on both sides, touch."""
        return (self.start.toordinal() - window_days <= other.end.toordinal()
                and other.start.toordinal() - window_days <= self.end.toordinal())


def parse_date(value: str | None, precision: str | None = None) -> DateSpan | None:
    """The span of an ISO 8601 date, or None when there is no readable date.

    An interval "2021-10-01/2021-10-05" (as `DateSpan.iso` writes one) is read back as one.

    `precision` may make a date coarser than it is written ("2021-10-01" at "month" is October);
    when missing it is read from the number of components. Times and zones are ignored.
    """
    if not value:
        return None
    if "/" in value:
        earliest, _, latest = value.partition("/")
        return interval_span(earliest, latest)
    match = _ISO.match(value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    written = "day" if day else "month" if month else "year"
    precision = precision if precision in ("day", "month", "year") else written
    if PRECISION_RANK[precision] < PRECISION_RANK[written]:
        precision = written
    try:
        if precision == "day":
            single = date(year, month, day)  # type: ignore[arg-type]
            return DateSpan(single, single, "day")
        if precision == "month":
            return DateSpan(date(year, month, 1), _month_end(year, month), "month")  # type: ignore[arg-type]
        return DateSpan(date(year, 1, 1), date(year, 12, 31), "year")
    except ValueError:
        return None


def interval_span(earliest: str | None, latest: str | None) -> DateSpan | None:
    """The span of a publication interval; a missing bound takes the other one's value."""
    low = parse_date(earliest)
    high = parse_date(latest)
    if low is None and high is None:
        return None
    low = low or high
    high = high or low
    assert low is not None and high is not None
    if high.end < low.start:
        low, high = high, low
    if low.precision == high.precision == "day" and low.start == high.start:
        return low  # an interval of one day is that day
    return DateSpan(low.start, high.end, "interval")


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def period_of(day: date, freq: str) -> tuple[str, date]:
    """The key ("2021-10-18", "2021-W42", "2021-10", "2021") and first day of `day`'s period."""
    if freq == "day":
        return day.isoformat(), day
    if freq == "week":
        iso_year, week, weekday = day.isocalendar()
        return f"{iso_year}-W{week:02d}", day - timedelta(days=weekday - 1)
    if freq == "month":
        return day.isoformat()[:7], day.replace(day=1)
    if freq == "year":
        return day.isoformat()[:4], day.replace(month=1, day=1)
    raise ValueError(f"unknown frequency {freq!r}: use day, week, month or year")


def fits_period(span: DateSpan, freq: str) -> bool:
    """Whether a date of this precision can be counted in one period of `freq` without guessing."""
    if span.precision == "day":
        return True
    if span.precision == "month":
        return freq in ("month", "year")
    if span.precision == "year":
        return freq == "year"
    return period_of(span.start, freq)[0] == period_of(span.end, freq)[0]
