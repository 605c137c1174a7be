"""Command line: `detente run`, and later the commands that read the store.

The CLI only parses options, shows progress and prints; the work is in `pipeline`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from detente import __version__
from detente.config import Settings
from detente.pipeline import EXIT_CANNOT_PROCEED, EXIT_NOTHING, Progress as RunProgress, RunSummary, run as run_pipeline

app = typer.Typer(
    help="detente: turn raw international news into a clean, deduplicated, dated corpus.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
_MAX_REJECT_LINES = 50
_READ_WAIT_S = 5.0  # how long read-only commands wait for a run that holds the store


def _version(value: bool) -> None:
    if value:
        typer.echo(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """detente: raw news in; clean corpus, actors, quotes and events out."""


@app.command("run")
def run_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively): .txt, .html/.htm, .jsonl, each optionally .gz.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for articles.jsonl, articles.parquet, rejects.jsonl.")],
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file (default: OUT/detente.duckdb).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Processes used for cleaning and annotation; default 1 (with --engine dask: the LocalCluster's workers, default 2).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (this machine: in-process or --workers processes) or dask (a Dask cluster).")] = Settings.engine,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="With --engine dask: address of a running Dask scheduler (tcp://host:8786); without it a LocalCluster of --workers workers is started.")] = None,
    language: Annotated[list[str] | None, typer.Option("--language", help="Language to keep (ISO 639-1); repeat for several.")] = None,
    min_words: Annotated[int, typer.Option("--min-words", min=1, help="Reject articles shorter than this after cleaning.")] = Settings.min_words,
    duplicate_threshold: Annotated[float, typer.Option("--duplicate-threshold", min=0.3, max=0.95, help="Similarity (estimated Jaccard of word 5-grams) that makes a near-duplicate.")] = Settings.duplicate_threshold,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Extra YAML data file merged into the packaged word lists.")] = None,
    annotate: Annotated[bool, typer.Option("--annotate/--no-annotate", help="Find actors and quotes after cleaning.")] = True,
    model: Annotated[str, typer.Option("--model", help="Installed spaCy pipeline used for parsing.")] = Settings.nlp_model,
    parse_prefilter: Annotated[bool, typer.Option("--parse-prefilter/--parse-all", help="Parse only the sentences that may hold an event (an actor and a trigger word) or a quote (the default); --parse-all parses every sentence.")] = Settings.parse_prefilter,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1000, help="Longer articles (characters) are parsed in pieces of whole paragraphs of this size; one with a longer paragraph is recorded as failed, with the reason.")] = Settings.max_parse_chars,
    text_is_clean: Annotated[bool, typer.Option("--text-is-clean", help="Text inputs are articles already (your extractor's output): keep their lines instead of cleaning them as page dumps.")] = Settings.text_is_clean,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; only the summary.")] = False,
) -> None:
    """Clean, deduplicate and store articles from PATHS.

    Exit codes: 0 all inputs became articles; 1 done, but some inputs or records were
    rejected (see rejects.jsonl); 2 no input found; 3 could not proceed (the store is
    being written by another run, or the disk is full); 130 interrupted (re-run to finish).
    """
    if engine not in ("local", "dask") or (scheduler and engine != "dask"):
        console.print("[red]error[/]: --engine is local or dask; --scheduler needs --engine dask")
        raise typer.Exit(EXIT_NOTHING)
    settings = Settings(
        languages=tuple(language) if language else Settings.languages,
        min_words=min_words,
        duplicate_threshold=duplicate_threshold,
        workers=(workers or 1) if engine == "local" else 1,
        engine=engine,
        scheduler=scheduler,
        dask_workers=(workers or Settings.dask_workers) if engine == "dask" else Settings.dask_workers,
        extra_data=tuple(data or ()),
        annotate=annotate,
        nlp_model=model,
        parse_prefilter=parse_prefilter,
        text_is_clean=text_is_clean,
        max_parse_chars=max_chars,
    )
    from detente.store import StoreBusy, StoreFailed

    try:
        summary = _run_with_progress(paths, out, db, settings, quiet)
    except (StoreBusy, StoreFailed) as error:
        console.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(EXIT_CANNOT_PROCEED) from None
    _print_summary(summary, out)
    raise typer.Exit(summary.exit_code)


def _run_with_progress(paths: list[Path], out: Path, db: Path | None, settings: Settings, quiet: bool) -> RunSummary:
    shown = 0

    def report_rejects(update: RunProgress) -> None:
        nonlocal shown
        for reject in update.rejects:
            shown += 1
            if shown <= _MAX_REJECT_LINES:
                where = f"{reject.source}:{reject.line}" if reject.line else reject.source
                console.print(f"[yellow]rejected[/] {escape(where)}: {escape(reject.reason)}", markup=True, highlight=False)

    if quiet:
        return run_pipeline(paths, out, db=db, settings=settings, progress=report_rejects)
    columns = (TextColumn("[bold]{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("clean", total=None, rate="")

        tasks: dict[str, object] = {"clean": task}

        def update(event: RunProgress) -> None:
            if event.stage not in tasks:
                tasks[event.stage] = bar.add_task(event.stage, total=None, rate="")
            rate = event.articles / event.elapsed if event.elapsed > 0 else 0.0
            unit = "batches" if event.stage == "annotate" else "files"  # clean, and store (dask engine: after the shuffle dedup)
            label = f"{event.articles} articles, {rate:.0f}/s ({unit})" + (f", {event.dropped} dropped" if event.dropped else "")
            bar.update(tasks[event.stage], completed=event.done, total=event.total, rate=label)
            report_rejects(event)

        return run_pipeline(paths, out, db=db, settings=settings, progress=update)


def _print_summary(summary: RunSummary, out: Path) -> None:
    if len(summary.rejects) > _MAX_REJECT_LINES:
        console.print(f"... and {len(summary.rejects) - _MAX_REJECT_LINES} more rejects: see {escape(str(out / 'rejects.jsonl'))}", highlight=False)
    table = Table(title="detente run", show_header=False, title_justify="left")
    table.add_row("files found", str(summary.files_found))
    table.add_row("already done (skipped)", str(summary.files_skipped))
    table.add_row("files processed", str(summary.files_processed))
    table.add_row("articles (new)", str(summary.articles))
    table.add_row("  of which duplicates", str(summary.duplicates))
    table.add_row("rejects (new)", str(len(summary.rejects)))
    table.add_row("articles annotated", str(summary.annotated))
    if summary.failures:
        table.add_row("annotation failures", f"{summary.failures} (reasons in rejects.jsonl)")
    for counters in summary.stages.values():
        dropped = ", ".join(f"{count} {reason}" for reason, count in counters.dropped.most_common(3))
        line = f"{counters.docs_in} in, {counters.docs_out} out, {counters.errors} errors, {counters.seconds:.1f} s" + (f"; dropped: {dropped}" if dropped else "")
        table.add_row(f"stage {counters.stage}", Text(line))
    table.add_row("elapsed", f"{summary.elapsed:.1f} s ({summary.engine} engine)")
    if summary.totals:
        totals = summary.totals
        table.add_row("store totals", f"{totals['articles']} articles, {totals['duplicates']} duplicates, {totals['rejects']} rejects")
        table.add_row("", f"{totals['mentions']} actor mentions, {totals['quotes']} quotes, {totals.get('events', 0)} events")
    for name, path in summary.outputs.items():
        table.add_row(name, Text(str(path)))
    Console().print(table)
    if summary.interrupted:
        console.print("[red]interrupted[/]: committed batches are kept; run the same command again to finish.")
    elif summary.exit_code == EXIT_NOTHING:
        console.print("[red]no input files found[/] (expected .txt, .html, .htm, .jsonl, optionally .gz)")


@app.command("show")
def show_command(
    out: Annotated[Path, typer.Argument(help="Output folder of a run (holds articles.jsonl).")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many articles to show.")] = 10,
    duplicates: Annotated[bool, typer.Option("--duplicates/--no-duplicates", help="Also show duplicate copies.")] = False,
) -> None:
    """Print the articles of a run: title, outlet, date, first words, what was removed."""
    import json

    path = out / "articles.jsonl"
    if not path.exists():
        console.print(f"[red]error[/]: {escape(str(path))}: no articles.jsonl here; run `detente run ... --out {escape(str(out))}` first")
        raise typer.Exit(2)
    shown = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if article["duplicate_of"] and not duplicates:
                continue
            Console().print(_article_panel(article), highlight=False)
            shown += 1
            if shown >= limit:
                break


def _article_panel(article: dict) -> Table:
    """One article as a small table; all values are shown as plain text, never markup."""
    from rich.text import Text

    when = article["published"] or _interval_text(article["published_interval"]) or "date unknown"
    table = Table(title=Text(article["title"] or "(no title)", style="bold"), show_header=False, title_justify="left")
    table.add_row("source", Text(article["source"]))
    credited = ", ".join(article["credited"] or [])
    table.add_row("outlet", Text((article["outlet"] or "-") + (f" (credited: {credited})" if credited else "")))
    table.add_row("author / dateline", Text(f"{article['author'] or '-'} / {article['dateline'] or '-'}"))
    table.add_row("published", Text(when))
    table.add_row("words", f"{article['word_count']} kept, {len(article['removed'])} lines removed")
    if article["duplicate_of"]:
        table.add_row("duplicate of", Text(f"{article['duplicate_of']} (similarity {article['similarity']})"))
    table.add_row("text", Text(article["text"][:300] + ("…" if len(article["text"]) > 300 else "")))
    return table


def _interval_text(interval: dict | None) -> str | None:
    if not interval:
        return None
    return f"date unknown; between {interval['earliest'] or '?'} and {interval['latest'] or '?'} (from the text)"


def _store_path(out: Path | None, db: Path | None) -> Path:
    path = db or (out / "detente.duckdb" if out else None)
    if path is None or not path.exists():
        console.print(f"[red]error[/]: no database at {escape(str(path))}; pass --out DIR of a run or --db FILE")
        raise typer.Exit(2)
    return path


def _read_store(path: Path):  # noqa: ANN202 - detente.store.Store (imported lazily)
    """Open a run's store read-only; while another run writes it, wait a few seconds, then
    say so in one line (exit 3) instead of a lock traceback."""
    from detente.store import Store, StoreBusy, StoreFailed

    try:
        return Store(path, read_only=True, wait_s=_READ_WAIT_S)
    except (StoreBusy, StoreFailed) as error:
        console.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(EXIT_CANNOT_PROCEED) from None


@app.command("quotes")
def quotes_command(
    out: Annotated[Path | None, typer.Argument(help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of OUT/detente.duckdb.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name or words, any case (e.g. Peskov).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor code or prefix (e.g. RUSGOV, IGOWSTNAT).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
) -> None:
    """List quotes: who said what, where, with the article it comes from."""
    from rich.text import Text


    with _read_store(_store_path(out, db)) as store:
        rows = store.quotes(speaker=speaker, actor=actor, limit=limit)
    table = Table(title=f"{len(rows)} quotes", title_justify="left")
    for column in ("date", "speaker", "code", "kind", "quote", "article"):
        table.add_column(column)
    for row in rows:
        who = row["speaker"] or {}
        table.add_row(
            Text(row["published"] or "?"),
            Text(who.get("name") or who.get("text") or "?"),
            Text(who.get("code") or "-"),
            row["kind"],
            Text(row["content"]),
            Text(f"{row['title'] or ''} [{row['article_id']}]"),
        )
    Console().print(table)


def parse_dyad(value: str) -> tuple[str, str]:
    """`RUS:NATO` -> ("RUS", "NATO"); a clear error otherwise."""
    from detente.analysis.sides import split_dyad

    sides = split_dyad(value)
    if sides is None:
        console.print(f"[red]error[/]: --dyad {escape(repr(value))}: expected two actors like RUS:NATO or RUSGOV:IGOWSTNAT")
        raise typer.Exit(2)
    return sides


@app.command("events")
def events_command(
    out: Annotated[Path | None, typer.Argument(help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of OUT/detente.duckdb.")] = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help="Two actors, country/organisation or full code: RUS:NATO, RUSGOV:USA.")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only events from the first actor towards the second.")] = False,
    negated: Annotated[bool, typer.Option("--negated/--no-negated", help="Also list negated events (marked 'not').")] = True,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 50,
) -> None:
    """List coded events: date, source -> action -> target, and the sentence that proves it."""
    from rich.text import Text


    with _read_store(_store_path(out, db)) as store:
        events = store.events(parse_dyad(dyad) if dyad else None, directed=directed, include_negated=negated, limit=limit)
    table = Table(title=f"{len(events)} events" + (f" between {dyad}" if dyad else ""), title_justify="left")
    for column in ("date", "source", "action", "target", "modality"):
        table.add_column(column, no_wrap=column == "date", max_width=22)
    table.add_column("evidence", ratio=1, min_width=30)
    for event in events:
        table.add_row(
            Text(_dated(event.date, event.date_precision)),
            Text(_actor_label(event.source)),
            Text(f"{event.cameo} {event.plover or ''} ({event.goldstein:+.1f})" if event.goldstein is not None else event.cameo),
            Text(_actor_label(event.target)),
            Text(", ".join(name for name, flag in vars(event.modality).items() if flag) or "asserted"),
            Text(f"{event.sentence.text} [{event.article_id}]"),
        )
    Console().print(table)


@app.command("dyad")
def dyad_command(
    first: Annotated[str, typer.Argument(help="One side: country (RUS), organisation (NATO) or full code (RUSGOV).")],
    second: Annotated[str, typer.Argument(help="The other side.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of OUT/detente.duckdb.")] = None,
    freq: Annotated[str, typer.Option("--freq", help="Series period: day, week, month or year.")] = "month",
    directed: Annotated[bool, typer.Option("--directed", help="Only events from FIRST towards SECOND.")] = False,
) -> None:
    """How a relationship evolved: a series per period, then a dated timeline with evidence."""
    from rich.text import Text

    from detente.analysis import ActorCatalog, DyadSettings, dyad_view

    if freq not in ("day", "week", "month", "year"):
        console.print(f"[red]error[/]: --freq {freq!r}: expected day, week, month or year")
        raise typer.Exit(2)
    with _read_store(_store_path(out, db)) as store:
        catalog = ActorCatalog.load()
        view = dyad_view(
            list(store.iter_events()), store.merged_events(), store.all_quotes(), store.article_headers(),
            first.upper(), second.upper(), freq=freq, directed=directed, settings=DyadSettings(fill_gaps=False), catalog=catalog,
        )  # fmt: skip
    series = Table(title=f"{view.a_key} {'->' if directed else '<->'} {view.b_key}: {view.total.events} events, per {freq}", title_justify="left")
    for column in ("period", "events", "verbal coop", "material coop", "verbal conflict", "material conflict", "Goldstein total", "mean", "net coop"):
        series.add_column(column, justify="right" if column != "period" else "left")
    for row in view.series:
        label = (row.period or "date unknown") + (" (imprecise)" if row.imprecise else "")
        mean = f"{row.goldstein_mean:+.1f}" if row.goldstein_mean is not None else "-"
        series.add_row(label, str(row.events), str(row.quad1), str(row.quad2), str(row.quad3), str(row.quad4),
                       f"{row.goldstein_total:+.1f}", mean, f"{row.net_cooperation:+d}")  # fmt: skip
    timeline = Table(title="timeline", title_justify="left")
    timeline.add_column("date", no_wrap=True)
    timeline.add_column("what", max_width=40)
    timeline.add_column("evidence", ratio=1, min_width=30)
    for entry in view.timeline:
        timeline.add_row(Text(entry.label), Text(entry.title), Text(f"{entry.text or ''} [{entry.article_id}]"))
    Console().print(series)
    Console().print(timeline)


@app.command("explain")
def explain_command(
    event_id: Annotated[str, typer.Argument(help="An event id (events.jsonl) or a merged event id (merged_events.jsonl).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of OUT/detente.duckdb.")] = None,
) -> None:
    """Show the mentions of one event counted once, and why they were merged."""
    from detente.analysis import MergeResult, explain_event

    with _read_store(_store_path(out, db)) as store:
        events = {event.id: event for event in store.iter_events()}
        merged = store.merged_events()
    excluded = _excluded(events.values())
    known = event_id in events or any(item.id == event_id for item in merged)
    lines = explain_event(event_id, MergeResult(merged, excluded), events)
    if not known:
        console.print(f"[red]error[/]: no event or merged event with id {escape(repr(event_id))}")
        raise typer.Exit(2)
    for line in lines:
        typer.echo(line)


def _excluded(events) -> list:  # noqa: ANN001 - Iterable[Event]
    """Events the merge leaves out (negated, hypothetical, background), so `explain` can say why."""
    from detente.analysis.merge import exclusion

    return [found for event in events if (found := exclusion(event)) is not None]


@app.command("report")
def report_command(
    report_out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write (one self-contained file).")],
    run_dir: Annotated[Path | None, typer.Argument(help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of RUN_DIR/detente.duckdb.")] = None,
    dyad: Annotated[list[str] | None, typer.Option("--dyad", help="Relationship to show, like RUS:NATO; repeat for several (default: the most reported).")] = None,
    freq: Annotated[str, typer.Option("--freq", help="Chart period: day, week, month or year.")] = "month",
) -> None:
    """Write the HTML report: corpus, dyad charts and timelines, quotes, network, stories."""
    from detente.report.assemble import write_store_report

    dyads = [parse_dyad(value) for value in dyad or ()]
    with _read_store(_store_path(run_dir or Path("."), db)) as store:
        path = write_store_report(store, report_out, dyads, freq=freq)
    console.print(f"wrote {escape(str(path))}", highlight=False)


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    run_dir: Annotated[Path | None, typer.Argument(help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of RUN_DIR/detente.duckdb.")] = None,
    format: Annotated[str, typer.Option("--format", help="gdelt: GDELT 2.0 event-table columns, one row per event counted once.")] = "gdelt",
) -> None:
    """Export events for other tools (GDELT 2.0 event table as CSV with a header)."""
    from detente.export import export_gdelt

    if format != "gdelt":
        console.print(f"[red]error[/]: --format {format!r}: only 'gdelt' is supported")
        raise typer.Exit(2)
    with _read_store(_store_path(run_dir or Path("."), db)) as store:
        try:
            count = export_gdelt(store, file)
        except IsADirectoryError as error:
            console.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
            raise typer.Exit(2) from None
    console.print(f"wrote {count} events to {escape(str(file))}", highlight=False)


def _dated(date: str | None, precision: str | None) -> str:
    if not date:
        return "date unknown"
    return date if precision in (None, "day") else f"{date} ({precision})"


def _actor_label(actor) -> str:  # noqa: ANN001 - EventActor | None
    if actor is None:
        return "-"
    return f"{actor.name or actor.text} [{actor.code or '?'}]"


dict_app = typer.Typer(help="Actor dictionaries: import PETRARCH/TABARI files into detente's format.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("import")
def dict_import_command(
    source: Annotated[Path, typer.Argument(help="A PETRARCH/TABARI actor or agent dictionary.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="YAML file to write; pass it to `detente run --data`.")],
    kind: Annotated[str, typer.Option("--kind", help="actors, agents, phoenix (a Phoenix actor file: people and groups), verbs or discards.")] = "actors",
) -> None:
    """Convert a CAMEO dictionary (lines like `VLADIMIR_PUTIN_ [RUSGOV]`) to detente's YAML."""
    from detente.actors.dictimport import import_petrarch_dictionary, write_yaml

    if kind == "phoenix":  # people with dated offices and named groups, as `make dicts` reads them
        from detente.actors.phoenix import convert, load_rules

        if not source.is_file():
            console.print(f"[red]error[/]: {escape(str(source))}: no such file")
            raise typer.Exit(2)
        converted = convert([source], load_rules())
        write_yaml({"people": converted["people"], "groups": converted["groups"]}, out)
        for problem in converted["problems"][:_MAX_REJECT_LINES]:
            console.print(f"[yellow]skipped[/] {escape(problem)}", highlight=False)
        console.print(f"wrote {escape(str(out))}", highlight=False)
        return

    if kind in ("verbs", "discards"):  # PETRARCH2 verb patterns or discards -> the events stage's formats
        _import_events_dictionary(source, out, kind)
        return
    if kind not in ("actors", "agents"):
        console.print(f"[red]error[/]: --kind must be actors, agents, phoenix, verbs or discards, not {kind!r}")
        raise typer.Exit(2)
    if not source.is_file():
        console.print(f"[red]error[/]: {escape(str(source))}: no such file")
        raise typer.Exit(2)
    imported = import_petrarch_dictionary(source, kind=kind)
    write_yaml(imported, out)
    for problem in imported.get("skipped", [])[:_MAX_REJECT_LINES]:
        console.print(f"[yellow]skipped[/] {escape(f'{source}:{problem}')}", highlight=False)
    console.print(f"wrote {escape(str(out))}", highlight=False)


def _import_events_dictionary(source: Path, out: Path, kind: str) -> None:
    """`dict import --kind verbs|discards`: see detente.events.petrarch."""
    from detente.events.petrarch import import_discards, import_verbs, write_discards, write_verbs

    if not source.is_file():
        console.print(f"[red]error[/]: {escape(str(source))}: no such file")
        raise typer.Exit(2)
    if kind == "verbs":
        imported = import_verbs(source)
        write_verbs(imported, out, source.name)
        for reason, count in imported.skipped.most_common():
            console.print(f"[yellow]skipped[/] {count} patterns: {escape(reason)}", highlight=False)
    else:
        write_discards(import_discards(source), out, source.name)
    console.print(f"wrote {escape(str(out))}", highlight=False)


@app.command("serve")
def serve_command(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder of a run (holds detente.duckdb).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB database file instead of OUT/detente.duckdb.")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default: the app has no login).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    allow_edits: Annotated[bool, typer.Option("--allow-edits", help="Let analysts record corrections (needs the token printed at start-up).")] = False,
    corrections: Annotated[Path | None, typer.Option("--corrections", help="Corrections file (default: beside the database, <name>.corrections.sqlite).")] = None,
) -> None:
    """Open the workbench: search, articles, dyads, actors, events, stories and corrections in a browser, and a JSON API."""
    import uvicorn

    from detente.web import ServeConfig, create_app

    config = ServeConfig(db=_store_path(out, db), allow_edits=allow_edits, corrections=corrections)
    application = create_app(config)
    bench = application.state.bench
    typer.echo(f"detente serve: http://{host}:{port}/  (store {config.db}, read from a snapshot; Ctrl-C to stop)")
    if bench.token:
        typer.echo(f"edit token (paste it at http://{host}:{port}/unlock; API: Authorization: Bearer <token>): {bench.token}")
    uvicorn.run(application, host=host, port=port, log_level="warning")


if __name__ == "__main__":
    app()
