"""Load test of the workbench on loopback: latency of the search, dyad and article pages.

Builds a store of synthetic records (the generator of `bench_analysis.py`: about 100,000 event
mentions, their articles and quotes, merged with `merge_events`; no text from shared/), starts
`detente serve --db STORE` as a subprocess (uvicorn, one process, as a user runs it), waits for
the first snapshot and search index, then sends a fixed number of sequential requests per page
with httpx and prints p50 / p90 / p99 / max in milliseconds:

- search: /search with a rotating mix of text queries (ranked by BM25), dyad filters, a CAMEO
  root, a date range, exclusion of negated events, and an articles search; each page counts
  its total;
- dyad: /dyad/A/B for the busy pairs and their reverse, every frequency, split into first
  requests and repeated ones (a view is kept in memory for the snapshot's lifetime). The views
  of pairs with at least `dyadviews.MIN_EVENTS` merged events (the five busy pairs of this
  store) are computed with the snapshot, before serving (`detente.web.dyadviews`): their first
  request reads one stored row. "dyad, other pairs (first)": random pairs under that threshold,
  every frequency, each requested once: computed on demand (start-up has computed the per-side
  parts, quotes and names, of the overview's pairs only);
- article: /article/ID for random articles (text with highlights, quotes, events, duplicates).

Goal: p99 < 200 ms on this machine. The exit status is non-zero only if a request fails.

Usage:
    .venv/bin/python benchmarks/bench_web.py [--events 100000] [--requests 300] [--seed 7] [--keep DIR] [--slowest 10] [--corrections]

--corrections: afterwards, in this process, the seconds from a correction to the snapshot that shows
it, incremental update against a full snapshot (`correction_timing`).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import generate  # noqa: E402

from detente.analysis import ActorCatalog, merge_events  # noqa: E402
from detente.annotate import Annotations  # noqa: E402
from detente.ingest.files import InputFile  # noqa: E402
from detente.store import FileResult, Store  # noqa: E402

WORDS = ["sanctions", "pipeline", "missile treaty", "embassy", "drones", "ceasefire", "summit talks", "grain", "nuclear", "\"gas pipeline\""]
PAIRS = [("RUS", "NATO"), ("RUS", "UKR"), ("USA", "RUS"), ("USA", "CHN"), ("ISR", "SYR"), ("NATO", "RUS")]


def build_store(path: Path, events_wanted: int, seed: int) -> dict[str, int]:
    """Write synthetic articles, events, quotes and merged events into a new store."""
    events, articles, quotes, _ = generate(events_wanted, seed)
    merged = merge_events(events, articles, catalog=ActorCatalog.load())
    by_article: dict[str, Annotations] = {article.id: Annotations(article.id) for article in articles}
    for event in events:
        by_article[event.article_id].events.append(event)
    for quote in quotes:
        by_article[quote.article_id].quotes.append(quote)
    with Store(path) as store:
        for start in range(0, len(articles), 5000):
            chunk = articles[start:start + 5000]
            item = InputFile(f"synthetic-{start}.jsonl", "jsonl", False, 0, 0)
            store.write_batch([FileResult(item, chunk, {}, [])])
            store.write_annotations([by_article[article.id] for article in chunk])
        store.replace_merged_events(merged.merged)
    return {"events": len(events), "articles": len(articles), "quotes": len(quotes), "merged": len(merged.merged)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    return (f"n={len(ordered):>4}  p50 {at(0.5):7.1f}  p90 {at(0.9):7.1f}  p99 {at(0.99):7.1f}  max {ordered[-1]:7.1f} ms"
            f"  (mean {statistics.fmean(ordered):.1f})")


SLOW: list[tuple[float, str]] = []  # (ms, url) of every request, for --slowest


def timed(client: httpx.Client, url: str, failures: list[str]) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        failures.append(f"{response.status_code} {url}")
    SLOW.append((elapsed, url))
    return elapsed


def search_urls(rng: random.Random, count: int) -> list[str]:
    urls = []
    for number in range(count):
        word = WORDS[number % len(WORDS)]
        a, b = PAIRS[number % len(PAIRS)]
        choice = number % 6
        if choice == 0:
            urls.append(f"/search?q={word}")
        elif choice == 1:
            urls.append(f"/search?a={a}&b={b}")
        elif choice == 2:
            urls.append(f"/search?q={word}&a={a}&b={b}&directed=true&exclude_negated=true")
        elif choice == 3:
            urls.append(f"/search?cameo_root={rng.choice(['04', '11', '17', '19'])}&date_from=2020-0{rng.randint(1, 9)}&date_to=2021")
        elif choice == 4:
            urls.append(f"/search?kind=articles&q={word}")
        else:
            urls.append(f"/search?kind=quotes&actor={a}")
    return urls


def other_pairs(db: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """`count` random pairs of side keys with merged events between them, other than PAIRS and
    under the busy threshold (`dyadviews.MIN_EVENTS`): their first views are computed on demand."""
    import duckdb

    from detente.web.dyadviews import MIN_EVENTS

    busy = {tuple(sorted(pair)) for pair in PAIRS}
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT least(source_key, target_key), greatest(source_key, target_key) FROM merged_events "
            "WHERE source_key <> target_key GROUP BY 1, 2 HAVING count(*) < ? ORDER BY 1, 2", [MIN_EVENTS]).fetchall()
    rows = [row for row in rows if row not in busy and all(key.isalnum() and len(key) >= 2 for key in row)]
    return random.Random(seed).sample(rows, min(count, len(rows)))


def correction_timing(db: Path, folder: Path) -> None:
    """Seconds from an analyst's correction to the snapshot that shows it, in this process (no
    HTTP): the incremental update (`detente.web.incremental`) against a full snapshot (copy,
    search tables, full-text index) of the same store; and the first dyad view of the corrected
    busy pair after each (computed on demand until the warm-up thread has stored it again)."""
    import duckdb

    from detente.web.app import ServeConfig, Workbench, dyad_cached

    config = ServeConfig(db=db, allow_edits=True, token="bench", corrections=folder / "bench-corrections.sqlite")
    config.corrections_path.unlink(missing_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        event_ids = [row[0] for row in con.execute(
            "SELECT id FROM events WHERE source.country = 'RUS' AND target.country = 'USA' AND NOT coalesce(modality.negated, FALSE) "
            "ORDER BY id LIMIT 2").fetchall()]
    bench = Workbench(config)
    bench.starting = True
    started = time.perf_counter()
    bench.snapshot()
    print(f"correction timing: start-up snapshot (search tables, index, busy pairs' views) {time.perf_counter() - started:.1f} s", flush=True)
    bench.starting = False
    try:
        for label, event_id, incremental in (("incremental update", event_ids[0], True), ("full snapshot", event_ids[1], False)):
            bench.source.update = bench._update if incremental else None
            bench.corrections.add(event_id, "fix", cameo="173", note="bench")
            bench.source.invalidate()
            started = time.perf_counter()
            snapshot = bench.snapshot()
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            dyad_cached(snapshot, bench.catalog, "RUS", "USA", "month", False)
            print(f"correction -> {label}: {elapsed:.2f} s; then first /dyad/RUS/USA {1000 * (time.perf_counter() - started):.0f} ms "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        for thread in threading.enumerate():  # the warm-up threads of the snapshots taken here
            if thread.name == "detente-warm-up":
                thread.join()
        bench.source.close()
        config.corrections_path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per page kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it (reused when it exists)")
    parser.add_argument("--slowest", type=int, default=0, help="print this many slowest requests with their URLs")
    parser.add_argument("--corrections", action="store_true", help="also time a correction: incremental update vs full snapshot")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="detente-bench-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "detente.duckdb"
    started = time.perf_counter()
    if not db.exists():
        sizes = build_store(db, args.events, args.seed)
        print(f"store: {sizes['events']:,} events, {sizes['merged']:,} merged, {sizes['articles']:,} articles, "
              f"{sizes['quotes']:,} quotes; built in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:.0f} MB)", flush=True)
    others = other_pairs(db, args.requests // 4, args.seed)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "detente.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    failures: list[str] = []
    try:
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        with httpx.Client(base_url=base, timeout=120) as client:
            while True:
                try:
                    if client.get("/api/v1/overview").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
                if server.poll() is not None:
                    print(server.stderr.read() if server.stderr else "", file=sys.stderr)
                    return 1
            print(f"server ready (snapshot and FTS5 index built) after {time.perf_counter() - started:.1f} s", flush=True)
            rng = random.Random(args.seed)
            article_ids = client.get("/api/v1/articles", params={"limit": 1000}).json()["items"]
            article_ids = [row["id"] for row in article_ids]
            print(f"{'page':<22} latency, {args.requests} sequential requests per kind", flush=True)
            results = {"search": [timed(client, url, failures) for url in search_urls(rng, args.requests)]}
            print(f"{'search':<22} {percentiles(results['search'])}", flush=True)
            cold, warm = [], []
            seen = set()
            for number in range(args.requests):
                a, b = PAIRS[number % len(PAIRS)]
                freq = ["month", "week", "year", "day"][(number // len(PAIRS)) % 4]
                url = f"/dyad/{a}/{b}?freq={freq}"
                (warm if url in seen else cold).append(timed(client, url, failures))
                seen.add(url)
            results["dyad (first request)"] = cold
            results["dyad (repeated)"] = warm
            results["dyad (all)"] = cold + warm
            results["dyad, other pairs (first)"] = [  # pairs under the busy threshold: computed on demand
                timed(client, f"/dyad/{a}/{b}?freq={['month', 'week', 'year', 'day'][number % 4]}", failures)
                for number, (a, b) in enumerate(others)]
            results["article"] = [timed(client, f"/article/{rng.choice(article_ids)}", failures) for _ in range(args.requests)]
            for name, values in results.items():
                if values and name != "search":
                    print(f"{name:<22} {percentiles(values)}", flush=True)
            print(f"load average during the run (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
            for elapsed, url in sorted(SLOW, reverse=True)[:args.slowest]:
                print(f"  slow: {elapsed:8.1f} ms  {url}")
            p99 = {name: sorted(v)[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] for name, v in results.items() if v}
            verdict = ", ".join(f"{name} {'met' if value < 200 else 'NOT met'}" for name, value in p99.items())
            print(f"goal p99 < 200 ms: {verdict}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.corrections:
            correction_timing(db, folder)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    for failure in failures[:20]:
        print("FAILED", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
