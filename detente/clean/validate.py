"""Is a title a title, an outlet a publisher, an author a person? Otherwise leave it empty.

Extractors (ours on dumps, trafilatura on HTML) pick the wrong line often enough on real
pages: "| Reprints | Single Page |" or "E-mail this to a friend" as the title, a headline
or a URL as the outlet, "Username" or "Link Copied" as the author. Every timeline and
report groups by these fields, so a wrong value does more harm than none. The word lists
are data (`validation` in `data/metadata.yaml`); the rules here are about shape.

Each `check_*` function returns the value, lightly tidied, or None when it fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SEPARATORS = re.compile(r"\s*[|\u2022\u00b7\u203a\u00bb]\s*|\s+[-\u2013\u2014:]\s+")
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_URL = re.compile(r"(?i)^(?:https?://|www\.)|/\S|@")
_TITLE_URL = re.compile(r"(?i)https?://|www\.\w")
_DOMAIN = re.compile(r"(?i)^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b)\s*")
_BY = re.compile(r"(?i)^(?:by|from|written by|posted by|author:?)\s+")
_PARTICLES = frozenset({"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos", "bin", "ibn", "al", "el", "y", "ter", "st."})
_BYLINE = re.compile(r"^(?:[Bb]y|BY)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*(?:$|[|,\u2022\u00b7]|\s[-\u2013\u2014]\s)")
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_MAX_TITLE_WORDS = 40
_MAX_OUTLET_WORDS = 6


@dataclass(frozen=True)
class MetadataChecks:
    """Compiled `validation` lists of `data/metadata.yaml`."""

    not_titles: re.Pattern[str]  # any of the lowercased phrases, as whole words, longest first
    not_names: frozenset[str]
    outlet_not_words: frozenset[str]


def compile_checks(data: dict[str, Any]) -> MetadataChecks:
    """Build the checks from the `validation` mapping (missing keys: empty lists)."""
    phrases = {str(phrase).lower().strip() for phrase in data.get("not_titles", []) if str(phrase).strip()}
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=lambda phrase: (-len(phrase), phrase)))
    return MetadataChecks(
        not_titles=re.compile(r"(?<!\w)(?:" + (alternatives or r"(?!x)x") + r")(?!\w)"),
        not_names=frozenset(str(word).lower() for word in data.get("not_names", [])),
        outlet_not_words=frozenset(str(word).lower() for word in data.get("outlet_not_words", [])),
    )


def check_title(value: str | None, checks: MetadataChecks, site_names: tuple[str, ...] = ()) -> str | None:
    """The title, or None when it is a menu, widget or site-name line.

    A trailing " | Site Name" or " - Site Name" naming one of `site_names` (the outlet,
    the page's domain) is cut off first, so "Talks resume - Daily Ledger" keeps its
    headline; a title that is nothing but the site name fails.
    """
    if not value:
        return None
    title = " ".join(value.split())
    title = _strip_site_suffix(title, site_names)
    words = _WORD.findall(title)
    if len(words) < 2 or len(words) > _MAX_TITLE_WORDS or _TITLE_URL.search(title):
        return None
    lowered = title.lower()
    if any(lowered == name.lower() for name in site_names if name) or _BYLINE.match(title):
        return None
    if _HANDLE.search(title) and len(words) <= 6:
        return None  # "Jana Novak @jnovak": an author's social line
    segments = [segment for segment in _SEPARATORS.split(title) if segment.strip()]
    if len(segments) >= 3 and all(len(segment.split()) <= 3 for segment in segments):
        return None  # "Home | World | Europe": a menu
    remaining, found = checks.not_titles.subn(" ", lowered)
    if found and len(_WORD.findall(remaining)) < 3:
        return None  # "| Reprints | Single Page |", "E-mail this to a friend"
    return title


def check_outlet(value: str | None, checks: MetadataChecks, media: frozenset[str] = frozenset()) -> str | None:
    """The outlet, or None when it is a URL, a headline or a sentence."""
    if not value:
        return None
    outlet = " ".join(value.split()).strip(" .,;:|-")
    if outlet in media:
        return outlet
    if not outlet or len(outlet) > 60 or _URL.search(outlet):
        return None
    words = outlet.split()
    if len(words) > _MAX_OUTLET_WORDS or outlet.endswith(("?", "!")):
        return None
    if _DOMAIN.match(outlet):
        return outlet
    if any(word.lower().strip(".,'\u2019") in checks.outlet_not_words for word in words):
        return None  # "Russia says talks over": a headline
    cased = [character for character in outlet if character.lower() != character.upper()]
    if cased and not any(character.isupper() for character in cased):
        return None  # publisher names are capitalised (where the script has capitals)
    return outlet


def check_author(value: str | None, checks: MetadataChecks) -> str | None:
    """The author's name(s), or None unless every part is shaped like a person's name."""
    if not value:
        return None
    author = _BY.sub("", " ".join(value.split())).strip(" .,;:|-")
    parts = [part for part in _NAME_SPLIT.split(author) if part]
    if not parts or len(parts) > 6:
        return None
    return author if all(_is_person(part, checks) for part in parts) else None


def _is_person(name: str, checks: MetadataChecks) -> bool:
    tokens = name.split()
    named = [token for token in tokens if token.lower() not in _PARTICLES]
    if not 2 <= len(named) <= 5 or len(tokens) > 6:
        return False
    for token in named:
        if any(character.isdigit() for character in token) or token.lower().strip(".") in checks.not_names:
            return False
        if not _name_token(token) or _DOMAIN.match(token):
            return False
    return True


def _name_token(token: str) -> bool:
    """A capitalised word of letters, apostrophes, dots and hyphens, in any script
    ("Novak", "O'Brien", "Jean-Claude", "J.", "Путин", "al-Assad")."""
    head = token.split("-", 1)[1] if "-" in token and token[:token.index("-")].islower() and len(token.split("-", 1)[0]) <= 3 else token
    return bool(head) and head[0].isupper() and all(character.isalpha() or character in "'’.-" for character in token)


def _strip_site_suffix(title: str, site_names: tuple[str, ...]) -> str:
    names = {name.lower() for name in site_names if name}
    while True:
        match = re.search(r"\s*(?:[|\u2013\u2014-]|::)\s*([^|\u2013\u2014-]{2,60})$", title)
        if not match or match.group(1).strip().lower() not in names or match.start() == 0:
            return title
        title = title[: match.start()].rstrip()
