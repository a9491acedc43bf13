"""The analysis report: findings in sentences with their numbers, tables, charts and evidence.

``analyze(store)`` computes every measure into DataFrames; ``write_report`` writes
``build/analysis/`` with report.md, report.html, evidence.html, one CSV per table, PNG charts and
the graph exports. Every string from the data is HTML-escaped.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.export import write_graph
from kg.network import NetworkData, collaboration, read_network_data, two_mode, typed
from kg.pages import write_listing
from kg.palette import SECTOR_COLOURS, SEQUENCE
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd


@dataclass(frozen=True)
class Finding:
    """One sentence with its number, the tables and chart behind it, and the facts it rests on."""

    key: str
    title: str
    sentence: str
    tables: tuple[str, ...]
    chart: str | None = None
    facts: tuple[str, ...] = ()


@dataclass
class Analysis:
    data: NetworkData
    collaboration: nx.Graph
    two_mode: nx.Graph
    typed: nx.MultiDiGraph
    donors: nx.Graph
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _money(amount: float, currency: str) -> str:
    symbol = "$" if currency == "USD" else ""
    suffix = "" if currency == "USD" else f" {currency}"
    return f"{symbol}{amount:,.0f}{suffix}"


def _pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def analyze(store: Store) -> Analysis:
    """Read the network from ``store`` and compute every measure and finding."""
    # pandas and the measures are imported here, not with the module: `import kg.cli` stays quick.
    from kg import analysis as measures

    data = read_network_data(store)
    graph = collaboration(data)
    donors_graph, pairs = measures.donor_cofunding(data)
    result = Analysis(data, graph, two_mode(data), typed(data), donors_graph)
    t = result.tables
    t["sector_mixing"] = measures.mixing_matrix(graph, "sector")
    t["ei_index"] = measures.ei_index(graph, "sector")
    t["cso_kind_by_level"] = measures.cso_kind_by_level(data)
    t["forms_by_level"] = measures.forms_by(data, "level")
    t["forms_by_region"] = measures.forms_by(data, "region")
    t["money_by_sector"] = measures.money_split(data)
    t["money_by_region"] = measures.money_split(data, "region")
    t["money_by_project_sector"] = measures.money_split(data, "project_sector")
    t["money_by_cso_kind"] = measures.money_split(data, "leader_kind")
    t["state_cofinancing"] = measures.state_cofinancing(data)
    t["contributions"] = measures.contributions_table(data)
    t["centrality"] = measures.centrality(graph)
    members, composition = measures.communities(graph)
    t["communities"] = members
    t["community_composition"] = composition
    t["brokerage"] = measures.brokerage(data)
    t["donor_cofunding"] = pairs
    n = result.numbers
    n.update(measures.summary(data, graph))
    n["assortativity"] = round(measures.assortativity(graph, "sector"), 4)
    n["modularity"] = round(measures.modularity(graph, members), 4)
    n["communities"] = int(members["community"].nunique())
    result.findings = _findings(result)
    return result


def _findings(result: Analysis) -> list[Finding]:
    t, n, data = result.tables, result.numbers, result.data
    findings = []

    levels = t["cso_kind_by_level"]
    by_level = levels.sum(axis=0).sort_values(ascending=False)
    pairs_total = int(levels.to_numpy().sum())
    per_kind = "; ".join(
        f"{kind_name(kind)}: mostly {level_name(str(row.idxmax()))} ({int(row.max())} of {int(row.sum())})"
        for kind, row in levels.iterrows()
    )
    findings.append(
        Finding(
            "levels",
            "Which levels of government CSOs work with",
            f"Of {pairs_total} distinct CSO–state partner pairs, {int(by_level.iloc[0])} are with "
            f"{level_name(str(by_level.index[0]))} bodies and {int(by_level.iloc[1])} with "
            f"{level_name(str(by_level.index[1]))} bodies. By kind of CSO — {per_kind}.",
            ("cso_kind_by_level",),
            "cso_kind_by_level.png",
            tuple(p["id"] for p in data.partnerships),
        )
    )

    forms = t["forms_by_level"]
    top_forms = forms.sum(axis=1).sort_values(ascending=False)
    per_level = "; ".join(
        f"{level_name(str(level))}: {str(forms[level].idxmax()).replace('-', ' ')} "
        f"({int(forms[level].max())})"
        for level in forms.columns
    )
    findings.append(
        Finding(
            "forms",
            "Forms of collaboration by level",
            f"The most frequent form of collaboration is {str(top_forms.index[0]).replace('-', ' ')} "
            f"({int(top_forms.iloc[0])} partnerships), then {str(top_forms.index[1]).replace('-', ' ')} "
            f"({int(top_forms.iloc[1])}). The most frequent form at each level — {per_level}.",
            ("forms_by_level", "forms_by_region"),
            "forms_by_level.png",
            tuple(p["id"] for p in data.partnerships),
        )
    )

    money = t["money_by_sector"]
    sentences = []
    for currency, group in money.groupby("currency"):
        total = float(group["amount"].sum())
        parts = group.groupby("contributor_sector")["amount"].sum().sort_values(ascending=False)
        shares = ", ".join(
            f"{str(sector).replace('-', ' ')} {_pct(float(v) / total)}" for sector, v in parts.items()
        )
        in_kind = float(group[group["form"] != "money"]["amount"].sum())
        sentences.append(
            f"of the {_money(total, str(currency))} printed, {shares}"
            + (f" ({_money(in_kind, str(currency))} of it in kind or labour)" if in_kind else "")
        )
    findings.append(
        Finding(
            "money",
            "Who pays for projects",
            "Contributions with printed amounts, never added across currencies: "
            + "; ".join(sentences)
            + ".",
            ("money_by_sector", "money_by_region", "money_by_project_sector", "money_by_cso_kind"),
            "money.png",
            tuple(c["id"] for c in data.contributions if c["amount"] is not None),
        )
    )

    state = t["state_cofinancing"]
    usd = state[state["currency"] == "USD"].iloc[0] if (state["currency"] == "USD").any() else None
    anywhere = state[state["currency"] == "any"].iloc[0]
    state_facts = tuple(
        c["id"] for c in data.contributions if data.actors.get(c["actor"], {}).get("sector") == "state"
    )
    usd_text = (
        f" Its share of the contributions printed in US dollars is {_pct(float(usd['state_share']))} "
        f"({_money(float(usd['state']), 'USD')} of {_money(float(usd['total_printed']), 'USD')}, "
        f"in {int(usd['projects_state_paid'])} of {int(usd['projects_with_amounts'])} projects with amounts)."
        if usd is not None
        else ""
    )
    findings.append(
        Finding(
            "state_share",
            "The state's share",
            f"State bodies contributed to {int(anywhere['projects_state_paid'])} of "
            f"{len(data.projects)} projects, "
            f"often in kind (land, equipment, firewood, beds) without a printed amount.{usd_text}",
            ("state_cofinancing",),
            None,
            state_facts,
        )
    )

    brokers = t["brokerage"].head(3)
    names = ", ".join(
        f"{row['label']} ({int(row['total'])}: {int(row['liaison'])} as liaison, "
        f"{int(row['itinerant'])} as itinerant)"
        for _, row in brokers.iterrows()
    )
    central = t["centrality"].iloc[0]
    top_broker = str(brokers.index[0]) if len(brokers) else ""
    findings.append(
        Finding(
            "brokers",
            "Who the brokers are",
            "On the flow of money (funder → recipient) and partnership (CSO ↔ state), with sectors as "
            f"groups, the busiest brokers are {names}. In the collaboration network, {central['label']} "
            "has the highest "
            f"betweenness ({central['betweenness']:.3f}).",
            ("brokerage", "centrality"),
            "brokerage.png",
            tuple(p["id"] for p in data.partnerships if top_broker in (p["cso"], p["state"])),
        )
    )

    pairs = t["donor_cofunding"]
    funders = {c["actor"] for c in data.contributions if c["role"] == "funding"}
    cofunded_projects = {project for joined in pairs["projects"] for project in str(joined).split("; ")}
    donor_pairs = pairs[(pairs["sector_a"] != "state") & (pairs["sector_b"] != "state")]
    mixed_pairs = pairs[(pairs["sector_a"] == "state") != (pairs["sector_b"] == "state")]
    findings.append(
        Finding(
            "cofunding",
            "Which funders fund together",
            f"{len(funders)} organizations fund at least one project; {len(pairs)} pairs of them "
            f"fund a project together, across {len(cofunded_projects)} projects. {len(mixed_pairs)} of "
            "the pairs join a state body with a non-state funder and "
            f"{len(donor_pairs)} join two non-state funders.",
            ("donor_cofunding",),
            None,
            tuple(
                c["id"]
                for c in data.contributions
                if c["role"] == "funding" and c["project"] in cofunded_projects
            ),
        )
    )

    ei_all = t["ei_index"].loc["all"]
    findings.append(
        Finding(
            "structure",
            "How the network hangs together",
            f"The collaboration network has {n['actors']} actors and {n['ties']} ties in {n['components']} "
            f"components (the largest holds {n['largest_component']}); density {n['density']}. Ties cross "
            f"sectors far more than they stay within them: E-I index {float(ei_all['ei_index']):.2f}, sector "
            f"assortativity {n['assortativity']:.2f}. Louvain finds {n['communities']} communities "
            f"(modularity {n['modularity']:.2f}), most of them one CSO with its state partners and funders.",
            ("sector_mixing", "ei_index", "community_composition", "communities"),
            None,
        )
    )
    return findings


def kind_name(kind: str) -> str:
    names = {
        "NonGovernmentalOrganization": "NGOs",
        "PublicAssociation": "public associations",
        "VillageOrganization": "village organizations",
        "CivilSocietySupportCentre": "support centres",
        "Society": "the Red Crescent Society",
        "CivilSocietyOrganization": "other CSOs",
    }
    return names.get(kind, kind)


def level_name(level: str) -> str:
    return {"city-rayon": "city or rayon", "local-unspecified": "unspecified local"}.get(level, level)


# --- Charts -------------------------------------------------------------------------------------


def _charts(result: Analysis, folder: Path) -> list[Path]:
    import matplotlib
    import pandas as pd

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "hamkori"})
    written = []

    def save(fig: Any, name: str) -> None:
        path = folder / name
        fig.tight_layout()
        fig.savefig(path, dpi=110, metadata={"Software": None})
        plt.close(fig)
        written.append(path)

    levels = result.tables["cso_kind_by_level"]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottom = [0.0] * len(levels.index)
    for index, level in enumerate(levels.columns):
        values = [float(v) for v in levels[level]]
        ax.barh(
            [kind_name(str(k)) for k in levels.index],
            values,
            left=bottom,
            color=SEQUENCE[index % len(SEQUENCE)],
            label=level_name(str(level)),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xlabel("distinct CSO–state partner pairs")
    ax.legend(title="government level", fontsize=7, frameon=False)
    save(fig, "cso_kind_by_level.png")

    forms = result.tables["forms_by_level"]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.imshow(forms.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(
        range(len(forms.columns)), [level_name(str(c)) for c in forms.columns], rotation=30, ha="right"
    )
    ax.set_yticks(range(len(forms.index)), [str(i).replace("-", " ") for i in forms.index])
    for (i, j), value in pd.DataFrame(forms.to_numpy()).stack().items():
        if value:
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > forms.to_numpy().max() / 2 else "black",
            )
    ax.set_title("partnerships by form and level")
    save(fig, "forms_by_level.png")

    money = result.tables["money_by_sector"]
    currencies = sorted(money["currency"].unique())
    fig, axes = plt.subplots(1, len(currencies), figsize=(7, 2.6), squeeze=False)
    for ax, currency in zip(axes[0], currencies, strict=True):
        group = money[money["currency"] == currency].groupby("contributor_sector")["amount"].sum()
        total = float(group.sum())
        left = 0.0
        for sector, amount in group.sort_values(ascending=False).items():
            share = float(amount) / total
            ax.barh(
                [0], [share], left=left, color=SECTOR_COLOURS.get(str(sector), "#BBBBBB"), label=str(sector)
            )
            left += share
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        ax.set_title(f"{currency}: {_money(total, str(currency))}")
        ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3)
    save(fig, "money.png")

    brokers = result.tables["brokerage"].head(8)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    starts = [0.0] * len(brokers)
    labels = [str(label)[:40] for label in brokers["label"]]
    for index, role in enumerate(("coordinator", "itinerant", "representative", "gatekeeper", "liaison")):
        values = [float(v) for v in brokers[role]]
        ax.barh(labels, values, left=starts, color=SEQUENCE[index], label=role)
        starts = [a + b for a, b in zip(starts, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("brokered ordered pairs (Gould–Fernandez, groups = sectors)")
    ax.legend(fontsize=7, frameon=False)
    save(fig, "brokerage.png")
    return written


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
img { max-width: 100%; } .finding { border-left: 4px solid #0072B2; padding-left: 1rem; margin: 2rem 0; }
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
    written += _charts(result, folder)
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
            body.append(f'<img src="{finding.chart}" alt="{html.escape(finding.title)}">')
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
