"""Choosing the cleaner's settings by cross-validation (issue 10, session 7):
`train.cross_validate` fits the five fold models in memory and scores each fold with the
model that never saw it, through `cleaning_folds.evaluate`; it writes nothing.

Page dumps here are invented; nothing is read from ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.clean import train
from detente.clean.classifier import MODEL_FILE
from detente.evaluation.folds import FOLDS, fold_of
from tests.test_clean_lines import HEADLINE, P1, P2, P3, P4

MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Search"]
FOOTER = ["Related Stories", "Pier repairs to cost more", "Comments (3)", "About us", "Privacy policy"]
PARAGRAPHS = [P1, P2, P3, P4]


def _pages(root: Path, count: int = 15) -> Path:
    """`count` invented page dumps with their gold bodies under root/eval/pagedumps_dev."""
    directory = root / "eval" / "pagedumps_dev"
    directory.mkdir(parents=True)
    for i in range(count):
        body = PARAGRAPHS[i % 4 :] + PARAGRAPHS[: i % 4]
        dump = [f"{HEADLINE} | Harbour News {i}", *MENU[: 3 + i % 5], HEADLINE, *body[: 2 + i % 3], *FOOTER]
        (directory / f"harbour-{i:02d}.dump.txt").write_text("\n".join(dump), encoding="utf-8")
        (directory / f"harbour-{i:02d}.gold.txt").write_text("\n".join(body[: 2 + i % 3]), encoding="utf-8")
    return directory


def test_cross_validate_scores_every_fold_at_every_threshold(tmp_path: Path) -> None:
    directory = _pages(tmp_path)
    assert {fold_of(f"harbour-{i:02d}") for i in range(15)} == set(range(FOLDS))
    shipped = {path.name: path.stat().st_mtime_ns for path in MODEL_FILE.parent.iterdir()}
    scores = train.cross_validate(directory, [0.3, 0.6], min_samples_leaf=2, seed=1)
    assert list(scores) == [0.3, 0.6]
    assert all(len(f1) == FOLDS and all(0.0 <= v <= 1.0 for v in f1) for f1 in scores.values())
    assert min(scores[0.3]) > 0.5  # these pages are easy: every fold's model finds the paragraphs
    assert sorted(path.name for path in directory.iterdir()) == sorted(
        f"harbour-{i:02d}.{kind}.txt" for i in range(15) for kind in ("dump", "gold")
    )  # nothing written beside the pages
    assert {path.name: path.stat().st_mtime_ns for path in MODEL_FILE.parent.iterdir()} == shipped  # nor shipped


def test_cli_cv_prints_one_line_per_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = _pages(tmp_path)
    assert train.main(["--pages", str(directory), "--cv", "0.3,0.5", "--leaf", "2", "--seed", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["leaf 2 seed 1 threshold 0.3", "leaf 2 seed 1 threshold 0.5"]
    assert all("mean" in line and "worst" in line for line in lines)


def test_cross_validate_refuses_pages_that_evaluate_would_not_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pagedumps_dev"):
        train.cross_validate(tmp_path, [0.3])
