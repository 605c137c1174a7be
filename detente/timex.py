"""Event dates: resolve a sentence's temporal expressions against the publication date.

A news sentence dates its event relative to the article ("on Monday", "last month") or
absolutely ("October 6, 2021", "in 2014"). Each expression is resolved to an *interval*
of days and reported at the finest precision that holds the whole interval: "last week"
(seven days in one month) becomes a month, "on October 6" with a publication date known
only to the year (it could be 2020 or 2021) becomes nothing at all. This is how the
module keeps its promise never to invent a date: a precision is only claimed when every
reading the text allows agrees on it.

Expressions without a year, weekdays and relative words are resolved backwards from the
publication date (the most recent Monday on or before it) unless the expression itself
points forward ("next Monday", "tomorrow") or the verb it depends on is future ("will
suspend ... from November 1"): the nearest tense cue before the expression decides, else
the verbs after it (outside a relative aside), else the caller's `future` flag. A weekday
may be the publication day itself either way ("will meet Monday" in a Monday story: wire
copy names that day instead of writing "today"). A day without its year whose tense no
auxiliary or speech verb fixes ("payable Dec. 7", "until March 6") is the nearer of the two
readings when only one lies within half a year: news writes the year of a farther day; a
caller that knows the act is done (`past`) reads such a day backwards instead. Holidays named
alone ("on Christmas Day", "after Thanksgiving") are days like "on December 25"; their names and
days are in `data/lang/en/holidays.yaml`.

Some expressions count from another date than the publication date: "two days later", "a year
earlier", "the previous day" count from the date named before them in the sentence, else from the
story's last named date the caller passes (`narrative`), else ("earlier", "previous", and "the
next ..." in a sentence about the future) from the publication date. Some are dates of no
precision at all, so that the publication day does not date their event either: an accounting
period ("the third quarter", "fiscal 1989"), a span of years ("from 1995 to 1997", "in 1997-98";
never "in 2003 - 12 people" nor a slashed date), a time counted from an event ("two days after
the vote").

The grammar is a handful of precompiled regular expressions with month and weekday names
from `calendar` (English, capitalised as in edited prose); `event_date` runs on every event
sentence and costs some tens of microseconds.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

__all__ = ["ANCHORED_KINDS", "TimeExpression", "best_expression", "event_date", "find_time_expressions", "parse_published",
           "since_value"]

DAY, MONTH, YEAR = "day", "month", "year"


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression in a sentence: `text` is `sentence[start:end]`.

    `value`/`precision` are the resolved ISO date and its precision ("2021-10-06", "day"), or
    None when the expression cannot be resolved (a weekday with no publication date). `kind`
    names the grammar rule that matched; `relation` the preposition that introduced it ("on",
    "since", "until", ...) or None; `forward` whether it was resolved forwards in time; `span`
    the first and last day it may mean, also when no precision holds them ("from 1995 to 1997").
    """

    text: str
    start: int
    end: int
    value: str | None
    precision: str | None
    kind: str
    relation: str | None = None
    forward: bool = False
    span: tuple[date, date] | None = None


# --- vocabulary -------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number]] = _number
    _MONTHS[calendar.month_abbr[_number]] = _number
    if calendar.month_abbr[_number] != calendar.month_name[_number]:
        _MONTHS[calendar.month_abbr[_number] + "."] = _number
_MONTHS["Sept"] = _MONTHS["Sept."] = 9
_WEEKDAYS = {calendar.day_name[number]: number for number in range(7)}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_NUMBERS = {"a": 1, "an": 1, **_UNITS, "ten": 10, "eleven": 11, "twelve": 12}
# Northern-hemisphere meteorological seasons: first month and length in months.
_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}

_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}
_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TWO_DIGITS = ("(?:(?:" + "|".join(_TENS_WORDS) + ")(?:[-\\s]+(?:" + _UNIT_WORDS + "))?|" + "|".join(_TEENS)
               + "|oh[-\\s]+(?:" + _UNIT_WORDS + "))")
# "nineteen ninety-one", "eighteen hundred", "two thousand", "two thousand and one"
_SPOKEN_YEAR = ("(?i:(?:nineteen|eighteen)[-\\s]+(?:hundred|" + _TWO_DIGITS + ")|two\\s+thousand(?:\\s+(?:and\\s+)?(?:"
                + _TWO_DIGITS + "|" + _UNIT_WORDS + "))?)")
_MONTH = "(?P<mon>" + "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True)) + r")(?!\w)"
_WEEKDAY = "(?P<wd>" + "|".join(_WEEKDAYS) + r")(?:'s)?\b"
_ORD = r"(?:st|nd|rd|th)?"
_DAYNUM = r"(?P<day>[12]\d|3[01]|0?[1-9])" + _ORD
_RANGE_END = r"(?:\s*(?:-|–|—|to|and)\s*(?:[12]\d|3[01]|0?[1-9])" + _ORD + r")?"
_YEARNUM = r"(?P<year>(?:1[0-9]|20|21)\d\d)(?![\d,.]\d|\w|%)"
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_NUMBER_WORD = (r"(?P<n>\d{1,3}|a\s+few|a\s+couple\s+of|several|(?:" + "|".join(_TENS) + r")(?:[-\s](?:"
                + "|".join(_UNITS) + "))?|" + "|".join(_NUMBERS) + ")")
# "more than a year ago", "nearly two weeks ago": no precise date.
_APPROXIMATE = re.compile(r"(?i:\b(?:more\s+than|over|nearly|almost|at\s+least|less\s+than|under|about|around"
                          r"|roughly|some|up\s+to)\s+$)")
_MOD_REQUIRED = (r"(?P<mod>(?i:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)"
                 r"\s+of))(?:\s+|-)")
_MOD = "(?:" + _MOD_REQUIRED + ")?"


@dataclass(frozen=True)
class _HolidayRule:
    """When a holiday falls in a year: a fixed day of `month`, or its `nth` `weekday` (-1 the last)."""

    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int = 1
    easter: int | None = None  # days from (Western) Easter Sunday: -2 Good Friday, 1 Easter Monday
    not_after: tuple[str, ...] = ()  # lowercase words right before the name that make it no day ("in the")

    def on(self, year: int) -> date | None:
        """The holiday's day in `year`, or None when that year has no such day."""
        if self.easter is not None:
            return _easter(year) + timedelta(days=self.easter)
        if self.day is not None:
            return date(year, self.month, self.day) if self.day <= calendar.monthrange(year, self.month)[1] else None
        if self.weekday is None:
            return None
        days = [day for day in range(1, calendar.monthrange(year, self.month)[1] + 1)
                if date(year, self.month, day).weekday() == self.weekday]
        return date(year, self.month, days[self.nth - 1 if self.nth > 0 else self.nth]) if len(days) >= abs(self.nth) else None


def _easter(year: int) -> date:
    """Western Easter Sunday of `year` (the Gregorian computus, Meeus/Jones/Butcher)."""
    golden, century, rest = year % 19, year // 100, year % 100
    leap_centuries, century_rest = divmod(century, 4)
    moon = (19 * golden + century - leap_centuries - (8 * century + 13) // 25 + 15) % 30
    leap_years, year_rest = divmod(rest, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - moon - year_rest) % 7
    shift = (golden + 11 * moon + 19 * weekday) // 433
    month = (moon + weekday - 7 * shift + 90) // 25
    return date(year, month, (moon + weekday - 7 * shift + 33 * month + 19) % 32)


def _load_holidays(data: dict[str, Any]) -> dict[str, _HolidayRule]:
    """The holiday names of `data/lang/en/holidays.yaml` (see its header) and their rules: read
    once at import, as the month and weekday names are, into an immutable table."""
    table: dict[str, _HolidayRule] = {}
    for entry in data.get("holidays") or ():
        weekday = entry.get("weekday")
        rule = _HolidayRule(int(entry.get("month", 0)), int(entry["day"]) if entry.get("day") is not None else None,
                            _WEEKDAYS[str(weekday)] if weekday else None, int(entry.get("nth", 1)),
                            int(entry["easter"]) if entry.get("easter") is not None else None,
                            tuple(str(words).lower() for words in entry.get("not_after") or ()))
        for name in entry.get("names") or ():
            table[str(name)] = rule
    return table


def _holiday_words(data: dict[str, Any], key: str) -> frozenset[str]:
    """One of holidays.yaml's word lists (`followers`, `openers`), lower-cased."""
    return frozenset(str(word).lower() for word in data.get(key) or ())


def _holiday_data() -> dict[str, Any]:
    """holidays.yaml from the package data only: read at import, as the month and weekday names
    are, so a run's extra data files do not reach it (the grammar is compiled from its names)."""
    from detente.resources import load_data

    return load_data("lang/en/holidays.yaml")


_HOLIDAY_DATA = _holiday_data()
_HOLIDAYS = _load_holidays(_HOLIDAY_DATA)
_HOLIDAY = "(?P<hol>" + "|".join(sorted((re.escape(name) for name in _HOLIDAYS), key=len, reverse=True)) + r")(?![-\w'’])"
# What may follow a holiday's name when it names the day, not another thing (holidays.yaml's
# `followers`); after a whole "... Day" or "... Eve" also a participle ("was found Thanksgiving Day
# clinging to ...").
_HOLIDAY_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_HOLIDAY_FOLLOWERS = _holiday_words(_HOLIDAY_DATA, "followers")
# Capitalised words that may open a sentence right before a holiday's name ("On Christmas Day, ...";
# holidays.yaml's `openers`).
_HOLIDAY_OPENERS = _holiday_words(_HOLIDAY_DATA, "openers")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        # 2021-10-06; 06.10.2021 (day first: slashed dates are too ambiguous to read)
        ("iso", r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
        ("dotted", r"\b(?P<day>0?[1-9]|[12]\d|3[01])\.(?P<month>0?[1-9]|1[0-2])\.(?P<year>\d{4})\b"),
        # (Wednesday,) October 6(th)(-8)(, 2021)
        ("month_day", r"\b(?:" + _WEEKDAY.replace("?P<wd>", "?:") + r",?\s+)?" + _MONTH + r"\s+" + _DAYNUM
         + r"\b" + _RANGE_END + r"(?:,?\s+" + _YEARNUM + r")?(?!\s*(?:%|per\b))"),
        # (the) 6(th)(-8) (of) October( 2021)
        ("day_month", r"\b(?:" + _WEEKDAY.replace("?P<wd>", "?:") + r",?\s+)?(?:the\s+)?" + _DAYNUM
         + r"(?:\s*(?:-|–|—|to|and)\s*(?:[12]\d|3[01]|0?[1-9])" + _ORD + r")?\s+(?:of\s+)?" + _MONTH
         + r"(?:,?\s+" + _YEARNUM + ")?"),
        # (early/last/next) October (of) (2021)
        ("month", r"\b(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?" + _MOD + _MONTH
         + r"(?:\s+of\s+(?P<yrel>(?i:last|next|this))\s+year\b|,?\s+(?:of\s+)?"
         + _YEARNUM + ")?"),
        # "in 1997-98", "from 1995 to 1997", "between 1992 and 2001": a span of years, which no single
        # year holds (so it dates nothing), not its first year. A two-digit last year only straight
        # after a dash or slash ("In 2003 - 12 people died" is 2003); never a slashed date ("2003/04/05")
        ("year_range", r"(?:\b(?P<prep>(?i:between))\s+(?P<year>(?:1[0-9]|20|21)\d\d)\s+and\s+"
         r"|\b(?:(?P<prep2>(?i:in|from|during|through|throughout))\s+)?(?P<year2>(?:1[0-9]|20|21)\d\d)"
         r"\s*(?:-|–|—|/|\s(?i:to|until|through)\s)\s*)(?P<last>(?:1[0-9]|20|21)\d\d|(?<=[-–—/])\d\d)"
         r"(?![\d,.]\d|\w|%|[-–/]\d)"),
        # in/since/by ... 2014; the end of 2020; the year 2014
        ("year", r"(?:\b(?P<prep>(?i:in|since|from|by|during|until|till|through|throughout|before|after))(?:\s+|-)"
         r"(?:(?i:the\s+year)\s+)?|\b(?i:the\s+year)\s+|\b" + _MOD_REQUIRED
         + r"|(?<=\d\d\d\d and )|(?<=\d\d\d\d or )|(?<=\d\d\d\d, and ))" + _YEARNUM),
        # a year in words, as broadcast transcripts write it: "in nineteen ninety-one", "the year two thousand"
        ("spoken_year", r"(?:\b(?P<prep>(?i:in|since|from|by|during|until|till|through|throughout|before|after))\s+"
         r"(?:(?i:the\s+year)\s+)?|\b(?i:the\s+year)\s+)(?P<spoken>" + _SPOKEN_YEAR + r")(?![-\w])(?![-\s]+(?i:years?|percent|per)\b)"),
        # "the 1994 act", "a 1975 coup", "its 2015 accord": a year naming a noun (dates that noun only)
        ("year_of", r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<year>(?:19|20)\d\d)(?=\s+[A-Za-z])"),
        # (last/next) Christmas, on Thanksgiving Day: a holiday's day (`data/lang/en/holidays.yaml`)
        ("holiday", r"\b(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?" + _HOLIDAY),
        # (last/this/next) Monday
        ("weekday", r"\b(?:(?P<rel>(?i:last|next|this|past|coming))\s+)?" + _WEEKDAY),
        ("relative_day", r"(?i:\b(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
         r"|today|tonight|tomorrow|last\s+night|earlier\s+today|later\s+today"
         r"|this\s+(?:morning|afternoon|evening))\b)"),
        ("period", r"(?i:\b(?P<rel>last|this|next|earlier\s+this|later\s+this|(?:the\s+)?(?:past|previous|coming))"
         r"\s+(?P<unit>week|weekend|month|year)\b)"),
        ("weekend", r"(?i:\b(?:over|at|on|during)\s+the\s+weekend\b)"),
        # "recently", "earlier this year" is a period: these say only "some time before"
        ("vague", r"(?i:\b(?:recently|lately|in\s+recent\s+(?:days|weeks|months|years))\b)"),
        ("ago", r"(?i:(?<![-\w])" + _NUMBER_WORD + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b)"),
        ("season", r"(?i:\b(?:(?P<rel>last|this|next|past|early|late|the)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
         r"(?:\s+(?:of\s+)?" + _YEARNUM + r")?\b)"),
        # "two days later", "a year earlier", "a week before.": counted from the date the sentence
        # (or the story) named last, not from the publication date ("before the vote" names an event)
        # ("days later", "weeks after": some days; "two days after the vote": counted from an event,
        # so dated to no precision)
        ("anchored", r"(?i:(?<![-\w])(?:" + _NUMBER_WORD + r"\s+)?(?P<unit>day|week|month|year)s?\s+"
         r"(?P<dir>earlier|later|before|after)\b(?P<open>(?!\s*(?:$|[,.;:!?)\"”’']|(?:and|but|when|as|in|at|on)\b)))?)"),
        # "the previous day", "the following week", "the next day", "the same day", "the day before."
        ("anchored_the", r"(?i:\bthe\s+(?:(?P<dir>previous|preceding|following|next|same)\s+(?P<unit>day|week|month|year)"
         r"|(?P<unit2>day)\s+(?P<dir2>before|after)(?=\s*(?:$|[,.;:!?)\"”’']|(?:and|but|when)\b)))\b)"),
        # "the year-earlier quarter", "year-ago results": the year before the one reported on
        ("year_earlier", r"(?i:\byear-(?:earlier|ago)\b)"),
        # "by year-end", "at the end of the year" (not a fiscal year's end)
        ("year_end", r"(?i:(?<!fiscal\s)\b(?:year[-\s]end|the\s+end\s+of\s+the\s+year)\b(?!-\w))"),
        # "in fiscal 1989", "the latest fiscal year", "in the third quarter", "the first half", "the
        # nine months": a company's or a government's accounting period, whose days (and often whose
        # year) the sentence does not say: dated, to no precision
        ("fiscal", r"(?i:\b(?:fiscal|financial)\s+(?:year\s+)?(?:(?:19|20)\d\d|'\d\d)\b|\b(?:fiscal|financial)[-\s]year\b"
         r"|\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|latest|last|current|previous|same|fiscal)\s+"
         r"(?:fiscal\s+)?quarter\b"
         r"|\bthe\s+(?:first|second)\s+half\b|\bthe\s+(?:first\s+)?(?:nine|six)\s+months\b)"),
        # on the 6th
        ("ordinal", r"\bon\s+the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)"
         r"(?=\s*(?:$|[,.;:!?)\"”’']|(?:of\s+(?:this|last|next|the)\s+month|at|when|and|but|in|as|after|before|while|with)\b))"),
    )
)

_KIND_OF = {pattern: kind for kind, pattern in _PATTERNS}

# A preposition just before an expression ("on Monday", "since 2014"): part of the evidence,
# and it says how the expression relates to the event.
_PREPOSITION = re.compile(r"\b(?i:(on|in|at|since|from|by|until|till|during|before|after|through|throughout|as\s+of))\s+$")
_RELATION_RANK = {None: 0, "on": 0, "in": 0, "at": 0, "from": 0, "during": 0, "as of": 0, "of": 0, "year": 0,
                  "since": 1, "through": 1, "throughout": 1, "after": 2, "by": 2, "until": 2, "till": 2, "before": 2}
# Words before a bare "May"/"March" that make it the month and not the verb.
_MONTH_CONTEXT = re.compile(
    r"\b(?i:in|of|since|from|until|till|by|during|through|early|mid|late|last|next|this|past|coming|and|or|to|between)"
    r"[\s-]+$")
_AMBIGUOUS_MONTHS = {"May", "March"}
# A capitalised word right before or after: the month or "Today" is part of a name.
_NAME_BEFORE = re.compile(r"\b[A-Z][\w.&'-]*\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_CLAUSE_BREAKS = (",", ";", ":", "(", ")", "—", " – ")
_FUTURE_CUE = re.compile(r"\b(?i:(?:will|shall|would|wo)(?:\s+not)?(?:\s+(?:be|have(?:\s+been)?))?"
                         r"|going\s+to|due\s+(?:to|in|on|for|by)|set\s+(?:to|for)|slated|is\s+to|are\s+to|plans?\s+to|planned"
                         r"|plans|intends?\s+to|takes?\s+effect|goes\s+into\s+effect"
                         r"|scheduled|expected\s+to|(?:un)?likely\s+to|poised\s+to|about\s+to|ready\s+to|upcoming|next)\b"
                         r"|'ll\b|’ll\b|n't\s+be\b")
_PAST_CUE = re.compile(r"\b(?:said|says|told|announced|was|were|had|has|have|did|held|met|took|made|came|went|began|saw"
                       r"|gave|sent|spoke|wrote|left|fled|struck|shot|hit|won|lost|fought|[a-z]{2,}ed)\b")
# A weekday right after a noun's "for" is the day something is set for ("a strike for Thursday").
_FOR_WEEKDAY = re.compile(r"\b[a-z]+\s+for\s+$")
_BARE_WEEKDAY = re.compile("(?:" + "|".join(_WEEKDAYS) + r")\b(?!['’]s)")  # not "for Thursday's attack"
_PUBLISHED = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Cheap tests that let most patterns skip a sentence that cannot match them.
_MONTH_NAME = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_WORD_GATES = {
    "relative_day": ("yesterday", "today", "tonight", "tomorrow", "last night", "this morning", "this afternoon",
                     "this evening"),
    "period": ("week", "month", "year"),
    "weekend": ("weekend",),
    "ago": (" ago",),
    "vague": ("recent", "lately"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "weekday": ("day",),
    "holiday": tuple(sorted({name.lower() for name in _HOLIDAYS})),
    "ordinal": ("on the ",),
    "spoken_year": ("nineteen", "eighteen", "thousand"),
    "anchored": ("earlier", "later", "before", "after"),
    "anchored_the": ("the previous", "the preceding", "the following", "the next", "the same", "the day"),
    "year_earlier": ("year-earlier", "year-ago"),
    "year_end": ("year end", "year-end", "end of the year"),
    "fiscal": ("fiscal", "financial year", "quarter", " half", " months"),
}
# Expressions counted from the date named before them ("two days later"), not from the publication date.
ANCHORED_KINDS = frozenset({"anchored", "anchored_the"})
_MONTH_KINDS = frozenset({"month_day", "day_month", "month"})
_NUMERIC_KINDS = frozenset({"iso", "dotted", "year", "year_of", "year_range"})


# --- publication date -------------------------------------------------------------------------

def parse_published(published: str | None) -> tuple[date, date, str] | None:
    """The interval of days a publication date stands for, and its precision.

    "2021-10-18T12:30:00+03:00" -> (Oct 18, Oct 18, "day"); "2021-10" -> (Oct 1, Oct 31,
    "month"); "2021" -> (Jan 1, Dec 31, "year"). The clock time and zone are ignored: a news
    date is the date printed on the article. An invalid month or day keeps the valid prefix.
    """
    if not published or not isinstance(published, str):
        return None
    if "/" in published:  # an interval "2021-10-07/2021-11-01": an undated article's estimated bounds
        first, _, last = published.partition("/")
        low, high = _parse_published(first), _parse_published(last)
        if low is None or high is None or low[0] > high[1]:
            return None
        return low[0], high[1], "interval"
    return _parse_published(published)


def _parse_published(published: str) -> tuple[date, date, str] | None:
    match = _PUBLISHED.match(published)
    if not match:
        return None
    year = int(match.group(1))
    if year < 1:
        return None
    month = int(match.group(2)) if match.group(2) else 0
    day = int(match.group(3)) if match.group(3) else 0
    if 1 <= month <= 12:
        last = calendar.monthrange(year, month)[1]
        if 1 <= day <= last:
            exact = date(year, month, day)
            return exact, exact, DAY
        return date(year, month, 1), date(year, month, last), MONTH
    return date(year, 1, 1), date(year, 12, 31), YEAR


def _format(low: date, high: date) -> tuple[str, str] | None:
    """The finest ISO date holding every day of [low, high], or None when no year does."""
    if low == high:
        return low.isoformat(), DAY
    if (low.year, low.month) == (high.year, high.month):
        return f"{low.year:04d}-{low.month:02d}", MONTH
    if low.year == high.year:
        return f"{low.year:04d}", YEAR
    return None


def since_value(start: str | None, published: str | None) -> tuple[str, str] | None:
    """The (ISO date, precision) of an act that runs from `start` to the publication date ("have
    killed 500 fighters since Wednesday"): the finest one holding every day between, or None
    when no year does or either end is unknown."""
    first, last = parse_published(start), parse_published(published)
    if first is None or last is None or last[1] < first[0]:
        return None
    return _format(first[0], last[1])


# --- resolution ---------------------------------------------------------------------------------

Interval = tuple[date, date]
# A resolver maps (reference day or None, forward?) to an interval of days, or None.
Resolver = Callable[[date | None, bool], Interval | None]


def _month_span(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class _Fixed:
    """The resolver of an absolute expression ("October 6, 2021"): the same days for any reference."""

    interval: Interval

    def __call__(self, ref: date | None, forward: bool) -> Interval:
        return self.interval


@dataclass(frozen=True)
class _MonthDay:
    """October 6 with no year: the latest on or before the reference day, or the next on or after.

    `nearest` is for a tense too weak to decide (no auxiliary or speech verb governs it):
    news writes the year of a day more than half a year away, so "payable Dec. 7" in an
    October story is this December and "until March 6" in January is this March."""

    month: int
    day: int

    def __call__(self, ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        step = 1 if forward else -1
        years = range(9)  # February 29 may be eight years away
        return _first_day_on_side(((ref.year + step * offset, self.month) for offset in years), self.day, ref, forward)

    def nearest(self, ref: date | None, forward: bool) -> Interval | None:
        chosen = self(ref, forward)
        if ref is None or (chosen is not None and abs((chosen[0] - ref).days) <= 183):
            return chosen
        other = self(ref, not forward)
        return other if other is not None and abs((other[0] - ref).days) <= 183 else chosen


@dataclass(frozen=True)
class _Holiday:
    """"on Christmas Day", "last Thanksgiving": the holiday's latest day on or before the
    reference day, or its next one on or after it; `nearest` as `_MonthDay.nearest` (the
    nearer of the two when a weak tense leaves it open and only one lies within half a year)."""

    rule: _HolidayRule

    def __call__(self, ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        step = 1 if forward else -1
        for offset in range(9):
            day = self.rule.on(ref.year + step * offset) if 1 <= ref.year + step * offset <= 9999 else None
            if day is not None and ((day >= ref) if forward else (day <= ref)):
                return day, day
        return None

    def nearest(self, ref: date | None, forward: bool) -> Interval | None:
        chosen = self(ref, forward)
        if ref is None or (chosen is not None and abs((chosen[0] - ref).days) <= 183):
            return chosen
        other = self(ref, not forward)
        return other if other is not None and abs((other[0] - ref).days) <= 183 else chosen


def _first_day_on_side(months: Iterable[tuple[int, int]], day: int, ref: date, forward: bool) -> Interval | None:
    """The `day` of the first (year, month) that has it and falls on or after `ref` (`forward`)
    or on or before it, as a one-day interval; None if none does."""
    for year, month in months:
        if not 1 <= year <= 9999 or day > calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if (candidate >= ref) if forward else (candidate <= ref):
            return candidate, candidate
    return None


def _month_resolver(month: int, rel: str | None, mod: str | None) -> Resolver:
    """"in October", "last October", "next March": a month of the reference year or a neighbour."""

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        year = ref.year
        if rel in ("last", "past"):
            year -= month >= ref.month
        elif rel in ("next", "coming"):
            year += month <= ref.month
        elif rel == "this":
            pass
        elif forward:
            year += month < ref.month
        else:
            year -= month > ref.month
        return _month_span(year, month)

    return resolve


def _year_month_resolver(month: int, step: int) -> Resolver:
    def resolve(ref: date | None, forward: bool) -> Interval | None:
        return None if ref is None else _month_span(ref.year + step, month)

    return resolve


def _weekday_resolver(weekday: int, rel: str | None) -> Resolver:
    """"on Monday": the latest Monday on or before the reference day (or the next one after)."""

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        if rel in ("next", "coming"):
            forward, strict = True, True
        elif rel in ("last", "past"):
            forward, strict = False, True
        else:
            # Wire style names the day instead of "today": "will meet Monday" in a story of a
            # Monday is that Monday, as "met Monday" is; only "next Monday" skips a week.
            strict = False
        if forward:
            delta = (weekday - ref.weekday()) % 7 or (7 if strict else 0)
            day = ref + timedelta(days=delta)
        else:
            delta = (ref.weekday() - weekday) % 7 or (7 if strict else 0)
            day = ref - timedelta(days=delta)
        return day, day

    return resolve


_DAY_OFFSETS = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
                "earlier today": 0, "later today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                "tomorrow": 1, "the day after tomorrow": 2}


def _offset_resolver(days: int) -> Resolver:
    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        day = ref + timedelta(days=days)
        return day, day

    return resolve


def _period_resolver(rel: str, unit: str) -> Resolver:
    """"last week", "earlier this month", "next year", "the past week", "last weekend"."""
    rel = " ".join(rel.lower().split())
    rolling = rel.startswith("the ") or rel in ("past", "coming")  # "the past week": the last seven days
    rel = rel.removeprefix("the ")
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        if unit == "weekend":
            return _weekend(ref, forward if step == 0 else step > 0)
        if rolling and step:
            length = {"week": 7, "month": 30, "year": 365}[unit]
            return (ref - timedelta(days=length), ref) if step < 0 else (ref, ref + timedelta(days=length))
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(days=7 * step)
            low, high = monday, monday + timedelta(days=6)
        elif unit == "month":
            low, high = _month_span(*_add_months(ref.year, ref.month, step))
        else:
            low, high = _year_span(ref.year + step)
        if rel == "earlier this":
            high = min(high, ref)
        elif rel == "later this":
            low = max(low, ref)
        return low, high

    return resolve


def _weekend(ref: date, forward: bool) -> Interval:
    """The weekend before the reference day (the one it falls in counts), or the next one."""
    if forward:
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7)
        return saturday, saturday + timedelta(days=1)
    if ref.weekday() == 6:
        return ref - timedelta(days=1), ref
    saturday = ref - timedelta(days=(ref.weekday() - 5) % 7 or 7)
    return saturday, saturday + timedelta(days=1)


def _ago_resolver(count: int, unit: str) -> Resolver:
    """"three days ago" is a day; "two weeks ago" a week around that day; months and years exact."""
    return _shift_resolver(-count, unit)


def _shift_resolver(delta: int, unit: str) -> Resolver:
    """`delta` units after (before, when negative) the reference day: "two days later" is a day,
    "a week earlier" a week around that day, "a year earlier" the whole year before."""

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        if unit == "day":
            day = ref + timedelta(days=delta)
            return day, day
        if unit == "week":
            middle = ref + timedelta(days=7 * delta)
            return middle - timedelta(days=3), middle + timedelta(days=3)
        if unit == "month":
            return _month_span(*_add_months(ref.year, ref.month, delta))
        return _year_span(ref.year + delta)

    return resolve


def _ago_range_resolver(low: int, high: int, unit: str, sign: int = -1) -> Resolver:
    """"a few days ago", "several months later": every day between the nearest and farthest reading."""
    nearest, farthest = _shift_resolver(sign * low, unit), _shift_resolver(sign * high, unit)

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        near, far = nearest(ref, forward), farthest(ref, forward)
        return None if near is None or far is None else (min(near[0], far[0]), max(near[1], far[1]))

    return resolve


@dataclass(frozen=True)
class _YearEnd:
    """"by year-end", "at the end of the year": the year whose end is the latest on or before the
    reference day, or the next one on or after it; `nearest` (a tense too weak to decide) takes
    the nearer end, as `_MonthDay` does: "expects to close by year-end" in October is this year."""

    def __call__(self, ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        if forward or ref == date(ref.year, 12, 31):
            return _year_span(ref.year)
        return _year_span(ref.year - 1)

    def nearest(self, ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        this_end, last_end = date(ref.year, 12, 31), date(ref.year - 1, 12, 31)
        return _year_span(ref.year if (this_end - ref) <= (ref - last_end) else ref.year - 1)


def _unresolvable(ref: date | None, forward: bool) -> Interval | None:
    return None


_UNRESOLVABLE: Resolver = _unresolvable


def _ordinal_resolver(day: int) -> Resolver:
    """"on the 6th": the 6th of the reference month, or of the month before (after) it."""

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        step = 1 if forward else -1
        return _first_day_on_side((_add_months(ref.year, ref.month, step * offset) for offset in range(13)), day, ref, forward)

    return resolve


def _season_span(year: int, season: str) -> Interval:
    first, length = _SEASONS[season]
    end_year, end_month = _add_months(year, first, length - 1)
    return date(year, first, 1), _month_span(end_year, end_month)[1]


def _season_resolver(season: str, rel: str | None) -> Resolver:
    """"last summer", "this spring": the season (northern hemisphere) relative to the reference day."""

    def resolve(ref: date | None, forward: bool) -> Interval | None:
        if ref is None:
            return None
        year = ref.year
        if rel in ("last", "past"):
            while _season_span(year, season)[1] >= ref:
                year -= 1
        elif rel == "next":
            while _season_span(year, season)[0] <= ref:
                year += 1
        elif rel == "this" or rel is None or rel == "the":
            if forward:
                while _season_span(year, season)[1] < ref:
                    year += 1
            else:
                while _season_span(year, season)[0] > ref:
                    year -= 1
        return _season_span(year, season)

    return resolve


def _resolver(kind: str, match: re.Match[str]) -> tuple[Resolver, bool | None] | None:
    """The resolver of one match, and its direction when the expression itself fixes it."""
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind in ("iso", "dotted"):
        month, day = int(groups["month"]), int(groups["day"])
        if year is None or not 1 <= year <= 9999 or day > calendar.monthrange(year, month)[1]:
            return None
        exact = date(year, month, day)
        return _Fixed((exact, exact)), None
    if kind in ("month_day", "day_month"):
        month, day = _MONTHS[groups["mon"]], int(groups["day"])
        if year is not None:
            if day > calendar.monthrange(year, month)[1]:
                return None
            exact = date(year, month, day)
            return _Fixed((exact, exact)), None
        if day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
            return None
        return _MonthDay(month, day), None
    if kind == "month":
        name = groups["mon"]
        rel = (groups.get("rel") or "").lower() or None
        if year is None and rel is None and not groups.get("mod") and not groups.get("yrel"):
            # A bare abbreviation ("Jan") or "May"/"March" needs a preposition before it.
            before = match.string[max(0, match.start() - 16):match.start()]
            if not _MONTH_CONTEXT.search(before) and (
                    name not in calendar.month_name or name in _AMBIGUOUS_MONTHS
                    or _NAME_AFTER.match(match.string, match.end()) or _NAME_BEFORE.search(before)):
                return None  # "May" the verb, "August Bebel", "Grace June"
        month = _MONTHS[name]
        if year is not None:
            return _Fixed(_month_span(year, month)), None
        if groups.get("yrel"):  # "March of next year"
            return _year_month_resolver(month, {"last": -1, "this": 0, "next": 1}[groups["yrel"].lower()]), None
        direction = {"last": False, "past": False, "next": True, "coming": True}.get(rel or "")
        return _month_resolver(month, rel, groups.get("mod")), direction
    if kind == "spoken_year":
        return _Fixed(_year_span(_spoken_year(groups["spoken"]))), None
    if kind == "year_range":
        year = int(groups["year"] or groups["year2"])
        last = groups["last"]
        last_year = int(last) if len(last) == 4 else year // 100 * 100 + int(last)
        if not year < last_year <= year + 50 or not 1 <= last_year <= 9999:
            return None  # "1997-94", "2,000-3,000": not a span of years
        return _Fixed((date(year, 1, 1), date(last_year, 12, 31))), None
    if kind == "year" and not groups.get("prep") and not groups.get("mod") and not match.group(0)[:1].isalpha() \
            and not _YEAR_LIST.search(match.string, max(0, match.start() - 40), match.start()):
        return None  # "1987 and 1988 champion": the second of two years no preposition introduced
    if kind in ("year", "year_of"):
        assert year is not None
        return _Fixed(_year_span(year)), None  # "late 2020" is still 2020
    if kind == "holiday":
        before = match.string[max(0, match.start() - 30):match.start()]
        named = _NAME_BEFORE.search(before)
        if named and named.group(0).split()[0].lower() not in _HOLIDAY_OPENERS:
            return None  # "Orthodox Christmas", "Merry Christmas", "Lunar New Year's": another day or no date
        if any(" ".join(before.lower().split()).endswith(words) for words in _HOLIDAYS[groups["hol"]].not_after):
            return None  # "in the New Year": some time after it, not the day
        following = _HOLIDAY_NEXT_WORD.match(match.string, match.end())
        if following and following.group(1) not in _HOLIDAY_FOLLOWERS and not (
                groups["hol"].endswith((" Day", " Eve")) and following.group(1).islower()
                and following.group(1).endswith(("ing", "ed"))):
            return None  # "Christmas Island", "the Christmas truce": another name, not the day
        rel = (groups.get("rel") or "").lower() or None
        return _Holiday(_HOLIDAYS[groups["hol"]]), {"last": False, "past": False, "next": True, "coming": True}.get(rel or "")
    if kind == "weekday":
        rel = (groups.get("rel") or "").lower() or None
        direction = {"last": False, "past": False, "next": True, "coming": True}.get(rel or "")
        return _weekday_resolver(_WEEKDAYS[groups["wd"]], rel), direction
    if kind == "relative_day":
        if match.group(0)[:1].isupper() and _NAME_BEFORE.search(match.string, max(0, match.start() - 40),
                                                                 match.start()):
            return None  # "Russia Today", "USA Today": part of a name
        offset = _DAY_OFFSETS[" ".join(groups["word"].lower().split())]
        return _offset_resolver(offset), offset > 0 if offset else None
    if kind == "period":
        rel, unit = groups["rel"], groups["unit"].lower()
        key = rel.lower().split()[-1]
        direction = {"last": False, "past": False, "previous": False, "next": True, "coming": True}.get(key)
        return _period_resolver(rel, unit), direction
    if kind == "weekend":
        return _period_resolver("this", "weekend"), None
    if kind == "ago":
        if _APPROXIMATE.search(match.string, max(0, match.start() - 16), match.start()):
            return _UNRESOLVABLE, False  # "more than a year ago": dated, but not to any precision
        words = " ".join(groups["n"].lower().split())
        low, high = {"a few": (2, 6), "a couple of": (2, 3), "several": (2, 9)}.get(words, (0, 0))
        if high:
            return _ago_range_resolver(low, high, groups["unit"].lower()), False
        return _ago_resolver(_number(words), groups["unit"].lower()), False
    if kind == "season":
        season = groups["season"].lower()
        rel = (groups.get("rel") or "").lower() or None
        if year is not None:
            return _Fixed(_season_span(year, season)), None
        if rel is None or (season == "fall" and rel in ("the", "early", "late")):
            return None  # "summer" alone is too vague; "the fall of Kabul" is not a season
        rel = "the" if rel in ("early", "late") else rel
        direction = {"last": False, "past": False, "next": True}.get(rel)
        return _season_resolver(season, rel), direction
    if kind in ANCHORED_KINDS:
        return _anchored_resolver(kind, match)
    if kind == "year_earlier":
        return _ago_resolver(1, "year"), False
    if kind == "year_end":
        return _YearEnd(), None
    if kind in ("vague", "fiscal"):
        return _UNRESOLVABLE, False  # dated, but to no precision: the event gets no date
    if kind == "ordinal":
        return _ordinal_resolver(int(groups["day"])), None
    return None


# "in 1987 and 1988": a year after another that a preposition introduced
_YEAR_LIST = re.compile(r"\b(?i:in|since|from|by|during|until|till|through|throughout|before|after)\s+(?:(?i:the\s+year)\s+)?"
                        r"(?:1[0-9]|20|21)\d\d,?\s+(?:and|or)\s+$")
# "over the next year", "for the following week": a duration, not a point
_DURATION_BEFORE = re.compile(r"(?i:\b(?:over|within|for|during|throughout|through)\s+$)")


def _anchored_resolver(kind: str, match: re.Match[str]) -> tuple[Resolver, bool | None] | None:
    """"two days later", "a year earlier", "the previous day", "the following week": a shift of
    the reference day, which `find_time_expressions` sets to the date named before them."""
    groups = match.groupdict()
    word = (groups.get("dir") or groups.get("dir2") or "").lower()
    unit = (groups.get("unit") or groups.get("unit2") or "").lower()
    if word == "same":
        return _offset_resolver(0), None
    later = word in ("later", "after", "following", "next")
    if later and _DURATION_BEFORE.search(match.string, max(0, match.start() - 16), match.start()):
        return None  # "over the next year"
    if kind == "anchored_the":
        if unit == "day":
            return _offset_resolver(1 if later else -1), later
        return _period_resolver("next" if later else "last", unit), later
    from_event = groups.get("open") is not None and word in ("before", "after")
    if from_event or _APPROXIMATE.search(match.string, max(0, match.start() - 16), match.start()):
        # "two days after the vote" (counted from an event), "more than a year later": dated, to no precision
        return _UNRESOLVABLE, False
    if groups.get("n") is None and word in ("before", "after"):
        return None  # "the day before", "years before" alone: too vague to be an expression
    words = " ".join((groups.get("n") or "several").lower().split())  # "days later": some days
    low, high = {"a few": (2, 6), "a couple of": (2, 3), "several": (2, 9)}.get(words, (0, 0))
    if high:
        return _ago_range_resolver(low, high, unit, 1 if later else -1), later
    count = _number(words)
    return _shift_resolver(count if later else -count, unit), later


def _spoken_year(text: str) -> int:
    """1991 from "nineteen ninety-one", 2000 from "two thousand", 2001 from "two thousand and one"."""
    words = [word for word in re.split(r"[-\s]+", text.lower()) if word and word != "and"]
    units = {word: number + 1 for number, word in enumerate(_UNIT_WORDS.split("|"))}
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        return 2000 + sum(_TENS_WORDS.get(word) or _TEENS.get(word) or units.get(word, 0) for word in rest)
    century = _TEENS[words[0]] * 100
    rest = words[1:]
    if rest == ["hundred"]:
        return century
    return century + sum(_TENS_WORDS.get(word) or _TEENS.get(word) or units.get(word, 0) for word in rest if word != "oh")


def _number(text: str) -> int:
    """1-999 from digits or English words ("seventy-four")."""
    words = text.lower().replace("-", " ").split()
    if words[0].isdigit():
        return int(words[0])
    return sum(_TENS.get(word) or _NUMBERS.get(word, 0) for word in words)


_WEAK_PAST = re.compile(r"[a-z]{2,}ed")
_SPEECH = re.compile(r"(?:said|says|told|announced)\b")
_SPEECH_REACH = 16  # characters from the speech verb's start: "said on Monday", "told reporters Friday"
# A relative clause set off by commas ("Trump, who will arrive in Brussels, said"): its verbs
# do not say when the main clause happens.
_ASIDE = re.compile(r",\s*(?:who|which|whose|whom|where)\b[^,]*,")


def _tense_cues(sentence: str) -> list[tuple[int, bool, bool]]:
    """Tense cues of a sentence: (offset, is_future, strong), in order. A past cue is weak when
    only its -ed ending makes it one (an adjective or a participle may end so too)."""
    future = [(m.start(), m.end()) for m in _FUTURE_CUE.finditer(sentence)]
    cues = [(start, True, True) for start, _ in future]
    for m in _PAST_CUE.finditer(sentence):
        if not any(start <= m.start() < end + 12 for start, end in future):  # "will be held"
            cues.append((m.start(), False, _WEAK_PAST.fullmatch(m.group(0)) is None))
    cues.sort()
    return cues


def _local_future(cues: list[tuple[int, bool, bool]], start: int, end: int, default: bool,
                  sentence: str = "") -> tuple[bool, bool]:
    """The tense of the verb an expression hangs on, and whether a strong cue says so.

    The nearest cue before it ("said on Monday", "will suspend ... from November 1"); for a
    sentence-initial expression, the first verb after it outside a relative aside that shows its
    tense ("On Monday, Trump, who will arrive ..., expressed"), else future if all weak cues are,
    else `default`.
    """
    if _FOR_WEEKDAY.search(sentence, 0, start) and _BARE_WEEKDAY.match(sentence, start):
        return True, True  # "a strike for Thursday was called": the day it is called for, ahead
    before = [(position, is_future, strong) for position, is_future, strong in cues if position < start]
    if before:
        position, is_future, strong = before[-1]
        # "was signed": the auxiliary right before a weak participle makes it strong.
        strong = strong or any(not other_future and other_strong and 0 < position - other < 16
                               for other, other_future, other_strong in before[:-1])
        # "said the dividend is payable Dec. 7": a speech verb's tense is the saying's; it fixes
        # only an expression right after it ("said on Monday", "announced October 20").
        if strong and _SPEECH.match(sentence, position) and start - position > _SPEECH_REACH:
            strong = False
        return is_future, strong
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(sentence, end)]
    after = [(position, is_future, strong) for position, is_future, strong in cues
             if position >= end and not any(low <= position < high for low, high in asides)]
    if not after:
        return default, False
    # "On Friday, the government planned to pay": the planning was on Friday.
    if any(sentence.startswith("planned", position) for position, _, _ in after):
        return False, True
    # The main verb comes first: "On Tuesday, the league plans to hold a conference to screen an
    # ad that was made ..." plans on Tuesday to come; a later past verb is another clause's.
    strong = [(position, is_future) for position, is_future, is_strong in after if is_strong]
    if strong:
        return strong[0][1], True
    return all(is_future for _, is_future, _ in after), False


# --- public API -----------------------------------------------------------------------------------

def find_time_expressions(sentence: str, published: str | None = None, *, future: bool = False,
                          narrative: str | None = None, past: bool = False) -> list[TimeExpression]:
    """Every temporal expression in a sentence, in order, resolved against `published`.

    Args:
        sentence: the sentence text; offsets of the results are offsets into it.
        published: the article's publication date ("2021-10-18", "2021-10", "2021", an ISO
            timestamp) or None; relative expressions stay unresolved without it.
        future: the direction for expressions whose tense the sentence does not show.
        narrative: the date the story named last before this sentence (same forms as
            `published`), from which "two days later" or "the previous day" count when the
            sentence names no date before them; else they count from `published`.
        past: the caller knows the act is done (a past-tense verb the parse shows): an
            expression whose tense no strong cue fixes is read backwards, not as the nearer
            day ("attacked the town on Dec. 3" in an October story is last December: only the
            weak "-ed" of "attacked" says past to the cues, and a weak cue takes the nearer day).
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    lower = sentence.lower()
    has_month = _MONTH_NAME.search(sentence) is not None
    has_year = _FOUR_DIGITS.search(sentence) is not None
    matches: list[tuple[int, int, re.Match[str], tuple[Resolver, bool | None]]] = []
    for kind, pattern in _PATTERNS:
        if kind in _MONTH_KINDS:
            if not has_month:
                continue
        elif kind in _NUMERIC_KINDS:
            if not has_year:
                continue
        elif not any(word in lower for word in _WORD_GATES[kind]):
            continue
        for match in pattern.finditer(sentence):
            resolved = _resolver(kind, match) if match.end() > match.start() else None
            if resolved is not None:  # a rejected reading ("May" the verb) hides nothing
                start = match.start("year") if kind == "year_of" else match.start()  # the year, not "the"
                matches.append((start, match.end(), match, resolved))
    if not matches:
        return []
    # Longest match wins an overlap ("Wednesday, October 6, 2021" over "Wednesday", "2021").
    matches.sort(key=lambda item: (item[0] - item[1], item[0]))
    kept: list[tuple[int, int, re.Match[str], tuple[Resolver, bool | None]]] = []
    for item in matches:
        if all(item[1] <= other[0] or item[0] >= other[1] for other in kept):
            kept.append(item)
    kept.sort(key=lambda item: item[0])

    reference = parse_published(published)
    told = parse_published(narrative) if narrative else None
    cues: list[tuple[int, bool, bool]] | None = None
    results: list[TimeExpression] = []
    for start, end, match, (resolver, direction) in kept:
        kind = _KIND_OF[match.re]
        if kind in ANCHORED_KINDS:
            anchor = _last_named(results) or told
            if anchor is None and direction is not None:
                if cues is None:
                    cues = _tense_cues(sentence)
                anchor = _unanchored_reference(match, direction, cues, future, reference)
            results.append(_anchored(sentence, start, end, match, resolver, direction, anchor, reference))
            continue
        relation = _relation(sentence, start, match)
        if relation is not None and not (match.groupdict().get("prep") or match.groupdict().get("prep2")):
            preposition = _PREPOSITION.search(sentence, max(0, start - 14), start)
            if preposition:
                start = preposition.start()
        if direction is None and isinstance(resolver, _Fixed):
            # Absolute: it points forward when it lies after the publication date.
            direction = reference is not None and resolver.interval[0] > reference[1]
        if direction is None:
            if cues is None:
                cues = _tense_cues(sentence)
            direction, strong = _local_future(cues, start, end, future, sentence)
            if past and not strong:
                direction, strong = False, True
            if not strong and isinstance(resolver, (_MonthDay, _Holiday, _YearEnd)):
                resolver = resolver.nearest
        value, precision, span = _resolve(resolver, reference, direction)
        results.append(TimeExpression(sentence[start:end], start, end, value, precision, kind, relation, direction, span))
    return _month_with_year(sentence, results)


def _resolve(resolver: Resolver, reference: tuple[date, date, str] | None,
             direction: bool) -> tuple[str | None, str | None, Interval | None]:
    """The value, precision and days of an expression read against `reference`: all None when it
    cannot be read (no reference, an impossible day); the days alone when they fit no precision."""
    try:
        low, high = _interval(resolver, reference, direction)
    except (TypeError, ValueError, OverflowError):
        return None, None, None
    if low is None or high is None:
        return None, None, None
    formatted = _format(low, high)
    value, precision = formatted if formatted else (None, None)
    return value, precision, (low, high)


# "the next week" may count from the time of speaking, as "next week" does; "the following week",
# "two days later" count from a time the story set, never from the publication date forward.
_DEICTIC_SHIFTS = frozenset({"next"})


def _unanchored_reference(match: re.Match[str], direction: bool, cues: list[tuple[int, bool, bool]],
                          future: bool, reference: tuple[date, date, str] | None) -> tuple[date, date, str] | None:
    """What an anchored expression counts from when nothing was named before it: the publication
    date for "a week earlier", "the previous day", and for "the next week" in a sentence about
    the future ("The talks will resume the next week"); else nothing ("Two days later, they
    withdrew", "will resume the following week": a story's time we do not know)."""
    if not direction:
        return reference
    if (match.groupdict().get("dir") or "").lower() not in _DEICTIC_SHIFTS:
        return None
    is_future, _ = _local_future(cues, match.start(), match.end(), future, match.string)
    return reference if is_future else None


def _last_named(found: list[TimeExpression]) -> tuple[date, date, str] | None:
    """The days of the last resolved expression before this one in the sentence ("attacked on
    Dec. 3 and withdrew two days later"): what an anchored expression counts from."""
    for item in reversed(found):
        if item.value is not None:
            return parse_published(item.value)
    return None


def _anchored(sentence: str, start: int, end: int, match: re.Match[str], resolver: Resolver, direction: bool | None,
              anchor: tuple[date, date, str] | None, reference: tuple[date, date, str] | None) -> TimeExpression:
    """An expression counted from `anchor` ("two days later", "the previous day"). `forward` says
    whether it lies after the publication date (the tense of the act it dates), not after its
    anchor; unresolved, whether it points forward from a known anchor."""
    value, precision, span = _resolve(resolver, anchor, bool(direction))
    # unresolved ("two days later" after nothing named): not known to lie ahead
    forward = bool(direction) and anchor is not None if span is None or reference is None else span[0] > reference[1]
    relation = _relation(sentence, start, match)
    if relation is not None:
        preposition = _PREPOSITION.search(sentence, max(0, start - 14), start)
        start = preposition.start() if preposition else start
    return TimeExpression(sentence[start:end], start, end, value, precision, _KIND_OF[match.re], relation, forward, span)


_MONTH_YEAR_GAP = re.compile(r"\s*(?:,\s*|of\s+)?")
_RELATIVE_YEAR = re.compile(r"(?i:(?:this|last|next|the\s+following|the\s+previous|the\s+same)\s+year)")


def _month_with_year(sentence: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """"In January this year", "in June last year": one month expression whose year the relative
    year names, not a month and a separate year (the event would then take the coarser one)."""
    merged: list[TimeExpression] = []
    for item in found:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.precision == "month" and previous.value and item.precision == "year"
                and item.value and _RELATIVE_YEAR.fullmatch(item.text.strip())
                and _MONTH_YEAR_GAP.fullmatch(sentence[previous.end : item.start])):
            value = f"{item.value[:4]}-{previous.value[5:7]}"
            merged[-1] = replace(previous, text=sentence[previous.start : item.end], end=item.end, value=value,
                                 span=_month_span(int(value[:4]), int(value[5:7])))
            continue
        merged.append(item)
    return merged


def _relation(sentence: str, start: int, match: re.Match[str]) -> str | None:
    prep = match.groupdict().get("prep") or match.groupdict().get("prep2")
    if prep:
        return " ".join(prep.lower().split())
    preposition = _PREPOSITION.search(sentence, max(0, start - 14), start)
    return " ".join(preposition.group(1).lower().split()) if preposition else None


def _interval(resolver: Resolver, reference: tuple[date, date, str] | None,
              forward: bool) -> tuple[date | None, date | None]:
    """Resolve against every day the publication date may be: both ends of its interval."""
    if reference is None:
        span = resolver(None, forward)
        return span if span else (None, None)
    earliest, latest, _ = reference
    first = resolver(earliest, forward)
    last = first if latest == earliest else resolver(latest, forward)
    if first is None or last is None:
        return None, None
    return min(first[0], last[0]), max(first[1], last[1])


def event_date(sentence: str, published: str | None, *, future: bool = False,
               anchor: int | None = None) -> tuple[str | None, str | None]:
    """The date of the event a sentence reports, as (ISO date, precision), or (None, None).

    The sentence's own temporal expressions win over the publication date; when it has
    several, the one whose direction matches `future` is preferred; then, given `anchor` (the
    offset of the event's trigger in the sentence), one in the trigger's clause (no comma
    between them) and nearest to it; without an anchor, point expressions ("on", "in",
    "from") before bounds ("since", "until"), then the first. A sentence with no
    expression is dated by `published` at its precision. Expressions that cannot be resolved
    (a weekday with no publication date, "on October 6" when only the year of publication is
    known) date nothing: then the answer is (None, None) rather than an invented date.

    Args:
        sentence: the event's sentence.
        published: the article's publication date, any ISO precision, or None.
        future: the event is announced or planned ("will suspend ... from November 1"):
            prefer expressions pointing forward, and resolve undetermined ones forwards.
        anchor: offset of the event trigger in `sentence`, to choose between expressions.
    """
    expressions = find_time_expressions(sentence, published, future=future)
    if expressions:
        best = best_expression(sentence, expressions, future=future, anchor=anchor)
        return (best.value, best.precision) if best is not None else (None, None)
    reference = parse_published(published)
    if reference is None:
        return None, None
    formatted = _format(reference[0], reference[1])
    return formatted if formatted else (None, None)


def best_expression(sentence: str, expressions: list[TimeExpression], *, future: bool = False,
                    anchor: int | None = None) -> TimeExpression | None:
    """The expression of `expressions` (found in `sentence`) that dates the event at `anchor`,
    or None when none of them resolved; the choice `event_date` describes."""
    resolved = [item for item in expressions if item.value is not None]
    if not resolved:
        return None
    same_direction = [item for item in resolved if item.forward == future]
    pool = same_direction or resolved

    def rank(item: TimeExpression) -> tuple[int, int, int]:
        if anchor is None:
            return _RELATION_RANK.get(item.relation, 0), 0, item.start
        # Same clause first (no comma or semicolon between), then the nearest in characters.
        low, high = sorted((anchor, item.start if item.start >= anchor else item.end))
        breaks = sum(sentence.count(mark, low, high) for mark in _CLAUSE_BREAKS)
        distance = item.start - anchor if item.start >= anchor else anchor - item.end
        return breaks, _RELATION_RANK.get(item.relation, 0), distance

    return min(pool, key=rank)
