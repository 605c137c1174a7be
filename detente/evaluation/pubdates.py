"""Publication dates of wire stories found as a user would find them, scored per fold.

`../shared/eval/wire_dev.jsonl` holds AFP and Xinhua stories with their true date. Their
`published` is withheld: the stories (id, title, text) are written to a JSONL file and
run through `detente.run` without the NLP stages, as a user would, and the article's
`published` is compared with the truth:

- right_day: the same calendar day at day precision;
- right_coarse: a year or month precision that holds the true day;
- none: no date (the honest answer when the text states none);
- wrong: any other date, an invented date. One is much worse than a `none`.

`interval_holds` / `interval_excludes` count undated articles whose `published_interval`
contains the true day or rules it out (an excluding interval is a wrong claim, like a wrong date).

`year_given` holds the same outcomes for a second run where each story's `published` is given
at year precision only ("2005", as a feed or an archive folder may state it): with the year
known, a year-less dateline ("BEIJING, Nov. 14 (Xinhua) --") must give the right day, so this
measures dateline reading on real wire text, which the withheld run cannot (no story there
states its year, so its right_day is 0 by construction).

The same counts for `timebank_dev.jsonl` (117 AP, NYT, WSJ, Xinhua, broadcast stories
with their document dates) are under the key "timebank".
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.evaluation.folds import FOLDS, fold_of

if TYPE_CHECKING:
    from detente.stages import ResourceCache

OUTCOMES = ("right_day", "right_coarse", "none", "wrong")


def evaluate(shared: Path, resources: ResourceCache | None = None) -> dict[str, Any]:
    """Per-fold and total counts of the outcomes above; `skipped` when the data is absent
    (`resources`: the caller's cache, shared by the four runs; else each run loads its own)."""
    path = Path(shared) / "eval" / "wire_dev.jsonl"
    if not path.exists():
        return {"skipped": f"{path} not found"}
    result = _score(_read(path), resources)
    timebank = Path(shared) / "eval" / "timebank_dev.jsonl"
    if timebank.exists():
        result["timebank"] = _score(_read(timebank), resources)
    return result


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _score(records: list[dict[str, Any]], resources: ResourceCache | None = None) -> dict[str, Any]:
    """Outcome counts per fold of one dev set run with `published` withheld, and with its year only."""
    result = _counts(records, _run_withheld(records, resources=resources))
    year_given = _counts(records, _run_withheld(records, given_year=True, resources=resources))
    result["year_given"] = {key: year_given[key] for key in ("folds", "total")}
    return result


def _counts(records: list[dict[str, Any]], found: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Outcome and interval counts per fold of the articles `found` for `records` (by line number)."""
    folds: list[dict[str, int]] = [dict.fromkeys((*OUTCOMES, "interval_holds", "interval_excludes"), 0) for _ in range(FOLDS)]
    for number, record in enumerate(records, start=1):
        article = found.get(number)
        counts = folds[fold_of(record["id"])]
        counts[outcome(article.get("published") if article else None, record["published"])] += 1
        interval = (article or {}).get("published_interval")
        if article and not article.get("published") and interval:
            counts["interval_holds" if interval_holds(interval, record["published"]) else "interval_excludes"] += 1
    total = {key: sum(fold[key] for fold in folds) for key in folds[0]}
    return {"stories": len(records), "folds": folds, "total": total, "wrong_per_fold": [fold["wrong"] for fold in folds]}


def interval_holds(interval: dict[str, Any], truth: str) -> bool:
    """Whether a `published_interval` (open ends allowed) contains the true day."""
    return bool((interval.get("earliest") or "0000") <= truth[:10] <= (interval.get("latest") or "9999"))


def outcome(predicted: str | None, truth: str) -> str:
    """One of OUTCOMES for a predicted ISO value against the true day."""
    if not predicted:
        return "none"
    if len(predicted) >= 10:
        return "right_day" if predicted[:10] == truth[:10] else "wrong"
    return "right_coarse" if truth.startswith(predicted) else "wrong"


def _run_withheld(records: list[dict[str, Any]], given_year: bool = False,
                  resources: ResourceCache | None = None) -> dict[int, dict[str, Any]]:
    """Run detente on the stories without their dates (or with their year only); articles by
    input line number (`resources`: the caller's cache, else the run loads its own)."""
    from detente.config import Settings
    from detente.pipeline import run

    with tempfile.TemporaryDirectory(prefix="detente-pubdates-") as folder:
        inputs = Path(folder) / "wire.jsonl"
        with open(inputs, "w", encoding="utf-8") as handle:
            for record in records:
                given = {"published": record["published"][:4]} if given_year else {}
                handle.write(json.dumps({"title": record.get("title"), "text": record["text"], **given}) + "\n")
        out = Path(folder) / "out"
        run([inputs], out, settings=Settings(annotate=False, report=False), resources=resources)
        articles: dict[int, dict[str, Any]] = {}
        for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            number = _line_number(article["source"])
            if number is not None:
                articles[number] = article
        return articles


def _line_number(source: str) -> int | None:
    """The input line of a JSONL article (its source ends in ":<line>" or "#<line>")."""
    for separator in (":", "#"):
        tail = source.rsplit(separator, 1)[-1]
        if tail.isdigit():
            return int(tail)
    return None


def main() -> None:
    """Print the counts (python -m detente.evaluation.pubdates [SHARED])."""
    import sys

    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2].parent / "shared"
    print(json.dumps(evaluate(shared), indent=1))


if __name__ == "__main__":
    main()
