"""The Dask engine on a LocalCluster: 1 worker against 2, scheduler overhead, worker memory.

For each worker count a LocalCluster of single-threaded worker processes is started and
warmed (a run over a few files loads every worker's resources), then `detente.run` over
generated page dumps is timed with the whole pipeline (clean, dedup, store, annotate,
analysis, exports) through `--scheduler`, as an external cluster is used. Printed, each
beside a baseline measured in the same run:

- wall time with 1 and 2 workers and the parallel efficiency time(1) / (2 x time(2)), goal
  >= 80% (issue 13); the parent's serial share (linking, DuckDB writes, analysis) bounds it.
  Baseline: the local engine in one process (`--engine local`, 1 worker) on the same files;
- the scheduler's overhead per partition: a stage that does nothing, over many partitions;
- the peak resident memory of each worker process (VmHWM, read on the worker) and of
  the parent (this process; its peak over the whole benchmark). Baseline: each worker's
  floor, its peak after the warm-up (a run over a few files, then every worker's resources
  loaded). With several
  sizes (`--articles 5000,20000`) the largest worker count runs again at each further size
  on a fresh cluster: "flat" if the workers' peak above the floor grows by less than 15%
  from the first size to the last (issue 13: worker memory flat as the corpus grows);
- each stage's cost per article (its counters: seconds of worker time per document in; the
  dedup shuffle's seconds are wall time on the cluster), the input of the projection in
  benchmarks/README.md.

The corpus (generated page dumps, `generate_corpus.py`, never text from shared/) is made
once at the largest size; a smaller size runs on its first N files.

Not in `make bench` (minutes on 2 cores). Usage:
    .venv/bin/python benchmarks/bench_dask.py --articles 100 --no-annotate --noop-partitions 100   # smoke test
    .venv/bin/python benchmarks/bench_dask.py --articles 5000,20000 --no-annotate --json out/bench-dask.json   # issue 13's figures
    .venv/bin/python benchmarks/bench_dask.py --articles 200                                        # with the NLP stages
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
    """This process's peak resident memory: VmHWM, the high-water mark of its own address
    space. Not `ru_maxrss`: Linux carries it over fork and exec, so a worker process spawned
    by a parent of 270 MB reported 270 MB however little it used itself."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Resident memory now (a worker's peak is `_peak_rss_mb`)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _load_resources(settings: Settings, dask_worker: object = None) -> float:
    """Run on every worker (`Client.run` passes `dask_worker`): load the stages' resources into
    its plugin's cache, as its first partition would, so that every worker is warm and its
    floor is measured with them loaded (a warm-up run may give all its partitions to one)."""
    from detente.runners.dask_runner import PLUGIN_NAME
    from detente.stages import AnnotateStage, CleanStage

    cache = dask_worker.plugins[PLUGIN_NAME].cache  # type: ignore[attr-defined]
    cache.get(CleanStage(settings), settings)
    if settings.annotate:
        cache.get(AnnotateStage(settings), settings)
    return _rss_mb()


def _cpu_s() -> float:
    return time.process_time()


def per_article_ms(stages: dict[str, dict]) -> dict[str, float]:
    """Each stage's milliseconds per document in."""
    return {name: 1000 * counters["seconds"] / counters["docs_in"] for name, counters in sorted(stages.items()) if counters["docs_in"]}


def measure_local(files: list[Path], settings: Settings) -> dict[str, object]:
    """The baseline: the local engine in this process (one worker), on the same files, after
    a warm-up run that loads the resources (as the Dask workers are warmed)."""
    from detente.pipeline import run
    from detente.stages import ResourceCache

    cache = ResourceCache()
    local = replace(settings, engine="local", workers=1)
    with tempfile.TemporaryDirectory() as scratch:
        run(files[:4], Path(scratch) / "warm-out", settings=local, resources=cache)
        started = time.perf_counter()
        summary = run(files, Path(scratch) / "out", settings=local, resources=cache)
        elapsed = time.perf_counter() - started
    return {"engine": "local", "workers": 1, "files": len(files), "seconds": elapsed, "articles": summary.articles, "duplicates": summary.duplicates}


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
                probe.run(_load_resources, dask_settings)  # the warm-up registered the plugin; now every worker holds the resources
                floor = sorted(probe.run(_peak_rss_mb).values())  # each worker's peak before the measured run

                def mark(event: object) -> None:
                    """Workers' memory (now, peak) when cleaning ends and when the shuffle has ended."""
                    name = {"clean": "after clean", "store": "after dedup"}.get(getattr(event, "stage", ""))
                    if name and name not in marks and (name == "after dedup" or event.done == event.total):  # type: ignore[attr-defined]
                        marks[name] = {"seconds": round(time.perf_counter() - started, 1), "workers_mb": sorted(
                            (round(now), round(peak)) for now, peak in zip(probe.run(_rss_mb).values(), probe.run(_peak_rss_mb).values()))}

                worker_cpu = sum(probe.run(_cpu_s).values())
                parent_cpu = _cpu_s()
                started = time.perf_counter()
                summary = run(files, Path(scratch) / "out", settings=dask_settings, progress=mark)
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
        "engine": "dask", "workers": workers, "files": len(files), "seconds": elapsed, "worker_floor_rss_mb": floor, "articles": summary.articles, "annotated": summary.annotated,
        "stages": {name: counters.to_dict() for name, counters in summary.stages.items()},
        "overhead_ms_per_partition": overhead * 1000, "worker_peak_rss_mb": rss, "parent_peak_rss_mb": _peak_rss_mb(),
        "stage_ms_per_article": per_article_ms({name: counters.to_dict() for name, counters in summary.stages.items()}),
        "duplicates": summary.duplicates, "marks": marks,
        "worker_cpu_ms_per_article": 1000 * worker_cpu / max(1, len(files)), "parent_cpu_ms_per_article": 1000 * parent_cpu / max(1, len(files)),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="200", help="generated page dumps; several sizes comma-separated (memory growth), default 200")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=HERE / "_corpus" / "dask", help="where the generated corpus is kept")
    parser.add_argument("--annotate", action=argparse.BooleanOptionalAction, default=True, help="run the NLP stages too (default)")
    parser.add_argument("--partition-files", type=int, default=8)
    parser.add_argument("--noop-partitions", type=int, default=400, help="partitions of the no-op stage (scheduler overhead; 0: skip)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run at the first size, comma-separated (default 1,2: the efficiency)")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True, help="the local engine in one process at the first size (default)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    sizes = [int(value) for value in args.articles.split(",")]
    corpus = args.corpus / f"{args.seed}-{max(sizes)}"
    ensure_corpus(corpus, max(sizes), seed=args.seed)
    every = sorted((corpus / "txt").rglob("*.txt"))
    settings = Settings(annotate=args.annotate, report=False, partition_files=args.partition_files)
    counts = [int(value) for value in args.workers.split(",")]
    files = every[: sizes[0]]
    baseline = measure_local(files, settings) if args.baseline else None
    figures = [measure(files, workers, settings, args.noop_partitions) for workers in counts]
    figures += [measure(every[:size], max(counts), settings, 0) for size in sizes[1:]]
    print(f"detente.run on generated page dumps ({'with' if args.annotate else 'without'} the NLP stages), Dask LocalCluster, warm workers")
    if baseline:
        print(f"  baseline, local engine in one process: {baseline['files']} dumps in {baseline['seconds']:.1f} s, {baseline['articles']} articles")
    for figure in figures:
        print(
            f"  {figure['files']} dumps, {figure['workers']} worker(s): {figure['seconds']:.1f} s, {figure['articles']} articles ({figure['duplicates']} duplicates), "
            f"scheduler overhead {figure['overhead_ms_per_partition']:.1f} ms per partition, worker peak RSS "
            f"{', '.join(f'{mb:.0f}' for mb in figure['worker_peak_rss_mb'])} MB (floor {', '.join(f'{mb:.0f}' for mb in figure['worker_floor_rss_mb'])}), "
            f"parent peak RSS {figure['parent_peak_rss_mb']:.0f} MB (this process, so far)"
        )
        print("    ms per article: " + ", ".join(f"{name} {ms:.2f}" for name, ms in figure["stage_ms_per_article"].items())
              + f"; CPU ms per input file: workers {figure['worker_cpu_ms_per_article']:.1f}, parent {figure['parent_cpu_ms_per_article']:.1f}")
        for name, mark in figure["marks"].items():
            print(f"    {name} ({mark['seconds']} s): workers' memory now/peak {mark['workers_mb']} MB")
    efficiency = None
    if counts[:2] == [1, 2]:
        efficiency = figures[0]["seconds"] / (2 * figures[1]["seconds"])
        print(f"  parallel efficiency time(1) / (2 x time(2)) = {efficiency:.0%} (goal >= 80%)")
        if baseline:
            print(f"  against the local engine in one process: 1 worker {baseline['seconds'] / figures[0]['seconds']:.2f}x, "
                  f"2 workers {baseline['seconds'] / figures[1]['seconds']:.2f}x (speed-up; 2.0x would be perfect)")
    growth = memory_growth([figure for figure in figures if figure["workers"] == max(counts)])
    if growth:
        print(f"  largest worker peak, {growth['first_files']} -> {growth['last_files']} dumps: {growth['peak_mb'][0]:.0f} -> {growth['peak_mb'][1]:.0f} MB "
              f"(x{growth['ratio']:.2f}; above the floor {growth['above_floor_mb'][0]:.0f} -> {growth['above_floor_mb'][1]:.0f} MB): "
              f"{'flat' if growth['flat'] else 'NOT flat'} (goal: flat, here < +15%)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"sizes": sizes, "efficiency": efficiency, "baseline": baseline, "memory_growth": growth, "runs": figures}, indent=2), encoding="utf-8")
    return 0


def memory_growth(figures: list[dict]) -> dict[str, object] | None:
    """The largest worker peak at the first and the last size (runs of one worker count, each
    on a fresh cluster), and the same above that run's largest floor; None with one size.
    "Flat": the peak grows by less than 15% (the floor is the same at every size)."""
    if len(figures) < 2:
        return None
    first, last = figures[0], figures[-1]
    peaks = [max(figure["worker_peak_rss_mb"]) for figure in (first, last)]
    above = [max(figure["worker_peak_rss_mb"]) - max(figure["worker_floor_rss_mb"]) for figure in (first, last)]
    return {"first_files": first["files"], "last_files": last["files"], "peak_mb": peaks, "above_floor_mb": above,
            "ratio": peaks[1] / peaks[0], "flat": peaks[1] / peaks[0] < 1.15}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
