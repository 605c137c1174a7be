"""Runners: the same stage objects (`detente.stages`) run in-process, in a local process
pool (`LocalRunner`) or on a Dask cluster (`DaskRunner`).

A runner is a context manager with `map(stage, partitions)`: it yields one `StageResult`
per partition, in partition order, whatever order the work finished in, with a bounded
number of partitions in flight (submitted, running, or finished and waiting for an
earlier one), so memory does not grow with the corpus. Everything that writes the store
stays in the caller (the parent process): workers never open the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from detente.config import Settings
from detente.stages import Stage, StageResult

P = TypeVar("P")
R = TypeVar("R")


class Runner(Protocol):
    """Runs stages over partitions; see the module docstring."""

    name: str

    def __enter__(self) -> Runner: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, stage: Stage[P, R], partitions: Iterable[P], count: int | None = None) -> Iterator[StageResult[R]]:
        """One result per partition, in order (`count`: how many partitions, when known)."""

    def partition_size(self) -> int:
        """How many input files make one clean partition."""


def make_runner(settings: Settings) -> Runner:
    """The runner `settings.engine` names ("local" or "dask")."""
    if settings.engine == "dask":
        from detente.runners.dask_runner import DaskRunner

        return DaskRunner(settings)
    from detente.runners.local import LocalRunner

    return LocalRunner(settings)


def in_order(
    partitions: Iterable[P],
    submit: Callable[[int, P], None],
    next_done: Callable[[], tuple[int, Any]],
    limit: int,
) -> Iterator[Any]:
    """Submit `partitions` (numbered from 0) with at most `limit` of them submitted and not
    yet yielded, take finished ones from `next_done` as they come, and yield the results in
    partition order (a reorder buffer). `partitions` is consumed lazily, so a generator
    that reads each partition from the store is read only `limit` ahead."""
    pending = iter(enumerate(partitions))
    buffer: dict[int, Any] = {}
    submitted = wanted = 0
    exhausted = False
    while True:
        while not exhausted and submitted - wanted < max(limit, 1):
            following = next(pending, None)
            if following is None:
                exhausted = True
                break
            submit(*following)
            submitted += 1
        if wanted == submitted:
            return
        while wanted not in buffer:
            index, result = next_done()
            buffer[index] = result
        yield buffer.pop(wanted)
        wanted += 1
