"""Typed records passed between pipeline stages.

Field names follow the record contract in DESIGN.md: JSONL, Parquet and DuckDB all use
these names, so renaming a field is a breaking change for users and later stages.
Every record is a plain dataclass, cheap to pickle, so a stage can run on any worker.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RawDoc:
    """One document as read from an input, before cleaning.

    `text` is decoded text (a page dump) and `html` raw markup; at most one is the main
    body. `given` holds fields stated by the input itself (a JSONL record's `title`,
    `published`, ...): they win over anything the cleaner extracts.
    """

    source: str
    format: str
    text: str | None = None
    html: str | None = None
    given: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None


@dataclass(frozen=True)
class Reject:
    """An input (or part of one) that could not become an article, and why."""

    source: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RemovedLine:
    """A line of the input the cleaner dropped, kept so that users can audit it."""

    line: str
    reason: str


@dataclass(frozen=True)
class PublishedInterval:
    """Bounds on an undated article's publication date, with the text that gives them."""

    earliest: str | None
    latest: str | None
    evidence: list[str]


@dataclass
class Article:
    """A clean article: the unit every later stage reads."""

    id: str
    source: str
    url: str | None
    format: str
    title: str | None
    outlet: str | None
    credited: list[str]
    author: str | None
    dateline: str | None
    language: str | None
    published: str | None
    published_precision: str | None
    published_interval: PublishedInterval | None
    text: str
    word_count: int
    removed: list[RemovedLine]
    duplicate_of: str | None = None
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from its JSON form (the inverse of `to_dict`)."""
        values = dict(data)
        interval = values.get("published_interval")
        values["published_interval"] = PublishedInterval(**interval) if interval else None
        values["removed"] = [RemovedLine(**item) for item in values.get("removed") or []]
        names = cls.__dataclass_fields__
        return cls(**{key: value for key, value in values.items() if key in names})
