"""The publication date an HTML page states about itself, with the markup that states it.

Only structured statements of the page's own date count: JSON-LD `datePublished`, the
meta tags listed in `data/metadata.yaml` (`html_date_meta`), `<time>` or `<abbr>` marked
as the publication time, a short labelled date line of the article's visible text ("Posted: Jan 5,
2008"). Other text, scripts other than JSON-LD, copyright lines and URLs (of
the page or of the other stories it links to) are never read: on old pages without a
date those are exactly where invented dates came from (htmldate's extensive search, as
trafilatura runs it, turns "Copyright © 2008" into 2008-01-01 at day precision).

A numeric value that reads both ways ("04/10/2016") is resolved with the order of the
page's unambiguous numeric dates (`dates.numeric_order`), or dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.clean.dates import find_dates, numeric_order
from detente.clean.htmlmeta import parse_html

_YEAR_ONLY = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d\d)-(0[1-9]|1[0-2])\s*$")
_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(0[1-9]|1[0-2])([0-3]\d)(?:T?\d{4,6})?\s*$")
_JSON_LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
_JSON_LD_MODIFIED = ("dateModified",)


@dataclass(frozen=True)
class StatedDate:
    """A date read from the page, at the precision its value holds.

    `rank` orders the kinds of statement: 0 a statement of publication (JSON-LD, meta,
    marked <time>), 1 weaker ones used only when the text states nothing better: a
    modification date, an unmarked <time> of the article.
    """

    iso: str
    precision: str  # "year", "month" or "day"
    source: str  # e.g. "html:meta[property=article:published_time]"
    evidence: str  # the raw value as the page wrote it
    rank: int


def parse_stated(value: str, day_first: bool | None = None) -> tuple[str, str] | None:
    """ISO date and precision of one stated value; None when it holds no date or is ambiguous."""
    value = value.strip()
    if match := _YEAR_ONLY.match(value):
        return match.group(1), "year"
    if match := _YEAR_MONTH.match(value):
        return f"{match.group(1)}-{match.group(2)}", "month"
    if match := _COMPACT.match(value):
        candidates = find_dates(f"{match.group(1)}-{match.group(2)}-{match.group(3)}")
        return (candidates[0].iso() or "", "day") if candidates else None
    mentions = [mention for mention in find_dates(value, day_first) if mention.year is not None]
    if not mentions:
        return None
    iso = mentions[0].iso()
    assert iso is not None
    return iso, "day" if mentions[0].day is not None else "month"


def html_dates(html: str | Any, meta_names: dict[str, int]) -> list[StatedDate]:
    """Every publication or modification date the page states, best first.

    `html` is the page or its tree (`htmlmeta.parse_html`). `meta_names` maps a lowercased
    meta `name`/`property`/`itemprop` to its rank (0 for published, 1 for modified). Ties
    keep document order, so the result is deterministic.
    """
    tree = parse_html(html) if isinstance(html, str) else html
    if tree is None:
        return []
    raw = list(_json_ld_values(tree)) + list(_meta_values(tree, meta_names)) + list(_marked_time_values(tree)) + list(_visible_label_values(tree))
    if not raw:
        return []
    order = numeric_order(" ".join(tree.xpath("//body//text()"))[:200_000] + " " + " ".join(value for value, _, _ in raw))
    stated = []
    for value, source, rank in raw:
        parsed = parse_stated(value, order)
        if parsed:
            stated.append(StatedDate(parsed[0], parsed[1], source, value.strip()[:120], rank))
    stated = _without_conflicts(stated)
    precision_order = {"day": 0, "month": 1, "year": 2}
    return sorted(stated, key=lambda found: (found.rank, precision_order[found.precision]))


def _without_conflicts(stated: list[StatedDate]) -> list[StatedDate]:
    """Drop a kind of statement that gives several different days: a JSON-LD list of
    stories or a column of `<time pubdate>` teasers dates other articles, not this one."""
    days: dict[tuple[str, int], set[str]] = {}
    for item in stated:
        days.setdefault((item.source, item.rank), set()).add(item.iso[:10])
    return [item for item in stated if len(days[(item.source, item.rank)]) == 1]


def _json_ld_values(tree) -> Iterator[tuple[str, str, int]]:  # noqa: ANN001 - an lxml element
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        for item in _json_objects(data):
            for keys, rank in ((_JSON_LD_PUBLISHED, 0), (_JSON_LD_MODIFIED, 1)):
                for key in keys:
                    value = item.get(key)
                    if isinstance(value, str) and value.strip():
                        yield value, f"html:json-ld {key}", rank


def _json_objects(data: object, depth: int = 0) -> Iterator[dict]:
    """Objects of a JSON-LD document that describe the page (top level, @graph, mainEntity)."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _json_objects(data[key], depth + 1)


def _meta_values(tree, meta_names: dict[str, int]) -> Iterator[tuple[str, str, int]]:  # noqa: ANN001
    for meta in tree.xpath("//meta[@content]"):
        # not http-equiv: "date"/"last-modified" there is the server's time of sending or saving
        for attribute in ("property", "name", "itemprop"):
            name = (meta.get(attribute) or "").strip().lower()
            if name in meta_names:
                yield meta.get("content") or "", f"html:meta[{attribute}={name}]", meta_names[name]
                break


# The article and the blocks just below its headline: where a page prints its own date.
_NOT_ASIDE = "[not(self::aside or self::nav or self::footer or self::ul or self::ol)]"
_ARTICLE_TEXT = ("//article//text() | //*[@itemprop='articleBody']//text()"
                 f" | //h1/following-sibling::*[position()<=4]{_NOT_ASIDE}//text()"
                 f" | //h1[not(parent::article)]/parent::*/following-sibling::*[position()<=2]{_NOT_ASIDE}//text()")
_LABEL_HINT = re.compile(r"(?i)published|posted|created|updated|modified|date")
_MAX_LABEL_BLOCK_WORDS = 16


def _visible_label_values(tree) -> Iterator[tuple[str, str, int]]:  # noqa: ANN001
    """Short visible blocks of the article stating its date after a label ("Posted: Jan 5, 2008",
    "Updated: Oct 9, 2019, 11:05 IST"), which trafilatura often leaves out of the text it
    extracts. Only the article and the blocks under its headline are read (not sidebars), and
    several different days from this source date nothing (`_without_conflicts`)."""
    from detente.clean.metadata import is_modified_label, labelled_dates

    seen: set[int] = set()
    for node in tree.xpath(_ARTICLE_TEXT):
        parent = node.getparent() if hasattr(node, "getparent") else None
        if parent is None or id(parent) in seen or not _LABEL_HINT.search(node):
            continue
        seen.add(id(parent))
        block = " ".join(parent.text_content().split())
        if len(block.split()) > _MAX_LABEL_BLOCK_WORDS:
            continue
        for label, mention in labelled_dates(block):
            name = label.group("label").lower()
            yield block[label.start() : label.end() + mention.end], f"html:text label {name}", 1 if is_modified_label(name) else 0


def _marked_time_values(tree) -> Iterator[tuple[str, str, int]]:  # noqa: ANN001
    """`<time>` with `pubdate`, `itemprop=datePublished` or a class naming the publication
    time; the `<time>` elements of the `<article>`; `<abbr class=published>`."""
    for element in tree.xpath('//time[@pubdate or @itemprop="datePublished"]'):
        value = element.get("datetime") or element.text_content()
        if value and value.strip():
            yield value, "html:time[pubdate]", 0
    for element in tree.xpath(
        '//time[@datetime][not(@pubdate) and not(@itemprop="datePublished")]'
        '[contains(@class, "publish") or contains(@class, "entry-date") or contains(@class, "posted")]'
    ):
        yield element.get("datetime"), "html:time.published", 0
    # The article's own <time> elements: a single day among them dates the article (a
    # byline's time); several different days (a timeline, comments) date nothing.
    for element in tree.xpath("//article//time[@datetime] | //*[@itemprop='articleBody']//time[@datetime]")[:5]:
        yield element.get("datetime"), "html:article time", 1
    for element in tree.xpath('//abbr[contains(concat(" ", normalize-space(@class), " "), " published ")]'):
        value = element.get("title") or element.text_content()
        if value and value.strip():
            yield value, "html:abbr.published", 0
