"""Score a line cleaner against gold article bodies (article-extraction-benchmark style).

Texts are compared as multisets of 4-token shingles, so the score is insensitive to line
breaks and whitespace but sees missing, extra and duplicated passages. Per page we count
tp (shingles in both), fp (predicted beyond gold) and fn (gold beyond predicted); precision
and recall are averaged over pages, and F1 is the harmonic mean of the two averages.

Run: `python -m detente.evaluation.cleaning [DIRECTORY] [--verbose]`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from detente.clean.lines import segment_lines

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "pagedumps_dev"

Cleaner = Callable[[str], str]


@dataclass(frozen=True)
class PageScore:
    """Shingle counts of one page; precision/recall follow the benchmark's edge cases."""

    page_id: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return _harmonic(self.precision, self.recall)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of `size`-token shingles; a text shorter than `size` tokens is one shingle."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def score_page(page_id: str, predicted: str, gold: str) -> PageScore:
    """Compare one predicted text with its gold body."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    return PageScore(page_id, tp, sum((pred - true).values()), sum((true - pred).values()))


def summarise(scores: list[PageScore]) -> dict[str, float]:
    """Average precision and recall over the pages where each is defined, then F1."""
    precisions = [s.precision for s in scores if s.tp + s.fp > 0]
    recalls = [s.recall for s in scores if s.tp + s.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": _harmonic(precision, recall),
        "pages": float(len(scores)),
    }


def clean_dump(text: str) -> str:
    """The cleaner under test: keep the lines `segment_lines` keeps, joined by newlines."""
    lines = text.split("\n")
    verdicts = segment_lines(lines).verdicts
    return "\n".join(line for line, verdict in zip(lines, verdicts) if verdict.keep)


def keep_everything(text: str) -> str:
    """Baseline cleaner that keeps every line (about F1 0.66 on the dev pages)."""
    return text


def load_pairs(directory: Path) -> list[tuple[str, str, str]]:
    """(page id, dump text, gold text) for every `<id>.dump.txt` with a `<id>.gold.txt`."""
    pairs = []
    for dump in sorted(directory.glob("*.dump.txt")):
        page_id = dump.name[: -len(".dump.txt")]
        gold = dump.with_name(page_id + ".gold.txt")
        if gold.exists():
            pairs.append((page_id, dump.read_text(encoding="utf-8"), gold.read_text(encoding="utf-8")))
    return pairs


def score_pages(directory: Path, cleaner: Cleaner) -> list[PageScore]:
    """Score `cleaner` on every page pair of `directory`."""
    return [score_page(page_id, cleaner(dump), gold) for page_id, dump, gold in load_pairs(Path(directory))]


def evaluate_pagedumps(directory: Path | str, cleaner: Cleaner = clean_dump) -> dict[str, float]:
    """Precision, recall, F1 (and page count) of `cleaner` on a directory of dump/gold pairs."""
    return summarise(score_pages(Path(directory), cleaner))


def _harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def _format(name: str, summary: dict[str, float]) -> str:
    return (
        f"{name:<16} precision {summary['precision']:.3f}  recall {summary['recall']:.3f}  "
        f"F1 {summary['f1']:.3f}  ({int(summary['pages'])} pages)"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the cleaner's scores beside the keep-everything baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIRECTORY)
    parser.add_argument("--verbose", action="store_true", help="list the worst pages")
    parser.add_argument("--worst", type=int, default=10, help="how many pages --verbose lists")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"no such directory: {args.directory}", file=sys.stderr)
        return 2
    scores = score_pages(args.directory, clean_dump)
    print(_format("segment_lines", summarise(scores)))
    print(_format("keep every line", evaluate_pagedumps(args.directory, keep_everything)))
    if args.verbose:
        for s in sorted(scores, key=lambda s: s.f1)[: args.worst]:
            print(f"  {s.page_id[:16]}  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
