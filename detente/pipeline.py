"""The pipeline: ingest -> clean -> dedup -> store -> annotate -> analysis, over files.

The per-partition work is in declared stages (`detente.stages`: clean a partition of
files, annotate a batch of articles), pure functions of their input and the loaded
resources, run by the runner `Settings.engine` names (`detente.runners`: in-process, a
local process pool, or a Dask cluster). This module orchestrates: it decides what to do,
links duplicates and writes the store in the parent, in input order, so a run's output
does not depend on how, or where, it was parallelised.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb
import numpy as np

from detente.annotate import AnnotationFailure, Annotations
from detente.config import Settings
from detente.dedup import DuplicateIndex, completeness, fill_missing, link_duplicates, resolve_cluster, signature
from detente.ingest import InputFile, discover, read_file
from detente.ingest.files import file_digest
from detente.records import Article, Reject
from detente.ingest.text import display_path
from detente.runners import Runner, make_runner
from detente.stages import (
    AnnotateStage,
    Checkpointed,
    CleanStage,
    CommonLineStage,
    FileOutput,
    ResourceCache,
    StageCounters,
    merge_line_counts,
    process_file,
)
from detente.store import FileResult, RejectSpool, Store, StoreFailed

if TYPE_CHECKING:
    from detente.analysis import ActorCatalog

__all__ = ["FileOutput", "RunSummary", "process_file", "run"]  # process_file, FileOutput: in detente.stages now

# Exit codes of `detente run` (also returned by `run` in RunSummary.exit_code).
EXIT_COMPLETE = 0  # every input became articles (or known duplicates)
EXIT_PARTIAL = 1  # outputs written, but some inputs or records were rejected
EXIT_NOTHING = 2  # no readable input was found / usage error
EXIT_CANNOT_PROCEED = 3  # the run could not go on: the store is locked by another run, or the disk is full
EXIT_INTERRUPTED = 130  # Ctrl-C: committed batches are kept, re-run to finish
PARTITIONS = ".partitions"  # under the output folder: partition outputs not yet committed (stages.Checkpointed)


class RejectTally:
    """The rejects of a run: counted, and the first `keep` kept for the console. Every
    reject is in the store (and rejects.jsonl); a run over millions of bad records must not
    hold them all in memory. `len()` is the count."""

    def __init__(self, keep: int = 1000) -> None:
        self.count = 0
        self.keep = keep
        self.first: list[Reject] = []

    def append(self, reject: Reject) -> None:
        self.count += 1
        if len(self.first) < self.keep:
            self.first.append(reject)

    def __iadd__(self, rejects: Iterable[Reject]) -> RejectTally:
        for reject in rejects:
            self.append(reject)
        return self

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Reject]:
        return iter(self.first)


@dataclass
class RunSummary:
    """What a run did, for the console summary and for callers of `run`."""

    files_found: int = 0
    annotated: int = 0
    files_skipped: int = 0
    files_processed: int = 0
    articles: int = 0
    duplicates: int = 0
    rejects: RejectTally = field(default_factory=RejectTally)
    failures: int = 0  # articles whose annotation failed in this run (stored with their reason)
    repaired: int = 0  # characters replaced at ingest to make text valid (lone surrogates, NULs)
    inputs_removed: int = 0  # stored inputs whose files are gone: their articles were removed
    elapsed: float = 0.0
    interrupted: bool = False
    totals: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    engine: str = "local"
    stages: dict[str, StageCounters] = field(default_factory=dict)  # per-stage counters of this run

    def count(self, counters: StageCounters) -> None:
        """Add one partition's counters to its stage's."""
        self.stages.setdefault(counters.stage, StageCounters(counters.stage)).add(counters)

    def add_file(self, linked: Sequence[Article], rejects: RejectSpool, repaired: int) -> None:
        """Count one cleaned input file: its articles, duplicates, rejects (a sample kept, the
        rest counted) and repaired characters; the local and the Dask path both call this."""
        self.files_processed += 1
        self.articles += len(linked)
        self.duplicates += sum(1 for article in linked if article.duplicate_of)
        self.rejects += rejects.sample
        self.rejects.count += rejects.count - len(rejects.sample)
        self.repaired += repaired

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.files_found == 0 and not self.rejects:
            return EXIT_NOTHING
        return EXIT_PARTIAL if self.rejects or self.failures else EXIT_COMPLETE


@dataclass(frozen=True)
class Progress:
    """Sent after each unit of work (a file when cleaning, a batch when annotating)."""

    stage: str  # "clean", "store" (the dask engine links and stores after cleaning every partition) or "annotate"
    done: int
    total: int
    articles: int  # articles done so far in this stage
    elapsed: float
    rejects: Sequence[Reject] = ()  # the rejects of the file just done
    dropped: int = 0  # documents this stage dropped so far (rejects, failures; its StageCounters)


ProgressCallback = Callable[[Progress], None]


def run(
    paths: Iterable[Path | str],
    out: Path | str,
    db: Path | str | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    resources: ResourceCache | None = None,
) -> RunSummary:
    """Clean, deduplicate and store every new or changed input under `paths`.

    Re-running on the same inputs adds nothing; files added since the last run are the
    only ones processed. Exports are rewritten from the store at the end, even after
    Ctrl-C, so they always match what was committed.

    Resources (the spaCy model, lexicons, gazetteer) are loaded once per process into a
    `stages.ResourceCache`: by default one made for this run; a caller that runs many times
    in one process (a service, a test session) passes its own `resources` and keeps it, so
    they load once for all its runs. Pool and Dask workers always hold their own.

    Raises:
        StoreBusy: another run holds the store. StoreFailed: the store cannot be written
        (disk full). Both mean the run could not proceed (`EXIT_CANNOT_PROCEED`).
    """
    settings = settings or Settings()
    paths = list(paths)
    out = Path(out)
    started = time.perf_counter()
    summary = RunSummary()
    items: list[InputFile] = []
    unreadable: list[Reject] = []
    for found in discover(paths):
        if isinstance(found, InputFile):
            items.append(found)
        else:
            unreadable.append(Reject(found[0], found[1]))
    summary.rejects += unreadable
    summary.files_found = len(items)
    if progress and unreadable:
        progress(Progress("clean", 0, len(items), 0, 0.0, unreadable[: settings.max_rejects_per_file]))
    try:
        with Store(db or out / "detente.duckdb") as store:
            _run_stages(paths, items, unreadable, out, store, settings, summary, progress, started, resources)
    except (duckdb.IOException, OSError) as error:
        if not _cannot_write(error):
            raise
        raise StoreFailed(f"the store or the output folder cannot be written: {_first_line(error)}") from None
    summary.elapsed = time.perf_counter() - started
    return summary


def _cannot_write(error: BaseException) -> bool:
    """Disk full, quota, read-only medium: nothing a re-run of the same command fixes."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        return True
    text = str(error).lower()
    return "no space left" in text or "disk quota" in text or "read-only file system" in text


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]


def _run_stages(
    paths: Sequence[Path | str],
    items: list[InputFile],
    unreadable: list[Reject],
    out: Path,
    store: Store,
    settings: Settings,
    summary: RunSummary,
    progress: ProgressCallback | None,
    started: float,
    resources: ResourceCache | None = None,
) -> None:
    """The stages of `run` over an open store (see there)."""
    store.remove_temporary_files(out)
    store.write_discovery_rejects(unreadable)
    todo = _files_to_do(items, store, paths, summary)
    summary.files_skipped = len(items) - len(todo)
    _relink_orphaned_duplicates(store, settings)
    index = DuplicateIndex(settings)
    if not shuffled_dedup(settings):  # the shuffle reads the stored signatures itself, a chunk at a time
        for article_id, values in store.canonical_signatures():
            index.add_canonical(article_id, values)
    summary.engine = settings.engine
    runner = _make_runner(settings, resources)
    try:
        _stages_on(runner, items, todo, unreadable, out, store, settings, summary, progress, started, index)
    finally:
        cache = getattr(runner, "cache", None)  # an in-process runner's resources, frozen while they were used
        if cache is not None:
            cache.thaw()


def _stages_on(
    runner: Runner,
    items: list[InputFile],
    todo: list[InputFile],
    unreadable: list[Reject],
    out: Path,
    store: Store,
    settings: Settings,
    summary: RunSummary,
    progress: ProgressCallback | None,
    started: float,
    index: DuplicateIndex,
) -> None:
    """`_run_stages` from the clean stage on, on `runner`: clean, link, annotate, analyse,
    export, report."""
    catalog = None  # the actor catalog: loaded once per run, for the analysis and the report
    try:
        out.mkdir(parents=True, exist_ok=True)
        with runner:
            common = _common_lines(items, todo, store, settings, runner)
            failed: list[Reject] = []
            known: SignatureSource = index
            if shuffled_dedup(settings):
                clusters, known = _process_shuffled(todo, settings, common, store, summary, progress, started, out.absolute(), runner, failed)
            else:
                clusters = _process(todo, settings, common, store, index, summary, progress, started, str(out.absolute()), runner, failed)
            if failed:  # kept as rejects naming each file; its input is not recorded, so the next run tries it again
                store.write_discovery_rejects(unreadable + failed)
            choose_canonicals(store, known, clusters, settings)
            if settings.annotate:
                _annotate_pending(store, settings, summary, progress, runner, out)
        if settings.annotate:
            from detente.analysis import ActorCatalog

            catalog = ActorCatalog.load(settings.extra_data)
            analyse(store, settings, catalog)
    except KeyboardInterrupt:
        summary.interrupted = True
    if summary.stages:
        store.write_stage_counters(settings.engine, [counters.to_dict() for counters in summary.stages.values()])
    summary.outputs = store.export(out)
    if settings.annotate and settings.report and not summary.interrupted:
        from detente.report.assemble import load_report_tables, write_store_report

        tables = load_report_tables(settings, catalog)
        summary.outputs["report.html"] = write_store_report(store, out / "report.html", settings=settings, tables=tables)
    summary.totals = store.counts()


def analyse(store: Store, settings: Settings, catalog: ActorCatalog | None = None) -> None:
    """Analysis stage over the stored events: merge mentions into events counted once
    (incremental: only the merge components that new or removed events touch are re-merged,
    with the result of a merge over the corpus) and put articles not yet in a story into
    stories, continuing from the stored clustering state. `catalog`: the run's actor catalog
    (loaded here when not given)."""
    from detente.analysis import ActorCatalog, StoryState, article_actors, assign_stories, stories
    from detente.analysis.merge import MergeKnowledge, merge_incrementally

    catalog = catalog if catalog is not None else ActorCatalog.load(settings.extra_data)
    headers = store.article_headers()
    merge_incrementally(store, headers, catalog, knowledge=MergeKnowledge.load(settings.extra_data, catalog))
    new_ids = store.articles_without_story()
    if not new_ids:
        return
    saved = store.story_state()
    state = StoryState.from_dict(saved) if saved else None
    assignments = []
    for start in range(0, len(new_ids), 1000):
        batch = new_ids[start : start + 1000]
        # only the placed articles' actors count into their stories: read their events alone
        actors = article_actors(store.iter_events(article_ids=batch), (), catalog)
        found, state = assign_stories(store.articles_by_id(batch), state, actors=actors)
        assignments += found
    assert state is not None
    store.write_stories(assignments, state.to_dict(), stories(state))


def _files_to_do(items: list[InputFile], store: Store, roots: Sequence[Path | str], summary: RunSummary) -> list[InputFile]:
    """New files, and changed ones (whose earlier output is removed first). Stored inputs
    under the given paths whose files no longer exist are removed with their articles.

    A stored input whose size and modification time are unchanged is skipped unread (the
    quick check, as rsync's: content changed with both kept is not seen). When either
    changed, its SHA-256 digest decides: the same content is only re-recorded (a touched
    file is not processed again), other content is processed afresh. Inputs stored before
    digests were kept get theirs filled in, without being processed again."""
    known = store.known_inputs()
    legacy = {item.path: item.key for item in items if item.key not in known and item.path in known}
    if legacy:  # a store written when inputs were keyed by the path as given
        store.rename_inputs(legacy)
        known = store.known_inputs()
    todo: list[InputFile] = []
    changed: list[str] = []
    refreshed: list[InputFile] = []
    for item in items:
        if item.key not in known:
            todo.append(item)
            continue
        size, mtime_ns, digest = known[item.key]
        if (size, mtime_ns) == (item.size, item.mtime_ns):
            if digest is None and (found := _digest(item)) is not None:
                refreshed.append(replace(item, digest=found))
            continue
        found = _digest(item)
        if found is not None and found == digest:
            refreshed.append(replace(item, digest=found))
            continue
        changed.append(item.key)
        todo.append(replace(item, digest=found))
    found_keys = {item.key for item in items}
    removed = [key for key in known if key not in found_keys and _under(key, roots) and not os.path.lexists(key)]
    summary.inputs_removed = len(removed)
    store.refresh_inputs(refreshed)
    store.forget_inputs(changed + removed)
    return todo


def _digest(item: InputFile) -> str | None:
    """The file's SHA-256, or None when it cannot be read (its reader will say why)."""
    try:
        return file_digest(item.path)
    except OSError:
        return None


def _under(key: str, roots: Sequence[Path | str]) -> bool:
    """Whether a stored input (its resolved path) lies under one of the paths of this run."""
    for root in roots:
        resolved = display_path(os.path.realpath(root))
        if key == resolved or key.startswith(resolved.rstrip(os.sep) + os.sep):
            return True
    return False


def _relink_orphaned_duplicates(store: Store, settings: Settings) -> None:
    """Duplicates of an article that is gone (its input removed or changed): the most
    complete remaining copy (`dedup.completeness`) becomes canonical (signed, annotated
    next), the others point to it."""
    for copies in store.orphaned_duplicates().values():
        article, *rest = sorted(store.articles_by_id(copies), key=completeness)
        store.promote_duplicate(article.id, signature(article.text, settings), [other.id for other in rest])


def _process(
    todo: list[InputFile],
    settings: Settings,
    common: frozenset[str],
    store: Store,
    index: DuplicateIndex,
    summary: RunSummary,
    progress: ProgressCallback | None,
    started: float,
    spool_dir: str | None = None,
    runner: Runner | None = None,
    failed: list[Reject] | None = None,
) -> RunClusters:
    """Clean (the clean stage, on `runner`), link and store the files; return the stories
    this run created and their copies. A file's rejects beyond `Settings.max_rejects_per_file`
    are spooled to `spool_dir` and streamed into the store: all are kept, none is held in
    memory; the console gets the first few of each file and a count. With partition outputs
    (`stages.Checkpointed`) a partition's files are forgotten once all its files are committed."""
    batch: list[FileResult] = []
    clusters = RunClusters()
    stage: CleanStage | Checkpointed = CleanStage(settings, common, spool_dir)
    if spool_dir is not None and (settings.partition_outputs or settings.engine == "dask"):
        folder = Path(spool_dir) / PARTITIONS
        stage = Checkpointed(CleanStage(settings, common, str(folder / "clean"), _digest_of(common)), str(folder))
        stage.folder().mkdir(parents=True, exist_ok=True)  # reject spools go there too: they must outlive a restart
    committable: list[str] = []  # partitions whose last file is in `batch` or earlier

    def commit() -> None:
        store.write_batch(batch)
        if isinstance(stage, Checkpointed):
            for partition_id in committable:
                stage.remove(partition_id)
        committable.clear()

    for done, ((item, articles, rejects, repaired), finished) in enumerate(_cleaned_files(todo, stage, settings, runner, summary, failed), start=1):
        linked = link_duplicates(articles, index)
        canonical = {article.id: values for article, (_, values) in zip(linked, articles) if article.duplicate_of is None}
        clusters.add(linked, [values for _, values in articles])
        batch.append(FileResult(item, linked, canonical, rejects.held, rejects.path, rejects.spooled))
        summary.add_file(linked, rejects, repaired)
        if finished:
            committable.append(finished)
        if len(batch) >= settings.batch_files:
            commit()
            batch = []
        if progress:
            shown = _shown_rejects(item, rejects)
            dropped = sum(summary.stages["clean"].dropped.values()) if "clean" in summary.stages else 0
            progress(Progress("clean", done, len(todo), summary.articles, time.perf_counter() - started, shown, dropped))
    if batch:
        commit()
    if isinstance(stage, Checkpointed):
        stage.clear()
    return clusters


def shuffled_dedup(settings: Settings) -> bool:
    """Whether near-duplicates are found by the partitioned shuffle (`dedup_shuffle`) rather
    than the parent's in-memory index (`dedup.DuplicateIndex`): with the dask engine, so that
    no process holds every signature. The local engine keeps the index: in one process the
    shuffle holds the same signatures and does more work (benchmarks/README.md)."""
    return settings.engine == "dask"


class SignatureSource(Protocol):
    """Where `choose_canonicals` finds a stored canonical's signature."""

    def values(self, article_id: str) -> np.ndarray: ...


@dataclass(frozen=True)
class KnownSignatures:
    """The signatures of the stored canonicals a run's articles link to (from the shuffle)."""

    signatures: dict[str, np.ndarray]

    def values(self, article_id: str) -> np.ndarray:
        return self.signatures[article_id]


_STORED_CHUNK = 50_000  # stored canonical signatures per shuffle partition (about 26 MB at 128 permutations)
# Articles per part of the shuffle: a join task holds the signatures of one part (~6 MB at 128
# permutations) and a stage 4 task the full texts of its part's duplicate clusters. Candidate
# pairs are never materialised: `dedup_shuffle` links a bucket's members by a spanning forest,
# whose checks grow linearly with the bucket. Measured (benchmarks/README.md), 2 workers' peak
# after the shuffle: 397/404 MB at 5,000 dumps in 1 part, 646/669 MB at 20,000 in 2 parts
# (1,012/1,211 with the old all-pairs stage 2): lower, not yet flat (the clean phase's own peak
# also rose, 345 -> 428 MB). More parts than needed add tasks (inputs x parts per shuffle):
# 200 articles in 25 parts took 33 s of scheduling on 2 loaded workers, in 1 part 2.5 s.
_SHUFFLE_PART = 10_000
_SHUFFLE_INPUT = 64  # clean partitions read by one shuffle task (512 files at 8 a partition)


def _process_shuffled(
    todo: list[InputFile],
    settings: Settings,
    common: frozenset[str],
    store: Store,
    summary: RunSummary,
    progress: ProgressCallback | None,
    started: float,
    out: Path,
    runner: Runner,
    failed: list[Reject],
) -> tuple[RunClusters, KnownSignatures]:
    """Clean, link and store the files with the partitioned dedup (`dedup_shuffle`).

    Three passes, so that no process holds the corpus: (1) the clean stage runs on every
    partition; each writes its output under `out/.partitions/clean` and sends back only its
    counters. (2) `dedup_shuffle.find_duplicates` reads those outputs and the stored
    canonicals' signatures (written in chunks under `out/.partitions/dedup`) where the
    runner runs (Dask workers, or this process) and returns the decisions for articles
    that have a duplicate. (3) The parent reads each partition's output back, in input
    order, applies the decisions and commits batches as `_process` does. A story that
    reaches an earlier run's canonical is returned in `RunClusters.earlier`, to be settled
    by `choose_canonicals` under the incremental rules; every other story is settled here
    (the most complete copy is canonical, as `choose_canonicals` would make it)."""
    from detente.dedup_shuffle import find_duplicates

    folder = out / PARTITIONS
    stage = Checkpointed(CleanStage(settings, common, str(folder / "clean"), _digest_of(common)), str(folder), records=False)
    stage.folder().mkdir(parents=True, exist_ok=True)
    finished: list[tuple[list[InputFile], str]] = []
    size = runner.partition_size()
    partitions = [todo[start : start + size] for start in range(0, len(todo), size)]
    files_done = 0
    for partition, result in isolating(runner, stage, partitions):
        summary.count(result.counters)
        files_done += len(partition)
        if result.failure is not None:
            lost = [Reject(display_path(item.path), f"partition failed in the {stage.name} stage: {result.failure}") for item in partition]
            failed += lost
            summary.rejects += lost
        else:
            finished.append((partition, stage.partition_id(partition)))
        if progress:
            counters = summary.stages.get("clean")
            dropped = sum(counters.dropped.values()) if counters else 0
            progress(Progress("clean", files_done, len(todo), counters.docs_out if counters else 0, time.perf_counter() - started, (), dropped))
    stored, stored_count = _write_stored_chunks(store, folder / "dedup")
    client = runner.start() if isinstance(runner, _dask_runner_type()) else None
    shuffle_started = time.perf_counter()
    articles = summary.stages["clean"].docs_out if "clean" in summary.stages else 0
    parts = max(1, -(-(articles + stored_count) // _SHUFFLE_PART))
    ids = [pid for _, pid in finished]
    links = find_duplicates(
        _shuffle_input(ids, stored, stage, client, keys=True), settings, client=client, parts=parts, members=_shuffle_input(ids, stored, stage, client, keys=False)
    )
    summary.count(_dedup_counters(links, time.perf_counter() - shuffle_started))
    clusters = _store_linked(finished, stage, links, store, settings, summary, progress, started)
    _remove_folder(folder / "dedup")
    stage.clear()
    return clusters, KnownSignatures(links.stored)


def _dedup_counters(links: Any, seconds: float) -> StageCounters:
    """The shuffle's counters: articles in (this run's and the stored canonicals), those left
    canonical out, copies dropped; seconds of wall time (the cluster's, not summed per worker)."""
    copies = sum(1 for decision in links.decisions.values() if decision.duplicate_of is not None)
    counters = StageCounters("dedup", docs_in=links.articles, docs_out=links.articles - copies, seconds=seconds)
    if copies:
        counters.dropped["near or exact copy"] = copies
    return counters


def _dask_runner_type() -> type:
    from detente.runners.dask_runner import DaskRunner

    return DaskRunner


def _write_stored_chunks(store: Store, folder: Path) -> tuple[list[str], int]:
    """The stored canonicals' signatures as `.npz` chunks (ids, values) in `folder`, read
    from the store a batch at a time: the shuffle's link-only members; and their number."""
    _remove_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[str] = []
    ids: list[str] = []
    values: list[np.ndarray] = []
    count = 0

    def flush() -> None:
        path = folder / f"stored-{len(paths):06d}.npz"
        np.savez(path, ids=np.array(ids, dtype=np.str_), values=np.stack(values))
        paths.append(str(path))
        ids.clear()
        values.clear()

    for article_id, signature_values in store.canonical_signatures():
        ids.append(article_id)
        values.append(signature_values)
        count += 1
        if len(ids) >= _STORED_CHUNK:
            flush()
    if ids:
        flush()
    return paths, count


def _remove_folder(folder: Path) -> None:
    if folder.is_dir():
        for leftover in sorted(folder.iterdir()):
            leftover.unlink(missing_ok=True)
        folder.rmdir()


def load_stored_chunk(path: str) -> list[tuple[Any, np.ndarray]]:
    """One chunk of stored canonicals as link-only shuffle entries (`dedup_shuffle.StoredCanonical`)."""
    from detente.dedup_shuffle import stored_entries

    with np.load(path, allow_pickle=False) as chunk:
        return stored_entries(zip(chunk["ids"].tolist(), chunk["values"]))


def load_clean_entries(stage: Checkpointed, partition_ids: Sequence[str], keys: bool = False) -> list[tuple[Any, np.ndarray]]:
    """Cleaned partitions' articles with their signatures, from their stored outputs; with
    `keys`, each article as its id and source (`dedup_shuffle.ArticleKey`), as the
    shuffle's stages 1-2 read them: only those columns of the typed articles file are read."""
    from detente.dedup_shuffle import ArticleKey

    entries: list[tuple[Any, np.ndarray]] = []
    for partition_id in partition_ids:
        if not keys:
            entries += [entry for _, articles, _, _ in stage.load(partition_id).records for entry in articles]
            continue
        table = stage.load_table(partition_id, "articles", ("id", "source", "minhash"))  # the typed file: no text read
        for article_id, source, values in zip(*(table.column(name).to_pylist() for name in table.column_names)):
            entries.append((ArticleKey(article_id, source), np.frombuffer(values, dtype=np.uint32).copy()))
    return entries


@dataclass(frozen=True)
class _Loaded:
    """A shuffle partition read when iterated (the local shuffle reads each twice)."""

    load: Callable[[], list[tuple[Any, np.ndarray]]]

    def __iter__(self) -> Iterator[tuple[Any, np.ndarray]]:
        return iter(self.load())


def _shuffle_input(partition_ids: list[str], stored: list[str], stage: Checkpointed, client: Any, keys: bool) -> Any:
    """The shuffle's partitions: the cleaned ones (grouped: `_SHUFFLE_INPUT` clean partitions
    a task, since each shuffle task costs scheduling time whatever its size) and the stored
    chunks, loaded where the shuffle runs (delayed loaders run by the Dask workers, or lazy
    loaders in this process); `keys`: articles cut to their keys (stages 1-2)."""
    groups = [partition_ids[start : start + _SHUFFLE_INPUT] for start in range(0, len(partition_ids), _SHUFFLE_INPUT)]
    if client is None:
        loaders: list[Any] = [_Loaded(partial(load_clean_entries, stage, group, keys)) for group in groups]
        return loaders + [_Loaded(partial(load_stored_chunk, path)) for path in stored]
    import dask

    shared = dask.delayed(stage, traverse=False)  # one key in the graph, not a copy of the stage (and its common lines) per task
    parts = [dask.delayed(load_clean_entries, pure=True)(shared, group, keys) for group in groups]
    return parts + [dask.delayed(load_stored_chunk, pure=True)(path) for path in stored]


def _store_linked(
    finished: list[tuple[list[InputFile], str]],
    stage: Checkpointed,
    links: Any,
    store: Store,
    settings: Settings,
    summary: RunSummary,
    progress: ProgressCallback | None,
    started: float,
) -> RunClusters:
    """Pass 3 of `_process_shuffled`: each cleaned partition read back in input order, its
    articles linked by the shuffle's decisions, committed `batch_files` files at a time
    (a partition's output is removed once committed)."""
    clusters = RunClusters()
    batch: list[FileResult] = []
    committable: list[str] = []
    total = sum(len(partition) for partition, _ in finished)
    done = 0

    def commit() -> None:
        store.write_batch(batch)
        for partition_id in committable:
            stage.remove(partition_id)
        committable.clear()
        batch.clear()

    for _, partition_id in finished:
        outputs = stage.load(partition_id).records
        for position, (item, articles, rejects, repaired) in enumerate(outputs, start=1):
            linked = links.apply(article for article, _ in articles)
            values = [signature_values for _, signature_values in articles]
            for article, signature_values in zip(linked, values):
                if article.duplicate_of in links.stored:
                    clusters.earlier.setdefault(article.duplicate_of, []).append(article.id)
                    clusters.signatures[article.id] = signature_values
            canonical = {article.id: signature_values for article, signature_values in zip(linked, values) if article.duplicate_of is None}
            batch.append(FileResult(item, linked, canonical, rejects.held, rejects.path, rejects.spooled))
            done += 1
            summary.add_file(linked, rejects, repaired)
            if position == len(outputs):
                committable.append(partition_id)
            if len(batch) >= settings.batch_files:
                commit()
            if progress:
                shown = _shown_rejects(item, rejects)
                progress(Progress("store", done, total, summary.articles, time.perf_counter() - started, shown))
        if not outputs:
            committable.append(partition_id)
    if batch or committable:
        commit()
    return clusters


def _digest_of(lines: frozenset[str]) -> str:
    """A short fingerprint of a set of lines (order-free)."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


@dataclass
class RunClusters:
    """The stories first seen in this run that have copies: canonical id -> copy ids, and
    the copies' signatures (canonical signatures are in the index); and the copies this
    run found of stories stored by earlier runs (`earlier`). Small: copies only."""

    new: set[str] = field(default_factory=set)
    copies: dict[str, list[str]] = field(default_factory=dict)
    signatures: dict[str, np.ndarray] = field(default_factory=dict)
    earlier: dict[str, list[str]] = field(default_factory=dict)

    def add(self, linked: list[Article], values: list[np.ndarray]) -> None:
        for article, signature_values in zip(linked, values):
            if article.duplicate_of is None:
                self.new.add(article.id)
            elif article.duplicate_of in self.new:
                self.copies.setdefault(article.duplicate_of, []).append(article.id)
                self.signatures[article.id] = signature_values
            else:
                self.earlier.setdefault(article.duplicate_of, []).append(article.id)
                self.signatures[article.id] = signature_values


def choose_canonicals(store: Store, index: SignatureSource, clusters: RunClusters, settings: Settings, chunk: int = 500) -> None:
    """Make the most complete copy of each story of this run canonical, whatever the order
    the files were read in, and fill its missing date, title and outlet from its copies
    (`dedup.resolve_cluster`). A story stored by an earlier run is settled the same way
    while nothing has used its canonical article (not annotated, in no story: a run that
    was interrupted or ran without annotation), so a resumed run ends as an uninterrupted
    one; otherwise it keeps its canonical (`fill_earlier_canonicals`). Stories are read and
    rewritten `chunk` at a time, one transaction each."""
    _reopen_unsettled(store, clusters, settings, chunk)
    stories = sorted(clusters.copies)
    for start in range(0, len(stories), chunk):
        old_ids: list[str] = []
        rows: list[tuple[Article, str]] = []
        signatures: dict[str, np.ndarray] = {}
        members = {canonical_id: [canonical_id, *clusters.copies[canonical_id]] for canonical_id in stories[start : start + chunk]}
        every_id = [article_id for ids in members.values() for article_id in ids]
        stored = {article.id: article for article in store.articles_by_id(every_id)}
        files = store.input_files(every_id)
        for canonical_id, ids in members.items():
            values = {canonical_id: index.values(canonical_id), **{key: clusters.signatures[key] for key in ids[1:]}}
            articles = [stored[key] for key in ids if key in stored]
            resolved = resolve_cluster([(article, values[article.id]) for article in articles])
            if sorted(map(repr, resolved)) == sorted(map(repr, articles)):
                continue
            by_source = {article.source: (files[article.id], values[article.id]) for article in articles}
            old_ids += [article.id for article in articles]
            rows += [(article, by_source[article.source][0]) for article in resolved]
            signatures[resolved[0].id] = by_source[resolved[0].source][1]
        if old_ids:
            store.rewrite_articles(old_ids, rows, signatures)
    fill_earlier_canonicals(store, index, clusters, chunk)


def _reopen_unsettled(store: Store, clusters: RunClusters, settings: Settings, chunk: int) -> None:
    """Move the earlier runs' stories whose canonical nothing has used yet into
    `clusters.copies`, with all their stored copies (signed again from their text)."""
    earlier = sorted(clusters.earlier)
    for start in range(0, len(earlier), chunk):
        ids = earlier[start : start + chunk]
        settled = store.settled_articles(ids)
        reopened = [canonical_id for canonical_id in ids if canonical_id not in settled]
        copies = store.copies_of(reopened)
        unsigned = [copy for found in copies.values() for copy in found if copy not in clusters.signatures]
        for article in store.articles_by_id(unsigned):
            clusters.signatures[article.id] = signature(article.text, settings)
        for canonical_id in reopened:
            clusters.copies[canonical_id] = copies.get(canonical_id, [])
            del clusters.earlier[canonical_id]


def fill_earlier_canonicals(store: Store, index: SignatureSource, clusters: RunClusters, chunk: int = 500) -> None:
    """A story stored by an earlier run keeps its canonical article (its annotations and
    story membership stay valid), but its missing date, title and outlet are filled from
    the copies this run found. An article whose date changed is annotated again, so its
    events are dated from it."""
    stories = sorted(clusters.earlier)
    for start in range(0, len(stories), chunk):
        members = {canonical_id: clusters.earlier[canonical_id] for canonical_id in stories[start : start + chunk]}
        every_id = [article_id for canonical_id, ids in members.items() for article_id in (canonical_id, *ids)]
        stored = {article.id: article for article in store.articles_by_id(every_id)}
        files = store.input_files(list(members))
        rows: list[tuple[Article, str]] = []
        redate: list[str] = []
        for canonical_id, ids in members.items():
            canonical = stored.get(canonical_id)
            if canonical is None:
                continue
            filled = fill_missing(canonical, [stored[key] for key in ids if key in stored])
            if filled != canonical:
                rows.append((filled, files[canonical_id]))
                if filled.published != canonical.published:
                    redate.append(canonical_id)
        if rows:
            store.rewrite_articles([article.id for article, _ in rows], rows, {article.id: index.values(article.id) for article, _ in rows})
            store.forget_annotations(redate)


def _annotate_pending(
    store: Store, settings: Settings, summary: RunSummary, progress: ProgressCallback | None, runner: Runner | None = None, out: Path | None = None
) -> None:
    """Run the annotate stage (on `runner`) on every canonical article not yet annotated,
    batch by batch. Duplicates are not parsed: their actors and quotes are their canonical
    article's. Each batch is committed with the articles it covers, so an interrupted run
    resumes here. Batches are read from the store only as the runner takes them (a bounded
    number in flight), never all up front. With partition outputs (`Settings.partition_outputs`,
    always with the dask engine) each batch's results are also kept by the worker under
    `out/.partitions/annotate` until the parent has committed them (`stages.Checkpointed`):
    a rerun after the parent died reads them back instead of parsing again.
    """
    pending = store.pending_annotation(settings.annotate_attempts)
    if not pending:
        return
    started = time.perf_counter()
    batches = [pending[index : index + settings.annotate_batch] for index in range(0, len(pending), settings.annotate_batch)]
    stage: AnnotateStage | Checkpointed = AnnotateStage(settings)
    if out is not None and (settings.partition_outputs or settings.engine == "dask"):
        stage = Checkpointed(stage, str(out.absolute() / PARTITIONS))
    taken: deque[tuple[str, list[tuple[str, str]]]] = deque()  # ids of the partitions the runner has taken, oldest first (bounded by its in-flight limit)

    def partitions() -> Iterator[list[Article]]:
        for batch in batches:
            articles = store.articles_by_id(batch)
            taken.append((stage.partition_id(articles) if isinstance(stage, Checkpointed) else "", [(a.id, a.source) for a in articles]))
            yield articles

    def commit(result: Any, partition_id: str, members: list[tuple[str, str]], done: int) -> None:
        summary.count(result.counters)
        rejects = result.rejects
        if result.failure is not None:  # each article's failure counts an attempt (annotate_attempts)
            rejects = [AnnotationFailure(article_id, "partition", result.failure, source) for article_id, source in members]
        _annotated(store, result.records, rejects, summary, progress, done, len(batches), started)
        if isinstance(stage, Checkpointed):
            stage.remove(partition_id)  # committed: the store has it now

    with _own_runner(runner, settings) as active:
        for done, result in enumerate(active.map(stage, partitions(), count=len(batches)), start=1):
            partition_id, members = taken.popleft()
            if result.failure is None or len(members) < 2:
                commit(result, partition_id, members, done)
                continue
            # the batch failed as a whole: its articles again one a partition (`isolating`), so
            # only the ones that fail count an attempt
            singles = [[article] for article in store.articles_by_id([article_id for article_id, _ in members])]
            for (article,), single in isolating(active, stage, singles):
                commit(single, stage.partition_id([article]) if isinstance(stage, Checkpointed) else "", [(article.id, article.source)], done)
    if isinstance(stage, Checkpointed):
        stage.clear()


def _annotated(
    store: Store, found: list[Annotations], failed: list[AnnotationFailure], summary: RunSummary, progress: ProgressCallback | None,
    done: int, total: int, started: float,
) -> None:
    """Commit one annotated batch and report it."""
    store.write_annotations(found)
    store.write_failures(failed)
    summary.annotated += len(found)
    summary.failures += len(failed)
    if progress:
        dropped = sum(summary.stages["annotate"].dropped.values()) if "annotate" in summary.stages else 0
        progress(Progress("annotate", done, total, summary.annotated, time.perf_counter() - started, [f.as_reject() for f in failed], dropped))


def _make_runner(settings: Settings, resources: ResourceCache | None) -> Runner:
    """The runner `settings.engine` names; an in-process local one holds `resources` when
    given (the caller's cache, kept across runs), else a cache of its own."""
    if resources is not None and settings.engine != "dask":
        from detente.runners.local import LocalRunner

        return LocalRunner(settings, resources)
    return make_runner(settings)


@contextmanager
def _own_runner(runner: Runner | None, settings: Settings) -> Iterator[Runner]:
    """`runner`, or (for callers that pass none) one made from `settings` for this call."""
    if runner is not None:
        yield runner
        return
    with make_runner(settings) as made:
        yield made


def isolating(runner: Runner, stage: Any, partitions: list[list[Any]]) -> Iterator[tuple[list[Any], Any]]:
    """`runner.map(stage, partitions)` as (partition, result) pairs, in order; a partition of
    several items that failed on every attempt (`StageResult.failure`) is run again one item
    a partition, each yielded on its own, so that only the items that cause the failure are
    kept as failed (with the stage and reason) and the others are done in this run. Without
    this one bad file or article took its partition's other members with it, and an
    annotation batch's innocent articles used up their `annotate_attempts`."""
    for partition, result in zip(partitions, runner.map(stage, partitions, count=len(partitions))):
        if result.failure is None or len(partition) < 2:
            yield partition, result
            continue
        singles = [[item] for item in partition]
        yield from zip(singles, runner.map(stage, singles, count=len(singles)))


def _cleaned_files(
    todo: list[InputFile],
    stage: CleanStage | Checkpointed,
    settings: Settings,
    runner: Runner | None = None,
    summary: RunSummary | None = None,
    failed: list[Reject] | None = None,
) -> Iterator[tuple[FileOutput, str]]:
    """Clean and sign each file with the clean stage, partition by partition on `runner`;
    yield the files in input order, each with the id of its partition when it is that
    partition's last file (else ""). The files of a partition that crashed on every attempt
    (`Settings.partition_attempts`) are not yielded: each gets a reject naming the stage and
    the reason in `failed` (and the summary)."""
    with _own_runner(runner, settings) as active:
        size = active.partition_size()
        partitions = [todo[start : start + size] for start in range(0, len(todo), size)]
        for partition, result in isolating(active, stage, partitions):
            if summary is not None:
                summary.count(result.counters)
            if result.failure is not None:
                lost = [Reject(display_path(item.path), f"partition failed in the {stage.name} stage: {result.failure}") for item in partition]
                if failed is not None:
                    failed += lost
                if summary is not None:
                    summary.rejects += lost
                continue
            last = stage.partition_id(partition) if isinstance(stage, Checkpointed) else ""
            for position, output in enumerate(result.records, start=1):
                yield output, last if position == len(result.records) else ""


def _common_lines(
    items: Sequence[InputFile], todo: Sequence[InputFile], store: Store, settings: Settings, runner: Runner | None = None
) -> frozenset[str]:
    """The common lines for the page dumps still to clean, counted over every input of the run,
    not only the files still to do: which lines count as site boilerplate must not depend on
    where an interrupted run stopped. Stored with a fingerprint of the input set, so a resumed
    run (same inputs) reuses them instead of reading every page dump again."""
    if not any(item.format == "text" for item in todo):
        return frozenset()
    digest = hashlib.sha256(f"{settings.common_line_min_docs}:{settings.common_line_max_words}:{settings.max_document_mb}:{settings.max_text_chars}".encode())
    for item in sorted(items, key=lambda item: item.key):
        if item.format == "text":
            digest.update(f"\n{item.key}\t{item.size}\t{item.mtime_ns}".encode("utf-8", "surrogatepass"))
    fingerprint = digest.hexdigest()
    stored = store.common_lines(fingerprint)
    if stored is not None:
        return stored
    common = count_common_lines(items, settings, runner=runner)
    store.write_common_lines(fingerprint, common)
    return common


def count_common_lines(
    items: Sequence[InputFile], settings: Settings, max_entries: int = 2_000_000, runner: Runner | None = None
) -> frozenset[str]:
    """Short lines that recur in many page dumps of this run: site boilerplate (CCNet idea).

    Each normalised line counts once per document. The counting is a stage
    (`stages.CommonLineStage`) run on `runner` over partitions of the page dumps, so with the
    Dask engine the workers read the files; the parent only sums the partitions' counts.
    Memory is bounded: a counter past `max_entries` lines forgets the lines seen only once
    (they cannot be common), in each partition and in the sum.
    """
    if settings.common_line_min_docs <= 0:
        return frozenset()
    dumps = [item for item in items if item.format == "text"]
    stage = CommonLineStage(settings, max_entries)
    with _own_runner(runner, settings) as active:
        size = active.partition_size()
        partitions = [dumps[start : start + size] for start in range(0, len(dumps), size)]
        results = active.map(stage, partitions, count=len(partitions))
        return merge_line_counts((counts for result in results for counts in result.records), settings.common_line_min_docs, max_entries)


def _shown_rejects(item: InputFile, rejects: RejectSpool) -> list[Reject]:
    """The rejects of one file the progress display shows: its sample, and a line saying how
    many more there are (all of them are in rejects.jsonl)."""
    shown = list(rejects.sample)
    if rejects.count > len(shown):
        shown.append(Reject(item.source, f"... and {rejects.count - len(shown)} more rejects in this file (all in rejects.jsonl)"))
    return shown
