"""Bounds on when an undated article was written, from the dates its text mentions.

An article that tells of something that happened "on October 7, 2021" was written on or
after that day; one that says a measure "will come into effect on November 1" was
written before it. The tense is read from the verb nearest to the date in its
paragraph. Only dates with at least a month are used: a bare year ("the emplacement in
2017") is too often a plan or a reference to be evidence. Nothing is guessed beyond the
bounds, and the evidence sentences are kept so a user can check them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from detente.clean.dates import DateMention, find_dates
from detente.records import PublishedInterval

_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|scheduled|upcoming|next|plans? to|planned|"
    r"take effect|come into (?:effect|force)|comes into (?:effect|force))\b",
    re.IGNORECASE,
)
# A modal or a deadline before the date in its clause makes it no evidence of the past:
# "could be sanctioned in February 2007", "would arrive by mid-January 2007".
_NOT_PAST = re.compile(
    r"\b(?:would|could|may|might|should|must|can|expected|likely|ahead of|in the run-up to|"
    r"by (?:mid|early|late|the end of)\b|until|till|deadline)\b",
    re.IGNORECASE,
)
# A term date right before the mention ("notes due March 15, 2007", "bonds maturing Nov. 1, 2009",
# "the licence expires on June 30, 2010") is when a contract ends, set long before or after the
# story: evidence of neither bound. ("due to the storm on March 3" is no term: the date is not next;
# "the report is due on March 3" is a scheduled event, left to `_FUTURE`.)
_TERM_BEFORE = re.compile(
    r"(?i)\b(?:(?<!\bis )(?<!\bare )due|matur(?:e|es|ing|ity)|expir(?:e|es|ing|y|ation)|payable|redeemable)"
    r"(?:\s+date)?(?:\s+(?:on|in|at|by|of))?\s*$"
)
# "since the March 2003 invasion", "ever since April 1997": a starting point the story looks back
# to, so a past date whatever the verb ("have been killed since ...", "will be the first since ...").
_SINCE_BEFORE = re.compile(r"(?i)\bsince\s+(?:the\s+)?$")
# A date opening its sentence as an adverbial: "On Jan. 2, 2001, ...", "In March 2003, ...".
_FRONTED = re.compile(r"(?:^|[.!?]\s+)(?:On|In)\s+$")
_BOUNDARY = re.compile(r"[,;:()\u2013\u2014]")
_CLAUSE_END = re.compile(r"[.;!?]\s|\bbut\b|\band\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:was|were|had|did|has been|have been|ago|last|said|told|met|took|made|gave|held|began|"
    r"saw|went|came|sent|left|won|lost|became|\w{3,}ed)\b",
    re.IGNORECASE,
)


_YEARLESS_REACH_DAYS = 92
YEAR_FROM_LOWER_BOUND = "(year from the lower bound)"


@dataclass(frozen=True)
class _Bound:
    day: date
    evidence: str


def estimate_interval(text: str) -> PublishedInterval | None:
    """Return `{earliest, latest, evidence}` from past and future dated mentions, or None."""
    past: list[_Bound] = []
    future_with_year: list[_Bound] = []
    future_without_year: list[tuple[DateMention, str]] = []
    for paragraph in text.split("\n"):
        for mention in find_dates(paragraph):
            tense = _tense(paragraph, mention)
            evidence = _evidence(paragraph, mention)
            if tense == "past" and mention.year is not None:
                past.append(_Bound(_first_day(mention), f"past: {evidence}"))
            elif tense == "future" and mention.year is not None:
                future_with_year.append(_Bound(_last_day(mention), f"future: {evidence}"))
            elif tense == "future" and mention.day is not None:
                future_without_year.append((mention, evidence))
    earliest = max(past, key=lambda bound: bound.day, default=None)
    latest = _latest(earliest, future_with_year, future_without_year)
    if latest and earliest and latest.day < earliest.day:
        latest = None  # contradictory evidence: keep only the safer lower bound
    if not earliest and not latest:
        return None
    evidence = [bound.evidence for bound in (earliest, latest) if bound]
    return PublishedInterval(
        earliest=earliest.day.isoformat() if earliest else None,
        latest=latest.day.isoformat() if latest else None,
        evidence=evidence,
    )


def _latest(earliest: _Bound | None, with_year: list[_Bound], without_year: list[tuple[DateMention, str]]) -> _Bound | None:
    """The earliest future date; a year-less one counts only once `earliest` fixes its year,
    and only when it falls within `_YEARLESS_REACH_DAYS` of it: the story may be written
    long after the last past date it recalls ("invited in July 1997 ... will join on
    March 12" was written in 1999), and a bound a year off is a wrong bound."""
    candidates = list(with_year)
    if earliest:
        for mention, evidence in without_year:
            resolved = _next_occurrence(mention, earliest.day)
            if resolved and (resolved - earliest.day).days <= _YEARLESS_REACH_DAYS:
                candidates.append(_Bound(resolved, f"future: {evidence} {YEAR_FROM_LOWER_BOUND}"))
    return min(candidates, key=lambda bound: bound.day, default=None)


def _tense(paragraph: str, mention: DateMention) -> str | None:
    """"past" or "future" from the tense marker nearest to the date, None if there is none
    or the date is a term date (`_TERM_BEFORE`); "past" after "since" (`_SINCE_BEFORE`)."""
    if _TERM_BEFORE.search(paragraph, max(0, mention.start - 40), mention.start):
        return None
    if _SINCE_BEFORE.search(paragraph, max(0, mention.start - 20), mention.start):
        return "past"
    nearest: tuple[int, str] | None = None
    # A fronted date ("On Jan. 2, 2001, the line opened") belongs to the clause after its comma.
    fronted = _FRONTED.search(paragraph, max(0, mention.start - 20), mention.start) is not None
    # Only markers within reach can win (80 characters, a little more for a whole word).
    window = (max(0, mention.start - 120), min(len(paragraph), mention.end + 120))
    for regex, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for match in regex.finditer(paragraph, *window):
            if mention.start <= match.start() < mention.end:
                continue
            distance = min(abs(match.start() - mention.end), abs(mention.start - match.end()))
            gap = paragraph[mention.end : match.start()]
            if fronted:
                gap = re.sub(r"^\s*,", "", gap, count=1)
            if match.start() >= mention.end and _BOUNDARY.search(gap):
                distance += 60  # a verb after a comma belongs to the next clause: "... in July 1997, will join"
            if nearest is None or distance < nearest[0]:
                nearest = (distance, tense)
    tense = nearest[1] if nearest and nearest[0] <= 80 else None
    if tense == "past":
        before = paragraph[max(0, mention.start - 80) : mention.start]
        clause = _CLAUSE_END.split(before)[-1]
        if _NOT_PAST.search(clause):
            return "future" if re.search(r"(?i)\b(?:ahead of|in the run-up to|by (?:mid|early|late|the end of))\b", clause) else None
    return tense


def _evidence(paragraph: str, mention: DateMention, width: int = 100) -> str:
    start = max(0, mention.start - width)
    end = min(len(paragraph), mention.end + width)
    return ("…" if start else "") + paragraph[start:end].strip() + ("…" if end < len(paragraph) else "")


def _first_day(mention: DateMention) -> date:
    return date(mention.year or 1, mention.month, mention.day or 1)


def _last_day(mention: DateMention) -> date:
    year = mention.year or 1
    return date(year, mention.month, mention.day or calendar.monthrange(year, mention.month)[1])


def _next_occurrence(mention: DateMention, after: date) -> date | None:
    for year in (after.year, after.year + 1):
        try:
            candidate = date(year, mention.month, mention.day or 1)
        except ValueError:
            continue
        if candidate >= after:
            return candidate
    return None


@dataclass(frozen=True)
class StatedPublished:
    """The publication date chosen for an article and what states it."""

    value: str  # ISO 8601 at `precision`: "2019", "2019-08", "2019-08-20" or "2019-08-20T09:31"
    precision: str  # "year", "month" or "day"
    source: str  # "given", "html:json-ld datePublished", "dump:label published", "dateline", ...
    evidence: str  # the value or line as the input wrote it


def precision_of(iso: str) -> str:
    """"year", "month" or "day" from the length of an ISO 8601 value."""
    return {4: "year", 7: "month"}.get(len(iso), "day")


def resolve_dateline_day(stated: str, hints: list[StatedPublished], interval: PublishedInterval | None) -> StatedPublished | None:
    """Place a year-less dateline day ("Oct 18") in a year, only when the context fixes it.

    The year comes from a coarser statement of the article's own date (a JSONL record's
    "2006", a page's "2006-11"), or from an interval with both bounds stated with their
    years that holds exactly one such day. A past date in the text alone is not enough: stories recall old events,
    and a wrong year is worse than none.
    """
    mentions = find_dates(stated)
    if not mentions or mentions[0].day is None:
        return None
    month, day = mentions[0].month, mentions[0].day
    for hint in hints:
        if hint.precision in ("year", "month"):
            year, hint_month = int(hint.value[:4]), int(hint.value[5:7]) if hint.precision == "month" else month
            resolved = _day_or_none(year, month, day)
            if resolved and hint_month == month:
                return StatedPublished(resolved.isoformat(), "day", "dateline", f"{stated} (year from {hint.source}: {hint.evidence})")
    if interval and interval.earliest and interval.latest and not any(YEAR_FROM_LOWER_BOUND in item for item in interval.evidence):
        low, high = date.fromisoformat(interval.earliest), date.fromisoformat(interval.latest)
        found = [resolved for year in range(low.year, high.year + 1) if (resolved := _day_or_none(year, month, day)) and low <= resolved <= high]
        if len(found) == 1:
            return StatedPublished(found[0].isoformat(), "day", "dateline", f"{stated} (year from the interval {low} .. {high})")
    return None


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
