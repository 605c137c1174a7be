"""The vectorised language identifier gives py3langid's own results, to the last bit."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_DIR, MODEL_FILE, visit_counts
from py3langid.langid import LanguageIdentifier as Py3LanguageIdentifier

from detente.clean.language import LanguageIdentifier, load_language_identifier

SHARED = Path(__file__).resolve().parents[2] / "shared"

SAMPLES = [
    "Ministers met in the capital on Tuesday to discuss a ceasefire along the border, officials said.",
    "Le ministre a déclaré mardi que les négociations reprendraient la semaine prochaine à Genève.",
    "Der Außenminister sagte am Dienstag, die Gespräche würden nächste Woche fortgesetzt.",
    "El gobierno anunció el martes nuevas sanciones contra las empresas del sector energético.",
    "Министр иностранных дел заявил во вторник, что переговоры продолжатся на следующей неделе.",
    "外交部发言人周二表示，双方将于下周继续举行会谈。",
    "外務省の報道官は火曜日、協議は来週再開されると述べた。",
    "وقال الوزير يوم الثلاثاء إن المحادثات ستستأنف الأسبوع المقبل",
    "SHARE THIS STORY ON FACEBOOK TWITTER EMAIL",
    "Home | World | Politics | Business | Sport",
    "12:45 2019-08-20 +++ 404 ### ---",
    "a",
    "ab",
    "",
    "     ",
    "\u0130stanbul \u0131\u015f\u0131k \u017f \u212a",
]


@lru_cache(maxsize=1)
def _identifiers() -> tuple[LanguageIdentifier, Py3LanguageIdentifier]:
    return load_language_identifier(), Py3LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def test_automaton_window_is_the_deepest_state() -> None:
    fast, _ = _identifiers()
    assert fast._window == 6  # py3langid 0.4.0's model: n-gram states at most 6 bytes deep


@pytest.mark.parametrize("text", SAMPLES)
def test_same_language_and_confidence(text: str) -> None:
    fast, plain = _identifiers()
    for sample in (text, text[:800], text[:7], text[:5], text.upper()):
        assert fast.classify(sample) == plain.classify(sample)


@pytest.mark.parametrize("text", [s for s in SAMPLES if len(s.encode()) >= 6])
def test_counts_in_first_occurrence_order(text: str) -> None:
    """The n-gram counts come in py3langid's Counter order: the naive Bayes sum runs in the same order."""
    fast, _ = _identifiers()
    encoded = fast._encode(text)
    expected = visit_counts(fast.tk_nextmove, fast._rowbase, fast.tk_output, encoded)
    found = fast._counts(encoded)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found[0].tolist() == list(expected.keys())
    assert found[1].tolist() == list(map(float, expected.values()))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120) | st.binary(max_size=60).map(lambda b: b.decode("latin-1")))
def test_any_text_same_result(text: str) -> None:
    fast, plain = _identifiers()
    assert fast.classify(text) == plain.classify(text)


@pytest.mark.skipif(not (SHARED / "eval" / "wire_dev.jsonl").exists(), reason="needs ../shared/eval (the dev texts)")
def test_dev_texts_same_result() -> None:
    fast, plain = _identifiers()
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "pagedumps_dev").glob("*.dump.txt"))]
    with open(SHARED / "eval" / "wire_dev.jsonl", encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle]
    for text in texts:
        assert fast.classify(text[:800]) == plain.classify(text[:800])
