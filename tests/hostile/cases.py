"""Hostile inputs, built at test time: each case writes a few bad files beside three good
articles. `scale` makes the large versions for `benchmarks/bench_hostile.py` (200 MB
files, decompression bombs); the tests use the small ones (scale 1).

Each case says what a run must do with it: the exit code of `detente run`, a phrase of
the one-line reason in rejects.jsonl (None: nothing rejected), and the settings it runs
under (small limits, so that small files hit them).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Three unrelated articles written for these tests (no text from ../shared).
GOOD = (
    "Officials in Vilnius said on Tuesday that the government would expel two diplomats accused of spying, "
    "the foreign ministry said in a statement. The ministry added that the decision followed an investigation "
    "by the security service, which found that the pair had collected information on military sites near the border.",
    "The agriculture ministers of the southern African states met in Gaborone on Friday to agree a common plan "
    "against the drought that has ruined maize harvests for a second year. Farmers' unions asked for cheaper "
    "credit and for grain reserves to be released before the planting season begins in October.",
    "A court in Santiago ordered the release of the fishing crew detained last month after their trawler crossed "
    "into protected waters during a storm. The judge ruled that the captain had radioed the coast guard twice "
    "and that prosecutors had shown no intent to fish inside the reserve.",
)
GOOD_MARKERS = ("Vilnius", "Gaborone", "Santiago")  # one word that identifies each good article


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and what a run must do with it."""

    name: str
    build: Callable[[Path, int], None]
    exit_code: int
    reason: str | None  # a phrase of the reject's reason; None: no reject
    settings: dict[str, Any] = field(default_factory=dict)  # Settings fields for this case
    annotate: bool = False
    cli_args: tuple[str, ...] = ()  # options of `detente run` for this case
    needs: str | None = None  # "fifo", "symlink", "bytes-names": skipped where the OS lacks it


def write_good(folder: Path) -> None:
    """The three good articles: a page dump, an HTML page and a JSONL record."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good1.txt").write_text("Home | World | Sport\n" + GOOD[0] + "\nShare this article\n", encoding="utf-8")
    (folder / "good2.html").write_text(f"<html><head><title>Drought plan</title></head><body><article><p>{GOOD[1]}</p></article></body></html>", encoding="utf-8")
    (folder / "good3.jsonl").write_text(json.dumps({"text": GOOD[2], "title": "Crew released"}) + "\n", encoding="utf-8")


def _long_article(folder: Path, scale: int) -> None:
    paragraphs = [
        f"Paragraph {index}: Russian Foreign Minister Sergei Lavrov said on Monday that Moscow would expel {index} NATO diplomats."
        if index % 5 == 0 else f"Paragraph {index}: the delegates from the northern provinces argued about the budget for roads and schools."
        for index in range(250 * scale)
    ]  # fmt: skip
    (folder / "long.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")


def _long_paragraph(folder: Path, scale: int) -> None:
    sentences = " ".join(f"The delegates of province {index} argued about the budget for roads and schools." for index in range(300 * scale))
    (folder / "paragraph.txt").write_text(sentences + "\n", encoding="utf-8")


def _long_line(folder: Path, scale: int) -> None:
    text = "The council debated the harbour tariffs again. " * (3000 * scale)
    (folder / "longline.jsonl").write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": GOOD[0].replace("Vilnius", "Tallinn")}) + "\n", encoding="utf-8")


def _surrogate_title(folder: Path, scale: int) -> None:
    record = {"text": GOOD[1].replace("Gaborone", "Maseru") + " Bad \udc80 byte.", "title": "Broken \udc80 title", "author": "\ud800"}
    (folder / "surrogate.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")  # json.dumps escapes them: valid UTF-8 on disk


def _no_newline(folder: Path, scale: int) -> None:
    with open(folder / "stream.jsonl", "wb") as handle:
        for _ in range(20 * scale):
            handle.write(b"\x20" * 50_000 + b"0" * 50_000)


def _gzip_bomb(folder: Path, scale: int) -> None:
    with gzip.open(folder / "bomb.jsonl.gz", "wb", compresslevel=9) as handle:
        block = b"{" * 1_000_000
        for _ in range(20 * scale):
            handle.write(block)


def _many_bad_lines(folder: Path, scale: int) -> None:
    with gzip.open(folder / "badlines.jsonl.gz", "wb") as handle:
        handle.write(b"{not json}\n" * (3000 * scale))


def _fifo(folder: Path, scale: int) -> None:
    os.mkfifo(folder / "pipe.txt")


def _markup_names(folder: Path, scale: int) -> None:
    nested = folder / "[bold red]alarm"
    nested.mkdir()
    (nested / "[link=file:x]a.txt").write_text(GOOD[0].replace("Vilnius", "Riga"), encoding="utf-8")
    (nested / "[bold]empty.txt").write_bytes(b"")


def _nested_json(folder: Path, scale: int) -> None:
    depth = 100_000
    (folder / "deep.jsonl").write_text("[" * depth + "]" * depth + "\n" + json.dumps({"text": GOOD[0].replace("Vilnius", "Minsk")}) + "\n", encoding="utf-8")


def _symlink_loop(folder: Path, scale: int) -> None:
    os.symlink("loop.txt", folder / "loop.txt")


def _dangling_link(folder: Path, scale: int) -> None:
    os.symlink(folder / "missing-target.txt", folder / "dangling.txt")


def _bad_file_name(folder: Path, scale: int) -> None:
    with open(os.fsencode(folder) + b"/caf\xe9-\xff.txt", "wb") as handle:
        handle.write(GOOD[0].replace("Vilnius", "Kaunas").encode())


def _blank_jsonl(folder: Path, scale: int) -> None:
    (folder / "blank.jsonl").write_text("   \n\n \t\n", encoding="utf-8")


def _binary_jsonl(folder: Path, scale: int) -> None:
    (folder / "image.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40 * scale)


def _random_jsonl(folder: Path, scale: int) -> None:
    (folder / "noise.jsonl").write_bytes(bytes((index * 7919 + 13) % 256 for index in range(20_000 * scale)))


def _nul_in_article(folder: Path, scale: int) -> None:
    (folder / "nul.txt").write_bytes(GOOD[1].replace("Gaborone", "Lusaka").encode().replace(b"maize", b"mai\x00ze"))


def _cp1252_in_article(folder: Path, scale: int) -> None:
    (folder / "quote.txt").write_bytes(GOOD[2].replace("Santiago", "Valparaiso").encode().replace(b"ruled that", b"ruled \x93that\x94"))


def _credited_string(folder: Path, scale: int) -> None:
    record = {"text": GOOD[0].replace("Vilnius", "Warsaw"), "credited": "AFP"}
    (folder / "credited.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def _huge_file(folder: Path, scale: int) -> None:
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(3_000_000 * scale)  # sparse: no disk used


CASES = (
    Case("long article", _long_article, 0, None, annotate=True, cli_args=("--max-chars", "5000")),
    Case("paragraph longer than the parser's limit", _long_paragraph, 1, "article too long for the parser: a paragraph of", annotate=True, cli_args=("--max-chars", "5000")),
    Case("long JSONL line", _long_line, 1, "line over the 0.1 MB limit", {"max_line_mb": 0.1}),
    Case("long text in a JSONL record", _long_line, 1, "text too long for one article: 0.1 million characters, limit 0.05 million", {"max_text_chars": 50_000}),
    Case("lone surrogates in a JSONL record", _surrogate_title, 0, None),
    Case("JSONL stream without newlines", _no_newline, 1, "line over the 0.1 MB limit", {"max_line_mb": 0.1}),
    Case("gzip bomb in .jsonl.gz", _gzip_bomb, 1, "decompressed data over the limit", {"max_line_mb": 0.1, "max_gzip_ratio": 50}),
    Case("3,000 bad lines in .jsonl.gz", _many_bad_lines, 1, "malformed JSON", {"max_rejects_per_file": 100}),
    Case("named pipe", _fifo, 1, "not a regular file (a named pipe)", needs="fifo"),
    Case("Rich markup in names", _markup_names, 1, "empty file"),
    Case("JSON nested 100,000 deep", _nested_json, 1, "nested too deeply"),
    Case("symbolic link loop", _symlink_loop, 1, "symbolic link loop", needs="symlink"),
    Case("dangling symbolic link", _dangling_link, 1, "dangling symbolic link", needs="symlink"),
    Case("file name not UTF-8", _bad_file_name, 0, None, needs="bytes-names"),
    Case("whitespace-only .jsonl", _blank_jsonl, 1, "empty file (only blank lines)"),
    Case("PNG named .jsonl", _binary_jsonl, 1, "binary file (PNG image), not JSONL"),
    Case("random bytes named .jsonl", _random_jsonl, 1, "binary data"),
    Case("one NUL byte in a good article", _nul_in_article, 0, None),
    Case("one cp1252 quote in a UTF-8 article", _cp1252_in_article, 0, None),
    Case("credited as a string", _credited_string, 0, None),
    Case("document over the size limit", _huge_file, 1, "over the 1 MB limit", {"max_document_mb": 1.0}),
)


def build(case: Case, folder: Path, scale: int = 1) -> Path:
    """The three good articles and the case's hostile files in `folder`."""
    write_good(folder)
    case.build(folder, scale)
    return folder
