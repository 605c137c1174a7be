"""The HTML report: one self-contained file that shows how each relationship evolved.

`ReportData` (plain frozen dataclasses, in `model`) is all the report reads; `build` turns
pipeline records into its parts; `render_report` / `write_report` produce the HTML.
"""

from detente.report.model import (
    QUAD_CLASSES,
    ArticleView,
    CorpusSummary,
    Count,
    DyadSection,
    KeyEvent,
    Network,
    NetworkEdge,
    NetworkNode,
    QuoteItem,
    ReportData,
    SeriesRow,
    Side,
    SpeakerQuotes,
    StoryItem,
    TimelineEntry,
)
from detente.report.render import referenced_article_ids, render_report, safe_json, write_report

__all__ = [
    "QUAD_CLASSES",
    "ArticleView",
    "CorpusSummary",
    "Count",
    "DyadSection",
    "KeyEvent",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "QuoteItem",
    "ReportData",
    "SeriesRow",
    "Side",
    "SpeakerQuotes",
    "StoryItem",
    "TimelineEntry",
    "referenced_article_ids",
    "render_report",
    "safe_json",
    "write_report",
]
