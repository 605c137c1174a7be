"""The classifier's mean word length, counted from spaces, is the plain definition's.

Why: `_text_shape` takes the normalised form's words and letters from its single spaces
(`normalise_line` leaves no other whitespace and none at the ends) instead of splitting it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.clean.lines import _features, _text_shape, _tokens, load_config, normalise_line

_STOP = dict(load_config().stop_words)["en"]
text = st.text(alphabet=st.sampled_from("aZé1 ,.|»\u00a0\u2003\u3000\t\x1c\u2019\u201c-—北"), min_size=1, max_size=60)


@settings(max_examples=500, deadline=None)
@given(text)
def test_mean_word_length_is_the_split_definition(line: str) -> None:
    f = _features(line, _tokens(line), _STOP)
    if f is None:
        return
    words = normalise_line(line).split()
    expected = sum(map(len, words)) / len(words) if words else 0.0
    assert _text_shape(line, f)[2] == expected


def test_mean_word_length_of_a_decorated_line() -> None:
    line = "  “Talks  resume”\u00a0in Geneva — officials!  "
    f = _features(line, _tokens(line), _STOP)
    assert f is not None and f.norm == 'talks resume" in geneva — officials'
    assert _text_shape(line, f)[2] == len('talksresume"ingeneva—officials') / 6
