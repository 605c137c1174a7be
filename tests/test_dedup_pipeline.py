"""The partitioned dedup (detente.dedup_shuffle) wired into `detente run`: the same stored
duplicates and canonicals as the in-memory index (`dedup.DuplicateIndex` + `choose_canonicals`),
on a corpus whose copies fall in different partitions and in two runs, with the shuffle in
this process and on a 2-worker Dask LocalCluster."""

from __future__ import annotations

import json
import random
from pathlib import Path

import duckdb
import pytest

from detente import pipeline
from detente.config import Settings
from tests.conftest import EXAMPLES

SUBJECTS = [
    "The foreign minister of Norland", "A spokesman for the harbour authority", "The prime minister", "Opposition leaders",
    "The central bank", "Union representatives", "The defence ministry", "Local officials in the river province",
    "The president of the council", "Negotiators from both delegations", "The trade commissioner", "Aid agencies",
]  # fmt: skip
VERBS = [
    "said on Tuesday that", "told reporters in the capital that", "warned in a statement that", "announced after the meeting that",
    "confirmed late on Friday that", "argued during the debate that", "insisted in an interview that", "wrote in a letter that",
]  # fmt: skip
CLAUSES = [
    "the talks on the new border treaty would resume next month", "the budget for schools would rise by {n} percent",
    "{n} soldiers had been sent to the northern frontier", "the customs agreement signed in {n} no longer applied",
    "the price of grain had doubled since the floods", "the bridge across the river would open within {n} weeks",
    "the electricity network needed repairs worth {n} million dollars", "the embassy would stay closed until further notice",
    "negotiations with the neighbouring state had reached a dead end", "the new port would employ {n} workers",
    "the ceasefire along the eastern line had held for {n} days", "the election commission would count the ballots again",
]  # fmt: skip


def _story(rng: random.Random, sentences: int = 14) -> list[str]:
    """A made-up news story: sentences from the lists above, numbers drawn per sentence."""
    return [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES).format(n=rng.randint(2, 900))}." for _ in range(sentences)]


def _edited(rng: random.Random, sentences: list[str]) -> list[str]:
    """A near-copy: one sentence's number changed (a republished story with a correction)."""
    edited = list(sentences)
    position = rng.randrange(len(edited))
    edited[position] = edited[position].replace("the ", "a ", 1)
    return edited


def _write_text(folder: Path, name: str, sentences: list[str]) -> None:
    paragraphs = [" ".join(sentences[start : start + 3]) for start in range(0, len(sentences), 3)]
    (folder / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _write_feed(folder: Path, name: str, records: list[tuple[str, str, list[str]]]) -> None:
    lines = [json.dumps({"title": title, "published": published, "outlet": "Harbour Courier", "text": "\n\n".join(sentences)}) for title, published, sentences in records]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def two_run_corpus(root: Path, seed: int = 11) -> tuple[Path, Path]:
    """Two folders of inputs. The first: stories with near and exact copies spread over
    files far apart in input order (so, in different partitions), a dated feed copy of
    some, unrelated stories. The second (a later run): copies of first-run stories (near,
    exact, dated) and its own new stories with copies."""
    rng = random.Random(seed)
    first, second = root / "run1", root / "run2"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    stories = [_story(rng) for _ in range(9)]
    for number, story in enumerate(stories):
        _write_text(first, f"a{number:02d}.txt", story)
        if number % 3 == 0:
            _write_text(first, f"z{number:02d}_near.txt", _edited(rng, story))
        if number % 4 == 0:
            _write_text(first, f"m{number:02d}_exact.txt", story)
    _write_feed(first, "feed1.jsonl", [(f"Story {number}", f"2021-03-{number + 1:02d}", stories[number]) for number in (1, 3)])
    for number in range(4):
        _write_text(first, f"u{number:02d}.txt", _story(rng))
    for number in (0, 2, 5, 7):  # second run: copies of stored stories
        _write_text(second, f"b{number:02d}_near.txt", _edited(rng, stories[number]))
    _write_text(second, "b04_exact.txt", stories[4])
    _write_feed(second, "feed2.jsonl", [("Story 6", "2021-04-06", stories[6])])
    fresh = [_story(rng) for _ in range(3)]
    for number, story in enumerate(fresh):
        _write_text(second, f"n{number:02d}.txt", story)
        _write_text(second, f"y{number:02d}_near.txt", _edited(rng, story))
    return first, second


def _articles(db: Path) -> list[tuple]:
    """Every stored article's identity, link and filled metadata, and the signatures' ids."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT id, source, duplicate_of, similarity, published, title, outlet FROM articles ORDER BY source, id").fetchall()
        signed = [row[0] for row in con.execute("SELECT article_id FROM signatures ORDER BY 1").fetchall()]
    finally:
        con.close()
    return [*rows, ("signatures", *signed)]


def _two_runs(first: Path, second: Path, out: Path, settings: Settings) -> list[int]:
    """Run on the first folder, then on both; the duplicates each run found."""
    return [pipeline.run([first], out, settings=settings).duplicates, pipeline.run([first, second], out, settings=settings).duplicates]


SMALL = {"partition_files": 3, "annotate": False}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return two_run_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def index_run(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[list[int], list[tuple]]:
    """The previous implementation: the parent's in-memory index, file by file."""
    out = tmp_path_factory.mktemp("index")
    found = _two_runs(*corpus, out, Settings(**SMALL))
    return found, _articles(out / "detente.duckdb")


def test_the_corpus_has_copies_within_and_across_runs(index_run: tuple[list[int], list[tuple]]) -> None:
    found, rows = index_run
    assert found == [8, 9]  # run 1: 3 near, 3 exact, 2 dated feed copies; run 2: 4 near, 1 exact, 1 feed copy of stored stories, 3 near of its own
    stored_links = {row[1]: row[2] for row in rows[:-1]}
    canonical_of_exact = stored_links[next(source for source in stored_links if source.endswith("b04_exact.txt"))]
    assert canonical_of_exact is not None and stored_links[next(s for s in stored_links if s.endswith("a04.txt"))] is None


def test_shuffled_dedup_in_process_equals_the_index(corpus: tuple[Path, Path], index_run: tuple[list[int], list[tuple]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "shuffled_dedup", lambda settings: True)
    found = _two_runs(*corpus, tmp_path / "out", Settings(**SMALL))
    assert (found, _articles(tmp_path / "out" / "detente.duckdb")) == index_run
    assert not (tmp_path / "out" / pipeline.PARTITIONS).exists()


def test_shuffled_dedup_on_a_dask_cluster_equals_the_index(
    corpus: tuple[Path, Path], index_run: tuple[list[int], list[tuple]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with the shuffle in several parts and several input tasks (tiny sizes for a tiny corpus)."""
    from distributed import LocalCluster

    monkeypatch.setattr(pipeline, "_SHUFFLE_PART", 8)
    monkeypatch.setattr(pipeline, "_SHUFFLE_INPUT", 2)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        found = _two_runs(*corpus, tmp_path / "out", Settings(engine="dask", scheduler=cluster.scheduler_address, **SMALL))
    assert (found, _articles(tmp_path / "out" / "detente.duckdb")) == index_run


@pytest.mark.skipif(not EXAMPLES.is_dir() or not any(EXAMPLES.iterdir()), reason="examples/corpus is empty")
def test_shuffled_dedup_on_the_sample_corpus_equals_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(partition_files=2, annotate=False)
    pipeline.run([EXAMPLES], tmp_path / "index", settings=settings)
    monkeypatch.setattr(pipeline, "shuffled_dedup", lambda settings: True)
    pipeline.run([EXAMPLES], tmp_path / "shuffle", settings=settings)
    assert _articles(tmp_path / "shuffle" / "detente.duckdb") == _articles(tmp_path / "index" / "detente.duckdb")


def test_shuffled_dedup_keeps_settled_stored_canonicals(corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With annotation, the first run's canonicals are settled (annotated): the second run's
    copies of them, even a dated one, link to them and only fill their missing fields, in
    both implementations alike."""
    settings = Settings(partition_files=3, report=False)
    index = _two_runs(*corpus, tmp_path / "index", settings)
    monkeypatch.setattr(pipeline, "shuffled_dedup", lambda settings: True)
    shuffled = _two_runs(*corpus, tmp_path / "shuffle", settings)
    rows = _articles(tmp_path / "shuffle" / "detente.duckdb")
    assert (shuffled, rows) == (index, _articles(tmp_path / "index" / "detente.duckdb"))
    by_source = {Path(row[1]).name: row for row in rows[:-1]}
    assert by_source["a06.txt"][2] is None and by_source["a06.txt"][4] is not None  # kept canonical, date filled from the feed copy
