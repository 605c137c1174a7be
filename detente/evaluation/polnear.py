"""Quotes through `detente run`: PolNeAR dev (polnear_dev.jsonl, 84 political news articles).

Each article becomes one JSONL record (`text`, a url from its id); the run's quotes carry
offsets into the *clean* text, which are mapped back to the input text (`OffsetMap`) before
they are compared with the gold attributions by the shared convention
(`detente.evaluation.quotes.match`: a content matches when the two share at least half of
the longer span's words, one to one; the speaker is right when it overlaps the gold source).
A gold quote whose content lost more than half its words in cleaning (or whose article was
rejected) is counted as lost by cleaning: it stays in the recall's denominator.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.evaluation.quotes import GoldQuote, gold_quotes, is_speech_cue, match, read_gold, speaker_right
from detente.evaluation.runpath import OffsetMap, RunOutput, crash_note, run_jsonl
from detente.evaluation.scoring import Item, Metric, f1_of, internal_errors, ratio
from detente.records import Quote, Speaker

if TYPE_CHECKING:
    from detente.stages import ResourceCache

GROUP = "quotes"
FILES = ("polnear_dev.jsonl",)
TITLE = "Quotes: PolNeAR dev (polnear_dev.jsonl) through `detente run`, default settings; offsets mapped back to the input"

_PRECISION, _RECALL = ratio("matched", "predicted"), ratio("matched", "gold")
_SPEECH_PRECISION, _SPEECH_RECALL = ratio("speech_matched", "speech_predicted"), ratio("speech_matched", "speech_gold")
METRICS = (
    Metric("content_precision", _PRECISION),
    Metric("content_recall", _RECALL),
    Metric("content_f1", f1_of(_PRECISION, _RECALL)),
    Metric("speaker", ratio("speaker_right", "speaker_checked"), description="matched quotes with a gold source"),
    Metric("gold_lost_in_cleaning", ratio("lost", "gold"), higher_is_better=False,
           description="gold quotes whose content the cleaner removed (> half its words)"),
    internal_errors("articles"),
    Metric("speech_recall", _SPEECH_RECALL, description="recall over the gold quotes whose cue reports speech "
           "(is_speech_cue: not beliefs, plans, findings): the part a quote extractor answers for"),
    Metric("speech_f1", f1_of(_SPEECH_PRECISION, _SPEECH_RECALL), description="F1 of the speech view; a prediction "
           "matching a non-speech gold quote counts neither way"),
)


def evaluate(shared: Path, settings: Any = None, stage_level: bool = False,
             resources: ResourceCache | None = None) -> tuple[list[Item], list[str]]:
    """One run over the PolNeAR articles, scored against their gold attributions (`resources`:
    the process's cache, which `make eval` shares between its groups' runs)."""
    from detente.config import Settings

    from detente.quotes import load_quote_lexicon

    records = list(read_gold(Path(shared) / "eval" / FILES[0]))
    lexicon = load_quote_lexicon()
    inputs = [{"id": str(record["id"]), "text": record["text"]} for record in records]
    output = run_jsonl(inputs, settings or Settings(report=False), name="polnear_dev", resources=resources)
    items = [score_record(record, output, lexicon) for record in records]
    rejected = sum(1 for record in records if not output.kept(str(record["id"])))
    lost = sum(item.counts["lost"] for item in items)
    gold = sum(item.counts["gold"] for item in items)
    unmapped = int(sum(item.counts.get("unmapped", 0) for item in items))
    notes = [f"  {len(records)} articles, run in {output.seconds:.1f} s; rejected {rejected}; "
             f"{int(lost)} of {int(gold)} gold quotes lost by cleaning; {unmapped} predicted quotes could not be mapped "
             "back to the input (their line was rewritten by the cleaner; they count as unmatched)"]
    notes += crash_note(output)
    if stage_level:
        from detente.evaluation.quotes import evaluate as stage_evaluate

        score = stage_evaluate(Path(shared) / "eval" / FILES[0])[0]
        notes.append(f"  stage level (the quotes stage on the gold texts, no ingest or cleaning; NOT what users get): content P "
                     f"{score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}, speaker {score.speaker_accuracy:.3f}")
    return items, notes


def mapped_quotes(quotes: list[dict[str, Any]], offsets: OffsetMap) -> list[Quote]:
    """The run's quotes with offsets into the input text (a span that cannot be mapped is empty)."""
    result = []
    for quote in quotes:
        span = offsets.span(quote["start"], quote["end"]) or (0, 0)
        speaker = quote.get("speaker")
        mapped_speaker = None
        if speaker:
            speaker_span = (offsets.span(speaker["start"], speaker["end"])
                            if speaker.get("start") is not None and speaker.get("end") is not None else None)
            mapped_speaker = Speaker(text=speaker.get("text") or "", name=speaker.get("name"), code=speaker.get("code"),
                                     start=speaker_span[0] if speaker_span else None, end=speaker_span[1] if speaker_span else None)
        result.append(Quote(id=quote["id"], article_id=quote["article_id"], start=span[0], end=span[1],
                            content=quote.get("content") or "", kind=quote.get("kind") or "", cue=quote.get("cue"),
                            speaker=mapped_speaker, confidence=float(quote.get("confidence") or 0)))
    return result


def lost_in_cleaning(gold: GoldQuote, covered: list[tuple[int, int]]) -> bool:
    """More than half of the gold content's words are outside every span the clean text kept."""
    kept = sum(1 for word in gold.content if any(start <= word < end for start, end in covered))
    return kept * 2 < len(gold.content)


def score_record(record: dict[str, Any], output: RunOutput, lexicon: Any = None) -> Item:
    """One article's counts; with the quote `lexicon`, also the speech view's (`speech_counts`)."""
    rid, text = str(record["id"]), record["text"]
    gold = gold_quotes(record)
    speech = {g for g, item in enumerate(gold) if lexicon is not None and is_speech_cue(item.cue, lexicon)}
    if not output.kept(rid):
        counts = {"articles": 1.0, "crashed": float(output.crashed(rid)), "matched": 0.0, "predicted": 0.0,
                  "gold": float(len(gold)), "lost": float(len(gold)),
                  "speaker_checked": 0.0, "speaker_right": 0.0, **speech_counts({}, 0, speech)}
        return Item(rid, counts, (f"{rid[:40]}: rejected ({output.rejects.get(rid, '?')}), {len(gold)} gold quotes lost",))
    offsets = OffsetMap.build(text, output.fact_texts.get(rid, ""))
    covered = offsets.covered()
    predicted = mapped_quotes(output.quotes.get(rid, []), offsets)
    pairs = match(text, predicted, gold)
    checked = [(p, g) for p, g in pairs.items() if gold[g].source is not None]
    right = sum(speaker_right(predicted[p], gold[g]) for p, g in checked)
    lost = [g for g, item in enumerate(gold) if lost_in_cleaning(item, covered)]
    counts = {"articles": 1.0, "crashed": float(output.crashed(rid)),
              "matched": float(len(pairs)), "predicted": float(len(predicted)), "gold": float(len(gold)),
              "lost": float(len(lost)), "unmapped": float(sum(1 for quote in predicted if quote.end == 0)),
              "speaker_checked": float(len(checked)), "speaker_right": float(right),
              **speech_counts(pairs, len(predicted), speech)}
    return Item(rid, counts, tuple(_errors(rid, text, predicted, gold, pairs, set(lost))))


def speech_counts(pairs: dict[int, int], predicted: int, speech: set[int]) -> dict[str, float]:
    """Counts of the speech view: gold restricted to the quotes whose cue reports speech
    (`speech`, gold indices); the one-to-one matching stays the one over all gold quotes, and
    a prediction matched to a non-speech gold quote (a belief, a finding) leaves the
    denominators, since neither extracting it nor skipping it is an error of speech."""
    other = sum(1 for g in pairs.values() if g not in speech)
    return {"speech_gold": float(len(speech)), "speech_matched": float(sum(1 for g in pairs.values() if g in speech)),
            "speech_predicted": float(predicted - other)}


def _errors(rid: str, text: str, predicted: list[Quote], gold: list[GoldQuote], pairs: dict[int, int], lost: set[int]) -> list[str]:
    label, lines = rid[:32], []
    for g, item in enumerate(gold):
        if g not in pairs.values():
            words = sorted(item.content)
            source = text[item.source[0] : item.source[1]] if item.source else None
            tag = "LOST   " if g in lost else "MISSED "
            lines.append(f"{label}  {tag} cue {item.cue!r} source {source!r}: {_short(text[words[0] : words[-1] + 20])}")
    for p, quote in enumerate(predicted):
        speaker = quote.speaker.text if quote.speaker else None
        if p not in pairs:
            lines.append(f"{label}  EXTRA   {quote.kind} cue {quote.cue!r} speaker {speaker!r}: {_short(quote.content)}")
        elif gold[pairs[p]].source is not None and not speaker_right(quote, gold[pairs[p]]):
            source = gold[pairs[p]].source
            assert source is not None
            lines.append(f"{label}  SPEAKER {speaker!r} for {text[source[0] : source[1]]!r}: {_short(quote.content)}")
    return lines


def _short(text: str, size: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 3] + "..."
