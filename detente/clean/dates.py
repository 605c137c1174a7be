"""Explicit calendar dates in text ("October 7, 2021", "2018.07.10 / 15:52", "In March 2018").

A small, fast regex scanner: the cleaner runs it on every article, and later the event
dater reuses it. Each mention keeps its character span and what it states (a partial
date keeps its precision: "July 13th" has no year, "March 2018" no day). Nothing is
guessed here; resolving a year-less date against a reference date is the caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# The lookahead lets the scanner skip, in one step, positions no month name starts at.
_MONTH = r"(?=[ADFJMNOSadfjmnos])(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_AMPM = r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\b\.?)?"
_TIME = r"(?:,?\s*(?:[/\u2013\u2014|-]\s*)?(?:at\s+)?(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)" + _AMPM + r")?"
# "09:31 August 20, 2019" / "4:19 PM, Oct. 9, 2019": a clock time before a full date
_LEADING_TIME = r"(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)" + _AMPM + r"(?:\s*[A-Z]{2,4}\b)?,?\s+(?:[A-Z][a-z]+day,?\s+)?"

_PATTERNS = [
    re.compile(r"\b" + _LEADING_TIME + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _LEADING_TIME + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[./](?P<month>[01]?\d)[./](?P<day>[0-3]?\d)\b" + _TIME),
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b" + _TIME),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?" + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r"\b)?" + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),
    # 18/12/2021, 12/18/2021, 01-08-2008: read only when one number cannot be a month,
    # or when the caller knows the site's order (`day_first`)
    re.compile(r"\b(?P<first>[0-3]?\d)(?P<sep>[/-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b" + _TIME),
]
_WITHOUT_LEADING_CLOCK = _PATTERNS[2:]  # the first two need a ":"
_NUMERIC = re.compile(r"\b(?P<first>[0-3]?\d)([/.-])(?P<second>[0-3]?\d)\2(?:19|20)\d\d\b")


@dataclass(frozen=True)
class DateMention:
    """A date written in the text; missing parts are None."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    hour: int | None = None
    minute: int | None = None

    @property
    def precision(self) -> str:
        """"day", "month" (no day), or "day-no-year" when the year must be inferred."""
        if self.day is None:
            return "month"
        return "day" if self.year is not None else "day-no-year"

    def iso(self) -> str | None:
        """ISO 8601 at the mention's own precision, or None without a year."""
        if self.year is None:
            return None
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        return text


@dataclass(frozen=True)
class YearMention:
    """A year stated alone where a date is expected ("Date: 2008", "Posted: 2008"): it says
    the year and nothing finer, so it is read at year precision, never as a day."""

    start: int
    end: int
    text: str
    year: int
    month: None = None
    day: None = None
    hour: None = None
    minute: None = None

    @property
    def precision(self) -> str:
        return "year"

    def iso(self) -> str:
        return f"{self.year:04d}"


# A year at the start of a labelled value, with nothing after it but an end or a separator
# ("2008", "2008 | World"): "2008 elections" or "2008 and 2009" are not a stated date.
_LONE_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)(?=\s*(?:$|[|\u2022\u00b7]))")


def lone_year(value: str) -> YearMention | None:
    """The year a labelled value states alone (see `YearMention`), or None."""
    match = _LONE_YEAR.match(value)
    return YearMention(match.start(), match.end(), match.group(), int(match.group("year"))) if match else None


_DIGIT = re.compile(r"\d")


def find_dates(text: str, day_first: bool | None = None) -> list[DateMention]:
    """All valid explicit dates in `text`, left to right, without overlaps.

    A numeric date whose day and month could be swapped ("01-08-2008") is read only
    when `day_first` says the site's order (see `numeric_order`); otherwise it is skipped.
    """
    if not _DIGIT.search(text):  # every pattern needs a digit; most paragraphs have none
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS if ":" in text else _WITHOUT_LEADING_CLOCK:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _mention(match, day_first)
            if mention:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def numeric_order(text: str) -> bool | None:
    """Whether the numeric dates of a page put the day first, from those that cannot be read
    both ways ("25/07/2008" is day-first, "07/25/2008" month-first); None if they disagree
    or none settles it. A site writes all its dates one way, so this decides "01-08-2008".
    """
    votes = set()
    for match in _NUMERIC.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        if first > 12 >= second >= 1:
            votes.add(True)
        elif second > 12 >= first >= 1:
            votes.add(False)
    return votes.pop() if len(votes) == 1 else None


def _mention(match: re.Match[str], day_first: bool | None = None) -> DateMention | None:
    parts = match.groupdict()
    if parts.get("first"):
        first, second = int(parts["first"]), int(parts["second"])
        if (first > 12) == (second > 12):
            if first > 12 or day_first is None:
                return None  # 05/06/2021 is May 6 or June 5: refuse to guess
            first_is_day = day_first
        else:
            first_is_day = first > 12
        parts["day"], parts["month"] = (parts["first"], parts["second"]) if first_is_day else (parts["second"], parts["first"])
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
    day = int(parts["day"]) if parts.get("day") else None
    year = int(parts["year"]) if parts.get("year") else None
    if not _valid(year, month, day):
        return None
    if month_text.lower() == "may" and day is None and year is None:
        return None
    hour = int(parts["hour"]) if parts.get("hour") else None
    minute = int(parts["minute"]) if parts.get("minute") else None
    hour = _clock_hour(hour, parts.get("ampm"))
    if hour is None:
        minute = None
    return DateMention(match.start(), match.end(), match.group(0), year, month, day, hour, minute)


def _clock_hour(hour: int | None, ampm: str | None) -> int | None:
    """24-hour clock hour: "4:19 PM" is 16, "12:05 AM" is 0; impossible hours are dropped."""
    if hour is None:
        return None
    if ampm:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if ampm.lower() == "p" else 0)
    return hour if hour <= 23 else None


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays possible
    except ValueError:
        return False
    return True
