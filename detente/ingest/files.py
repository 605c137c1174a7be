"""Find input files under the paths a user gives, in a stable order."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

from detente.ingest.text import display_path

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
    """A file to read, with what identifies its content for incremental runs.

    `path` is the name as the OS needs it to open the file (it may hold surrogate escapes
    when the name is not valid UTF-8); `key` is the resolved absolute path as valid text,
    the file's identity in the store, so one file named two ways is read once.
    """

    path: str
    format: str
    compressed: bool
    size: int
    mtime_ns: int
    key: str = ""
    digest: str | None = None  # SHA-256 of the bytes, once computed (`file_digest`)
    inode: tuple[int, int] = (0, 0)  # (st_dev, st_ino): hard links to one file share it

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", display_path(self.path))

    @property
    def source(self) -> str:
        """The name shown to users and stored as the articles' `source` (always valid text)."""
        return display_path(self.path)


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

    Yields `(path, reason)` pairs for what cannot be read: paths that do not exist, formats
    we do not read when named explicitly, folders that cannot be listed, and inputs that
    are not regular files (named pipes, sockets and devices would block or never end;
    dangling links and link loops cannot be opened). Unknown files met inside folders are
    skipped silently (a corpus folder may hold notes, images, ...). A file reached twice
    (named relatively and absolutely, through a symbolic link, or through a hard link: the
    same device and inode) is yielded once. Two files with the same content are two inputs.
    """
    seen: set[str] = set()
    inodes: set[tuple[int, int]] = set()
    for root in paths:
        root = Path(root)
        if not os.path.lexists(root):
            yield (display_path(root), "no such file or directory")
            continue
        if root.is_dir():
            problems: list[OSError] = []
            found = sorted(_walk(root, problems.append))
            for error in problems:
                yield (display_path(error.filename or root), f"cannot list folder: {error.strerror or error}")
        else:
            found = [root]
        for path in found:
            item = _input_file(path, named=path is root)
            if isinstance(item, InputFile):
                if item.key in seen or (item.inode != (0, 0) and item.inode in inodes):
                    continue
                seen.add(item.key)
                inodes.add(item.inode)
            if item:
                yield item


def _walk(root: Path, onerror: Callable[[OSError], None]) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root, onerror=onerror):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(directory) / name


def _input_file(path: Path, named: bool = False) -> InputFile | tuple[str, str] | None:
    """The input file at `path`, a `(path, reason)` when it cannot be read, or None for a
    file of a format we do not read (a reason only when the user named it)."""
    found = format_of(path)
    if not found:
        return (display_path(path), _UNSUPPORTED) if named else None
    try:
        stat = os.stat(path)  # follows links: a link is read as what it points to
    except OSError as error:
        return (display_path(path), _stat_problem(path, error))
    if not S_ISREG(stat.st_mode):
        return (display_path(path), f"not a regular file ({_kind(stat.st_mode)}); only regular files are read")
    return InputFile(str(path), found[0], found[1], stat.st_size, stat.st_mtime_ns, display_path(os.path.realpath(path)), inode=(stat.st_dev, stat.st_ino))


_UNSUPPORTED = "unsupported file type (expected .txt, .html, .htm, .jsonl, optionally .gz)"


def _stat_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop; not read"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return "dangling symbolic link (its target does not exist); not read"
    return f"cannot read file: {error.strerror or error}"


def _kind(mode: int) -> str:
    if S_ISFIFO(mode):
        return "a named pipe"
    if S_ISSOCK(mode):
        return "a socket"
    if S_ISCHR(mode) or S_ISBLK(mode):
        return "a device"
    if S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def file_digest(path: str, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks so large files cost no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
