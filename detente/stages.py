"""The pipeline's declared stages: what each reads, what it adds, and its work on one partition.

A stage is a small picklable object (`CleanStage`, `AnnotateStage`) whose `run(partition,
resources)` is a pure function of the partition and the loaded resources: no I/O beyond
its inputs (reading the input files, spooling rejects), no store, no global state. That is
what lets the same object run in-process, in a local process pool or on Dask workers
(`detente.runners`). Resources (the spaCy model, lexicons, the language identifier) are
loaded by `load_resources(settings)` once per process, into a `ResourceCache` that the
runner owns (a local variable of each pool worker, a plugin on each Dask worker).

Like spaCy's `requires`/`assigns`, `reads` and `adds` name the record fields a stage needs
and the ones it produces; `check_order` verifies a list of stages against them.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from detente import __version__

from detente.annotate import AnnotationFailure, Annotations, NlpResources, annotate_guarded, load_nlp_resources, one_line
from detente.clean import clean_document
from detente.clean.lines import normalise_line
from detente.config import Settings
from detente.dedup import signature
from detente.ingest import InputFile, read_file
from detente.ingest.files import file_digest
from detente.records import Article, Event, Mention, Quote, Reject, Speaker
from detente.resources import CleaningResources, load_cleaning_resources
from detente.store import TABLE_SCHEMAS, RejectSpool

P = TypeVar("P")
R = TypeVar("R")


@dataclass
class StageCounters:
    """What one stage did: documents in and out, dropped by reason, errors (a bug on one
    document, kept as that document's reject or failure), and the seconds its work took
    (summed over partitions: worker time, not wall time). Counters of partitions add up."""

    stage: str
    docs_in: int = 0
    docs_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: StageCounters) -> None:
        self.docs_in += other.docs_in
        self.docs_out += other.docs_out
        self.dropped.update(other.dropped)
        self.errors += other.errors
        self.seconds += other.seconds

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StageCounters:
        """The inverse of `to_dict` (counters read back from a partition's stored output)."""
        return cls(data["stage"], data["docs_in"], data["docs_out"], Counter(data["dropped"]), data["errors"], data["seconds"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage, "docs_in": self.docs_in, "docs_out": self.docs_out,
            "dropped": dict(sorted(self.dropped.items())), "errors": self.errors, "seconds": round(self.seconds, 3),
        }  # fmt: skip


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def reason_kind(reason: str) -> str:
    """A reject reason without its particulars, to count drops by kind: the text before the
    first parenthesis or colon, numbers as N ("file is N MB, over the N MB limit ...")."""
    head = re.split(r"[(:]", reason, maxsplit=1)[0].strip()
    return _NUMBER.sub("N", head) or "unknown"


@dataclass
class StageResult(Generic[R]):
    """A stage's output for one partition: its records, its rejects, its counters.

    The clean stage's records are `FileOutput`s, each carrying its file's rejects (the store
    keys rejects by input file), so its `rejects` is empty; the annotate stage's records are
    `Annotations` and its rejects the `AnnotationFailure`s of the partition."""

    records: list[R]
    rejects: list[Any]
    counters: StageCounters
    failure: str | None = None  # the partition crashed on every attempt (`failed_partition`): why


def failed_partition(stage: Stage[Any, Any], partition: Any, reason: str, attempts: int) -> StageResult[Any]:
    """The result of a partition that crashed (its worker died, or the stage raised outside
    its per-document guards) on each of its `attempts`: no records, its documents counted as
    dropped with the reason. The caller keeps its inputs as failed, never as done."""
    size = len(partition) if hasattr(partition, "__len__") else 0
    counters = StageCounters(stage.name, docs_in=size, errors=1)
    counters.dropped["partition failed"] = size
    return StageResult([], [], counters, failure=f"{reason} (partition failed {attempts} times)")


class Stage(Protocol[P, R]):
    """A unit of the pipeline a runner can run over partitions."""

    name: str
    reads: tuple[str, ...]
    adds: tuple[str, ...]

    def resource_key(self) -> Hashable:
        """What identifies the resources this stage needs (the cache key in a process)."""

    def load_resources(self, settings: Settings) -> Any:
        """Load the resources (once per process)."""

    def run(self, partition: P, resources: Any) -> StageResult[R]:
        """The stage's work on one partition: pure, no store, no global state."""


class ResourceCache:
    """The resources of each stage, loaded once per process and kept for its lifetime;
    owned by whoever owns the process (the in-process runner, a pool worker's loop, a
    Dask worker plugin), never a module global."""

    def __init__(self) -> None:
        self._loaded: dict[Hashable, Any] = {}
        self.loads = 0  # how many times resources were loaded (tests: once per process)
        self.frozen = False  # whether this cache has moved what is loaded out of the collector's reach

    def get(self, stage: Stage[Any, Any], settings: Settings) -> Any:
        key = (stage.name, stage.resource_key())
        if key not in self._loaded:
            self._loaded[key] = stage.load_resources(settings)
            self.loads += 1
            self.frozen = False
        if not self.frozen:
            gc.freeze()
            atexit.unregister(gc.unfreeze)  # one registration per process, however many caches froze
            atexit.register(gc.unfreeze)
            self.frozen = True
        return self._loaded[key]

    def thaw(self) -> None:
        """Give the objects frozen by `get` back to the garbage collector (`gc.unfreeze`):
        `pipeline.run` calls it when the run ends (the next run's first `get` freezes again),
        and an exit handler does it for any other process that froze.

        Why the freeze (issue 13): the loaded resources (the spaCy model, the actor knowledge,
        the gazetteer, the lexicons) are some million objects that live as long as the
        process and are never garbage, yet the first full collection after loading walked
        them all (0.25 s in the middle of a 84-article run), and every later one would again.
        `gc.freeze` after a load moves every object alive then into the permanent
        generation, which no collection walks (moving them is O(1)); nothing the pipeline
        computes depends on when cycles are collected. Why the thaw: cyclic garbage frozen with
        them is freed only once thawed, and objects still frozen at exit are never finalised
        (DuckDB's bindings then report them as leaked). A pool worker exits without either."""
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


def run_partition(stage: Stage[P, R], partition: P, cache: ResourceCache, settings: Settings) -> StageResult[R]:
    """Run `stage` on one partition with this process's resources (what every runner calls)."""
    return stage.run(partition, cache.get(stage, settings))


def check_order(stages: Sequence[Stage[Any, Any]], given: Iterable[str] = ("input files",)) -> None:
    """Raise ValueError when a stage reads a field no earlier stage adds."""
    available = set(given)
    for stage in stages:
        missing = [name for name in stage.reads if name not in available]
        if missing:
            raise ValueError(f"stage {stage.name!r} reads {missing}, which no earlier stage adds")
        available.update(stage.adds)


# A file's articles (with their MinHash values), its rejects, and the characters repaired at ingest.
# The rejects are streamed (`RejectSpool`): the first few in memory, the rest in a spool file.
FileOutput = tuple[InputFile, list[tuple[Article, np.ndarray]], RejectSpool, int]

# Typed partition files (issue 13): each table a stage writes has one fixed Arrow schema, the
# store's for the record contract's tables (`store.TABLE_SCHEMAS`), never types inferred
# from one partition's values (a column that is null in every row of one partition keeps its
# type). A file's path is bytes (a name that is not valid UTF-8 keeps its exact bytes).
# Bumped when a schema changes: it is part of every partition id, so a partition written
# by another format is never read back (it is computed again, and the stale one cleared).
PARTITION_FORMAT = 2
CLEAN_TABLES: dict[str, pa.Schema] = {
    "files": pa.schema(
        [("file", pa.int32()), ("path", pa.binary()), ("format", pa.string()), ("compressed", pa.bool_()), ("size", pa.int64()),
         ("mtime_ns", pa.int64()), ("key", pa.string()), ("digest", pa.string()), ("inode", pa.list_(pa.int64())),
         ("repaired", pa.int64()), ("rejects", pa.int64()), ("spool", pa.string()), ("hold", pa.int32()), ("show", pa.int32())]
    ),
    "rejects": pa.schema([("file", pa.int32()), ("kept", pa.string()), *TABLE_SCHEMAS["rejects"].remove(TABLE_SCHEMAS["rejects"].get_field_index("input_file"))]),
    "articles": TABLE_SCHEMAS["articles"].append(pa.field("file", pa.int32())).append(pa.field("minhash", pa.binary())),
}  # fmt: skip
ANNOTATE_TABLES: dict[str, pa.Schema] = {
    "annotated": pa.schema([("article_id", pa.string())]),
    "mentions": TABLE_SCHEMAS["mentions"], "quotes": TABLE_SCHEMAS["quotes"], "events": TABLE_SCHEMAS["events"],
    "failures": pa.schema([("article_id", pa.string()), ("stage", pa.string()), ("reason", pa.string()), ("source", pa.string())]),
}  # fmt: skip


@dataclass(frozen=True)
class CleanStage:
    """Read, clean and sign a partition of input files (`process_file` on each, in order).

    `common` is the run's common-line set (site boilerplate); `spool_dir` where a file's
    rejects beyond `max_rejects_per_file` are spooled (the output folder: the parent reads
    the spool back, so on a cluster it must be a shared folder, as the inputs are)."""

    settings: Settings
    common: frozenset[str] = frozenset()
    spool_dir: str | None = None
    common_digest: str = ""  # identifies `common` in partition ids (computed once by the caller)
    name: str = "clean"
    reads: tuple[str, ...] = ("input files",)
    adds: tuple[str, ...] = ("article", "signature", "reject")

    def resource_key(self) -> Hashable:
        return self.settings

    def load_resources(self, settings: Settings) -> CleaningResources:
        return load_cleaning_resources(settings)

    def run(self, partition: Sequence[InputFile], resources: CleaningResources) -> StageResult[FileOutput]:
        started = time.perf_counter()
        counters = StageCounters(self.name)
        outputs = [process_file(item, resources, self.common, self.spool_dir, counters) for item in partition]
        counters.seconds = time.perf_counter() - started
        return StageResult(outputs, [], counters)

    def partition_key(self, partition: Sequence[InputFile]) -> str:
        """What the result depends on: the files (identity, size, time), the settings the
        cleaning reads (not how the run is executed), the common lines, detente's version."""
        execution = {"workers", "engine", "scheduler", "dask_workers", "partition_files", "partition_attempts", "partition_outputs", "annotate", "report", "report_dyads"}
        settings = {name: str(getattr(self.settings, name)) for name in sorted(self.settings.__dataclass_fields__) if name not in execution}
        files = [[item.key, item.size, item.mtime_ns, item.digest] for item in partition]
        return json.dumps([__version__, PARTITION_FORMAT, settings, self.common_digest, files], sort_keys=True)

    def encode(self, result: StageResult[FileOutput]) -> dict[str, pa.Table]:
        """The result as typed tables (`CLEAN_TABLES`): per file its identity and where its
        spooled rejects are, the rejects it holds, and its articles (the store's columns,
        with the file's position and the MinHash values)."""
        files, rejects, articles = [], [], []
        for position, (item, found, spool, repaired) in enumerate(result.records):
            files.append({"file": position, "path": os.fsencode(item.path), "format": item.format, "compressed": item.compressed,
                          "size": item.size, "mtime_ns": item.mtime_ns, "key": item.key, "digest": item.digest, "inode": list(item.inode),
                          "repaired": repaired, "rejects": spool.count, "spool": spool.path, "hold": spool.hold, "show": spool.show})  # fmt: skip
            for kept, held in (("held", spool.held), ("sample", spool.sample)):
                rejects += [{"file": position, "kept": kept, **asdict(reject)} for reject in held]
            for article, values in found:
                articles.append({**article.to_dict(), "input_file": item.key, "file": position, "minhash": values.astype(np.uint32).tobytes()})
        return {name: pa.Table.from_pylist(rows, schema=CLEAN_TABLES[name]) for name, rows in (("files", files), ("rejects", rejects), ("articles", articles))}

    def decode(self, tables: dict[str, pa.Table], counters: StageCounters) -> StageResult[FileOutput]:
        """The inverse of `encode`."""
        outputs: list[FileOutput] = []
        for row in tables["files"].to_pylist():
            spool = RejectSpool(self.spool_dir, hold=row["hold"], show=row["show"])
            spool.count, spool.path = row["rejects"], row["spool"]
            item = InputFile(os.fsdecode(row["path"]), row["format"], row["compressed"], row["size"], row["mtime_ns"], row["key"], row["digest"], tuple(row["inode"]))
            outputs.append((item, [], spool, row["repaired"]))
        for row in tables["rejects"].to_pylist():
            spool = outputs[row.pop("file")][2]
            (spool.held if row.pop("kept") == "held" else spool.sample).append(Reject(**row))
        for row in tables["articles"].to_pylist():
            values = np.frombuffer(row.pop("minhash"), dtype=np.uint32).copy()
            outputs[row.pop("file")][1].append((Article.from_dict(row), values))
        return StageResult(outputs, [], counters)


@dataclass(frozen=True)
class CommonLineStage:
    """Count, in a partition of input files, in how many page dumps each short line occurs
    (the CCNet common-line pass, done where the files are: on the workers). The record is
    one `Counter` per partition; the parent sums them (`merge_line_counts`). Memory is
    bounded as in the parent's former single pass: past `max_entries` lines, those seen
    only once are forgotten (a line in one document cannot be common)."""

    settings: Settings
    max_entries: int = 2_000_000
    name: str = "common_lines"
    reads: tuple[str, ...] = ("input files",)
    adds: tuple[str, ...] = ("line counts",)

    def resource_key(self) -> Hashable:
        return None  # reads files only: nothing to load

    def load_resources(self, settings: Settings) -> None:
        return None

    def run(self, partition: Sequence[InputFile], resources: None) -> StageResult[Counter[str]]:
        started = time.perf_counter()
        counters = StageCounters(self.name)
        counts: Counter[str] = Counter()
        for item in partition:
            if item.format != "text":
                continue
            for raw in read_file(item, self.settings):
                if isinstance(raw, Reject) or not raw.text:
                    continue
                counters.docs_in += 1
                counts.update(document_lines(raw.text, self.settings.common_line_max_words))
            counts = prune_line_counts(counts, self.max_entries)
        counters.docs_out = counters.docs_in
        counters.seconds = time.perf_counter() - started
        return StageResult([counts], [], counters)


def document_lines(text: str, max_words: int) -> set[str]:
    """The normalised short lines of one document, each once (a line counts per document)."""
    return {key for line in text.splitlines() if (key := normalise_line(line)) and len(key.split()) <= max_words}


def prune_line_counts(counts: Counter[str], max_entries: int) -> Counter[str]:
    """`counts` without the lines seen once, when it holds more than `max_entries` lines."""
    if len(counts) <= max_entries:
        return counts
    return Counter({key: count for key, count in counts.items() if count > 1})


def merge_line_counts(partials: Iterable[Counter[str]], min_docs: int, max_entries: int = 2_000_000) -> frozenset[str]:
    """Sum the partitions' line counts (bounded as each partition's) and keep the lines seen
    in at least `min_docs` documents."""
    total: Counter[str] = Counter()
    for counts in partials:
        total.update(counts)
        total = prune_line_counts(total, max_entries)
    return frozenset(key for key, count in total.items() if count >= min_docs)


@dataclass(frozen=True)
class AnnotateStage:
    """Parse a partition of canonical articles once and find actors, quotes and events
    (`annotate_guarded`): one article's failure is its `AnnotationFailure`, never the batch's."""

    settings: Settings
    name: str = "annotate"
    reads: tuple[str, ...] = ("article",)
    adds: tuple[str, ...] = ("mention", "quote", "event")

    def resource_key(self) -> Hashable:
        return (self.settings.nlp_model, self.settings.extra_data, self.settings.parse_prefilter)

    def load_resources(self, settings: Settings) -> NlpResources:
        return load_nlp_resources(settings.nlp_model, settings.extra_data, settings.parse_prefilter)

    def run(self, partition: Sequence[Article], resources: NlpResources) -> StageResult[Annotations]:
        started = time.perf_counter()
        outcomes = annotate_guarded(partition, resources, self.settings.max_parse_chars)
        found = [outcome for outcome in outcomes if isinstance(outcome, Annotations)]
        failed = [outcome for outcome in outcomes if isinstance(outcome, AnnotationFailure)]
        counters = StageCounters(self.name, docs_in=len(partition), docs_out=len(found), errors=len(failed))
        counters.dropped.update(f"failed ({failure.stage})" for failure in failed)
        counters.seconds = time.perf_counter() - started
        return StageResult(found, failed, counters)

    def partition_key(self, partition: Sequence[Article]) -> str:
        """Everything the result depends on: the articles (ids, text, dates), the settings
        the stage reads, detente's version. Its hash names the partition's outputs."""
        settings = [self.settings.nlp_model, [str(path) for path in self.settings.extra_data], self.settings.parse_prefilter, self.settings.max_parse_chars]
        return json.dumps([__version__, PARTITION_FORMAT, settings, [article.to_dict() for article in partition]], sort_keys=True, default=str)

    def encode(self, result: StageResult[Annotations]) -> dict[str, pa.Table]:
        """The result as typed tables (`ANNOTATE_TABLES`): the articles annotated, in order,
        their mentions, quotes and events (the store's tables), the articles that failed."""
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ANNOTATE_TABLES}
        for found in result.records:
            rows["annotated"].append({"article_id": found.article_id})
            rows["mentions"] += [item.to_dict() for item in found.mentions]
            rows["quotes"] += [item.to_dict() for item in found.quotes]
            rows["events"] += [item.to_dict() for item in found.events]
        rows["failures"] = [asdict(failure) for failure in result.rejects]
        return {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in ANNOTATE_TABLES.items()}

    def decode(self, tables: dict[str, pa.Table], counters: StageCounters) -> StageResult[Annotations]:
        """The inverse of `encode` (each mention, quote and event goes to its article)."""
        found = {row["article_id"]: Annotations(row["article_id"]) for row in tables["annotated"].to_pylist()}
        for row in tables["mentions"].to_pylist():
            found[row["article_id"]].mentions.append(Mention(**row))
        for row in tables["quotes"].to_pylist():
            speaker = row.pop("speaker")
            found[row["article_id"]].quotes.append(Quote(**row, speaker=Speaker(**speaker) if speaker else None))
        for row in tables["events"].to_pylist():
            found[row["article_id"]].events.append(Event.from_dict(row))
        failed = [AnnotationFailure(**row) for row in tables["failures"].to_pylist()]
        return StageResult(list(found.values()), failed, counters)


@dataclass(frozen=True)
class Checkpointed:
    """A stage whose partitions keep their outputs (datatrove/dolma style): the worker
    writes one typed Parquet file per table, `<directory>/<stage>/<partition id>.<table>.parquet`
    (the inner stage's `encode`: fixed schemas, `CLEAN_TABLES`, `ANNOTATE_TABLES`), then the
    marker `<id>.done` last, holding the partition's counters and row counts (each file
    written to a temporary name and renamed). A partition whose marker exists is
    read back instead of computed again, so a rerun after the parent died (or a task run
    again after a lost worker) redoes only unfinished partitions. The partition id is the
    SHA-256 of the inner stage's `partition_key` (inputs, settings, version). The parent
    removes a partition's files once it has committed them to the store (`remove`)."""

    inner: Any  # a stage with partition_key, encode and decode (CleanStage, AnnotateStage)
    directory: str
    records: bool = True  # False: a partition's result carries its counters only (the parent `load`s it later)

    @property
    def name(self) -> str:
        return str(self.inner.name)

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(self.inner.reads)

    @property
    def adds(self) -> tuple[str, ...]:
        return tuple(self.inner.adds)

    def resource_key(self) -> Hashable:
        return self.inner.resource_key()

    def load_resources(self, settings: Settings) -> Any:
        return self.inner.load_resources(settings)

    def folder(self) -> Path:
        return Path(self.directory) / self.name

    def partition_id(self, partition: Any) -> str:
        return hashlib.sha256(self.inner.partition_key(partition).encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def done(self, partition_id: str) -> bool:
        return (self.folder() / f"{partition_id}.done").exists()

    def load(self, partition_id: str) -> StageResult[Any]:
        """A finished partition's result, read back from its Parquet files."""
        marker = json.loads((self.folder() / f"{partition_id}.done").read_text(encoding="utf-8"))
        tables = {name: self.load_table(partition_id, name) for name in marker["tables"]}
        return self.inner.decode(tables, StageCounters.from_dict(marker["counters"]))

    def load_table(self, partition_id: str, table: str, columns: Sequence[str] | None = None) -> pa.Table:
        """One table of a finished partition (only `columns`, when given)."""
        return pq.read_table(self.folder() / f"{partition_id}.{table}.parquet", columns=list(columns) if columns else None)

    def run(self, partition: Any, resources: Any) -> StageResult[Any]:
        result = self._run(partition, resources)
        return result if self.records else StageResult([], [], result.counters, result.failure)

    def _run(self, partition: Any, resources: Any) -> StageResult[Any]:
        partition_id = self.partition_id(partition)
        if self.done(partition_id):
            return self.load(partition_id)
        result = self.inner.run(partition, resources)
        tables = self.inner.encode(result)
        self.folder().mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            _write_then_rename(self.folder() / f"{partition_id}.{name}.parquet", partial(pq.write_table, table, compression="zstd"))
        marker = {"tables": {name: table.num_rows for name, table in tables.items()}, "counters": result.counters.to_dict()}
        _write_then_rename(self.folder() / f"{partition_id}.done", lambda path: path.write_text(json.dumps(marker), encoding="utf-8"))
        return result

    def remove(self, partition_id: str) -> None:
        """Forget a committed partition's outputs (marker first: never a marker without its data)."""
        (self.folder() / f"{partition_id}.done").unlink(missing_ok=True)
        for table in sorted(self.folder().glob(f"{partition_id}.*.parquet")):
            table.unlink(missing_ok=True)

    def clear(self) -> None:
        """Remove every partition output left (after a complete stage: stale ones of other inputs)."""
        folder = self.folder()
        if folder.is_dir():
            for leftover in sorted(folder.iterdir()):
                if leftover.name.endswith(".done"):
                    leftover.unlink(missing_ok=True)
            for leftover in sorted(folder.iterdir()):
                leftover.unlink(missing_ok=True)
            for empty in (folder, folder.parent):  # the folders go too when nothing else is in them
                try:
                    empty.rmdir()
                except OSError:
                    break


def _write_then_rename(path: Path, write: Any) -> None:
    """Write through a temporary name in the same folder, then rename: readers see all or nothing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(temporary)
    os.replace(temporary, path)


def process_file(
    item: InputFile,
    resources: CleaningResources,
    common: frozenset[str] = frozenset(),
    spool_dir: str | None = None,
    counters: StageCounters | None = None,
) -> FileOutput:
    """Read, clean and sign one input file. Its digest is computed here when not yet known
    (a new file); its rejects are streamed into a `RejectSpool` (a file in `spool_dir` once
    there are more than `max_rejects_per_file`) and counted by kind in `counters`."""
    counters = counters if counters is not None else StageCounters("clean")
    if item.digest is None:
        item = replace(item, digest=_digest(item))
    articles: list[tuple[Article, np.ndarray]] = []
    rejects = RejectSpool(spool_dir, hold=resources.settings.max_rejects_per_file)
    repaired = 0

    def reject(found: Reject) -> None:
        rejects.add(found)
        counters.dropped[reason_kind(found.reason)] += 1

    try:
        for raw in read_file(item, resources.settings):
            counters.docs_in += 1
            if isinstance(raw, Reject):
                reject(raw)
                continue
            repaired += raw.repaired
            try:
                result = clean_document(raw, resources, common)
            except Exception as error:  # a bug on one document must not stop the batch
                counters.errors += 1
                result = Reject(raw.source, f"internal error while cleaning (please report it): {one_line(error)}")
            if isinstance(result, Reject):
                reject(result)
            else:
                counters.docs_out += 1
                articles.append((result, signature(result.text, resources.settings)))
    finally:
        rejects.close()
    return item, articles, rejects, repaired


def _digest(item: InputFile) -> str | None:
    """The file's SHA-256, or None when it cannot be read (its reader will say why)."""
    try:
        return file_digest(item.path)
    except OSError:
        return None
