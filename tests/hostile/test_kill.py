"""kill -9 at several points of a run, then a re-run: every table equals an uninterrupted run's.

The run kills itself with SIGKILL (no clean-up of any kind) from its progress callback
after N units of work, with `batch_files=2`, so some batches are committed and one is
half done. Page dumps share boilerplate lines, so the corpus-wide common-line statistics
matter: they must not depend on where the run was cut.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.hostile.cases import GOOD

REPO = Path(__file__).resolve().parents[2]
TABLES = ("articles", "signatures", "rejects", "inputs", "common_lines", "mentions", "quotes", "events", "annotated",
          "annotation_failures", "merged_events", "stories", "story_articles", "story_state")  # fmt: skip

_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from detente import pipeline
    from detente.config import Settings

    stage, after, annotate = sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"

    def progress(update):
        if update.stage == stage and update.done >= after > 0:
            os.kill(os.getpid(), signal.SIGKILL)

    settings = Settings(batch_files=2, annotate_batch=2, annotate=annotate, report=False)
    sys.exit(pipeline.run([sys.argv[1]], sys.argv[2], settings=settings, progress=progress).exit_code)
    """
)


def _corpus(folder: Path) -> Path:
    """Eight page dumps of one site: menus and footers repeat, the bodies differ."""
    folder.mkdir()
    for index in range(8):
        body = GOOD[index % 3].replace("Tuesday", f"day {index}").replace("Friday", f"day {index}").replace("month", f"{index} weeks")
        lines = ["Home | World | Politics | Sport", f"Story number {index} of the week", body, f"Paragraph {index}: readers wrote in.",
                 "Share this article", "Subscribe to our newsletter", "© The Daily Example"]  # fmt: skip
        if index in (0, 1, 2, 4, 5):  # in exactly 5 pages (the threshold): common only when all pages are counted
            lines.insert(3, "The correspondents of this newspaper reported from the capital city")
        (folder / f"page{index}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _run(corpus: Path, out: Path, stage: str = "clean", after: int = 0, annotate: bool = False) -> int:
    command = [sys.executable, "-c", _SCRIPT, str(corpus), str(out), stage, str(after), "1" if annotate else "0"]
    return subprocess.run(command, cwd=REPO, capture_output=True, timeout=300).returncode


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}
    finally:
        con.close()


@pytest.mark.parametrize(("stage", "after", "annotate"), [("clean", 1, False), ("clean", 3, False), ("clean", 6, False), ("annotate", 1, True)])
def test_kill_9_then_rerun_equals_uninterrupted(tmp_path: Path, stage: str, after: int, annotate: bool) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert _run(corpus, tmp_path / "whole", annotate=annotate) == 1  # the empty file is a reject
    assert _run(corpus, tmp_path / "cut", stage, after, annotate) == -signal.SIGKILL
    assert _run(corpus, tmp_path / "cut", annotate=annotate) in (0, 1)
    whole, cut = _tables(tmp_path / "whole" / "detente.duckdb"), _tables(tmp_path / "cut" / "detente.duckdb")
    assert whole["articles"] and (not annotate or whole["events"])
    for table in TABLES:
        assert cut[table] == whole[table], table
    assert (tmp_path / "cut" / "articles.jsonl").read_bytes() == (tmp_path / "whole" / "articles.jsonl").read_bytes()
