"""The local runner: stages in this process, or in a pool of worker processes.

The pool is a few `multiprocessing` processes, each looping over a task queue with its own
`ResourceCache` (a local variable of its loop: resources load once per process, and no
module holds per-process state). At most `2 x workers` partitions are in flight, so the
parent never pickles the whole corpus up front as `Executor.map` would.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

from detente.config import Settings
from detente.runners import in_order
from detente.stages import ResourceCache, Stage, StageResult, failed_partition, run_partition

_POLL_S = 0.5  # how often the parent checks that its workers are alive while it waits


class LocalRunner:
    """Runs a stage in-process (`settings.workers == 1`, or fewer than two partitions) or
    in `settings.workers` processes. In-process, resources stay loaded for the runner's life."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = ResourceCache()

    def __enter__(self) -> LocalRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def partition_size(self) -> int:
        """In-process, one file per partition: grouping gains nothing there, and a Ctrl-C
        loses at most one file's work. A pool sends `partition_files` files per task."""
        return 1 if self.settings.workers <= 1 else self.settings.partition_files

    def map(self, stage: Stage[Any, Any], partitions: Iterable[Any], count: int | None = None) -> Iterator[StageResult[Any]]:
        """Results in partition order; `count` (when known) below 2 runs in-process."""
        if self.settings.workers <= 1 or (count is not None and count < 2):
            for partition in partitions:
                yield self._run_here(stage, partition)
            return
        yield from _pool_map(stage, partitions, self.settings, self.settings.workers)

    def _run_here(self, stage: Stage[Any, Any], partition: Any) -> StageResult[Any]:
        """One partition in this process, tried `partition_attempts` times when it raises.
        (The process pool does not retry yet: a failure there stops the run, as before.)"""
        attempts = self.settings.partition_attempts
        for attempt in range(1, attempts + 1):
            try:
                return run_partition(stage, partition, self.cache, self.settings)
            except Exception as error:  # noqa: BLE001 - the failure policy: retried, then kept as failed
                if attempt == attempts:
                    return failed_partition(stage, partition, f"the {stage.name} stage raised {type(error).__name__}: {error}", attempts)
        raise AssertionError("unreachable")


def _pool_map(stage: Stage[Any, Any], partitions: Iterable[Any], settings: Settings, workers: int) -> Iterator[StageResult[Any]]:
    context = multiprocessing.get_context()
    tasks: Any = context.Queue()
    results: Any = context.Queue()
    processes = [context.Process(target=_serve, args=(stage, settings, tasks, results), daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    finished = False

    def submit(index: int, partition: Any) -> None:
        tasks.put((index, partition))

    def next_done() -> tuple[int, Any]:
        while True:
            try:
                index, result, error = results.get(timeout=_POLL_S)
            except queue.Empty:
                dead = [process.exitcode for process in processes if not process.is_alive()]
                if dead:
                    raise RuntimeError(f"a worker process of the {stage.name} stage died (exit code {dead[0]})") from None
                continue
            if error is not None:
                raise RuntimeError(f"the {stage.name} stage failed in a worker process: {error}")
            return index, result

    try:
        yield from in_order(partitions, submit, next_done, limit=2 * workers)
        finished = True
    finally:
        _stop(processes, tasks, finished)


def _stop(processes: list[Any], tasks: Any, gracefully: bool) -> None:
    """Let idle workers exit (after a complete run) or end them (after an error or Ctrl-C)."""
    if gracefully:
        for _ in processes:
            tasks.put(None)
    for process in processes:
        if gracefully:
            process.join(timeout=10)
        if process.is_alive():
            process.terminate()
            process.join(timeout=5)
    tasks.cancel_join_thread()


def _serve(stage: Stage[Any, Any], settings: Settings, tasks: Any, results: Any) -> None:
    """A worker's loop: its resource cache lives here, for the life of the process. Ctrl-C
    is the parent's to handle (it ends the workers), so the worker ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cache = ResourceCache()
    while (task := tasks.get()) is not None:
        index, partition = task
        try:
            results.put((index, run_partition(stage, partition, cache, settings), None))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which stops the run
            results.put((index, None, f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"))
