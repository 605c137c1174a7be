"""Convert PETRARCH/TABARI actor and agent dictionaries to detente's YAML formats.

Actors become `officeholders.yaml` entries (name, aliases, offices with dates), except entries
coded only with one bare, undated country code ("DENMARK [DNK]"), which become places.yaml
`extra_countries` (the country, whose demonyms take role words: "Danish police"); agents become a
`roles.yaml` mapping (sector -> person/group/organisation words). The dictionary syntax read:

    VLADIMIR_PUTIN_ [RUSGOV]                 # entry: words joined by _, default code
    +PUTIN_                                  # synonym of the entry above
        [RUSGOV 000507-080507]               # indented date restriction: from-to (YYMMDD)
        [RUSGOV >120507]                     # from this date on (< : until this date)
    JOHN_SMITH_ [USAGOV >080508]             # an in-line restriction, as TABARI allowed
    MINISTER {MINISTERS} [~GOV]              # agent with its plural; [~GOV]: sector GOV

Comments start with '#' or ';'; lines starting with '<' are XML comments; '---STOP---' ends the
file. Two-digit years follow PETRARCH: 00-30 are 20YY, others 19YY. A line that cannot be read
is skipped and reported (line number and one-line reason); the import never stops on one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

CODE = re.compile(r"^[A-Z0-9]{3,15}$")
BRACKET = re.compile(r"\[([^\]]*)\]")
INSTITUTION_ENDINGS = ("ry", "ment", "tion", "cil", "ate", "ice", "ure", "ty", "agency", "court", "army", "navy")


def import_petrarch_dictionary(path: str | Path, kind: str = "actors") -> dict[str, Any]:
    """Read a PETRARCH/TABARI dictionary file; `kind` is "actors" or "agents".

    Returns detente's YAML shape ({"people": [...]} or {"roles": {...}}) plus "skipped": one
    "line N: reason" string per line that could not be read.
    """
    if kind not in ("actors", "agents"):
        raise ValueError(f"kind must be 'actors' or 'agents', not {kind!r}")
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = handle.read().splitlines()
    reader = _read_actors if kind == "actors" else _read_agents
    return reader(lines)


def write_yaml(result: dict[str, Any], out: str | Path) -> None:
    """Write an import's data (without its "skipped" list) as YAML, with a header saying how to use it."""
    data = {key: value for key, value in result.items() if key != "skipped"}
    header = ("# Converted from a PETRARCH/TABARI dictionary by `detente dict import`.\n"
              "# Load it with Settings(extra_data=(Path('this.yaml'),)); formats: detente/data/actors/.\n")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(header)
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False, width=100)


def _content(line: str) -> str:
    """The line without its comment; '' for comment and blank lines."""
    if line.lstrip().startswith("<"):
        return ""
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def _words(phrase: str) -> str:
    """'VLADIMIR_PUTIN_' -> 'Vladimir Putin' (the case dictionaries lose is guessed back)."""
    words = [w for w in re.split(r"[_\s]+", phrase.strip()) if w]
    return " ".join(w if any(c.islower() for c in w) else _titlecase(w) for w in words)


def _titlecase(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _date(text: str) -> str:
    """YYMMDD or YYYYMMDD -> ISO; raises ValueError when it is no date."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"date {text.strip()!r} is not YYMMDD or YYYYMMDD")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = str(year + (2000 if year <= 30 else 1900)) + digits[2:]
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(f"date {text.strip()!r} has no such month or day")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _office(bracket: str) -> dict[str, Any]:
    """'RUSGOV 000507-080507' -> {code, start, end}; raises ValueError with the reason."""
    parts = bracket.split(None, 1)
    if not parts:
        raise ValueError("empty code brackets")
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not CODE.match(code):
        raise ValueError(f"{code!r} is not an actor code")
    office: dict[str, Any] = {"code": code}
    if not rest:
        return office
    if rest[0] in "<>":
        office["end" if rest[0] == "<" else "start"] = _date(rest[1:])
    elif "-" in rest:
        first, _, last = rest.partition("-")
        office["start"], office["end"] = _date(first), _date(last)
        if office["end"] < office["start"]:
            raise ValueError(f"end date {office['end']} before start date {office['start']}")
    else:
        raise ValueError(f"date restriction {rest!r} not understood")
    return office


def _read_actors(lines: list[str]) -> dict[str, Any]:
    people: list[dict[str, Any]] = []
    skipped: list[str] = []
    current: dict[str, Any] | None = None
    for number, raw in enumerate(lines, 1):
        if "---STOP---" in raw:
            break
        line = _content(raw)
        if not line.strip():
            continue
        try:
            current = _actor_line(line, current, people)
        except ValueError as error:
            skipped.append(f"line {number}: {error}")
            if line[0] not in " \t+":  # a broken entry: its synonyms must not join the one before
                current = None
    countries = _countries(people)
    kept = [person for person in people if not _is_country_entry(person)]
    return {"people": kept, **({"extra_countries": countries} if countries else {}), "skipped": skipped}


def _is_country_entry(entry: dict[str, Any]) -> bool:
    """An entry whose only codes are bare, undated three-letter country codes ("ARNOR_ [ARN]",
    "DENMARK [DNK] +DANISH"): PETRARCH codes it as the country itself, so role words attach to it
    ("Danish police" -> DNKCOP), which a person entry never lets them do."""
    offices = entry["offices"]
    return bool(offices) and all(set(office) == {"code"} and len(office["code"]) == 3 and office["code"].isalpha()
                                 for office in offices) and len({office["code"] for office in offices}) == 1


def _countries(people: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """places.yaml `extra_countries` (code -> {name, aliases}) of the country entries, the
    entries of one code joined (the suite lists "ARNOR_" and "ARNORIAN_" apart)."""
    countries: dict[str, dict[str, Any]] = {}
    for entry in filter(_is_country_entry, people):
        country = countries.setdefault(entry["offices"][0]["code"], {"name": entry["name"], "aliases": []})
        for name in (entry["name"], *entry["aliases"]):
            if name not in country["aliases"]:
                country["aliases"].append(name)
    return countries


def _actor_line(line: str, current: dict[str, Any] | None, people: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Apply one actor-dictionary line; returns the entry later lines attach to."""
    text = line.strip()
    if line[0] in " \t":  # a date restriction for the current entry
        if current is None:
            raise ValueError("date restriction before any actor")
        brackets = BRACKET.findall(text)
        if not brackets or BRACKET.sub("", text).strip():
            raise ValueError(f"expected '[CODE dates]', got {text!r}")
        current["offices"].extend(_office(b) for b in brackets)
        return current
    if text.startswith("+"):
        if current is None:
            raise ValueError("synonym before any actor")
        alias = _words(text[1:])
        if not alias or "[" in text:
            raise ValueError(f"synonym {text!r} is empty or has a code")
        current["aliases"].append(alias)
        return current
    if text.count("[") != text.count("]"):
        raise ValueError(f"unbalanced brackets in {text!r}")
    name = _words(BRACKET.sub("", text))
    if not name:
        raise ValueError(f"no actor name in {text!r}")
    entry = {"name": name, "aliases": [], "offices": [_office(b) for b in BRACKET.findall(text)]}
    people.append(entry)
    return entry


def _read_agents(lines: list[str]) -> dict[str, Any]:
    roles: dict[str, dict[str, list[str]]] = {}
    skipped: list[str] = []
    for number, raw in enumerate(lines, 1):
        if "---STOP---" in raw:
            break
        line = _content(raw).strip()
        if not line:
            continue
        try:
            for sector, kind, word in _agent_line(line):
                words = roles.setdefault(sector, {}).setdefault(kind, [])
                if word not in words:
                    words.append(word)
        except ValueError as error:
            skipped.append(f"line {number}: {error}")
    return {"roles": roles, "skipped": skipped}


def _agent_line(line: str) -> list[tuple[str, str, str]]:
    """'MINISTER {MINISTERS} [~GOV]' -> [(GOV, person, minister), (GOV, group, ministers)]."""
    if "!" in line:
        raise ValueError("substitution markers (!name!) are not supported")
    brackets = BRACKET.findall(line)
    if len(brackets) != 1:
        raise ValueError(f"expected one '[~CODE]', got {line!r}")
    code = brackets[0].strip().strip("~").strip()
    if not CODE.match(code):
        raise ValueError(f"{brackets[0]!r} is not an agent code")
    head = BRACKET.sub("", line)
    plural = ""
    if "{" in head or "}" in head:
        match = re.fullmatch(r"([^{}]*)\{([^{}]*)\}\s*", head)
        if match is None:
            raise ValueError(f"malformed plural braces in {line!r}")
        head, plural = match.group(1), match.group(2)
    word = _words(head).lower()
    if not word:
        raise ValueError(f"no agent word in {line!r}")
    singular_kind = "organisation" if word.endswith(INSTITUTION_ENDINGS) else "person"
    found = [(code, singular_kind, word)]
    if _words(plural):
        found.append((code, "group", _words(plural).lower()))
    return found
