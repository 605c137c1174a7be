"""Per-record outcomes, metrics over them, and one score per fold.

Why: a score is only honest when it is reported on folds nobody tuned on. Each corpus
evaluator turns its run into `Item`s (a record id and the counts of what went right on
that record); a `Metric` is a function of a list of items, so the same metric gives the
score of all records, of each fold (`fold_of(record_id)`), and the mean and worst fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from detente.evaluation.folds import FOLDS, fold_of, mean_and_worst


@dataclass(frozen=True)
class Item:
    """One record's outcome: named counts (`{"right": 1, "total": 1}`) and, for --verbose,
    the lines that describe its errors."""

    record_id: str
    counts: dict[str, float]
    errors: tuple[str, ...] = ()
    fold_id: int | None = None  # set for an aggregate of a whole fold (an evaluator that reports per fold)

    @property
    def fold(self) -> int:
        return fold_of(self.record_id) if self.fold_id is None else self.fold_id


@dataclass(frozen=True)
class Metric:
    """A headline score: `compute(items)` is None when the items hold nothing to score."""

    name: str
    compute: Callable[[Sequence[Item]], float | None]
    higher_is_better: bool = True
    description: str = ""
    gated: bool = True  # False for baselines and context figures: printed, never pinned in the gate file
    exact: bool = False  # pinned without slack (internal errors: the only right number is 0)


def internal_errors(denominator: str) -> Metric:
    """Share of records whose article a stage skipped after an internal error (`crashed` counts):
    pinned at exactly 0, since a crash makes every other score of the record meaningless."""
    return Metric("internal_errors", ratio("crashed", denominator), higher_is_better=False, exact=True,
                  description="records a stage skipped after an internal error")


def ratio(numerator: str, denominator: str) -> Callable[[Sequence[Item]], float | None]:
    """sum(numerator) / sum(denominator) over the items (micro-average)."""

    def compute(items: Sequence[Item]) -> float | None:
        whole = sum(item.counts.get(denominator, 0.0) for item in items)
        return sum(item.counts.get(numerator, 0.0) for item in items) / whole if whole else None

    return compute


def harmonic(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return 2 * a * b / (a + b) if a + b else 0.0


def f1_of(precision: Callable[[Sequence[Item]], float | None],
          recall: Callable[[Sequence[Item]], float | None]) -> Callable[[Sequence[Item]], float | None]:
    """F1 as the harmonic mean of two other metric functions."""
    return lambda items: harmonic(precision(items), recall(items))


@dataclass
class FoldScores:
    """A metric on all records, on each fold, and the folds' mean and worst."""

    metric: Metric
    overall: float | None
    folds: list[float | None] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        values = [value for value in self.folds if value is not None]
        return mean_and_worst(values, self.metric.higher_is_better)[0] if values else None

    @property
    def worst(self) -> float | None:
        values = [value for value in self.folds if value is not None]
        return mean_and_worst(values, self.metric.higher_is_better)[1] if values else None


def by_fold(items: Sequence[Item], folds: int = FOLDS) -> list[list[Item]]:
    groups: list[list[Item]] = [[] for _ in range(folds)]
    for item in items:
        groups[fold_of(item.record_id, folds) if item.fold_id is None else item.fold_id].append(item)
    return groups


def score(items: Sequence[Item], metrics: Sequence[Metric]) -> list[FoldScores]:
    """Every metric on all items and per fold."""
    groups = by_fold(items)
    return [FoldScores(metric, metric.compute(items), [metric.compute(group) for group in groups]) for metric in metrics]


def table(title: str, results: Sequence[FoldScores], items: Sequence[Item]) -> list[str]:
    """Printable lines: one row per metric with all records, each fold, mean and worst."""
    sizes = [int(sum(item.counts.get("records", 1.0) for item in group)) for group in by_fold(items)]
    header = f"  {'':<34}{'all':>7}" + "".join(f"{f'f{n}':>7}" for n in range(len(sizes))) + f"{'mean':>7}{'worst':>7}"
    lines = [title, header, f"  {'records':<34}{sum(sizes):>7}" + "".join(f"{size:>7}" for size in sizes)]
    for result in results:
        cells = [result.overall, *result.folds, result.mean, result.worst]
        arrow = "" if result.metric.higher_is_better else " (v)"
        lines.append(f"  {result.metric.name + arrow:<34}" + "".join(_cell(value) for value in cells))
    return lines


def _cell(value: float | None) -> str:
    return f"{value:>7.3f}" if value is not None else f"{'n/a':>7}"


def verbose_errors(items: Sequence[Item], limit: int = 200) -> list[str]:
    """Error lines of the tuning fold's records only (folds 1-4 are looked at in aggregate)."""
    from detente.evaluation.folds import TUNE_FOLD

    lines = [f"    {line}" for item in items if item.fold == TUNE_FOLD for line in item.errors]
    if len(lines) > limit:
        lines = lines[:limit] + [f"    ... {len(lines) - limit} more"]
    return [f"  errors on fold {TUNE_FOLD} (the tuning fold) only:"] + (lines or ["    none"])
