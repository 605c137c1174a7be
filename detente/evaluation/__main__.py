"""`make eval`: detente's scores on the development data in shared/eval, as users get them.

Every score goes through `detente.run` (the function the CLI calls): the dev records are
written as a user's input, one run per corpus, and the run's outputs are scored against
gold. Each score is printed on all records, per fold (`detente.evaluation.folds`), with
the folds' mean and worst; `--verbose` lists errors of the tuning fold only. With `--gate`
the headline scores are compared with the floors pinned in `quality_gates.toml`.

Usage: python -m detente.evaluation [--shared ../shared] [--only GROUP] [--gate]
       [--verbose] [--accept-lower | --raise-floors] [--slack 0.01] [--json scores.json]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from detente.evaluation import gates as gate_file
from detente.evaluation.scoring import score, table, verbose_errors
from detente.stages import ResourceCache

# group -> module; each module has GROUP, FILES, TITLE, METRICS and evaluate(shared) -> (items, notes).
# A module whose evaluate takes `resources` gets the process's one `stages.ResourceCache`: the
# spaCy model and the lexicons then load once for all those groups' runs (`group_arguments`).
GROUPS = {
    "cleaning": "detente.evaluation.pagedumps",
    "quotes": "detente.evaluation.polnear",
    "events": "detente.evaluation.plover",
    "dates": "detente.evaluation.dates",
    "petrarch": "detente.evaluation.petrarch",
    "identity": "detente.evaluation.identity",
}
# Teammates' evaluators with `evaluate(shared: Path) -> dict` are read by the groups' modules:
# detente.evaluation.cleaning_folds by .pagedumps (cv_* scores), .pubdates by .dates (published_*).
DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--only", choices=tuple(GROUPS), action="append", help="evaluate these groups only (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="list individual errors, of the tuning fold (0) only")
    parser.add_argument("--gate", action="store_true", help="exit 1 when a score falls under its pinned floor")
    parser.add_argument("--accept-lower", action="store_true", help="pin today's values and digests in the gate file, lower or not")
    parser.add_argument("--raise-floors", action="store_true", help="raise floors (lower ceilings) to today's values")
    parser.add_argument("--slack", type=float, default=gate_file.DEFAULT_SLACK, help="margin kept when pinning (default 0.01)")
    parser.add_argument("--gate-file", type=Path, default=gate_file.GATE_FILE)
    parser.add_argument("--stage-level", action="store_true",
                        help="also print the old stage-level events and quotes scores (stages called on gold text), for the gap")
    parser.add_argument("--json", type=Path, help="also write every score (all, per fold, mean, worst) to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    eval_dir = args.shared / "eval"
    if not eval_dir.is_dir():
        print(f"skipped: {args.shared} not found (no eval data; nothing measured, no gate checked)")
        return 0
    selected = args.only or list(GROUPS)
    print("Every score through `detente run`: on all records, per fold (f0 is the tuning fold: only its errors are looked at), "
          "the folds' mean and the worst fold; (v): lower is better.\n")
    scores: dict[str, float | None] = {}
    higher: dict[str, bool] = {}
    exact: set[str] = set()
    files_of: dict[str, tuple[str, ...]] = {}
    digests: dict[str, str] = {}
    report: dict[str, dict[str, object]] = {}
    cache = ResourceCache()
    for group in selected:
        module = importlib.import_module(GROUPS[group])
        missing = [name for name in module.FILES if not (eval_dir / name).exists()]
        if missing:
            print(f"{module.TITLE}\n  skipped: {', '.join(missing)} not found in {eval_dir}\n")
            continue
        started = time.perf_counter()
        items, notes = module.evaluate(args.shared, **group_arguments(module, args.stage_level, cache))
        results = score(items, module.METRICS)
        print("\n".join(table(module.TITLE, results, items)))
        print("\n".join(notes))
        if args.verbose:
            print("\n".join(verbose_errors(items)))
        print(f"  ({time.perf_counter() - started:.1f} s)\n")
        files_of[group] = tuple(module.FILES)
        digests.update({name: gate_file.digest(eval_dir / name) for name in module.FILES})
        for result in results:
            name = f"{group}.{result.metric.name}"
            report[name] = {"all": result.overall, "folds": result.folds, "mean": result.mean, "worst": result.worst}
            if result.metric.gated:
                scores[name], higher[name] = result.overall, result.metric.higher_is_better
                if result.metric.exact:
                    exact.add(name)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return _gate(args, scores, higher, files_of, digests, exact)


def group_arguments(module: ModuleType, stage_level: bool, cache: ResourceCache) -> dict[str, Any]:
    """The keyword arguments of a group's `evaluate`: `stage_level` where asked for and taken,
    and the process's resource cache where it takes `resources`."""
    taken = inspect.signature(module.evaluate).parameters
    arguments: dict[str, Any] = {"stage_level": True} if stage_level and "stage_level" in taken else {}
    if "resources" in taken:
        arguments["resources"] = cache
    return arguments


def _gate(args: argparse.Namespace, scores: dict[str, float | None], higher: dict[str, bool],
          files_of: dict[str, tuple[str, ...]], digests: dict[str, str], exact: set[str]) -> int:
    """Check the pinned gates (--gate), then re-pin (--raise-floors / --accept-lower) from the same
    run; exit 1 when the check failed, unless --accept-lower pinned today's values on purpose."""
    gates = gate_file.Gates.load(args.gate_file)
    failed = False
    if args.gate:
        verdict = gate_file.check(gates, scores, higher, files_of, digests)
        for note in verdict.notes:
            print(f"gate note: {note}")
        if verdict.passed:
            print(f"quality gate passed ({len(scores)} scores of {', '.join(files_of)} against {args.gate_file.name})")
        else:
            failed = True
            print(f"QUALITY GATE FAILED ({args.gate_file.name}):", file=sys.stderr)
            for failure in verdict.failures:
                print(f"  {failure}", file=sys.stderr)
    if args.accept_lower or args.raise_floors:
        changes = gate_file.repin(gates, scores, higher, files_of, digests, lower=args.accept_lower, slack=args.slack,
                                   exact=exact)
        gates.save(args.gate_file)
        verb = "--accept-lower: pinned today's values (floors may have gone DOWN)" if args.accept_lower else "--raise-floors"
        print(f"{verb}; {args.gate_file.name} rewritten:" if changes else f"{verb}: nothing to change in {args.gate_file.name}")
        print("\n".join(f"  {line}" for line in changes))
        return 0 if args.accept_lower else int(failed)
    return int(failed)


if __name__ == "__main__":
    raise SystemExit(main())
