"""Cross-validated cleaning scores: each fold of pagedumps_dev scored by a line model that
never saw it.

The shipped line classifier (`detente/data/cleaner/model.json`) is trained on every dev
page, so scoring it on them says little about unseen pages. `make train-cleaner` also writes
`fold<k>.json`, trained without the pages of fold k (`detente.evaluation.folds`); here fold k
is cleaned with that model, through `clean_document` (the path of `detente run` and
`detente.clean_text`: normalisation, metadata lines, the short-text check, title), with the
corpus-common lines of all dev dumps as a run over them would find. Beside it, on the same
pages: a C4-style line filter (a line that ends in terminal punctuation and has >= 5 words)
and keeping every line.

Scores follow `detente.evaluation.cleaning` (4-word shingles; precision and recall averaged
over pages, F1 of the two averages). Run: `python -m detente.evaluation.cleaning_folds [SHARED]`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from detente.evaluation.cleaning import PageScore, load_pairs, score_page, summarise
from detente.evaluation.folds import FOLDS, fold_of, mean_and_worst

if TYPE_CHECKING:
    from detente.clean.classifier import TreeModel

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
FOLD_MODEL = "fold{k}.json"


def c4_filter(text: str) -> str:
    """C4-style baseline: lines that end in terminal punctuation and have >= 5 words."""
    return "\n".join(line for line in text.split("\n") if _TERMINAL.search(line.strip()) and len(line.split()) >= 5)


def evaluate(shared: Path, models: Sequence[TreeModel] | None = None) -> dict:
    """Per-fold precision, recall and F1 of detente (cross-validated), the C4 filter and keep-all.

    `models` (one per fold) replace the shipped `fold<k>.json`: `train.cross_validate` scores
    settings under trial with them, by the same path.

    Returns {"detente"|"c4"|"keep_all": {"folds": [{"precision", "recall", "f1", "pages"}, ...],
    "mean_f1", "worst_f1"}, "pages": n}; empty when the dev pages or the fold models are absent.
    """
    from detente.clean.classifier import MODEL_FILE, load_model
    from detente.clean.train import common_lines

    pairs = load_pairs(Path(shared) / "eval" / "pagedumps_dev")
    fold_models = list(models) if models is not None else [load_model(MODEL_FILE.parent / FOLD_MODEL.format(k=k)) for k in range(FOLDS)]
    if not pairs or any(model is None for model in fold_models):
        return {}
    cleaners: dict[str, Callable[[int], Callable[[str], str]]] = {
        "detente": detente_cleaners(fold_models, common_lines([dump for _, dump, _ in pairs])),
        "c4": lambda k: c4_filter,
        "keep_all": lambda k: lambda text: text,
    }
    out: dict = {"pages": len(pairs)}
    for name, cleaner_for in cleaners.items():
        summaries = fold_summaries(pairs, cleaner_for)
        mean, worst = mean_and_worst([s["f1"] for s in summaries])
        out[name] = {"folds": summaries, "mean_f1": mean, "worst_f1": worst}
    return out


def detente_cleaners(models: Sequence[TreeModel], common: frozenset[str]) -> Callable[[int], Callable[[str], str]]:
    """Fold k's cleaner: `clean_document` with `models[k]` as the line model and the dev
    dumps' corpus-common lines, with resources that hold no shipped model
    (`train.fold_cleaning_resources`: the shipped model.json may be of older features)."""
    from detente.clean import clean_document
    from detente.clean.train import fold_cleaning_resources
    from detente.records import Article, RawDoc

    resources = fold_cleaning_resources()

    def detente_for(k: int) -> Callable[[str], str]:
        def clean(dump: str) -> str:
            result = clean_document(RawDoc(source="<eval>", format="text", text=dump), resources, common, line_model=models[k])  # type: ignore[arg-type]
            return result.text if isinstance(result, Article) else ""

        return clean

    return detente_for


def fold_summaries(pairs: Sequence[tuple[str, str, str]], cleaner_for: Callable[[int], Callable[[str], str]]) -> list[dict]:
    """Each fold's summary (`cleaning.summarise`) of its pages (page id, dump, gold body)
    cleaned by that fold's cleaner."""
    folds: list[list[PageScore]] = [[] for _ in range(FOLDS)]
    for page_id, dump, gold in pairs:
        k = fold_of(page_id)
        folds[k].append(score_page(page_id, cleaner_for(k)(dump), gold))
    return [summarise(scores) for scores in folds]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    shared = Path(args[0]) if args else Path(__file__).resolve().parents[2].parent / "shared"
    result = evaluate(shared)
    if not result:
        print(f"no dev pages under {shared}/eval/pagedumps_dev, or no fold models (make train-cleaner)", file=sys.stderr)
        return 2
    for name in ("detente", "c4", "keep_all"):
        folds = result[name]["folds"]
        per_fold = "  ".join(f"{k}: {s['f1']:.3f}" for k, s in enumerate(folds))
        print(f"{name:<9} F1 per fold  {per_fold}   mean {result[name]['mean_f1']:.3f}  worst {result[name]['worst_f1']:.3f}")
        print(f"{'':<9} P per fold   " + "  ".join(f"{k}: {s['precision']:.3f}" for k, s in enumerate(folds)))
        print(f"{'':<9} R per fold   " + "  ".join(f"{k}: {s['recall']:.3f}" for k, s in enumerate(folds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
