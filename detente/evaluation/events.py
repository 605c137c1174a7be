"""Score the events stage against the PLOVER gold standard records (shared/eval/plover_gsr_dev.json).

Each gold record is one news sentence with one event: its type (the older PLOVER labels), the
source and target actors (CAMEO country codes). Every sentence is run as a tiny article
(published = the record's date) through the real actors, quotes and events stages. The shared
convention (shared/eval/README.md): event-type accuracy, with CAMEO codes mapped to the old
labels by `data/events/plover_gsr_labels.yaml`, and source and target country accuracy on the
first gold actor (a prediction counts when its country or organisation code matches).

The predicted event of a sentence is its main event: asserted before negated or hypothetical
ones, then the one highest in the parse, the most confident, the first; no gold information
chooses it. We also report coverage (sentences
with any event), how often any predicted event has the gold type, the prefilter's recall cost
(gold sentences it drops, and the accuracy it costs against coding every sentence), and the
time spent in find_events against parsing.

Run: `python -m detente.evaluation.events [--shared ../shared] [--verbose] [--seeds]`.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.records import Article, Event, EventActor

if TYPE_CHECKING:
    from detente.annotate import NlpResources

DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"
LABELS_FILE = "events/plover_gsr_labels.yaml"


@dataclass(frozen=True)
class GoldEvent:
    id: str
    text: str
    date: str | None
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class LabelMap:
    """CAMEO code prefix -> old PLOVER label, and how gold actor codes compare with ours: a gold
    code matches an actor whose country is that code or whose code starts with it ("IGO" matches
    "IGOWSTNAT"), after the file's aliases ("JAP" -> "JPN")."""

    labels: dict[str, str | None]
    aliases: dict[str, str]

    def label(self, code: str) -> str | None:
        for length in range(len(code), 1, -1):
            if code[:length] in self.labels:
                return self.labels[code[:length]]
        return None

    def actor_matches(self, gold: str, actor: EventActor | None) -> bool:
        if actor is None or not gold:
            return False
        gold = self.aliases.get(gold, gold)
        code, country = actor.code or "", actor.country or ""
        return country == gold or code.startswith(gold)


def load_label_map(extra_data: Sequence[Path] = ()) -> LabelMap:
    from detente.resources import load_data

    data = load_data(LABELS_FILE, tuple(extra_data))
    return LabelMap(
        labels={str(key): value for key, value in (data.get("gsr_labels") or {}).items()},
        aliases={str(key): str(value) for key, value in (data.get("country_aliases") or {}).items()},
    )


def read_gold(path: Path) -> list[GoldEvent]:
    """The gold records, without the header entry."""
    records = json.loads(path.read_text(encoding="utf-8"))

    def codes(actors: Any) -> tuple[str, ...]:
        return tuple(str(actor.get("code") or "") for actor in actors) if isinstance(actors, list) else ()

    return [
        GoldEvent(str(record["id"]), str(record.get("text") or "").strip(), record.get("date"), str(record["event"]),
                  codes(record.get("source")), codes(record.get("target")))
        for record in records
        if record.get("event") != "DOCUMENT" and record.get("text")
    ]


def sentence_article(gold: GoldEvent) -> Article:
    """A gold sentence as a tiny article published on the record's date."""
    return Article(id=gold.id, source="plover_gsr", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=gold.date, published_precision="day" if gold.date else None,
                   published_interval=None, text=gold.text, word_count=len(gold.text.split()), removed=[])


def primary_event(events: Iterable[Event], depths: dict[int, int] | None = None) -> Event | None:
    """The event a sentence is scored by: asserted before negated or hypothetical, current before
    background (a past act or habit told as context), then the one highest in the parse (the main
    clause's), then the most confident, then the first. Background events still count as extra."""
    depths = depths or {}
    ranked = sorted(events, key=lambda event: (event.modality.negated, event.modality.hypothetical, event.modality.background,
                                                depths.get(event.trigger.start, 0), -event.confidence, event.trigger.start))
    return ranked[0] if ranked else None


def trigger_depths(doc: Any) -> dict[int, int]:
    """Character offset of each token -> its depth in the parse (0 for a sentence root)."""
    depths = {}
    for token in doc:
        depth, current = 0, token
        while current.head.i != current.i and depth < 50:
            current, depth = current.head, depth + 1
        depths[token.idx] = depth
    return depths


@dataclass
class Outcome:
    """One gold sentence's events three ways: as `detente run` finds them (the parse prefilter
    on), with every sentence parsed, and with every sentence parsed and coded (no prefilter)."""

    gold: GoldEvent
    events: list[Event]
    parse_all: list[Event]
    unfiltered: list[Event]
    prefilter_passed: bool  # the coder's own prefilter (an actor mention and a trigger form)
    parse_kept: bool  # the parse prefilter sent the sentence to the parser
    depths: dict[int, int]  # of the whole parse (the pipeline's equals it where the sentence was kept)

    @property
    def predicted(self) -> Event | None:
        return primary_event(self.events, self.depths)


def pipeline_resources(resources: NlpResources | None = None) -> NlpResources:
    """The caller's NLP resources (with the parse prefilter, as `detente run` parses), or,
    without them, the default ones loaded once for the caller to keep."""
    from detente.annotate import load_nlp_resources
    from detente.config import Settings

    if resources is None or resources.prefilter is None:
        return load_nlp_resources(Settings.nlp_model, (), True)
    return resources


def run(golds: Sequence[GoldEvent], resources: NlpResources | None = None) -> tuple[list[Outcome], dict[str, float]]:
    """Run actors, quotes and events over the gold sentences as the pipeline does (parse
    prefilter on), and with every sentence parsed, with and without the coder's prefilter; timings.
    `resources`: the caller's (with the prefilter); loaded here when not given."""
    from detente.actors import find_mentions
    from detente.events import sentence_may_hold_event
    from detente.events.arguments import DocContext
    from detente.events.coder import code_sentence
    from detente.events.coder import find_events as code_events
    from detente.nlp import parse_prefiltered
    from detente.quotes import find_quotes

    loaded = pipeline_resources(resources)
    assert loaded.prefilter is not None
    nlp, knowledge, quote_lexicon, lexicon = loaded.nlp, loaded.actors, loaded.quotes, loaded.events
    articles = [sentence_article(gold) for gold in golds]
    started = time.perf_counter()
    docs = list(nlp.pipe([article.text for article in articles], batch_size=64))
    timings = {"parse": time.perf_counter() - started, "actors": 0.0, "quotes": 0.0, "events": 0.0}
    pipeline_docs = [doc for _, doc in parse_prefiltered(articles, nlp, loaded.prefilter)]

    def stages(doc: Any, article: Article, timed: bool = False) -> tuple[list[Event], Any, list[Any]]:
        clock = time.perf_counter()
        mentions = find_mentions(doc, article, knowledge)
        actors_done = time.perf_counter()
        quotes = find_quotes(doc, article, mentions, quote_lexicon)
        quotes_done = time.perf_counter()
        events = code_events(doc, article, mentions, quotes, lexicon)
        if timed:
            timings["actors"] += actors_done - clock
            timings["quotes"] += quotes_done - actors_done
            timings["events"] += time.perf_counter() - quotes_done
        return events, DocContext.of(doc, lexicon, mentions, quotes), mentions

    outcomes = []
    for gold, article, doc, pipeline_doc in zip(golds, articles, docs, pipeline_docs, strict=True):
        parse_all, context, mentions = stages(doc, article, timed=True)
        unfiltered = [event for sentence in doc.sents for event in code_sentence(context, sentence, article)]
        passed = any(sentence_may_hold_event(sentence.text, any(sentence.start_char <= m.start < sentence.end_char for m in mentions), lexicon)
                     for sentence in doc.sents)
        events = stages(pipeline_doc, article)[0]
        kept = any(token.tag_ for token in pipeline_doc)
        outcomes.append(Outcome(gold, events, parse_all, unfiltered, passed, kept, trigger_depths(doc)))
    timings["sentences"] = float(len(golds))
    return outcomes, timings


@dataclass(frozen=True)
class Scores:
    total: int
    covered: int
    type_right: int
    any_type_right: int
    source_right: int
    target_total: int
    target_right: int

    def line(self, name: str) -> str:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:5.1f}%" if whole else "  n/a"

        return (f"{name:<26} type {pct(self.type_right, self.total)}  source {pct(self.source_right, self.total)}  "
                f"target {pct(self.target_right, self.target_total)}  coverage {pct(self.covered, self.total)}  "
                f"any-event type {pct(self.any_type_right, self.total)}  (n={self.total}, with target {self.target_total})")

    def cost(self, other: Scores) -> str:
        """The hits `self` has and `other` lacks, as "N type, N source, N target hits"."""
        return (f"{self.type_right - other.type_right} type, {self.source_right - other.source_right} source, "
                f"{self.target_right - other.target_right} target hits")


def score(outcomes: Sequence[Outcome], labels: LabelMap, which: str = "events") -> Scores:
    """Scores of the events `which` names: "events" (as the pipeline runs), "parse_all" or "unfiltered"."""
    total = covered = type_right = any_right = source_right = target_total = target_right = 0
    for outcome in outcomes:
        events = getattr(outcome, which)
        predicted = primary_event(events, outcome.depths)
        gold = outcome.gold
        total += 1
        covered += bool(events)
        if gold.targets and gold.targets[0]:
            target_total += 1
        if predicted is None:
            continue
        type_right += labels.label(predicted.cameo) == gold.label
        any_right += any(labels.label(event.cameo) == gold.label for event in events)
        source_right += bool(gold.sources) and labels.actor_matches(gold.sources[0], predicted.source)
        if gold.targets and gold.targets[0]:
            target_right += labels.actor_matches(gold.targets[0], predicted.target)
    return Scores(total, covered, type_right, any_right, source_right, target_total, target_right)


def confusion(outcomes: Sequence[Outcome], labels: LabelMap) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        predicted = outcome.predicted
        table[outcome.gold.label][labels.label(predicted.cameo) or "-" if predicted else "(none)"] += 1
    return table


def main(shared_dir: Path = DEFAULT_SHARED, verbose: bool = False, seeds: bool = False) -> None:
    """Print the event scores on the dev gold records (and, with `seeds`, the seed articles' events);
    the NLP resources load once for all of it."""
    path = Path(shared_dir) / "eval" / "plover_gsr_dev.json"
    if not path.is_file():
        print(f"{path}: not found; nothing to evaluate")
        return
    golds = read_gold(path)
    labels = load_label_map()
    resources = pipeline_resources()
    outcomes, timings = run(golds, resources)
    print(f"Events: PLOVER gold standard records ({path.name}), {len(golds)} sentences")
    pipeline, parse_all, unfiltered = (score(outcomes, labels, which) for which in ("events", "parse_all", "unfiltered"))
    print("  " + pipeline.line("detente events"))
    print("  " + parse_all.line("every sentence parsed"))
    print("  " + unfiltered.line("every sentence coded"))
    skipped = [o for o in outcomes if not o.parse_kept]
    print(f"  parse prefilter (detente run's default; --parse-all turns it off): skips {len(skipped)} of {len(golds)} gold-event sentences "
          f"({sum(1 for o in skipped if not o.parse_all)} had no event anyway); costs {parse_all.cost(pipeline)} against parsing every sentence")
    dropped = [o for o in outcomes if not o.prefilter_passed]
    print(f"  coder prefilter (on parsed sentences): drops {len(dropped)} of {len(golds)} gold-event sentences "
          f"({sum(1 for o in dropped if not o.unfiltered)} had no event anyway); costs {unfiltered.cost(parse_all)}")
    sentences = max(1.0, timings["sentences"])
    print(f"  speed: parse {1000 * timings['parse'] / sentences:.2f} ms/sentence (nlp.pipe), actors {1000 * timings['actors'] / sentences:.2f}, "
          f"quotes {1000 * timings['quotes'] / sentences:.2f}, find_events {1000 * timings['events'] / sentences:.2f} ms/sentence")
    if verbose:
        print("  per gold label: n, type right, predicted labels")
        table = confusion(outcomes, labels)
        for label in sorted(table):
            row = table[label]
            right = row.get(label, 0)
            others = ", ".join(f"{name} {count}" for name, count in row.most_common() if name != label)
            print(f"    {label:<12} {sum(row.values()):3d}  {right:3d}  {others}")
        print("  errors:")
        for outcome in outcomes:
            predicted = outcome.predicted
            gold = outcome.gold
            label = labels.label(predicted.cameo) if predicted else None
            source_ok = bool(gold.sources) and labels.actor_matches(gold.sources[0], predicted.source if predicted else None)
            target_ok = not (gold.targets and gold.targets[0]) or labels.actor_matches(gold.targets[0], predicted.target if predicted else None)
            if label == gold.label and source_ok and target_ok:
                continue
            shown = (f"{predicted.cameo} {label} {predicted.trigger.text!r} {_actor(predicted.source)} -> {_actor(predicted.target)}"
                     if predicted else "(no event)")
            print(f"    {gold.id}: gold {gold.label} {'/'.join(gold.sources)} -> {'/'.join(gold.targets)} | {shown}")
    print_prefilter_recall(Path(shared_dir), resources)
    if seeds:
        print_seed_events(Path(shared_dir) / "seeds", resources)


def prefilter_recall(articles: Sequence[Article], resources: NlpResources | None = None) -> dict[str, int]:
    """What the parse prefilter costs on whole articles: the sentences it parses, and the
    events, quotes and actor mentions found with it against parsing every sentence (an event
    is the same when its trigger offset, CAMEO code and actor codes are). Both sides use one
    set of resources (`resources`, with the prefilter; loaded when not given): parsing every
    sentence is the same resources without their prefilter."""
    from dataclasses import replace

    from detente.annotate import annotate
    from detente.nlp import sentences_to_parse

    filtered = pipeline_resources(resources)
    assert filtered.prefilter is not None
    plans = [sentences_to_parse(article.text, filtered.nlp, filtered.prefilter)[1] for article in articles]
    counts = {"articles": len(articles), "sentences": sum(map(len, plans)), "parsed": sum(map(sum, plans))}
    found = [_facts(annotate(articles, chosen)) for chosen in (replace(filtered, prefilter=None), filtered)]
    for kind in ("events", "quotes", "mentions"):
        every, kept = found[0][kind], found[1][kind]
        counts |= {kind: len(every), f"{kind}_kept": len(every & kept), f"{kind}_other": len(kept - every)}
    return counts


def _facts(annotations: Iterable[Any]) -> dict[str, set[tuple[Any, ...]]]:
    facts: dict[str, set[tuple[Any, ...]]] = {"events": set(), "quotes": set(), "mentions": set()}
    for found in annotations:
        facts["events"] |= {(found.article_id, e.trigger.start, e.cameo, e.source and e.source.code, e.target and e.target.code) for e in found.events}
        facts["quotes"] |= {(found.article_id, q.start, q.end) for q in found.quotes}
        facts["mentions"] |= {(found.article_id, m.start, m.end, m.code) for m in found.mentions}
    return facts


def print_prefilter_recall(shared_dir: Path, resources: NlpResources | None = None) -> None:
    """The parse prefilter's recall cost on the whole articles of shared/: the seeds and PolNeAR dev."""
    import detente
    from detente.evaluation.quotes import make_article, read_gold

    corpora = {"seeds": [detente.clean_text(path.read_text(encoding="utf-8"), source=str(path)) for path in sorted((shared_dir / "seeds").glob("*.txt"))]}
    polnear = shared_dir / "eval" / "polnear_dev.jsonl"
    if polnear.is_file():
        corpora["PolNeAR dev"] = [make_article(str(record.get("id", n)), record["text"]) for n, record in enumerate(read_gold(polnear))]
    print("Parse prefilter on whole articles (facts found with it / found parsing every sentence; + found only with it):")
    for name, articles in corpora.items():
        if not articles:
            continue
        resources = pipeline_resources(resources)
        c = prefilter_recall(articles, resources)
        facts = "; ".join(f"{kind} {c[kind + '_kept']:,}/{c[kind]:,} (+{c[kind + '_other']})" for kind in ("events", "quotes", "mentions"))
        print(f"  {name}, {c['articles']} articles: parses {c['parsed']:,} of {c['sentences']:,} sentences "
              f"({c['parsed'] / max(1, c['sentences']):.0%}); {facts}")


def _actor(actor: EventActor | None) -> str:
    return f"{actor.text}={actor.code}" if actor is not None else "-"


def seed_events(seeds_dir: Path, resources: NlpResources | None = None) -> Iterator[tuple[str, list[Event]]]:
    """(seed prefix, events) for each seed page: clean -> actors -> quotes -> events (every
    sentence parsed; `resources` the caller's, loaded when not given)."""
    import detente
    from detente.actors import find_mentions
    from detente.events import find_events
    from detente.quotes import find_quotes

    loaded = pipeline_resources(resources)
    nlp, knowledge, quote_lexicon, lexicon = loaded.nlp, loaded.actors, loaded.quotes, loaded.events
    for path in sorted(seeds_dir.glob("*.txt")):
        article = detente.clean_text(path.read_text(encoding="utf-8"), source=str(path))
        doc = nlp(article.text)
        mentions = find_mentions(doc, article, knowledge)
        quotes = find_quotes(doc, article, mentions, quote_lexicon)
        yield path.name[:3], find_events(doc, article, mentions, quotes, lexicon)


def print_seed_events(seeds_dir: Path, resources: NlpResources | None = None) -> None:
    if not seeds_dir.is_dir():
        print(f"{seeds_dir}: not found; no seed events")
        return
    for prefix, events in seed_events(seeds_dir, resources):
        print(f"Seed {prefix}: {len(events)} events")
        for event in events:
            flags = "".join(flag for flag, on in zip("NHFR", (event.modality.negated, event.modality.hypothetical,
                                                            event.modality.future, event.modality.reported), strict=True) if on)
            print(f"    {event.cameo:<5} {event.plover or '-':<9} {event.trigger.text!r:<28} {_actor(event.source)} -> "
                  f"{_actor(event.target)} [{flags}] {event.confidence:.2f}{' quote' if event.quote_id else ''}")


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true", help="per-label confusion and every error")
    parser.add_argument("--seeds", action="store_true", help="also list the events of the seed articles")
    args = parser.parse_args(argv)
    main(args.shared, verbose=args.verbose, seeds=args.seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
