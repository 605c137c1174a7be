"""Real-news audit: random events and quotes from a `detente run` on real articles, for a person to judge.

Why: gold sets score what they annotate; a random draw from a run on real wire copy shows
what an analyst gets (issue 11 measured 4 of 30 events fully right this way when the dev
scores said 0.88). This draws the sample and prints everything needed to judge it by hand
(type, source, target, date; content, speaker); it judges nothing itself. The sample is
also written as JSONL with empty `judgement` fields to fill in.

Run: python -m detente.evaluation.audit --shared ../shared --events 30 --quotes 20 --seed N
     [--out out/audit-seedN.jsonl] [--limit N]   (--limit: first N stories of each file, for a quick look)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from detente.evaluation.dates import read_jsonl
from detente.evaluation.folds import FOLDS, TUNE_FOLD, fold_of
from detente.evaluation.runpath import write_jsonl_records

DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPORA = ("wire_dev.jsonl", "polnear_dev.jsonl")
_SENTENCE_START = re.compile(r"[.!?][\"'”’)]*\s+|\n")


def in_fold(records: Iterable[dict[str, Any]], fold: int | None) -> Iterator[dict[str, Any]]:
    """The records of one fold (`folds.fold_of` of their id), or all when `fold` is None: a tuning
    audit draws only from the fold it tunes on (TUNE_FOLD), a final audit from every fold."""
    return (record for record in records if fold is None or fold_of(str(record.get("id"))) == fold)


def run_corpora(shared: Path, limit: int | None, out: Path, fold: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """One `detente run` over the real articles (as a user's JSONL: text, title, published, url)."""
    import detente
    from detente.config import Settings

    inputs = out / "in"
    inputs.mkdir(parents=True)
    for name in CORPORA:
        records = islice(in_fold(read_jsonl(shared / "eval" / name), fold), limit)
        write_jsonl_records(inputs / name, ({key: record.get(key) for key in ("id", "text", "title", "published")}
                                            for record in records))
    detente.run([inputs], out=out / "out", settings=Settings(report=False))
    return {name: list(read_jsonl(out / "out" / f"{name}.jsonl")) if (out / "out" / f"{name}.jsonl").is_file() else []
            for name in ("articles", "events", "quotes")}


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding text[start:end] (from the previous sentence end to the next)."""
    before = [match.end() for match in _SENTENCE_START.finditer(text, 0, start)]
    after = _SENTENCE_START.search(text, end)
    return " ".join(text[before[-1] if before else 0 : after.end() if after else len(text)].split())


def _actor(side: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"text": side.get("text"), "code": side.get("code"), "country": side.get("country")} if side else None


def event_sample(event: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "event", "id": event["id"], "article_id": event["article_id"], "url": article.get("url"),
        "title": article.get("title"), "published": article.get("published"), "sentence": " ".join(event["sentence"]["text"].split()),
        "trigger": event["trigger"]["text"], "cameo": event.get("cameo"), "plover": event.get("plover"),
        "source": _actor(event.get("source")), "target": _actor(event.get("target")),
        "date": event.get("date"), "date_precision": event.get("date_precision"), "modality": event.get("modality"),
        "judgement": {"type": None, "source": None, "target": None, "date": None, "note": ""},
    }


def quote_sample(quote: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    speaker = quote.get("speaker") or {}
    return {
        "kind": "quote", "id": quote["id"], "article_id": quote["article_id"], "url": article.get("url"),
        "title": article.get("title"), "content": quote.get("content"), "quote_kind": quote.get("kind"), "cue": quote.get("cue"),
        "speaker": {"text": speaker.get("text"), "name": speaker.get("name"), "code": speaker.get("code")} if speaker else None,
        "sentence": sentence_around(article.get("text") or "", quote["start"], quote["end"]),
        "judgement": {"is_quote": None, "content": None, "speaker": None, "note": ""},
    }


def draw(rows: list[dict[str, Any]], count: int, rng: random.Random) -> list[dict[str, Any]]:
    """`count` rows at random (all when fewer), in id order first so that a seed always draws the same."""
    ordered = sorted(rows, key=lambda row: row["id"])
    return rng.sample(ordered, min(count, len(ordered)))


def format_sample(number: int, sample: dict[str, Any]) -> str:
    def side(actor: dict[str, Any] | None) -> str:
        """The words, the resolved name when it differs (a pronoun or 'the spokesman' is judged by
        whom it was resolved to), and the code."""
        if not actor:
            return "-"
        name = actor.get("name")
        resolved = f" = {name!r}" if name and name != actor["text"] else ""
        return f"{actor['text']!r}{resolved} [{actor['code'] or '?'}]"

    if sample["kind"] == "event":
        flags = ",".join(name for name, on in (sample.get("modality") or {}).items() if on) or "asserted"
        return (f"E{number:02d} {sample['article_id']} (published {sample['published']}) {sample['url']}\n"
                f"    sentence: {sample['sentence']}\n"
                f"    trigger {sample['trigger']!r} -> {sample['cameo']} {sample['plover'] or '-'} [{flags}]\n"
                f"    source {side(sample['source'])}   target {side(sample['target'])}\n"
                f"    date {sample['date']} ({sample['date_precision']})\n"
                f"    judge: type ok? source ok? target ok? date ok?")
    return (f"Q{number:02d} {sample['article_id']} {sample['url']}\n"
            f"    sentence: {sample['sentence']}\n"
            f"    content ({sample['quote_kind']}, cue {sample['cue']!r}): {sample['content']}\n"
            f"    speaker {side(sample['speaker'])}\n"
            f"    judge: a quote? content bounds ok? speaker ok?")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--quotes", type=int, default=20)
    parser.add_argument("--seed", type=int, required=True, help="a new seed for each audit (write it in your note)")
    parser.add_argument("--out", type=Path, help="JSONL of the sample (default out/audit-seed<N>.jsonl)")
    parser.add_argument("--limit", type=int, help="use only the first N stories of each file")
    parser.add_argument("--fold", type=int, choices=range(FOLDS), help="draw only from the articles of this fold "
                        f"(tune on fold {TUNE_FOLD}; the final audit draws from all)")
    args = parser.parse_args(argv)
    missing = [name for name in CORPORA if not (args.shared / "eval" / name).is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} not found under {args.shared / 'eval'}")
        return 0
    with tempfile.TemporaryDirectory(prefix="detente-audit-") as tmp:
        found = run_corpora(args.shared, args.limit, Path(tmp), args.fold)
    articles = {article["id"]: article for article in found["articles"]}
    rng = random.Random(args.seed)
    samples = [event_sample(event, articles.get(event["article_id"], {})) for event in draw(found["events"], args.events, rng)]
    samples += [quote_sample(quote, articles.get(quote["article_id"], {})) for quote in draw(found["quotes"], args.quotes, rng)]
    print(f"Audit sample, seed {args.seed}: {sum(s['kind'] == 'event' for s in samples)} of {len(found['events'])} events, "
          f"{sum(s['kind'] == 'quote' for s in samples)} of {len(found['quotes'])} quotes from {len(articles)} articles "
          f"({', '.join(CORPORA)}). Judge each by hand; nothing here is judged.\n")
    numbers = {"event": 0, "quote": 0}
    for sample in samples:
        numbers[sample["kind"]] += 1
        print(format_sample(numbers[sample["kind"]], sample) + "\n")
    args.out = args.out or Path("out") / f"audit-seed{args.seed}.jsonl"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for sample in samples:
            handle.write(json.dumps({"seed": args.seed, **sample}, ensure_ascii=False) + "\n")
    print(f"wrote {args.out} ({len(samples)} samples; fill in each `judgement`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
