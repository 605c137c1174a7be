"""Benchmark of the analysis stage and the report: merge, stories, dyad view, network, report over synthetic records.

Generates Event, Article and Quote records (no text from shared/; invented sentences from
templates), then times each step and measures its memory, for each corpus size:

- merge: `merge_events` over all events (real events reported by 1-6 outlets, some twice in an
  article, 10% month-precision and 5% undated mentions, 8% negated or hypothetical, 5% with one
  side unknown, half of them in 8 busy dyads), spread over two years per 10,000 events so that
  the density, and so the merge quality, is the same at every size; the pairwise precision and
  recall against the planted real events are printed beside the time;
- stories: `assign_stories` over all articles in one batch, then again over the last 10% as a
  second batch continuing from the state of the first 90% (the incremental path);
- dyad view: `dyad_view(..., "RUS", "NATO", freq="week")` and `network(merged)`;
- report: building the `ReportData` from the analysis results the way the pipeline's glue
  does (`detente.report.assemble`: the three most reported dyads, monthly, their dyad views
  converted to report sections, the network, quotes by speaker, the stories and every article
  they link to), then `render_report` (the HTML as a string; its size is printed).

Each corpus size runs in a fresh subprocess (this script with --child-size), so the peak RSS
printed for a size is that size's alone. Time is wall clock without tracing; memory is the
tracemalloc peak of a second, traced run of the same step (Python allocations made by the
step, inputs excluded), plus the process's peak RSS before the report steps and at the end.
After the last size, a growth table compares each step's time and memory between sizes (x10
events should cost about x10: linear). Deterministic: the same seed gives the same records.
The exit status is non-zero only when a size's process crashes.

Usage:
    .venv/bin/python benchmarks/bench_analysis.py [--sizes 10000 100000] [--seed 7] [--no-trace] [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import platform
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from detente.analysis import (
    ActorCatalog,
    assign_stories,
    dyad_view,
    merge_events,
    network,
    stories,
)
from detente.analysis.merge import count_copies
from detente.records import Article, Event, EventActor, Location, Modality, Quote, Span, Speaker
from detente.report import ReportData, StoryItem, render_report
from detente.report.assemble import MAX_SPEAKER_QUOTES, _article_date, _linked_articles, _network, _section, top_dyads
from detente.report.build import article_view, corpus_summary, quote_item, quotes_by_speaker

RESULT_PREFIX = "RESULT "

COUNTRIES = {
    "RUS": ["Russia", "Moscow", "the Kremlin"], "USA": ["the United States", "Washington", "the US"],
    "UKR": ["Ukraine", "Kyiv"], "CHN": ["China", "Beijing"], "DEU": ["Germany", "Berlin"], "FRA": ["France", "Paris"],
    "GBR": ["Britain", "London"], "POL": ["Poland", "Warsaw"], "TUR": ["Turkey", "Ankara"], "IRN": ["Iran", "Tehran"],
    "ISR": ["Israel"], "IND": ["India", "New Delhi"], "JPN": ["Japan", "Tokyo"], "KOR": ["South Korea", "Seoul"],
    "PRK": ["North Korea", "Pyongyang"], "SYR": ["Syria", "Damascus"], "BLR": ["Belarus", "Minsk"],
    "GEO": ["Georgia", "Tbilisi"], "ARM": ["Armenia", "Yerevan"], "AZE": ["Azerbaijan", "Baku"],
    "EST": ["Estonia", "Tallinn"], "LVA": ["Latvia", "Riga"], "LTU": ["Lithuania", "Vilnius"],
    "FIN": ["Finland", "Helsinki"], "SWE": ["Sweden", "Stockholm"], "NOR": ["Norway", "Oslo"],
    "ITA": ["Italy", "Rome"], "ESP": ["Spain", "Madrid"], "HUN": ["Hungary", "Budapest"], "SRB": ["Serbia", "Belgrade"],
    "EGY": ["Egypt", "Cairo"], "SAU": ["Saudi Arabia", "Riyadh"], "QAT": ["Qatar", "Doha"], "BRA": ["Brazil"],
}
ORGANISATIONS = {"NATO": ("IGOWSTNAT", ["NATO", "the alliance", "the North Atlantic Alliance"]),
                 "UN": ("IGOUNO", ["the United Nations", "the UN"]), "EU": ("IGOEUREEC", ["the EU", "Brussels"]),
                 "OSCE": ("IGOEURSCE", ["the OSCE"])}
ROOTS = {  # root: (code, quad class, Goldstein, verb phrases)
    "01": ("010", 1, 0.0, ["made a statement about", "commented on"]),
    "02": ("020", 1, 3.0, ["appealed to", "urged"]),
    "03": ("036", 1, 4.0, ["expressed willingness to meet", "offered to negotiate with"]),
    "04": ("042", 1, 1.9, ["held talks with", "hosted a delegation from"]),
    "05": ("051", 1, 3.4, ["praised", "welcomed the stance of"]),
    "06": ("061", 2, 6.4, ["signed an economic deal with", "agreed to trade with"]),
    "07": ("070", 2, 7.0, ["sent aid to", "delivered assistance to"]),
    "08": ("081", 2, 5.0, ["eased restrictions on", "lifted sanctions on"]),
    "09": ("090", 3, -2.0, ["opened an investigation into", "probed"]),
    "10": ("100", 3, -5.0, ["demanded concessions from", "pressed"]),
    "11": ("112", 3, -2.0, ["accused", "criticised"]),
    "12": ("120", 3, -4.0, ["rejected the proposal of", "turned down the offer of"]),
    "13": ("130", 3, -4.4, ["threatened", "warned"]),
    "14": ("140", 3, -6.5, ["protested against", "staged protests against"]),
    "15": ("150", 4, -7.2, ["put forces on alert against", "mobilised troops against"]),
    "16": ("161", 4, -4.0, ["suspended relations with", "downgraded ties with"]),
    "17": ("172", 4, -5.0, ["imposed sanctions on", "sanctioned"]),
    "18": ("181", 4, -9.0, ["detained nationals of", "seized assets of"]),
    "19": ("190", 4, -10.0, ["attacked", "shelled positions of"]),
    "20": ("200", 4, -10.0, ["carried out mass killings against", "bombarded civilians of"]),
}
TOPIC = ("border gas pipeline sanctions missile treaty embassy diplomats election grain port drones troops exercise "
         "airspace nuclear reactor inspection visa hackers cyberattack oil tanker refinery grid ceasefire prisoners "
         "exchange corridor summit talks delegation envoy loan bonds currency tariffs steel wheat fertiliser vaccine "
         "journalists broadcaster satellite launch navy frigate submarine bomber radar base garrison militia convoy "
         "bridge railway dam mines artillery shells warehouse hospital school refugees camp monitors observers mission "
         "office consulate spy agents expulsion accord memorandum charter resolution veto council assembly court "
         "ruling verdict extradition asylum dissident protest rally curfew martial law referendum annexation enclave "
         "island strait canal blockade quota").split()
OUTLETS = [f"Outlet {name}" for name in "Alpha Bravo Cedar Delta Echo Falcon Gamma Harbor Iris Juniper Kestrel Lumen "
           "Meridian Nova Orbit Pioneer Quartz Raven Summit Tidewater Umber Vector Willow Xenon Yarrow Zenith".split()]
CITIES = ["Kharkiv", "Odesa", "Donetsk", "Aleppo", "Idlib", "Gaza", "Sukhumi", "Stepanakert", "Mariupol", "Kherson"]
DAY0 = date(2020, 1, 1)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _actor(rng: random.Random, key: str, role_chance: float = 0.6) -> tuple[EventActor, str]:
    if key in ORGANISATIONS:
        code, names = ORGANISATIONS[key]
        text = rng.choice(names)
        return EventActor(text, names[0], code, key, None), text
    text = rng.choice(COUNTRIES[key])
    role = rng.choice(["GOV", "MIL"]) if rng.random() < role_chance else None
    return EventActor(text, COUNTRIES[key][0], key + (role or ""), key, role), text


def generate(events_wanted: int, seed: int) -> tuple[list[Event], list[Article], list[Quote], dict[str, int]]:
    """Synthetic events (about `events_wanted`), their articles and quotes (see the docstring),
    and for each event id the planted real event it reports."""
    rng = random.Random(seed)
    keys = list(COUNTRIES) + list(ORGANISATIONS)
    busy = [("RUS", "NATO"), ("NATO", "RUS"), ("RUS", "UKR"), ("UKR", "RUS"), ("USA", "RUS"), ("RUS", "USA"),
            ("USA", "CHN"), ("ISR", "SYR")]
    days = max(30, 730 * events_wanted // 10_000)  # constant density: two years per 10,000 events
    drafts = []  # (day, outlet, sentence parts, event fields)
    real = 0
    while len(drafts) < events_wanted:
        real += 1
        if rng.random() < 0.5:
            src, tgt = rng.choice(busy)
        else:
            src, tgt = rng.sample(keys, 2)
        root = rng.choice(list(ROOTS)) if rng.random() < 0.8 else rng.choice(["19", "11", "13", "04"])
        code, quad, goldstein, verbs = ROOTS[root]
        day = DAY0 + timedelta(days=rng.randrange(days))
        topic = rng.sample(TOPIC, 5)
        location = Location(rng.choice(CITIES), None) if root in ("18", "19", "20") else None
        outlets = rng.sample(OUTLETS, min(len(OUTLETS), 1 + int(rng.expovariate(0.6))))
        for outlet in outlets[:6]:
            for _ in range(2 if rng.random() < 0.1 else 1):  # sometimes told twice in one article
                drafts.append((day + timedelta(days=rng.randrange(3)), outlet, (src, tgt, verbs, topic), {
                    "cameo": code, "cameo_root": root, "quad": quad, "goldstein": goldstein, "day": day,
                    "location": location, "real": real}))
    drafts = drafts[:events_wanted]
    drafts.sort(key=lambda d: (d[0], d[1], d[3]["real"]))

    events: list[Event] = []
    articles: list[Article] = []
    quotes: list[Quote] = []
    planted: dict[str, int] = {}
    index = 0
    while index < len(drafts):
        group = drafts[index : index + rng.choice([2, 3, 3, 4])]
        index += len(group)
        published, outlet = group[0][0], group[0][1]
        article_id = _digest(f"article:{seed}:{index}")
        text_parts: list[str] = []
        offset = 0
        for number, (_, _, (src, tgt, verbs, topic), fields) in enumerate(group):
            source, source_text = _actor(rng, src)
            target, target_text = _actor(rng, tgt)
            words = rng.sample(topic, 3 + rng.randrange(3))
            sentence = (f"{source_text[:1].upper()}{source_text[1:]} {rng.choice(verbs)} {target_text} over the "
                        f"{' and '.join(words)}, {rng.choice(['officials said', 'a spokesman said', 'reports said'])}.")
            source_start = offset
            target_start = offset + sentence.index(f" {target_text} ") + 1
            source = EventActor(source.text, source.name, source.code, source.country, source.role, source_start,
                                source_start + len(source_text))
            target = EventActor(target.text, target.name, target.code, target.country, target.role, target_start,
                                target_start + len(target_text))
            if rng.random() < 0.05:
                source, target = (None, target) if rng.random() < 0.5 else (source, None)
            roll = rng.random()
            when, precision = fields["day"].isoformat(), "day"
            if roll < 0.10:
                when, precision = when[:7], "month"
            elif roll < 0.15:
                when, precision = None, None
            modal = rng.random()
            modality = Modality(negated=modal < 0.05, hypothetical=0.05 <= modal < 0.08, future=0.08 <= modal < 0.1)
            events.append(Event(
                id=_digest(f"event:{article_id}:{number}"), article_id=article_id,
                sentence=Span(sentence, offset, offset + len(sentence)),
                trigger=Span(sentence.split()[1], offset, offset + 1), source=source, target=target,
                cameo=fields["cameo"], cameo_root=fields["cameo_root"], plover=None, quad_class=fields["quad"],
                goldstein=fields["goldstein"], modality=modality, date=when, date_precision=precision,
                location=fields["location"], confidence=round(rng.uniform(0.5, 1.0), 2)))
            planted[events[-1].id] = fields["real"]
            text_parts.append(sentence)
            offset += len(sentence) + 1
            if rng.random() < 0.6 and source is not None and target is not None:
                content = f"We will answer {target_text} over the {rng.choice(words)} and the {rng.choice(TOPIC)}."
                quote_start = offset + 1
                text_parts.append(f"\"{content}\" said an official.")
                quotes.append(Quote(_digest(f"quote:{article_id}:{number}"), article_id, quote_start,
                                    quote_start + len(content), content, rng.choice(["direct", "indirect"]), "said",
                                    Speaker("an official", None, source.code, None, None), round(rng.uniform(0.5, 1), 2)))
                offset += len(text_parts[-1]) + 1
        topics = [word for _, _, (_, _, _, topic), _ in group for word in topic]
        filler = " ".join([rng.choice(topics) for _ in range(30)] + [f"w{rng.randrange(300)}" for _ in range(10)])
        text = " ".join(text_parts) + " " + filler
        articles.append(Article(
            id=article_id, source=f"{article_id}.txt", url=None, format="txt", title=text_parts[0].rsplit(" over ", 1)[0], outlet=outlet,
            credited=[], author=None, dateline=None, language="en", published=published.isoformat(),
            published_precision="day", published_interval=None, text=text, word_count=len(text.split()), removed=[]))
    return events, articles, quotes, planted


def pair_scores(merged: list[Any], planted: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the merge against the planted real events."""
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    together = predicted = 0
    per_real: dict[int, int] = {}
    for item in merged:
        counts: dict[int, int] = {}
        for event_id in item.event_ids:
            counts[planted[event_id]] = counts.get(planted[event_id], 0) + 1
        together += sum(pairs(n) for n in counts.values())
        predicted += pairs(len(item.event_ids))
        for real, n in counts.items():
            per_real[real] = per_real.get(real, 0) + n
    actual = sum(pairs(n) for n in per_real.values())
    return together / predicted if predicted else 1.0, together / actual if actual else 1.0


def measure(step: Callable[[], Any], trace: bool) -> tuple[float, int | None, Any]:
    """(seconds, tracemalloc peak bytes or None, result) of one step."""
    gc.collect()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = None
    if trace:
        del result
        gc.collect()
        tracemalloc.start()
        result = step()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return seconds, peak, result


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:,.0f} MB"


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def report_data(events: list[Event], articles: list[Article], quotes: list[Quote], merged: Any, labelled: list[Any],
                catalog: ActorCatalog, freq: str = "month") -> ReportData:  # fmt: skip
    """The report's data from the analysis results, as `detente.report.assemble.report_data`
    builds it from the store (same converters; the store's reads replaced by the records)."""
    merged_events = count_copies(merged.merged, articles)
    published = {article.id: article for article in articles}
    views = [dyad_view(events, merged_events, quotes, published, a, b, freq=freq, catalog=catalog) for a, b in top_dyads(merged_events)]
    sections = [_section(view, catalog) for view in views]
    quote_items = [quote_item(quote, *_article_date(published.get(quote.article_id))) for quote in quotes]
    linked = _linked_articles(sections, quote_items[:MAX_SPEAKER_QUOTES], labelled)
    return ReportData(
        corpus=corpus_summary(articles, (), events=len(merged_events), quotes=len(quotes), actors=None),
        dyads=sections,
        quotes_by_speaker=quotes_by_speaker(quote_items[:MAX_SPEAKER_QUOTES]),
        network=_network(merged_events, catalog),
        stories=[StoryItem(story.key_terms, story.actors, story.start, story.end, story.article_ids) for story in labelled],
        articles=[article_view(published[article_id]) for article_id in linked if article_id in published],
    )


def run_size(size: int, seed: int, trace: bool, catalog: ActorCatalog) -> dict[str, Any]:
    """Generate a corpus of `size` events, print one row per step; return the raw figures."""
    from plotly.offline import get_plotlyjs

    rss_start = _rss_mb()  # Python, detente and the catalog loaded, nothing generated
    started = time.perf_counter()
    events, articles, quotes, planted = generate(size, seed)
    generated = time.perf_counter() - started
    figures: dict[str, Any] = {"size": size, "events": len(events), "articles": len(articles), "quotes": len(quotes), "steps": {},
                               "rss_start_mb": rss_start, "plotly_js_bytes": len(get_plotlyjs().encode("utf-8"))}  # fmt: skip

    def row(step: str, seconds: float, count: int, unit: str, peak: int | None, note: str) -> None:
        figures["steps"][step] = {"seconds": seconds, "peak_bytes": peak, "count": count}
        print(f"{len(events):>8,} {len(articles):>8,} {step:<34} {seconds:>7.2f}s {count / seconds:>10,.0f} {unit:<3}"
              f" {_mb(peak):>11}  {note}", flush=True)

    seconds, peak, merged = measure(lambda: merge_events(events, articles, catalog=catalog), trace)
    counted = sum(m.mentions for m in merged.merged)
    precision, recall = pair_scores(merged.merged, planted)
    real = len({planted[event_id] for item in merged.merged for event_id in item.event_ids})
    row("merge_events", seconds, len(events), "ev/s", peak,
        f"{len(merged.merged):,} events from {counted:,} mentions ({len(merged.excluded):,} excluded); "
        f"{real:,} planted; pair precision {precision:.3f}, recall {recall:.3f}")

    seconds, peak, (assignments, state) = measure(lambda: assign_stories(articles), trace)
    row("assign_stories, one batch", seconds, len(articles), "ar/s", peak, f"{len(state.stories):,} stories")
    cut = len(articles) * 9 // 10
    _, first_state = assign_stories(articles[:cut])
    seconds, peak, (later, _) = measure(lambda: assign_stories(articles[cut:], first_state), trace)
    joined = sum(not a.new_story for a in later)
    row("assign_stories, last 10% on state", seconds, len(articles) - cut, "ar/s", peak,
        f"{joined:,} of {len(later):,} joined existing stories")
    seconds, peak, labelled = measure(lambda: stories(state), trace)
    row("stories (labels)", seconds, len(labelled), "st/s", peak, f"e.g. {', '.join(labelled[0].key_terms[:4])}")

    seconds, peak, view = measure(
        lambda: dyad_view(events, merged, quotes, articles, "RUS", "NATO", freq="week", catalog=catalog), trace)
    row("dyad_view RUS-NATO weekly", seconds, len(events), "ev/s", peak,
        f"{view.total.events:,} events, {len(view.series)} rows, {len(view.quotes_a)}+{len(view.quotes_b)} quotes")
    seconds, peak, edges = measure(lambda: network(merged.merged, catalog), trace)
    row("network(merged)", seconds, len(merged.merged), "ev/s", peak, f"{len(edges):,} edges")

    figures["rss_before_report_mb"] = _rss_mb()
    seconds, peak, data = measure(lambda: report_data(events, articles, quotes, merged, labelled, catalog), trace)
    dyads = ", ".join(f"{section.side_a.code}-{section.side_b.code}" for section in data.dyads)
    row("report data (ReportData)", seconds, len(events), "ev/s", peak,
        f"dyads {dyads} monthly; {len(data.articles):,} articles embedded, {len(data.stories):,} stories, "
        f"{sum(len(section.timeline) for section in data.dyads):,} timeline entries, {len(data.network.edges)} network edges")
    seconds, peak, html = measure(lambda: render_report(data), trace)
    figures["html_bytes"] = len(html.encode("utf-8"))
    row("render_report (HTML)", seconds, len(events), "ev/s", peak, f"{figures['html_bytes'] / 1e6:,.1f} MB of HTML")
    figures["rss_mb"] = _rss_mb()
    figures["generated_seconds"] = generated
    print(f"{'':>17} generated in {generated:.1f} s; peak RSS of this size's process {figures['rss_before_report_mb']:,.0f} MB "
          f"before the report steps, {figures['rss_mb']:,.0f} MB at the end", flush=True)
    return figures


def _growth(results: list[dict[str, Any]]) -> str:
    """Each step's time and tracemalloc peak from one size to the next, against the size ratio."""
    lines = []
    for small, large in zip(results, results[1:]):
        factor = large["events"] / small["events"]
        lines.append(f"growth {small['events']:,} -> {large['events']:,} events (x{factor:.1f}); linear = x{factor:.1f} time and memory:")
        for step, a in small["steps"].items():
            b = large["steps"].get(step)
            if not b:
                continue
            time_ratio = b["seconds"] / a["seconds"] if a["seconds"] > 0 else float("nan")
            alloc = (f"alloc x{b['peak_bytes'] / a['peak_bytes']:.1f}" if a["peak_bytes"] and b["peak_bytes"] else "alloc -")
            lines.append(f"  {step:<34} time x{time_ratio:5.1f}  {alloc}")
        floor, plotly = small["rss_start_mb"], small["plotly_js_bytes"]
        lines.append(f"  {'peak RSS of the process':<34} x{large['rss_mb'] / small['rss_mb']:.1f} "
                     f"({small['rss_mb']:,.0f} MB -> {large['rss_mb']:,.0f} MB; {floor:,.0f} MB of it before any record was generated; "
                     f"above that x{(large['rss_mb'] - floor) / (small['rss_mb'] - floor):.1f})")
        lines.append(f"  {'HTML size':<34} x{large['html_bytes'] / small['html_bytes']:.1f} "
                     f"({small['html_bytes'] / 1e6:,.1f} MB -> {large['html_bytes'] / 1e6:,.1f} MB; {plotly / 1e6:.1f} MB of it is plotly.js, "
                     f"constant; the rest x{(large['html_bytes'] - plotly) / (small['html_bytes'] - plotly):.1f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-trace", action="store_true", help="skip the traced re-runs (memory)")
    parser.add_argument("--json", type=Path, help="also write every raw figure to this JSON file")
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    trace = not args.no_trace
    if args.child_size:
        figures = run_size(args.child_size, args.seed, trace, ActorCatalog.load())
        print(RESULT_PREFIX + json.dumps(figures), flush=True)
        return 0

    print(f"detente analysis benchmark: seed {args.seed}; {platform.machine()}, Python {platform.python_version()}, "
          f"{platform.system()}; time untraced, memory = tracemalloc peak of a traced re-run; one process per size")
    header = f"{'events':>8} {'articles':>8} {'step':<34} {'time':>8} {'rate':>14} {'peak alloc':>11}  result"
    print(header)
    print("-" * len(header) + "-" * 30, flush=True)
    results, failures = [], []
    for size in args.sizes:
        command = [sys.executable, str(Path(__file__).resolve()), "--child-size", str(size), "--seed", str(args.seed)]
        proc = subprocess.Popen(command + (["--no-trace"] if args.no_trace else []), stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        figures = None
        for line in proc.stdout:
            if line.startswith(RESULT_PREFIX):
                figures = json.loads(line[len(RESULT_PREFIX) :])
            else:
                print(line, end="", flush=True)
        if proc.wait() != 0 or figures is None:
            failures.append(size)
            print(f"FAILED: the {size:,}-event process exited with status {proc.returncode}", flush=True)
        else:
            results.append(figures)
    if len(results) > 1:
        print()
        print(_growth(results))
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "trace": trace, "results": results, "failed_sizes": failures}, indent=1) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
