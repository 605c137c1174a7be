"""Metadata of a page dump: author, outlet, credited sources, dateline, stated date.

Metadata lines ("Author: ...", "Date" followed by "2018.07.10 / 15:52") are consumed, so
the line cleaner drops them with a `metadata:<field>` reason instead of judging them.
Credits are read from the whole text but only where a credit phrase names them, so that
"according to Peskov" does not make Peskov a news agency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from detente.clean.dates import DateMention, YearMention, find_dates, lone_year, numeric_order
from detente.resources import CreditPattern, MetadataPatterns

_MAX_LABEL_WORDS = 12
_LABEL_SPLIT = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,20}?)\s*[:|]\s*(?P<value>\S.*)$")
_BY_LINE_START = ("By", "by")  # what `_BY_LINE` opens with: other lines are not tried
_BY_LINE = re.compile(r"^[Bb]y\s+(?P<value>[A-Z][\w.'-]+(?: (?:[A-Z][\w.'-]+|and|de|van|von|al-\w+)){0,5})$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$")
# What may stand beside the date on a date-only line: labels, weekdays, time zones, separators.
_DATE_LINE_REST = re.compile(
    r"(?i)\b(?:published|updated|posted|last|modified|on|at|date|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\b(?:created|first|time|gmt|utc|cet|cest|msk|est|edt|pst|pdt|bst|ist|jst|kst|wib|sast|eet|eest)\b"
    r"|[+-]\d{1,2}(?::?\d\d)?|\b[ap]\.?m\.?\b|[\s,.:;|/()\u2013\u2014-]+"
)
# "Published: ...", "Updated on ...", "Created: Wednesday, 09 Jan 2008" anywhere in a short line
_LABELLED_DATE = re.compile(
    r"(?i)(?<![\w-])(?P<label>first published|published|posted|created|date(?:d)?|last updated|updated|last modified|modified)"
    r"(?:\s+(?:on|at))?\s*[:\-\u2013]?\s*(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?"
)
_MODIFIED_LABELS = ("updated", "modified")
_DIGIT = re.compile(r"\d")
_AMBIGUOUS_NUMERIC = re.compile(r"(?<!\d)[01]?\d[/.-][01]?\d[/.-](?:19|20)\d\d")
# Ranks of the kinds of evidence of the page's own date in a dump (lower wins).
RANK_LABELLED, RANK_DATELINE, RANK_MODIFIED, RANK_DATE_LINE = 0, 1, 2, 3


@dataclass
class Metadata:
    """What the dump states about itself; `consumed` maps line index -> removal reason."""

    outlet: str | None = None
    author: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_source: str | None = None  # what kind of statement gave `published`
    published_evidence: str | None = None  # the line it was read from
    dateline_date: str | None = None  # "Nov. 13, 2006" or "Oct 18" as the dateline wrote it
    credited: list[str] = field(default_factory=list)
    consumed: dict[int, str] = field(default_factory=dict)
    dates: list[tuple[int, int, DateMention | YearMention, str, str]] = field(default_factory=list)  # (rank, line, date, source, evidence)


def extract_metadata(lines: list[str], patterns: MetadataPatterns) -> Metadata:
    """Read labelled fields, outlet lines and the dateline from the lines of a dump.

    Credits are added later by `add_credits`, once the body is known: a "according to
    Reuters" in a list of other headlines credits nothing.
    """
    meta = Metadata()
    order = _PageOrder(lines)
    words = [len(line.split(None, _WORD_COUNT_CAP)) for line in lines]
    dated = _digit_lines(lines, words)
    _read_labels(lines, patterns, meta, order, words)
    _read_labelled_dates(lines, meta, order, words, patterns.media, dated)
    _read_date_lines(lines, meta, order, words, patterns.site_date_markers, patterns.media, dated)
    _read_outlet_lines(lines, patterns, meta, words)
    _read_dateline(lines, patterns, meta)
    _choose_published(meta)
    return meta


_PROSE_WORDS = 25  # a line this long is running text (`_read_date_lines`)
# Word counts are compared with no limit above `_PROSE_WORDS`: counted up to one more, a long
# paragraph is not split whole (n words split at most k times give min(n, k + 1) parts).
_WORD_COUNT_CAP = _PROSE_WORDS
_MAX_DATED_WORDS = 16  # the longest line a date is read from (`_read_labelled_dates`)


def _digit_lines(lines: list[str], words: list[int]) -> frozenset[int]:
    """Indices of the lines short enough to state a date that hold a digit: every date
    pattern needs one (`dates.find_dates`), so only these are searched for dates."""
    return frozenset(index for index, line in enumerate(lines) if words[index] <= _MAX_DATED_WORDS and _DIGIT.search(line))


def add_credits(meta: Metadata, body: str, lines: list[str], patterns: MetadataPatterns) -> None:
    """Credit the outlets named in the body and in the consumed metadata lines."""
    consumed = "\n".join(lines[index] for index in sorted(meta.consumed))
    for name in find_credits(consumed + "\n" + body, patterns):
        if name != meta.outlet and name not in meta.credited:
            meta.credited.append(name)


class _PageOrder:
    """The page's day/month order for numeric dates (`dates.numeric_order`), computed
    the first time a line needs it: most pages have no date that reads both ways."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._order: tuple[bool | None] | None = None

    def of(self, text: str) -> bool | None:
        """The order if `text` holds a numeric date that reads both ways, else None."""
        if not _AMBIGUOUS_NUMERIC.search(text):
            return None
        if self._order is None:
            self._order = (numeric_order("\n".join(self._lines)),)
        return self._order[0]


def _read_labels(lines: list[str], patterns: MetadataPatterns, meta: Metadata, order: _PageOrder, words: list[int]) -> None:
    """`Label: value` on one line, or a bare label line followed by its value line."""
    for index, line in enumerate(lines):
        if index in meta.consumed or not line or words[index] > _MAX_LABEL_WORDS:
            continue
        by_line = _BY_LINE.match(line) if line.startswith(_BY_LINE_START) else None
        if by_line and meta.author is None:
            _assign_byline(meta, by_line.group("value"), patterns.media)
            meta.consumed[index] = "metadata:author"
            continue
        split = _LABEL_SPLIT.match(line) if ":" in line or "|" in line else None
        if split and split.group("label").lower() in patterns.labels:
            label = split.group("label").lower()
            field_name = patterns.labels[label]
            if _assign(meta, field_name, split.group("value").strip(), (index, label, line, order.of(line))):
                meta.consumed[index] = f"metadata:{field_name}"
            continue
        bare = line.rstrip(":").strip().lower()
        if bare not in patterns.labels:
            continue
        value_index = _next_nonempty(lines, index)
        if value_index is not None and words[value_index] <= 8:
            field_name = patterns.labels[bare]
            if _assign(meta, field_name, lines[value_index].strip(), (index, bare, f"{line} {lines[value_index]}", order.of(lines[value_index]))):
                meta.consumed[index] = meta.consumed[value_index] = f"metadata:{field_name}"


def _next_nonempty(lines: list[str], index: int) -> int | None:
    for following in range(index + 1, min(index + 3, len(lines))):
        if lines[following].strip():
            return following
    return None


def _assign(meta: Metadata, field_name: str, value: str, where: tuple[int, str, str, bool | None] = (0, "", "", None)) -> bool:
    """Store a labelled value if it has the right shape; return whether it was used.

    `where` is (line index, label, line text, day-first order) for the evidence of a date.
    """
    if field_name == "published":
        index, label, line, day_first = where
        mentions: list[DateMention | YearMention] = [mention for mention in find_dates(value, day_first) if mention.year is not None]
        if not mentions and (year := lone_year(value)) is not None:
            mentions = [year]  # "Date: 2008": year precision
        if mentions:
            rank = RANK_MODIFIED if any(word in label for word in _MODIFIED_LABELS) else RANK_LABELLED
            meta.dates.append((rank, index, mentions[0], f"dump:label {label}".strip(), line.strip()))
        return bool(mentions)
    value = value.strip(" .;,")
    if not value or len(value) > 80:
        return False
    if field_name == "author":
        meta.author = meta.author or value
        if _DOMAIN.match(value.lower()):  # "Author: Axar.az" names the site, not a person
            meta.outlet = meta.outlet or value
        return True
    meta.outlet = meta.outlet or value
    return True


def _precision(iso: str | None) -> str | None:
    if iso is None:
        return None
    return {4: "year", 7: "month"}.get(len(iso), "day")


def labelled_dates(line: str, day_first_of: Callable[[str], bool | None] = lambda _: None) -> Iterator[tuple[re.Match[str], DateMention | YearMention]]:
    """(label, date) for each date label of `line` directly followed by a date with a year
    ("Posted: Jan 5, 2008", "Updated on 9 Oct 2019", "Posted: 2008" at year precision);
    `day_first_of(value)` gives the page's day/month order for a numeric value."""
    for label in _LABELLED_DATE.finditer(line):
        value = line[label.end() : label.end() + 60]
        mentions: list[DateMention | YearMention] = [mention for mention in find_dates(value, day_first_of(value)) if mention.year is not None]
        if not mentions and (year := lone_year(value)) is not None:
            mentions = [year]  # "Posted: 2008": year precision
        if mentions and mentions[0].start == 0:
            yield label, mentions[0]


def is_modified_label(name: str) -> bool:
    """Whether a date label ("last updated", "modified") names a modification, not the publication."""
    return any(word in name.lower() for word in _MODIFIED_LABELS)


def _read_labelled_dates(lines: list[str], meta: Metadata, order: _PageOrder, words: list[int], media: frozenset[str] = frozenset(),
                         dated: frozenset[int] | None = None) -> None:
    """Short lines stating the page's date after a label, among other things:
    "By Jana Novak | Updated: Oct 9, 2019, 11:05 IST", "Created: Wednesday, 09 Jan 2008".

    "Published"/"Posted"/"Created" outrank "Updated": the first is the article's own date.
    A line that holds little else is consumed as metadata. `dated`: the lines that hold a
    digit (`_digit_lines`), computed here if not given.
    """
    dated = _digit_lines(lines, words) if dated is None else dated
    for index in sorted(dated):
        line = lines[index]
        if index in meta.consumed:
            continue
        for label, mention in labelled_dates(line, order.of):
            name = label.group("label").lower()
            rank = RANK_MODIFIED if is_modified_label(name) else RANK_LABELLED
            meta.dates.append((rank, index, mention, f"dump:label {name}", line.strip()))
            rest = line[: label.start()] + line[label.end() + mention.end :]
            segments = [segment.strip() for segment in re.split(r"\s[|\u2022\u00b7]\s|\s[|\u2022\u00b7]$", rest) if segment.strip()]
            by_lines = [match for segment in segments if (match := _BY_LINE.match(segment))]
            if by_lines and meta.author is None:
                _assign_byline(meta, by_lines[0].group("value"), media)
            if len(_DATE_LINE_REST.sub(" ", " ".join(segment for segment in segments if not _BY_LINE.match(segment))).split()) <= 4:
                meta.consumed[index] = "metadata:published"


def _read_date_lines(lines: list[str], meta: Metadata, order: _PageOrder, words: list[int], site_markers: re.Pattern[str] | None = None,
                    media: frozenset[str] = frozenset(), dated: frozenset[int] | None = None) -> None:
    """Lines that are nothing but a date ("2025-07-02 19:41", "09:31 August 20, 2019"), or a
    by-line and a date ("By Jana Novak, Reuters | October 9, 2019": the author is read too).

    Every such line is metadata. Of those before the body (before the first line of
    running text) the one nearest to it is the candidate: a site's "today" header sits at
    the top of the page, the article's own date next to its headline. After the body a
    lone date line counts only if it is the page's only one, since lists of other
    stories carry their own dates. A date line marked as the site's "today" (on it or on
    the line above: "TODAY'S PAPER") is consumed but never a candidate. Only lines with a digit (`dated`) can hold a date.
    """
    first_prose = next((index for index, count in enumerate(words) if count >= _PROSE_WORDS), len(lines))
    found: list[tuple[int, DateMention, str]] = []
    dated = _digit_lines(lines, words) if dated is None else dated
    for index in sorted(dated):
        line = lines[index]
        if index in meta.consumed or words[index] > 10:
            continue
        mentions = [mention for mention in find_dates(line, order.of(line)) if mention.year is not None and mention.day is not None]
        if len(mentions) != 1:
            continue
        rest = line[: mentions[0].start] + line[mentions[0].end :]
        author = None if not _DATE_LINE_REST.sub("", rest) else _byline_of(rest, media)
        if not _DATE_LINE_REST.sub("", rest) or author:
            meta.consumed[index] = "metadata:published"
            if author and meta.author is None:
                _assign_byline(meta, author, media)
            if not _site_date(lines, index, site_markers):
                found.append((index, mentions[0], line.strip()))
    before_body = [item for item in found if item[0] < first_prose]
    chosen = before_body[-1] if before_body else (found[0] if len(found) == 1 else None)
    if chosen:
        meta.dates.append((RANK_DATE_LINE, chosen[0], chosen[1], "dump:date line", chosen[2]))


def _assign_byline(meta: Metadata, name: str, media: frozenset[str]) -> None:
    """A by-line's name is the author, unless it names a news agency ("By The Associated Press"):
    then the agency is credited and the author left empty."""
    agency = next((candidate for candidate in (name, name.removeprefix("The ")) if candidate in media), None)
    if agency is None:
        meta.author = meta.author or name
    elif agency not in meta.credited:
        meta.credited.append(agency)


_SEGMENT_SPLIT = re.compile(r"\s*[|\u2022\u00b7]\s*|,\s*|\s+[-\u2013\u2014]\s+")
_TRAILING_DATE_WORDS = re.compile(r"(?i)(?:\s+(?:on|at|published|updated|posted))+\s*$")


def _byline_of(rest: str, media: frozenset[str]) -> str | None:
    """The author when what stands beside a date is a by-line ("By Jana Novak", "By Jana Novak,
    Reuters |"), and nothing else but date words and known outlet names; else None."""
    segments = [segment for part in _SEGMENT_SPLIT.split(rest)
                if (segment := _TRAILING_DATE_WORDS.sub("", part).strip()) and _DATE_LINE_REST.sub("", segment)]
    if not segments or any(segment not in media for segment in segments[1:]):
        return None
    by_line = _BY_LINE.match(segments[0])
    return by_line.group("value") if by_line else None


def _site_date(lines: list[str], index: int, markers: re.Pattern[str] | None) -> bool:
    """Whether the date line at `index` is the site's "today" date (a marker on it or just above)."""
    if markers is None:
        return False
    above = next((lines[before] for before in range(index - 1, max(-1, index - 3), -1) if lines[before].strip()), "")
    return bool(markers.search(lines[index]) or markers.search(above))


def _without_conflicts(dates: list[tuple[int, int, DateMention | YearMention, str, str]]) -> list[tuple[int, int, DateMention | YearMention, str, str]]:
    """Drop a kind of statement (same rank and label) that gives different days on different
    lines: "Posted: Jan 5, 2008" / "Posted: Feb 9, 2008" is a list of other stories, not this one."""
    days: dict[tuple[int, str], set[str]] = {}
    for rank, _, mention, source, _ in dates:
        days.setdefault((rank, source), set()).add((mention.iso() or "")[:10])
    conflicting = {kind for kind, values in days.items()
                   if any(not (one.startswith(other) or other.startswith(one)) for one in values for other in values)}
    return [item for item in dates if (item[0], item[3]) not in conflicting]


def _choose_published(meta: Metadata) -> None:
    """The best-ranked stated date (then the earliest line) becomes `published`."""
    meta.dates = _without_conflicts(meta.dates)
    if not meta.dates:
        return
    _, _, mention, source, evidence = min(meta.dates, key=lambda item: (item[0], item[1]))
    meta.published = mention.iso()
    meta.published_precision = _precision(meta.published)
    meta.published_source, meta.published_evidence = source, evidence


def _read_outlet_lines(lines: list[str], patterns: MetadataPatterns, meta: Metadata, words: list[int]) -> None:
    """Short lines such as "Axar.az reports citing TASS." name the outlet and its source."""
    openers = patterns.outlet_openers
    for index, line in enumerate(lines):
        if index in meta.consumed or not line or words[index] > 8 or (openers is not None and line[0] not in openers):
            continue
        for regex in patterns.outlets:
            match = regex.match(line)
            if match:
                meta.outlet = meta.outlet or match.group("name")
                meta.consumed[index] = "metadata:outlet"
                break


DATELINE_WINDOW = 200  # characters read for an opening dateline: place, date and agency fit well inside


def opening_datelines(text: str, patterns: Iterable[re.Pattern[str]]) -> Iterator[re.Match[str]]:
    """The matches of dateline `patterns`, in pattern order, on the first line of a story's
    clean text (its first `DATELINE_WINDOW` characters): where the parser ends the dateline's
    sentence and where event dating finds the day the story was filed."""
    first_line = text[:DATELINE_WINDOW].split("\n", 1)[0]
    return (match for pattern in patterns if (match := pattern.match(first_line)))


def _read_dateline(lines: list[str], patterns: MetadataPatterns, meta: Metadata) -> None:
    """The first line that opens with "PLACE - Agency:" or "PLACE, Oct 6 (AFP) -"."""
    openers = patterns.dateline_openers
    for index, line in enumerate(lines):
        if index in meta.consumed or not line or (openers is not None and line[0] not in openers):
            continue
        for regex in patterns.datelines:
            match = regex.match(line)
            if not match or not _plausible_dateline(match, patterns):
                continue
            meta.dateline = match.group("place").strip().title()
            _read_dateline_date(match, meta, index, line)
            agency = (match.groupdict().get("agency") or "").strip()
            rest = (match.groupdict().get("rest") or "").strip()
            if not rest:
                meta.consumed[index] = "metadata:dateline"
                meta.outlet = meta.outlet or agency or None
            elif agency and agency not in meta.credited:
                meta.credited.append(agency)
            return


def _read_dateline_date(match: re.Match[str], meta: Metadata, index: int, line: str) -> None:
    """"ISLAMABAD, Nov. 13, 2006 (Xinhua) -" dates the story; "MOSCOW, Oct 18 (Reuters) -"
    names only the day, kept in `dateline_date` for the caller to place in a year from
    other evidence (or leave undated)."""
    stated = (match.groupdict().get("date") or "").strip()
    if not stated:
        return
    meta.dateline_date = stated
    mentions = find_dates(stated)
    if mentions and mentions[0].year is not None and mentions[0].day is not None:
        evidence = line[: match.start("rest")].strip() if match.groupdict().get("rest") is not None else line.strip()
        meta.dates.append((RANK_DATELINE, index, mentions[0], "dateline", evidence))


def _plausible_dateline(match: re.Match[str], patterns: MetadataPatterns) -> bool:
    """A menu line like "News - World:" must not pass for a dateline."""
    agency = (match.groupdict().get("agency") or "").strip()
    place = match.group("place").strip()
    return agency in patterns.media or (place.isupper() and len(place) > 2)


def find_credits(text: str, patterns: MetadataPatterns) -> list[str]:
    """Outlets and agencies the text credits, in order of first mention."""
    found: list[tuple[int, str]] = []
    screen = _Screen(text)
    for credit in patterns.credits:
        if credit.required and not screen.holds_any(credit.required):
            continue  # no match can lie in a text without one of its literals
        for match in _credit_matches(credit, text):
            name = _known_prefix(match.group("name"), patterns.media) if credit.known_only else match.group("name")
            if name:
                found.append((match.start(), name))
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names


# Characters that IGNORECASE matches to an ASCII letter whose lowercase is not that letter
# (dotted and dotless I, long s, Kelvin sign): a text holding one is not screened.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


class _Screen:
    """Whether a text holds a literal, the lowercased text made once, on first need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowered: str | None = None
        # then no literal rules a pattern out; an ASCII text (known to the string, no search) holds none
        self.exact = not text.isascii() and _FOLDS_TO_ASCII.search(text) is not None

    def holds_any(self, literals: tuple[tuple[str, bool], ...]) -> bool:
        if self.exact:
            return True
        for literal, lowered in literals:
            if lowered:
                if self._lowered is None:
                    self._lowered = self.text.lower()
                if literal in self._lowered:
                    return True
            elif literal in self.text:
                return True
        return False


def _credit_matches(credit: CreditPattern, text: str) -> Iterator[re.Match[str]]:
    """What `credit.regex.finditer(text)` yields, found faster: the pattern less its leading
    `\\b` is searched (a word is found by prefix search) and a hit not at a word boundary is
    passed over by searching again one character on, as the full pattern would have been."""
    if credit.after_boundary is None:
        yield from credit.regex.finditer(text)
        return
    position = 0
    while (match := credit.after_boundary.search(text, position)) is not None:
        if _BOUNDARY.match(text, match.start()) is None:
            position = match.start() + 1
            continue
        yield match
        position = match.end()  # never empty: see `resources._after_boundary`


_BOUNDARY = re.compile(r"\b")


def _known_prefix(name: str, media: frozenset[str]) -> str | None:
    """The longest leading run of words of `name` that is a known outlet."""
    words = name.split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".")
        if candidate in media:
            return candidate
    return None
