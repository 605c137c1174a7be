"""The Dask engine on a LocalCluster: 1 worker against 2, scheduler overhead, worker memory.

For each worker count a LocalCluster of single-threaded worker processes is started and
warmed (a run over a few files loads every worker's resources), then `detente.run` over
generated page dumps is timed with the whole pipeline (clean, dedup, store, annotate,
analysis, exports) through `--scheduler`, as an external cluster is used. Printed:

- wall time with 1 and 2 workers and the parallel efficiency time(1) / (2 x time(2)), goal
  >= 80% (issue 13); the parent's serial share (linking, DuckDB writes, analysis) bounds it;
- the scheduler's overhead per partition: a stage that does nothing, over many partitions;
- the peak resident memory of each worker process (`ru_maxrss`, read on the worker) and of
  the parent (this process; its peak over the whole benchmark);
- each stage's cost per article (its counters: seconds of worker time per document in; the
  dedup shuffle's seconds are wall time on the cluster), the input of the projection in
  benchmarks/README.md.

Not in `make bench` (several minutes on 2 cores). Usage:
    .venv/bin/python benchmarks/bench_dask.py --articles 200
    .venv/bin/python benchmarks/bench_dask.py --articles 5000 --no-annotate --json out/bench-dask.json
    .venv/bin/python benchmarks/bench_dask.py --articles 20000 --no-annotate --workers 2 --noop-partitions 0   # memory at scale
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate_corpus import ensure_corpus  # noqa: E402

from detente.config import Settings  # noqa: E402
from detente.stages import StageCounters, StageResult  # noqa: E402


@dataclass(frozen=True)
class NoopStage:
    """A stage that does nothing: what is left of its time is the scheduler's."""

    name: str = "noop"
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()

    def resource_key(self) -> Hashable:
        return "noop"

    def load_resources(self, settings: Settings) -> None:
        return None

    def run(self, partition: Sequence[int], resources: None) -> StageResult[int]:
        return StageResult(list(partition), [], StageCounters(self.name, len(partition), len(partition)))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Resident memory now (a worker's peak is `_peak_rss_mb`)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _cpu_s() -> float:
    return time.process_time()


def per_article_ms(stages: dict[str, dict]) -> dict[str, float]:
    """Each stage's milliseconds per document in."""
    return {name: 1000 * counters["seconds"] / counters["docs_in"] for name, counters in sorted(stages.items()) if counters["docs_in"]}


def measure(files: list[Path], workers: int, settings: Settings, partitions: int) -> dict[str, object]:
    """Time one run of the pipeline on a LocalCluster of `workers` (after a warm-up)."""
    from distributed import Client, LocalCluster

    from detente.pipeline import run
    from detente.runners.dask_runner import DaskRunner

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask_settings = replace(settings, engine="dask", scheduler=cluster.scheduler_address)
        with tempfile.TemporaryDirectory() as scratch:
            warm = Path(scratch) / "warm"
            warm.mkdir()
            for index, path in enumerate(files[: 2 * workers]):
                shutil.copy(path, warm / f"{index}{path.suffix}")
            run([warm], Path(scratch) / "warm-out", settings=dask_settings)  # every worker loads its resources
            marks: dict[str, object] = {}
            with Client(cluster.scheduler_address) as probe:

                def mark(event: object) -> None:
                    """Workers' memory (now, peak) when cleaning ends and when the shuffle has ended."""
                    name = {"clean": "after clean", "store": "after dedup"}.get(getattr(event, "stage", ""))
                    if name and name not in marks and (name == "after dedup" or event.done == event.total):  # type: ignore[attr-defined]
                        marks[name] = {"seconds": round(time.perf_counter() - started, 1), "workers_mb": sorted(
                            (round(now), round(peak)) for now, peak in zip(probe.run(_rss_mb).values(), probe.run(_peak_rss_mb).values()))}

                worker_cpu = sum(probe.run(_cpu_s).values())
                parent_cpu = _cpu_s()
                started = time.perf_counter()
                summary = run([files[0].parent.parent], Path(scratch) / "out", settings=dask_settings, progress=mark)
                elapsed = time.perf_counter() - started
                worker_cpu = sum(probe.run(_cpu_s).values()) - worker_cpu
                parent_cpu = _cpu_s() - parent_cpu
        overhead = float("nan")
        if partitions:
            with DaskRunner(dask_settings) as runner:
                started = time.perf_counter()
                done = sum(len(result.records) for result in runner.map(NoopStage(), [[index] for index in range(partitions)]))
                overhead = (time.perf_counter() - started) / partitions
                assert done == partitions
        with Client(cluster.scheduler_address) as client:
            rss = sorted(client.run(_peak_rss_mb).values())
    return {
        "workers": workers, "seconds": elapsed, "articles": summary.articles, "annotated": summary.annotated,
        "stages": {name: counters.to_dict() for name, counters in summary.stages.items()},
        "overhead_ms_per_partition": overhead * 1000, "worker_peak_rss_mb": rss, "parent_peak_rss_mb": _peak_rss_mb(),
        "stage_ms_per_article": per_article_ms({name: counters.to_dict() for name, counters in summary.stages.items()}),
        "duplicates": summary.duplicates, "marks": marks,
        "worker_cpu_ms_per_article": 1000 * worker_cpu / max(1, len(files)), "parent_cpu_ms_per_article": 1000 * parent_cpu / max(1, len(files)),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="generated page dumps (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=HERE / "_corpus" / "dask", help="where the generated corpus is kept")
    parser.add_argument("--annotate", action=argparse.BooleanOptionalAction, default=True, help="run the NLP stages too (default)")
    parser.add_argument("--partition-files", type=int, default=8)
    parser.add_argument("--noop-partitions", type=int, default=400, help="partitions of the no-op stage (scheduler overhead; 0: skip)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated (default 1,2: the efficiency)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    corpus = args.corpus / f"{args.seed}-{args.articles}"
    ensure_corpus(corpus, args.articles, seed=args.seed)
    files = sorted((corpus / "txt").rglob("*.txt"))
    settings = Settings(annotate=args.annotate, report=False, partition_files=args.partition_files)
    counts = [int(value) for value in args.workers.split(",")]
    figures = [measure(files, workers, settings, args.noop_partitions) for workers in counts]
    print(f"detente.run on {len(files)} page dumps ({'with' if args.annotate else 'without'} the NLP stages), Dask LocalCluster, warm workers")
    for figure in figures:
        print(
            f"  {figure['workers']} worker(s): {figure['seconds']:.1f} s, {figure['articles']} articles ({figure['duplicates']} duplicates), "
            f"scheduler overhead {figure['overhead_ms_per_partition']:.1f} ms per partition, "
            f"worker peak RSS {', '.join(f'{mb:.0f}' for mb in figure['worker_peak_rss_mb'])} MB, parent peak RSS {figure['parent_peak_rss_mb']:.0f} MB"
        )
        print("    ms per article: " + ", ".join(f"{name} {ms:.2f}" for name, ms in figure["stage_ms_per_article"].items())
              + f"; CPU ms per input file: workers {figure['worker_cpu_ms_per_article']:.1f}, parent {figure['parent_cpu_ms_per_article']:.1f}")
        for name, mark in figure["marks"].items():
            print(f"    {name} ({mark['seconds']} s): workers' memory now/peak {mark['workers_mb']} MB")
    efficiency = None
    if counts == [1, 2]:
        efficiency = figures[0]["seconds"] / (2 * figures[1]["seconds"])
        print(f"  parallel efficiency time(1) / (2 x time(2)) = {efficiency:.0%} (goal >= 80%)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"files": len(files), "efficiency": efficiency, "runs": figures}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
