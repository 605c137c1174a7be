"""Convert PETRARCH2's CAMEO verb dictionary (and its discards) into detente's trigger format.

Why: the Open Event Data Alliance's `CAMEO.2.0.txt` holds two decades of wire-news verb
patterns over every CAMEO code; our own lexicon was written against a small dev set. The
converter keeps what maps cleanly onto our head + dependent entries (triggers.yaml syntax)
and counts what it skips, so the coverage it brings is measurable and its losses are known.

The verb dictionary, as read here:

    &CLASS                    synonym set: the `+WORD` lines that follow (until a blank line)
    ---  BLOCK   [190]  ---   a block of synonymous verbs and its default code ([---]: none)
    FIGHT {FIGHTS FOUGHT}     a verb of the block, with its irregular forms in braces
    ARREST [173]              a verb with its own default code
    +CALL_OFF [160]           a phrasal verb (verb + particle, joined by _)
    - * (WITH CORRUPTION) [---]   a pattern for every verb of the block: `*` is the verb,
                              a bare word after it its object (or a particle), `(PREP NOUN)` a
                              prepositional phrase, `{A B}` a noun phrase whose last word is the
                              head, `&CLASS` any member, `$`/`+`/`^`/`%` actor markers
                              (dropped); one word before `*` is the subject's head noun

A pattern becomes one entry per verb of its block: the particle or preposition a plain word,
the first noun the `+` object, further nouns `~` context words, a subject `^`. Codes `[a:b]`
keep `a` (or `b` when `a` is empty); `[---]` is "no event" (code `---` in the output: the
pattern blocks a less specific entry of the same verb, e.g. "fight +corruption"). Skipped, with
a count per reason: patterns with several words before the verb, with auxiliaries, negations or
conjunctions, with multi-word class members only, and verbs made of more than verb + particle.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CODE = re.compile(r"\[([0-9]*)(?::([0-9]*))?\]|\[(---)\]")
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s(){}]+")
NO_EVENT = "---"
MARKERS = frozenset({"$", "+", "^", "%", "_"})
UNSAFE_WORDS = frozenset({"not", "no", "never", "will", "would", "and", "or", "is", "was", "were", "are", "be", "been", "to_be"})
ARTICLES = frozenset({"the", "a", "an"})
VERBS_FORMAT = """\
# Format: `dictionary_triggers` has the shape of `event_triggers` in triggers.yaml (CAMEO code
# -> `verbs` entries in the same entry syntax); code "---" means "no event" (the entry blocks less
# specific entries of the same verb: "fight +corruption"). `verb_forms` lists irregular forms of
# the dictionary's verbs for the parse prefilter. detente.events.lexicon loads these entries as a
# second tier: on an equally specific match our own triggers.yaml entry wins."""
DISCARDS_FORMAT = """\
# Format: `discard_phrases` and `discard_story_phrases`, lowercase words and phrases for which
# PETRARCH discards a sentence or a whole story (sports, entertainment, years of past wars).
# Not read by the pipeline yet."""
NOTICE = """\
# Converted from a PETRARCH2 dictionary by `detente dict import --kind {kind}`
# (detente.events.petrarch); do not edit by hand: change the converter or the source and run
# `make dicts`.
#
# Source: {source} (Open Event Data Alliance, petrarch2, github.com/openeventdata/petrarch2),
# {stats}.
#
{format}
#
# The MIT License (MIT)
#
# Copyright (c) 2015 Open Event Data Alliance
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software
# and associated documentation files (the "Software"), to deal in the Software without
# restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
# Software is furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
# BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
# DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


@dataclass
class _Block:
    code: str | None
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (entry head "call off", own code)
    patterns: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)  # (pattern, code, verbs its comment names)


@dataclass
class Imported:
    """A converted dictionary: entries by code, irregular forms, and what was skipped."""

    triggers: dict[str, list[str]]
    forms: dict[str, list[str]]
    skipped: Counter[str]
    counts: Counter[str]

    def data(self) -> dict[str, Any]:
        return {"dictionary_triggers": {code: {"verbs": entries} for code, entries in sorted(self.triggers.items())},
                "verb_forms": dict(sorted(self.forms.items()))}


def load_particles(extra: Iterable[Path] = ()) -> frozenset[str]:
    """The English particle list (data/lang/en/particles.yaml)."""
    from detente.resources import load_data

    return frozenset(str(word).lower() for word in load_data("lang/en/particles.yaml", tuple(extra)).get("particles") or [])


def import_verbs(path: str | Path, particles: frozenset[str] | None = None, whole_blocks: bool = False) -> Imported:
    """Read a PETRARCH verb dictionary and convert its blocks (see the module docstring).

    A pattern's comment names the verb it was written for ("# RUSH"); by default the pattern is
    given to that verb only, because applying it to every synonym of the block ("abide by +arrest")
    multiplies the entries tenfold with combinations nobody checked. `whole_blocks` applies every
    pattern to every verb of its block, as PETRARCH does."""
    particles = load_particles() if particles is None else particles
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    classes = _synonym_sets(lines)
    blocks = _blocks(lines)
    triggers: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, set[str]] = defaultdict(set)
    skipped: Counter[str] = Counter()
    counts: Counter[str] = Counter(blocks=len(blocks))
    for block in blocks:
        for head, own in block.verbs:
            counts["verbs"] += 1
            code = own or block.code
            if code:
                triggers[code].add(head)
        for pattern, code, origin in block.patterns:
            counts["patterns"] += 1
            converted, reason = convert_pattern(pattern, classes, particles)
            if converted is None:
                skipped[reason or "unreadable"] += 1
                continue
            counts["patterns converted"] += 1
            named = [(head, own) for head, own in block.verbs if head.replace(" ", "_") in origin]
            for head, _ in (block.verbs if whole_blocks or not named else named):
                verb, *particle = head.split()
                if particle:  # "call off" + a pattern: the pattern's words come after the particle
                    converted_entry = f"{verb} {' '.join(particle)} {converted}"
                else:
                    converted_entry = f"{verb} {converted}"
                triggers[code].add(converted_entry)
    for verb, irregular in _irregular_forms(lines):
        forms[verb].update(irregular)
    counts["entries"] = sum(len(entries) for entries in triggers.values())
    return Imported({code: sorted(entries) for code, entries in triggers.items()},
                    {verb: sorted(found) for verb, found in forms.items() if found}, skipped, counts)


def convert_pattern(pattern: str, classes: Mapping[str, list[str]], particles: frozenset[str]) -> tuple[str | None, str | None]:
    """One pattern ("* (WITH CORRUPTION)") as the parts of a trigger entry after the verb
    ("with +corruption"), or (None, the reason it was skipped)."""
    tokens = TOKEN.findall(pattern)
    if "*" not in tokens:
        if any(token.startswith("*") for token in tokens):  # "*W": a typo for "* W"
            tokens = [part for token in tokens for part in (("*", token[1:]) if token.startswith("*") else (token,))]
        else:
            return None, "no verb position"
    star = tokens.index("*")
    before = [token for token in tokens[:star] if token not in MARKERS]
    after = [part for token in tokens[star + 1 :] if token not in MARKERS for part in _connected(token, particles, classes)]
    parts: list[str] = []
    if len(before) > 1:
        return None, "several words before the verb"
    if before and before[0].lower().strip("_") in UNSAFE_WORDS:  # "NOT * RELATIONS", "WAS_ *": no subject noun
        return None, "auxiliary, negation or conjunction"
    if before:
        subject = _noun(before[0], classes)
        if subject is None:
            return None, "unusable subject word"
        parts.append("^" + "|".join(subject))
    plain: list[str] = []
    obj: list[str] | None = None
    context: list[list[str]] = []
    for token in after:
        if token.startswith("("):
            inner = TOKEN.findall(token[1:-1])
            inner = [word for word in inner if word not in MARKERS]
            if not inner:
                continue
            preposition = inner[0].lower()
            if "/" in preposition or preposition not in particles:
                return None, "unreadable prepositional phrase"
            plain.append(preposition)
            for word in inner[1:]:
                nouns = _noun_phrase(word, classes)
                if nouns is None:
                    return None, "unusable word in a phrase"
                obj = _place_noun(nouns, obj, context)
            continue
        if token.lower() in UNSAFE_WORDS:
            return None, "auxiliary, negation or conjunction"
        if not token.startswith(("{", "&")) and token.lower() in particles:
            plain.append(token.lower())
            continue
        if token.isalpha() and token.lower().endswith("ly"):
            return None, "adverb"
        nouns = _noun_phrase(token, classes)
        if nouns is None:
            return None, "unusable word"
        obj = _place_noun(nouns, obj, context)
    if obj is None and not plain and not parts:
        return None, "no word after the verb"
    parts = plain + parts
    if obj is not None:
        parts.append("+" + "|".join(obj))
    parts.extend("~" + "|".join(group) for group in context)
    return " ".join(parts), None


def _connected(token: str, particles: frozenset[str], classes: Mapping[str, list[str]]) -> list[str]:
    """A connected token after the verb ("NEW_&TIETYPES_RELATIONS", "FOR_CEASEFIRE", "_UP") as
    the tokens we read: its leading particles on their own, the rest one noun phrase ("{NEW
    &TIETYPES RELATIONS}": the last word the head). PETRARCH's underscore asks for adjacent
    words; our entries keep the words, not their adjacency. Left as it is (and skipped as an
    unusable word) when an infinitive or a particle is inside it ("TO_LEAVE", "MEMOS_ON_&TIETYPES")."""
    if token.startswith(("{", "(")) or "_" not in token.strip("_"):
        return [token[1:]] if token.startswith("_") and token[1:].isalpha() else [token]
    words = _class_names([word for word in token.strip("_").split("_") if word], classes)
    if token.endswith("_"):
        words[-1] += "_"
    lead: list[str] = []
    while words and words[0].lower() in particles:
        lead.append(words.pop(0).lower())
    if "to" in lead and words:
        return [token]
    words = [word for word in words if word.lower().rstrip("_") not in ARTICLES]
    if any(word.lower().rstrip("_") in particles or word.lower().rstrip("_") in UNSAFE_WORDS for word in words):
        return [token]
    return lead + (["{" + " ".join(words) + "}"] if len(words) > 1 else words)


def _class_names(parts: list[str], classes: Mapping[str, list[str]]) -> list[str]:
    """Split words joined again where they name a synonym set with an underscore in its name
    ("&FIGHT", "CRIM" -> "&FIGHT_CRIM"), longest name first."""
    joined: list[str] = []
    index = 0
    while index < len(parts):
        end = index + 1
        if parts[index].startswith("&"):
            end = max((stop for stop in range(index + 1, len(parts) + 1) if "_".join(parts[index:stop]).upper() in classes),
                      default=index + 1)
        joined.append("_".join(parts[index:end]))
        index = end
    return joined


def _place_noun(nouns: tuple[list[str], list[list[str]]], obj: list[str] | None, context: list[list[str]]) -> list[str] | None:
    """The first noun after the verb becomes its object, later ones context; modifiers are always context."""
    head, modifiers = nouns
    if obj is None:
        obj = head
    else:
        context.append(head)
    context.extend(modifiers)
    return obj


def _noun_phrase(token: str, classes: Mapping[str, list[str]]) -> tuple[list[str], list[list[str]]] | None:
    """A noun ("SANCTIONS", "&WEAPON") or a noun phrase ("{ARMS SHIPMENT}"): its head's forms and
    the forms of its other words."""
    if token.startswith("{"):
        words = [word for word in TOKEN.findall(token[1:-1]) if word not in MARKERS]
        if not words:
            return None
        found = [_noun(word, classes) for word in words]
        if any(item is None for item in found):
            return None
        return found[-1], [item for item in found[:-1] if item]  # type: ignore[misc]
    head = _noun(token, classes)
    return (head, []) if head is not None else None


def _noun(word: str, classes: Mapping[str, list[str]]) -> list[str] | None:
    """The lowercase forms a noun (or a synonym class) matches: the word and its singular."""
    if word.startswith("&"):
        members = classes.get(word.upper().rstrip("_"))
        if not members:
            return None
        found = sorted({form for member in members for form in _forms(member)})
        return found or None
    if not re.fullmatch(r"[A-Za-z'-]+_?", word):
        return None
    return sorted(_forms(word))


def _forms(word: str) -> set[str]:
    """A one-word noun in its written form and its singular guess ("SANCTIONS" -> sanctions,
    sanction); a multi-word member ("SECURITY_FORCES") has no single head we can match: none."""
    exact = word.endswith("_")
    word = word.strip("_").lower()
    if "_" in word or not word or not re.fullmatch(r"[a-z'-]+", word):
        return set()
    forms = {word}
    if exact:
        return forms
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith(("sses", "shes", "ches", "xes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    return forms


def _synonym_sets(lines: list[str]) -> dict[str, list[str]]:
    """&CLASS -> its member words (as written, e.g. "CASH_", "SECURITY_FORCES")."""
    classes: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if raw.startswith("####### VERB PATTERNS") or BLOCK.match(raw):
            break
        if not line and raw.strip():  # a comment line inside a set ("# some of these are plural") does not end it
            continue
        if line.startswith("&"):
            current = line.split()[0].rstrip("_").upper()
            classes[current] = []
        elif line.startswith("+") and current is not None:  # "+AUSTRIAN FLORIN": one member, like AUSTRIAN_FLORIN
            classes[current].append("_".join(line[1:].split()))
        elif not line:
            current = None
    return classes


def _blocks(lines: list[str]) -> list[_Block]:
    """The verb blocks: their verbs (with own codes) and patterns (with codes)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    started = False
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        started = started or BLOCK.match(raw) is not None  # older files have no section marker
        if not started or raw.lstrip().startswith("<"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        header = BLOCK.match(line)
        if header:
            current = _Block(_code(f"[{header.group(2)}]"))
            blocks.append(current)
            continue
        if current is None:
            continue
        if line.startswith("-"):
            code = _code(line)
            pattern = CODE.sub("", line[1:]).strip()
            comment = raw.split("#", 1)[1] if "#" in raw else ""
            origin = frozenset(word.lower() for word in re.findall(r"[A-Z][A-Z_'-]+", comment))
            current.patterns.append((pattern, code or NO_EVENT, origin))
            continue
        head = _verb_head(line)
        if head is not None:
            own = _code(line) if CODE.search(line) else None
            current.verbs.append((head, own))
    return blocks


def _verb_head(line: str) -> str | None:
    """A verb line's entry head: "FIGHT {...}" -> "fight"; "+CALL_OFF" -> "call off"; None when
    the verb is more than a verb and particles ("+ATTACKED_AND_STABBED")."""
    word = re.sub(r"\{[^}]*\}", "", line).split()
    if not word:
        return None
    text = word[0].lstrip("+").rstrip("_").lower()
    parts = [part for part in text.split("_") if part]
    if not parts or any(not re.fullmatch(r"[a-z'-]+", part) for part in parts) or "and" in parts or len(parts) > 3:
        return None
    return " ".join(parts)


def _code(text: str) -> str | None:
    """The code in a line's brackets: [190] -> 190, [175:140] -> 175, [:190] -> 190, [---] -> None."""
    found = CODE.search(text)
    if found is None or found.group(3):
        return None
    return found.group(1) or found.group(2) or None


def _irregular_forms(lines: list[str]) -> Iterable[tuple[str, list[str]]]:
    """(verb, its forms in braces) for one-word verbs: "FIGHT {FIGHTS FOUGHT FIGHTING}"."""
    started = False
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            started = True
            continue
        started = started or BLOCK.match(raw) is not None
        if not started or raw.startswith(("-", "#", "+", "<")):
            continue
        found = re.match(r"^([A-Z][A-Z'-]*)_?\s*\{([^}]*)\}", raw)
        if found:
            yield found.group(1).lower(), [form.lower().strip("_") for form in found.group(2).split() if form.isalpha()]


def import_discards(path: str | Path) -> dict[str, list[str]]:
    """PETRARCH's discards (Phoenix.discards.txt): phrases whose sentence ("AFRICAN NATIONS CUP",
    "1914") or whole story ("+CHAMPIONS LEAGUE") codes no event. Returned as detente's
    `discard_phrases` and `discard_story_phrases` (lowercase, words joined by spaces)."""
    sentence: set[str] = set()
    story: set[str] = set()
    for raw in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = re.split(r"[#;]", raw, maxsplit=1)[0].strip()
        if not line or line.startswith("<"):
            continue
        whole_story = line.startswith("+")
        phrase = " ".join(line.lstrip("+").replace("_", " ").lower().split())
        if phrase and re.fullmatch(r"[a-z0-9' .&-]+", phrase):
            (story if whole_story else sentence).add(phrase)
    return {"discard_phrases": sorted(sentence), "discard_story_phrases": sorted(story)}


def write_verbs(imported: Imported, out: str | Path, source: str, kind: str = "verbs") -> None:
    """Write a converted dictionary with its provenance, counts and the MIT notice."""
    skipped = ", ".join(f"{reason}: {count}" for reason, count in imported.skipped.most_common())
    stats = (f"{imported.counts['blocks']} verb blocks, {imported.counts['verbs']} verbs, {imported.counts['patterns']} patterns; "
             f"{imported.counts['patterns converted']} patterns converted into {imported.counts['entries']} entries;\n"
             f"# skipped patterns: {skipped or 'none'}")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(NOTICE.format(kind=kind, source=source, stats=stats, format=VERBS_FORMAT) + "\n")
        yaml.safe_dump(imported.data(), handle, allow_unicode=True, sort_keys=False, width=110)


def write_discards(data: Mapping[str, list[str]], out: str | Path, source: str) -> None:
    """Write converted discards with provenance and the MIT notice."""
    stats = f"{len(data.get('discard_phrases') or [])} sentence and {len(data.get('discard_story_phrases') or [])} story phrases"
    header = NOTICE.format(kind="discards", source=source, stats=stats, format=DISCARDS_FORMAT)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        yaml.safe_dump(dict(data), handle, allow_unicode=True, sort_keys=False, width=110)
