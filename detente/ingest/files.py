"""Find input files under the paths a user gives, in a stable order."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class InputFile:
    """A file to read, with what identifies its content for incremental runs."""

    path: str
    format: str
    compressed: bool
    size: int
    mtime_ns: int


def format_of(path: Path) -> tuple[str, bool] | None:
    """Return `(format, gzipped)` from the file name, or None for files we do not read."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    kind = _FORMATS.get(suffixes[-1])
    return (kind, compressed) if kind else None


def discover(paths: Iterable[Path | str]) -> Iterator[InputFile | tuple[str, str]]:
    """Yield readable input files under `paths` (recursively), sorted by path.

    Yields `(path, reason)` pairs for paths that do not exist or have a format we do not
    read when named explicitly; unknown files met inside directories are skipped silently
    (a corpus folder may hold notes, images, ...).
    """
    for root in paths:
        root = Path(root)
        if not root.exists():
            yield (str(root), "no such file or directory")
        elif root.is_dir():
            for path in sorted(_walk(root)):
                item = _input_file(path)
                if item:
                    yield item
        else:
            yield _input_file(root) or (str(root), "unsupported file type (expected .txt, .html, .htm, .jsonl, optionally .gz)")


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(directory) / name


def _input_file(path: Path) -> InputFile | None:
    found = format_of(path)
    if not found:
        return None
    stat = path.stat()
    return InputFile(str(path), found[0], found[1], stat.st_size, stat.st_mtime_ns)


def file_digest(path: str, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks so large files cost no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
