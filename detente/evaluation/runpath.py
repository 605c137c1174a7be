"""Run a dev set through `detente.run` as a user would, and read what the run wrote.

Why: our stage-level scores (the coder called on pre-cut sentences) said 0.90 while users,
whose text goes through ingest and the cleaner first, got far less. Every score of
`make eval` is therefore taken from the outputs of the same function the CLI calls: the
records are written as the input a user would have (JSONL with `text`, `title`,
`published`, a `url` made from the record id; or page dumps as `.txt` files), one run per
corpus, and the folds reuse that one run.

The outputs carry offsets into the *clean* text; gold offsets point into the input text.
`OffsetMap` maps one to the other by finding the clean text's lines in the input (the
cleaner drops and normalises lines, it does not reorder them).

Resources: `make eval` makes one `stages.ResourceCache` and passes it to every run
(`resources=`), so the spaCy model and the lexicons load once for all its runs; a scorer
that parses again (parse depths, the parse prefilter's recall) takes the run's own
`NlpResources` from that cache (`nlp_resources`) instead of loading its own.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.annotate import NlpResources
    from detente.stages import ResourceCache

EVAL_URL = "https://eval.invalid/record/"


def record_url(record_id: str) -> str:
    """The url an eval record carries, so that its article can be found again after the run."""
    return EVAL_URL + record_id


@dataclass
class RunOutput:
    """What one `detente.run` over a dev set wrote, indexed by input record id.

    `articles[rid]` is the record's article (None when it was rejected); `events` and
    `quotes` are those of the record's article, or of its canonical article when the
    record was linked as a duplicate (duplicates are not annotated: a user sees the
    canonical's facts). `rejects[rid]` says why a record became no article.
    """

    articles: dict[str, dict[str, Any] | None]
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    quotes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejects: dict[str, str] = field(default_factory=dict)
    fact_texts: dict[str, str] = field(default_factory=dict)  # the clean text the facts' offsets point into
    seconds: float = 0.0
    crashed_articles: frozenset[str] = frozenset()  # article ids a stage skipped after an internal error
    crash_reasons: dict[str, int] = field(default_factory=dict)  # "stage: error" -> articles, for the report

    def kept(self, record_id: str) -> bool:
        return self.articles.get(record_id) is not None

    def crashed(self, record_id: str) -> bool:
        """A stage skipped this record's article after an internal error (or the cleaner did):
        its score is not a measurement of the rules, and `make eval` says so."""
        article = self.articles.get(record_id)
        if article is None:
            return "internal error" in self.rejects.get(record_id, "")
        return (article.get("duplicate_of") or article["id"]) in self.crashed_articles

    def duplicate(self, record_id: str) -> bool:
        article = self.articles.get(record_id)
        return bool(article and article.get("duplicate_of"))


def crash_note(output: RunOutput) -> list[str]:
    """One line per kind of internal error in a run (none when the run had none)."""
    return [f"  INTERNAL ERROR in {count} articles: {reason}" for reason, count in sorted(output.crash_reasons.items())]


def merge_outputs(outputs: Sequence[RunOutput]) -> RunOutput:
    """Several runs' outputs as one (record ids must not repeat across them)."""
    merged = RunOutput(articles={})
    for output in outputs:
        merged.articles.update(output.articles)
        merged.events.update(output.events)
        merged.quotes.update(output.quotes)
        merged.rejects.update(output.rejects)
        merged.fact_texts.update(output.fact_texts)
        merged.seconds += output.seconds
        merged.crashed_articles = merged.crashed_articles | output.crashed_articles
        for reason, count in output.crash_reasons.items():
            merged.crash_reasons[reason] = merged.crash_reasons.get(reason, 0) + count
    return merged


def write_jsonl_records(path: Path, records: Iterable[dict[str, Any]]) -> list[str]:
    """Write records (each with an `id`) as a user's JSONL export; returns the ids in line order."""
    ids = []
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            rid = str(record["id"])
            line = {key: value for key, value in record.items() if key != "id" and value not in (None, "")}
            line["url"] = record_url(rid)
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            ids.append(rid)
    return ids


def nlp_resources(cache: ResourceCache, settings: Any) -> NlpResources:
    """The NLP resources a run with `settings` uses, from `cache` (loaded there on first use):
    the same parser and lexicons the run annotated with, loaded once for the process."""
    from detente.stages import AnnotateStage

    return cache.get(AnnotateStage(settings), settings)


def run_jsonl(records: Sequence[dict[str, Any]], settings: Any, name: str = "records",
              resources: ResourceCache | None = None) -> RunOutput:
    """Write `records` as one JSONL file, run `detente.run` on it, read the outputs back
    (`resources`: the caller's cache, kept across runs; else the run loads its own)."""
    with tempfile.TemporaryDirectory(prefix="detente-eval-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        path = inputs / f"{name}.jsonl"
        ids = write_jsonl_records(path, records)
        by_source = {f"{path}#{line}": rid for line, rid in enumerate(ids, start=1)}
        return _run_and_read(inputs, Path(tmp) / "out", settings, by_source, ids, resources)


def run_text_files(documents: Sequence[tuple[str, str]], settings: Any, resources: ResourceCache | None = None) -> RunOutput:
    """Write (id, text) pairs as `<id>.txt` page dumps, run `detente.run`, read the outputs back."""
    with tempfile.TemporaryDirectory(prefix="detente-eval-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        by_source = {}
        for rid, text in documents:
            path = inputs / f"{rid}.txt"
            path.write_text(text, encoding="utf-8")
            by_source[str(path)] = rid
        return _run_and_read(inputs, Path(tmp) / "out", settings, by_source, [rid for rid, _ in documents], resources)


def _run_and_read(inputs: Path, out: Path, settings: Any, by_source: dict[str, str], ids: list[str],
                  resources: ResourceCache | None = None) -> RunOutput:
    import time

    import detente

    crashes = _CrashLog()
    package_logger = logging.getLogger("detente")
    package_logger.addHandler(crashes)
    started = time.perf_counter()
    try:
        detente.run([inputs], out=out, settings=settings, resources=resources)
    finally:
        package_logger.removeHandler(crashes)
    seconds = time.perf_counter() - started
    output = RunOutput(articles={rid: None for rid in ids}, seconds=seconds, crashed_articles=frozenset(crashes.article_ids),
                       crash_reasons=dict(crashes.reasons))
    canonical_of: dict[str, str] = {}
    texts: dict[str, str] = {}
    for article in _read_jsonl(out / "articles.jsonl"):
        texts[article["id"]] = article.get("text") or ""
        rid = by_source.get(article["source"])
        if rid is None:
            continue
        output.articles[rid] = article
        canonical_of[rid] = article.get("duplicate_of") or article["id"]
    for reject in _read_jsonl(out / "rejects.jsonl"):
        source = reject["source"] if reject.get("line") is None else f"{reject['source']}#{reject['line']}"
        rid = by_source.get(source)
        if rid is not None:
            output.rejects[rid] = reject["reason"]
    events_by_article = _group(_read_jsonl(out / "events.jsonl"))
    quotes_by_article = _group(_read_jsonl(out / "quotes.jsonl"))
    for rid, article_id in canonical_of.items():
        output.events[rid] = events_by_article.get(article_id, [])
        output.quotes[rid] = quotes_by_article.get(article_id, [])
        output.fact_texts[rid] = texts.get(article_id, "")
    return output


class _CrashLog(logging.Handler):
    """Collects the article ids of "skipped after an internal error" warnings during one run."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.article_ids: set[str] = set()
        self.reasons: dict[str, int] = {}  # "stage: ExceptionType: message" -> articles

    def emit(self, record: logging.LogRecord) -> None:
        if "internal error" in str(record.msg) and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            self.article_ids.add(str(args[0]))
            error = record.exc_info[1] if record.exc_info else None
            reason = f"{str(record.msg).split(':')[0]}: {type(error).__name__}: {error}" if error else str(record.msg).split(":")[0]
            self.reasons[reason[:160]] = self.reasons.get(reason[:160], 0) + 1


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _group(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["article_id"]].append(row)
    return grouped


_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OffsetMap:
    """Clean-text offsets -> input-text offsets, line by line.

    Each clean line is looked up in the input after the previous one (exactly, else with
    runs of whitespace made equal, each word anchored on its own); a line not found (the
    cleaner rewrote it) maps nowhere. `segments` are (clean start, clean end, input start) of
    lines found verbatim and of the words of the other found lines.
    """

    segments: tuple[tuple[int, int, int], ...]
    fuzzy: tuple[tuple[int, int, int, int], ...]  # clean start, clean end, input start, input end

    @classmethod
    def build(cls, original: str, clean: str) -> OffsetMap:
        segments, fuzzy = [], []
        cursor, position = 0, 0
        for line in clean.split("\n"):
            start, stripped = position + (len(line) - len(line.lstrip())), line.strip()
            position += len(line) + 1
            if not stripped:
                continue
            found = original.find(stripped, cursor)
            if found >= 0:
                segments.append((start, start + len(stripped), found))
                cursor = found + len(stripped)
                continue
            words = stripped.split()
            match = re.compile(r"\s+".join(f"({re.escape(word)})" for word in words)).search(original, cursor)
            if match:
                # Whitespace differs: anchor every word on its own, the line as a fallback.
                clean_at = start
                for number, word in enumerate(words, start=1):
                    clean_at = clean.index(word, clean_at)
                    segments.append((clean_at, clean_at + len(word), match.start(number)))
                    clean_at += len(word)
                fuzzy.append((start, start + len(stripped), match.start(), match.end()))
                cursor = match.end()
        return cls(tuple(segments), tuple(fuzzy))

    def to_input(self, offset: int) -> int | None:
        """The input offset of a clean offset, or None when its line was not found."""
        for start, end, target in self.segments:
            if start <= offset <= end:
                return target + offset - start
        for start, end, target, target_end in self.fuzzy:
            if start <= offset <= end:
                return min(target_end, target + offset - start)
        return None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """An input span for a clean span (both ends must map)."""
        low, high = self.to_input(start), self.to_input(end)
        if low is None or high is None or high < low:
            return None
        return low, high

    def covered(self) -> list[tuple[int, int]]:
        """Input spans that survive in the clean text."""
        spans = [(target, target + end - start) for start, end, target in self.segments]
        spans += [(target, target_end) for _, _, target, target_end in self.fuzzy]
        return sorted(spans)
