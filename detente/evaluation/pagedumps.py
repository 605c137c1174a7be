"""Cleaning through `detente run`: the page dumps of pagedumps_dev against their gold bodies.

The dumps are written as `<id>.txt` files (what a user's scraper leaves) and cleaned by one
`detente.run` without the NLP stages, so the corpus-level passes (lines common across the
run's pages) act as they do for users. Languages and the minimum length are not enforced
here (`languages=()`, `min_words=0`): this scores the line cleaner, not the corpus policy;
a rejected page scores as an empty text. Two baselines are scored on the same pages: keeping
every line, and a C4-style line filter (keep a line that ends in terminal punctuation and
has at least 5 words), which the rules must beat to be worth having.

Scores follow `detente.evaluation.cleaning` (4-word shingles; precision and recall averaged
over pages where defined, F1 of the two averages).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from detente.evaluation.cleaning import PageScore, load_pairs, score_page
from detente.evaluation.runpath import run_text_files
from detente.evaluation.scoring import Item, Metric, f1_of, internal_errors, ratio

GROUP = "cleaning"
FILES = ("pagedumps_dev",)
TITLE = ("Cleaning: pagedumps_dev (4-word shingles against gold bodies) through `detente run` (no NLP, no language/length "
         "policy); cv_*: cross-validated")

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def c4_lines(text: str) -> str:
    """C4-style baseline: lines that end in terminal punctuation and have >= 5 words."""
    return "\n".join(line for line in text.split("\n") if _TERMINAL.search(line.strip()) and len(line.split()) >= 5)


def keep_all(text: str) -> str:
    return text


def _metrics(prefix: str, label: str, gated: bool = True) -> list[Metric]:
    precision, recall = ratio(f"{prefix}p", f"{prefix}p_n"), ratio(f"{prefix}r", f"{prefix}r_n")
    return [Metric(f"{label}precision", precision, gated=gated), Metric(f"{label}recall", recall, gated=gated),
            Metric(f"{label}f1", f1_of(precision, recall), gated=gated)]


METRICS = (*_metrics("", ""), Metric("rejected", ratio("rejected", "pages"), higher_is_better=False), internal_errors("pages"),
           *_metrics("cv_", "cv_"), *_metrics("c4_", "c4_baseline_", gated=False),
           Metric("keep_all_f1", _metrics("all_", "")[2].compute, gated=False))


def page_counts(score: PageScore, prefix: str = "") -> dict[str, float]:
    """A page's precision and recall as counts that `ratio` averages over pages (the benchmark's way)."""
    return {f"{prefix}p": score.precision if score.tp + score.fp else 0.0, f"{prefix}p_n": float(score.tp + score.fp > 0),
            f"{prefix}r": score.recall if score.tp + score.fn else 0.0, f"{prefix}r_n": float(score.tp + score.fn > 0)}


def evaluate(shared: Path, settings: Any = None) -> tuple[list[Item], list[str]]:
    from detente.config import Settings

    pairs = load_pairs(Path(shared) / "eval" / FILES[0])
    settings = settings or Settings(annotate=False, report=False, languages=(), min_words=0)
    output = run_text_files([(page_id, dump) for page_id, dump, _ in pairs], settings)
    items = []
    for page_id, dump, gold in pairs:
        article = output.articles.get(page_id)
        predicted = article["text"] if article else ""
        ours = score_page(page_id, predicted, gold)
        counts = {"pages": 1.0, "rejected": float(article is None), "crashed": float(output.crashed(page_id)), **page_counts(ours)}
        for prefix, baseline in (("c4_", c4_lines), ("all_", keep_all)):
            counts.update(page_counts(score_page(page_id, baseline(dump), gold), prefix))
        errors = (f"{page_id[:16]}  P {ours.precision:.3f}  R {ours.recall:.3f}  F1 {ours.f1:.3f}"
                  + (f"  rejected: {output.rejects.get(page_id)}" if article is None else ""),) if ours.f1 < 0.8 else ()
        items.append(Item(page_id, counts, errors))
    cv_items, cv_note = cross_validated(shared)
    return items + cv_items, [f"  {len(pairs)} pages, cleaned in {output.seconds:.1f} s", cv_note]


def cross_validated(shared: Path) -> tuple[list[Item], str]:
    """The cleaner teammate's cross-validated scores (`detente.evaluation.cleaning_folds`: fold k
    cleaned by a line model trained without it), one aggregate item per fold (P and R weighted by
    pages). The shipped model was trained on every dev page, so `f1` above has seen them; `cv_f1`
    is the honest estimate for unseen pages."""
    try:
        from detente.evaluation import cleaning_folds
    except ImportError:
        return [], "  cv_*: detente.evaluation.cleaning_folds not installed; no cross-validated score"
    folds = (cleaning_folds.evaluate(shared).get("detente") or {}).get("folds") or []
    items = []
    for number, fold in enumerate(folds):
        pages = float(fold.get("pages", 0))
        items.append(Item(f"cleaning cv fold {number}", {"records": 0.0, "cv_p": fold["precision"] * pages, "cv_p_n": pages,
                                                          "cv_r": fold["recall"] * pages, "cv_r_n": pages}, fold_id=number))
    note = ("  cv_*: detente.evaluation.cleaning_folds (each fold cleaned by a line model trained without it, through "
            "clean_document); precision/recall/f1 above it: the shipped model, trained on all these pages")
    return items, note if items else "  cv_*: no fold models (make train-cleaner); no cross-validated score"

