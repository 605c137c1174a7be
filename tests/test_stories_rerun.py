"""Changed inputs: their old articles leave the stories, which are rebuilt as a fresh run would build them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from detente import pipeline
from detente.config import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _stories(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "stories.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/corpus missing")
def test_a_changed_file_rebuilds_the_stories_as_a_fresh_run(tmp_path: Path) -> None:
    from detente.nlp import ModelNotInstalled, load_pipeline

    try:
        load_pipeline()
    except ModelNotInstalled as error:
        pytest.skip(str(error))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("01_saba_kremlin_nato_partnership.txt", "03_axar_kremlin_helsinki_summit_2018.txt", "04_nato_baltic_sentry_rutte.txt"):
        shutil.copy(EXAMPLES / name, corpus / name)
    settings = Settings(report=False)
    pipeline.run([corpus], tmp_path / "rerun", settings=settings)
    changed = corpus / "04_nato_baltic_sentry_rutte.txt"
    changed.write_text((EXAMPLES / "10_india_pakistan_ceasefire.txt").read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_mtime_ns + 10**9,) * 2)
    pipeline.run([corpus], tmp_path / "rerun", settings=settings)
    pipeline.run([corpus], tmp_path / "fresh", settings=settings)
    rerun, fresh = _stories(tmp_path / "rerun"), _stories(tmp_path / "fresh")
    assert rerun == fresh
    assert not any("Rutte" in json.dumps(story) for story in rerun)
