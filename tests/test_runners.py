"""Stages and runners: the same stages give the same store in-process, in a process pool and
on a Dask cluster, also when a Dask worker is killed in the middle of a run.

The Dask tests compare a run in this process with runs on worker processes that import
detente when they start: run them on a tree nobody is editing at the same time (a change to
the code between the two imports is a difference they rightly report)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from detente import pipeline
from detente.config import Settings
from detente.runners import in_order
from detente.runners.local import LocalRunner
from detente.stages import AnnotateStage, CleanStage, ResourceCache, StageCounters, StageResult, check_order, reason_kind
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.fresh_resources  # these tests count resource loads per run

# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("not in a kept language (detected 'es' with confidence 1.00; kept: en)", "not in a kept language"),
        ("file is 200.0 MB, over the 20 MB limit for one document", "file is N MB, over the N MB limit for one document"),
        ("malformed JSON: Expecting value", "malformed JSON"),
        ("internal error while cleaning (please report it): KeyError: 'x'", "internal error while cleaning"),
        ("", "unknown"),
    ],
)
def test_reason_kind_drops_particulars(reason: str, kind: str) -> None:
    assert reason_kind(reason) == kind


def test_counters_add_up() -> None:
    total = StageCounters("clean")
    first = StageCounters("clean", 3, 2, errors=1, seconds=0.5)
    first.dropped["no article"] += 1
    second = StageCounters("clean", 4, 4, seconds=0.25)
    second.dropped["no article"] += 2
    total.add(first)
    total.add(second)
    assert total.to_dict() == {"stage": "clean", "docs_in": 7, "docs_out": 6, "dropped": {"no article": 3}, "errors": 1, "seconds": 0.75}


def test_check_order_declared_reads_and_adds() -> None:
    settings = Settings()
    check_order([CleanStage(settings), AnnotateStage(settings)])
    with pytest.raises(ValueError, match="annotate"):
        check_order([AnnotateStage(settings), CleanStage(settings)])


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    count=st.integers(0, 30),
    limit=st.integers(1, 6),
    picks=st.lists(st.integers(0, 1000), min_size=40, max_size=40),
)
def test_in_order_yields_in_partition_order_with_bounded_in_flight(count: int, limit: int, picks: list[int]) -> None:
    """Whatever order work finishes in, results come out in partition order, and never more
    than `limit` partitions are taken from the input ahead of what was yielded."""
    outstanding: list[int] = []
    taken: list[int] = []
    yielded: list[int] = []
    step = {"n": 0}

    def partitions():  # lazily consumed
        for index in range(count):
            taken.append(index)
            assert len(taken) - len(yielded) <= limit
            yield index * 10

    def submit(index: int, partition: int) -> None:
        outstanding.append(index)

    def next_done() -> tuple[int, int]:
        choice = outstanding.pop(picks[step["n"] % len(picks)] % len(outstanding))
        step["n"] += 1
        return choice, choice * 10

    for result in in_order(partitions(), submit, next_done, limit):
        yielded.append(result)
    assert yielded == [index * 10 for index in range(count)] and not outstanding


@dataclass(frozen=True)
class PidStage:
    """A toy stage: its resources are the process id they were loaded in."""

    fail_on: int = -1
    name: str = "pid"
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ("pid",)

    def resource_key(self) -> Hashable:
        return "pid"

    def load_resources(self, settings: Settings) -> dict:
        return {"pid": os.getpid(), "loaded": 0}

    def run(self, partition: Sequence[int], resources: dict) -> StageResult[tuple[int, int, int]]:
        if self.fail_on in partition:
            raise ValueError(f"bad partition {self.fail_on}")
        resources["loaded"] += 1  # how many partitions this process's resources served
        return StageResult([(value, resources["pid"], resources["loaded"]) for value in partition], [], StageCounters(self.name, len(partition), len(partition)))


def test_local_runner_in_process_keeps_resources_loaded() -> None:
    runner = LocalRunner(Settings())
    results = list(runner.map(PidStage(), [[1, 2], [3]]))
    assert [record[0] for result in results for record in result.records] == [1, 2, 3]
    assert {record[1] for result in results for record in result.records} == {os.getpid()}
    assert runner.cache.loads == 1 and runner.partition_size() == 1


def test_local_pool_in_order_resources_once_per_process() -> None:
    runner = LocalRunner(Settings(workers=2, partition_files=3))
    results = list(runner.map(PidStage(), [[index] for index in range(12)], count=12))
    records = [record for result in results for record in result.records]
    assert [record[0] for record in records] == list(range(12))
    pids = {record[1] for record in records}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    for pid in pids:  # each process loaded once, then served its partitions with the same resources
        served = sorted(record[2] for record in records if record[1] == pid)
        assert served == list(range(1, len(served) + 1))
    assert runner.partition_size() == 3


def test_local_pool_a_partition_that_raises_is_retried_then_kept_as_failed() -> None:
    runner = LocalRunner(Settings(workers=2, partition_attempts=3))
    with _deadline(120):
        results = list(runner.map(PidStage(fail_on=5), [[index] for index in range(8)], count=8))
    assert [result.failure is None for result in results] == [True] * 5 + [False] + [True] * 2
    assert results[5].failure == "the pid stage raised ValueError: bad partition 5 (partition failed 3 times)"
    assert [result.records[0][0] for result in results if result.records] == [0, 1, 2, 3, 4, 6, 7]


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail the test (TimeoutError) instead of hanging when a run does not end in `seconds`."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"the run did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class KillStage:
    """A toy stage whose process is killed (SIGKILL, as the OOM killer does) when it runs the
    partition holding `kill_on`: every time, or only the first time (`once`: a marker file in
    `marks` says it happened)."""

    kill_on: int
    marks: str
    once: bool = True
    name: str = "kill"
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ("value",)

    def resource_key(self) -> Hashable:
        return None

    def load_resources(self, settings: Settings) -> None:
        return None

    def run(self, partition: Sequence[int], resources: None) -> StageResult[tuple[int, int]]:
        if self.kill_on in partition:
            mark = Path(self.marks) / f"killed-{os.getpid()}"
            if not self.once or not any(Path(self.marks).iterdir()):
                mark.touch()
                os.kill(os.getpid(), signal.SIGKILL)
        return StageResult([(value, os.getpid()) for value in partition], [], StageCounters(self.name, len(partition), len(partition)))


def test_local_pool_a_killed_worker_is_replaced_and_its_partition_run_again(tmp_path: Path) -> None:
    runner = LocalRunner(Settings(workers=2))
    with _deadline(120):
        results = list(runner.map(KillStage(kill_on=3, marks=str(tmp_path)), [[index] for index in range(10)], count=10))
    killed = [int(path.name.split("-")[1]) for path in tmp_path.iterdir()]
    assert len(killed) == 1 and all(result.failure is None for result in results)
    assert [result.records[0][0] for result in results] == list(range(10))
    assert results[3].records[0][1] != killed[0]  # partition 3 came back from another process
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)


def test_local_pool_a_partition_that_kills_every_worker_is_kept_as_failed(tmp_path: Path) -> None:
    runner = LocalRunner(Settings(workers=2, partition_attempts=2))
    with _deadline(120):
        results = list(runner.map(KillStage(kill_on=3, marks=str(tmp_path), once=False), [[index] for index in range(6)], count=6))
    assert len(list(tmp_path.iterdir())) == 2  # tried twice, on two processes
    assert [result.failure is None for result in results] == [True, True, True, False, True, True]
    assert results[3].failure is not None and results[3].failure.startswith("a worker process of the kill stage died (exit code -9)")
    assert results[3].failure.endswith("(partition failed 2 times)") and results[3].counters.dropped == {"partition failed": 1}


def test_a_partition_that_raises_in_process_is_retried_then_kept_as_failed() -> None:
    runner = LocalRunner(Settings(partition_attempts=3))
    results = list(runner.map(PidStage(fail_on=5), [[index] for index in range(8)], count=8))
    assert [result.failure is None for result in results] == [True] * 5 + [False] + [True] * 2
    assert results[5].failure is not None and "ValueError: bad partition 5" in results[5].failure and "failed 3 times" in results[5].failure
    assert "\n" not in results[5].failure and results[5].records == []
    assert results[5].counters.errors == 1 and results[5].counters.dropped == {"partition failed": 1}
    assert [result.records[0][0] for result in results if result.records] == [0, 1, 2, 3, 4, 6, 7]


def test_resource_cache_keys_by_stage() -> None:
    cache = ResourceCache()
    settings = Settings()
    assert cache.get(PidStage(), settings) is cache.get(PidStage(fail_on=3), settings)  # same name and key
    assert cache.loads == 1


# ---------------------------------------------------------------- Dask


def test_dask_runner_local_cluster_in_order_resources_once_per_worker() -> None:
    from detente.runners.dask_runner import DaskRunner

    with DaskRunner(Settings(engine="dask", dask_workers=2)) as runner:
        results = list(runner.map(PidStage(), [[index] for index in range(10)]))
        assert runner.slots() == 2
    records = [record for result in results for record in result.records]
    assert [record[0] for record in records] == list(range(10))
    for pid in {record[1] for record in records}:
        served = sorted(record[2] for record in records if record[1] == pid)
        assert served == list(range(1, len(served) + 1))
    assert os.getpid() not in {record[1] for record in records}


def _interrupt_second_call(monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> Callable[..., Any]:
    """Make the second call of `owner.method` raise KeyboardInterrupt (Ctrl-C in the parent before it
    commits that batch); returns the real method, to put back with monkeypatch.setattr."""
    real = getattr(owner, method)
    calls = {"n": 0}

    def dies_on_second(self: Any, *args: Any, **options: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, *args, **options)

    monkeypatch.setattr(owner, method, dies_on_second)
    return real


def _tables(db: Path) -> dict[str, list[str]]:
    """Every table of a store, rows sorted; `stage_counters` left out (a log of run times)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [name for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {name: sorted(map(repr, con.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names if name != "stage_counters"}
    finally:
        con.close()


def _assert_same(found: dict, expected: dict) -> None:
    """Equal mappings, naming the first table or file that differs."""
    assert sorted(found) == sorted(expected)
    for name in sorted(expected):
        assert found[name] == expected[name], f"{name} differs"


def _exports(out: Path) -> dict[str, list[str] | bytes]:
    """Every export, rows sorted (JSONL lines, Parquet rows); report.html as bytes."""
    found: dict[str, list[str] | bytes] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".jsonl":
            found[path.name] = sorted(path.read_text(encoding="utf-8").splitlines())
        elif path.suffix == ".parquet":
            found[path.name] = sorted(map(repr, pq.read_table(path).to_pylist()))
        elif path.suffix == ".html":
            found[path.name] = path.read_bytes()
    return found


needs_examples = pytest.mark.skipif(not EXAMPLES.is_dir() or not any(EXAMPLES.iterdir()), reason="examples/corpus is empty")
# Small partitions, so that two workers share the work and a killed worker has some in flight.
SMALL = {"partition_files": 2, "annotate_batch": 3}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    summary = pipeline.run([EXAMPLES], out, settings=Settings(**SMALL))
    assert summary.engine == "local" and summary.stages["annotate"].docs_out > 10
    return out


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201 - a distributed.LocalCluster
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


@needs_examples
def test_dask_engine_gives_the_same_store_and_exports(local_run: Path, cluster, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "dask"
    summary = pipeline.run([EXAMPLES], out, settings=Settings(engine="dask", scheduler=cluster.scheduler_address, **SMALL))
    assert summary.engine == "dask" and summary.stages["clean"].docs_in == 23
    _assert_same(_tables(out / "detente.duckdb"), _tables(local_run / "detente.duckdb"))
    _assert_same(_exports(out), _exports(local_run))
    assert len(_exports(out)) == 12


@needs_examples
def test_a_killed_dask_worker_changes_nothing(local_run: Path, cluster, tmp_path: Path) -> None:  # noqa: ANN001
    """The worker running an annotate partition is killed (SIGKILL, as the OOM killer or a
    lost node would) after the first batch came back; its tasks run again elsewhere."""
    from distributed import default_client

    killed: list[int] = []

    def kill_once(update: pipeline.Progress) -> None:
        if update.stage != "annotate" or killed:
            return
        client = default_client()
        pids = client.run(os.getpid)
        busy = [worker for worker, keys in client.processing().items() if keys] or sorted(pids)
        killed.append(pids[busy[0]])
        os.kill(killed[0], signal.SIGKILL)

    out = tmp_path / "killed"
    summary = pipeline.run([EXAMPLES], out, settings=Settings(engine="dask", scheduler=cluster.scheduler_address, **SMALL), progress=kill_once)
    assert killed and not summary.interrupted
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)  # it really is gone
    _assert_same(_tables(out / "detente.duckdb"), _tables(local_run / "detente.duckdb"))
    _assert_same(_exports(out), _exports(local_run))


@needs_examples
def test_a_killed_pool_worker_changes_nothing(local_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A local pool worker is killed (SIGKILL) while it cleans a file: its partition is
    cleaned again by a fresh process and the store equals an uninterrupted run's."""
    from detente import stages

    marks = tmp_path / "marks"
    marks.mkdir()
    real_process = stages.process_file

    def dies_once(item, *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202 - runs in the (forked) workers
        if item.key.endswith("07_china_chip_curbs.utf8bom.txt") and not any(marks.iterdir()):
            (marks / str(os.getpid())).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real_process(item, *args, **options)

    monkeypatch.setattr(stages, "process_file", dies_once)
    out = tmp_path / "pool"
    with _deadline(600):
        summary = pipeline.run([EXAMPLES], out, settings=Settings(workers=2, **SMALL))
    assert len(list(marks.iterdir())) == 1 and not summary.interrupted and summary.stages["clean"].errors == 0
    _assert_same(_tables(out / "detente.duckdb"), _tables(local_run / "detente.duckdb"))
    _assert_same(_exports(out), _exports(local_run))


def _boilerplate_corpus(folder: Path, pages: int = 24) -> list:
    """Page dumps of three made-up sites: each repeats its menu and footer lines (common),
    some lines recur in fewer pages than the threshold, the bodies are unique."""
    from detente.ingest import InputFile, discover

    folder.mkdir(parents=True, exist_ok=True)
    sites = {
        "a": ["Home | World | Business", "Subscribe to our newsletter", "© Daily Harbour all rights reserved"],
        "b": ["Skip to main content", "Share on Facebook", "Most read stories"],
        "c": ["Menu", "Sign in to comment", "Related: river town floods"],
    }
    for number in range(pages):
        site = "abc"[number % 3]
        lines = [sites[site][0], f"Story number {number} about the harbour council", sites[site][1]]
        lines += [f"The council met on day {number} and voted on item {number * 7} of the river plan."] * 2
        if number % 6 == 0:  # in 4 of 24 pages: under the threshold of 5
            lines.append("Rare aside line")
        lines.append(sites[site][2])
        (folder / f"page{number:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"text": "Share on Facebook"}\n', encoding="utf-8")  # not a page dump: not counted
    return [found for found in discover([folder]) if isinstance(found, InputFile)]


def test_common_lines_partitioned_equal_one_pass(tmp_path: Path, cluster) -> None:  # noqa: ANN001
    """The per-partition count merged in the parent finds the same common lines in process,
    on a 2-process pool and on a 2-worker Dask cluster, as counting every dump in one pass."""
    from detente.runners.dask_runner import DaskRunner
    from detente.stages import document_lines

    items = _boilerplate_corpus(tmp_path / "corpus")
    settings = Settings(partition_files=5)
    one_pass: dict[str, int] = {}
    for item in items:
        if item.format == "text":
            for line in document_lines(Path(item.path).read_text(encoding="utf-8"), settings.common_line_max_words):
                one_pass[line] = one_pass.get(line, 0) + 1
    expected = frozenset(line for line, count in one_pass.items() if count >= settings.common_line_min_docs)
    assert "share on facebook" in expected and "menu" in expected and "rare aside line" not in expected
    assert len(expected) == 9
    assert pipeline.count_common_lines(items, settings) == expected
    assert pipeline.count_common_lines(items, settings, runner=LocalRunner(Settings(workers=2, partition_files=5))) == expected
    with DaskRunner(Settings(engine="dask", scheduler=cluster.scheduler_address, partition_files=5)) as runner:
        assert pipeline.count_common_lines(items, settings, runner=runner) == expected
    # bounded as the former one-pass count: past 20 lines the sum forgets the lines seen once
    counts: dict[str, int] = {}
    for item in items:
        if item.format == "text":
            for line in document_lines(Path(item.path).read_text(encoding="utf-8"), settings.common_line_max_words):
                counts[line] = counts.get(line, 0) + 1
            if len(counts) > 20:
                counts = {line: count for line, count in counts.items() if count > 1}
    bounded = frozenset(line for line, count in counts.items() if count >= settings.common_line_min_docs)
    assert pipeline.count_common_lines(items, settings, max_entries=20) == bounded == expected


@needs_examples
def test_stage_counters_stored_per_run(local_run: Path) -> None:
    from detente.store import Store

    with Store(local_run / "detente.duckdb", read_only=True) as store:
        rows = store.stage_counters()
    assert [(row["stage"], row["engine"], row["docs_in"], row["docs_out"]) for row in rows] == [("annotate", "local", 17, 17), ("clean", "local", 23, 21)]
    assert rows[1]["dropped"] == {"not in a kept language": 2}


@needs_examples
def test_partition_outputs_let_a_rerun_skip_finished_partitions(local_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent dies (Ctrl-C) after an annotate partition was computed and written with its
    marker but before it was committed; the rerun reads that partition back instead of
    parsing its articles again, and ends with the store of an uninterrupted run."""
    from detente import stages
    from detente.store import Store

    settings = Settings(partition_outputs=True, **SMALL)
    real_write = _interrupt_second_call(monkeypatch, Store, "write_annotations")
    out = tmp_path / "out"
    first = pipeline.run([EXAMPLES], out, settings=settings)
    assert first.interrupted
    folder = out / pipeline.PARTITIONS / "annotate"
    markers = sorted(folder.glob("*.done"))
    assert len(markers) == 1 and sorted(path.name.split(".")[1] for path in folder.glob(f"{markers[0].stem}.*.parquet")) == sorted(stages.ANNOTATE_TABLES)
    monkeypatch.setattr(Store, "write_annotations", real_write)

    parsed: list[str] = []
    real_annotate = stages.annotate_guarded

    def counting(articles, *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        parsed.extend(article.id for article in articles)
        return real_annotate(articles, *args, **options)

    monkeypatch.setattr(stages, "annotate_guarded", counting)
    second = pipeline.run([EXAMPLES], out, settings=settings)
    assert not second.interrupted and second.annotated == 17 - 3  # the first partition was committed before
    assert len(parsed) == 17 - 2 * 3  # the second partition came from its Parquet file, not from the parser
    assert not (out / pipeline.PARTITIONS).exists()  # committed partitions' files are removed
    _assert_same(_tables(out / "detente.duckdb"), _tables(local_run / "detente.duckdb"))
    _assert_same(_exports(out), _exports(local_run))


@pytest.mark.parametrize(
    "options",
    [["--engine", "spark"], ["--scheduler", "tcp://127.0.0.1:1"]],  # an unknown engine; a scheduler without --engine dask
)
def test_cli_engine_options_checked(tmp_path: Path, options: list[str]) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q", *options])
    assert result.exit_code == pipeline.EXIT_NOTHING and not (tmp_path / "out").exists()


def test_cli_dask_engine_local_cluster_prints_stage_counters(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    (tmp_path / "in").mkdir()
    text = "The foreign ministry said on Tuesday that the talks with the neighbouring state would resume next month in Geneva. "
    (tmp_path / "in" / "a.txt").write_text(text * 3, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Ein kurzer Text auf Deutsch, der nicht behalten wird, weil er nicht englisch ist, sagte der Minister. " * 3, encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q", "--no-annotate", "--engine", "dask", "--workers", "1"], env={"COLUMNS": "300"})
    assert result.exit_code == pipeline.EXIT_PARTIAL, result.output
    assert "stage clean" in result.output and "2 in, 1 out, 0 errors" in result.output and "1 not in a kept language" in result.output
    assert "(dask engine)" in result.output


@needs_examples
def test_clean_partition_outputs_let_a_rerun_skip_finished_files(local_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent dies before committing files whose clean partitions were written with their
    markers; the rerun reads those back instead of cleaning the files again."""
    from detente import stages
    from detente.store import Store

    settings = Settings(partition_outputs=True, batch_files=2, **SMALL)
    real_write = _interrupt_second_call(monkeypatch, Store, "write_batch")
    out = tmp_path / "out"
    assert pipeline.run([EXAMPLES], out, settings=settings).interrupted
    assert len(list((out / pipeline.PARTITIONS / "clean").glob("*.done"))) == 2  # one file per partition in-process
    monkeypatch.setattr(Store, "write_batch", real_write)
    cleaned: list[str] = []
    real_process = stages.process_file

    def counting(item, *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        cleaned.append(item.key)
        return real_process(item, *args, **options)

    monkeypatch.setattr(stages, "process_file", counting)
    second = pipeline.run([EXAMPLES], out, settings=settings)
    assert second.files_processed == 18 - 2 and len(cleaned) == 18 - 4
    assert not (out / pipeline.PARTITIONS).exists()
    _assert_same(_tables(out / "detente.duckdb"), _tables(local_run / "detente.duckdb"))
    _assert_same(_exports(out), _exports(local_run))


def test_clean_partition_outputs_keep_spooled_rejects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's rejects spooled to disk (more than `max_rejects_per_file`) survive a restart
    with its partition's outputs, and are all stored by the rerun."""
    from detente.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    article = "The foreign ministry said on Tuesday that the talks with the neighbouring state would resume next month in Geneva. " * 2
    (folder / "a.txt").write_text(article, encoding="utf-8")
    (folder / "b.jsonl").write_text("{broken\n" * 30 + '{"text": "%s", "title": "Talks"}\n' % article.replace("Geneva", "Vienna"), encoding="utf-8")
    (folder / "c.txt").write_text(article.replace("Tuesday", "Friday").replace("talks", "negotiations"), encoding="utf-8")
    settings = Settings(partition_outputs=True, batch_files=1, max_rejects_per_file=5, annotate=False)
    real_write = _interrupt_second_call(monkeypatch, Store, "write_batch")
    assert pipeline.run([folder], tmp_path / "out", settings=settings).interrupted
    assert list((tmp_path / "out" / pipeline.PARTITIONS / "clean").glob(".rejects.*.tmp"))  # b.jsonl's spool, kept
    monkeypatch.setattr(Store, "write_batch", real_write)
    pipeline.run([folder], tmp_path / "out", settings=settings)
    pipeline.run([folder], tmp_path / "fresh", settings=Settings(batch_files=1, max_rejects_per_file=5, annotate=False))
    resumed = (tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8")
    assert resumed.count("malformed JSON") == 30 and resumed == (tmp_path / "fresh" / "rejects.jsonl").read_text(encoding="utf-8")
    _assert_same(_exports(tmp_path / "out"), _exports(tmp_path / "fresh"))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ("local", 1, 2)),
        (["--workers", "3"], ("local", 3, 2)),
        (["--engine", "dask"], ("dask", 1, 2)),
        (["--engine", "dask", "--workers", "1"], ("dask", 1, 1)),
        (["--engine", "dask", "-j", "4"], ("dask", 1, 4)),
    ],
)
def test_cli_workers_option_per_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], expected: tuple) -> None:
    from typer.testing import CliRunner

    from detente import cli

    seen: list[Settings] = []

    def fake_run(paths, out, db=None, settings=None, progress=None):  # noqa: ANN001, ANN202
        seen.append(settings)
        return pipeline.RunSummary(files_found=1)

    monkeypatch.setattr(cli, "run_pipeline", fake_run)
    result = CliRunner().invoke(cli.app, ["run", str(tmp_path), "--out", str(tmp_path / "out"), "-q", *options])
    assert result.exit_code == 0, result.output
    assert (seen[0].engine, seen[0].workers, seen[0].dask_workers) == expected
