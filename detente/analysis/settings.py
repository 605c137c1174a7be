"""Knobs of the analysis stage: one frozen options object per step, defaults in one place.

Each default is documented where it is declared, with the reason for its value. They are kept
apart from `detente.config.Settings` (the knobs of the corpus stages) so that analysis can be
re-run over a stored corpus with other thresholds without touching how the corpus was built.
"""

from __future__ import annotations

from dataclasses import dataclass

FREQUENCIES = ("day", "week", "month", "year")


@dataclass(frozen=True)
class MergeSettings:
    """When two event mentions are the same event (see `detente.analysis.merge`).

    Attributes:
        date_window_days: two day-precision dates at most this many days apart are compatible
            (3: outlets in other time zones, or reporting the day after, date one event a day or
            two apart). A month- or year-precision date is compatible with exactly the days of
            its month or year, without widening: "2021-10" with 2021-10-18, not with 2021-11-01.
        undated_lookback_days: an undated mention is placed by its article's publication: it
            spans [published - this, published]. News reports events of the last few days.
        text_threshold: Jaccard similarity of the evidence sentences (see `shingle_words`) at or
            above which two mentions in one (dyad, CAMEO root, compatible date) block merge.
            Low on purpose: inside a block the prior that two mentions are one event is high, and
            outlets paraphrase each other (with the actors' words removed, "[Russia] will suspend
            its permanent mission to [NATO] in Brussels from November 1, the foreign ministry
            said" scores 0.5 against "[Moscow] is suspending the work of its permanent mission to
            [NATO], foreign minister Sergei Lavrov said" and 0.2 against "[Russia] said on Monday
            it would suspend its mission to [NATO] and shut the alliance's Moscow office"). On the
            benchmark's synthetic corpus (dense templated reports) 0.2 gives pairwise precision
            0.91 and recall 0.98; 0.3 gives 0.95 / 0.97.
        same_day_threshold: the lower similarity enough when both mentions have the same full
            CAMEO code and the same day-precision date (the GDELT merge key, plus a little text).
        shingle_words: words per shingle for the similarity. 1 (content-word sets) is robust to
            paraphrase; 2 or 3 merge only near-verbatim reports (wire copies).
        stem_chars: words are cut to this many characters before comparing ("suspend",
            "suspending", "suspension" -> "suspen"): a cheap, language-light stemmer. 0 keeps
            whole words.
        same_article_merges: two mentions of one article with the same full CAMEO code, dyad and
            compatible dates are one event told twice (headline and lead), whatever their words.
        separate_locations: two mentions whose events are placed in differently named locations
            are not merged (except within one article): daily war reports ("shelled Kharkiv",
            "shelled Odesa") share most of their words but are different events.
        separate_roles: when True, two mentions whose sides name different roles of one country
            (RUSGOV vs RUSMIL) never merge. Off by default: coders attribute one act to "Russia",
            "the Kremlin" or "Moscow" interchangeably.
        max_comparisons: upper bound on similarity computations per mention (most recent
            candidates first), so that one huge block (a war's daily "fight" events) stays linear.
    """

    date_window_days: int = 3
    undated_lookback_days: int = 7
    text_threshold: float = 0.2
    same_day_threshold: float = 0.1
    shingle_words: int = 1
    stem_chars: int = 6
    same_article_merges: bool = True
    separate_locations: bool = True
    separate_roles: bool = False
    max_comparisons: int = 200

    def __post_init__(self) -> None:
        if self.date_window_days < 0 or self.undated_lookback_days < 0:
            raise ValueError("date_window_days and undated_lookback_days must be >= 0")
        if not (0.0 <= self.same_day_threshold <= 1.0 and 0.0 <= self.text_threshold <= 1.0):
            raise ValueError("similarity thresholds must be between 0 and 1")
        if self.shingle_words < 1 or self.stem_chars < 0 or self.max_comparisons < 1:
            raise ValueError("shingle_words >= 1, stem_chars >= 0 and max_comparisons >= 1 are required")


@dataclass(frozen=True)
class StorySettings:
    """How articles are grouped into stories (see `detente.analysis.stories`).

    Attributes:
        threshold: cosine similarity (TF-IDF) between an article and a story's centroid at or
            above which the article joins the story; below it for every story, it starts one.
            On examples/corpus, two outlets' reports of one development score 0.6-0.8, the
            next step of a story (an expulsion, then the suspension it provoked; talks, then
            the prisoner swap agreed there) 0.15-0.2, unrelated articles below 0.1.
        window_days: a dated article is compared only with stories whose last article is at most
            this many days older (or newer) than it: a story that went quiet for a month is over.
        max_span_days: a story spans at most this many days; a development that goes on longer
            continues as a new story (a next chapter), so that a topic covered every day (a war)
            does not become one story absorbing everything.
        title_weight: a title's words count this many times (the title says what the story is).
        article_terms: an article is represented by its this-many highest TF-IDF terms.
        centroid_terms: a story keeps this many terms in its centroid (bounded state per story).
        key_terms: terms in a story's label.
        main_actors: actor codes in a story's label.
        min_term_chars: shorter words are ignored (and numbers always are).
    """

    threshold: float = 0.15
    window_days: int = 14
    max_span_days: int = 60
    title_weight: int = 3
    article_terms: int = 40
    centroid_terms: int = 80
    key_terms: int = 6
    main_actors: int = 4
    min_term_chars: int = 3

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if min(self.window_days, self.max_span_days, self.title_weight, self.article_terms, self.centroid_terms) < 1:
            raise ValueError("window_days, max_span_days, title_weight, article_terms and centroid_terms must be >= 1")


@dataclass(frozen=True)
class DyadSettings:
    """What a dyad view shows (see `detente.analysis.dyads`).

    Attributes:
        key_events: events listed as key events (by salience: |Goldstein| and how widely reported).
        quotes_per_side: top quotes kept for each side.
        timeline_events: key events placed on the timeline.
        timeline_quotes: statements (quotes) per side placed on the timeline.
        fill_gaps: periods without events between the first and the last get a zero row (what
            a chart wants); off, only periods with events are listed (what a terminal wants).
        undated: where an event without an event date goes. "published": at its first report's
            publication date (flagged `by_publication` in series rows and timeline entries);
            "unknown": in a final "date unknown" row / at the end of the timeline.
    """

    key_events: int = 10
    quotes_per_side: int = 5
    timeline_events: int = 20
    timeline_quotes: int = 3
    fill_gaps: bool = True
    undated: str = "published"

    def __post_init__(self) -> None:
        if self.undated not in ("published", "unknown"):
            raise ValueError(f"undated must be 'published' or 'unknown', got {self.undated!r}")
        if min(self.key_events, self.quotes_per_side, self.timeline_events, self.timeline_quotes) < 0:
            raise ValueError("counts must be >= 0")
