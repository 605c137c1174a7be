"""PETRARCH2's construction suite through `detente run` (shared/eval/petrarch_unit/).

`PETR.UnitTest.records.xml` holds stylised sentences about fictional countries (Arnor,
Gondor, ...) with their gold codings: compound actors, passives, negation, nested clauses,
several events in one sentence. The suite's own dictionaries (`PETR.Validate.*`) name those
countries; they are converted with the project's converters (`detente dict import --kind
actors|agents`, and `--kind verbs` when the CLI has it; otherwise our own lexicon codes the
verbs and the report says so) and passed as `Settings(extra_data=...)`.

Each `<Sentence>` becomes one JSONL record (its `<Text>` with the XML's hard line wraps
joined, `published` from its `date`). Because this suite tests coding and not the cleaner,
the run keeps every length and language and links only exact-looking duplicates
(`min_words=0`, `languages=()`, `duplicate_threshold=0.95`) and a sentence the suite repeats
under another date goes to another run (`same_text_rounds`); records whose gold is an input
`error` (a broken parse tree, a dateline, a discard) test PETRARCH's own input checks and
are left out. A record with `noevents` (or no coding) expects no event.

Scores: gold codings are matched one to one to the sentence's events (best agreement
first: same root, then same full code, source and target); root, full-code, source and
target accuracy are over all gold codings (an unmatched one is wrong on all four); extra
events are the events matched to no gold coding, per sentence. `dyad_any_code` counts gold
codings with an event of the same source and target codes whatever its code: it measures
actors and constructions when the suite's own verb codes are not loaded.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.evaluation.runpath import RunOutput, crash_note, merge_outputs, run_jsonl
from detente.evaluation.scoring import Item, Metric, internal_errors, ratio

GROUP = "petrarch"
FILES = ("petrarch_unit",)
TITLE = "PETRARCH2 construction suite (petrarch_unit) through `detente run` with the suite's dictionaries as extra data"
DICTIONARY_KINDS = ("actors", "agents", "verbs")

METRICS = (
    Metric("root", ratio("root_right", "codings"), description="gold codings whose CAMEO root was found"),
    Metric("full_code", ratio("code_right", "codings")),
    Metric("source", ratio("source_right", "codings"), description="source actor code equal to the gold one"),
    Metric("target", ratio("target_right", "codings")),
    Metric("dyad_any_code", ratio("dyad_right", "codings"),
           description="gold codings with an event of the same source and target codes, whatever its code"),
    Metric("no_event_right", ratio("quiet_right", "quiet"), description="sentences expecting no event that got none"),
    Metric("extra_per_sentence", ratio("extra", "sentences"), higher_is_better=False),
    internal_errors("sentences"),
)


@dataclass(frozen=True)
class Coding:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class Record:
    """One `<Sentence>`: `key` is unique (ids repeat in the file), `id` decides the fold."""

    key: str
    id: str
    date: str | None
    text: str
    codings: tuple[Coding, ...]
    error: bool
    implemented: bool  # PETRARCH's `sentence="false"` marks features it never implemented


def read_records(path: Path) -> list[Record]:
    root = ElementTree.parse(path).getroot()
    records, seen = [], set()
    for element in root.iter("Sentence"):
        rid = (element.get("id") or "").strip()
        key = rid if rid not in seen else f"{rid}#{sum(1 for r in records if r.id == rid) + 1}"
        seen.add(rid)
        codings = element.findall("EventCoding")
        date = (element.get("date") or "").strip()
        text_element = element.find("Text")
        records.append(Record(
            key=key, id=rid, date=f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 and date.isdigit() else None,
            text=" ".join((text_element.text or "").split()) if text_element is not None else "",
            codings=tuple(Coding(c.get("sourcecode", "").strip(), c.get("targetcode", "").strip(), c.get("eventcode", "").strip())
                          for c in codings if c.get("eventcode")),
            error=any(c.get("error") for c in codings),
            implemented=(element.get("sentence") or "true").strip().lower() != "false",
        ))
    return records


def convert_dictionaries(directory: Path, out: Path) -> tuple[list[Path], list[str]]:
    """Convert the suite's dictionaries with `detente dict import`; returns the YAML files and
    one note per kind (converted, or why not)."""
    from detente.cli import app

    files, notes = [], []
    for kind in DICTIONARY_KINDS:
        source = directory / f"PETR.Validate.{kind}.txt"
        target = out / f"petrarch_validate_{kind}.yaml"
        if not source.is_file():
            notes.append(f"{kind}: {source.name} not found")
            continue
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            try:
                code = app(["dict", "import", str(source), "--out", str(target), "--kind", kind], standalone_mode=False)
            except SystemExit as stop:
                code = stop.code
            except Exception as error:  # noqa: BLE001 - a converter's crash is reported, not fatal to the eval
                code = f"{type(error).__name__}: {error}"
        if code in (None, 0) and target.is_file() and kind == "verbs":
            entries = verb_entries(target)
            if entries:
                files += [target, _verb_policy(out)]
                notes.append(f"verbs: converted, {entries} entries (joined with coded entries and bare verbs on)")
            else:
                notes.append("verbs: `--kind verbs` converted 0 entries from this file (TABARI/KEDS-era layout); "
                             "our own lexicon codes the verbs")
        elif code in (None, 0) and target.is_file():
            files.append(target)
            skipped = captured.getvalue().count("skipped")
            notes.append(f"{kind}: converted" + (f" ({skipped} entries skipped by the converter)" if skipped else ""))
        else:
            message = " ".join(captured.getvalue().split())[:120]
            notes.append(f"{kind}: NOT converted ({message or code}); " +
                         ("our own lexicon codes the verbs" if kind == "verbs" else "left out"))
    return files, notes


def same_text_rounds(records: list[Record]) -> list[list[Record]]:
    """Records split into runs so that no run holds the same text twice.

    Why: the suite repeats a sentence under other dates to test dated office holders (DATE-01
    in 1995, DATE-02 in 2008); in one run the deduplicator links the repeat to the first copy
    and the repeat gets the first copy's codes. The k-th copy of a text goes to run k.
    """
    rounds: list[list[Record]] = []
    copies: dict[str, int] = {}
    for record in records:
        key = " ".join(record.text.lower().split())
        number = copies.get(key, 0)
        copies[key] = number + 1
        if number == len(rounds):
            rounds.append([])
        rounds[number].append(record)
    return rounds


def verb_entries(path: Path) -> int:
    """Entries of a converted verb dictionary (`dictionary_triggers`: code -> {verbs: [...]})."""
    import yaml

    triggers = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("dictionary_triggers") or {}
    return sum(len(group.get("verbs") or []) for group in triggers.values() if isinstance(group, dict))


def _verb_policy(out: Path) -> Path:
    """Extra data that lets the suite's own verb dictionary code (rules.yaml `dictionary_merge` keeps
    only the "no event" entries of an imported dictionary by default): in the suite's fictional
    world its dictionary is the lexicon of record, so its entries win ties with ours
    (`prefer_imported`), the packaged CAMEO 2.0 dictionary stays out (`packaged: false`) and its
    codes are kept as written (`own_codes`: its WEIS-era "903" is no CAMEO code), and our own
    triggers.yaml stays out (`own_triggers: false`; our frames and modality rules stay), as
    PETRARCH codes the suite with its own dictionary alone."""
    path = out / "petrarch_validate_verb_policy.yaml"
    path.write_text("dictionary_merge:\n  coded_entries: true\n  bare_verbs: true\n  prefer_imported: true\n"
                    "  packaged: false\n  own_codes: true\n  own_triggers: false\n", encoding="utf-8")
    return path


def evaluate(shared: Path, settings: Any = None) -> tuple[list[Item], list[str]]:
    """The suite's runs (one per `same_text_rounds` group) share one resource cache of their
    own: their resources (the suite's dictionaries as extra data, its cleaning settings)
    are no other evaluation's, so `make eval`'s cache would only keep them alive."""
    from detente.config import Settings
    from detente.stages import ResourceCache

    directory = Path(shared) / "eval" / FILES[0]
    records = read_records(directory / "PETR.UnitTest.records.xml")
    scored = [record for record in records if not record.error and record.text]
    with tempfile.TemporaryDirectory(prefix="detente-petrarch-") as tmp:
        extra, notes = convert_dictionaries(directory, Path(tmp))
        base = settings or Settings(report=False, min_words=0, languages=(), duplicate_threshold=0.95)
        from dataclasses import replace

        run_settings = replace(base, extra_data=(*base.extra_data, *extra))
        rounds = same_text_rounds(scored)
        cache = ResourceCache()
        output = merge_outputs([run_jsonl([{"id": record.key, "text": record.text, "published": record.date} for record in group],
                                          run_settings, name="petrarch_unit", resources=cache) for group in rounds])
    items = [score_record(record, output) for record in scored]
    codings = sum(len(record.codings) for record in scored)
    left_out = len(records) - len(scored)
    notes = [f"  {len(records)} sentences in the file, {len(scored)} scored ({left_out} with an input-error gold left out), "
             f"{codings} gold codings, {sum(1 for r in scored if not r.codings)} expecting no event; "
             f"{sum(1 for r in scored if not output.kept(r.key))} rejected by the cleaner; {len(rounds)} runs "
             f"(a sentence repeated with another date goes to another run), {output.seconds:.1f} s",
             "  dictionaries: " + "; ".join(notes), *crash_note(output)]
    return items, notes


def agreement(coding: Coding, event: dict[str, Any]) -> int:
    """How well an event agrees with a gold coding (0: not the same event at all)."""
    cameo = str(event.get("cameo") or "")
    if cameo[:2] != coding.event[:2]:
        return 0
    source, target = (event.get("source") or {}).get("code"), (event.get("target") or {}).get("code")
    return 8 + 4 * (cameo == coding.event) + 2 * (source == coding.source) + 2 * (target == coding.target)


def dyads_found(codings: tuple[Coding, ...], events: list[dict[str, Any]]) -> int:
    """Gold codings matched one to one by an event with the same source and target codes (the
    actors and the construction right, whatever the verb's code: with our own lexicon the suite's
    WEIS-era verb codes cannot be expected)."""
    free = [((event.get("source") or {}).get("code"), (event.get("target") or {}).get("code")) for event in events]
    found = 0
    for coding in codings:
        if (coding.source, coding.target) in free:
            free.remove((coding.source, coding.target))
            found += 1
    return found


def score_record(record: Record, output: RunOutput) -> Item:
    events = output.events.get(record.key, []) if output.kept(record.key) else []
    pairs = sorted(((agreement(coding, event), g, p) for g, coding in enumerate(record.codings)
                    for p, event in enumerate(events)), reverse=True)
    matched: dict[int, int] = {}
    for value, g, p in pairs:
        if value and g not in matched and p not in matched.values():
            matched[g] = p
    counts = {"sentences": 1.0, "crashed": float(output.crashed(record.key)), "codings": float(len(record.codings)),
              "root_right": float(len(matched)),
              "code_right": 0.0, "source_right": 0.0, "target_right": 0.0,
              "quiet": float(not record.codings), "quiet_right": float(not record.codings and not events),
              "extra": float(len(events) - len(matched))}
    for g, p in matched.items():
        coding, event = record.codings[g], events[p]
        counts["code_right"] += event.get("cameo") == coding.event
        counts["source_right"] += (event.get("source") or {}).get("code") == coding.source
        counts["target_right"] += (event.get("target") or {}).get("code") == coding.target
    counts["dyad_right"] = float(dyads_found(record.codings, events))
    errors = []
    if len(matched) < len(record.codings) or len(events) > len(matched) or counts["code_right"] < len(record.codings):
        gold = "; ".join(f"{c.source} {c.event} {c.target}" for c in record.codings) or "no event"
        found = "; ".join(f"{(e.get('source') or {}).get('code')} {e.get('cameo')} {(e.get('target') or {}).get('code')}"
                          for e in events) or ("rejected" if not output.kept(record.key) else "no event")
        errors.append(f"{record.key}: gold {gold} | ours {found} | {record.text[:110]}")
    return Item(record.id, counts, tuple(errors))
