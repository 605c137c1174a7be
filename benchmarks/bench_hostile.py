"""Benchmark of hostile inputs at full size: peak memory of a run per case, next to a run on
the good articles alone.

Each case of `tests/hostile/cases.py` is built at a large scale (a 200 MB file, a 1.6 MB
article, a 200 MB JSONL stream without a newline, a gzip bomb of 1 GB of one line, 3
million bad JSONL lines, ...) beside the same three good articles, and `detente run` runs
on it in a fresh process with the default settings (the tests use small limits; here the
real ones are hit). The peak RSS of that process (`wait4`'s ru_maxrss) is printed next to
the same run on the good articles alone (with the NLP stages for the cases that use them,
without for the others); the goal (issue 14) is at most 1.5x. Also printed: the exit
code, the seconds, and the first reason in rejects.jsonl.

Usage:
    .venv/bin/python benchmarks/bench_hostile.py [--scale 1.0] [--cases "gzip bomb" ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile.cases import CASES, Case, build, write_good  # noqa: E402

# Scale of each case's generator for the full-size benchmark (1 = the tests' small version).
FULL_SCALE = {
    "long article": 60,  # 1.6 MB of text in 15,000 paragraphs: parsed in pieces of 50,000 characters
    "paragraph longer than the parser's limit": 3,  # one 72,000-character paragraph: not parsed
    "long JSONL line": 70,  # one 10 MB line (under the 20 MB line limit; its text is over max_text_chars)
    "long text in a JSONL record": 70,
    "JSONL stream without newlines": 2000,  # 200 MB, no newline
    "gzip bomb in .jsonl.gz": 50,  # 1 GB of '{' in one line, 1 MB compressed
    "3,000 bad lines in .jsonl.gz": 1000,  # 3 million bad lines
    "document over the size limit": 67,  # a 200 MB .txt (sparse)
    "PNG named .jsonl": 500,
    "random bytes named .jsonl": 500,
}

_CHILD = """
import json, sys
from pathlib import Path
from detente import pipeline
from detente.config import Settings
annotate = sys.argv[3] == "1"
summary = pipeline.run([sys.argv[1]], sys.argv[2], settings=Settings(annotate=annotate, report=False))
with open(Path(sys.argv[2], "rejects.jsonl"), encoding="utf-8") as handle:  # the first line only: the file
    first = handle.readline()  # may hold millions, and this process's peak memory is what is measured
print(json.dumps({"exit": summary.exit_code, "rejects": len(summary.rejects) + summary.failures,
                  "first": json.loads(first)["reason"] if first else None}))
"""


def measure(folder: Path, out: Path, annotate: bool) -> dict:
    """Run detente on `folder` in a fresh process; its peak RSS, seconds and outcome."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(folder), str(out), "1" if annotate else "0"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    stdout, stderr = child.stdout.read(), child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    try:
        outcome = json.loads(stdout.decode().strip().splitlines()[-1])
    except (IndexError, ValueError):
        outcome = {"exit": child.returncode, "rejects": None, "first": "CRASH: " + (stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]}
    return {**outcome, "seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every full-size scale (0.01: a quick smoke test)")
    parser.add_argument("--cases", nargs="*", help="names of the cases to run (default: all that this OS supports)")
    parser.add_argument("--keep", type=Path, help="build the inputs under this folder and keep them")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="detente-hostile-", dir=args.keep))
    try:
        baselines = {}
        for annotate in (False, True):
            write_good(root / f"good-{annotate}")
            baselines[annotate] = measure(root / f"good-{annotate}", root / f"good-{annotate}-out", annotate)
        print(f"{'case':<38} {'exit':>4} {'s':>6} {'peak RSS':>10} {'good only':>10} {'ratio':>6}  first reason")
        crashed = False
        for case in _selected(args.cases):
            scale = max(1, round(FULL_SCALE.get(case.name, 1) * args.scale))
            folder = root / "case"
            try:
                build(case, folder, scale)
            except (OSError, NotImplementedError) as error:
                print(f"{case.name:<38} skipped: {error}")
                shutil.rmtree(folder, ignore_errors=True)
                continue
            found = measure(folder, root / "case-out", case.annotate)
            base = baselines[case.annotate]
            ratio = found["peak_mb"] / base["peak_mb"]
            crashed |= str(found["first"]).startswith("CRASH")
            print(f"{case.name:<38} {found['exit']:>4} {found['seconds']:>6.1f} {found['peak_mb']:>8.0f} MB {base['peak_mb']:>7.0f} MB {ratio:>5.2f}x  {found['first']}")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(root / "case-out", ignore_errors=True)
        print("goal (issue 14): every ratio at most 1.50x; good-only runs: "
              f"{baselines[False]['peak_mb']:.0f} MB without the NLP stages, {baselines[True]['peak_mb']:.0f} MB with them")  # fmt: skip
        return 1 if crashed else 0
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def _selected(names: list[str] | None) -> list[Case]:
    cases = [case for case in CASES if not names or case.name in names]
    if not hasattr(os, "mkfifo"):
        cases = [case for case in cases if case.needs != "fifo"]
    return cases


if __name__ == "__main__":
    sys.exit(main())
