"""The analysis report rendered: findings in sentences with their numbers, tables, charts and evidence.

``kg.analysis.findings`` computes everything said here; ``write_report`` writes ``build/analysis/``
with report.md, report.html and evidence.html (from the templates in ``templates/report/``), one CSV
per table, SVG charts and the graph exports.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING

from kg.analysis.findings import Analysis, axis_text, cell_text, flat_table
from kg.analysis.statements import Chart, Excerpt
from kg.analysis.timeline import dynamic_graph
from kg.outputs.exports import flat_copy, write_gexf, write_graph
from kg.outputs.pages import write_listing
from kg.outputs.palette import SEQUENCE, sector_colour
from kg.outputs.templating import Markup, render
from kg.rdf.cells import safe_cell

if TYPE_CHECKING:
    import pandas as pd

# --- Charts -------------------------------------------------------------------------------------
# Drawn as SVG text: a few bars need no plotting library, and importing and running matplotlib for
# them took longer than the rest of the bundled book's analysis.

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
GLYPH = 0.6  # an average glyph's width in ems, generous for a sans-serif face: room for labels
ROW, GAP = 22, 7  # bar height and the space between bars, in pixels


def _text_width(text: str, size: float = 12) -> float:
    return len(text) * size * GLYPH


def _element(name: str, content: str | None = None, /, **attributes: object) -> Markup:
    """One SVG element: the only place chart text and attribute values are escaped.

    ``content`` is text, or ``Markup`` for elements already made; ``font_size`` is written ``font-size``.
    """
    written = "".join(
        f' {key.replace("_", "-")}="{html.escape(str(value))}"' for key, value in attributes.items()
    )
    if content is None:
        return Markup(f"<{name}{written}/>")
    inner = content if isinstance(content, Markup) else html.escape(content)
    return Markup(f"<{name}{written}>{inner}</{name}>")


def _svg(width: float, height: float, body: list[Markup], title: str) -> Markup:
    size = {"width": f"{width:.0f}", "height": f"{height:.0f}", "viewBox": f"0 0 {width:.0f} {height:.0f}"}
    content = _element("title", title) + Markup("").join(body)
    svg = _element(
        "svg", content, xmlns="http://www.w3.org/2000/svg", **size, font_family=FONT, font_size=12, role="img"
    )
    return svg + "\n"


def _label(x: float, y: float, text: str, anchor: str = "start", **extra: str) -> Markup:
    return _element(
        "text", text, x=f"{x:.1f}", y=f"{y:.1f}", text_anchor=anchor, dominant_baseline="middle", **extra
    )


def _ticks(maximum: float) -> list[float]:
    """Round tick values from 0 to at least ``maximum``, at most about six of them."""
    if maximum <= 0:
        return [0.0, 1.0]
    step = 10 ** math.floor(math.log10(maximum / 5))
    for factor in (1, 2, 2.5, 5, 10):
        if maximum / (step * factor) <= 6:
            step *= factor
            break
    count = math.ceil(maximum / step - 1e-9)
    return [step * k for k in range(count + 1)]


def stacked_bars(
    rows: list[str],
    series: list[tuple[str, str, list[float]]],
    *,
    title: str,
    axis: str,
    legend: str = "",
    percent: bool = False,
) -> Markup:
    """Horizontal stacked bars as SVG: one bar per row (top to bottom), one segment per series.

    ``series`` holds (name, colour, one value per row); ``percent`` shows the axis from 0 to 100 %.
    """
    margin = max([_text_width(r) for r in rows], default=0) + 14
    key_width = max([_text_width(name) for name, _, _ in series] + [_text_width(legend)], default=0) + 34
    plot = max(240.0, 700 - margin - key_width)
    width = margin + plot + key_width + 10
    totals = [sum(values[i] for _, _, values in series) for i in range(len(rows))]
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0] if percent else _ticks(max(totals, default=0))
    scale = plot / ticks[-1]
    bottom = 10 + len(rows) * (ROW + GAP)
    body: list[Markup] = []
    for i, row in enumerate(rows):
        top = 10 + i * (ROW + GAP)
        body.append(_label(margin - 8, top + ROW / 2, row, "end"))
        left = 0.0
        for name, colour, values in series:
            if values[i] > 0:
                amount = axis_text(values[i], percent) if percent else cell_text(values[i])
                segment = _element("title", f"{name}: {amount}")
                start, length = f"{margin + left * scale:.1f}", f"{values[i] * scale:.1f}"
                body.append(_element("rect", segment, x=start, y=top, width=length, height=ROW, fill=colour))
            left += values[i]
    body.append(_element("path", d=f"M{margin},{bottom}H{margin + plot:.1f}", stroke="#555"))
    for tick in ticks:
        x = margin + tick * scale
        body.append(_element("path", d=f"M{x:.1f},{bottom}v4", stroke="#555"))
        body.append(_label(x, bottom + 14, axis_text(tick, percent), "middle", font_size="11"))
    body.append(_label(margin + plot / 2, bottom + 32, axis, "middle"))
    x, y = margin + plot + 16, 16.0
    if legend:
        body.append(_label(x, y, legend, font_weight="600"))
        y += 18
    for name, colour, _ in series:
        body.append(_element("rect", x=f"{x:.1f}", y=f"{y - 6:.1f}", width=12, height=12, fill=colour))
        body.append(_label(x + 18, y, name))
        y += 18
    return _svg(width, max(bottom + 44, y + 4), body, title)


def heatmap(rows: list[str], columns: list[str], values: list[list[float]], *, title: str) -> Markup:
    """A table of counts as SVG: cells shaded from white to dark blue, non-zero counts written in."""
    margin = max([_text_width(r) for r in rows], default=0) + 14
    cell, high = 64, max([v for row in values for v in row], default=0) or 1
    width = margin + cell * len(columns) + 60
    body = [_label(margin + cell * len(columns) / 2, 12, title, "middle", font_weight="600")]
    top = 26
    for i, row in enumerate(rows):
        y = top + i * ROW
        body.append(_label(margin - 8, y + ROW / 2, row, "end"))
        for j, value in enumerate(values[i]):
            share = value / high
            red, green, blue = (round(255 - share * (255 - c)) for c in (8, 48, 107))  # to #08306B
            fill = f"#{red:02X}{green:02X}{blue:02X}"
            body.append(
                _element("rect", x=margin + j * cell, y=y, width=cell, height=ROW, fill=fill, stroke="#fff")
            )
            if value:
                colour = "#fff" if share > 0.5 else "#222"
                body.append(
                    _label(margin + (j + 0.5) * cell, y + ROW / 2, cell_text(value), "middle", fill=colour)
                )
    bottom = top + len(rows) * ROW
    for j, column in enumerate(columns):
        x = margin + (j + 0.5) * cell
        turn = f"rotate(-30 {x:.1f} {bottom + 10})"
        body.append(_element("text", column, x=f"{x:.1f}", y=bottom + 10, text_anchor="end", transform=turn))
    longest = max([_text_width(c) for c in columns], default=0)
    return _svg(width, bottom + 20 + longest * 0.5, body, title)


def chart(spec: Chart) -> Markup:
    """The SVG of a chart: its series coloured by sector, or in the palette's order."""
    names = [name for name, _ in spec.series]
    if spec.grid:
        values = [[values[i] for _, values in spec.series] for i in range(len(spec.rows))]
        return heatmap(list(spec.rows), names, values, title=spec.title)
    if spec.by_sector:
        colours = [sector_colour(name) for name in names]
    else:
        colours = [SEQUENCE[n % len(SEQUENCE)] for n in range(len(names))]
    series = [
        (name, colour, list(values)) for (name, values), colour in zip(spec.series, colours, strict=True)
    ]
    return stacked_bars(
        list(spec.rows), series, title=spec.title, axis=spec.axis, legend=spec.legend, percent=spec.percent
    )


def _charts(result: Analysis, folder: Path) -> dict[str, Markup]:
    """Write the charts as SVG files into ``folder``; returns them by file name."""
    charts = {name: chart(spec) for name, spec in result.charts.items()}
    for name, svg in charts.items():
        (folder / name).write_text(svg, encoding="utf-8", newline="\n")
    return charts


# --- Writing ------------------------------------------------------------------------------------


def markdown_text(text: str) -> str:
    """Text as it shows in Markdown: HTML escaped (``<script>`` stays text), ``|`` kept out of tables."""
    return html.escape(text, quote=False).replace("|", "\\|")


def markdown_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = ["| " + " | ".join(map(markdown_text, columns)) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(map(markdown_text, row)) + " |" for row in rows]
    return "\n".join(lines)


def spreadsheet_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as its CSV file holds it: a text cell a spreadsheet would run as a formula gets a ``'``."""
    import pandas as pd

    flat = flat_table(table).rename(columns=safe_cell)
    for column in flat.columns:
        if not pd.api.types.is_numeric_dtype(flat[column]):
            flat[column] = flat[column].map(safe_cell)
    return flat


def anchor(fact: str) -> str:
    """The fragment that names a fact on evidence.html: ``partnership-3`` for ``…/id/partnership/3``."""
    return fact.rsplit("/id/", 1)[-1].replace("/", "-")


def write_report(result: Analysis, folder: Path) -> list[Path]:
    """Write report.md, report.html, evidence.html, tables/*.csv, charts and exports into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tables_dir, exports_dir = folder / "tables", folder / "exports"
    tables_dir.mkdir(exist_ok=True)
    written = []
    for name, table in sorted(result.tables.items()):
        path = tables_dir / f"{name}.csv"
        spreadsheet_table(table).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    charts = _charts(result, folder)
    written += [folder / name for name in charts]
    written += write_graph(result.collaboration, exports_dir, "collaboration")
    written += write_graph(result.two_mode, exports_dir, "actor-project")
    written += write_graph(result.typed, exports_dir, "typed")
    written += write_graph(result.donors, exports_dir, "donor-cofunding")
    # The collaboration network over time, as Gephi's timeline plays it: GEXF only (GraphML has no time).
    over_time = exports_dir / "collaboration-over-time.gexf"
    write_gexf(flat_copy(dynamic_graph(result.data, result.collaboration)), over_time)
    written.append(over_time)
    excerpts = {name: result.excerpt(name) for finding in result.findings for name in finding.tables}
    for listed, title in (
        (tables_dir, "Analysis tables (CSV)"),
        (exports_dir, "Graphs for Gephi, R and pandas"),
    ):
        written.append(write_listing(listed, title, back="../report.html", root="../../"))
    (folder / "report.md").write_text(report_markdown(result, excerpts), encoding="utf-8")
    # The pages link the site's parts as the site holds them: the report in its analysis/ folder.
    report = render(
        "report/report.html",
        root="../",
        findings=result.findings,
        method=result.method,
        charts=charts,
        tables=excerpts,
        anchor=anchor,
    )
    (folder / "report.html").write_text(report, encoding="utf-8")
    evidence = render("report/evidence.html", root="../", facts=result.facts(), anchor=anchor)
    (folder / "evidence.html").write_text(evidence, encoding="utf-8")
    written += [folder / "report.md", folder / "report.html", folder / "evidence.html"]
    return written


def report_markdown(result: Analysis, excerpts: dict[str, Excerpt]) -> str:
    """report.md: the findings, their tables and links to their evidence, in Markdown."""
    md = [
        "# Hamkori: how civil society and the state work together",
        "",
        "Findings computed from the knowledge graph; every number is in a CSV table under `tables/`, "
        "and the facts behind each finding, with their evidence quotes, are in `evidence.html`.",
        "",
        html.escape(result.method, quote=False),
        "",
    ]
    for finding in result.findings:
        md += [f"## {markdown_text(finding.title)}", "", html.escape(finding.sentence, quote=False), ""]
        if finding.chart:
            md += [f"![{finding.title}]({finding.chart})", ""]
        for name in finding.tables:
            excerpt = excerpts[name]
            md += [
                f"Table `{name}`{excerpt.note}: [tables/{name}.csv](tables/{name}.csv)",
                "",
                markdown_table(excerpt.columns, excerpt.rows),
                "",
            ]
        if finding.facts:
            links = ", ".join(f"[{anchor(f)}](evidence.html#{anchor(f)})" for f in finding.shown_facts)
            md += [f"Evidence: {links}{finding.more_facts}.", ""]
    return "\n".join(md)
