"""Benchmark of the shuffled near-duplicate stages (detente.dedup_shuffle), issue 13.

Three measurements on one generated corpus (20,000 articles by default), each in a fresh
subprocess (this script with --child) so that each peak memory figure is its own:

- `index`: the local engine today, `dedup.link_duplicates` over one `DuplicateIndex` (every
  canonical signature in one process), with the clusters it finds;
- `local`: `find_duplicates` without a client (every stage in one process);
- `dask`: `find_duplicates` on a 2-worker `distributed.LocalCluster` (processes); the
  articles and their signatures are made on the workers (a bag of partitions), so the
  parent holds only the verified edges, the components and the decisions.

Each child first generates the corpus and signs it (timed apart), then times the dedup
stages alone. Printed: seconds, peak resident memory of the parent (ru_maxrss) and, for
Dask, of each worker; the edges and clusters; whether `local` and `dask` decided exactly
the same, and how many clusters the index engine agrees on (they differ only where
similarity is not transitive: see the module docstring of dedup_shuffle). A slow figure
never fails the benchmark; the exit status is non-zero only if a measurement crashes or
the two engines disagree.

The corpus: article i is a function of (seed, i) alone. About 10% are near copies of an
earlier original (1-6 words edited out of about 250, another format or metadata), 3% exact
copies (other case and spacing), the rest fresh texts from an invented vocabulary.

Usage:
    python benchmarks/bench_dedup_shuffle.py [--articles 20000] [--partitions 16] [--seed 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from detente.clean import content_hash
from detente.config import Settings
from detente.records import Article

RESULT_PREFIX = "RESULT "
SYLLABLES = ["ka", "lo", "mer", "tin", "sa", "vor", "del", "pi", "run", "gal", "te", "mos", "bri", "an", "zu", "quel", "dor", "ix"]
NEAR, EXACT = 0.10, 0.03


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    """CPU seconds of this process: on a loaded shared machine, steadier than wall time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ======================================================================================
# The corpus: a function of (seed, index).


def vocabulary(seed: int, size: int = 3000) -> list[str]:
    rng = random.Random(f"vocabulary:{seed}")
    return sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))) for _ in range(size)})


def _kind(seed: int, index: int) -> tuple[str, int]:
    """("fresh", index), or ("near"|"exact", the original's index): copies always copy an
    original, found by following earlier copies back."""
    rng = random.Random(f"kind:{seed}:{index}")
    draw = rng.random()
    if index == 0 or draw >= NEAR + EXACT:
        return "fresh", index
    target = rng.randrange(index)
    while (found := _kind(seed, target))[0] != "fresh":
        target = found[1]
    return ("near" if draw < NEAR else "exact"), target


def _words(seed: int, index: int, words: list[str]) -> list[str]:
    rng = random.Random(f"text:{seed}:{index}")
    return [rng.choice(words) for _ in range(rng.randint(180, 320))]


def article(seed: int, index: int, words: list[str]) -> Article:
    """Article `index` of the corpus."""
    kind, original = _kind(seed, index)
    text_words = _words(seed, original, words)
    rng = random.Random(f"copy:{seed}:{index}")
    if kind == "near":
        for position in rng.sample(range(len(text_words)), rng.randint(1, 6)):
            text_words[position] = rng.choice(words)
    text = " ".join(" ".join(text_words[start : start + 12]).capitalize() + "." for start in range(0, len(text_words), 12))
    if kind == "exact":
        text = text.upper().replace(". ", ".  ")
    fmt = rng.choice(["text", "html", "jsonl"])
    published = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.5 else None
    return Article(
        id=content_hash(text), source=f"gen/{index:06d}.{fmt}", url=None, format=fmt,
        title=f"Story {original}" if fmt != "text" else None, outlet=None, credited=[], author=None, dateline=None,
        language="en", published=published, published_precision="day" if published else None, published_interval=None,
        text=text, word_count=len(text.split()), removed=[],
    )  # fmt: skip


def partition(spec: tuple[int, int, int, int]) -> list[tuple[Article, np.ndarray]]:
    """Articles [start, stop) of the corpus with their signatures (runs on a worker)."""
    from detente.dedup import signature

    seed, start, stop, _ = spec
    settings, words = Settings(), vocabulary(seed)
    return [(item, signature(item.text, settings)) for item in (article(seed, index, words) for index in range(start, stop))]


def specs(seed: int, articles: int, partitions: int) -> list[tuple[int, int, int, int]]:
    bounds = [articles * part // partitions for part in range(partitions + 1)]
    return [(seed, start, stop, part) for part, (start, stop) in enumerate(zip(bounds, bounds[1:]))]


# ======================================================================================
# Measurements, one per child process.


def _clusters(pairs: Sequence[tuple[str, str | None]], ids: dict[str, str]) -> set[frozenset[str]]:
    """Clusters of sources (with at least one copy) from (source, duplicate_of id) pairs."""
    groups: dict[str, set[str]] = defaultdict(set)
    for source, duplicate_of in pairs:
        if duplicate_of:
            groups[duplicate_of].add(source)
    return {frozenset(members | {ids[canonical]}) for canonical, members in groups.items() if canonical in ids}


def child_index(spec: dict[str, Any]) -> dict[str, Any]:
    from detente.dedup import DuplicateIndex, link_duplicates

    started = time.perf_counter()
    entries = [entry for item in specs(spec["seed"], spec["articles"], spec["partitions"]) for entry in partition(item)]
    generated = time.perf_counter() - started
    index = DuplicateIndex(Settings())  # its LSH parameters are computed here, as lsh_bands' are before the clock
    started, cpu = time.perf_counter(), _cpu_s()
    linked = link_duplicates(entries, index)
    seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    ids = {item.id: item.source for item in linked if item.duplicate_of is None}
    clusters = _clusters([(item.source, item.duplicate_of) for item in linked], ids)
    clustered = sorted(map(sorted, clusters))
    return {"generate_s": generated, "dedup_s": seconds, "dedup_cpu_s": cpu, "parent_peak_mb": _peak_rss_mb(), "clusters": clustered}


def child_local(spec: dict[str, Any]) -> dict[str, Any]:
    from detente.dedup_shuffle import find_duplicates, lsh_bands

    bands = lsh_bands(Settings())
    started = time.perf_counter()
    partitions = [partition(item) for item in specs(spec["seed"], spec["articles"], spec["partitions"])]
    generated = time.perf_counter() - started
    started, cpu = time.perf_counter(), _cpu_s()
    links = find_duplicates(partitions, Settings(), bands=bands)
    seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
    return {"generate_s": generated, "dedup_s": seconds, "dedup_cpu_s": cpu, "parent_peak_mb": _peak_rss_mb(), **_summary(links)}


def child_dask(spec: dict[str, Any]) -> dict[str, Any]:
    import dask.bag as db
    import distributed

    from detente.dedup_shuffle import find_duplicates, lsh_bands

    bands = lsh_bands(Settings())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as client:
            client.run(partition, (spec["seed"], 0, 1, 0))  # workers import detente before the clock starts
            ready_mb = _peak_rss_mb()
            started = time.perf_counter()
            items = specs(spec["seed"], spec["articles"], spec["partitions"])
            bag = db.from_sequence(items, npartitions=len(items)).map_partitions(lambda part: partition(part[0]))
            bag = client.persist(bag)
            distributed.wait(bag)
            generated = time.perf_counter() - started
            started, cpu, worker_cpu = time.perf_counter(), _cpu_s(), sum(client.run(_cpu_s).values())
            links = find_duplicates(bag, Settings(), client=client, bands=bands)
            seconds, cpu = time.perf_counter() - started, _cpu_s() - cpu
            worker_cpu = sum(client.run(_cpu_s).values()) - worker_cpu
            workers = client.run(_peak_rss_mb)
    return {
        "generate_s": generated, "dedup_s": seconds, "dedup_cpu_s": cpu + worker_cpu, "parent_cpu_s": cpu,
        "parent_peak_mb": _peak_rss_mb(), "parent_ready_mb": ready_mb,
        "worker_peak_mb": sorted(workers.values()), **_summary(links),
    }  # fmt: skip


def _summary(links: Any) -> dict[str, Any]:
    decisions = sorted((key, repr(decision)) for key, decision in links.decisions.items())
    pairs = [(key[0], decision.duplicate_of) for key, decision in links.decisions.items()]
    ids = {decision.id: key[0] for key, decision in links.decisions.items() if decision.duplicate_of is None}
    return {
        "articles": links.articles, "candidate_pairs": links.candidate_pairs, "edges": links.edges,
        "components": links.components, "duplicates": sum(1 for source, of in pairs if of),
        "decisions_digest": hash_text(json.dumps(decisions)), "clusters": sorted(map(sorted, _clusters(pairs, ids))),
    }  # fmt: skip


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


CHILDREN = {"index": child_index, "local": child_local, "dask": child_dask}


# ======================================================================================
# The parent: run each child, print one table.


def _run(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--spec", json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise RuntimeError(f"{name} failed:\n{done.stderr[-3000:]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(CHILDREN), default=["index", "local", "dask"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(RESULT_PREFIX + json.dumps(CHILDREN[args.child](json.loads(args.spec))), flush=True)
        return 0
    spec = {"articles": args.articles, "partitions": args.partitions, "seed": args.seed}
    print(f"dedup_shuffle benchmark: {args.articles:,} generated articles, {args.partitions} partitions, seed {args.seed}")
    results: dict[str, dict[str, Any]] = {}
    failed = False
    for name in args.only:
        try:
            results[name] = _run(name, spec)
        except RuntimeError as error:
            print(error)
            failed = True
            continue
        result = results[name]
        extra = f", workers' peak {' / '.join(f'{mb:.0f}' for mb in result['worker_peak_mb'])} MB" if "worker_peak_mb" in result else ""
        ready = f" (after start-up {result['parent_ready_mb']:.0f})" if "parent_ready_mb" in result else ""
        counts = f", {result['candidate_pairs']:,} candidate pairs, {result['edges']:,} edges" if "edges" in result else ""
        print(
            f"  {name:6s} generate+sign {result['generate_s']:6.1f} s   dedup {result['dedup_s']:6.2f} s "
            f"(CPU {result['dedup_cpu_s']:6.2f} s, all processes)   "
            f"parent peak {result['parent_peak_mb']:.0f} MB{ready}{extra}; {len(result['clusters']):,} clusters{counts}"
        )
    if "local" in results and "dask" in results:
        same = results["local"]["decisions_digest"] == results["dask"]["decisions_digest"]
        print(f"  local and dask decisions identical: {same}")
        failed |= not same
    if "index" in results and "local" in results:
        index = {tuple(cluster) for cluster in results["index"]["clusters"]}
        local = {tuple(cluster) for cluster in results["local"]["clusters"]}
        print(f"  clusters: index engine {len(index):,}, components {len(local):,}, identical {len(index & local):,} "
              "(the rest: non-transitive chains, which the index engine splits by input order)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
