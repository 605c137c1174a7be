"""`make eval`: print detente's scores on the development data in shared/eval.

Usage: python -m detente.evaluation [--shared ../shared] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from detente.evaluation.cleaning import _format, clean_dump, keep_everything, score_pages, summarise


def full_cleaner(text: str) -> str:
    """The whole clean stage (normalise, metadata, lines): `detente.clean_text`."""
    from detente import clean_text

    return clean_text(text).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list the worst pages")
    parser.add_argument("--only", choices=("cleaning", "quotes", "events"), help="evaluate one stage")
    args = parser.parse_args(argv)
    if args.only in (None, "cleaning"):
        _cleaning(args.shared, args.verbose)
    if args.only in (None, "quotes"):
        from detente.evaluation import quotes

        print()
        quotes.main(args.shared, verbose=args.verbose)
    if args.only in (None, "events"):
        from detente.evaluation import events

        print()
        events.main(args.shared, verbose=args.verbose, seeds=True)
    return 0


def _cleaning(shared: Path, verbose: bool) -> None:
    pagedumps = shared / "eval" / "pagedumps_dev"
    if not pagedumps.is_dir():
        print(f"Cleaning: {pagedumps} not found; skipped", file=sys.stderr)
        return
    print("Cleaning: 4-word shingles against gold article bodies (pagedumps_dev)")
    full = score_pages(pagedumps, full_cleaner)
    print("  " + _format("detente clean", summarise(full)))
    print("  " + _format("lines only", summarise(score_pages(pagedumps, clean_dump))))
    print("  " + _format("keep every line", summarise(score_pages(pagedumps, keep_everything))))
    if verbose:
        for score in sorted(full, key=lambda score: score.f1)[:10]:
            print(f"    {score.page_id[:16]}  P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
