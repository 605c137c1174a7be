"""Render `ReportData` into one self-contained HTML file.

The file opens offline from disk: plotly's JavaScript is embedded from the plotly Python
package, and there is no CDN, web font or external stylesheet. Article-derived text is
data, never markup: the Jinja2 template autoescapes every value, strings handed to plotly
are HTML-escaped too (plotly reads a few tags in its labels), and the chart data is JSON
embedded in a `<script type="application/json">` block with `<`, `>`, `&`, U+2028 and
U+2029 escaped, so `</script>` inside an article cannot end the block. The same data
always gives the same bytes: nothing reads the clock or a random source.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from detente.report.dates import bucket_index, format_date, precision_note
from detente.report.model import (
    QUAD_CLASSES,
    DyadSection,
    KeyEvent,
    Network,
    ReportData,
    TimelineEntry,
)
from detente.report.network import spring_layout

QUAD_COLOURS = ("#7fbf7b", "#1b7837", "#f4a582", "#b2182b")
"""Bar colours for quad classes 1..4: greens for cooperation, reds for conflict."""

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


# Looks shared by every chart (plotly layout keys).
_CHART_STYLE = {
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", "size": 12},
    "hovermode": "closest",
}

def render_report(data: ReportData) -> str:
    """The report as one HTML document (a str), deterministic for the same `data`."""
    environment = _environment()
    template = environment.get_template("report.html.j2")
    articles = {article.id: article for article in data.articles}
    charts: dict[str, dict[str, Any]] = {}
    dyads = []
    for index, section in enumerate(data.dyads):
        chart_id = f"chart-dyad-{index + 1}"
        chart, undrawn = _dyad_chart(section)
        if chart is not None:
            charts[chart_id] = chart
        dyads.append(
            {
                "section": section,
                "anchor": f"dyad-{index + 1}-{_anchor(section.side_a.code)}-{_anchor(section.side_b.code)}",
                "chart_id": chart_id if chart is not None else None,
                "undrawn": undrawn,
                "timeline": _sorted_timeline(section.timeline),
                "events_total": sum(row.total for row in section.series),
                "goldstein_mean": _mean_goldstein(section),
            }
        )
    network_chart = _network_chart(data.network)
    if network_chart is not None:
        charts["chart-network"] = network_chart
    return template.render(
        data=data,
        corpus=data.corpus,
        dyads=dyads,
        articles=articles,
        quad_names=QUAD_CLASSES,
        quad_colours=QUAD_COLOURS,
        network_chart=network_chart is not None,
        network_edges=sorted(data.network.edges, key=lambda edge: (-edge.count, edge.source, edge.target)),
        network_names={node.code: node.name for node in data.network.nodes},
        charts_json=Markup(safe_json(charts)),
        plotly_js=Markup(_script_safe(get_plotlyjs())),
    )


def write_report(data: ReportData, path: Path) -> Path:
    """Render `data` to `path` atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    text = render_report(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes the file private; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def safe_json(value: Any) -> str:
    """JSON that can sit inside a `<script>` element: no `<`, `>`, `&`, U+2028 or U+2029 left raw."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group()], text)


def _script_safe(javascript: str) -> str:
    # plotly.js has no "</script" today; make sure a future bundle cannot end the element early.
    return re.sub(r"</(script)", r"<\\/\1", javascript, flags=re.IGNORECASE)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("detente.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        fdate=format_date,
        precision_note=precision_note,
        anchor=_anchor,
        signed=_signed,
        paragraphs=_paragraphs,
        web_url=_web_url,
    )
    return environment


def _anchor(identifier: str | None) -> str:
    """A fragment-safe id ("article-" + this): letters, digits, `-` and `_` only."""
    return _ANCHOR_UNSAFE.sub("-", identifier or "").strip("-") or "x"


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:+.{digits}f}"
    return text.replace("-", "\u2212")


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n|\n", text or "") if part.strip()]


def _web_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address, else None (never a `javascript:` link)."""
    if url and re.match(r"https?://[^\s<>\"']+$", url.strip(), flags=re.IGNORECASE):
        return url.strip()
    return None


def _plot_text(text: str | None) -> str:
    # plotly renders a few tags and entities in labels and hover text; escaped text shows as typed.
    return html.escape(text or "", quote=False)


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 4)


def _mean_goldstein(section: DyadSection) -> float | None:
    total = sum(row.total for row in section.series)
    if not total:
        return None
    return sum(row.goldstein_total for row in section.series) / total


def _sorted_timeline(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Dated entries in date order (a month before its days), undated ones last; ties keep their order."""
    return sorted(entries, key=lambda entry: (entry.date is None, (entry.date or "").strip()))


def _actor(name: str | None, code: str | None) -> str:
    return name or code or "unknown actor"


def _event_hover(event: KeyEvent) -> str:
    lines = [
        f"<b>{_plot_text(format_date(event.date, event.date_precision))}</b>"
        + (f" ({event.date_precision})" if precision_note(event.date, event.date_precision) else ""),
        f"{_plot_text(_actor(event.source_name, event.source_code))} \u2192 {_plot_text(_actor(event.target_name, event.target_code))}",
        f"CAMEO {_plot_text(event.cameo)} {_plot_text(event.cameo_description)}".rstrip(),
        f"Goldstein {_signed(event.goldstein)}",
    ]
    evidence = _shorten(event.evidence, 160)
    if evidence:
        lines.append(_wrap(_plot_text(evidence)))
    return "<br>".join(lines)


def _shorten(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _wrap(text: str, width: int = 60) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


def _dyad_chart(section: DyadSection) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """The plotly figure of a dyad (stacked quad-class bars, mean Goldstein, key events).

    Returns the figure (None without a series) and how many key events are not drawn:
    undated ones and those whose date is coarser than a period.
    """
    rows = list(section.series)
    undrawn = {"undated": 0, "imprecise": 0}
    if not rows:
        undrawn["undated"] = sum(1 for event in section.key_events if not event.date)
        undrawn["imprecise"] = len(section.key_events) - undrawn["undated"]
        return None, undrawn
    labels = [_plot_text(row.label) for row in rows]
    traces: list[dict[str, Any]] = []
    for quad, (name, colour) in enumerate(zip(QUAD_CLASSES, QUAD_COLOURS)):
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": labels,
                "y": [int(row.quad_counts[quad]) if quad < len(row.quad_counts) else 0 for row in rows],
                "marker": {"color": colour},
                "hovertemplate": f"%{{x}}<br>{name}: %{{y}}<extra></extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Mean Goldstein",
            "x": labels,
            "y": [_number(row.goldstein_mean) for row in rows],
            "yaxis": "y2",
            "line": {"color": "#2c3e50", "width": 2},
            "marker": {"size": 6},
            "connectgaps": False,
            "customdata": [[row.total, _number(row.goldstein_total), _number(row.net_cooperation)] for row in rows],
            "hovertemplate": (
                "%{x}<br>mean Goldstein %{y:+.2f}<br>total %{customdata[1]:+.1f} over %{customdata[0]} events"
                "<br>net cooperation %{customdata[2]:+.1f}<extra></extra>"
            ),
        }
    )
    starts = [row.start for row in rows]
    xs, ys, texts, colours = [], [], [], []
    for event in section.key_events:
        index = bucket_index(event.date, event.date_precision, starts, section.period)
        if index is None or event.goldstein is None:
            undrawn["undated" if not event.date else "imprecise"] += 1
            continue
        xs.append(labels[index])
        ys.append(_number(event.goldstein))
        texts.append(_event_hover(event))
        quad = event.quad_class if event.quad_class in (1, 2, 3, 4) else None
        colours.append(QUAD_COLOURS[quad - 1] if quad else "#555555")
    if xs:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Key events",
                "x": xs,
                "y": ys,
                "yaxis": "y2",
                "hovertext": texts,
                "hoverinfo": "text",
                "marker": {"symbol": "diamond", "size": 11, "color": colours, "line": {"color": "#222222", "width": 1}},
            }
        )
    layout = {
        "barmode": "stack",
        "height": 400,
        "margin": {"l": 56, "r": 64, "t": 16, "b": 48},
        **_CHART_STYLE,
        "legend": {"orientation": "h", "x": 0, "y": -0.2, "traceorder": "normal"},
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": labels, "tickangle": -30},
        "yaxis": {"title": {"text": "Events"}, "rangemode": "tozero", "gridcolor": "#eeeeee"},
        "yaxis2": {
            "title": {"text": "Mean Goldstein"},
            "tickmode": "array",
            "tickvals": [-10, -5, 0, 5, 10],
            "overlaying": "y",
            "side": "right",
            "range": [-10.5, 10.5],
            "zeroline": True,
            "zerolinecolor": "#bbbbbb",
            "showgrid": False,
        },
    }
    return {"data": traces, "layout": layout}, undrawn


def _goldstein_colour(mean: float) -> str:
    """Red for conflict (−10), grey for neutral, green for cooperation (+10)."""
    share = max(-1.0, min(1.0, mean / 10.0))
    grey, red, green = (150, 150, 150), (178, 24, 43), (27, 120, 55)
    end = green if share >= 0 else red
    weight = abs(share) ** 0.6
    rgb = [round(a + (b - a) * weight) for a, b in zip(grey, end)]
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})"


def _network_chart(network: Network) -> dict[str, Any] | None:
    """Nodes placed by a deterministic spring layout; arrows source → target coloured by mean Goldstein."""
    edges = [edge for edge in network.edges if edge.count > 0 and edge.source != edge.target]
    names = {node.code: node.name for node in network.nodes}
    codes = sorted(set(names) | {edge.source for edge in edges} | {edge.target for edge in edges})
    if not codes:
        return None
    index = {code: position for position, code in enumerate(codes)}
    weighted = [(index[edge.source], index[edge.target], math.log1p(edge.count)) for edge in edges]
    positions = spring_layout(len(codes), weighted)
    low, high = positions.min(axis=0), positions.max(axis=0)  # fill the wide chart: each axis to [-1, 1]
    positions = np.where(high > low, (positions - low) / np.where(high > low, high - low, 1.0) * 2 - 1, 0.0)
    weight = dict.fromkeys(codes, 0)
    for edge in edges:
        weight[edge.source] += edge.count
        weight[edge.target] += edge.count
    heaviest = max(weight.values()) or 1
    busiest = max((edge.count for edge in edges), default=1)
    sizes = {code: 14 + 22 * math.sqrt(weight[code] / heaviest) for code in codes}
    pairs = {(edge.source, edge.target) for edge in edges}
    annotations, mid_x, mid_y, mid_text, mid_colour = [], [], [], [], []
    for edge in sorted(edges, key=lambda item: (item.source, item.target)):
        (x0, y0), (x1, y1) = positions[index[edge.source]], positions[index[edge.target]]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        if (edge.target, edge.source) in pairs:  # two arrows between the same pair: keep them apart
            shift_x, shift_y = (y1 - y0) / length * 0.035, -(x1 - x0) / length * 0.035
            x0, y0, x1, y1 = x0 + shift_x, y0 + shift_y, x1 + shift_x, y1 + shift_y
        mean = edge.goldstein_total / edge.count
        colour = _goldstein_colour(mean)
        annotations.append(
            {
                "x": _number(x1),
                "y": _number(y1),
                "ax": _number(x0),
                "ay": _number(y0),
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 0.8,
                "arrowwidth": round(1 + 5 * math.sqrt(edge.count / busiest), 2),
                "arrowcolor": colour,
                "standoff": round(sizes[edge.target] / 2 + 1, 1),
                "startstandoff": round(sizes[edge.source] / 2, 1),
                "opacity": 0.9,
            }
        )
        mid_x.append(_number((x0 + x1) / 2))
        mid_y.append(_number((y0 + y1) / 2))
        mid_colour.append(colour)
        source, target = _plot_text(names.get(edge.source, edge.source)), _plot_text(names.get(edge.target, edge.target))
        mid_text.append(
            f"<b>{source} \u2192 {target}</b><br>{edge.count} events<br>"
            f"Goldstein total {_signed(edge.goldstein_total)}, mean {_signed(mean)}"
        )
    traces: list[dict[str, Any]] = []
    if mid_x:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Relations",
                "x": mid_x,
                "y": mid_y,
                "hovertext": mid_text,
                "hoverinfo": "text",
                "marker": {"size": 9, "color": mid_colour, "opacity": 0.55, "symbol": "circle"},
                "showlegend": False,
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": "Actors",
            "x": [_number(positions[index[code]][0]) for code in codes],
            "y": [_number(positions[index[code]][1]) for code in codes],
            "text": [_plot_text(names.get(code, code)) for code in codes],
            "textposition": "top center",
            "textfont": {"size": 13, "color": "#1f2933"},
            "hovertext": [
                f"<b>{_plot_text(names.get(code, code))}</b> ({_plot_text(code)})<br>{weight[code]} events as source or target"
                for code in codes
            ],
            "hoverinfo": "text",
            "marker": {
                "size": [round(sizes[code], 1) for code in codes],
                "color": "#dfe8f1",
                "line": {"color": "#34495e", "width": 1.5},
            },
            "showlegend": False,
        }
    )
    axis = {"visible": False, "range": [-1.2, 1.2]}
    layout = {
        "height": 520,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        **_CHART_STYLE,
        "showlegend": False,
        "xaxis": axis,
        "yaxis": axis,
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}


def referenced_article_ids(data: ReportData) -> list[str]:
    """Every article id the report links to, in first-seen order (for the glue to load them)."""
    seen: dict[str, None] = {}

    def add(ids: Iterable[str | None]) -> None:
        for identifier in ids:
            if identifier:
                seen.setdefault(identifier, None)

    for section in data.dyads:
        add(event.article_id for event in section.key_events)
        add(entry.article_id for entry in section.timeline)
        add(quote.article_id for quote in (*section.top_quotes_a, *section.top_quotes_b))
    for speaker in data.quotes_by_speaker:
        add(quote.article_id for quote in speaker.quotes)
    for story in data.stories:
        add(story.article_ids)
    return list(seen)
