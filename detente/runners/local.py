"""The local runner: stages in this process, or in a pool of worker processes.

The pool is a few `multiprocessing` processes, each looping over the tasks the parent
sends it through its own pipe, with its own `ResourceCache` (a local variable of its loop:
resources load once per process, and no module holds per-process state). At most
`2 x workers` partitions are in flight, so the parent never pickles the whole corpus up
front as `Executor.map` would.

One pipe per worker, one task at a time per worker: the parent always knows which
partition each process is running. A worker that dies (SIGKILL by the OOM killer, a
segfault in a C extension) breaks only its own pipe, never a queue the others share (a
process killed while it holds a shared queue's lock would stall every other worker); its
partition is tried again on a fresh process, `partition_attempts` times in all, then kept
as failed (`failed_partition`), as a partition whose stage raises: the policy of the
in-process and Dask runners.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from detente.config import Settings
from detente.runners import in_order
from detente.stages import ResourceCache, Stage, StageResult, failed_partition, run_partition

_STOP_S = 10  # how long a worker may take to exit after the last task before it is ended


class LocalRunner:
    """Runs a stage in-process (`settings.workers == 1`, or fewer than two partitions) or
    in `settings.workers` processes. In-process, resources stay loaded in `cache` for the
    runner's life: its own, or the caller's (`cache`, kept across runs by a caller that runs
    many times in one process)."""

    name = "local"

    def __init__(self, settings: Settings, cache: ResourceCache | None = None) -> None:
        self.settings = settings
        self.cache = cache if cache is not None else ResourceCache()

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
        """One partition in this process, tried `partition_attempts` times when it raises."""
        attempts = self.settings.partition_attempts
        for attempt in range(1, attempts + 1):
            try:
                return run_partition(stage, partition, self.cache, self.settings)
            except Exception as error:  # noqa: BLE001 - the failure policy: retried, then kept as failed
                if attempt == attempts:
                    return failed_partition(stage, partition, f"the {stage.name} stage raised {type(error).__name__}: {error}", attempts)
        raise AssertionError("unreachable")


@dataclass
class _Worker:
    """A pool process, the parent's end of its pipe, and the task it is running (if any)."""

    process: Any
    conn: Any
    task: tuple[int, Any] | None = None


class _Pool:
    """The parent's side of the pool: hands tasks to idle workers, collects results, and
    replaces a worker that died (its task is tried again or kept as failed)."""

    def __init__(self, stage: Stage[Any, Any], settings: Settings, workers: int) -> None:
        self.stage, self.settings = stage, settings
        self.context = multiprocessing.get_context()
        self.waiting: deque[tuple[int, Any]] = deque()  # submitted, not yet sent to a worker
        self.finished: deque[tuple[int, StageResult[Any]]] = deque()
        self.tries: dict[int, int] = {}
        self.workers = [self._start() for _ in range(workers)]

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_serve, args=(self.stage, self.settings, child_end), daemon=True)
        process.start()
        child_end.close()  # the worker's end lives in the worker only: its death is EOF here
        return _Worker(process, parent_end)

    def submit(self, index: int, partition: Any) -> None:
        self.waiting.append((index, partition))
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.task is None and self.waiting:
                worker.task = self.waiting.popleft()
                self.tries[worker.task[0]] = self.tries.get(worker.task[0], 0) + 1
                try:
                    worker.conn.send(worker.task)
                except (BrokenPipeError, ConnectionResetError, EOFError):
                    pass  # it died while idle: `_collect` sees it and sends the task again

    def next_done(self) -> tuple[int, StageResult[Any]]:
        while not self.finished:
            self._dispatch()
            busy = [worker for worker in self.workers if worker.task is not None]
            wait([worker.conn for worker in busy] + [worker.process.sentinel for worker in busy])
            for worker in busy:
                self._collect(worker)
        return self.finished.popleft()

    def _collect(self, worker: _Worker) -> None:
        assert worker.task is not None
        index, partition = worker.task
        try:
            if not worker.conn.poll():
                if worker.process.is_alive():
                    return
                raise EOFError
            _, result, error = worker.conn.recv()
        except (EOFError, ConnectionResetError, OSError):
            worker.process.join(timeout=_STOP_S)
            self._replace(worker)
            self._retry(index, partition, f"a worker process of the {self.stage.name} stage died (exit code {worker.process.exitcode})")
            return
        worker.task = None
        if error is None:
            self.tries.pop(index, None)
            self.finished.append((index, result))
        else:
            self._retry(index, partition, f"the {self.stage.name} stage raised {error}")

    def _retry(self, index: int, partition: Any, reason: str) -> None:
        """Send the partition again, or keep it as failed after `partition_attempts` tries."""
        if self.tries[index] < self.settings.partition_attempts:
            self.waiting.appendleft((index, partition))
            return
        self.finished.append((index, failed_partition(self.stage, partition, reason, self.tries.pop(index))))

    def _replace(self, worker: _Worker) -> None:
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start()

    def stop(self, gracefully: bool) -> None:
        """Let idle workers exit (after a complete run) or end them (after an error or Ctrl-C)."""
        for worker in self.workers:
            if gracefully:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in self.workers:
            if gracefully:
                worker.process.join(timeout=_STOP_S)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(timeout=5)
            worker.conn.close()


def _pool_map(stage: Stage[Any, Any], partitions: Iterable[Any], settings: Settings, workers: int) -> Iterator[StageResult[Any]]:
    pool = _Pool(stage, settings, workers)
    finished = False
    try:
        yield from in_order(partitions, pool.submit, pool.next_done, limit=2 * workers)
        finished = True
    finally:
        pool.stop(finished)


def _serve(stage: Stage[Any, Any], settings: Settings, conn: Any) -> None:
    """A worker's loop: its resource cache lives here, for the life of the process. Ctrl-C
    is the parent's to handle (it ends the workers), so the worker ignores SIGINT. A stage
    that raises is reported as `ExceptionType: message` (the parent's failure policy)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cache = ResourceCache()
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        index, partition = task
        try:
            conn.send((index, run_partition(stage, partition, cache, settings), None))
        except Exception as error:  # noqa: BLE001 - reported to the parent: retried, then kept as failed
            conn.send((index, None, f"{type(error).__name__}: {error}".splitlines()[0]))
