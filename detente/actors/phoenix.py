"""Convert PETRARCH2's Phoenix actor dictionaries into detente's actor YAML files (`make dicts`).

Why: the Phoenix dictionaries (Open Event Data Alliance, MIT) list some 18,000 office holders of
every country with the dates of their offices, the officials of international organisations and
hundreds of armed and non-state groups: the knowledge that lets a person's code come from who they
are rather than from the countries named around them. They mix four kinds of entry under one
syntax, and only two are worth importing (`detente/data/actors/phoenix_import.yaml` holds the word
lists that tell them apart):

- people (a name of two or more words, with dated codes) -> `phoenix_people.tsv`, read like
  `officeholders.yaml` (as TSV: it loads fast). PETRARCH's date restrictions become offices: `[ISRGOV 030301-090331]`
  from-to, `[USAGOV >090120]` from, `[CODE <YYMMDD]` until; an undated code (`[ISRELI]`) is the
  person's code outside the dated offices (an office with no dates: the resolver prefers a dated
  office that covers the article's date). Synonyms that are a title plus a name ("KING_ABDULLAH")
  become `titled` aliases, matched only after that title.
- named groups and organisations (their names hold a group word) -> `phoenix_groups.tsv`, read like
   organisations.yaml's `groups`.
- not countries: countryinfo and places.yaml give the countries, and Phoenix's synonyms of a
  country include its cities and provinces ("KABUL_", "HELMAND"), which would make every place an
  actor; not role phrases ("AMERICAN_VICE_PRESIDENT"): roles.yaml reads titles.

The generated files start with the MIT notice and the provenance (source files and their SHA-256).
Run: `python -m detente.actors.phoenix --source ../shared/reference/petrarch2 --out detente/data/actors`.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.actors.dictimport import BRACKET, _office, _titlecase
from detente.actors.knowledge import SECTOR_CODES
from detente.resources import load_data

SOURCES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
GROUPS_ONLY = "MilNonState"  # a source file whose name holds this lists groups only
PEOPLE_FILE = "phoenix_people.tsv"
GROUPS_FILE = "phoenix_groups.tsv"
ROMAN = re.compile(r"^[IVX]{2,5}$")  # regnal numbers stay capitals ("Abdullah II", "Carl XVI Gustaf")
NAME_CHARS = re.compile(r"^[A-Za-z][A-Za-z.'\-]*$")
TRANSNATIONAL = ("IGO", "IMG", "NGO", "INT")  # CAMEO codes of actors above countries
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9.\-]*)\)")


@dataclass
class RawEntry:
    """One dictionary entry as read: its name, synonyms and code brackets, and where it starts."""

    line: int
    name: str
    synonyms: list[str] = field(default_factory=list)
    brackets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """The classification word lists (phoenix_import.yaml) plus every role word of roles.yaml."""

    group_words: frozenset[str]
    title_words: frozenset[str]
    person_titles: frozenset[str]  # first words of person titles: a group name never starts with one
    skip_names: frozenset[str]  # lowercased names never imported (the dictionaries' own errors)
    role_phrases: frozenset[tuple[str, ...]]  # roles.yaml's phrases but modifiers, as word tuples
    person_phrases: frozenset[tuple[str, ...]]  # roles.yaml's person phrases ("chancellor")
    longest_role: int
    skip_codes: tuple[str, ...]
    skip_words: frozenset[str]
    min_single_word_group: int
    one_word_group_sectors: frozenset[str]
    min_acronym: int
    never_first: frozenset[str] = frozenset()  # words no person's name starts with ("to" of "Ambassador To The Un")


def load_rules() -> Rules:
    """The word lists that classify entries: phoenix_import.yaml and the role words of roles.yaml."""
    data = load_data("actors/phoenix_import.yaml")
    roles = load_data("actors/roles.yaml").get("roles") or {}
    role_words = {word for lists in roles.values() for words in (lists or {}).values() for phrase in words or []
                  for word in str(phrase).lower().split(" ")}
    person_titles = {str(phrase).lower().split(" ")[0] for lists in roles.values()
                     for phrase in (lists or {}).get("person") or []}
    role_phrases = {tuple(str(phrase).lower().split(" ")) for lists in roles.values()
                    for kind, words in (lists or {}).items() if kind != "modifier" for phrase in words or []}
    return Rules(
        group_words=frozenset(str(w).lower() for w in data.get("group_words") or []),
        title_words=frozenset(str(w).lower() for w in data.get("title_words") or []) | role_words,
        person_titles=frozenset(person_titles | {str(w).lower() for w in data.get("person_titles") or []}),
        role_phrases=frozenset(role_phrases),
        skip_names=frozenset(str(name).lower() for name in data.get("skip_names") or []),
        person_phrases=frozenset(tuple(str(phrase).lower().split(" ")) for lists in roles.values()
                                 for phrase in (lists or {}).get("person") or []),
        longest_role=max((len(p) for p in role_phrases), default=1),
        skip_codes=tuple(str(c) for c in data.get("skip_codes") or []),
        skip_words=frozenset(str(w).lower() for w in data.get("skip_words") or []),
        min_single_word_group=int(data.get("min_single_word_group", 6)),
        one_word_group_sectors=frozenset(str(c) for c in data.get("one_word_group_sectors") or []),
        min_acronym=int(data.get("min_acronym", 3)),
        never_first=frozenset(str(w).lower() for w in data.get("never_first") or []),
    )


def read_entries(lines: list[str], problems: list[str]) -> Iterator[RawEntry]:
    """Entries of a PETRARCH actor file: `NAME_ [CODE ...]`, `+SYNONYM_` lines and indented
    `[CODE dates]` lines. Comments (`#`), XML lines (`<`) and text after `---STOP---` are ignored."""
    current: RawEntry | None = None
    for number, raw in enumerate(lines, 1):
        if "---STOP---" in raw:
            break
        if raw.lstrip().startswith("<"):
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        text = line.strip()
        if line[0] in " \t" and text.startswith("["):
            if current is None:
                problems.append(f"line {number}: date restriction before any actor")
            else:
                current.brackets.extend(BRACKET.findall(text))
        elif text.startswith("+"):
            if current is None:
                problems.append(f"line {number}: synonym before any actor")
            else:
                current.synonyms.append(BRACKET.sub("", text[1:]).strip())
                current.brackets.extend(BRACKET.findall(text))
        else:
            if current is not None:
                yield current
            current = RawEntry(number, BRACKET.sub("", text).strip(), [], BRACKET.findall(text))
    if current is not None:
        yield current


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", phrase.strip()) if w]


def _spelled(words: list[str]) -> str:
    """Dictionary words back to a name's usual case ("BAN", "KI-MOON" -> "Ban Ki-Moon"; "II" stays)."""
    return " ".join(w if any(c.islower() for c in w.replace("'s", "")) or ROMAN.match(w) else _titlecase(w)
                    for w in words)


def _offices(entry: RawEntry, problems: list[str]) -> list[dict[str, Any]]:
    """Dated and default codes of an entry; a bracket that is no code ("[---]", "[ELI]": a sector
    with no country) or has a broken date is dropped and reported."""
    offices = []
    for bracket in entry.brackets:
        bracket = bracket.strip()
        if not bracket or bracket.startswith(("-", "~")):
            continue
        try:
            office = _office(bracket)
        except ValueError as error:
            problems.append(f"line {entry.line}: {error}")
            continue
        if len(office["code"]) > 3 and office not in offices:
            offices.append(office)
    return offices


def _split_title(words: list[str], rules: Rules) -> tuple[list[str], list[str]]:
    """Leading title words and the name after them ("PRESIDENT", "BUSH")."""
    at = 0
    while at < len(words) and words[at].lower().strip("_") in rules.title_words:
        at += 1
    return words[:at], words[at:]


def _is_name(words: list[str]) -> bool:
    return bool(words) and all(NAME_CHARS.match(word) for word in words)


def classify(entry: RawEntry, rules: Rules, problems: list[str],
             groups_only: bool = False) -> tuple[str, dict[str, Any]] | None:
    """("person", officeholders entry) or ("group", (name, groups entry)) or None (not imported).
    `groups_only`: a file of groups (MilNonState), whose names rarely hold a group word
    ("Anarchist Street Patrol")."""
    offices = [office for office in _offices(entry, problems) if not office["code"].startswith(rules.skip_codes)]
    if not offices:
        return None  # a country, a sector-only or an uncoded entry, or one of the skipped classes
    offices = [office for office in offices if _actor_code(office["code"])]
    if not offices:
        return None  # a territory ("USAGUM", Guam): a place, not an actor
    names = [entry.name, *entry.synonyms]
    if groups_only or {w.lower() for w in _words(entry.name)} & rules.group_words or not _looks_personal(names, rules):
        return _group(entry, offices, rules)
    return _person(entry, offices, rules)


def _looks_personal(names: list[str], rules: Rules) -> bool:
    """Some spelling is a name of two or more words once titles are stripped."""
    for name in names:
        _, rest = _split_title(_words(name), rules)
        if len(rest) >= 2 and _is_name(rest) and not _has_title_word(rest, rules):
            return True
    return False


def _has_title_word(words: list[str], rules: Rules, persons_only: bool = False) -> bool:
    """Whether a name holds a role phrase of roles.yaml ("German Chancellor") or a skip word;
    `persons_only`: a person's title only ("Kosovar Prime Minister", not "Communist Party")."""
    lowered = [part for w in words for part in w.lower().split("-") if part]  # "Vice-President": vice president
    if not persons_only and any(w in rules.skip_words for w in lowered):
        return True
    phrases = rules.person_phrases if persons_only else rules.role_phrases
    return any(tuple(lowered[i:i + n]) in phrases
               for n in range(1, rules.longest_role + 1) for i in range(len(lowered) - n + 1))


def _person(entry: RawEntry, offices: list[dict[str, Any]], rules: Rules) -> tuple[str, dict[str, Any]] | None:
    plain: list[str] = []
    titled: list[str] = []
    for name in [entry.name, *entry.synonyms]:
        words = _words(name)
        if not _is_name(words) or any(w.lower() in rules.skip_words for w in words):
            continue
        title, rest = _split_title(words, rules)
        if _has_title_word(rest, rules) or rest[:1] and rest[0].lower() in rules.never_first:
            continue  # "GERMAN_CHANCELLOR", "SPEAKER_OF_PARLIAMENT_X", "US_AMBASSADOR_TO_THE_UN_": a title, not a name
        if len(rest) >= 2:
            plain.append(_spelled(rest))
        elif len(rest) == 1 and title and title[-1].lower() not in ("of", "the"):
            titled.append(_spelled(words))
    plain, titled = list(dict.fromkeys(plain)), list(dict.fromkeys(titled))
    if not plain:
        return None
    person: dict[str, Any] = {"name": plain[0], "aliases": plain[1:], "offices": offices}
    if titled:
        person["titled"] = titled
    return "person", person


def _group(entry: RawEntry, offices: list[dict[str, Any]], rules: Rules) -> tuple[str, dict[str, Any]] | None:
    codes = list(dict.fromkeys(office["code"] for office in offices))
    if len(codes) != 1:
        return None
    one_word = codes[0][:3] in TRANSNATIONAL or codes[0][3:6] in rules.one_word_group_sectors
    names: list[str] = []
    acronyms: list[str] = []
    for raw in [entry.name, *entry.synonyms]:
        acronyms.extend(a for a in ACRONYM.findall(raw) if len(a.replace(".", "")) >= rules.min_acronym)
        words = _words(ACRONYM.sub(" ", raw))
        if not _is_name(words):
            continue
        if len(words) == 1 and (not one_word or len(words[0]) < rules.min_single_word_group or not words[0].isalpha()):
            continue  # a lone word with a government code is mostly a surname ("JOSIPOVIC_")
        if words[0].lower() == "the":  # (before the next test: "THE_FOUNDATION_" is a bare noun too)
            words = words[1:]
        if len(words) == 1 and words[0].lower() in rules.group_words:
            continue  # a bare collective noun ("FOUNDATION_" for a Chicago gang): "the Trump Foundation" is not it
        if _has_title_word(words, rules, persons_only=True):
            continue  # "Federal Chancellor Of Germany": an office, which roles.yaml reads
        if words and words[0].lower() not in rules.person_titles and not all(w.lower() in rules.title_words for w in words):
            names.append(_spelled(words))
    names = list(dict.fromkeys(names))
    if not names or len(codes) != 1 or any("start" in o or "end" in o for o in offices):
        return None  # no usable name, or a body whose code changed over time: not a stable group
    group: dict[str, Any] = {"code": codes[0]}
    if names[1:]:
        group["aliases"] = names[1:]
    if acronyms:
        group["acronyms"] = list(dict.fromkeys(acronyms))
    return "group", {"name": names[0], "entry": group}


def _actor_code(code: str) -> bool:
    """An actor's code: a transnational class (IGO, IMG, NGO ...) or a country with a sector
    ("PHLREB", "USAGOV"); a country with a territory ("USAGUM", Guam) names a place."""
    if code[:3] in TRANSNATIONAL:
        return True
    return len(code) >= 6 and code[3:6] in SECTOR_CODES


def _without_names(person: dict[str, Any], skip: frozenset[str]) -> dict[str, Any] | None:
    """The person without the skipped spellings; None when the canonical name is skipped."""
    if person["name"].lower() in skip:
        return None
    person["aliases"] = [alias for alias in person["aliases"] if alias.lower() not in skip]
    return person


def convert(paths: list[Path], rules: Rules) -> dict[str, Any]:
    """People, groups and problems ("file:line N: reason") of the given Phoenix files."""
    people: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for path in paths:
        own: list[str] = []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for entry in read_entries(lines, own):
            found = classify(entry, rules, own, groups_only=GROUPS_ONLY in path.name)
            if found is None:
                continue
            kind, value = found
            if kind == "person":
                value = _without_names(value, rules.skip_names)
                if value is not None:
                    people.append(value)
            elif value["name"].lower() not in rules.skip_names and value["name"] not in groups:
                groups[value["name"]] = value["entry"]
        problems.extend(f"{path.name}:{problem}" for problem in own)
    return {"people": people, "groups": groups, "problems": problems}


SEPARATOR = " | "  # between the names of one column


def _header(kind: str, paths: list[Path], license_text: str, count: int) -> str:
    digests = "\n".join(f"#   {p.name}  sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in paths)
    notice = "\n".join(f"# {line}".rstrip() for line in license_text.strip().splitlines())
    formats = {
        "people": "Format: one person a line, four tab-separated columns (TSV: 21,000 people load in a fraction\n"
                  "# of the time YAML takes):\n"
                  "#   name     the canonical name (Mention.name)\n"
                  "#   aliases  other full spellings, separated by ' | '\n"
                  "#   titled   title-plus-name spellings (\"King Abdullah\"), used only where that title precedes the\n"
                  "#            name in the text, separated by ' | '\n"
                  "#   offices  'CODE START END' separated by ' | '; START/END are ISO dates or '-' (open). An office\n"
                  "#            open at both ends is the person's code outside the dated ones (PETRARCH's default).\n"
                  "# Otherwise read as officeholders.yaml is (see its header).",
        "groups": "Format: one group a line, four tab-separated columns: name, CAMEO code, aliases and acronyms\n"
                  "# (both ' | '-separated; acronyms match with exact case). Read as organisations.yaml's `groups`.",
    }
    return (f"# GENERATED by `make dicts` (detente/actors/phoenix.py) - do not edit; edit our own files,\n"
            f"# which win over these on any name both hold.\n"
            f"# {count} {kind} converted from the Open Event Data Alliance's PETRARCH2 Phoenix dictionaries:\n"
            f"{digests}\n# {formats[kind]}\n#\n# The dictionaries' license (kept as it requires):\n{notice}\n")


def _person_row(person: dict[str, Any]) -> str:
    offices = SEPARATOR.join(f"{o['code']} {o.get('start') or '-'} {o.get('end') or '-'}" for o in person["offices"])
    return "\t".join([person["name"], SEPARATOR.join(person["aliases"]), SEPARATOR.join(person.get("titled") or []),
                      offices])


def _group_row(name: str, group: dict[str, Any]) -> str:
    return "\t".join([name, group["code"], SEPARATOR.join(group.get("aliases") or []),
                      SEPARATOR.join(group.get("acronyms") or [])])


def generate(source: Path, out: Path) -> dict[str, int]:
    """Write phoenix_people.tsv and phoenix_groups.tsv into `out`; returns the counts."""
    paths = [source / name for name in SOURCES]
    result = convert(paths, load_rules())
    license_text = (source / "LICENSE").read_text(encoding="utf-8")
    rows = {"people": [_person_row(p) for p in result["people"]],
            "groups": [_group_row(name, g) for name, g in result["groups"].items()]}
    for kind, filename in (("people", PEOPLE_FILE), ("groups", GROUPS_FILE)):
        text = _header(kind, paths, license_text, len(rows[kind])) + "".join(row + "\n" for row in rows[kind])
        (out / filename).write_text(text, encoding="utf-8")
    return {"people": len(rows["people"]), "groups": len(rows["groups"]), "problems": len(result["problems"])}


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _names(column: str) -> list[str]:
    return [name for name in column.split(SEPARATOR) if name]


def read_people(path: Path) -> Iterator[tuple[str, list[str], list[str], list[tuple[str, str | None, str | None]]]]:
    """phoenix_people.tsv's rows: (name, aliases, titled spellings, offices as (code, start, end))
    with None for an open date; plain tuples, since start-up reads 21,000 of them."""
    for name, aliases, titled, offices in _rows(path):
        parsed = []
        for office in _names(offices):
            code, start, end = office.split(" ")
            parsed.append((code, None if start == "-" else start, None if end == "-" else end))
        yield name, _names(aliases), _names(titled), parsed


def read_groups(path: Path) -> dict[str, dict[str, Any]]:
    """phoenix_groups.tsv as organisations.yaml-shaped `groups` (name -> code, aliases, acronyms)."""
    return {name: {"code": code, "aliases": _names(aliases), "acronyms": _names(acronyms)}
            for name, code, aliases, acronyms in _rows(path)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder with the Phoenix.*.actors.txt files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the YAML files into")
    args = parser.parse_args(argv)
    counts = generate(args.source, args.out)
    print(f"wrote {args.out / PEOPLE_FILE} ({counts['people']} people) and {args.out / GROUPS_FILE} "
          f"({counts['groups']} groups); {counts['problems']} lines or codes skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
