"""Turning points of a relationship: periods whose net cooperation breaks with the past.

Method (a rolling z-score): for each period of the dyad series (imprecise and undated rows
left out), compare its net cooperation (events in quad classes 1-2 minus 3-4) with the
`window` periods before it. The period is a turning point when at least `min_history`
earlier periods exist and |z| >= `threshold`, where z = (x - mean) / max(sd, `min_sd`).
The floor on the standard deviation keeps a flat history (sd 0) from turning every small
change into a huge z; with the defaults (window 6, min history 3, threshold 2, sd floor 1) a
period needs to move at least two events away from its recent mean. Each turning point
carries the merged events of that period that pushed in its direction (cooperative ones for
an upturn, conflictual ones for a downturn), strongest first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from detente.analysis.dyads import KeyEvent, SeriesRow


@dataclass(frozen=True)
class TurningPoint:
    period: str
    start: str | None
    value: int
    baseline: float
    z: float
    direction: str  # "up" (more cooperative) or "down"
    drivers: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plain_dict(record: Any) -> dict[str, Any]:
    """`dataclasses.asdict` of a record whose fields are plain values, lists of them or lists of
    plain dicts (SeriesRow, KeyEvent, TimelineEntry, QuoteItem, TurningPoint), without asdict's
    recursive deep copy: a daily series of a busy pair has thousands of rows and turning points."""
    result = {}
    for name in record.__dataclass_fields__:
        value = getattr(record, name)
        if isinstance(value, list):
            value = [dict(item) if isinstance(item, dict) else item for item in value]
        result[name] = value
    return result


def turning_points(series: Sequence[SeriesRow], events: Sequence[KeyEvent], freq: str, window: int = 6,
                   min_history: int = 3, threshold: float = 2.0, min_sd: float = 1.0, drivers: int = 3,
                   grouped: Callable[[], dict[str, list[KeyEvent]]] | None = None,
                   as_dict: Callable[[KeyEvent], Any] = plain_dict) -> list[TurningPoint]:
    """The turning points of a series (see the module docstring), in date order. `grouped`
    (optional) gives `_by_period(events, freq)` from what the caller already has (the web app:
    the pair's events grouped by date span), called only when there is a turning point;
    `as_dict` turns each driver into what the point carries (a plain dict unless the caller
    replaces the drivers itself)."""
    rows = [row for row in series if row.period is not None and not row.imprecise]
    nets = [row.net_cooperation for row in rows]
    found = []
    by_period: dict[str, list[KeyEvent]] | None = None
    for index in _candidates(nets, window, min_history, threshold * min_sd):
        row = rows[index]
        history = nets[max(0, index - window):index]
        if len(history) < min_history:
            continue
        mean = sum(history) / len(history)
        if abs(nets[index] - mean) / min_sd < threshold:  # |z| can only be smaller (sd >= min_sd): no turning point
            continue
        sd = max(math.sqrt(sum((value - mean) ** 2 for value in history) / len(history)), min_sd)
        z = (row.net_cooperation - mean) / sd
        if abs(z) < threshold:
            continue
        if by_period is None:  # grouped once, only when there is a turning point
            by_period = grouped() if grouped is not None else _by_period(events, freq)
        direction = "up" if z > 0 else "down"
        wanted = (1, 2) if direction == "up" else (3, 4)
        chosen = sorted((event for event in by_period.get(row.period, ()) if event.quad_class in wanted),
                        key=lambda event: (-abs(event.goldstein or 0.0), -event.sources, event.merged_id))
        found.append(TurningPoint(row.period, row.start, row.net_cooperation, round(mean, 3), round(z, 3), direction,
                                  [as_dict(event) for event in chosen[:drivers]]))
    return found


def _candidates(nets: list[int], window: int, min_history: int, reach: float) -> list[int]:
    """The indices whose value lies at least `reach` (minus a rounding margin) from the mean of
    the `window` values before it, with at least `min_history` of them: the only ones that can
    be turning points (sd >= min_sd). One vectorised pass instead of a Python loop over every
    period (a daily series has ~7,400); each candidate is then judged exactly as before."""
    if len(nets) <= min_history:
        return []
    values = np.asarray(nets, dtype=np.float64)
    sums = np.concatenate(([0.0], np.cumsum(values)))
    index = np.arange(len(values))
    low = np.maximum(0, index - window)
    count = index - low
    mean = (sums[index] - sums[low]) / np.maximum(count, 1)
    keep = (count >= min_history) & (np.abs(values - mean) >= reach - 1e-6)
    return np.nonzero(keep)[0].tolist()


def _by_period(events: Sequence[KeyEvent], freq: str) -> dict[str, list[KeyEvent]]:
    """Events by the period of `freq` they fall in (those too coarsely dated for it left out)."""
    from detente.analysis.dates import fits_period, parse_date, period_of

    grouped: dict[str, list[KeyEvent]] = {}
    periods: dict[tuple[str | None, str | None], str | None] = {}  # a busy pair has thousands of events, few distinct dates
    for event in events:
        when = (event.date, event.date_precision)
        if when not in periods:
            span = parse_date(event.date, event.date_precision)
            periods[when] = period_of(span.start, freq)[0] if span is not None and fits_period(span, freq) else None
        if periods[when] is not None:
            grouped.setdefault(periods[when], []).append(event)
    return grouped
