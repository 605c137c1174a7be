"""Second pass: group adjacent units into actor phrases.

A phrase is what one mention will cover: a run of adjacent units ("Russian" "Foreign Minister"
"Sergey Lavrov"), with the determiner before it ("the Kremlin spokesman") and, after a role
noun, an of/for complement ("the head of Russian diplomacy", "a spokeswoman for the Alliance").
Adjacency, not the dependency parse, decides what belongs together: titles are contiguous in
news English and the small model's parse of long proper-noun chains is unreliable.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from detente.actors.knowledge import Actor
from detente.actors.units import POSSESSIVES, Unit

DETERMINERS = frozenset({"the", "a", "an"})
DEFINITE = frozenset({"the", "this", "that"})
COMPLEMENT_WORDS = frozenset({"of", "for"})
HEAD_KINDS = frozenset({"person", "group", "organisation"})


@dataclass(frozen=True)
class Phrase:
    """Units that form one mention: `titles` before the `head`, `complement` after it.

    `start`/`end` are token bounds including the determiner; `definite` says whether the head has
    a definite determiner (adjacent or, per the parse, further left).
    """

    start: int
    end: int
    titles: tuple[Unit, ...]
    head: Unit
    complement: tuple[Unit, ...]
    determiner: str | None
    definite: bool

    @property
    def units(self) -> tuple[Unit, ...]:
        return (*self.titles, self.head, *self.complement)


def build_phrases(doc: Doc, units: list[Unit]) -> list[Phrase]:
    """Phrases of one sentence's units, in order and non-overlapping."""
    phrases: list[Phrase] = []
    i = 0
    while i < len(units):
        run = [units[i]]
        i += 1
        while (run[-1].what not in ("person", "pronoun") and i < len(units) and units[i].what != "pronoun"
               and _adjacent(doc, run[-1], units[i])):
            run.append(units[i])
            i += 1
        for head_at, titles in _heads(doc, run):
            complement: list[Unit] = []
            if head_at == len(run) - 1 and _takes_complement(run[head_at]):
                complement, i = _complement(doc, units, i)
            phrases.append(_phrase(doc, titles, run[head_at], complement))
    return phrases


MAX_TITLE_ADJECTIVES = 2  # "Lebanon's new President", "Haiti's ousted former President"


def _adjacent(doc: Doc, left: Unit, right: Unit) -> bool:
    """Touching, or joined by a possessive after a name ("Russia's Foreign Minister"), with at most
    two lowercase adjectives or nouns between the possessive and a role word ("Lebanon's new
    President", "Kuwait's energy minister") or between a title modifier and a role word ("chief
    nuclear negotiator"),
    or a country and a title with a portfolio between them ("Algerian Energy Minister")."""
    if right.start == left.end:
        return True
    if left.what == "actor" and right.what == "role" and _portfolio(doc, left.end, right.start):
        return True
    if left.is_modifier and right.what == "role" and _title_adjectives(doc, range(left.end, right.start)):
        return True  # "Iran's chief nuclear negotiator"
    if right.start <= left.end or doc[left.end].text not in POSSESSIVES:
        return False
    if left.what not in ("actor", "anaphor") and not (left.what == "role" and right.what == "role"):
        return False  # a role's possessive joins only another role ("the UN chief's personal representative")
    gap = range(left.end + 1, right.start)
    if not gap:
        return True
    return right.what == "role" and _title_adjectives(doc, gap)


def _title_adjectives(doc: Doc, gap: range) -> bool:
    """At most two lowercase adjectives or compound nouns colouring a title ("new", "energy",
    "nuclear"): they keep the title's words together, as a possessive's or a modifier's
    ("chief", "senior": roles.yaml modifier) country reaches the role word after them."""
    return (len(gap) <= MAX_TITLE_ADJECTIVES
            and all(doc[k].is_lower and (doc[k].tag_ in ("JJ", "VBN") and doc[k].pos_ in ("ADJ", "VERB")
                                         or doc[k].tag_ == "NN" and doc[k].dep_ == "compound") for k in gap))


MAX_PORTFOLIO_WORDS = 2  # "Algerian Energy Minister", "US Trade Representative"


def _portfolio(doc: Doc, start: int, end: int) -> bool:
    """One or two capitalised words naming a portfolio between a country and a title: "Algerian
    Energy Minister", "Iraqi Oil Minister" (the country's minister, whatever the portfolio)."""
    gap = range(start, end)
    return (0 < len(gap) <= MAX_PORTFOLIO_WORDS
            and all(doc[k].text[:1].isupper() and doc[k].is_alpha and doc[k].pos_ == "PROPN" for k in gap))


def _heads(doc: Doc, run: list[Unit]) -> list[tuple[int, tuple[Unit, ...]]]:
    """Split a run into (head index, title units) pairs.

    A person or a role word heads the whole run; names with no role word after them each stand
    alone; trailing modifiers ("presidential" in "Russian presidential election") are dropped, and
    so is a role word that only modifies a noun outside the run ("press" in "press conference").
    """
    last = len(run) - 1
    while last >= 0 and run[last].is_modifier:
        last -= 1
    if last < 0:
        return []
    head = run[last]
    if head.what == "role" and _modifies_outside(doc, head):
        return [(k, ()) for k, unit in enumerate(run[:last]) if unit.what not in ("role",)]
    if head.what == "person" and not _is_title(run[:last]):
        return [*_heads(doc, run[:last]), (last, ())]
    if head.what in ("person", "role", "anaphor", "pronoun"):
        return [(last, tuple(run[:last]))]
    return [(k, ()) for k, unit in enumerate(run[: last + 1]) if unit.what != "role"]


def _is_title(units: list[Unit]) -> bool:
    """Units before a name are its title if they hold a role word or are only country names
    ("Russia's Putin"); "the Washington Post Trump" is two phrases."""
    if any(unit.role is not None for unit in units):
        return True
    return all(isinstance(unit.entry, Actor) and unit.entry.source == "country" for unit in units)


def _modifies_outside(doc: Doc, head: Unit) -> bool:
    token = doc[head.end - 1]
    return token.dep_ in ("compound", "amod") and not head.start <= token.head.i < head.end and token.head.i > token.i


def _takes_complement(head: Unit) -> bool:
    role = head.role
    return role is not None and role.kind in HEAD_KINDS


def _complement(doc: Doc, units: list[Unit], i: int) -> tuple[list[Unit], int]:
    """An of/for complement made of known names right after a role noun; returns it and the next index."""
    if i >= len(units):
        return [], i
    head_end = units[i - 1].end
    at = head_end
    if at >= len(doc) or doc[at].lower_ not in COMPLEMENT_WORDS:
        return [], i
    at += 1
    if at < len(doc) and doc[at].lower_ in DETERMINERS:
        at += 1
    taken: list[Unit] = []
    j = i
    while j < len(units) and units[j].start == at and units[j].what in ("actor", "anaphor", "role", "seat"):
        taken.append(units[j])
        at = units[j].end
        j += 1
        if at < len(doc) and doc[at].text in POSSESSIVES and j < len(units) and units[j].start == at + 1:
            at += 1
    if not any(not unit.is_modifier for unit in taken):
        return [], i
    return taken, j


def _takes_determiner(doc: Doc, titles: tuple[Unit, ...], head: Unit, complement: list[Unit]) -> bool:
    """Whether the determiner before the phrase is its own: not for a bare name ("Dmitry Peskov")
    nor for a name modifying a noun outside the phrase ("the NATO information office")."""
    if titles or complement or head.what in ("role", "anaphor"):
        return True
    if head.what in ("person", "pronoun"):
        return False
    return doc[head.end - 1].dep_ not in ("compound", "amod", "nmod")


def _phrase(doc: Doc, titles: tuple[Unit, ...], head: Unit, complement: list[Unit]) -> Phrase:
    start = titles[0].start if titles else head.start
    end = complement[-1].end if complement else head.end
    determiner = None
    if start > 0 and doc[start - 1].lower_ in DETERMINERS and _takes_determiner(doc, titles, head, complement):
        determiner = doc[start - 1].lower_
        start -= 1
    head_token = doc[head.end - 1]
    definite = determiner == "the" or any(
        child.dep_ == "det" and child.lower_ in DEFINITE for child in head_token.children
    )
    return Phrase(start, end, titles, head, tuple(complement), determiner, definite)
