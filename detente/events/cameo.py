"""CAMEO event codes and what they carry: description, quad class, Goldstein value, PLOVER type.

The facts come from two reference tables shipped in `detente/data/cameo/` with their headers and
attribution: `cameo_codes.tsv` (CAMEO 1.1b3 codebook with Goldstein values) and
`CAMEO2PLOVER-2021.txt` (the Open Event Data Alliance's CAMEO -> PLOVER table, CC BY-SA 4.0).
A code the tables do not list (a 4-digit code only one of them knows) takes the values of its
nearest listed parent ("1213" -> "121" -> "12").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from detente.config import DATA_DIR

CAMEO_DIR = DATA_DIR / "cameo"
_PLOVER_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)")


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with the values the reference tables give it."""

    code: str
    description: str
    quad_class: int | None
    goldstein: float | None
    plover: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class CameoTable:
    """All CAMEO codes by code; `lookup` falls back to the nearest listed parent."""

    codes: Mapping[str, CameoCode]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def lookup(self, code: str) -> CameoCode | None:
        """The entry for `code`, or for its nearest listed parent, renamed to `code`."""
        for length in range(len(code), 1, -1):
            entry = self.codes.get(code[:length])
            if entry is not None:
                return entry if length == len(code) else CameoCode(code, entry.description, entry.quad_class, entry.goldstein, entry.plover)
        return None

    def normalise(self, code: str) -> str:
        """`code` if the tables know it, else its nearest listed parent ("1213" -> "121")."""
        for length in range(len(code), 1, -1):
            if code[:length] in self.codes:
                return code[:length]
        return code[:2]


def read_cameo_codes(path: Path) -> dict[str, tuple[str, int | None, float | None]]:
    """code -> (description, quad class, Goldstein) from the TSV (comment lines start with #)."""
    codes: dict[str, tuple[str, int | None, float | None]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "code" or len(parts) < 4:
                continue
            code, quad, goldstein, description = parts[0].strip(), parts[1].strip(), parts[2].strip(), parts[3].strip()
            codes[code] = (description, int(quad) if quad else None, float(goldstein) if goldstein else None)
    return codes


def read_plover(path: Path) -> dict[str, str]:
    """code -> PLOVER event type from CAMEO2PLOVER (the first line for a code wins: "08: CONCEDE")."""
    plover: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("~"):
                break
            match = _PLOVER_LINE.match(line)
            if match:
                plover.setdefault(match.group(1), match.group(2))
    return plover


def build_cameo_table(codes: Mapping[str, tuple[str, int | None, float | None]], plover: Mapping[str, str],
                      supplement: Mapping[str, str | None] = MappingProxyType({})) -> CameoTable:
    """Join the two tables; a code's PLOVER type is its own, else its nearest parent's."""
    types = {**plover, **{code: value for code, value in supplement.items() if code not in plover}}

    def plover_of(code: str) -> str | None:
        for length in range(len(code), 1, -1):
            if code[:length] in types:
                return types[code[:length]]
        return None

    entries = {code: CameoCode(code, description, quad, goldstein, plover_of(code))
               for code, (description, quad, goldstein) in codes.items()}
    for code in plover:  # codes only the PLOVER table lists ("1213") take their parent's facts
        if code not in entries:
            parent = next((entries[code[:n]] for n in range(len(code) - 1, 1, -1) if code[:n] in entries), None)
            if parent is not None:
                entries[code] = CameoCode(code, parent.description, parent.quad_class, parent.goldstein, plover_of(code))
    return CameoTable(MappingProxyType(entries))


def load_cameo_table(supplement: tuple[tuple[str, str | None], ...] = ()) -> CameoTable:
    """The packaged CAMEO and PLOVER tables (a few milliseconds). A plain loader, no module
    cache (issue 13): the caller holds the immutable result and passes it on (the event
    lexicon carries one as `EventLexicon.cameo`; the report builder loads one per build)."""
    return build_cameo_table(read_cameo_codes(CAMEO_DIR / "cameo_codes.tsv"), read_plover(CAMEO_DIR / "CAMEO2PLOVER-2021.txt"),
                             dict(supplement))
