"""Decoding bytes of unknown encoding, and refusing what is not text."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest.decode import DecodeError, decode_bytes

TEXT = "Moscow said on Monday that “the talks” in Brussels would go on; Müller agreed."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decode_unicode_encodings(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert text.lstrip("\ufeff") == TEXT
    assert found == encoding


def test_decode_cp1251_cyrillic() -> None:
    russian = "Министр иностранных дел России заявил в понедельник, что переговоры с альянсом продолжатся. " * 3
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian
    assert encoding.replace("_", "").lower() in {"cp1251", "windows1251"}


def test_decode_latin1_accents() -> None:
    french = "Le ministre a déclaré à Bruxelles que l'alliance était prête à négocier. " * 3
    text, _ = decode_bytes(french.encode("latin-1"))
    assert "déclaré" in text and "Bruxelles" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "PDF document"),
        (b"PK\x03\x04" + bytes(100), "zip archive"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
        (b"abc\x00\x01\x02\x03def" * 10, "NUL bytes"),
    ],
)
def test_decode_rejects_non_text(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_decode_rejects_random_bytes() -> None:
    noise = bytes((index * 7919 + 13) % 256 for index in range(3000)).replace(b"\x00", b"\x01")
    with pytest.raises(DecodeError):
        decode_bytes(noise)


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_decode_property_never_raises_other_errors(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(text, str) and encoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("The minister said \u201cno\u201d to the plan. ".encode() * 20 + b"stray \x93quote\x94 here", "stray \u201cquote\u201d here"),
        (b"The talks ended on Tuesday with a joint statement.\x00 Both sides agreed.", "statement.\x00 Both"),
    ],
)
def test_decode_keeps_text_with_a_few_stray_bytes(data: bytes, expected: str) -> None:
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and expected in text
