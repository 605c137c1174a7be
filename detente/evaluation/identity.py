"""Well-known persons on real news: is a person's country the one of who they are?

Why: issue 11 found "Bush" coded as Israel's government in 26 of 34 mentions of one corpus and
an Israeli foreign minister as Palestinian in 13 of 13: the country came from the text around
the name. Its goal: a well-known person's country right in >= 98% of their mentions. No gold
set labels persons, so the reference is the knowledge base's own list of well-known office
holders (`detente/data/actors/officeholders.yaml`, curated; not the 19,000 imported Phoenix
entries): every country or organisation any of their offices belongs to.

What is checked, in one `detente run` over the real articles (`wire_dev.jsonl` with their dates,
`polnear_dev.jsonl`), as a user runs it: each event source and target and each quote speaker
whose text holds a name or alias of such a person (capitalised, as a whole word), or whose
resolved `name` is that person (a "he" resolved by coreference). It is right when its country
(`ActorCatalog.unit`) is one of the person's; an uncoded actor counts as wrong (the person is
known). The check is a consistency check against our own knowledge base: it finds identity
overridden by context, not a wrong entry in the base.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from detente.evaluation.dates import read_jsonl
from detente.evaluation.runpath import RunOutput, crash_note, run_jsonl
from detente.evaluation.scoring import Item, Metric, internal_errors, ratio

if TYPE_CHECKING:
    from detente.stages import ResourceCache

_HEAD_END = re.compile(r"(?:['’]s?)?[\s.,;:)\]\"'’”]*")  # what may follow a name that heads its phrase
_HONORIFICS = ("mr", "mrs", "ms", "dr", "sir", "dame")
ROLES = Path(__file__).resolve().parents[1] / "data" / "actors" / "roles.yaml"

GROUP = "identity"
FILES = ("wire_dev.jsonl", "polnear_dev.jsonl")
TITLE = ("Identity: well-known persons' country on real news (wire_dev + polnear_dev) through `detente run`, "
         "against officeholders.yaml")
OFFICEHOLDERS = Path(__file__).resolve().parents[1] / "data" / "actors" / "officeholders.yaml"

METRICS = (
    Metric("person_country", ratio("right", "checked"),
           description="event actors and quote speakers naming a well-known person, coded with that person's country"),
    Metric("person_uncoded", ratio("uncoded", "checked"), higher_is_better=False,
           description="of those, left without any code"),
    internal_errors("articles"),
)


@dataclass(frozen=True)
class KnownPeople:
    """Names and aliases of the well-known persons -> the countries/organisations of their offices."""

    units_by_alias: dict[str, frozenset[str]]
    units_by_name: dict[str, frozenset[str]]
    pattern: re.Pattern[str] | None
    titles: frozenset[str]

    def units_in(self, text: str) -> frozenset[str] | None:
        """The units of the person `text` names, or None.

        The name must head the phrase (end it, but for a possessive: "Clinton communication
        director Jennifer Palmieri" names Palmieri), and a surname alone must not follow another
        capitalised word that is not a title ("Luis Rubio" is not Marco Rubio)."""
        if not self.pattern or not text:
            return None
        found = None
        for match in self.pattern.finditer(text):
            if _HEAD_END.fullmatch(text, match.end()):
                found = match
        if found is None or " " in found.group(0):
            return self.units_by_alias[found.group(0)] if found else None
        before = text[: found.start()].split()
        if before and before[-1][:1].isupper() and before[-1].lower().rstrip(".") not in self.titles:
            return None
        return self.units_by_alias[found.group(0)]


def load_known_people(catalog: Any, path: Path = OFFICEHOLDERS) -> KnownPeople:
    """The well-known persons of `path`, each office's code reduced to its unit by `catalog`
    (an `ActorCatalog`, the same that scores the actors)."""
    by_alias: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = {}
    for person in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("people") or ():
        units = {unit for office in person.get("offices") or () if (unit := catalog.unit(str(office.get("code") or "")))}
        if not units:
            continue
        by_name[str(person["name"])] = units
        for alias in (person["name"], *(person.get("aliases") or ())):
            by_alias[str(alias)] |= units
    aliases = sorted(by_alias, key=len, reverse=True)
    roles = yaml.safe_load(ROLES.read_text(encoding="utf-8")).get("roles") or {}
    titles = {word.rstrip(".") for lists in roles.values() for word in (lists or {}).get("person") or () for word in word.split()}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(alias) for alias in aliases) + r")(?!\w)") if aliases else None
    return KnownPeople({alias: frozenset(units) for alias, units in by_alias.items()},
                       {name: frozenset(units) for name, units in by_name.items()}, pattern,
                       frozenset(titles) | frozenset(_HONORIFICS))


def actor_counts(actor: dict[str, Any] | None, people: KnownPeople, unit: Any) -> tuple[int, int, int, str | None]:
    """(checked, right, uncoded, error line) for one event side or quote speaker."""
    if not actor:
        return 0, 0, 0, None
    units = people.units_by_name.get(str(actor.get("name") or "")) or people.units_in(str(actor.get("text") or ""))
    if not units:
        return 0, 0, 0, None
    got = unit(actor.get("code"), actor.get("country"))
    if got in units:
        return 1, 1, 0, None
    return 1, 0, int(not actor.get("code")), f"{actor.get('text')!r} coded {actor.get('code') or 'nothing'}; known as {'/'.join(sorted(units))}"


def score_record(record_id: str, output: RunOutput, people: KnownPeople, unit: Any) -> Item:
    counts = {"checked": 0.0, "right": 0.0, "uncoded": 0.0, "articles": 1.0, "crashed": float(output.crashed(record_id))}
    errors: list[str] = []
    sides = [(event.get(side), event["sentence"]["text"]) for event in output.events.get(record_id, ()) for side in ("source", "target")]
    sides += [(quote.get("speaker"), quote.get("content") or "") for quote in output.quotes.get(record_id, ())]
    for actor, context in sides:
        checked, right, uncoded, error = actor_counts(actor, people, unit)
        counts["checked"] += checked
        counts["right"] += right
        counts["uncoded"] += uncoded
        if error:
            errors.append(f"{record_id}: {error} in: {' '.join(context.split())[:160]}")
    return Item(record_id, counts, tuple(errors))


def evaluate(shared: Path, settings: Any = None, resources: ResourceCache | None = None) -> tuple[list[Item], list[str]]:
    """One run over the real articles, scored against the well-known persons (`resources`:
    the process's cache, which `make eval` shares between its runs)."""
    from detente.analysis.sides import ActorCatalog
    from detente.config import Settings

    records = [record for name in FILES for record in read_jsonl(Path(shared) / "eval" / name)]
    inputs = [{key: record.get(key) for key in ("id", "text", "title", "published")} for record in records]
    output = run_jsonl(inputs, settings or Settings(report=False), name="real_news", resources=resources)
    catalog = ActorCatalog.load()
    people = load_known_people(catalog)
    items = [score_record(str(record["id"]), output, people, catalog.unit) for record in records]
    checked = int(sum(item.counts["checked"] for item in items))
    notes = [f"  {len(records)} articles, run in {output.seconds:.1f} s; {checked} actor slots name one of "
             f"{len(people.units_by_name)} well-known persons"]
    return items, notes + crash_note(output)
