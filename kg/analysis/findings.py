"""The findings of the network analysis: numbers, tables and sentences, with no HTML.

``analyze`` reads the network through SPARQL, builds the graphs and computes every measure;
``Analysis.findings`` states each result in a sentence with the tables, chart and facts behind
it; ``Analysis.charts`` holds what each chart shows, ``Analysis.excerpt`` a table's first rows as
text and ``Analysis.facts`` the evidence in words. Every number is formatted here (``cell_text``,
``axis_text``, ``money_text``); ``kg.outputs.report`` only lays them out.

Each headline number is set beside its null model (``kg.analysis.significance``): the sentences
carry the null's mean and interval and the p-value, or a bootstrap interval, and say so when the
network is too small to tell; the ``inference`` table lists every test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.analysis.inference import ALPHA, MIN_UNITS, PERMUTATIONS, SEED, Result
from kg.analysis.network import NetworkData, collaboration, read_network_data, two_mode, typed
from kg.analysis.statements import Chart, Excerpt, Fact, Finding, Quote
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

SHOWN_ROWS = 15  # rows of a table shown under a finding; its CSV file has them all


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
    charts: dict[str, Chart] = field(default_factory=dict)  # by file name, as ``Finding.chart`` names them
    tests: dict[str, Result] = field(default_factory=dict)  # by key, as the ``inference`` table lists them

    def excerpt(self, name: str) -> Excerpt:
        """The first :data:`SHOWN_ROWS` rows of table ``name``, each cell as text."""
        table = self.tables[name]
        frame = flat_table(table.head(SHOWN_ROWS))
        note = f" (first {SHOWN_ROWS} of {len(table)} rows)" if len(table) > SHOWN_ROWS else ""
        rows = tuple(tuple(cell_text(v) for v in row) for row in frame.itertuples(index=False))
        return Excerpt(name, tuple(str(c) for c in frame.columns), rows, note)

    @property
    def method(self) -> str:
        """How the numbers are tested, in words (``method_text``)."""
        return method_text(self.numbers["permutations"], self.numbers["seed"])

    def facts(self) -> list[Fact]:
        """Every partnership and contribution in words, with its evidence quotes."""
        data = self.data
        facts = []
        for p in data.partnerships:
            cso, state = data.actors[p["cso"]]["label"], data.actors[p["state"]]["label"]
            facts.append(Fact(p["id"], f"{cso} – {state}: {', '.join(p['forms'])}", self._quotes(p)))
        for c in data.contributions:
            amount = f" {c['amount']} {c['currency']}" if c["amount"] is not None else ""
            actor = data.actors.get(c["actor"], {}).get("label", c["actor"])
            project = data.projects.get(c["project"], {}).get("label", c["project"])
            label = f"{actor} → {project}: {c['role']}, {c['kind']}{amount}"
            facts.append(Fact(c["id"], label, self._quotes(c)))
        return facts

    def _quotes(self, fact: dict[str, Any]) -> tuple[Quote, ...]:
        known = self.data.evidence
        return tuple(
            Quote(known[e]["quote"], known[e]["case"], known[e]["lines"])
            for e in fact["evidence"]
            if e in known
        )


def flat_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a named index (a row label such as the sector) as its first column."""
    return table.reset_index() if table.index.name else table


def cell_text(value: Any) -> str:
    """A table cell as written: floats to four places without trailing zeros, NaN as nothing."""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:.0f}"
    return str(value)


def axis_text(value: float, percent: bool = False) -> str:
    """A number on a chart's axis: a whole percentage, or the number with thousands separated."""
    if percent:
        return f"{100 * value:.0f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def money_text(amount: float, currency: str) -> str:
    symbol = "$" if currency == "USD" else ""
    suffix = "" if currency == "USD" else f" {currency}"
    return f"{symbol}{amount:,.0f}{suffix}"


def _pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def p_text(result: Result) -> str:
    """``p = 0.012``, or ``p < 0.001``."""
    p = result.p_value if result.p_value is not None else 1.0
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def null_text(result: Result, null: str = "", digits: int = 2) -> str:
    """The null beside an observed value: ``sectors shuffled: mean 0.26, 95 % of draws 0.05 to 0.47;
    p < 0.001, unusual``; ``digits`` decimals (0 for counts)."""
    low, high = result.null_interval
    return (
        f"{null + ': ' if null else ''}mean {result.null_mean:.{digits}f}, 95 % of draws "
        f"{low:.{digits}f} to {high:.{digits}f}; {p_text(result)}, {result.verdict}"
    )


def interval_text(result: Result) -> str:
    """A share's bootstrap interval: ``95 % interval 76.1 to 95.7 %``, or why there is none."""
    if result.too_small:
        return f"too few projects to tell (fewer than {MIN_UNITS})"
    low, high = result.null_interval
    return f"95 % interval {100 * low:.1f} to {100 * high:.1f} %"


def method_text(permutations: int, seed: int) -> str:
    """How the report's numbers are tested, in words."""
    return (
        "Each headline number is set beside what chance gives under a null model: sectors (or levels) "
        "shuffled among the actors, which keeps the ties and the size of every group, as UCINET tests "
        "the E-I index; the ties rewired by double edge swaps, which keeps every actor's degree; random "
        "graphs with as many actors and ties; QAP for whether one kind of tie goes with another; and, "
        f"for shares of money and projects, intervals from resampling the projects. Each test takes "
        f"{permutations:,} draws from seed {seed}, so the numbers are the same on every build (on a "
        "large network a test takes fewer, as many as a bounded time allows and at least 39; "
        "inference.csv says how many). The p-value is two-sided, (k + 1) / (n + 1) where k of the n "
        f"draws lie at least as far from their mean as the observed value; a number is unusual when "
        f"p < {ALPHA}. A test is too small to tell when even the most extreme value its draws produced "
        "would not be unusual (the groups or the network too small for chance to be ruled out), and "
        f"an interval when fewer than {MIN_UNITS} "
        "projects carry it."
    )


def analyze(store: Store, *, permutations: int = PERMUTATIONS, seed: int = SEED) -> Analysis:
    """Read the network from ``store`` and compute every measure and finding.

    ``permutations``: the draws of every test of significance (and resamples of every interval),
    from ``seed``.

    Raises:
        ValueError: when ``permutations`` is below 1.
    """
    if permutations < 1:
        raise ValueError(f"the number of permutations must be at least 1, not {permutations}")
    # pandas and the measures are imported here, not with the module: `import kg.cli` stays quick.
    from kg.analysis import measures, robustness, significance, timeline

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
    n["permutations"], n["seed"] = permutations, seed
    result.tests = significance.headline_tests(
        data, graph, donors_graph, permutations=permutations, seed=seed
    )
    t["inference"] = significance.inference_table(result.tests)
    t["tie_overlap"] = significance.tie_overlap(data)
    t["robustness"] = robustness.robustness(data, result.tests, permutations=permutations, seed=seed)
    t["over_time"] = timeline.over_time(data, graph)
    t["tie_years"] = timeline.tie_table(data, graph)
    result.findings = _findings(result)
    result.charts = _charts(result)
    return result


def _charts(result: Analysis) -> dict[str, Chart]:
    """The data of the four charts, by the file name the findings give them."""
    from kg.analysis import timeline
    from kg.analysis.brokerage import ROLES

    charts = {}
    levels = result.tables["cso_kind_by_level"]
    charts["cso_kind_by_level.svg"] = Chart(
        "CSO–state partner pairs by kind of CSO and level of government",
        tuple(kind_name(str(k)) for k in levels.index),
        tuple((level_name(str(level)), tuple(float(v) for v in levels[level])) for level in levels.columns),
        axis="distinct CSO–state partner pairs",
        legend="government level",
    )
    forms = result.tables["forms_by_level"]
    charts["forms_by_level.svg"] = Chart(
        "partnerships by form and level",
        tuple(str(i).replace("-", " ") for i in forms.index),
        tuple((level_name(str(c)), tuple(float(v) for v in forms[c])) for c in forms.columns),
        grid=True,
    )
    money = result.tables["money_by_sector"]
    currencies = sorted(money["currency"].unique())
    by_sector = money.groupby(["currency", "contributor_sector"])["amount"].sum()
    totals = {c: float(by_sector[c].sum()) for c in currencies}
    sectors = sorted({str(sector) for _, sector in by_sector.index})
    charts["money.svg"] = Chart(
        "Who pays: shares of the printed amounts by sector, per currency",
        tuple(f"{c}: {money_text(totals[c], str(c))}" for c in currencies),
        tuple(
            (sector, tuple(float(by_sector.get((c, sector), 0.0)) / (totals[c] or 1.0) for c in currencies))
            for sector in sectors
        ),
        axis="share of the amounts printed in each currency",
        legend="contributor",
        percent=True,
        by_sector=True,
    )
    brokers = result.tables["brokerage"].head(8)
    charts["brokerage.svg"] = Chart(
        "The busiest brokers by Gould–Fernandez role",
        tuple(str(label)[:40] for label in brokers["label"]),
        tuple((role, tuple(float(v) for v in brokers[role])) for role in ROLES),
        axis="brokered ordered pairs (Gould–Fernandez, groups = sectors)",
        legend="role",
    )
    charts["over_time.svg"] = timeline.chart(result.tables["over_time"])
    return charts


def _findings(result: Analysis) -> list[Finding]:
    from kg.analysis.significance import (
        BOOTSTRAP,
        RANDOM_GRAPHS,
        REWIRED,
        SHUFFLED_FUNDERS,
        SHUFFLED_LEVELS,
        SHUFFLED_SECTORS,
    )

    t, n, data, tests = result.tables, result.numbers, result.data, result.tests
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
            f"{level_name(str(by_level.index[1]))} bodies. By kind of CSO — {per_kind}. Cramér's V of "
            f"kind by level is {tests['kind_by_level'].observed:.2f} "
            f"({null_text(tests['kind_by_level'], SHUFFLED_LEVELS)}).",
            ("cso_kind_by_level",),
            "cso_kind_by_level.svg",
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
            f"({int(top_forms.iloc[1])}). The most frequent form at each level — {per_level}. Cramér's "
            f"V of form by level is {tests['form_by_level'].observed:.2f} "
            f"({null_text(tests['form_by_level'], SHUFFLED_LEVELS)}).",
            ("forms_by_level", "forms_by_region"),
            "forms_by_level.svg",
            tuple(p["id"] for p in data.partnerships),
        )
    )

    money = t["money_by_sector"]
    sentences = []
    for currency, group in money.groupby("currency"):
        total = float(group["amount"].sum())
        parts = group.groupby("contributor_sector")["amount"].sum().sort_values(ascending=False)
        printed = [c for c in data.contributions if c["currency"] == currency and c["amount"] is not None]
        projects = len({c["project"] for c in printed})
        if tests[f"money:{currency}:{parts.index[0]}"].too_small:
            shares = ", ".join(
                f"{str(sector).replace('-', ' ')} {_pct(float(v) / total)}" for sector, v in parts.items()
            )
            shares += f" ({projects} projects: too few to tell, fewer than {MIN_UNITS})"
        else:
            shares = ", ".join(
                f"{str(sector).replace('-', ' ')} {_pct(float(v) / total)} "
                f"({interval_text(tests[f'money:{currency}:{sector}'])})"
                for sector, v in parts.items()
            )
        in_kind = float(group[group["form"] != "money"]["amount"].sum())
        sentences.append(
            f"of the {money_text(total, str(currency))} printed in {projects} projects"
            + (f" ({money_text(in_kind, str(currency))} of it in kind or labour)" if in_kind else "")
            + f", {shares}"
        )
    findings.append(
        Finding(
            "money",
            "Who pays for projects",
            "Contributions with printed amounts, never added across currencies, with intervals from "
            f"{n['permutations']:,} resamples of the projects: " + "; ".join(sentences) + ".",
            (
                "money_by_sector",
                "money_by_region",
                "money_by_project_sector",
                "money_by_cso_kind",
            ),
            "money.svg",
            tuple(c["id"] for c in data.contributions if c["amount"] is not None),
        )
    )

    state = t["state_cofinancing"]
    usd = state[state["currency"] == "USD"].iloc[0] if (state["currency"] == "USD").any() else None
    anywhere = state[state["currency"] == "any"].iloc[0]
    state_facts = tuple(
        c["id"]
        for c in data.contributions
        if data.actors.get(c["actor"], {}).get("sector") == "state" and c["role"] != "supporting"
    )
    usd_share = tests.get("money:USD:state")
    usd_text = (
        f" Its share of the contributions printed in US dollars is {_pct(float(usd['state_share']))} "
        f"({interval_text(usd_share) if usd_share else 'no interval'}; "
        f"{money_text(float(usd['state']), 'USD')} of {money_text(float(usd['total_printed']), 'USD')}, "
        f"in {int(usd['projects_state_paid'])} of {int(usd['projects_with_amounts'])} projects with amounts)."
        if usd is not None
        else ""
    )
    findings.append(
        Finding(
            "state_share",
            "The state's share",
            f"State bodies contributed to {int(anywhere['projects_state_paid'])} of "
            f"{len(data.projects)} projects ({_pct(tests['state_projects'].observed)}, "
            f"{interval_text(tests['state_projects'])}, {BOOTSTRAP}), "
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
    itinerant, liaison = tests["brokerage:itinerant"], tests["brokerage:liaison"]
    others = [tests[f"brokerage:{role}"] for role in ("coordinator", "representative", "gatekeeper")]
    degree = tests["degree_centralization"]
    random_graphs = f"{degree.permutations:,} {RANDOM_GRAPHS}"
    findings.append(
        Finding(
            "brokers",
            "Who the brokers are",
            "On the flow of money (funder → recipient) and partnership (CSO ↔ state), with sectors as "
            f"groups, the busiest brokers are {names}. Over all brokers, {itinerant.observed:,.0f} "
            f"brokerages are itinerant ({null_text(itinerant, SHUFFLED_SECTORS, 0)}) and "
            f"{liaison.observed:,.0f} liaison ({null_text(liaison, digits=0)}); coordinators, "
            f"representatives and gatekeepers broker {', '.join(f'{r.observed:,.0f}' for r in others)} "
            f"pairs (means {', '.join(f'{r.null_mean:,.0f}' for r in others)}; "
            f"{', '.join(p_text(r) for r in others)}). In the collaboration network, {central['label']} "
            f"has the highest betweenness ({central['betweenness']:.3f}); degree centralization is "
            f"{degree.observed:.2f} ({null_text(degree, random_graphs)}).",
            ("brokerage", "centrality"),
            "brokerage.svg",
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
            "the pairs join a state body with a non-state funder "
            f"({null_text(tests['cofunding_mixed'], SHUFFLED_FUNDERS, 1)}) and "
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

    overlap = t["tie_overlap"]["actor_pairs"]
    qap = tests["partnership_funding"]
    both = int(overlap["partnership and funding"])
    funding_pairs = both + int(overlap["funding only"])
    partner_pairs = both + int(overlap["partnership only"])
    leaders = {project: info["leader"] for project, info in data.projects.items()}
    funded: dict[frozenset[str], list[str]] = {}
    for c in data.contributions:
        if c["role"] == "funding":
            funded.setdefault(frozenset((c["actor"], leaders.get(c["project"], ""))), []).append(c["id"])
    partnered = [p for p in data.partnerships if frozenset((p["cso"], p["state"])) in funded]
    joint = [p["id"] for p in partnered]
    joint += sorted({c for p in partnered for c in funded[frozenset((p["cso"], p["state"]))]})
    findings.append(
        Finding(
            "ties",
            "Whether partners also fund each other",
            f"Of the {funding_pairs} pairs of actors joined by funding (a funder and the leader of a "
            f"project it funds), {both} are also partners, of {partner_pairs} partner pairs in all. The "
            f"QAP correlation of the two kinds of tie is {qap.observed:.2f} "
            f"({null_text(qap, 'actors relabelled')}).",
            ("tie_overlap",),
            None,
            tuple(joint),
        )
    )

    ei_all = t["ei_index"].loc["all"]
    rewired = f"{tests['communities'].permutations:,} graphs {REWIRED}"
    sectors = [key.split(":", 1)[1] for key in tests if key.startswith("ei_index:") and key != "ei_index:all"]
    unusual = [s for s in sectors if tests[f"ei_index:{s}"].unusual]
    usual = [s for s in sectors if s not in unusual and not tests[f"ei_index:{s}"].too_small]
    small = [s for s in sectors if tests[f"ei_index:{s}"].too_small]
    by_sector = "; ".join(
        f"{s.replace('-', ' ')} {tests[f'ei_index:{s}'].observed:.2f} "
        f"(mean {tests[f'ei_index:{s}'].null_mean:.2f}, {p_text(tests[f'ei_index:{s}'])})"
        for s in unusual
    )
    by_sector = (
        (
            f"By sector, the E-I index is unusual for {by_sector}"
            if unusual
            else "By sector, no E-I index is unusual"
        )
        + (f"; within chance for {', '.join(s.replace('-', ' ') for s in usual)}" if usual else "")
        + (f"; too small to tell for {', '.join(s.replace('-', ' ') for s in small)}" if small else "")
    )
    findings.append(
        Finding(
            "structure",
            "How the network hangs together",
            f"The collaboration network has {n['actors']} actors and {n['ties']} ties in {n['components']} "
            f"components (the largest holds {n['largest_component']}); density {n['density']}. Ties cross "
            f"sectors far more than they stay within them: E-I index {float(ei_all['ei_index']):.2f} "
            f"({null_text(tests['ei_index:all'], SHUFFLED_SECTORS)}), sector assortativity "
            f"{n['assortativity']:.2f} ({null_text(tests['assortativity'])}). {by_sector}. Louvain finds "
            f"{n['communities']} communities ({null_text(tests['communities'], rewired, 1)}) with modularity "
            f"{n['modularity']:.2f} ({null_text(tests['modularity'])}), most of them one CSO with its state "
            "partners and funders.",
            ("sector_mixing", "ei_index", "community_composition", "communities"),
            None,
        )
    )
    from kg.analysis import timeline

    findings.append(timeline.finding(t["over_time"]))
    findings.append(_robustness(result))
    findings.append(_significance(result))
    return findings


def _robustness(result: Analysis) -> Finding:
    """Which headline findings hold under every alternative reading of the data, and which do not."""
    from kg.analysis.robustness import READINGS, RULE

    table = result.tables["robustness"]
    titles = {reading.key: reading.title for reading in READINGS}
    applied = [titles[key] for key in dict.fromkeys(table["reading"])]
    if not applied:
        return Finding(
            "robustness",
            "Whether the findings survive other readings",
            "None of the alternative readings that the data-quality notes record applies to this data.",
            ("robustness",),
        )
    failed = table[table["holds"] == "no"]
    measures = list(dict.fromkeys(table["measure"]))
    surviving = [m for m in measures if m not in set(failed["measure"])]
    broken = "; ".join(
        f"{row.measure} {titles[row.reading]} ({cell_text(row.recorded)} → {cell_text(row.observed)}, "
        f"{row.recorded_verdict} → {row.verdict})"
        for row in failed.itertuples()
    )
    return Finding(
        "robustness",
        "Whether the findings survive other readings",
        f"Each headline number recomputed, with the same tests, under {len(applied)} readings the "
        f"data-quality notes record — {', '.join(applied)}. {RULE} {len(surviving)} of the "
        f"{len(measures)} headline numbers hold under every reading"
        + (f"; these do not: {broken}." if broken else "."),
        ("robustness",),
    )


def _significance(result: Analysis) -> Finding:
    """The closing count: which tests find their number unusual, which within chance, which cannot tell."""
    table = result.tables["inference"]
    tested = table[table["p_value"].notna()]

    def listed(verdict: str) -> str:
        rows = tested[tested["verdict"] == verdict]
        return "; ".join(f"{row.measure} ({p_text(result.tests[row.test])})" for row in rows.itertuples())

    counts = tested["verdict"].value_counts()
    parts = [
        f"{int(counts.get(verdict, 0))} {label}" + (f": {listed(verdict)}" if counts.get(verdict, 0) else "")
        for verdict, label in (
            ("unusual", f"are unusual at the {ALPHA} level"),
            ("within chance", "are within chance"),
            ("too small to tell", "are too small to tell"),
        )
    ]
    intervals = table[table["p_value"].isna()]
    return Finding(
        "significance",
        "How unusual these numbers are",
        f"Of the {len(tested)} tests, " + ". ".join(parts) + f". {len(intervals)} shares carry a 95 % "
        f"interval instead, {int((intervals['verdict'] == 'too small to tell').sum())} of them too few "
        "projects to tell.",
        ("inference",),
    )


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
