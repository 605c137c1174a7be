"""Benchmark of detente's clean stage, dedup and pipeline (`make bench`).

Prints one table: every figure next to a baseline measured in the same run (trafilatura on
the same pages as HTML, reading without cleaning, exact-hash dedup, one worker vs two, the
memory of a process that has only loaded detente). The issue's goal (cleaning >= 1,000
articles/s per core) is printed beside the cleaning figures; a slow figure never makes the
benchmark fail: the exit status is non-zero only when a measurement crashes.

Every measurement runs in a fresh subprocess (this script with --child), so each peak
memory figure (ru_maxrss) belongs to that measurement alone; the single-core ones pin
their process to one CPU. The corpus comes from generate_corpus.py and is kept under
benchmarks/_corpus/ (git-ignored) for the next run.

Usage:
    python benchmarks/bench_clean.py [--shared ../shared] [--articles 5000] [--quick]
                                     [--scale auto|always|never] [--profile] [--stages] [--json results.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_corpus as corpus_gen  # noqa: E402

CORPUS_ROOT = HERE / "_corpus"
GOAL = 1000.0  # cleaning articles/s per core, from the issue
SEED_PASSES = 200
TRAFILATURA_OPTIONS = {"with_metadata": True, "include_comments": False, "include_tables": False}  # as detente's HTML path
RESULT_PREFIX = "RESULT "
SCALE_BUDGET_S = 270.0  # run the 2x-corpus memory check only if the whole run should stay under this


# ======================================================================================
# Measurements: each runs in its own process (`--child NAME --spec JSON`).


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process (or of its largest waited-for child), in MB."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _pin_one_core() -> int | None:
    """Run this process on one CPU, so "per core" means per core (Linux only)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _timed(function: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run `function` with the collector settled first; return (result, wall s, CPU s)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _input_files(paths: Sequence[Path]) -> list[Any]:
    from detente.ingest import InputFile, discover

    return [item for item in discover(paths) if isinstance(item, InputFile)]


def _read_raw(items: Sequence[Any], settings: Any) -> list[Any]:
    from detente.ingest import read_file
    from detente.records import Reject

    return [raw for item in items for raw in read_file(item, settings) if not isinstance(raw, Reject)]


def _resources() -> tuple[Any, Any]:
    """Cleaning resources (with the boilerplate patterns and the line classifier), loaded before any timing."""
    from detente.config import Settings
    from detente.resources import load_cleaning_resources

    settings = Settings()
    return settings, load_cleaning_resources(settings)


def child_floor(spec: dict[str, Any]) -> dict[str, Any]:
    """Memory of a process that imported what a measurement imports, loaded the resources,
    and cleaned nothing: the baseline for that measurement's peak."""
    import detente.clean  # noqa: F401
    import detente.ingest  # noqa: F401

    if spec["imports"] == "pipeline":
        import detente.pipeline  # noqa: F401
        import detente.store  # noqa: F401
    _resources()
    return {"rss_mb": _peak_rss_mb()}


def child_clean(spec: dict[str, Any]) -> dict[str, Any]:
    """clean_document over dumps already in memory (no file I/O), on one core."""
    from detente.clean import clean_document
    from detente.pipeline import count_common_lines
    from detente.records import Reject

    corpus, n = Path(spec["corpus"]), spec["articles"]
    settings, resources = _resources()
    items = _input_files(corpus_gen.files(corpus, n))
    common, common_s, _ = _timed(lambda: count_common_lines(items, settings))
    raws = _read_raw(items, settings)
    clean_document(raws[0], resources, common)  # warm-up: lazy imports and caches
    cpu = _pin_one_core()
    results, wall, cpu_s = _timed(lambda: [clean_document(raw, resources, common) for raw in raws])
    articles = [r for r in results if not isinstance(r, Reject)]
    rejects = [r for r in results if isinstance(r, Reject)]
    manifest = {str(corpus / m["txt"]): m for m in corpus_gen.read_manifest(corpus, n)}
    kept = sum(a.word_count for a in articles)
    planted_words = sum(manifest[a.source]["body_words"] for a in articles)
    titles = sum(1 for a in articles if a.title == manifest[a.source]["title"])
    out: dict[str, Any] = {
        "docs": len(raws), "seconds": wall, "cpu_seconds": cpu_s, "rate": len(raws) / wall, "cpu": cpu,
        "articles": len(articles), "rejects": len(rejects),
        "reject_reasons": Counter(r.reason.split(" (")[0] for r in rejects).most_common(3),
        "kept_vs_planted_words": kept / planted_words if planted_words else None,
        "titles_found": titles, "common_lines": len(common), "common_seconds": common_s,
        "rss_mb": _peak_rss_mb(),
    }  # fmt: skip
    if spec.get("articles_out"):
        with open(spec["articles_out"], "wb") as handle:
            pickle.dump(articles, handle, protocol=pickle.HIGHEST_PROTOCOL)
    if spec.get("common_out"):
        with open(spec["common_out"], "wb") as handle:
            pickle.dump(common, handle)
    if spec.get("profile"):
        out["profile"] = _profile(lambda: [clean_document(raw, resources, common) for raw in raws[:1000]])
    if spec.get("stages"):
        out["stages"] = _stage_times(lambda: [clean_document(raw, resources, common) for raw in raws[:1000]], len(raws[:1000]))
    return out


# The stages of `clean_document` timed by `--stages`: (label, module, attribute), outer stages
# first; a label's leading spaces say which stage above it includes it.
STAGES = (
    ("normalize_text", "detente.clean", "normalize_text"),
    ("extract_metadata (metadata lines)", "detente.clean", "extract_metadata"),
    ("segment_lines (line cleaner)", "detente.clean", "segment_lines"),
    ("  _line_infos (per-line features, patterns)", "detente.clean.lines", "_line_infos"),
    ("    _page_stop_words", "detente.clean.lines", "_page_stop_words"),
    ("  feature_matrix (model inputs)", "detente.clean.lines", "feature_matrix"),
    ("  TreeModel.probability (model)", "detente.clean.classifier", "TreeModel.probability"),
    ("add_credits", "detente.clean", "add_credits"),
    ("_finish (checks, dates, metadata fields)", "detente.clean", "_finish"),
    ("  language identification", "detente.clean.language", "LanguageIdentifier.classify"),
    ("  content_hash", "detente.clean", "content_hash"),
)


def _stage_times(function: Callable[[], Any], docs: int) -> list[tuple[str, float]]:
    """CPU microseconds per document spent in each of `STAGES` (inclusive) while `function`
    runs, and the whole run first. Why not cProfile: its cost per call inflates the stages
    made of many small calls several times over; here only the few stage calls are wrapped."""
    import importlib

    spent: dict[str, float] = {}
    restore = []

    def timed(label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - started

        return wrapper

    for label, module_name, attribute in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)  # (a method may be inherited: then the wrapper is removed again, not kept)
        restore.append((owner, name, vars(owner).get(name)))
        setattr(owner, name, timed(label, original))
    try:
        _, _, cpu = _timed(function)
    finally:
        for owner, name, own in reversed(restore):
            if own is None:
                delattr(owner, name)
            else:
                setattr(owner, name, own)
    return [("clean_document (all)", cpu / docs * 1e6)] + [(label, spent.get(label, 0.0) / docs * 1e6) for label, _, _ in STAGES]


def _profile(function: Callable[[], Any], top: int = 18) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(function)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return stream.getvalue()


def child_stream(spec: dict[str, Any]) -> dict[str, Any]:
    """Read and clean one file at a time, as the pipeline's workers=1 path does, on one core.

    A read-only pass first (same files, nothing cleaned) is the baseline; it also makes
    the clean pass read from the page cache like the other measurements. Corpus-common
    lines come from the clean measurement (over the full corpus), so that this process's
    peak memory is the cleaner's alone and comparable across corpus sizes.
    """
    from detente.clean import clean_document
    from detente.ingest import InputFile, discover, read_file
    from detente.records import Reject

    corpus, n = Path(spec["corpus"]), spec["articles"]
    settings, resources = _resources()
    files = lambda: (item for item in discover(paths) if isinstance(item, InputFile))  # noqa: E731  (lazily: flat memory)
    with open(spec["common_in"], "rb") as handle:
        common = pickle.load(handle)
    paths = corpus_gen.files(corpus, n)
    clean_document(_read_raw(_input_files(paths[:1]), settings)[0], resources, common)
    cpu = _pin_one_core()

    def read_only() -> int:
        chars = 0
        for item in files():
            for raw in read_file(item, settings):
                chars += 0 if isinstance(raw, Reject) else len(raw.text or "")
        return chars

    def read_and_clean() -> tuple[int, int]:
        docs = articles = 0
        for item in files():
            for raw in read_file(item, settings):
                docs += 1
                if not isinstance(raw, Reject) and not isinstance(clean_document(raw, resources, common), Reject):
                    articles += 1
        return docs, articles

    chars, read_wall, _ = _timed(read_only)
    (docs, articles), wall, cpu_s = _timed(read_and_clean)
    return {
        "docs": docs, "articles": articles, "seconds": wall, "cpu_seconds": cpu_s, "rate": docs / wall,
        "read_rate": n / read_wall, "read_mb_s": chars / read_wall / 1e6, "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_dedup(spec: dict[str, Any]) -> dict[str, Any]:
    """signature() + link_duplicates() over the cleaned articles, on one core; exact-hash baseline."""
    import tracemalloc

    from detente.clean import content_hash
    from detente.config import Settings
    from detente.dedup import DuplicateIndex, link_duplicates, signature

    corpus, n = Path(spec["corpus"]), spec["articles"]
    settings = Settings()
    with open(spec["articles_in"], "rb") as handle:
        articles = pickle.load(handle)
    signature(articles[0].text, settings)  # warm-up
    cpu = _pin_one_core()

    signatures, sig_wall, _ = _timed(lambda: [signature(article.text, settings) for article in articles])
    index = DuplicateIndex(settings)
    linked, link_wall, _ = _timed(lambda: link_duplicates(zip(articles, signatures), index))

    def exact_only() -> int:
        seen: set[str] = set()
        copies = 0
        for article in articles:
            key = content_hash(article.text)
            copies += key in seen
            seen.add(key)
        return copies

    exact_found, exact_wall, _ = _timed(exact_only)

    # Which links are right: the manifest says what each planted copy copies.
    manifest = corpus_gen.read_manifest(corpus, n)
    index_of = {str(corpus / m["txt"]): m["index"] for m in manifest}
    present = {index_of[a.source] for a in articles}
    canonical_index = {a.id: index_of[a.source] for a in linked if a.duplicate_of is None}
    planted = {m["index"]: m["of"] for m in manifest if m["kind"] != "original" and m["index"] in present and m["of"] in present}
    found = {index_of[a.source]: canonical_index.get(a.duplicate_of) for a in linked if a.duplicate_of}
    right = sum(1 for copy, original in found.items() if planted.get(copy) == original)
    kinds = Counter(m["kind"] for m in manifest if m["index"] in planted)

    # Memory the index keeps per canonical article: a second, untimed pass under tracemalloc
    # (which slows allocation down a lot) over the first 1,000 articles; the index grows linearly.
    tracemalloc.start()
    index2 = DuplicateIndex(settings)
    relinked = link_duplicates(((a, s.copy()) for a, s in zip(articles[:1000], signatures)), index2)
    del relinked
    gc.collect()
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return {
        "docs": len(articles), "seconds": sig_wall + link_wall, "signature_seconds": sig_wall, "link_seconds": link_wall,
        "rate": len(articles) / (sig_wall + link_wall), "found": len(found), "right": right, "planted": len(planted),
        "planted_near": kinds["near"], "planted_exact": kinds["exact"], "exact_found": exact_found,
        "exact_rate": len(articles) / exact_wall, "canonical": len(index2), "index_bytes": index_bytes,
        "signature_bytes": int(signatures[0].nbytes),
        "index_bytes_per_article": index_bytes / max(1, len(index2)), "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_trafilatura(spec: dict[str, Any]) -> dict[str, Any]:
    """trafilatura.bare_extraction over the same pages as HTML, in memory, on one core."""
    import trafilatura

    from detente.config import Settings

    corpus, n = Path(spec["corpus"]), spec["articles"]
    settings = Settings()
    pages = [raw.html for raw in _read_raw(_input_files(corpus_gen.files(corpus, n, "html")), settings)]
    trafilatura.bare_extraction(pages[0], **TRAFILATURA_OPTIONS)
    cpu = _pin_one_core()
    documents, wall, cpu_s = _timed(lambda: [trafilatura.bare_extraction(page, **TRAFILATURA_OPTIONS) for page in pages])
    texts = [d.text for d in documents if d is not None and (d.text or "").strip()]
    planted_words = sum(m["body_words"] for m in corpus_gen.read_manifest(corpus, n))
    return {
        "docs": len(pages), "seconds": wall, "cpu_seconds": cpu_s, "rate": len(pages) / wall, "extracted": len(texts),
        "kept_vs_planted_words": sum(len(t.split()) for t in texts) / planted_words, "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    """detente.pipeline.run end to end (common lines, clean, sign, link, DuckDB, exports).

    The NLP stages (`Settings.annotate`, spaCy) are switched off where the settings have
    them: this benchmark is about ingest -> clean -> dedup -> store.
    """
    from dataclasses import fields

    from detente.config import Settings
    from detente.pipeline import run

    corpus, n = Path(spec["corpus"]), spec["articles"]
    out = Path(spec["out"])
    options: dict[str, Any] = {"workers": spec["workers"]}
    if "annotate" in {f.name for f in fields(Settings)}:
        options["annotate"] = False
    settings = Settings(**options)
    paths = corpus_gen.files(corpus, n)
    timing = _instrument_store()
    started = time.perf_counter()
    summary = run(paths, out, settings=settings)
    wall = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return {
        "docs": summary.files_processed, "seconds": wall, "rate": summary.files_processed / wall,
        "articles": summary.articles, "duplicates": summary.duplicates, "rejects": len(summary.rejects),
        "rss_mb": _peak_rss_mb(), "children_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN), **timing,
    }  # fmt: skip


def _instrument_store() -> dict[str, float]:
    """Time the store's batch writes and exports, and note the peak memory before the exports.

    Wraps two methods of `detente.store.Store` in this measurement's process only; what they
    do is unchanged. The figures are filled in as the run goes.
    """
    from detente.store import Store

    timing = {"write_seconds": 0.0, "export_seconds": 0.0, "rss_before_export_mb": 0.0}
    write_batch, export = Store.write_batch, Store.export

    def timed_write(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return write_batch(self, *args, **kwargs)
        finally:
            timing["write_seconds"] += time.perf_counter() - started

    def timed_export(self: Any, *args: Any, **kwargs: Any) -> Any:
        timing["rss_before_export_mb"] = _peak_rss_mb()
        started = time.perf_counter()
        try:
            return export(self, *args, **kwargs)
        finally:
            timing["export_seconds"] += time.perf_counter() - started

    Store.write_batch, Store.export = timed_write, timed_export  # type: ignore[method-assign]
    return timing


def child_seeds(spec: dict[str, Any]) -> dict[str, Any]:
    """clean_document over the real seed dumps, repeated, in memory, on one core."""
    from detente.clean import clean_document
    from detente.records import Reject

    settings, resources = _resources()
    raws = _read_raw(_input_files(sorted(Path(spec["seeds"]).glob("*.txt"))), settings)
    results = [clean_document(raw, resources) for raw in raws]  # warm-up, and what they become
    cpu = _pin_one_core()
    passes = spec["passes"]
    _, wall, cpu_s = _timed(lambda: [clean_document(raw, resources) for _ in range(passes) for raw in raws])
    return {
        "docs": len(raws) * passes, "files": len(raws), "passes": passes, "seconds": wall, "cpu_seconds": cpu_s,
        "rate": len(raws) * passes / wall, "articles": sum(not isinstance(r, Reject) for r in results), "cpu": cpu,
        "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_lines(spec: dict[str, Any]) -> dict[str, Any]:
    """The line cleaner alone (normalise_text + segment_lines) on the same dumps, one core: the
    learned classifier the clean stage uses, and the hand-written rules as its baseline. Shows
    how much of clean_document's time is the line cleaner's and how much the rest (metadata,
    dates, language identification)."""
    from detente.clean.classifier import load_model
    from detente.clean.lines import load_config, segment_lines
    from detente.clean.normalize import normalize_text

    corpus, n = Path(spec["corpus"]), spec["articles"]
    settings, _ = _resources()
    texts = [raw.text for raw in _read_raw(_input_files(corpus_gen.files(corpus, n)), settings) if raw.text]
    model, config = load_model(), load_config()
    segment_lines(normalize_text(texts[0]).split("\n"), config=config, model=model)
    cpu = _pin_one_core()
    out: dict[str, Any] = {"docs": len(texts), "cpu": cpu, "model": model is not None}
    for name, use in (("model", model), ("rules", None)):
        _, wall, cpu_s = _timed(lambda use=use: [segment_lines(normalize_text(t).split("\n"), config=config, model=use) for t in texts])
        out[f"{name}_rate"], out[f"{name}_cpu_rate"] = len(texts) / wall, len(texts) / cpu_s
    out["rate"] = out["model_rate"]
    return out


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "floor": child_floor,
    "clean": child_clean,
    "lines": child_lines,
    "stream": child_stream,
    "dedup": child_dedup,
    "trafilatura": child_trafilatura,
    "pipeline": child_pipeline,
    "seeds": child_seeds,
}


# ======================================================================================
# The parent: runs the measurements, one fresh process each, and prints the table.


class Bench:
    def __init__(self, corpus: Path, verbose: bool = True) -> None:
        self.corpus = corpus
        self.verbose = verbose
        self.failures: list[str] = []

    def child(self, name: str, label: str, **spec: Any) -> dict[str, Any] | None:
        """Run one measurement in a fresh interpreter; None (and a recorded failure) if it crashed."""
        spec.setdefault("corpus", str(self.corpus))
        if self.verbose:
            print(f"  measuring {label} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", name, "--spec", json.dumps(spec)],
            capture_output=True, text=True, cwd=HERE.parent,
        )  # fmt: skip
        lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if proc.returncode != 0 or not lines:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            self.failures.append(f"{label}: {tail[0]}")
            print(f"    FAILED ({label}):\n" + "\n".join("      " + line for line in (proc.stderr or "").strip().splitlines()[-15:]), file=sys.stderr)
            return None
        result = json.loads(lines[-1][len(RESULT_PREFIX) :])
        result["process_seconds"] = time.perf_counter() - started
        if self.verbose:
            print(f"    done in {result['process_seconds']:.1f} s", file=sys.stderr, flush=True)
        return result


def _rate(result: dict[str, Any] | None, key: str = "rate") -> str:
    return "failed" if result is None else f"{result[key]:,.0f}/s"


def _mb(value: float | None) -> str:
    return "failed" if value is None else f"{value:,.0f} MB"


def _goal(result: dict[str, Any] | None) -> str:
    if result is None:
        return ""
    share = result["rate"] / GOAL
    return f">= {GOAL:,.0f}/s: {'met' if share >= 1 else 'not met'} ({share:.0%})"


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    return "" if a is None or b is None else f" ({a['rate'] / b['rate']:.2f}x)"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows] if row) for i in range(len(header))]
    line = lambda row: "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(row) if row else "" for row in rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared", help="the shared/ folder (seeds/ is used if present)")
    parser.add_argument("--articles", type=int, default=5000, help="generated page dumps to measure on (default 5000)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1,000 articles, no 2x memory check")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default benchmarks/_corpus/seed-<seed>)")
    parser.add_argument("--scale", choices=("auto", "always", "never"), default="auto",
                        help="also measure peak memory on a corpus twice as big: auto = only if the run stays under ~4.5 min")  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top entries for cleaning 1,000 dumps")
    parser.add_argument("--stages", action="store_true", help="also print the CPU time per document of each stage of cleaning (1,000 dumps)")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this JSON file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(RESULT_PREFIX + json.dumps(CHILDREN[args.child](json.loads(args.spec))), flush=True)
        return 0

    n = 1000 if args.quick else args.articles
    if n < 100:
        parser.error("--articles must be at least 100")
    small = max(100, n // 5)
    started = time.perf_counter()
    corpus = args.corpus or CORPUS_ROOT / f"seed-{args.seed}"
    print(f"corpus: {corpus} ({n:,} page dumps, seed {args.seed})", file=sys.stderr)
    info = corpus_gen.ensure_corpus(corpus, n, args.seed, progress=True)
    generated = None if info["reused"] else info["seconds"]
    manifest = corpus_gen.read_manifest(corpus, n)
    kinds = Counter(m["kind"] for m in manifest)

    work = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    bench = Bench(corpus)
    r: dict[str, Any] = {}
    try:
        r["floor_clean"] = bench.child("floor", "memory floor (cleaning)", imports="clean")
        r["floor_pipeline"] = bench.child("floor", "memory floor (pipeline)", imports="pipeline")
        r["clean"] = bench.child("clean", f"cleaning in memory ({n:,})", articles=n, articles_out=str(work / "articles.pkl"),
                                 common_out=str(work / "common.pkl"), profile=args.profile, stages=args.stages)  # fmt: skip
        have_clean = r["clean"] is not None
        r["lines"] = bench.child("lines", f"line cleaner alone ({n:,})", articles=n)
        r["stream"] = bench.child("stream", f"reading + cleaning ({n:,})", articles=n, common_in=str(work / "common.pkl")) if have_clean else None
        r["dedup"] = bench.child("dedup", f"dedup ({n:,})", articles=n, articles_in=str(work / "articles.pkl")) if have_clean else None
        r["trafilatura"] = bench.child("trafilatura", f"trafilatura on HTML ({n:,})", articles=n)
        r["pipeline1"] = bench.child("pipeline", f"pipeline workers=1 ({n:,})", articles=n, workers=1, out=str(work / "p1"))
        r["pipeline2"] = bench.child("pipeline", f"pipeline workers=2 ({n:,})", articles=n, workers=2, out=str(work / "p2"))
        seeds = args.shared / "seeds"
        if sorted(seeds.glob("*.txt")):
            r["seeds"] = bench.child("seeds", "seed dumps", seeds=str(seeds), passes=SEED_PASSES)
        else:
            r["seeds"] = None
            print(f"  no seed dumps in {seeds}: skipping the seed figure", file=sys.stderr)

        # Peak memory on a smaller corpus (and a bigger one if time allows): flat or not.
        r["stream_small"] = bench.child("stream", f"reading + cleaning ({small:,})", articles=small, common_in=str(work / "common.pkl")) if have_clean else None
        r["pipeline1_small"] = bench.child("pipeline", f"pipeline workers=1 ({small:,})", articles=small, workers=1, out=str(work / "ps"))
        big = 2 * n
        projected = sum(big / x["rate"] + 3 for x in (r["stream"], r["pipeline1"]) if x) + (0 if info["articles"] >= big else big / 1500)
        elapsed = time.perf_counter() - started
        run_big = have_clean and not args.quick and args.scale != "never" and (args.scale == "always" or elapsed + projected < SCALE_BUDGET_S)
        scale_note = None
        if run_big:
            corpus_gen.ensure_corpus(corpus, big, args.seed, progress=True)
            r["stream_big"] = bench.child("stream", f"reading + cleaning ({big:,})", articles=big, common_in=str(work / "common.pkl"))
            r["pipeline1_big"] = bench.child("pipeline", f"pipeline workers=1 ({big:,})", articles=big, workers=1, out=str(work / "pb"))
        else:
            scale_note = (f"{big:,}-dump memory check skipped: would take ~{projected:.0f} s more (run with --scale always)"
                          if not args.quick and args.scale != "never" else None)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started

    print(_report(r, n, small, kinds, info, generated, args, total, scale_note, bench.failures))
    if args.json:
        args.json.write_text(json.dumps({"articles": n, "seed": args.seed, "corpus": {k: v for k, v in info.items()}, "results": r,
                                         "seconds": total, "failures": bench.failures}, indent=1, default=str) + "\n")  # fmt: skip
    return 1 if bench.failures else 0


def _report(
    r: dict[str, Any], n: int, small: int, kinds: Counter, info: dict[str, Any], generated: float | None,
    args: argparse.Namespace, total: float, scale_note: str | None, failures: list[str],
) -> str:  # fmt: skip
    clean, stream, dedup, traf = r["clean"], r["stream"], r["dedup"], r["trafilatura"]
    p1, p2, seeds = r["pipeline1"], r["pipeline2"], r["seeds"]
    big = 2 * n
    rows: list[list[str]] = []
    rows.append([f"cleaning, 1 core, in memory ({n:,} dumps)", _rate(clean), f"{_rate(traf)}  trafilatura bare_extraction, same pages as HTML", _goal(clean)])
    lines = r.get("lines")
    rows.append([f"  of which the line cleaner ({'classifier' if lines and lines['model'] else 'rules'})", _rate(lines),
                 f"{_rate(lines, 'rules_rate') if lines else 'failed'}  the hand-written rules instead, same dumps", ""])  # fmt: skip
    rows.append(["cleaning, 1 core, incl. reading files", _rate(stream), f"{_rate(stream, 'read_rate') if stream else 'failed'}  reading + decoding only", _goal(stream)])
    if seeds or "seed dumps" in " ".join(failures):
        label = f"seed dumps ({seeds['files']} x {seeds['passes']} passes), 1 core" if seeds else "seed dumps"
        rows.append([label, _rate(seeds), f"{_rate(clean)}  generated dumps, same measure", _goal(seeds)])
    else:
        rows.append(["seed dumps", "skipped", f"no {args.shared / 'seeds'}/*.txt", ""])
    rows.append(["dedup: signature + link_duplicates, 1 core", _rate(dedup), f"{_rate(dedup, 'exact_rate') if dedup else 'failed'}  exact content hash only", ""])
    if dedup:
        rows.append(["  duplicates found / planted", f"{dedup['found']:,} / {dedup['planted']:,}",
                     f"{dedup['exact_found']:,}  found by exact hash only", f"{dedup['right']:,} linked to the planted original"])  # fmt: skip
        per_article = dedup["index_bytes_per_article"]
        rows.append(["  dedup index memory per canonical article", f"{per_article:,.0f} B",
                     f"{dedup['signature_bytes']:,} B  the MinHash values alone", f"grows linearly: ~{per_article * (dedup['docs'] - dedup['found']) / 1e6:,.0f} MB at {n:,}"])  # fmt: skip
    rows.append(["pipeline.run end to end, workers=1", _rate(p1), f"{_rate(stream)}  reading + cleaning alone (above)", ""])
    rows.append(["pipeline.run end to end, workers=2", _rate(p2), f"{_rate(p1)}  workers=1{_ratio(p2, p1)}", ""])
    rows.append([])
    sizes = [(small, "_small"), (n, ""), (big, "_big")]
    have = [(size, suffix) for size, suffix in sizes if r.get(f"stream{suffix}") or r.get(f"pipeline1{suffix}")] or [(n, "")]
    label_sizes = " / ".join(f"{size:,}" for size, _ in have)
    floor = lambda key, what: f"{_mb(r[key]['rss_mb']) if r[key] else 'failed'}  {what} imported, resources loaded, nothing read"  # noqa: E731
    rows.append([f"peak RSS, reading + cleaning, {label_sizes} dumps",
                 " / ".join(_mb(r[f'stream{s}']['rss_mb']) if r.get(f"stream{s}") else "-" for _, s in have), floor("floor_clean", "detente.clean"), ""])  # fmt: skip
    before = [r[f"pipeline1{s}"]["rss_before_export_mb"] for _, s in have if r.get(f"pipeline1{s}")]
    expected = f"before the exports: {' / '.join(_mb(value) for value in before)}" if before else ""
    rows.append([f"peak RSS, pipeline workers=1, {label_sizes}",
                 " / ".join(_mb(r[f'pipeline1{s}']['rss_mb']) if r.get(f"pipeline1{s}") else "-" for _, s in have), floor("floor_pipeline", "detente.pipeline"), expected])  # fmt: skip
    if p2:
        rows.append([f"peak RSS, pipeline workers=2 ({n:,})", f"{_mb(p2['rss_mb'])} + {_mb(p2['children_rss_mb'])}", "parent + largest worker", ""])
    rows.append([f"peak RSS, cleaning in memory ({n:,} dumps held)", _mb(clean["rss_mb"]) if clean else "failed",
                 f"{_mb(traf['rss_mb']) if traf else 'failed'}  trafilatura, {n:,} pages held", ""])  # fmt: skip

    counts = info.get("counts", {})
    head = [
        f"detente benchmark: {n:,} generated page dumps (seed {args.seed}: {kinds['original']:,} originals, "
        f"{kinds['near']:,} near-duplicate and {kinds['exact']:,} exact copies), plus the same pages as HTML",
        f"machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
        f"{platform.system()}; 1-core figures pinned to one CPU; rates are input documents per second",
    ]
    notes = []
    if clean:
        notes.append(f"cleaning check: {clean['articles']:,} articles, {clean['rejects']:,} rejects"
                     f"{' ' + str(clean['reject_reasons']) if clean['rejects'] else ''}; kept {clean['kept_vs_planted_words']:.1%} of the planted body words; "
                     f"headline found for {clean['titles_found']:,}; {clean['common_lines']:,} corpus-common lines "
                     f"(count_common_lines took {clean['common_seconds']:.1f} s, not in the cleaning figures)")  # fmt: skip
    if clean and lines:
        notes.append(f"CPU-time rates (steadier than wall time on a busy machine): cleaning {clean['docs'] / clean['cpu_seconds']:,.0f}/s, "
                     f"line cleaner {lines['model_cpu_rate']:,.0f}/s (rules {lines['rules_cpu_rate']:,.0f}/s)")  # fmt: skip
    if traf:
        notes.append(f"trafilatura check: text for {traf['extracted']:,} of {traf['docs']:,} pages, {traf['kept_vs_planted_words']:.1%} of the planted body words")
    if dedup:
        notes.append(f"dedup: signatures {dedup['signature_seconds']:.1f} s, linking {dedup['link_seconds']:.1f} s; planted: "
                     f"{dedup['planted_near']:,} near + {dedup['planted_exact']:,} exact (copies of rejected articles not counted)")  # fmt: skip
    for key, p in (("workers=1", p1), ("workers=2", p2)):
        if p:
            notes.append(f"pipeline {key}: {p['docs']:,} files in {p['seconds']:.1f} s (store.write_batch {p['write_seconds']:.1f} s, "
                         f"store.export {p['export_seconds']:.1f} s) -> {p['articles']:,} articles, {p['duplicates']:,} duplicates, "
                         f"{p['rejects']:,} rejects; peak {_mb(p['rss_before_export_mb'])} before the exports, {_mb(p['rss_mb'])} after")  # fmt: skip
    if scale_note:
        notes.append(scale_note)
    if generated is not None:
        notes.append(f"corpus generated in {generated:.1f} s ({counts})")
    notes.append(f"whole benchmark: {total:.0f} s")
    out = ["", *head, "", _table(rows, ["figure", "detente", "baseline (same run)", "goal / check"]), "", *("- " + note for note in notes)]
    if failures:
        out += ["", "FAILED measurements (the exit status is 1):", *("  " + f for f in failures)]
    if clean and clean.get("profile"):
        out += ["", "cProfile, clean_document over 1,000 generated dumps:", clean["profile"]]
    if clean and clean.get("stages"):
        out += ["", "CPU time per document by stage, clean_document over 1,000 generated dumps (indented: part of the stage above):"]
        out += [f"  {label:<48} {micros:8,.0f} us" for label, micros in clean["stages"]]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
