"""Command line: `detente run`, and later the commands that read the store.

The CLI only parses options, shows progress and prints; the work is in `pipeline`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente import __version__
from detente.config import Settings
from detente.pipeline import EXIT_NOTHING, Progress as RunProgress, RunSummary, run as run_pipeline

app = typer.Typer(
    help="detente: turn raw international news into a clean, deduplicated, dated corpus.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
_MAX_REJECT_LINES = 50


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
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Processes used for cleaning.")] = 1,
    language: Annotated[list[str] | None, typer.Option("--language", help="Language to keep (ISO 639-1); repeat for several.")] = None,
    min_words: Annotated[int, typer.Option("--min-words", min=1, help="Reject articles shorter than this after cleaning.")] = Settings.min_words,
    duplicate_threshold: Annotated[float, typer.Option("--duplicate-threshold", min=0.3, max=0.95, help="Similarity (estimated Jaccard of word 5-grams) that makes a near-duplicate.")] = Settings.duplicate_threshold,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Extra YAML data file merged into the packaged word lists.")] = None,
    annotate: Annotated[bool, typer.Option("--annotate/--no-annotate", help="Find actors and quotes after cleaning.")] = True,
    model: Annotated[str, typer.Option("--model", help="Installed spaCy pipeline used for parsing.")] = Settings.nlp_model,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; only the summary.")] = False,
) -> None:
    """Clean, deduplicate and store articles from PATHS.

    Exit codes: 0 all inputs became articles; 1 done, but some inputs or records were
    rejected (see rejects.jsonl); 2 no input found; 130 interrupted (re-run to finish).
    """
    settings = Settings(
        languages=tuple(language) if language else Settings.languages,
        min_words=min_words,
        duplicate_threshold=duplicate_threshold,
        workers=workers,
        extra_data=tuple(data or ()),
        annotate=annotate,
        nlp_model=model,
    )
    summary = _run_with_progress(paths, out, db, settings, quiet)
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
                console.print(f"[yellow]rejected[/] {where}: {reject.reason}", markup=True, highlight=False)

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
            unit = "files" if event.stage == "clean" else "batches"
            label = f"{event.articles} articles, {rate:.0f}/s ({unit})"
            bar.update(tasks[event.stage], completed=event.done, total=event.total, rate=label)
            report_rejects(event)

        return run_pipeline(paths, out, db=db, settings=settings, progress=update)


def _print_summary(summary: RunSummary, out: Path) -> None:
    if len(summary.rejects) > _MAX_REJECT_LINES:
        console.print(f"... and {len(summary.rejects) - _MAX_REJECT_LINES} more rejects: see {out / 'rejects.jsonl'}")
    table = Table(title="detente run", show_header=False, title_justify="left")
    table.add_row("files found", str(summary.files_found))
    table.add_row("already done (skipped)", str(summary.files_skipped))
    table.add_row("files processed", str(summary.files_processed))
    table.add_row("articles (new)", str(summary.articles))
    table.add_row("  of which duplicates", str(summary.duplicates))
    table.add_row("rejects (new)", str(len(summary.rejects)))
    table.add_row("articles annotated", str(summary.annotated))
    table.add_row("elapsed", f"{summary.elapsed:.1f} s")
    if summary.totals:
        totals = summary.totals
        table.add_row("store totals", f"{totals['articles']} articles, {totals['duplicates']} duplicates, {totals['rejects']} rejects")
        table.add_row("", f"{totals['mentions']} actor mentions, {totals['quotes']} quotes")
    for name, path in summary.outputs.items():
        table.add_row(name, str(path))
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
        console.print(f"[red]error[/]: {path}: no articles.jsonl here; run `detente run ... --out {out}` first")
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
        console.print(f"[red]error[/]: no database at {path}; pass --out DIR of a run or --db FILE")
        raise typer.Exit(2)
    return path


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

    from detente.store import Store

    with Store(_store_path(out, db)) as store:
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


dict_app = typer.Typer(help="Actor dictionaries: import PETRARCH/TABARI files into detente's format.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("import")
def dict_import_command(
    source: Annotated[Path, typer.Argument(help="A PETRARCH/TABARI actor or agent dictionary.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="YAML file to write; pass it to `detente run --data`.")],
    kind: Annotated[str, typer.Option("--kind", help="actors or agents.")] = "actors",
) -> None:
    """Convert a CAMEO dictionary (lines like `VLADIMIR_PUTIN_ [RUSGOV]`) to detente's YAML."""
    from detente.actors.dictimport import import_petrarch_dictionary, write_yaml

    if kind not in ("actors", "agents"):
        console.print(f"[red]error[/]: --kind must be actors or agents, not {kind!r}")
        raise typer.Exit(2)
    if not source.is_file():
        console.print(f"[red]error[/]: {source}: no such file")
        raise typer.Exit(2)
    imported = import_petrarch_dictionary(source, kind=kind)
    write_yaml(imported, out)
    for problem in imported.get("skipped", [])[:_MAX_REJECT_LINES]:
        console.print(f"[yellow]skipped[/] {source}:{problem}", highlight=False)
    console.print(f"wrote {out}")


if __name__ == "__main__":
    app()
