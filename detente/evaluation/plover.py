"""Events through `detente run`: the PLOVER gold standard records (plover_gsr_dev.json).

Each gold sentence becomes one JSONL record (`text`, `published` = the record's date, a
url from its id), the whole file goes through `detente.run` with the default settings,
and the events the run wrote are scored: a sentence the cleaner rejected, or with no
event, counts as wrong (coverage says how many). A sentence is scored by its main event:
asserted before negated or hypothetical, then the one highest in the parse, the most
confident, the first (no gold information chooses it). Event types are compared through
`data/events/plover_gsr_labels.yaml` (CAMEO prefix -> old PLOVER label); an actor counts
when its country or organisation code matches the first gold actor.

Besides accuracy: extra events per kept sentence (each gold sentence holds one event), and
among all events the share whose source equals its target and the share with one side only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.evaluation.events import GoldEvent, LabelMap, load_label_map, read_gold, trigger_depths
from detente.evaluation.runpath import RunOutput, crash_note, nlp_resources, run_jsonl
from detente.evaluation.scoring import Item, Metric, internal_errors, ratio
from detente.records import EventActor

if TYPE_CHECKING:
    from detente.annotate import NlpResources
    from detente.stages import ResourceCache

GROUP = "events"
FILES = ("plover_gsr_dev.json",)
TITLE = "Events: PLOVER gold standard records (plover_gsr_dev.json) through `detente run`, default settings"

METRICS = (
    Metric("type", ratio("type_right", "total"), description="event type right, of all gold sentences"),
    Metric("source", ratio("source_right", "total"), description="first gold source's country matched"),
    Metric("target", ratio("target_right", "target_total"), description="first gold target matched (sentences with a target)"),
    Metric("coverage", ratio("covered", "total"), description="kept by the cleaner and given an event"),
    Metric("kept", ratio("kept", "total"), description="kept by the cleaner (not rejected)"),
    Metric("type_of_covered", ratio("type_right", "covered"), description="type right among covered sentences"),
    Metric("extra_per_sentence", ratio("extra", "kept"), higher_is_better=False,
           description="events beyond the first, per kept sentence"),
    Metric("source_is_target", ratio("same_sides", "events"), higher_is_better=False,
           description="share of events whose source equals the target"),
    Metric("one_side_only", ratio("one_side", "events"), higher_is_better=False,
           description="share of events with a source or a target only"),
    internal_errors("total"),
)


def evaluate(shared: Path, settings: Any = None, stage_level: bool = False,
             resources: ResourceCache | None = None) -> tuple[list[Item], list[str]]:
    """Run the gold sentences through `detente.run`; per-sentence items and notes (with
    `stage_level`, also the old figure: the coder called on the pre-cut sentences).
    `resources`: the process's cache (`make eval` passes one); the run, the parse depths and
    the stage-level figure all use its parser and lexicons, loaded once."""
    from detente.config import Settings
    from detente.stages import ResourceCache

    cache = resources if resources is not None else ResourceCache()
    settings = settings or Settings(report=False)
    golds = read_gold(Path(shared) / "eval" / FILES[0])
    records = [{"id": gold.id, "text": gold.text, "published": gold.date} for gold in golds]
    output = run_jsonl(records, settings, name="plover_gsr_dev", resources=cache)
    labels = load_label_map()
    nlp = nlp_resources(cache, settings)
    depths = _depths(golds, output, nlp.nlp)
    items = [score_sentence(gold, output, labels, depths.get(gold.id, {})) for gold in golds]
    rejected = sum(1 for gold in golds if not output.kept(gold.id))
    notes = [f"  {len(golds)} sentences, run in {output.seconds:.1f} s; the cleaner rejected {rejected}"
             + (f" (most common reason: {_common(output.rejects.values())})" if rejected else "")]
    notes += crash_note(output)
    if stage_level:
        notes.append(stage_level_line(golds, labels, nlp))
    return items, notes


def stage_level_line(golds: Sequence[GoldEvent], labels: LabelMap, resources: NlpResources | None = None) -> str:
    """The stage-level score (actors, quotes and events called on the gold sentences, no ingest or
    cleaning): what `make eval` used to report, for the gap to what users get."""
    from detente.evaluation.events import run, score

    scores = score(run(golds, resources)[0], labels)
    return ("  stage level (the coder called on the pre-cut sentences, NOT what users get): "
            f"type {scores.type_right / scores.total:.3f}, source {scores.source_right / scores.total:.3f}, "
            f"target {scores.target_right / max(1, scores.target_total):.3f}, coverage {scores.covered / scores.total:.3f}")


def _common(reasons: Any) -> str:
    from collections import Counter

    reason, count = Counter(reason.split(" (")[0] for reason in reasons).most_common(1)[0]
    return f"{reason!r}, {count}"


def _depths(golds: Sequence[GoldEvent], output: RunOutput, nlp: Any) -> dict[str, dict[int, int]]:
    """Parse depth of each token of the kept clean texts (the main event is the highest one),
    parsed whole by `nlp` (the run's parser)."""
    kept = [(gold.id, output.articles[gold.id]["text"]) for gold in golds if output.events.get(gold.id)]
    if not kept:
        return {}
    return {rid: trigger_depths(doc) for (rid, _), doc in zip(kept, nlp.pipe(text for _, text in kept), strict=True)}


def event_actor(side: dict[str, Any] | None) -> EventActor | None:
    if not side:
        return None
    return EventActor(text=side.get("text") or "", name=side.get("name"), code=side.get("code"),
                      country=side.get("country"), role=side.get("role"))


def main_event(events: Sequence[dict[str, Any]], depths: dict[int, int]) -> dict[str, Any] | None:
    """Asserted before negated or hypothetical, then highest in the parse, most confident, first."""
    def rank(event: dict[str, Any]) -> tuple[Any, ...]:
        modality = event.get("modality") or {}
        return (bool(modality.get("negated")), bool(modality.get("hypothetical")),
                depths.get(event["trigger"]["start"], 0), -float(event.get("confidence") or 0), event["trigger"]["start"])

    return min(events, key=rank) if events else None


def same_sides(event: dict[str, Any]) -> bool:
    """Source and target are the same actor code (or, without codes, the same country)."""
    source, target = event.get("source") or {}, event.get("target") or {}
    if not source or not target:
        return False
    if source.get("code") and target.get("code"):
        return source["code"] == target["code"]
    return bool(source.get("country")) and source.get("country") == target.get("country")


def side_counts(events: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Counts of events, of events with source == target and with one side only."""
    return {
        "events": float(len(events)),
        "same_sides": float(sum(same_sides(event) for event in events)),
        "one_side": float(sum(bool(event.get("source")) != bool(event.get("target")) for event in events)),
    }


def score_sentence(gold: GoldEvent, output: RunOutput, labels: LabelMap, depths: dict[int, int]) -> Item:
    """One gold sentence's counts (and its error line for --verbose)."""
    kept = output.kept(gold.id)
    events = output.events.get(gold.id, []) if kept else []
    has_target = bool(gold.targets and gold.targets[0])
    counts = {"total": 1.0, "kept": float(kept), "covered": float(bool(events)), "target_total": float(has_target),
              "extra": float(max(0, len(events) - 1)), "crashed": float(output.crashed(gold.id)), **side_counts(events)}
    predicted = main_event(events, depths)
    label = labels.label(predicted["cameo"]) if predicted else None
    source_ok = bool(predicted) and bool(gold.sources) and labels.actor_matches(gold.sources[0], event_actor(predicted.get("source")))
    target_ok = bool(predicted) and has_target and labels.actor_matches(gold.targets[0], event_actor(predicted.get("target")))
    counts.update(type_right=float(label == gold.label), source_right=float(source_ok), target_right=float(target_ok))
    errors: tuple[str, ...] = ()
    if not (label == gold.label and source_ok and (target_ok or not has_target)):
        if not kept:
            shown = f"(rejected: {output.rejects.get(gold.id, 'not in the output')})"
        elif predicted is None:
            shown = "(no event)"
        else:
            shown = (f"{predicted['cameo']} {label} {predicted['trigger']['text']!r} {_side(predicted.get('source'))} -> "
                     f"{_side(predicted.get('target'))}" + (f" (+{len(events) - 1} more)" if len(events) > 1 else ""))
        errors = (f"{gold.id}: gold {gold.label} {'/'.join(gold.sources)} -> {'/'.join(gold.targets)} | {shown} | {gold.text[:100]}",)
    return Item(gold.id, counts, errors)


def _side(side: dict[str, Any] | None) -> str:
    return f"{side.get('text')!r}[{side.get('code') or '?'}]" if side else "-"
