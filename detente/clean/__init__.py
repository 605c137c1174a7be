"""Clean stage: a `RawDoc` becomes an `Article` (or a `Reject` saying why not).

Plain-text page dumps go through our own line cleaner (metadata lines first, then the
body/boilerplate segmentation of `lines.py`); HTML goes through trafilatura, which knows
markup far better than we would. Both paths end the same way: language check, length
check, dates, a content-derived id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from detente.clean.classifier import TreeModel
from detente.clean.htmldates import StatedDate, html_dates, parse_stated
from detente.clean.htmlmeta import heading_candidates, parse_html
from detente.clean.lines import segment_lines
from detente.clean.metadata import RANK_DATE_LINE, RANK_DATELINE, RANK_LABELLED, RANK_MODIFIED, Metadata, add_credits, extract_metadata
from detente.clean.normalize import count_words, normalize_for_hash, normalize_text
from detente.clean.pubdate import StatedPublished, estimate_interval, precision_of, resolve_dateline_day
from detente.clean.validate import check_author, check_outlet, check_title
from detente.config import Settings
from detente.records import Article, FieldSource, RawDoc, Reject, RemovedLine
from detente.resources import CleaningResources

__all__ = ["clean_document", "content_hash", "normalize_text"]


@dataclass
class _Body:
    """What either extraction path found before the shared checks."""

    text: str
    title: str | None
    removed: list[RemovedLine]
    meta: Metadata
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    stated: list[StatedDate] = field(default_factory=list)  # dates the HTML markup states, best first
    headings: list[tuple[str, str]] = field(default_factory=list)  # (title candidate, source) after `title`


def clean_document(
    raw: RawDoc,
    resources: CleaningResources,
    common_lines: frozenset[str] = frozenset(),
    line_model: TreeModel | None = None,
) -> Article | Reject:
    """Clean one raw document; never raises on bad content, returns a `Reject` instead.

    `line_model` replaces the shipped line classifier (cross-validation passes the model of
    the folds it was trained on); None uses the resources' (`CleaningResources.line_model`).
    """
    if raw.html is not None and raw.text is None:
        body = _from_html(raw.html, resources)
        if body is None:
            return Reject(raw.source, "no article text found in the HTML")
    else:
        clean = raw.clean or resources.settings.text_is_clean
        body = _from_dump(raw.text or "", resources, common_lines, line_model or resources.line_model, clean, raw.given.get("title"))
    return _finish(raw, body, resources)


def _from_dump(
    text: str,
    resources: CleaningResources,
    common_lines: frozenset[str],
    line_model: TreeModel | None,
    clean: bool = False,
    given_title: str | None = None,
) -> _Body:
    """A page dump (or an article text: `clean`) through metadata lines and the line cleaner."""
    lines = normalize_text(text).split("\n")
    meta = extract_metadata(lines, resources.metadata)
    # (the resources' boilerplate holds the user's data files too: `--data`, `Settings.extra_data`)
    segmentation = segment_lines(
        lines, preassigned=meta.consumed, common_lines=common_lines, config=resources.boilerplate,
        model=line_model, clean=clean, given_title=given_title, memo=resources.line_memo,
    )  # fmt: skip
    kept = [line for line, verdict in zip(lines, segmentation.verdicts) if verdict.keep]
    removed = [
        RemovedLine(line, verdict.reason or "dropped")
        for line, verdict in zip(lines, segmentation.verdicts)
        if not verdict.keep and line.strip()
    ]
    title = lines[segmentation.title_index] if segmentation.title_index is not None else None
    text = "\n".join(kept)
    add_credits(meta, text, lines, resources.metadata)
    return _Body(text=text, title=title, removed=removed, meta=meta)


def _from_html(html: str, resources: CleaningResources) -> _Body | None:
    import trafilatura

    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if document is None or not (document.text or "").strip():
        return None
    lines = [line for line in normalize_text(document.text).split("\n") if line]
    title = normalize_text(document.title).strip() if document.title else None
    removed: list[RemovedLine] = []
    if lines and title and lines[0] == title:  # trafilatura repeats the <h1> as the first line
        removed.append(RemovedLine(lines.pop(0), "title"))
    meta = extract_metadata(lines, resources.metadata)
    kept = []
    for index, line in enumerate(lines):
        if index in meta.consumed:
            removed.append(RemovedLine(line, meta.consumed[index]))
        else:
            kept.append(line)
    add_credits(meta, "\n".join(kept), lines, resources.metadata)
    # Not `document.date`: trafilatura's date search reads copyright years, link URLs and
    # text, and states no evidence; the markup's own statements are read instead.
    tree = parse_html(html)
    return _Body(
        text="\n".join(kept),
        title=title,
        removed=removed,
        meta=meta,
        url=document.url,
        author=document.author,
        outlet=document.sitename,
        stated=html_dates(tree, resources.metadata.html_date_meta),
        headings=heading_candidates(tree),
    )


def _minimum_words(body: _Body, settings: Settings) -> int:
    """`min_words` for what cleaning cut down, `min_words_whole` for a text kept whole.

    Why: the minimum exists to reject pages where no article was found; a short brief that
    lost nothing to cleaning (at most its title line) was found whole and is news.
    """
    kept_whole = all(line.reason == "title" or line.reason.startswith("metadata:") for line in body.removed)
    return min(settings.min_words, settings.min_words_whole) if kept_whole else settings.min_words


def _finish(raw: RawDoc, body: _Body, resources: CleaningResources) -> Article | Reject:
    settings = resources.settings
    words = count_words(body.text)
    minimum = _minimum_words(body, settings)
    if words < minimum:
        return Reject(raw.source, f"no article body found ({words} words after cleaning, minimum {minimum})")
    language, confidence = resources.language_identifier.classify(body.text[:800])
    if settings.languages and language not in settings.languages:
        return Reject(raw.source, f"not in a kept language (detected '{language}' with confidence {confidence:.2f}; kept: {', '.join(settings.languages)})")
    given, meta = raw.given, body.meta
    sources: list[FieldSource] = []
    checks, media = resources.metadata.checks, resources.metadata.media
    outlet = _pick(
        "outlet", [(given.get("outlet"), "given"), (check_outlet(meta.outlet, checks, media), "dump"), (check_outlet(body.outlet, checks, media), "html:sitename")], sources
    )
    site_names = tuple(name for name in (outlet, body.outlet, _domain(given.get("url") or body.url)) if name)
    titles = [(given.get("title"), "given"), (check_title(body.title, checks, site_names), "html:title" if raw.html and not raw.text else "dump")]
    title = _pick("title", titles + [(check_title(text, checks, site_names), source) for text, source in body.headings], sources)
    author = _pick("author", [(given.get("author"), "given"), (check_author(meta.author, checks), "dump"), (check_author(body.author, checks), "html:author")], sources)
    published = _published(given.get("published"), body, resources.metadata.placeholder_dates)
    interval = None if published else estimate_interval(body.text)
    if published:
        sources.append(FieldSource("published", published.source, published.evidence))
    return Article(
        id=content_hash(body.text),
        source=raw.source,
        url=given.get("url") or body.url,
        format=raw.format,
        title=title,
        outlet=outlet,
        credited=list(given.get("credited") or meta.credited),
        author=author,
        dateline=given.get("dateline") or meta.dateline,
        language=language,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        published_interval=None if published else interval,
        text=body.text,
        word_count=words,
        removed=body.removed,
        metadata_sources=sources,
    )


def _pick(name: str, candidates: list[tuple[str | None, str]], sources: list[FieldSource]) -> str | None:
    """The first candidate value that is set; its source is recorded in `sources`."""
    for value, source in candidates:
        if value:
            sources.append(FieldSource(name, source, value))
            return value
    return None


def _domain(url: str | None) -> str | None:
    if not url or "//" not in url:
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def _published(given: str | None, body: _Body, placeholders: frozenset[str] = frozenset()) -> StatedPublished | None:
    """The article's own date, from the best evidence there is, at the precision it holds.

    Order: a date the input states (JSONL `published`), the HTML markup's publication
    date, a labelled line of the text ("Published: ..."), a dateline with a year, a
    modification date, a lone date line near the headline. A coarse statement ("2006")
    is refined by a later one of the same year; a year-less dateline ("MOSCOW, Oct 18
    (Reuters) -") is placed in a year only when coarser evidence or the interval fixes
    it. Nothing else (copyright years, URLs, other stories' dates) is evidence.
    """
    ranked: list[tuple[int, int, StatedPublished]] = []
    if given and (parsed := parse_stated(given)):
        ranked.append((0, 0, StatedPublished(parsed[0], parsed[1], "given", given.strip())))
    for order, item in enumerate(body.stated):
        ranked.append((1 if item.rank == 0 else 4, order, StatedPublished(item.iso, item.precision, item.source, item.evidence)))
    dump_rank = {RANK_LABELLED: 2, RANK_DATELINE: 3, RANK_MODIFIED: 4, RANK_DATE_LINE: 5}
    for rank, line, mention, source, evidence in body.meta.dates:
        if (iso := mention.iso()) is not None:
            ranked.append((dump_rank.get(rank, 5), line, StatedPublished(iso, precision_of(iso), source, evidence)))
    found = [item for _, _, item in sorted(ranked, key=lambda entry: (entry[0], entry[1])) if item.value[:10] not in placeholders]
    if not found:
        return resolve_dateline_day(body.meta.dateline_date, [], estimate_interval(body.text)) if body.meta.dateline_date else None
    best = found[0]
    if best.precision != "day":
        finer = next((item for item in found[1:] if item.precision == "day" and item.value.startswith(best.value)), None)
        if finer is None and body.meta.dateline_date:
            finer = resolve_dateline_day(body.meta.dateline_date, found, estimate_interval(body.text))
        best = finer or best
    return best


def content_hash(text: str) -> str:
    """Deterministic id of a clean text: copies differing in case, spacing or quotes share it."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()[:16]
