"""Actors, session 10: a title with a sector but no country on a surname ("Senator Cruz") is the
known person of the article with that surname, even when a namesake we know nothing of ("his wife
Heidi Cruz") was named last; before, the title's sector alone was the code (LEG). Sentences
written for these tests."""

from __future__ import annotations

from detente.actors import find_mentions
from tests.test_events_coder import article, stages  # noqa: F401 - the session fixture


def test_actors_s10_titled_surname_is_the_coded_namesake(nlp, stages) -> None:  # noqa: ANN001, F811
    text = ("Sen. Ted Cruz endorsed Donald Trump on Friday. His wife Heidi Cruz said nothing. "
            "Cruz was in Houston. Senator Cruz said he would vote for Trump.")
    codes = {m.text: m.code for m in find_mentions(nlp(text), article(text, "2016-09-23"), stages[0])}
    assert codes.get("Senator Cruz") == "USALEG", codes
