"""Score the quotes stage against gold attributions (PolNeAR and our own test articles).

Gold files are JSONL, one article a line: `id`, `text` and `attributions`, each with
`source_span`, `cue_span` and `content_span` ({start, end, text, fragments?}) — PolNeAR's
layout, which tests/data/quotes/ follows. The shared convention (shared/eval/README.md):
a predicted content matches a gold content when they share at least half of the longer
span's words, one-to-one; a matched quote's speaker is right when it overlaps the gold
source span. We report content precision, recall and F1 and speaker accuracy over matched
quotes that have a gold source.

Run: `python -m detente.evaluation.quotes [--shared ../shared] [--verbose] [--errors N]`.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.records import Article, Mention, Quote

WORD = re.compile(r"\w+")
OWN_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "quotes"
DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@dataclass(frozen=True)
class GoldQuote:
    """One gold attribution: content word positions and the source span (if any)."""

    content: frozenset[int]  # start offsets of the content's words (all fragments)
    source: tuple[int, int] | None
    cue: str


@dataclass(frozen=True)
class Score:
    """Counts over a gold set; the ratios are properties so that scores add up."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        return self.matched, self.predicted, self.gold, self.speaker_checked, self.speaker_right

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_checked if self.speaker_checked else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<28} content P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
            f"  | speaker {self.speaker_accuracy:.3f} ({self.speaker_right}/{self.speaker_checked})"
            f"  | {self.predicted} predicted, {self.gold} gold"
        )


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def gold_quotes(record: dict[str, Any]) -> list[GoldQuote]:
    """The gold attributions of one record, contents as word positions."""
    text = record["text"]
    result = []
    for item in record.get("attributions", []):
        content = item.get("content_span") or {}
        fragments = content.get("fragments") or [[content.get("start", 0), content.get("end", 0)]]
        words = frozenset(match.start() + start for start, end in fragments for match in WORD.finditer(text[start:end]))
        source = item.get("source_span")
        cue = (item.get("cue_span") or {}).get("text", "")
        if words:
            result.append(GoldQuote(words, (source["start"], source["end"]) if source else None, cue))
    return result


def score_article(text: str, predicted: list[Quote], gold: list[GoldQuote]) -> Score:
    """Match predictions to gold one-to-one, best overlaps first; then check matched speakers."""
    pairs = match(text, predicted, gold)
    checked = [(p, g) for p, g in pairs.items() if gold[g].source is not None]
    right = sum(speaker_right(predicted[p], gold[g]) for p, g in checked)
    return Score(len(pairs), len(predicted), len(gold), len(checked), right)


def match(text: str, predicted: list[Quote], gold: list[GoldQuote]) -> dict[int, int]:
    """The one-to-one matching (predicted index -> gold index), best overlaps first."""
    predicted_words = [frozenset(m.start() + quote.start for m in WORD.finditer(text[quote.start : quote.end])) for quote in predicted]
    pairs = []
    for p, words in enumerate(predicted_words):
        for g, item in enumerate(gold):
            shared = len(words & item.content)
            if words and shared * 2 >= max(len(words), len(item.content)):
                pairs.append((shared / max(len(words), len(item.content)), p, g))
    matched: dict[int, int] = {}
    for _, p, g in sorted(pairs, reverse=True):
        if p not in matched and g not in matched.values():
            matched[p] = g
    return matched


def speaker_right(quote: Quote, gold: GoldQuote) -> bool:
    """The predicted speaker's words overlap the gold source span."""
    speaker, source = quote.speaker, gold.source
    if source is None or speaker is None or speaker.start is None or speaker.end is None:
        return False
    return speaker.start < source[1] and source[0] < speaker.end


def evaluate(path: Path, use_actors: bool = True, speech_only: bool = False, parse_all: bool = False) -> tuple[Score, float, int]:
    """Score the quotes stage on one gold file; returns the score, the quote-stage seconds and
    the number of sentences (for speed per sentence beyond parsing). `speech_only` keeps the
    gold attributions whose cue is speech (see `is_speech_cue`), for a view without beliefs,
    plans and findings. Texts are parsed as the pipeline does (the parse prefilter on), or
    every sentence with `parse_all`."""
    from detente.quotes import load_quote_lexicon

    lexicon = load_quote_lexicon()
    total, seconds, sentences = Score(), 0.0, 0
    for record, quotes, spent, count in run_quotes(path, use_actors, parse_all, lexicon):
        seconds += spent
        sentences += count
        gold = [item for item in gold_quotes(record) if not speech_only or is_speech_cue(item.cue, lexicon)]
        total += score_article(record["text"], quotes, gold)
    return total, seconds, sentences


def run_quotes(path: Path, use_actors: bool = True, parse_all: bool = False, lexicon: Any = None) -> Iterator[tuple[dict[str, Any], list[Quote], float, int]]:
    """Each gold record with its predicted quotes, the quote-stage seconds and its sentence
    count; `lexicon` is the caller's quote lexicon (loaded here when None)."""
    from detente.quotes import find_quotes, load_quote_lexicon

    lexicon, actors = lexicon or load_quote_lexicon(), _actors() if use_actors else None
    records = list(read_gold(path))
    articles = [make_article(record.get("id", "gold"), record["text"]) for record in records]
    for record, (article, doc) in zip(records, parsed_as_the_pipeline(articles, parse_all), strict=True):
        mentions = _mentions(actors, doc, article)
        began = time.perf_counter()
        quotes = find_quotes(doc, article, mentions, lexicon)
        spent = time.perf_counter() - began
        yield record, quotes, spent, sum(1 for _ in doc.sents)


def errors(path: Path, use_actors: bool = True) -> Iterator[str]:
    """One line per error: a gold quote missed, a prediction matching no gold, a wrong speaker."""
    for record, quotes, _, _ in run_quotes(path, use_actors):
        text, gold = record["text"], gold_quotes(record)
        pairs = match(text, quotes, gold)
        label = str(record.get("id", "?"))[:24]
        for g, item in enumerate(gold):
            if g not in pairs.values():
                words = sorted(item.content)
                source = text[item.source[0] : item.source[1]] if item.source else None
                yield f"{label}  MISSED  cue {item.cue!r} source {source!r}: {_short(text[words[0] : words[-1] + 20])}"
        for p, quote in enumerate(quotes):
            speaker = quote.speaker.text if quote.speaker else None
            if p not in pairs:
                yield f"{label}  EXTRA   {quote.kind} cue {quote.cue!r} speaker {speaker!r}: {_short(quote.content)}"
            elif gold[pairs[p]].source is not None and not speaker_right(quote, gold[pairs[p]]):
                source = gold[pairs[p]].source
                yield f"{label}  SPEAKER {speaker!r} for {text[source[0] : source[1]]!r}: {_short(quote.content)}"


def parsed_as_the_pipeline(articles: list[Article], parse_all: bool = False) -> Iterator[tuple[Article, Any]]:
    """(article, doc) as `detente run` parses them: the default model, the parse prefilter on
    (Settings.parse_prefilter), unless `parse_all`."""
    from detente.annotate import load_nlp_resources
    from detente.config import Settings
    from detente.nlp import parse, parse_prefiltered

    resources = load_nlp_resources(Settings.nlp_model, (), not parse_all)
    if resources.prefilter is None:
        return parse(articles, resources.nlp)
    return parse_prefiltered(articles, resources.nlp, resources.prefilter)


def _short(text: str, size: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 3] + "..."


def make_article(article_id: str, text: str) -> Article:
    """A bare article around a gold text (the quotes stage reads only `id` and `text`)."""
    return Article(
        id=article_id, source=article_id, url=None, format="text", title=None, outlet=None, credited=[], author=None,
        dateline=None, language="en", published=None, published_precision=None, published_interval=None,
        text=text, word_count=len(text.split()), removed=[],
    )  # fmt: skip


def _actors() -> Any:
    """The actors stage's knowledge when that stage is installed, else None (speakers keep their words)."""
    try:
        from detente.actors import load_actor_knowledge
    except ImportError:
        return None
    return load_actor_knowledge()


def _mentions(knowledge: Any, doc: Any, article: Article) -> list[Mention]:
    if knowledge is None:
        return []
    from detente.actors import find_mentions

    return find_mentions(doc, article, knowledge)


def gold_cues(path: Path) -> Counter[str]:
    """How often each gold cue occurs (lowercased): what the gold set counts as attribution."""
    return Counter(gold.cue.lower() for record in read_gold(path) for gold in gold_quotes(record))


def is_speech_cue(cue: str, lexicon: Any) -> bool:
    """A gold cue that reports speech: a speech or framing verb of the lexicon (not a verb of
    belief or finding), "according to", or a colon or dash introducing a quote."""
    return cue.strip() in (":", "―", "--", "—") or bool(lexicon.speech_forms.search(cue)) or "according" in cue.lower()


def speech_share(path: Path) -> float:
    """Share of gold attributions whose cue reports speech (the rest are beliefs, plans,
    documents "showing", ...)."""
    from detente.quotes import load_quote_lexicon

    lexicon = load_quote_lexicon()
    cues = gold_cues(path)
    return sum(count for cue, count in cues.items() if is_speech_cue(cue, lexicon)) / max(1, sum(cues.values()))


def main(shared_dir: Path | str = DEFAULT_SHARED, verbose: bool = False, show_errors: int = 0) -> int:
    """Print quote scores on PolNeAR dev (if `shared_dir` has it) and on our own test articles;
    `verbose` adds the gold cues, `show_errors` lists up to that many errors per gold file."""
    targets: Iterable[tuple[str, Path]] = [
        ("PolNeAR dev", Path(shared_dir) / "eval" / "polnear_dev.jsonl"),
        ("own test articles", OWN_SET / "articles.jsonl"),
    ]
    print("Quotes: content matches share >= half of the longer span's words; speaker overlaps gold source")
    for label, path in targets:
        if not path.is_file():
            print(f"  {label}: {path} not found; skipped")
            continue
        score, seconds, sentences = evaluate(path)
        print("  " + score.line(label) + f"  | {1000 * seconds / max(1, sentences):.3f} ms/sentence")
        print("  " + evaluate(path, speech_only=True)[0].line(f"{label}, speech cues"))
        print("  " + evaluate(path, parse_all=True)[0].line(f"{label}, every sentence parsed (--parse-all)"))
        if verbose:
            print(f"    gold cues with a speech word of the lexicon: {speech_share(path):.1%}")
            print("    most common gold cues: " + ", ".join(f"{cue!r} {count}" for cue, count in gold_cues(path).most_common(15)))
        for count, line in enumerate(errors(path) if show_errors else ()):
            if count >= show_errors:
                break
            print("    " + line)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true", help="show the most common gold cues")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N errors (missed, extra, wrong speaker) per gold file")
    arguments = parser.parse_args()
    raise SystemExit(main(arguments.shared, arguments.verbose, arguments.errors))
