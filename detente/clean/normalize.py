"""Text repair that changes characters, never words.

Mojibake is repaired with ftfy; exotic quote marks are mapped onto the usual curly ones
(kept curly because their direction helps the quote finder); odd spaces and invisible
characters go; each line is stripped and inner runs of spaces collapse to one.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

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
# (The quote is matched first and the letter before it checked by a lookbehind over both:
# a pattern that opens with a character class lets the regex engine skip ahead to a quote.)
_QUOTE_AS_APOSTROPHE = re.compile(r"[\"\u201d\u201c](?<=[A-Za-z].)(?=(?:s|t|re|ve|ll|d|m)\b)")
_ODD_CHARACTER = re.compile("[" + "".join(chr(code) for code in _QUOTE_MAP) + "]")
_SPACE_RUN = re.compile(r"  +")  # two or more spaces; a literal prefix is found fast
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029\v\f]")
_LINE_BREAK_MARKS = "\r\x85\u2028\u2029\v\f"  # a cheap test before the alternation: the characters it starts with
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
# Characters that UTF-8 read as cp1252/latin-1 (or cp1251 read as cp1252) always produces;
# text without any of them cannot hold mojibake, and ftfy's fuller detector is skipped.
_MOJIBAKE_HINT = re.compile(r"[ÃÂâÐÑÅÄÎÏÊËÌÍÒÓÔÕÖØÙÚÛÜ\u0080-\u009f\ufffd]")


def _replace_odd(match: re.Match[str]) -> str:
    return _QUOTE_MAP[ord(match.group())] or ""


def normalize_text(text: str) -> str:
    """Repair encoding damage and normalise quotes and whitespace, line by line.

    Line breaks are kept (the line cleaner works on lines); `\\r\\n`, `\\r` and Unicode line
    separators become `\\n`. ftfy's full repair runs only where its own detector sees mojibake:
    it is by far the slowest step, and most texts need nothing but NFC.
    """
    if not text.isascii() and _MOJIBAKE_HINT.search(text) and is_bad(text):
        text = ftfy.fix_text(text, _FTFY)
    elif not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if any(mark in text for mark in _LINE_BREAK_MARKS):  # (six substring tests: ten times faster than one regex scan)
        text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _ODD_CHARACTER.sub(_replace_odd, text)  # cost grows with matches, unlike str.translate
    text = _QUOTE_AS_APOSTROPHE.sub("\u2019", text)
    text = _SPACE_RUN.sub(" ", text)
    # No run of spaces is left, so a line edge holds at most one space: plain replaces do
    # what the regex " ?\n ?" did, several times faster.
    return text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")


def normalize_for_hash(text: str) -> str:
    """The form of a text two copies share when they differ only in case, spacing, quotes.

    Used for content ids and exact-duplicate detection, never shown to users.
    """
    folded = text.lower()
    for mark in _HASH_QUOTES:  # (a replace per mark present: faster than a regex scan of the whole text)
        if mark in folded:
            folded = folded.replace(mark, "")
    return " ".join(folded.split())


_HASH_QUOTES = "\u2018\u2019\u201c\u201d\"'«»"  # dropped from the hashed form


# Scripts written without spaces between words: each character counts as one word, so a
# Chinese or Japanese article is not "1 word" (a whitespace count sees one long token).
_UNSPACED_SCRIPT = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_UNSPACED_SCRIPT}]|[^\\s{_UNSPACED_SCRIPT}]+")
_UNSPACED = re.compile(f"[{_UNSPACED_SCRIPT}]")


def count_words(text: str) -> int:
    """Words of a text: whitespace-separated tokens, and each Han/kana character on its own.

    Identical to `len(text.split())` for text without Han or kana characters.
    """
    if text.isascii() or not _UNSPACED.search(text):  # (curly quotes make most texts non-ASCII)
        return len(text.split())
    return len(_WORD.findall(text))
