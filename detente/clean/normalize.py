"""Text repair that changes characters, never words.

Mojibake is repaired with ftfy; exotic quote marks are mapped onto the usual curly ones
(kept curly because their direction helps the quote finder); odd spaces and invisible
characters go; each line is stripped and inner runs of spaces collapse to one.
"""

from __future__ import annotations

import re

import ftfy

_QUOTE_MAP = str.maketrans(
    {
        "\u201e": "\u201c",  # „ low double quote opens
        "\u201f": "\u201c",
        "\u2033": "\u201d",  # ″ double prime used as a closing quote
        "\u301d": "\u201c",
        "\u301e": "\u201d",
        "\uff02": '"',
        "\u201a": "\u2018",  # ‚ low single quote opens
        "\u201b": "\u2018",
        "\u2032": "\u2019",  # ′ prime used as an apostrophe
        "\uff07": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,  # stray byte-order mark
        "\u00ad": None,  # soft hyphen
    }
)

# A double quote mark inside a word stands for an apostrophe ("Russia”s", "don"t"):
# machine translation and bad encodings produce it, and it fools the quote finder.
_QUOTE_AS_APOSTROPHE = re.compile(r"(?<=[A-Za-z])[\"\u201d\u201c](?=(?:s|t|re|ve|ll|d|m)\b)")
_SPACE_RUN = re.compile(r" {2,}")


def normalize_text(text: str) -> str:
    """Repair encoding damage and normalise quotes and whitespace, line by line.

    Line breaks are kept (the line cleaner works on lines); `\\r\\n` and `\\r` become `\\n`.
    """
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")
    text = text.translate(_QUOTE_MAP)
    text = _QUOTE_AS_APOSTROPHE.sub("\u2019", text)
    return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))


def normalize_for_hash(text: str) -> str:
    """The form of a text two copies share when they differ only in case, spacing, quotes.

    Used for content ids and exact-duplicate detection, never shown to users.
    """
    folded = re.sub(r"[\u2018\u2019\u201c\u201d\"'«»]", "", text.lower())
    return " ".join(folded.split())
