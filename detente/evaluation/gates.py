"""Quality gates: pinned floors (and ceilings) for the headline scores of `make eval`.

Why: a score that silently drops is how a good cleaner or coder gets worse without anyone
noticing (trafilatura's CI fails when its benchmark score falls). The gate file at the
repo root (`quality_gates.toml`) pins, for each headline score, a floor (or a ceiling,
for scores where lower is better: extra events, invented dates) and the SHA-256 digest of
every eval file the score reads. `make eval` fails when a score falls under its floor;
when an eval file changed, its gates are reported as "not compared" and the run fails too,
because a floor set on other data means nothing. Lowering a floor is an explicit step
(`--accept-lower`); `--raise-floors` raises floors to today's values.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

GATE_FILE = Path(__file__).resolve().parents[2] / "quality_gates.toml"
DEFAULT_SLACK = 0.01

HEADER = """\
# Quality gates of `make eval` (python -m detente.evaluation --gate); see detente/evaluation/gates.py.
#
# [gates]: one entry per headline score, "<group>.<metric>" = {floor = X} (the score must stay >= X)
#   or {ceiling = X} (lower is better; the score must stay <= X). Scores are over all records of the
#   dev set, through `detente run`'s path.
# [digests]: SHA-256 of each eval file (a folder: of its files' names and digests) under ../shared/eval
#   when the gates were pinned. A changed eval set is reported and its gates are not compared.
#
# Do not edit by hand to lower a floor: run
#   python -m detente.evaluation --accept-lower      (pins today's values, lower or not, and today's digests)
#   python -m detente.evaluation --raise-floors      (raises floors / lowers ceilings to today's values only)
# Both keep a slack of --slack (default 0.01) below (above) the measured value.
"""


@dataclass
class Gates:
    """The gate file's content: limits per score and digests per eval file."""

    floors: dict[str, float] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = GATE_FILE) -> Gates:
        if not path.is_file():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        gates = cls(digests={str(k): str(v) for k, v in (data.get("digests") or {}).items()})
        for name, limit in (data.get("gates") or {}).items():
            if "floor" in limit:
                gates.floors[name] = float(limit["floor"])
            if "ceiling" in limit:
                gates.ceilings[name] = float(limit["ceiling"])
        return gates

    def dump(self) -> str:
        """The TOML text (sorted, so that a re-pin shows as a small diff)."""
        lines = [HEADER, "[gates]"]
        for name in sorted(set(self.floors) | set(self.ceilings)):
            parts = []
            if name in self.floors:
                parts.append(f"floor = {self.floors[name]:.3f}")
            if name in self.ceilings:
                parts.append(f"ceiling = {self.ceilings[name]:.3f}")
            lines.append(f'"{name}" = {{ {", ".join(parts)} }}')
        lines += ["", "[digests]"]
        lines += [f'"{name}" = "{digest}"' for name, digest in sorted(self.digests.items())]
        return "\n".join(lines) + "\n"

    def save(self, path: Path = GATE_FILE) -> None:
        path.write_text(self.dump(), encoding="utf-8")


def digest(path: Path) -> str:
    """SHA-256 of a file, or of a folder's sorted (file name, file digest) pairs."""
    if path.is_dir():
        outer = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            outer.update(f"{child.relative_to(path).as_posix()}\0{digest(child)}\n".encode())
        return outer.hexdigest()
    inner = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            inner.update(block)
    return inner.hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What the gate says about one run: failures make `make eval` exit non-zero."""

    failures: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def changed_files(gates: Gates, digests: Mapping[str, str]) -> list[str]:
    """Eval files whose digest differs from the pinned one (or was never pinned)."""
    return [name for name, value in sorted(digests.items()) if gates.digests.get(name) != value]


def check(gates: Gates, scores: Mapping[str, float | None], higher_is_better: Mapping[str, bool],
          files_of: Mapping[str, Iterable[str]], digests: Mapping[str, str]) -> Verdict:
    """Compare scores ("group.metric" -> value) with their limits.

    `files_of` maps each group to the eval files it read; `digests` holds today's digest of
    each. A group whose files changed is not compared (and fails, saying so).
    """
    failures: list[str] = []
    notes: list[str] = []
    stale_groups = {}
    for group, files in files_of.items():
        changed = changed_files(gates, {name: digests[name] for name in files if name in digests})
        if changed:
            stale_groups[group] = changed
            failures.append(f"{group}: eval data changed ({', '.join(changed)}): its gates were NOT compared; "
                            "check the data, then re-pin with --accept-lower")
    for name, value in sorted(scores.items()):
        group = name.split(".", 1)[0]
        if group in stale_groups:
            continue
        floor, ceiling = gates.floors.get(name), gates.ceilings.get(name)
        if floor is None and ceiling is None:
            notes.append(f"{name}: no gate pinned (--raise-floors adds one)")
            continue
        if value is None:
            failures.append(f"{name}: no score (nothing to measure) but a gate is pinned")
        elif floor is not None and value < floor:
            failures.append(f"{name}: {value:.3f} is under its floor {floor:.3f}")
        elif ceiling is not None and value > ceiling:
            failures.append(f"{name}: {value:.3f} is over its ceiling {ceiling:.3f}")
    return Verdict(tuple(failures), tuple(notes))


def pinned_value(value: float, higher_is_better: bool, slack: float) -> float:
    """A floor `slack` under the value (a ceiling `slack` over it), on a 0.001 grid."""
    if higher_is_better:
        return max(0.0, math.floor((value - slack) * 1000 + 1e-9) / 1000)
    return math.ceil((value + slack) * 1000 - 1e-9) / 1000


def repin(gates: Gates, scores: Mapping[str, float | None], higher_is_better: Mapping[str, bool],
          files_of: Mapping[str, Iterable[str]], digests: Mapping[str, str], *, lower: bool,
          slack: float = DEFAULT_SLACK, exact: Iterable[str] = ()) -> list[str]:
    """Move limits to today's values; returns one line per change.

    With `lower` False (--raise-floors) a limit only tightens, and groups whose eval files
    changed are left alone. With `lower` True (--accept-lower) every limit of the scores
    given is set to today's value, and today's digests are pinned. Scores named in `exact` are
    pinned without slack.
    """
    exact = set(exact)
    changes: list[str] = []
    stale = {group for group, files in files_of.items()  # pinned before, on other data
             if any(name in gates.digests and gates.digests[name] != digests.get(name, gates.digests[name]) for name in files)}
    if lower:
        for group, files in files_of.items():
            for name in files:
                if name in digests and gates.digests.get(name) != digests[name]:
                    changes.append(f"digest of {name} pinned: {digests[name][:16]}…")
                    gates.digests[name] = digests[name]
    for name, value in sorted(scores.items()):
        group = name.split(".", 1)[0]
        if value is None or (group in stale and not lower):
            continue
        higher = higher_is_better.get(name, True)
        limits = gates.floors if higher else gates.ceilings
        new, old = pinned_value(value, higher, 0.0 if name in exact else slack), limits.get(name)
        tighter = old is None or (new > old if higher else new < old)
        if new != old and (tighter or lower):
            kind = "floor" if higher else "ceiling"
            changes.append(f"{name}: {kind} {'none' if old is None else f'{old:.3f}'} -> {new:.3f} (measured {value:.3f})"
                           + ("  LOWERED" if not tighter else ""))
            limits[name] = new
    if not lower:
        for group, files in files_of.items():
            for name in files:
                if name in digests and name not in gates.digests:
                    gates.digests[name] = digests[name]
                    changes.append(f"digest of {name} pinned: {digests[name][:16]}…")
    return changes
