"""Event dates of acts in the present perfect past the story's lead with no report and no recency
word (`detente.events.dating`, rule 2; s10 real-news audit: "have been put on high alert" deep in a
dated story was left undated): an act is today's news; a verb of standing (`standing_verbs`:
"has backed", "has witnessed") tells a state and stays undated, and so does an act in a passage
dated more than a month back. Sentences written for these tests; stories published 2021-10-18."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_event_dating import LEAD, PUBLISHED, date_of


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The border guards have been put on high alert across the province.", "put", (PUBLISHED, "day")),
        ("Police have detained the owner of the warehouse.", "detained", (PUBLISHED, "day")),
        ("The government has banned students from discussing the reform.", "banned", (PUBLISHED, "day")),
        # verbs of standing: a state that holds
        ("The town has witnessed frequent attacks on the garrison.", "attacks", (None, None)),
        ("The United States has strongly backed the new leadership in Tbilisi.", "backed", (None, None)),
        # a passage told years back
        ("The war began in 1998. The army has detained hundreds of suspects.", "detained", (None, None)),
    ],
)
def test_present_perfect_deep_in_a_dated_story(nlp: Language, text: str, word: str,
                                               expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, LEAD + text, word) == expected
