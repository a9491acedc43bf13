"""The analysis report: findings in sentences with their numbers, tables, charts and evidence.

``analyze(store)`` computes every measure into DataFrames; ``write_report`` writes
``build/analysis/`` with report.md, report.html, evidence.html, one CSV per table, PNG charts and
the graph exports. Every string from the data is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.analysis.findings import Analysis, analyze, kind_name, level_name, money_text
from kg.outputs.exports import write_graph
from kg.outputs.pages import write_listing
from kg.outputs.palette import SECTOR_COLOURS, SEQUENCE
from kg.store import Store

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


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{html.escape(FONT)}" font-size="12" '
        f'role="img"><title>{html.escape(title)}</title>' + "".join(body) + "</svg>\n"
    )


def _label(x: float, y: float, text: str, anchor: str = "start", **extra: str) -> str:
    attributes = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="middle"{attributes}>'
        f"{html.escape(text)}</text>"
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


def _tick_text(value: float, percent: bool) -> str:
    if percent:
        return f"{100 * value:.0f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def stacked_bars(
    rows: list[str],
    series: list[tuple[str, str, list[float]]],
    *,
    title: str,
    axis: str,
    legend: str = "",
    percent: bool = False,
) -> str:
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
    body = []
    for i, row in enumerate(rows):
        top = 10 + i * (ROW + GAP)
        body.append(_label(margin - 8, top + ROW / 2, row, "end"))
        left = 0.0
        for name, colour, values in series:
            if values[i] > 0:
                body.append(
                    f'<rect x="{margin + left * scale:.1f}" y="{top}" width="{values[i] * scale:.1f}" '
                    f'height="{ROW}" fill="{colour}"><title>{html.escape(name)}: '
                    f"{html.escape(_tick_text(values[i], percent) if percent else _cell(values[i]))}"
                    "</title></rect>"
                )
            left += values[i]
    body.append(f'<path d="M{margin},{bottom}H{margin + plot:.1f}" stroke="#555"/>')
    for tick in ticks:
        x = margin + tick * scale
        body.append(f'<path d="M{x:.1f},{bottom}v4" stroke="#555"/>')
        body.append(_label(x, bottom + 14, _tick_text(tick, percent), "middle", font_size="11"))
    body.append(_label(margin + plot / 2, bottom + 32, axis, "middle"))
    x, y = margin + plot + 16, 16.0
    if legend:
        body.append(_label(x, y, legend, font_weight="600"))
        y += 18
    for name, colour, _ in series:
        body.append(f'<rect x="{x:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>')
        body.append(_label(x + 18, y, name))
        y += 18
    return _svg(width, max(bottom + 44, y + 4), body, title)


def heatmap(rows: list[str], columns: list[str], values: list[list[float]], *, title: str) -> str:
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
            body.append(
                f'<rect x="{margin + j * cell}" y="{y}" width="{cell}" height="{ROW}" '
                f'fill="#{red:02X}{green:02X}{blue:02X}" stroke="#fff"/>'
            )
            if value:
                colour = "#fff" if share > 0.5 else "#222"
                body.append(
                    _label(margin + (j + 0.5) * cell, y + ROW / 2, _cell(value), "middle", fill=colour)
                )
    bottom = top + len(rows) * ROW
    for j, column in enumerate(columns):
        x = margin + (j + 0.5) * cell
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 10}" text-anchor="end" '
            f'transform="rotate(-30 {x:.1f} {bottom + 10})">{html.escape(column)}</text>'
        )
    longest = max([_text_width(c) for c in columns], default=0)
    return _svg(width, bottom + 20 + longest * 0.5, body, title)


def _charts(result: Analysis, folder: Path) -> dict[str, str]:
    """Write the four charts as SVG files into ``folder``; returns them by file name."""
    from kg.analysis.brokerage import ROLES

    charts = {}
    levels = result.tables["cso_kind_by_level"]
    charts["cso_kind_by_level.svg"] = stacked_bars(
        [kind_name(str(k)) for k in levels.index],
        [
            (level_name(str(level)), SEQUENCE[n % len(SEQUENCE)], [float(v) for v in levels[level]])
            for n, level in enumerate(levels.columns)
        ],
        title="CSO–state partner pairs by kind of CSO and level of government",
        axis="distinct CSO–state partner pairs",
        legend="government level",
    )
    forms = result.tables["forms_by_level"]
    charts["forms_by_level.svg"] = heatmap(
        [str(i).replace("-", " ") for i in forms.index],
        [level_name(str(c)) for c in forms.columns],
        [[float(v) for v in row] for row in forms.to_numpy()],
        title="partnerships by form and level",
    )
    money = result.tables["money_by_sector"]
    currencies = sorted(money["currency"].unique())
    by_sector = money.groupby(["currency", "contributor_sector"])["amount"].sum()
    totals = {c: float(by_sector[c].sum()) for c in currencies}
    sectors = sorted({str(sector) for _, sector in by_sector.index})
    charts["money.svg"] = stacked_bars(
        [f"{c}: {money_text(totals[c], str(c))}" for c in currencies],
        [
            (
                sector,
                SECTOR_COLOURS.get(sector, "#BBBBBB"),
                [float(by_sector.get((c, sector), 0.0)) / (totals[c] or 1.0) for c in currencies],
            )
            for sector in sectors
        ],
        title="Who pays: shares of the printed amounts by sector, per currency",
        axis="share of the amounts printed in each currency",
        legend="contributor",
        percent=True,
    )
    brokers = result.tables["brokerage"].head(8)
    charts["brokerage.svg"] = stacked_bars(
        [str(label)[:40] for label in brokers["label"]],
        [(role, SEQUENCE[n], [float(v) for v in brokers[role]]) for n, role in enumerate(ROLES)],
        title="The busiest brokers by Gould–Fernandez role",
        axis="brokered ordered pairs (Gould–Fernandez, groups = sectors)",
        legend="role",
    )
    for name, svg in charts.items():
        (folder / name).write_text(svg, encoding="utf-8", newline="\n")
    return charts


# --- Writing ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:.0f}"
    return str(value)


def _frame(table: pd.DataFrame) -> pd.DataFrame:
    """A named index (a row label such as the sector) becomes the first column."""
    return table.reset_index() if table.index.name else table


def markdown_table(table: pd.DataFrame) -> str:
    frame = _frame(table)
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = [
        "| " + " | ".join(_cell(v).replace("|", "\\|") for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *rows])


def html_table(table: pd.DataFrame) -> str:
    frame = _frame(table)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def anchor(fact: str) -> str:
    return fact.rsplit("/id/", 1)[-1].replace("/", "-")


SHOWN_ROWS = 15
STYLE = """body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #222; }
body { line-height: 1.45; }
table { border-collapse: collapse; font-size: .82rem; margin: .5rem 0 1rem; }
td, th { border: 1px solid #ccc; padding: .15rem .45rem; text-align: left; }
img, svg { max-width: 100%; height: auto; } figure.chart { margin: .5rem 0 1rem; }
.finding { border-left: 4px solid #0072B2; padding-left: 1rem; margin: 2rem 0; }
blockquote { margin: .3rem 0 .3rem 1rem; color: #333; }"""


def write_report(result: Analysis, folder: Path) -> list[Path]:
    """Write report.md, report.html, evidence.html, tables/*.csv, charts and exports into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tables_dir, exports_dir = folder / "tables", folder / "exports"
    tables_dir.mkdir(exist_ok=True)
    written = []
    for name, table in sorted(result.tables.items()):
        path = tables_dir / f"{name}.csv"
        _frame(table).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    charts = _charts(result, folder)
    written += [folder / name for name in charts]
    written += write_graph(result.collaboration, exports_dir, "collaboration")
    written += write_graph(result.two_mode, exports_dir, "actor-project")
    written += write_graph(result.typed, exports_dir, "typed")
    written += write_graph(result.donors, exports_dir, "donor-cofunding")

    md = [
        "# Hamkori: how civil society and the state work together",
        "",
        "Findings computed from the knowledge graph; every number is in a CSV table under `tables/`, "
        "and the facts behind each finding, with their evidence quotes, are in `evidence.html`.",
        "",
    ]
    body = [
        "<h1>Hamkori: how civil society and the state work together</h1>",
        "<p>Findings computed from the knowledge graph; every number is in a CSV table under "
        '<a href="tables/">tables/</a>, and the facts behind each finding, with their evidence quotes, are '
        'in <a href="evidence.html">evidence.html</a>. Graphs for Gephi, R and pandas are in '
        '<a href="exports/">exports/</a>.</p>',
    ]
    for finding in result.findings:
        md += [f"## {finding.title}", "", finding.sentence, ""]
        body += [
            f'<section class="finding" id="{finding.key}"><h2>{html.escape(finding.title)}</h2>',
            f"<p>{html.escape(finding.sentence)}</p>",
        ]
        if finding.chart:
            md += [f"![{finding.title}]({finding.chart})", ""]
            body.append(f'<figure class="chart">{charts[finding.chart]}</figure>')  # inline: no file to serve
        for name in finding.tables:
            table = result.tables[name]
            shown = table.head(SHOWN_ROWS)
            more = f" (first {SHOWN_ROWS} of {len(table)} rows)" if len(table) > SHOWN_ROWS else ""
            md += [
                f"Table `{name}`{more}: [tables/{name}.csv](tables/{name}.csv)",
                "",
                markdown_table(shown),
                "",
            ]
            body += [
                f'<p>Table <a href="tables/{name}.csv">{name}.csv</a>{html.escape(more)}</p>',
                html_table(shown),
            ]
        if finding.facts:
            links = ", ".join(f"[{anchor(f)}](evidence.html#{anchor(f)})" for f in finding.facts[:8])
            extra = f" and {len(finding.facts) - 8} more" if len(finding.facts) > 8 else ""
            md += [f"Evidence: {links}{extra}.", ""]
            html_links = ", ".join(
                f'<a href="evidence.html#{html.escape(anchor(f))}">{html.escape(anchor(f))}</a>'
                for f in finding.facts[:8]
            )
            body.append(f"<p>Evidence: {html_links}{html.escape(extra)}.</p>")
        body.append("</section>")
    written.append(write_listing(tables_dir, "Analysis tables (CSV)", back="../report.html"))
    written.append(write_listing(exports_dir, "Graphs for Gephi, R and pandas", back="../report.html"))
    (folder / "report.md").write_text("\n".join(md), encoding="utf-8")
    (folder / "report.html").write_text(_page("Hamkori analysis", "\n".join(body)), encoding="utf-8")
    (folder / "evidence.html").write_text(_evidence_page(result), encoding="utf-8")
    written += [folder / "report.md", folder / "report.html", folder / "evidence.html"]
    return written


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _evidence_page(result: Analysis) -> str:
    data = result.data
    facts: list[tuple[str, str, list[str]]] = []
    for p in data.partnerships:
        label = (
            f"{data.actors[p['cso']]['label']} – {data.actors[p['state']]['label']}: {', '.join(p['forms'])}"
        )
        facts.append((p["id"], label, p["evidence"]))
    for c in data.contributions:
        amount = f" {c['amount']} {c['currency']}" if c["amount"] is not None else ""
        project = data.projects.get(c["project"], {}).get("label", c["project"])
        facts.append(
            (
                c["id"],
                f"{data.actors.get(c['actor'], {}).get('label', c['actor'])} → {project}:"
                f" {c['role']}, {c['kind']}{amount}",
                c["evidence"],
            )
        )
    parts = [
        "<h1>Evidence behind the findings</h1>",
        "<p>Each fact with the verbatim quotes it rests on, their case study and source lines in "
        "<i>Civil Society Development in Tajikistan</i> (Allavida, 2007).</p>",
    ]
    for fact, label, evidence in facts:
        quotes = "".join(
            f"<blockquote>“{html.escape(data.evidence[e]['quote'])}” — case study "
            f"{html.escape(data.evidence[e]['case'])}, "
            f"lines {html.escape(data.evidence[e]['lines'])}</blockquote>"
            for e in evidence
            if e in data.evidence
        )
        parts.append(
            f'<section id="{html.escape(anchor(fact))}"><h3>{html.escape(label)}</h3>'
            f"<p><code>{html.escape(fact)}</code></p>{quotes}</section>"
        )
    return _page("Hamkori evidence", "\n".join(parts))


def analyze_store(store: Store, folder: Path) -> Analysis:
    """Analyze and write the report in one step."""
    result = analyze(store)
    write_report(result, folder)
    return result
