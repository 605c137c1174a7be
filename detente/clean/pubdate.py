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
_PAST = re.compile(
    r"\b(?:was|were|had|did|has been|have been|ago|last|said|told|met|took|made|gave|held|began|"
    r"saw|went|came|sent|left|won|lost|became|\w{3,}ed)\b",
    re.IGNORECASE,
)


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
    """The earliest future date; a year-less one counts only once `earliest` fixes its year."""
    candidates = list(with_year)
    if earliest:
        for mention, evidence in without_year:
            resolved = _next_occurrence(mention, earliest.day)
            if resolved:
                candidates.append(_Bound(resolved, f"future: {evidence} (year from the lower bound)"))
    return min(candidates, key=lambda bound: bound.day, default=None)


def _tense(paragraph: str, mention: DateMention) -> str | None:
    """"past" or "future" from the tense marker nearest to the date, None if there is none."""
    nearest: tuple[int, str] | None = None
    for regex, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for match in regex.finditer(paragraph):
            if mention.start <= match.start() < mention.end:
                continue
            distance = min(abs(match.start() - mention.end), abs(mention.start - match.end()))
            if nearest is None or distance < nearest[0]:
                nearest = (distance, tense)
    return nearest[1] if nearest and nearest[0] <= 80 else None


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
