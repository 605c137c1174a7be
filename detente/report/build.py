"""Turn pipeline records (records.py) into the report's plain parts.

Small converters for the glue that fills a `ReportData` from the store: they read only
the record contract (Article, Quote, Event, Reject), never the analysis internals, and
sort everything they aggregate so the report stays deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from detente.records import Article, Event, EventActor, Quote, Reject
from detente.report.model import (
    ArticleView,
    CorpusSummary,
    Count,
    KeyEvent,
    Network,
    NetworkEdge,
    NetworkNode,
    QuoteItem,
    SpeakerQuotes,
    TimelineEntry,
)


def counts(labels: Iterable[str]) -> list[Count]:
    """How often each label occurs, most frequent first (ties by label)."""
    tally = Counter(labels)
    return [Count(label, count) for label, count in sorted(tally.items(), key=lambda item: (-item[1], item[0]))]


def corpus_summary(
    articles: Iterable[Article],
    rejects: Iterable[Reject] = (),
    events: int | None = None,
    quotes: int | None = None,
    actors: int | None = None,
) -> CorpusSummary:
    """The corpus header: articles (duplicates included and counted), outlets, dates, rejects."""
    articles = list(articles)
    reject_reasons = counts(_reason_kind(reject.reason) for reject in rejects)  # one pass: a store may hold millions
    dates = sorted(article.published for article in articles if article.published)
    return CorpusSummary(
        articles=len(articles),
        outlets=counts(article.outlet or "unknown outlet" for article in articles),
        date_from=dates[0] if dates else None,
        date_to=dates[-1] if dates else None,
        undated=sum(1 for article in articles if not article.published),
        duplicates=sum(1 for article in articles if article.duplicate_of),
        rejects=sum(count.count for count in reject_reasons),
        reject_reasons=reject_reasons,
        languages=counts(article.language or "unknown" for article in articles),
        events=events,
        quotes=quotes,
        actors=actors,
    )


def _reason_kind(reason: str) -> str:
    # "not in a kept language (detected 'es' ...)" -> "not in a kept language": group by the reason, not its details
    return reason.split(" (")[0].split(":")[0].strip() or "unknown"


def article_view(article: Article) -> ArticleView:
    return ArticleView(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        published_precision=article.published_precision,
        text=article.text,
        url=article.url,
    )


def quote_item(quote: Quote, date: str | None = None, precision: str | None = None) -> QuoteItem:
    """A quote with the date of its article (or of what it reports)."""
    speaker = quote.speaker
    return QuoteItem(
        speaker=(speaker.name or speaker.text) if speaker else None,
        code=speaker.code if speaker else None,
        content=quote.content,
        kind=quote.kind,
        article_id=quote.article_id,
        date=date,
        date_precision=precision,
    )


def quotes_by_speaker(items: Iterable[QuoteItem]) -> list[SpeakerQuotes]:
    """Group quotes by speaker: most quoted first; unattributed quotes are left out."""
    groups: dict[tuple[str, str | None], list[QuoteItem]] = {}
    for item in items:
        if item.speaker:
            groups.setdefault((item.speaker, item.code), []).append(item)
    ordered = sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0][0], pair[0][1] or ""))
    return [SpeakerQuotes(speaker=name, code=code, quotes=tuple(quotes)) for (name, code), quotes in ordered]


def _name(actor: EventActor | None) -> str | None:
    if actor is None:
        return None
    return actor.name or actor.text or actor.code


def event_headline(event: Event, description: str | None = None) -> str:
    """ "Russia → NATO: reduce or break diplomatic relations (CAMEO 16)"."""
    action = description or "event"
    return f"{_name(event.source) or 'someone'} \u2192 {_name(event.target) or 'someone'}: {action} (CAMEO {event.cameo})"


def key_event(event: Event, description: str | None = None, mentions: int = 1, articles: int = 1, sources: int = 1) -> KeyEvent:
    return KeyEvent(
        date=event.date,
        date_precision=event.date_precision,
        source_name=_name(event.source),
        source_code=event.source.code if event.source else None,
        target_name=_name(event.target),
        target_code=event.target.code if event.target else None,
        cameo=event.cameo,
        cameo_description=description,
        plover=event.plover,
        goldstein=event.goldstein,
        evidence=event.sentence.text,
        article_id=event.article_id,
        quad_class=event.quad_class,
        mentions=mentions,
        articles=articles,
        sources=sources,
    )


def event_entry(event: Event, description: str | None = None) -> TimelineEntry:
    return TimelineEntry(
        date=event.date,
        precision=event.date_precision,
        kind="event",
        headline=event_headline(event, description),
        evidence=event.sentence.text,
        actor=_name(event.source),
        article_id=event.article_id,
        quad_class=event.quad_class,
        goldstein=event.goldstein,
    )


def statement_entry(quote: Quote, date: str | None = None, precision: str | None = None, limit: int = 140) -> TimelineEntry:
    """A quote on the timeline: the headline is its (shortened) content, the evidence the full quote."""
    content = " ".join(quote.content.split())
    headline = content if len(content) <= limit else content[: limit - 1].rstrip() + "\u2026"
    speaker = quote.speaker
    return TimelineEntry(
        date=date,
        precision=precision,
        kind="statement",
        headline=headline,
        evidence=quote.content if headline != content else None,
        actor=(speaker.name or speaker.text) if speaker else None,
        article_id=quote.article_id,
    )


def network_from_events(
    events: Iterable[Event],
    key: Callable[[EventActor], str | None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Network:
    """Count events between actors (by `key`, default the country/organisation part of the code).

    `names` gives readable names for the keys ("RUS": "Russia"); without one, a key takes
    the name of an actor whose full code is the key, else the key itself. Negated,
    hypothetical and background events are not actions and are left out.
    """
    key = key or (lambda actor: actor.country or actor.code)
    names = dict(names or {})
    seen: set[str] = set()
    totals: dict[tuple[str, str], list[float]] = {}
    for event in events:
        if event.source is None or event.target is None or not event.modality.counted:
            continue
        source, target = key(event.source), key(event.target)
        if not source or not target or source == target:
            continue
        for code, actor in ((source, event.source), (target, event.target)):
            seen.add(code)
            names.setdefault(code, actor.name if actor.code == code and actor.name else code)
        tally = totals.setdefault((source, target), [0, 0.0])
        tally[0] += 1
        tally[1] += event.goldstein or 0.0
    return Network(
        nodes=tuple(NetworkNode(code, names[code]) for code in sorted(seen)),
        edges=tuple(
            NetworkEdge(source, target, int(count), round(total, 4)) for (source, target), (count, total) in sorted(totals.items())
        ),
    )
