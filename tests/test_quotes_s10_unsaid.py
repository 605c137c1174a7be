"""Quote constructions of session 10 (issue 11, real-news audit seed 1010), each a sentence of our
own: a cue in a clause put in question or in a condition ("whether", "if"), or in the infinitive a
verb of requesting asks of its object ("urged voters to tell ..."), reports nothing anyone said;
the speaker's own report around it stays."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteLexicon
from tests.test_quotes_constructions import lexicon, quotes_of  # noqa: F401 - the session fixture

spacy = pytest.importorskip("spacy")


@pytest.mark.parametrize(("text", "cue"), [
    ("It remained unclear whether the tribunal would rule that the old dams posed a danger.", "rule"),
    ("The candidate is also encouraging his supporters at a rally Friday evening in Ohio to ask why he had problems"
     " and his rival did not.", "ask"),
    ("The alliance would encourage past and present staff of large firms to report use of stolen software.", "report"),
    ("The relatives, who asked police to show them the footage, watched it on Friday.", "show"),
])
def test_a_cue_in_question_or_asked_of_someone_is_no_quote(nlp, lexicon: QuoteLexicon, text: str, cue: str) -> None:  # noqa: ANN001
    assert cue not in {quote.cue for quote in quotes_of(nlp, lexicon, text)}


def test_the_report_around_a_condition_stays(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    text = "The ministry contended that the tax is fair even if the court found a flaw in the law."
    found = {(quote.speaker.text if quote.speaker else None, quote.cue) for quote in quotes_of(nlp, lexicon, text)}
    assert found == {("The ministry", "contended")}
