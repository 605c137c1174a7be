"""Dates: time expressions and event dates on TimeBank dev, publication dates on wire dev.

Three scores, each per record so that they fold:
- `timex.py` on TimeBank's human-annotated DATE expressions with a calendar value
  (`1998-08-07`, `1998-08`, `1998`): found (an expression overlaps the gold one) and right
  (its value equals the gold value, so at the gold precision); precision: expressions we
  resolve that overlap any gold time expression. Sentences are cut at sentence punctuation.
- Event dates through `detente run` on the TimeBank stories (JSONL with `published`): an
  event whose sentence names exactly one gold DATE expression is right when its date equals
  that expression's value (`shared/eval/README.md`: "at that precision"); after "since" the
  expression only begins the event (TimeML's BEGUN_BY), which then runs to the publication
  date: right is the finest date holding that span (`detente.timex.since_value`), or none.
- The dating rules alone (`event_date_rules`): for every TimeBank sentence that names exactly one
  gold DATE expression, the word that expression modifies (the verb or noun it hangs from in the
  parse) is taken as an event's trigger and dated by `detente.events.dating.event_date_of`; right
  when it gets the gold value. Unlike `event_date` it does not depend on which events the coder
  finds, so precision or recall work on the coder does not move it.
- Publication dates through `detente run` on wire_dev.jsonl (and TimeBank) with `published` withheld
  (only `text` and `title` given; `detente.evaluation.pubdates` runs it): the right day, right at a coarser precision (the month or year
  holds the true day), none (no date: allowed, nothing invented), or wrong (an invented or
  misread date). Undated stories: the share given an interval that holds the true day (coverage) and
  the share of given intervals that rule it out (wrong). Then the same stories given their year
  only (`year_given_*`): the withheld stories state no year, so only this run shows whether a
  year-less dateline is read and placed right.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.evaluation.runpath import OffsetMap, RunOutput, crash_note, nlp_resources, run_jsonl
from detente.evaluation.scoring import Item, Metric, internal_errors, ratio

if TYPE_CHECKING:
    from detente.stages import ResourceCache

GROUP = "dates"
FILES = ("timebank_dev.jsonl", "wire_dev.jsonl")
TITLE = ("Dates: timex.py on TimeBank dev DATE expressions; event dates through `detente run` on TimeBank; "
         "publication dates through `detente run` on wire_dev with `published` withheld")

CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A sentence ends at . ! ? (and closing quotes) before a capital or an opening quote, unless the word
# before the stop is a short capitalised abbreviation ("Aug.", "Mr.", "Gen.", "U.S."); and at line breaks.
_SENTENCE_END = re.compile(r"(?<![A-Z][a-z]\.)(?<![A-Z][a-z][a-z]\.)(?<![A-Z][a-z][a-z][a-z]\.)(?<!\b[A-Z]\.)"
                           r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z\"“'‘])|\n+")

METRICS = (
    Metric("timex_value", ratio("timex_right", "timex_gold"), description="gold DATE expressions resolved to the gold value"),
    Metric("timex_found", ratio("timex_found", "timex_gold"), description="gold DATE expressions overlapped by one of ours"),
    Metric("timex_precision", ratio("timex_hit", "timex_predicted"), description="our resolved expressions on a gold one"),
    Metric("event_date", ratio("event_date_right", "event_date_total"),
           description="events dated as the one DATE expression their sentence names"),
    Metric("event_date_rules", ratio("dating_right", "dating_total"),
           description="the word each lone gold DATE expression modifies, dated as that expression by the dating rules"),
    Metric("published_right_day", ratio("pub_day", "pub_total")),
    Metric("published_right_coarser", ratio("pub_coarser", "pub_total")),
    Metric("published_none", ratio("pub_none", "pub_total"), higher_is_better=False, gated=False),
    Metric("published_wrong", ratio("pub_wrong", "pub_total"), higher_is_better=False,
           description="invented or misread publication dates"),
    internal_errors("stories"),
    # Of all undated stories, those given an interval that holds the true day: mostly bounded by how
    # many stories mention a dated past or future event at all, so low by nature; whether the
    # intervals given are right is `undated_interval_wrong`.
    Metric("undated_interval_holds", ratio("pub_interval_holds", "pub_none"),
           description="undated stories given an interval that holds the day (coverage)"),
    Metric("undated_interval_wrong", ratio("pub_interval_excludes", "pub_interval_given"), higher_is_better=False,
           description="intervals given to undated stories that rule out the true day (wrong claims)"),
    Metric("timebank_published_right_day", ratio("tbpub_day", "tbpub_total")),
    Metric("timebank_published_right_coarser", ratio("tbpub_coarser", "tbpub_total")),
    Metric("timebank_published_none", ratio("tbpub_none", "tbpub_total"), higher_is_better=False, gated=False),
    Metric("timebank_published_wrong", ratio("tbpub_wrong", "tbpub_total"), higher_is_better=False),
    Metric("timebank_undated_interval_holds", ratio("tbpub_interval_holds", "tbpub_none"),
           description="TimeBank undated stories given an interval that holds the day (coverage)"),
    Metric("timebank_undated_interval_wrong", ratio("tbpub_interval_excludes", "tbpub_interval_given"), higher_is_better=False,
           description="TimeBank intervals that rule out the true day"),
    # The same stories given their year only: a year-less dateline must then give the right day.
    Metric("year_given_right_day", ratio("pubyr_day", "pubyr_total"), description="wire stories dated to the day once their year is given"),
    Metric("year_given_wrong", ratio("pubyr_wrong", "pubyr_total"), higher_is_better=False),
    Metric("timebank_year_given_right_day", ratio("tbpubyr_day", "tbpubyr_total")),
    Metric("timebank_year_given_wrong", ratio("tbpubyr_wrong", "tbpubyr_total"), higher_is_better=False),
)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def gold_dates(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's DATE time expressions with a calendar value (no PAST_REF, no weeks)."""
    return [timex for timex in record.get("timexes") or []
            if timex.get("type") == "DATE" and CALENDAR_VALUE.match(str(timex.get("value") or ""))]


_SINCE = re.compile(r"(?i:\bsince\s+)$")


def expected_date(record: dict[str, Any], timex: dict[str, Any]) -> str | None:
    """The date an event dated by a gold DATE expression should get: its value, or after "since"
    the span from it to the publication date ("have risen since Monday")."""
    from detente.timex import since_value

    start = int(timex["start"])
    if _SINCE.search(record["text"], max(0, start - 8), start):
        spanned = since_value(str(timex["value"]), record.get("published"))
        return spanned[0] if spanned else None
    return str(timex["value"])


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pieces of a text, cut after sentence punctuation and at line breaks."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            yield start, text[start : match.start()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def timex_counts(record: dict[str, Any]) -> tuple[dict[str, float], list[str]]:
    """timex.py against one story's gold DATE expressions."""
    from detente.timex import find_time_expressions

    text, published = record["text"], record.get("published")
    predicted = [(offset + found.start, offset + found.end, found) for offset, sentence in sentences(text)
                 for found in find_time_expressions(sentence, published) if found.value]
    every_gold = [(int(t["start"]), int(t["end"])) for t in record.get("timexes") or []]
    golds = gold_dates(record)
    counts = {"timex_gold": float(len(golds)), "timex_found": 0.0, "timex_right": 0.0, "timex_predicted": float(len(predicted)),
              "timex_hit": float(sum(any(s < ge and gs < e for gs, ge in every_gold) for s, e, _ in predicted))}
    errors = []
    for timex in golds:
        overlapping = [found for s, e, found in predicted if s < timex["end"] and timex["start"] < e]
        counts["timex_found"] += bool(overlapping)
        right = any(found.value == timex["value"] for found in overlapping)
        counts["timex_right"] += right
        if not right:
            shown = ", ".join(f"{found.text!r}={found.value}" for found in overlapping) or "not found"
            errors.append(f"{record['id']}: timex {timex['text']!r} gold {timex['value']} | {shown}")
    return counts, errors


def event_date_counts(record: dict[str, Any], output: RunOutput) -> tuple[dict[str, float], list[str]]:
    """Events whose sentence names exactly one gold DATE expression: is the event dated so?"""
    rid = str(record["id"])
    counts = {"event_date_total": 0.0, "event_date_right": 0.0}
    if not output.kept(rid):
        return counts, []
    offsets = OffsetMap.build(record["text"], output.fact_texts.get(rid, ""))
    golds, errors = gold_dates(record), []
    for event in output.events.get(rid, []):
        span = offsets.span(event["sentence"]["start"], event["sentence"]["end"])
        if span is None:
            continue
        inside = [timex for timex in golds if span[0] <= timex["start"] and timex["end"] <= span[1]]
        if len(inside) != 1:
            continue
        counts["event_date_total"] += 1
        right = event.get("date") == expected_date(record, inside[0])
        counts["event_date_right"] += right
        if not right:
            errors.append(f"{rid}: event {event['trigger']['text']!r} dated {event.get('date')} ({event.get('date_precision')}); "
                          f"its sentence names {inside[0]['text']!r} = {inside[0]['value']}")
    return counts, errors


def dating_counts(record: dict[str, Any], doc: Any, words: Any) -> tuple[dict[str, float], list[str]]:
    """The dating rules alone on one parsed story: each sentence naming exactly one gold DATE
    expression, at the word the expression modifies (`_modified_word`)."""
    from detente.events.dating import event_date_of, tense_of

    article = _article_of(record)
    golds, errors = gold_dates(record), []
    counts = {"dating_total": 0.0, "dating_right": 0.0}
    for sentence in doc.sents:
        inside = [timex for timex in golds if sentence.start_char <= timex["start"] and timex["end"] <= sentence.end_char]
        if len(inside) != 1:
            continue
        timex = inside[0]
        trigger = _modified_word(doc, int(timex["start"]), int(timex["end"]))
        if trigger is None or not sentence.start <= trigger.i < sentence.end:
            continue
        dated = event_date_of(sentence, trigger, article, tense_of(trigger, words) in ("future", "modal"), words)
        counts["dating_total"] += 1
        right = dated[0] == expected_date(record, timex)
        counts["dating_right"] += right
        if not right:
            errors.append(f"{record['id']}: dating rules: {trigger.text!r} dated {dated[0]} ({dated[1]}); "
                          f"its sentence names {timex['text']!r} = {timex['value']}")
    return counts, errors


def _modified_word(doc: Any, start: int, end: int) -> Any:
    """The verb or noun a time expression hangs from ("killed ... Friday" -> killed, "on Monday"
    -> the verb of "on"), or None when it hangs from nothing outside itself."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(4):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and not span.start <= token.i < span.end:
            return token
    return None


def _article_of(record: dict[str, Any]) -> Any:
    """A TimeBank story as the Article the dating rules read (its text and publication date)."""
    from detente.records import Article
    from detente.timex import parse_published

    published = record.get("published")
    parsed = parse_published(published)
    precision = parsed[2] if parsed else None
    day = published[:10] if published and precision == "day" else published
    return Article(id=str(record["id"]), source="timebank", url=None, format="jsonl", title=record.get("title"),
                   outlet=None, credited=[], author=None, dateline=None, language="en", published=day,
                   published_precision=precision, published_interval=None, text=record["text"],
                   word_count=len(record["text"].split()), removed=[])


def dating_items(timebank: list[dict[str, Any]], settings: Any,
                 resources: ResourceCache) -> dict[str, tuple[dict[str, float], list[str]]]:
    """`dating_counts` of every TimeBank story, by id, parsed whole by the annotate stage's parser
    (from `resources`, the cache the TimeBank run loaded it into)."""
    from detente.events.dating import load_dating_words

    nlp = nlp_resources(resources, settings).nlp
    words = load_dating_words(tuple(settings.extra_data))
    docs = nlp.pipe((record["text"] for record in timebank), batch_size=16)
    return {str(record["id"]): dating_counts(record, doc, words) for record, doc in zip(timebank, docs)}


def published_items(shared: Path, resources: ResourceCache | None = None) -> tuple[list[Item], list[str]]:
    """Publication dates from `detente.evaluation.pubdates` (the dates teammate's evaluator: stories
    through `detente.run` with `published` withheld), one aggregate item per fold and dev set:
    wire_dev (counts `pub_*`) and, when it reports it, TimeBank (`tbpub_*`); `resources`: the
    caller's cache, passed on to its runs."""
    from detente.evaluation import pubdates

    result = pubdates.evaluate(shared, resources)
    if "folds" not in result:
        return [], [f"  publication dates: {result.get('skipped', 'not measured')}"]
    items = _fold_items("wire", "pub_", result["folds"], pubdates.OUTCOMES)
    notes = [f"  wire: {result.get('stories')} stories through detente.evaluation.pubdates; undated ones whose published_interval "
             f"holds the true day: {result['total'].get('interval_holds')}, rules it out: {result['total'].get('interval_excludes')}"]
    if "year_given" in result:
        items += _fold_items("wire year given", "pubyr_", result["year_given"]["folds"], pubdates.OUTCOMES)
        notes.append(f"  wire publication dates with the year given: {result['year_given']['total']}")
    timebank = result.get("timebank") or {}
    if "folds" in timebank:
        items += _fold_items("timebank", "tbpub_", timebank["folds"], pubdates.OUTCOMES)
        notes.append(f"  TimeBank publication dates (withheld): {timebank['total']}")
    if "year_given" in timebank:
        items += _fold_items("timebank year given", "tbpubyr_", timebank["year_given"]["folds"], pubdates.OUTCOMES)
        notes.append(f"  TimeBank publication dates with the year given: {timebank['year_given']['total']}")
    return items, notes


def _fold_items(name: str, prefix: str, folds: list[dict[str, int]], outcomes: tuple[str, ...]) -> list[Item]:
    items = []
    for number, fold in enumerate(folds):
        total = float(sum(fold.get(outcome, 0) for outcome in outcomes))
        counts = {"records": total if prefix == "pub_" else 0.0, f"{prefix}total": total,
                  f"{prefix}day": float(fold.get("right_day", 0)), f"{prefix}coarser": float(fold.get("right_coarse", 0)),
                  f"{prefix}none": float(fold.get("none", 0)), f"{prefix}wrong": float(fold.get("wrong", 0)),
                  f"{prefix}interval_holds": float(fold.get("interval_holds", 0)),
                  f"{prefix}interval_excludes": float(fold.get("interval_excludes", 0)),
                  f"{prefix}interval_given": float(fold.get("interval_holds", 0) + fold.get("interval_excludes", 0))}
        items.append(Item(f"{name} fold {number}", counts, fold_id=number))
    return items


def evaluate(shared: Path, settings: Any = None, resources: ResourceCache | None = None) -> tuple[list[Item], list[str]]:
    """TimeBank's time expressions and event dates, then the publication dates (`resources`:
    the process's cache, which `make eval` shares between its groups' runs)."""
    from detente.config import Settings
    from detente.stages import ResourceCache

    settings = settings or Settings(report=False)
    resources = resources if resources is not None else ResourceCache()
    timebank = list(read_jsonl(Path(shared) / "eval" / "timebank_dev.jsonl"))
    events_run = run_jsonl([{key: record.get(key) for key in ("id", "text", "title", "published")} for record in timebank],
                           settings, name="timebank_dev", resources=resources)
    rules = dating_items(timebank, settings, resources)
    items = []
    for record in timebank:
        timex, timex_errors = timex_counts(record)
        dated, dated_errors = event_date_counts(record, events_run)
        by_rules, rules_errors = rules[str(record["id"])]
        counts = {**timex, **dated, **by_rules, "stories": 1.0, "crashed": float(events_run.crashed(str(record["id"])))}
        items.append(Item(str(record["id"]), counts, tuple(timex_errors + dated_errors + rules_errors)))
    wire_items, wire_notes = published_items(shared, resources)
    wire_notes += crash_note(events_run)
    notes = [f"  TimeBank: {len(timebank)} stories, run in {events_run.seconds:.1f} s ({len(events_run.rejects)} rejected)", *wire_notes]
    return items + wire_items, notes
