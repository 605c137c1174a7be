"""The failure policy on a real Dask LocalCluster, run as a user runs it (`pipeline.run` with
`--engine dask --scheduler ADDRESS`): a file or an article whose stage fails is kept as failed
with the stage and reason and not marked done, while the other members of its partition are
done in the same run; and the runner waits on its own client when the user holds another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

from detente import pipeline
from detente.config import Settings
from detente.runners import dask_runner
from detente.runners.dask_runner import DaskRunner
from detente.stages import StageCounters, StageResult

pytestmark = pytest.mark.fresh_resources

TOPICS = ("the talks on grain exports", "the new border crossing", "the fishing quotas", "the gas pipeline tariffs", "the customs union")


def _article(number: int) -> str:
    return (f"The foreign ministry said on Tuesday that {TOPICS[number]} would be discussed again next month in Geneva. "
            f"Officials from both states met for {number + 2} hours and agreed to publish a joint statement on {TOPICS[number]}.")  # fmt: skip


class PoisonPlugin(WorkerPlugin):
    """Installed on each worker: the clean stage raises (outside its per-document guard) on a
    file named poison*, and the annotate stage on a batch holding an article with POISON in
    its text; other work runs as usual (annotation is replaced by an empty result, so no
    parser is loaded)."""

    name = "test-poison"

    def setup(self, worker: Any) -> None:
        from detente import stages
        from detente.annotate import Annotations

        real_process = stages.process_file

        def process_file(item: Any, *args: Any, **options: Any) -> Any:
            if Path(item.key).name.startswith("poison"):
                raise RuntimeError("the cleaner crashed on this file")
            return real_process(item, *args, **options)

        def annotate_guarded(articles: Any, *args: Any, **options: Any) -> list[Annotations]:
            if any("POISON" in article.text for article in articles):
                raise RuntimeError("the parser crashed on this batch")
            return [Annotations(article.id) for article in articles]

        stages.process_file = process_file
        stages.annotate_guarded = annotate_guarded
        stages.load_nlp_resources = lambda *args, **options: None


@pytest.fixture(scope="module")
def poisoned() -> Any:
    """A 2-worker LocalCluster whose workers carry `PoisonPlugin` (its own: the patches stay in its workers)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster.scheduler_address) as client:
        client.register_plugin(PoisonPlugin(), name=PoisonPlugin.name)
        yield cluster


def test_a_failing_file_fails_alone_and_is_not_marked_done(poisoned: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(4):
        (folder / f"good{number}.txt").write_text(_article(number), encoding="utf-8")
    (folder / "poison.txt").write_text(_article(4), encoding="utf-8")
    settings = Settings(engine="dask", scheduler=poisoned.scheduler_address, annotate=False, partition_files=8)  # one partition of 5 files
    out = tmp_path / "out"
    summary = pipeline.run([folder], out, settings=settings)
    assert summary.exit_code == pipeline.EXIT_PARTIAL and summary.articles == 4
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(reject["source"]).name for reject in rejects] == ["poison.txt"]
    assert "partition failed in the clean stage" in rejects[0]["reason"] and "RuntimeError: the cleaner crashed on this file" in rejects[0]["reason"]
    with duckdb.connect(str(out / "detente.duckdb"), read_only=True) as con:
        done = sorted(Path(path).name for (path,) in con.execute("SELECT path FROM inputs").fetchall())
    assert done == [f"good{number}.txt" for number in range(4)]  # the failed file is not marked done
    again = pipeline.run([folder], out, settings=settings)  # a later run tries it again, and only it
    assert again.files_skipped == 4 and again.articles == 0 and len(again.rejects) == 1


def test_a_failing_article_fails_alone(poisoned: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(_article(number), encoding="utf-8")
    (folder / "b.txt").write_text(_article(3).replace("Officials", "POISON officials"), encoding="utf-8")
    settings = Settings(engine="dask", scheduler=poisoned.scheduler_address, annotate_batch=4, report=False)  # one batch of 4 articles
    out = tmp_path / "out"
    summary = pipeline.run([folder], out, settings=settings)
    assert summary.annotated == 3 and summary.failures == 1
    with duckdb.connect(str(out / "detente.duckdb"), read_only=True) as con:
        failed = con.execute("SELECT a.source, f.stage, f.reason, f.attempts FROM annotation_failures f JOIN articles a ON a.id = f.article_id").fetchall()
        (annotated,) = con.execute("SELECT count(*) FROM annotated").fetchone()
    assert annotated == 3 and len(failed) == 1
    source, stage, reason, attempts = failed[0]
    assert Path(source).name == "b.txt" and stage == "partition" and "RuntimeError: the parser crashed on this batch" in reason and attempts == 1


class _Noop:
    name = "noop"
    reads: tuple[str, ...] = ()
    adds: tuple[str, ...] = ()

    def resource_key(self) -> str:
        return "noop"

    def load_resources(self, settings: Settings) -> None:
        return None

    def run(self, partition: list[int], resources: None) -> StageResult[int]:
        return StageResult(list(partition), [], StageCounters(self.name, len(partition), len(partition)))


def test_the_runner_waits_on_its_own_client_beside_a_users_client(poisoned: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With another Client in the process (a notebook's), `as_completed` took the default
    client's event loop: 100 dumps took 10.5 s instead of 2.2 s (benchmarks/README.md)."""
    loops: list[Any] = []
    real = dask_runner.as_completed

    def recording(*args: Any, **options: Any) -> Any:
        loops.append(options.get("loop"))
        return real(*args, **options)

    monkeypatch.setattr(dask_runner, "as_completed", recording)
    with Client(poisoned.scheduler_address), DaskRunner(Settings(engine="dask", scheduler=poisoned.scheduler_address)) as runner:
        assert [result.records for result in runner.map(_Noop(), [[1], [2], [3]])] == [[1], [2], [3]]
        assert loops == [runner.client.loop]
