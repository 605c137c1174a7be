"""English word forms the lexicons derive from their lemmas (both the quote and the event
lexicon list lemmas and find their inflected forms in raw text)."""

from __future__ import annotations

SIBILANT_ENDINGS = ("s", "sh", "ch", "x", "z")


def regular_forms(lemma: str, double_final_consonant: bool = False) -> set[str]:
    """The lemma and its regular -s, -ed and -ing forms (note -> notes, noted, noting; deny ->
    denies, denied, denying; push -> pushes). With `double_final_consonant`, also the doubled forms
    of a short final syllable (ban -> banned, banning). Irregular forms are the caller's to add."""
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith(SIBILANT_ENDINGS):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if double_final_consonant and len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms
