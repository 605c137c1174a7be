"""Clean stage: a `RawDoc` becomes an `Article` (or a `Reject` saying why not).

Plain-text page dumps go through our own line cleaner (metadata lines first, then the
body/boilerplate segmentation of `lines.py`); HTML goes through trafilatura, which knows
markup far better than we would. Both paths end the same way: language check, length
check, dates, a content-derived id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from detente.clean.dates import find_dates
from detente.clean.lines import segment_lines
from detente.clean.metadata import Metadata, add_credits, extract_metadata
from detente.clean.normalize import normalize_for_hash, normalize_text
from detente.clean.pubdate import estimate_interval
from detente.records import Article, RawDoc, Reject, RemovedLine
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


def clean_document(raw: RawDoc, resources: CleaningResources, common_lines: frozenset[str] = frozenset()) -> Article | Reject:
    """Clean one raw document; never raises on bad content, returns a `Reject` instead."""
    if raw.html is not None and raw.text is None:
        body = _from_html(raw.html, resources)
        if body is None:
            return Reject(raw.source, "no article text found in the HTML")
    else:
        body = _from_dump(raw.text or "", resources, common_lines)
    return _finish(raw, body, resources)


def _from_dump(text: str, resources: CleaningResources, common_lines: frozenset[str]) -> _Body:
    lines = normalize_text(text).split("\n")
    meta = extract_metadata(lines, resources.metadata)
    segmentation = segment_lines(lines, preassigned=meta.consumed, common_lines=common_lines)
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
    return _Body(
        text="\n".join(kept),
        title=title,
        removed=removed,
        meta=meta,
        url=document.url,
        author=document.author,
        outlet=document.sitename,
        published=document.date,
    )


def _finish(raw: RawDoc, body: _Body, resources: CleaningResources) -> Article | Reject:
    settings = resources.settings
    words = len(body.text.split())
    if words < settings.min_words:
        return Reject(raw.source, f"no article body found ({words} words after cleaning, minimum {settings.min_words})")
    language, confidence = resources.language_identifier.classify(body.text[:800])
    if settings.languages and language not in settings.languages:
        return Reject(raw.source, f"not in a kept language (detected '{language}' with confidence {confidence:.2f}; kept: {', '.join(settings.languages)})")
    given, meta = raw.given, body.meta
    published, precision = _published(given.get("published") or meta.published or body.published)
    return Article(
        id=content_hash(body.text),
        source=raw.source,
        url=given.get("url") or body.url,
        format=raw.format,
        title=given.get("title") or body.title,
        outlet=given.get("outlet") or meta.outlet or body.outlet,
        credited=list(given.get("credited") or meta.credited),
        author=given.get("author") or meta.author or body.author,
        dateline=given.get("dateline") or meta.dateline,
        language=language,
        published=published,
        published_precision=precision,
        published_interval=None if published else estimate_interval(body.text),
        text=body.text,
        word_count=words,
        removed=body.removed,
    )


def _published(value: str | None) -> tuple[str | None, str | None]:
    """Normalise a stated date to ISO 8601 and its precision; unparseable dates are dropped."""
    if not value:
        return None, None
    value = value.strip()
    if len(value) == 4 and value.isdigit():
        return value, "year"
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit() and 1 <= int(value[5:]) <= 12:
        return value, "month"
    mentions = [mention for mention in find_dates(value) if mention.year is not None]
    if not mentions:
        return None, None
    iso = mentions[0].iso()
    return iso, "month" if mentions[0].day is None else "day"


def content_hash(text: str) -> str:
    """Deterministic id of a clean text: copies differing in case, spacing or quotes share it."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()[:16]
