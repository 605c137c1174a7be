"""Faster ways for spaCy's attribute ruler and lemmatizer to do their work, with the same results.

en_core_web_sm's `attribute_ruler` (tag -> POS and morphology, pronoun lemmas, ...) runs a
`Matcher` with all its 179 patterns over every token: about 15 microseconds a token, 10% of the
whole pipeline's time. Most of those patterns test one token's TAG, optionally with its
lowercase form (`{"TAG": "PRP", "LOWER": "he"}`), so they can be looked up by the token's tag
instead of tried one by one. `IndexedRulerMatch` files every one-token pattern on TAG, LOWER,
DEP and IS_SPACE under one value it requires and checks its other conditions on the tokens
that have that value; it leaves the others (regular expressions, several tokens, ...) to a
`Matcher` of its own; it returns exactly the list `AttributeRuler.match` returns (same tuples, same order), so
`AttributeRuler.set_annotations` writes the same attributes. `speed_up_attribute_ruler` puts
it in place on a loaded pipeline; a ruler whose patterns it does not understand is left as is.
`tests/test_nlp_ruler.py` checks that the annotations are identical.

The lemmatizer (rule mode) computes each token's lemma in Python, from its text, POS and
morphology only: about 20 microseconds a token, 10% of the pipeline's time on news text.
Most of that time is one test: whether a candidate form is a known word, `form in index`,
where the index (spacy-lookups-data's `lemma_index`) is a list of up to 57,528 nouns, scanned
from the start for every candidate. `speed_up_lemmatizer` gives the lemmatizer a copy of its
tables with each index as a frozenset (the same answers to `in`) and puts `MemoizedLemmatizer`
in place as the component's `pipe` (the path `nlp.pipe` takes; `nlp(text)` calls the
lemmatizer's own `__call__`, over the same tables): it keeps the lemma of each (ORTH, POS,
MORPH) triple it has seen and writes a document's lemmas in one `Doc.from_array`; only unseen
triples go to the lemmatizer, so the lemmas are the ones it gives. (The copied tables are not
meant to be saved: a pipeline is never written back to disk here.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The token attributes an indexed pattern may test, in the order they are tried as its index key.
_INDEX_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")

# A condition on one token: (attribute's position in _INDEX_ORDER, whether the value must be in
# the hashes (else not in them), string hashes).
Condition = tuple[int, bool, frozenset[int]]
# An indexed pattern: the ruler's attribute id, the match key it reports, its conditions.
Indexed = tuple[int, int, tuple[Condition, ...]]


class IndexedRulerMatch:
    """Drop-in replacement for `AttributeRuler.match` (see the module notes)."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self.strings = strings
        self.index: tuple[dict[int, list[Indexed]], ...] = tuple(defaultdict(list) for _ in _INDEX_ORDER)
        self.rest = Matcher(ruler.vocab, validate=False)
        for attr_id in range(len(ruler.attrs)):
            key = strings.add(str(attr_id))
            alternatives = ruler.matcher.get(str(attr_id))[1]
            conditions = _conditions(alternatives[0], strings) if len(alternatives) == 1 and ruler.indices[attr_id] == 0 else None
            entry = _index_entry(conditions) if conditions is not None else None
            if entry is None:
                self.rest.add(key, alternatives)
                continue
            self.index[entry[0]][entry[1]].append((attr_id, key, conditions))  # type: ignore[arg-type]
        self.index = tuple(dict(table) for table in self.index)  # plain dicts: .get never inserts
        self.memo: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}  # row -> `_row_matches(row)`

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        matches: list[tuple[int, int, int, int]] = []
        memo = self.memo
        if len(doc):
            for i, row in enumerate(doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()):
                values = tuple(row)
                found = memo.get(values)
                if found is None:
                    found = self._row_matches(values)
                    if len(memo) >= MAX_MEMO_ROWS:
                        memo.clear()
                    memo[values] = found
                for attr_id, key in found:
                    matches.append((attr_id, key, i, i + 1))
        for key, start, end in self.rest(doc, allow_missing=True, as_spans=False):
            matches.append((int(self.strings[key]), key, start, end))
        matches.sort()
        return matches

    def _row_matches(self, row: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(attr_id, match key) of every indexed pattern a token with these TAG, LOWER, DEP and
        IS_SPACE values matches: a function of the four values only, so `__call__` keeps it
        for each distinct row (news text repeats a few thousand rows)."""
        found: list[tuple[int, int]] = []
        for position, table in enumerate(self.index):
            for attr_id, key, conditions in table.get(row[position], ()):
                if all((row[where] in hashes) is inside for where, inside, hashes in conditions):
                    found.append((attr_id, key))
        return tuple(found)


def _conditions(pattern: list[dict[str, Any]], strings: Any) -> tuple[Condition, ...] | None:
    """A one-token pattern as conditions on TAG, LOWER, DEP (an exact string, IN or NOT_IN a list
    of strings) and IS_SPACE (a boolean); None for any other pattern (the Matcher keeps it)."""
    if len(pattern) != 1 or not pattern[0] or set(pattern[0]) - set(_INDEX_ORDER):
        return None
    conditions = []
    for attr, value in pattern[0].items():
        position = _INDEX_ORDER.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            conditions.append((position, True, frozenset({int(value)})))
        elif isinstance(value, str):
            conditions.append((position, True, frozenset({strings.add(value)})))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            ((op, words),) = value.items()
            if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
                return None
            conditions.append((position, op == "IN", frozenset(strings.add(word) for word in words)))
        else:
            return None
    return tuple(conditions)


def _index_entry(conditions: tuple[Condition, ...]) -> tuple[int, int] | None:
    """(attribute position, value) a pattern is filed under: its first condition, in
    `_INDEX_ORDER`, that names a single value; None if none does (the Matcher keeps it)."""
    for position in range(len(_INDEX_ORDER)):
        for where, inside, hashes in conditions:
            if where == position and inside and len(hashes) == 1:
                return position, next(iter(hashes))
    return None


def speed_up_attribute_ruler(nlp: Language) -> bool:
    """Give the pipeline's attribute ruler the indexed matcher; False if it has none."""
    from spacy.pipeline import AttributeRuler

    for _, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            component.match = IndexedRulerMatch(component)  # an instance attribute: this pipeline only
            return True
    return False


# The matcher's memo of token rows is emptied when it holds this many (bounded memory).
MAX_MEMO_ROWS = 200_000

# The memo, and spaCy's own cache of rule lemmas behind it, are emptied when either holds this
# many triples: a bound on memory over millions of articles (news text repeats a few tens of
# thousands of forms; refilling costs only time).
MAX_MEMO_LEMMAS = 500_000


class MemoizedLemmatizer:
    """The lemmatizer's `pipe`, with each (ORTH, POS, MORPH) triple's lemma worked out once.

    spaCy's rule lemmatizer caches its lemma lists by the same triple, without bound (its
    `cache`, filled by `rule_lemmatize`); this memo keeps the lemma's string id instead, which
    skips making a Token, the lookup and `strings.add` for each word: the lemmatizer's time on
    warm text is about a sixth (21,189 tokens of wire news: 0.064 s -> 0.010 s). Both are
    emptied together when either holds `max_size` triples, so memory stays bounded.

    A token that already has a lemma keeps it unless the lemmatizer overwrites (the attribute
    ruler sets some: pronouns, "be"), as the lemmatizer's own `__call__` does."""

    def __init__(self, lemmatizer: Any, max_size: int = MAX_MEMO_LEMMAS) -> None:
        self.lemmatizer = lemmatizer
        self.max_size = max_size
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        memo, strings, overwrite = self.memo, doc.vocab.strings, self.lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self._keep_bounded()
                memo[orth, pos, morph] = found
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc

    def _keep_bounded(self) -> None:
        """Empty the memo and spaCy's cache (also filled by the lemmatizer's own `__call__`)
        when either is full."""
        cache = self.lemmatizer.cache
        if len(self.memo) >= self.max_size or len(cache) >= self.max_size:
            self.memo.clear()
            cache.clear()

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:  # noqa: ARG002 - spaCy's signature
        """`Pipe.pipe` over `__call__`, with the lemmatizer's own error handler."""
        error_handler = self.lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as error:  # noqa: BLE001 - spaCy's error handler decides (by default: raise)
                error_handler(self.lemmatizer.name, self.lemmatizer, [doc], error)


def speed_up_lemmatizer(nlp: Language) -> bool:
    """Give the pipeline's rule or lookup lemmatizer the memo (an instance attribute: this
    pipeline only); False if it has none."""
    from spacy.pipeline import Lemmatizer

    for _, component in nlp.pipeline:
        if isinstance(component, Lemmatizer) and component.mode in ("rule", "lookup"):
            if not component._validated:  # what its own __call__ checks first
                component._validate_tables()
            component.lookups = _indexed_lookups(component.lookups)
            component.pipe = MemoizedLemmatizer(component).pipe
            return True
    return False


def _indexed_lookups(lookups: Any) -> Any:
    """A copy of a lemmatizer's lookups whose `lemma_index` word lists are frozensets (the
    rule lemmatizer only asks `form in index`); the other tables are shared as they are."""
    from spacy.lookups import Lookups

    copied = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            indexed = copied.add_table(name)
            for key, words in table.items():
                indexed[key] = frozenset(words) if isinstance(words, list) else words
        else:
            copied.set_table(name, table)
    return copied
