"""Folds of the development sets: a fixed hash of each record's id decides its fold.

Why: tuning on the data we report on is how our scores said 0.90 while users got far
less. Every dev set is split the same way, forever: a record's fold is a pure function
of its id (SHA-256, not Python's salted `hash`), so no re-ordering, sampling or new
record moves another record between folds. Rules are tuned looking at errors of the
`TUNE_FOLD` only; every fold is reported (mean and worst), and the folds nobody looked
at are the honest estimate of how a rule does on unseen text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

FOLDS = 5
TUNE_FOLD = 0

T = TypeVar("T")


def fold_of(record_id: str, folds: int = FOLDS) -> int:
    """The fold (0 .. folds-1) of a record, from the SHA-256 of its id."""
    digest = hashlib.sha256(record_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % folds


def split(records: Iterable[T], record_id: Callable[[T], str], folds: int = FOLDS) -> list[list[T]]:
    """Records grouped by fold, each group in input order."""
    groups: list[list[T]] = [[] for _ in range(folds)]
    for record in records:
        groups[fold_of(record_id(record), folds)].append(record)
    return groups


def mean_and_worst(scores: Sequence[float], higher_is_better: bool = True) -> tuple[float, float]:
    """The mean of per-fold scores and the worst fold's score."""
    if not scores:
        return 0.0, 0.0
    worst = min(scores) if higher_is_better else max(scores)
    return sum(scores) / len(scores), worst
