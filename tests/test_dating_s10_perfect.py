"""Session 10 rule of event dating (`detente.events.dating`, rule 2): an act in the present
perfect past the story's lead is today's news when a reporting verb governs it or a word of
recency marks it; a bare perfect deep in the story (a standing state such as "has backed") stays
undated. Sentences written for these tests; stories published on Monday 2021-10-18."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_event_dating import LEAD, PUBLISHED, date_of


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The minister said in a statement that she has asked the embassy to hand over the suspects.", "asked",
         (PUBLISHED, "day")),
        ("The rebels say the army has sent two battalions across the river.", "sent", (PUBLISHED, "day")),
        ("The councils have recently been vocal in their rejection of the plan.", "rejection", (PUBLISHED, "day")),
        ("The agency has just signed a supply deal with the port authority.", "signed", (PUBLISHED, "day")),
        # no report, no recency: a standing state, no date
        ("The government has backed the rebels in the east.", "backed", (None, None)),
    ],
)
def test_present_perfect_past_the_lead(nlp: Language, text: str, word: str,
                                       expected: tuple[str | None, str | None]) -> None:
    assert date_of(nlp, LEAD + text, word) == expected
