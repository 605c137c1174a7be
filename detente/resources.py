"""Packaged knowledge (word lists, patterns) loaded once per worker and passed explicitly.

Knowledge lives in YAML files under `detente/data/`; a user extends it with files of the
same shape (`Settings.extra_data`): lists are appended, mappings merged key by key. The
loaded objects are read-only, so a process pool or a Dask worker can build them once and
share them between documents without global state.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from detente.config import DATA_DIR, Settings

# A capitalised name of one to four words ("RIA Novosti", "Axar.az", "The New York Times").
NAME_PATTERN = r"[A-Z][\w.&'-]*(?: (?:of |de |al-)?[A-Z][\w.&'-]*){0,3}"


def load_data(name: str, extra_files: Iterable[Path] = ()) -> dict[str, Any]:
    """Load `detente/data/<name>` and merge the same-named top-level keys of extra files."""
    return merge_data_files(extra_files, _read_yaml(DATA_DIR / name))


def merge_data_files(files: Iterable[Path], data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The top-level keys of YAML data files merged in order onto `data` (lists appended,
    mappings merged key by key): `load_data` without a packaged file, for a user's files alone."""
    data = dict(data or {})
    for path in files:
        for key, value in _read_yaml(Path(path)).items():
            data[key] = _merge(data.get(key), value)
    return data


class _CollectorPause:
    """The process-wide pause behind `paused_gc`: counted, so pauses that overlap in different
    threads (the web app builds dyad views in a background thread while requests build others)
    restore the collector once, when the last one ends, to the state it had before the first.

    Why not save and restore per pause: two pauses that end out of order in two threads
    (A starts, B starts and saves "disabled", A ends and enables, B ends and disables) left the
    collector off for the rest of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._saved: tuple[bool, tuple[int, ...]] = (True, gc.get_threshold())

    def enter(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._saved = (gc.isenabled(), gc.get_threshold())
                gc.disable()
                gc.set_threshold(0, *self._saved[1][1:])
            self._depth += 1

    def leave(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                enabled, thresholds = self._saved
                gc.set_threshold(*thresholds)
                if enabled:
                    gc.enable()
                else:
                    gc.disable()


_PAUSE = _CollectorPause()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a loader builds long-lived resources (also the
    web app while it builds a dyad view the snapshot keeps).

    Why: building the actor knowledge, the gazetteer and the lexicons allocates a few hundred
    thousand objects that live as long as the process and are never garbage, yet each
    collection during the build walks all of them (and everything loaded before: spaCy, the
    other resources), which made loading up to twice as slow. The collector's state from before
    the first of overlapping pauses is restored when the last ends, in whatever thread
    (`_CollectorPause`), so nested and concurrent pauses are harmless. (Not `gc.freeze`: it
    would also pin other libraries' objects, which then report leaks at exit;
    `stages.ResourceCache` freezes what a run loaded for the run's length.)

    The first threshold is set to 0 meanwhile as well (no automatic collection even while
    enabled): srsly's msgpack loader, which spaCy's model loading calls, disables and then
    enables the collector around each file, so inside the pause a full collection ran while
    the model loaded, walking everything built before it (0.2 s)."""
    _PAUSE.enter()
    try:
        yield
    finally:
        _PAUSE.leave()


# libyaml's safe loader when PyYAML was built with it (the wheels are): the same results,
# several times faster on the large word lists every worker loads.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        loaded = yaml.load(handle, Loader=_SAFE_LOADER) or {}  # a safe loader: plain data only
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return loaded


def _merge(ours: Any, theirs: Any) -> Any:
    if isinstance(ours, list) and isinstance(theirs, list):
        return ours + theirs
    if isinstance(ours, dict) and isinstance(theirs, dict):
        merged = dict(ours)
        for key, value in theirs.items():
            merged[key] = _merge(ours.get(key), value)
        return merged
    return theirs


@dataclass(frozen=True)
class CreditPattern:
    regex: re.Pattern[str]
    known_only: bool
    # `regex` less its leading word boundary (None if it has none): a pattern that opens with
    # \b is tried at every position of the text, one that opens with a word is found by the
    # regex engine's fast prefix search. `metadata.find_credits` checks the boundary itself.
    after_boundary: re.Pattern[str] | None = None
    # Literal strings one of which every match contains (`_required_literals`), as
    # (text, compare lowercased); empty when none is known. A text holding none of them
    # cannot match, and `metadata.find_credits` skips the search.
    required: tuple[tuple[str, bool], ...] = ()


def _after_boundary(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """`regex` without its leading `\b`, when that boundary applies to the whole pattern
    (not to one branch of a top-level alternation such as `\bfoo|bar`); else None."""
    from re import _constants as sre, _parser  # the stdlib's own parser: no guessing at regex syntax

    if not regex.pattern.startswith(r"\b"):
        return None
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
    except Exception:  # a private module: if it ever changes, just no speed-up
        return None
    if not len(parsed) or parsed[0] != (sre.AT, sre.AT_BOUNDARY) or parsed.getwidth()[0] == 0:
        return None  # (an empty match would make finditer's stepping rules matter)
    return re.compile(regex.pattern[2:], regex.flags)


MIN_REQUIRED_CHARS = 3  # a shorter required literal ("(", "/") is found by the regex engine as fast


def _required_literals(regex: re.Pattern[str]) -> tuple[tuple[str, bool], ...]:
    """Alternative literals one of which any match of `regex` contains, each with whether it
    must be compared lowercased (it lies under IGNORECASE); () when none is found.

    Why: a pattern opening with `(?i:citing)` or `\b` gets no fast prefix search from the
    regex engine and is tried at every position of every text; testing first whether
    "citing" occurs at all (one substring search) skips almost all of them. The stdlib's
    own parser reads the pattern, so no regex syntax is guessed at."""
    from re import _parser  # a private module: if it ever changes, just no speed-up

    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
    except Exception:
        return ()
    found = _literal_runs(list(parsed), bool(regex.flags & re.IGNORECASE))
    if not found or any(len(text) < MIN_REQUIRED_CHARS for text, _ in found):
        return ()
    return tuple(found)


def _literal_runs(items: list[Any], ignore_case: bool) -> list[tuple[str, bool]] | None:
    """The first run of consecutive required literal characters of a parsed sequence (for a
    sequence that opens with an alternation, one run of each alternative: every match holds
    one of them); None when there is none."""
    from re import _constants as sre

    while items and items[0][0] is sre.AT:  # a leading \b or ^ matches no character
        items = items[1:]
    if items and items[0][0] is sre.BRANCH:
        runs = [_literal_runs(list(branch), ignore_case) for branch in items[0][1][1]]
        return None if any(run is None for run in runs) else [alternative for run in runs for alternative in run]  # type: ignore[union-attr]
    chars: list[str] = []
    lowered = False
    for op, value in _flatten(items, ignore_case):
        if op == "literal":
            char, case_free = value
            chars.append(char)
            lowered = lowered or case_free
        elif chars:
            break
    return [("".join(chars).lower() if lowered else "".join(chars), lowered)] if chars else None


def _flatten(items: list[Any], ignore_case: bool) -> Iterator[tuple[str, Any]]:
    """The items of a parsed sequence with groups opened (a group is matched once, in place):
    ("literal", (character, under IGNORECASE)) or ("other", None)."""
    from re import _constants as sre

    for op, value in items:
        if op is sre.LITERAL:
            yield "literal", (chr(value), ignore_case)
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, content = value
            inner = (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            yield from _flatten(list(content), inner)
        else:
            yield "other", None


_MAX_OPENERS = 512  # a wider character class is not worth a set


def _first_characters(regexes: Iterable[re.Pattern[str]]) -> frozenset[str] | None:
    """The characters any match of one of `regexes` (used with `.match`) can open with, or
    None when that is not known for one of them: a line opening with another character
    cannot match, and the patterns are not tried on it (most lines of a page open with a
    character no dateline or outlet line can open with). Worked out once per pattern list, by
    `compile_metadata_patterns` (`MetadataPatterns.outlet_openers`, `dateline_openers`)."""
    found: set[str] = set()
    for regex in regexes:
        opening = _opening_characters(regex)
        if opening is None:
            return None
        found |= opening
    return frozenset(found)


def _opening_characters(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The characters the first character of a match of `regex` must be one of, read with
    the stdlib's own parser (no regex syntax guessed at); None when not sure."""
    from re import _constants as sre, _parser  # a private module: if it ever changes, just no screen

    if regex.flags & re.IGNORECASE:
        return None
    try:
        items = list(_parser.parse(regex.pattern, regex.flags))
    except Exception:
        return None
    while items:
        op, value = items[0]
        if op is sre.AT:  # ^, \b: match no character
            items = items[1:]
        elif op is sre.SUBPATTERN and not value[1] & re.IGNORECASE:
            items = list(value[3]) + items[1:]  # a group is matched once, in place
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
            items = list(value[2]) + items[1:]  # its first repetition comes first
        elif op is sre.LITERAL:
            return frozenset(chr(value))
        elif op is sre.IN:
            return _class_characters(value)
        else:
            return None
    return None


def _class_characters(members: list[tuple[object, object]]) -> frozenset[str] | None:
    """The characters of a parsed character class of literals and ranges; None for any
    other member (negation, a category such as \\w) or a class too wide to list."""
    from re import _constants as sre

    found: set[str] = set()
    for op, value in members:
        if op is sre.LITERAL:
            found.add(chr(value))  # type: ignore[arg-type]
        elif op is sre.RANGE and value[1] - value[0] < _MAX_OPENERS:  # type: ignore[index,operator]
            found.update(map(chr, range(value[0], value[1] + 1)))  # type: ignore[index,operator]
        else:
            return None
    return frozenset(found)


@dataclass(frozen=True)
class MetadataPatterns:
    """Compiled metadata patterns (see `data/metadata.yaml` for the format)."""

    labels: dict[str, str]  # lowercased label -> field
    media: frozenset[str]
    credits: tuple[CreditPattern, ...]
    outlets: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    checks: Any = None  # detente.clean.validate.MetadataChecks (title/outlet/author validation)
    html_date_meta: dict[str, int] = field(default_factory=dict)  # meta name -> 0 published, 1 modified
    site_date_markers: re.Pattern[str] | None = None  # "today's paper": a date line beside it is the site's date
    placeholder_dates: frozenset[str] = frozenset()  # "1970-01-01": a system's empty date, never a publication date
    # The characters a line any outlet (dateline) pattern matches can open with (`_first_characters`);
    # None when not known: then every line is tried.
    outlet_openers: frozenset[str] | None = None
    dateline_openers: frozenset[str] | None = None


def compile_metadata_patterns(data: dict[str, Any]) -> MetadataPatterns:
    """Compile `metadata.yaml` once; `{NAME}` expands to a capitalised-name pattern."""

    from detente.clean.validate import compile_checks  # here: detente.clean imports this module

    def expand(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern.replace("{NAME}", NAME_PATTERN))

    labels = {label.lower(): field for field, words in data.get("labels", {}).items() for label in words}
    credits = tuple(
        CreditPattern(regex, bool(item.get("known_only", True)), _after_boundary(regex), _required_literals(regex))
        for item in data.get("credit_patterns", [])
        if (regex := expand(item["pattern"]))
    )
    outlets = tuple(expand(pattern) for pattern in data.get("outlet_patterns", []))
    datelines = tuple(re.compile(pattern) for pattern in data.get("dateline_patterns", []))
    return MetadataPatterns(
        labels=labels,
        media=frozenset(data.get("media", [])),
        credits=credits,
        outlets=outlets,
        datelines=datelines,
        outlet_openers=_first_characters(outlets),
        dateline_openers=_first_characters(datelines),
        checks=compile_checks(data.get("validation", {})),
        site_date_markers=_any_word(data.get("site_date_markers", [])),
        placeholder_dates=frozenset(str(day) for day in data.get("placeholder_dates", [])),
        html_date_meta={
            str(name).lower(): rank for rank, kind in enumerate(("published", "modified")) for name in data.get("html_date_meta", {}).get(kind, [])
        },
    )


def _any_word(words: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of `words` as whole words; None for none."""
    alternatives = sorted({str(word).lower() for word in words if str(word).strip()}, key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)") if alternatives else None


@dataclass(frozen=True)
class CleaningResources:
    """Everything the clean stage needs besides the document; build with `load_cleaning_resources`."""

    settings: Settings
    metadata: MetadataPatterns
    language_identifier: Any  # py3langid LanguageIdentifier with normalised probabilities
    # detente.clean.lines.LineMemo: what repeated lines gave on earlier pages (a pure memo,
    # bounded; it changes no result). None: each page is worked out on its own.
    line_memo: Any = field(default=None, compare=False, repr=False)
    # detente.clean.lines.BoilerplateConfig: boilerplate.yaml with the settings' extra data
    # files merged in. None: `segment_lines` loads the packaged file for each call.
    boilerplate: Any = field(default=None, compare=False, repr=False)
    # detente.clean.classifier.TreeModel: the shipped line classifier (model.json); None
    # when the file is absent (then the rules of `lines.py` decide).
    line_model: Any = field(default=None, compare=False, repr=False)


def load_cleaning_resources(settings: Settings | None = None) -> CleaningResources:
    """Load and compile the cleaning knowledge (most of a second: the language model).

    A plain loader, no module cache (issue 13): each call loads afresh and the caller holds
    the result. The runners load it once per process or Dask worker (`stages.CleanStage`,
    kept by `stages.ResourceCache`); `detente.clean_text` keeps one default set (see there).
    The resources are immutable but for `line_memo`, a bounded memo of pure per-line results
    (threads sharing it can at worst lose an entry, never get a wrong one), so every document
    of a process shares them. The boilerplate patterns and the line model are loaded here,
    once, and travel inside the resources (`lines.load_config` and `classifier.load_model`
    are plain loaders too).
    """
    from detente.clean.classifier import load_model  # here: detente.clean imports this module
    from detente.clean.lines import LineMemo, load_config

    settings = settings or Settings()
    metadata = compile_metadata_patterns(load_data("metadata.yaml", settings.extra_data))
    return CleaningResources(
        settings=settings,
        metadata=metadata,
        language_identifier=_language_identifier(),
        line_memo=LineMemo(),
        boilerplate=load_config(tuple(settings.extra_data)),
        line_model=load_model(),
    )


def _language_identifier() -> Any:
    """py3langid's model (shipped inside the package: loading it needs no network), with
    its byte walk vectorised (`detente.clean.language`: the same results, faster). Its
    arrays are read from the decompressed copy in the cache folder when there is one
    (`decompressed_language_model`), else from the package's LZMA file as py3langid does."""
    from detente.clean.language import load_language_identifier

    folder = cache_folder()
    model = decompressed_language_model(folder) if folder is not None else None
    if model is not None:
        try:
            return _identifier_from_npz(model)
        except (OSError, ValueError, KeyError):  # unreadable or not the model: the package's own load
            pass
    return load_language_identifier()


CACHE_ENV = "DETENTE_CACHE_DIR"  # the cache folder; set to an empty value for none


def cache_folder() -> Path | None:
    """Where detente keeps files derived from its packaged data so that a later process loads
    them faster: $DETENTE_CACHE_DIR if set (empty: no cache), else $XDG_CACHE_HOME/detente,
    else ~/.cache/detente. Every file in it is a pure function of a source file, named by that
    file's digest, so it can be deleted at any time."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return Path(value) if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "detente"


def decompressed_language_model(folder: Path) -> Path | None:
    """py3langid's model file (an npz inside LZMA) decompressed into `folder`, under a name
    that holds the SHA-256 of the LZMA file: a changed model is another file. None when the
    folder cannot be written.

    Why (issue 13): decompressing the 68 MB model costs ~0.4 s of every process's start-up,
    more than a third of the cleaning resources. The copy is the LZMA stream's own bytes
    (deterministic), written to a temporary name and renamed into place, so processes
    starting together never read a partial file."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    source = (MODEL_DIR / MODEL_FILE).read_bytes()
    target = folder / f"py3langid-{hashlib.sha256(source).hexdigest()[:20]}.npz"
    if target.is_file():
        return target
    try:
        import lzma

        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=target.name, suffix=".part", delete=False) as handle:
            handle.write(lzma.decompress(source))
        os.replace(handle.name, target)
    except OSError:
        return None
    return target


def _identifier_from_npz(path: Path) -> Any:
    """detente's `LanguageIdentifier` from a decompressed model file, built from its arrays as
    py3langid's `LanguageIdentifier.from_model_file` builds it from the LZMA file
    (`py3langid.modelio.load_model`): the same object (`tests/test_startup_s8.py`)."""
    import numpy as np
    from py3langid.modelio import _to_array

    from detente.clean.language import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        missing = {"ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat"}.difference(data.files)
        if missing:
            raise ValueError(f"{path}: not py3langid's model layout, missing {sorted(missing)}")
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
        nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist()
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)
