"""Resources load once per process, through plain loaders held by their caller (issue 13).

The loaders keep no module cache (`functools.lru_cache` would hide per-process state); the
runners hold what they load in a `stages.ResourceCache`, the report builder loads its tables
once per build, and `detente.clean_text` keeps one documented default set. The counters here
wrap each loader with monkeypatch and count the calls of a small pipeline run.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import detente
from detente import pipeline
from detente.config import Settings
from detente.records import Location
from detente.stages import ResourceCache
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.fresh_resources  # these tests count resource loads per run


def _plain_loaders() -> dict[str, Callable[..., Any]]:
    from detente.actors import load_actor_knowledge
    from detente.events.cameo import load_cameo_table
    from detente.events.lexicon import load_event_lexicon, load_irregular_verbs
    from detente.nlp import load_pipeline
    from detente.places import load_gazetteer
    from detente.report.assemble import load_country_names, load_report_tables
    from detente.resources import load_cleaning_resources

    return {
        "load_pipeline": load_pipeline, "load_actor_knowledge": load_actor_knowledge, "load_cameo_table": load_cameo_table,
        "load_gazetteer": load_gazetteer, "load_country_names": load_country_names, "load_report_tables": load_report_tables,
        "load_cleaning_resources": load_cleaning_resources, "load_event_lexicon": load_event_lexicon,
        "load_irregular_verbs": load_irregular_verbs,
    }  # fmt: skip


def test_loaders_keep_no_module_cache() -> None:
    """No loader is an lru_cache wrapper: what a run uses is what its caller holds."""
    for name, loader in _plain_loaders().items():
        assert not hasattr(loader, "cache_info"), f"{name} is cached at module level"


def _count(monkeypatch: pytest.MonkeyPatch, calls: Counter[str], module: Any, name: str) -> None:
    """Wrap `module.name` so that each call is counted under `name`."""
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


@pytest.fixture
def counted_loaders(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every resource loader the pipeline and the report call, where their callers look
    them up (a `from x import f` binding is patched in the importing module)."""
    import detente.actors
    import detente.annotate
    import detente.places
    import detente.quotes
    import detente.report.assemble
    import detente.stages

    calls: Counter[str] = Counter()
    _count(monkeypatch, calls, detente.stages, "load_cleaning_resources")
    _count(monkeypatch, calls, detente.stages, "load_nlp_resources")
    _count(monkeypatch, calls, detente.annotate, "load_pipeline")
    _count(monkeypatch, calls, detente.actors, "load_actor_knowledge")
    _count(monkeypatch, calls, detente.places, "load_gazetteer")
    _count(monkeypatch, calls, detente.report.assemble, "load_cameo_table")
    _count(monkeypatch, calls, detente.report.assemble, "load_country_names")
    _count(monkeypatch, calls, detente.report.assemble.ActorCatalog, "load")
    return calls


def _small_corpus(tmp_path: Path, names: tuple[str, ...]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, corpus / name)
    return corpus


@pytest.mark.skipif(not (EXAMPLES / "04_nato_baltic_sentry_rutte.txt").is_file(), reason="examples/corpus is missing")
def test_each_loader_runs_once_per_process_across_runs(tmp_path: Path, nlp: Any, counted_loaders: Counter[str]) -> None:  # noqa: ARG001 - nlp: skip without the model
    """Two runs in one process with one ResourceCache: the cleaning and NLP resources load
    once for both (a run's files are parsed in several batches: still once); the report
    builder's tables load once per report."""
    first = _small_corpus(tmp_path, ("04_nato_baltic_sentry_rutte.txt", "10_india_pakistan_ceasefire.txt"))
    settings = Settings(annotate_batch=1)  # one batch per article: resources must not load per batch
    cache = ResourceCache()
    summary = pipeline.run([first], tmp_path / "out", settings=settings, resources=cache)
    assert summary.annotated >= 2
    assert counted_loaders["load_cleaning_resources"] == 1
    assert counted_loaders["load_nlp_resources"] == 1
    assert counted_loaders["load_pipeline"] == 1
    assert counted_loaders["load_actor_knowledge"] == 1
    # Once: the actor knowledge and the event lexicon take the gazetteer `load_nlp_resources`
    # loads (each built its own before: a second each).
    assert counted_loaders["load_gazetteer"] == 1
    report = (counted_loaders["load_cameo_table"], counted_loaders["load_country_names"], counted_loaders["load"])
    assert report == (1, 1, 1)  # the actor catalog: once for the analysis and the report

    shutil.copy(EXAMPLES / "07_china_chip_curbs.utf8bom.txt", first / "07_china_chip_curbs.utf8bom.txt")
    again = pipeline.run([first], tmp_path / "out", settings=settings, resources=cache)
    assert again.annotated >= 1
    assert counted_loaders["load_cleaning_resources"] == 1  # the same process: nothing loads again
    assert counted_loaders["load_nlp_resources"] == 1
    assert counted_loaders["load_pipeline"] == 1
    assert counted_loaders["load_actor_knowledge"] == 1
    assert counted_loaders["load_cameo_table"] == 2  # one per report built


def test_a_run_without_a_cache_loads_its_own_once(tmp_path: Path, counted_loaders: Counter[str]) -> None:
    """Without `resources`, a run makes its own cache: the cleaning resources load once for
    all its files (not per file, not per batch)."""
    corpus = _small_corpus(tmp_path, ("04_nato_baltic_sentry_rutte.txt", "10_india_pakistan_ceasefire.txt", "07_china_chip_curbs.utf8bom.txt"))
    summary = pipeline.run([corpus], tmp_path / "out", settings=Settings(annotate=False, batch_files=1))
    assert summary.files_found == 3
    assert counted_loaders["load_cleaning_resources"] == 1
    assert counted_loaders["load_nlp_resources"] == 0


def test_clean_text_keeps_one_default_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """`clean_text` without settings loads its default resources once for the process."""
    import detente.resources

    calls: Counter[str] = Counter()
    _count(monkeypatch, calls, detente.resources, "load_cleaning_resources")
    monkeypatch.setattr(detente, "_DEFAULT_CLEANING", detente._DefaultCleaning())  # a fresh holder for this test
    text = "The electoral commission of Ghana said on Friday that turnout in the run-off had been higher than in the first round."
    articles = [detente.clean_text(text, source=f"t{n}") for n in range(3)]
    assert calls["load_cleaning_resources"] == 1
    assert len({article.text for article in articles}) == 1


def test_clean_text_uses_the_callers_resources(resources: Any) -> None:
    """Resources passed by the caller are used as given (their settings' policy applies)."""
    from dataclasses import replace

    text = "The electoral commission of Ghana said on Friday that turnout in the run-off had been higher."
    strict = replace(resources, settings=replace(resources.settings, min_words=500, min_words_whole=500))
    assert detente.clean_text(text).word_count == len(text.split())
    with pytest.raises(detente.Rejected):
        detente.clean_text(text, resources=strict)


def test_report_helpers_read_the_tables_they_are_given() -> None:
    """`unit_name` and `cameo_description` read the caller's tables (a build loads them once)."""
    from detente.analysis import ActorCatalog
    from detente.events.cameo import CameoCode, CameoTable
    from detente.report.assemble import cameo_description, unit_name

    catalog = ActorCatalog.load(())
    assert unit_name("XYZ", catalog, {"XYZ": "Freedonia"}) == "Freedonia"
    assert unit_name("XYZ", catalog) == "XYZ"
    table = CameoTable({"99": CameoCode("99", "hold a tea party, not specified below", 1, 1.0, None)})
    assert cameo_description("991", table) == "Hold a tea party"
    assert cameo_description("036") == "Express intent to meet or negotiate"


def test_gazetteer_is_built_by_a_plain_loader(tmp_path: Path) -> None:
    """`load_gazetteer` builds afresh with the caller's data files (no cache between calls)."""
    from detente.places import load_gazetteer

    extra = tmp_path / "places.yaml"
    extra.write_text("locations:\n  regions:\n    Zapad range: {country: BLR, lat: 53.9, lon: 27.6}\n", encoding="utf-8")
    assert load_gazetteer((extra,)).lookup("Zapad range")[0].location == Location("Zapad range", "BLR", 53.9, 27.6)


def test_a_dyad_view_loads_the_cameo_table_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline names each key event's action from one CAMEO table per view (it was
    loaded again for every event), or from the caller's table without loading it at all."""
    import detente.events.cameo
    from detente.analysis import dyad_view, merge_events, story_timeline
    from detente.records import Story
    from tests.test_analysis_dyads import ARTICLES, CATALOG, corpus

    calls: Counter[str] = Counter()
    _count(monkeypatch, calls, detente.events.cameo, "load_cameo_table")
    events = corpus()
    merged = merge_events(events, ARTICLES, catalog=CATALOG)
    view = dyad_view(events, merged, [], ARTICLES, "RUS", "NATO", catalog=CATALOG)
    assert sum(entry.kind == "event" for entry in view.timeline) >= 3
    assert calls["load_cameo_table"] == 1
    story = Story("s1", ["a1", "a2", "a4"], "2021-10-04", "2021-10-28", ["drone"], ["RUS"])
    assert len(story_timeline(story, events, merged, [], ARTICLES)) >= 2
    assert calls["load_cameo_table"] == 2

    table = detente.events.cameo.CameoTable(detente.events.cameo.load_cameo_table().codes)
    given = dyad_view(events, merged, [], ARTICLES, "RUS", "NATO", catalog=CATALOG, cameo=table)
    assert calls["load_cameo_table"] == 3  # the one just above: the view loaded none
    assert given.timeline == view.timeline


def test_evaluation_groups_get_the_process_cache_where_they_take_it() -> None:
    """`make eval` passes its one ResourceCache to each group whose `evaluate` takes
    `resources`, and `stage_level` only where asked for and taken."""
    from types import ModuleType

    from detente.evaluation.__main__ import group_arguments

    def sharing(shared: Path, stage_level: bool = False, resources: ResourceCache | None = None) -> None: ...
    def alone(shared: Path) -> None: ...

    cache = ResourceCache()
    modules = {name: ModuleType(name) for name in ("sharing", "alone")}
    modules["sharing"].evaluate, modules["alone"].evaluate = sharing, alone  # type: ignore[attr-defined]
    assert group_arguments(modules["sharing"], True, cache) == {"stage_level": True, "resources": cache}
    assert group_arguments(modules["sharing"], False, cache) == {"resources": cache}
    assert group_arguments(modules["alone"], True, cache) == {}


def test_evaluation_runs_and_scorers_share_one_load(monkeypatch: pytest.MonkeyPatch, nlp: Any,  # noqa: ARG001 - nlp: skip without the model
                                                    counted_loaders: Counter[str]) -> None:
    """Two evaluation runs with one cache load the NLP resources once; the scorers that parse
    again (parse depths, the parse prefilter's recall) take the run's own from the cache
    instead of loading theirs (each used to load the model, twice for the recall)."""
    import detente.annotate
    import detente.nlp
    from detente.evaluation.events import prefilter_recall
    from detente.evaluation.quotes import make_article
    from detente.evaluation.runpath import nlp_resources, run_jsonl

    _count(monkeypatch, counted_loaders, detente.annotate, "load_nlp_resources")
    _count(monkeypatch, counted_loaders, detente.nlp, "load_pipeline")
    text = ("Russia's foreign minister met his Chinese counterpart in Beijing on Monday. "
            "The two ministers signed an agreement on trade, officials said.")
    settings, cache = Settings(report=False), ResourceCache()
    for name in ("first", "second"):
        output = run_jsonl([{"id": f"{name}-1", "text": text, "published": "2024-03-04"}], settings, name=name, resources=cache)
        assert output.kept(f"{name}-1")
    loaded = nlp_resources(cache, settings)
    counts = prefilter_recall([make_article("x", text)], loaded)
    assert counts["articles"] == 1 and counts["sentences"] == 2
    assert counted_loaders["load_nlp_resources"] == 1
    assert counted_loaders["load_pipeline"] == 1
    assert counted_loaders["load_cleaning_resources"] == 1


class _StoreOf:
    """The reads of a report build, over events held in memory (a Store's methods by name)."""

    def __init__(self, events: list[Any], merged: list[Any], articles: list[Any]) -> None:
        self._events, self._merged, self._articles = events, merged, articles

    def article_headers(self) -> list[Any]:
        return self._articles

    def iter_events(self) -> Any:
        return iter(self._events)

    def merged_events(self) -> list[Any]:
        return self._merged

    def all_quotes(self) -> list[Any]:
        return []

    def stories(self) -> list[Any]:
        return []

    def rejects(self) -> Any:
        return iter(())

    def counts(self) -> dict[str, int]:
        return {"quotes": 0, "mentions": len(self._events)}

    def articles_by_id(self, ids: Any) -> list[Any]:
        return [article for article in self._articles if article.id in set(ids)]


def test_a_report_build_names_every_dyads_actions_from_its_one_cameo_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's dyad views name their timeline's actions from the build's `ReportTables`
    (each view loaded its own CAMEO table: one load per dyad besides the build's)."""
    import detente.events.cameo
    from detente.analysis import merge_events
    from detente.report.assemble import load_report_tables, report_data
    from tests.test_analysis_dyads import ARTICLES, CATALOG, corpus

    events = corpus()
    store = _StoreOf(events, merge_events(events, ARTICLES, catalog=CATALOG).merged, ARTICLES)
    tables = load_report_tables(Settings(), CATALOG)
    calls: Counter[str] = Counter()
    _count(monkeypatch, calls, detente.events.cameo, "load_cameo_table")
    data = report_data(store, [("RUS", "NATO"), ("USA", "RUS")], Settings(), tables=tables)  # type: ignore[arg-type]
    assert len(data.dyads) == 2 and any(section.timeline for section in data.dyads)
    assert calls["load_cameo_table"] == 0


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    import json

    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def test_dates_and_quotes_groups_take_the_process_cache(tmp_path: Path, nlp: Any,  # noqa: ARG001 - nlp: skip without the model
                                                        counted_loaders: Counter[str]) -> None:
    """The dates group (its TimeBank run and the four publication-date runs of `pubdates`) and
    the PolNeAR quotes group run with `make eval`'s one cache: the NLP resources load once for
    both; the cleaning resources once per settings (the publication-date runs skip the NLP
    stages, so their settings differ from the annotated runs'). Each used to load its own."""
    from detente.evaluation import dates, polnear

    text = ("Russia's foreign minister met his Chinese counterpart in Beijing on Monday, March 4, 2024. "
            "The two ministers signed an agreement on trade and energy, officials said after the talks. "
            "\"We will build a pipeline together,\" the minister told reporters at the end of the meeting.")
    (tmp_path / "eval").mkdir()
    _write_jsonl(tmp_path / "eval" / "timebank_dev.jsonl",
                 [{"id": "tb1", "text": text, "title": "Ministers meet", "published": "2024-03-04", "timexes": []}])
    _write_jsonl(tmp_path / "eval" / "wire_dev.jsonl",
                 [{"id": "w1", "text": "BEIJING, March 4 (Xinhua) -- " + text, "title": "Ministers meet", "published": "2024-03-04"}])
    _write_jsonl(tmp_path / "eval" / "polnear_dev.jsonl", [{"id": "p1", "text": text, "attributions": []}])
    cache = ResourceCache()
    items, _ = dates.evaluate(tmp_path, resources=cache)
    assert sum(item.counts.get("pub_total", 0) for item in items) == 1
    quotes, _ = polnear.evaluate(tmp_path, resources=cache)
    assert len(quotes) == 1 and quotes[0].counts["predicted"] >= 1
    assert counted_loaders["load_nlp_resources"] == 1
    assert counted_loaders["load_pipeline"] == 1
    assert counted_loaders["load_cleaning_resources"] == 2
