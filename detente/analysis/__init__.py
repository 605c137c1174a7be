"""ANALYSIS stage: pure functions over typed records, from event rows to answers.

- `merge_events`: event mentions -> `MergedEvent`s, one per real event, with counts and the
  reason each mention joined (`explain`).
- `assign_stories`: articles -> stories, incrementally, with a serialisable `StoryState`;
  `stories(state)` labels them.
- `dyad_view`: a relationship's series, key events, timeline and each side's quotes;
  `network`: who acts towards whom; `story_timeline`: a story's dated events and statements.

Nothing here reads files except `ActorCatalog.load` (the packaged organisation list, once per
call unless a catalog is passed) and nothing keeps state between calls.
"""

from detente.analysis.dates import DateSpan, parse_date
from detente.analysis.dyads import (
    DyadView,
    Edge,
    KeyEvent,
    QuoteItem,
    SeriesRow,
    TimelineEntry,
    dyad_view,
    network,
    salience,
    story_timeline,
)
from detente.analysis.merge import Excluded, MergeResult, explain, explain_event, merge_events, merged_id
from detente.analysis.settings import DyadSettings, MergeSettings, StorySettings
from detente.analysis.sides import ActorCatalog, Side
from detente.analysis.stories import StoryCentroid, StoryState, article_actors, assign_stories, stories

__all__ = [
    "ActorCatalog", "DateSpan", "DyadSettings", "DyadView", "Edge", "Excluded", "KeyEvent", "MergeResult",
    "MergeSettings", "QuoteItem", "SeriesRow", "Side", "StoryCentroid", "StorySettings", "StoryState",
    "TimelineEntry", "article_actors", "assign_stories", "dyad_view", "explain", "explain_event", "merge_events",
    "merged_id", "network", "parse_date", "salience", "stories", "story_timeline",
]
