"""The Dask engine on a LocalCluster: 1 worker against 2, scheduler overhead, worker memory.

For each worker count a LocalCluster of single-threaded worker processes is started and
warmed (a run over a few files loads every worker's resources), then `detente.run` over
generated page dumps is timed with the whole pipeline (clean, dedup, store, annotate,
analysis, exports) through `--scheduler`, as an external cluster is used. Printed:

- wall time with 1 and 2 workers and the parallel efficiency time(1) / (2 x time(2)), goal
  >= 80% (issue 13); the parent's serial share (linking, DuckDB writes, analysis) bounds it;
- the scheduler's overhead per partition: a stage that does nothing, over many partitions;
- the peak resident memory of each worker process (`ru_maxrss`, read on the worker).

Not in `make bench` (several minutes on 2 cores). Usage:
    .venv/bin/python benchmarks/bench_dask.py --articles 200
    .venv/bin/python benchmarks/bench_dask.py --articles 5000 --no-annotate --json out/bench-dask.json
"""

from __future__ import annotations

import argparse
import json
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
            started = time.perf_counter()
            summary = run([files[0].parent.parent], Path(scratch) / "out", settings=dask_settings)
            elapsed = time.perf_counter() - started
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
        "overhead_ms_per_partition": overhead * 1000, "worker_peak_rss_mb": rss,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="generated page dumps (default 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=HERE / "_corpus" / "dask", help="where the generated corpus is kept")
    parser.add_argument("--annotate", action=argparse.BooleanOptionalAction, default=True, help="run the NLP stages too (default)")
    parser.add_argument("--partition-files", type=int, default=8)
    parser.add_argument("--noop-partitions", type=int, default=400, help="partitions of the no-op stage (scheduler overhead)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    corpus = args.corpus / f"{args.seed}-{args.articles}"
    ensure_corpus(corpus, args.articles, seed=args.seed)
    files = sorted((corpus / "txt").rglob("*.txt"))
    settings = Settings(annotate=args.annotate, report=False, partition_files=args.partition_files)
    figures = [measure(files, workers, settings, args.noop_partitions) for workers in (1, 2)]
    one, two = figures
    efficiency = one["seconds"] / (2 * two["seconds"])
    print(f"detente.run on {len(files)} page dumps ({'with' if args.annotate else 'without'} the NLP stages), Dask LocalCluster, warm workers")
    for figure in figures:
        print(
            f"  {figure['workers']} worker(s): {figure['seconds']:.1f} s, {figure['articles']} articles, "
            f"scheduler overhead {figure['overhead_ms_per_partition']:.1f} ms per partition, "
            f"worker peak RSS {', '.join(f'{mb:.0f}' for mb in figure['worker_peak_rss_mb'])} MB"
        )
    print(f"  parallel efficiency time(1) / (2 x time(2)) = {efficiency:.0%} (goal >= 80%)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"files": len(files), "efficiency": efficiency, "runs": figures}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
