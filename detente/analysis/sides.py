"""Which country or organisation an actor belongs to, and whether it is on a given side.

Analysis counts at the level users ask about: "RUS" (Russia: its government, military, people)
or "NATO". The actors stage writes that level into `EventActor.country` / `Mention.country`:
a country code ("RUS") or the key of an organisation in `data/actors/organisations.yaml`
("NATO"), whose CAMEO code ("IGOWSTNAT") stays in `code`. `ActorCatalog` reads the same file,
so an organisation a user adds there (Settings.extra_data) is matched here too; nothing about
particular organisations is written in this module.

A side is given as a country code ("RUS"), an organisation key or code ("NATO", "IGOWSTNAT"),
or a full actor code for a finer view ("RUSGOV": Russia's government only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from detente.resources import load_data

# roles.yaml keys that are not sector codes
_NOT_SECTORS = frozenset({"none", "from_organisation"})


class HasActor(Protocol):
    code: str | None
    country: str | None


@dataclass(frozen=True)
class ActorCatalog:
    """Organisations (key <-> CAMEO code, names) and sector codes, read from the packaged data.

    Attributes:
        codes: organisation key -> CAMEO code ("NATO" -> "IGOWSTNAT").
        keys: CAMEO code -> organisation key (the inverse).
        names: organisation key -> its readable name, aliases and acronyms (to find it in text).
        sectors: CAMEO sector codes ("GOV", "MIL"); a code that is only a sector names no side.
    """

    codes: dict[str, str]
    keys: dict[str, str]
    names: dict[str, tuple[str, ...]]
    sectors: frozenset[str]

    @classmethod
    def load(cls, extra_files: Iterable[Path] = ()) -> ActorCatalog:
        """Read organisations.yaml and roles.yaml (plus users' files of the same shape)."""
        extra = tuple(extra_files)
        organisations = load_data("actors/organisations.yaml", extra).get("organisations") or {}
        roles = load_data("actors/roles.yaml", extra).get("roles") or {}
        codes = {str(key): str(spec["code"]) for key, spec in organisations.items()}
        names = {
            str(key): tuple(dict.fromkeys([str(spec.get("name", key)), str(key), *(spec.get("aliases") or []),
                                           *(spec.get("acronyms") or [])]))
            for key, spec in organisations.items()
        }
        sectors = frozenset(str(key) for key in roles if key not in _NOT_SECTORS)
        return cls(codes, {code: key for key, code in codes.items()}, names, sectors)

    def unit(self, code: str | None, country: str | None = None) -> str | None:
        """The country or organisation key of an actor ("RUSMIL" -> "RUS", "IGOWSTNAT" -> "NATO").

        The actors stage's `country` wins; from a code alone, the longest organisation code it
        starts with (CAMEO codes are 3-letter blocks: "IGOUNOIAE" is the IAEA, an unknown
        "IGOUNOXYZ" the UN), else its first three letters. A bare sector ("GOV") or no code
        gives None: the side is unknown.
        """
        if country:
            return self.keys.get(country, country)
        if not code:
            return None
        code = code.upper()
        if code in self.sectors:
            return None
        for length in range(len(code) - len(code) % 3, 2, -3):
            key = self.keys.get(code[:length])
            if key is not None:
                return key
        if code[:3] in ("IGO", "NGO", "IMG", "MNC"):  # non-state codes not in the catalog
            return code
        return code[:3]

    def unit_of(self, actor: HasActor | None) -> str | None:
        return None if actor is None else self.unit(actor.code, actor.country)


@dataclass(frozen=True)
class Side:
    """One side of a dyad: a country or organisation key, or (finer) a full actor code.

    `level` is "unit" (compare `ActorCatalog.unit`) or "code" (the actor's code starts with
    `key`, at a 3-letter boundary: "RUSGOV" matches RUSGOV and RUSGOVMIL, not RUSMIL).
    """

    spec: str
    key: str
    level: str

    @classmethod
    def parse(cls, spec: str, catalog: ActorCatalog) -> Side:
        text = spec.strip()
        upper = text.upper()
        by_upper = {key.upper(): key for key in catalog.codes}
        if upper in by_upper:
            return cls(text, by_upper[upper], "unit")
        if upper in catalog.keys:
            return cls(text, catalog.keys[upper], "unit")
        if len(upper) == 3:
            return cls(text, upper, "unit")
        if not upper:
            raise ValueError("a side needs a country code, an organisation or an actor code")
        return cls(text, upper, "code")

    def matches(self, actor: HasActor | None, catalog: ActorCatalog) -> bool:
        if actor is None:
            return False
        if self.level == "unit":
            return catalog.unit_of(actor) == self.key
        code = (actor.code or "").upper()
        return code.startswith(self.key) and (len(code) - len(self.key)) % 3 == 0

    def names(self, catalog: ActorCatalog) -> tuple[str, ...]:
        """Words naming this side in text, from the catalog (organisations) and the key itself."""
        return tuple(dict.fromkeys([*catalog.names.get(self.key, ()), self.key]))


def split_dyad(spec: str) -> tuple[str, str] | None:
    """ "RUS:NATO" -> ("RUS", "NATO"); None when `spec` is not two sides joined by a colon."""
    first, separator, second = spec.partition(":")
    if not separator or not first.strip() or not second.strip():
        return None
    return first.strip().upper(), second.strip().upper()
