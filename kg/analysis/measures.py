"""Collaboration patterns between civil society and the state, as pandas DataFrames.

Every function takes the ``NetworkData`` read from a store (``kg.analysis.network``) or a graph built from
it, and returns a table a notebook can use directly. Amounts are never added across currencies:
every money table has a currency column.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from kg.analysis.brokerage import ROLES, brokerage_roles
from kg.analysis.network import NetworkData, brokerage_graph

CSO_KINDS = (
    "NonGovernmentalOrganization",
    "PublicAssociation",
    "VillageOrganization",
    "CivilSocietySupportCentre",
    "Society",
    "CivilSocietyOrganization",
)
LEVELS = ("national", "oblast", "city-rayon", "jamoat", "makhalla", "local-unspecified")
MONEY_KINDS = ("cash", "loan", "unspecified")  # printed amounts of money; the rest are goods or work


def _label(data: NetworkData, node: str) -> str:
    return str(data.actors.get(node, {}).get("label", node))


# --- Mixing ---------------------------------------------------------------------------------------


def mixing_matrix(graph: nx.Graph, attribute: str = "sector") -> pd.DataFrame:
    """Ties between groups: cell [g, h] counts edges with one end in g and the other in h (symmetric)."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        ga, gb = graph.nodes[a][attribute], graph.nodes[b][attribute]
        counts[(ga, gb)] += 1
        if ga != gb:
            counts[(gb, ga)] += 1
    groups = sorted({g for pair in counts for g in pair} | {d[attribute] for _, d in graph.nodes(data=True)})
    table = pd.DataFrame(0, index=groups, columns=groups, dtype=int)
    for (g, h), n in counts.items():
        table.loc[g, h] = n
    table.index.name = attribute
    return table


def ei_index(graph: nx.Graph, attribute: str = "sector") -> pd.DataFrame:
    """Krackhardt and Stern's E-I index, (external − internal) / (external + internal) ties.

    One row per group (ties of its members) and an 'all' row for the whole network; +1 means every
    tie crosses groups, −1 means every tie stays inside a group.
    """
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for a, b in graph.edges():
        ga, gb = graph.nodes[a][attribute], graph.nodes[b][attribute]
        kind = "internal" if ga == gb else "external"
        rows["all"][kind] += 1
        rows[ga][kind] += 1
        if ga != gb:
            rows[gb][kind] += 1
    records = []
    for group, c in sorted(rows.items(), key=lambda item: (item[0] == "all", item[0])):
        total = c["external"] + c["internal"]
        records.append(
            {
                attribute: group,
                "external": c["external"],
                "internal": c["internal"],
                "ei_index": (c["external"] - c["internal"]) / total if total else 0.0,
            }
        )
    return pd.DataFrame(records).set_index(attribute)


def assortativity(graph: nx.Graph, attribute: str = "sector") -> float:
    """Newman's attribute assortativity coefficient (networkx)."""
    return float(nx.attribute_assortativity_coefficient(graph, attribute))


def cso_kind_by_level(data: NetworkData) -> pd.DataFrame:
    """Distinct CSO–state pairs in partnerships, by the CSO's kind and the state body's level."""
    pairs = {(p["cso"], p["state"]) for p in data.partnerships}
    counts = Counter(
        (data.actors[c]["kind"], data.actors[s]["level"] or "local-unspecified") for c, s in pairs
    )
    kinds = [k for k in CSO_KINDS if any(k == kind for kind, _ in counts)]
    levels = [lv for lv in LEVELS if any(lv == level for _, level in counts)]
    table = pd.DataFrame(0, index=kinds, columns=levels, dtype=int)
    for (kind, level), n in counts.items():
        table.loc[kind, level] = n
    table.index.name = "cso_kind"
    return table


def forms_by(data: NetworkData, by: str = "level") -> pd.DataFrame:
    """Partnerships by form of collaboration and by the state body's level (or the case's region)."""
    counts: Counter[tuple[str, str]] = Counter()
    for p in data.partnerships:
        column = data.actors[p["state"]]["level"] if by == "level" else p["region"]
        for form in p["forms"]:
            counts[(form, column or ("local-unspecified" if by == "level" else "unknown"))] += 1
    forms = sorted({f for f, _ in counts})
    columns = (
        [lv for lv in LEVELS if any(lv == c for _, c in counts)]
        if by == "level"
        else sorted({c for _, c in counts})
    )
    table = pd.DataFrame(0, index=forms, columns=columns, dtype=int)
    for (form, column), n in counts.items():
        table.loc[form, column] = n
    table.index.name = "form"
    return table


# --- Money ----------------------------------------------------------------------------------------


def contributions_table(data: NetworkData) -> pd.DataFrame:
    """Every contribution with its contributor's sector, project region and sector, and leader's kind."""
    records = []
    for c in data.contributions:
        project = data.projects.get(c["project"], {})
        leader = project.get("leader", "")
        records.append(
            {
                "contribution": c["id"],
                "project": c["project"],
                "contributor": c["actor"],
                "contributor_label": _label(data, c["actor"]),
                "contributor_sector": data.actors.get(c["actor"], {}).get("sector", ""),
                "role": c["role"],
                "kind": c["kind"],
                "money": c["kind"] in MONEY_KINDS,
                "amount": float(c["amount"]) if c["amount"] is not None else None,
                "currency": c["currency"],
                "region": project.get("region", ""),
                "project_sector": (project.get("sectors") or [""])[0],
                "leader_kind": data.actors.get(leader, {}).get("kind", ""),
                "evidence": "; ".join(c["evidence"]),
            }
        )
    return pd.DataFrame(records)


def money_split(data: NetworkData, by: str | None = None) -> pd.DataFrame:
    """Printed amounts by contributor sector and currency, money and in-kind/labour apart.

    ``by`` adds a grouping: 'region', 'project_sector' or 'leader_kind'. Shares are within one
    currency (and group): amounts in USD and TJS are never added together.
    """
    table = contributions_table(data)
    table = table[table["amount"].notna()]
    keys = [k for k in (by, "currency") if k]
    table = table.assign(form=table["money"].map({True: "money", False: "in kind or labour"}))
    grouped = table.groupby([*keys, "form", "contributor_sector"], as_index=False)["amount"].sum()
    totals = grouped.groupby(keys)["amount"].transform("sum")
    grouped["share"] = (grouped["amount"] / totals).round(4)
    return grouped.sort_values([*keys, "form", "contributor_sector"]).reset_index(drop=True)


def state_cofinancing(data: NetworkData) -> pd.DataFrame:
    """The state's part of printed contributions, per currency; and how many projects it paid into."""
    table = contributions_table(data)
    records = []
    for currency, group in sorted(table[table["amount"].notna()].groupby("currency")):
        state = group[group["contributor_sector"] == "state"]
        records.append(
            {
                "currency": currency,
                "total_printed": float(group["amount"].sum()),
                "state": float(state["amount"].sum()),
                "state_share": round(float(state["amount"].sum() / group["amount"].sum()), 4),
                "projects_with_amounts": int(group["project"].nunique()),
                "projects_state_paid": int(state["project"].nunique()),
            }
        )
    # Support or approval without a stated gift (role supporting) is no contribution of the state's.
    giving = table[(table["contributor_sector"] == "state") & (table["role"] != "supporting")]
    state_projects = giving["project"].nunique()
    records.append(
        {
            "currency": "any",
            "total_printed": None,
            "state": None,
            "state_share": None,
            "projects_with_amounts": len(data.projects),
            "projects_state_paid": int(state_projects),
        }
    )
    return pd.DataFrame(records)


# --- Structure ------------------------------------------------------------------------------------


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Degree, weighted degree, betweenness, PageRank, k-core and component of every node.

    Betweenness is exact (``kg.analysis.measures.betweenness``), over unweighted ties.
    """
    between = betweenness(graph)
    ranks = pagerank(graph)
    simple = nx.Graph(graph)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    core = nx.core_number(simple)
    component = {}
    for number, nodes in enumerate(sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))):
        for node in nodes:
            component[node] = number
    records = []
    for node, attributes in graph.nodes(data=True):
        records.append(
            {
                "node": node,
                "label": attributes.get("label", node),
                "sector": attributes.get("sector", ""),
                "kind": attributes.get("kind", ""),
                "level": attributes.get("level", ""),
                "region": attributes.get("region", ""),
                "degree": graph.degree(node),
                "weighted_degree": float(graph.degree(node, weight="weight")),
                "betweenness": round(between[node], 6),
                "pagerank": ranks[node],
                "k_core": core[node],
                "component": component[node],
            }
        )
    table = pd.DataFrame(records).sort_values(
        ["betweenness", "degree", "node"], ascending=[False, False, True]
    )
    return table.reset_index(drop=True)


def communities(graph: nx.Graph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Louvain communities (seeded, so stable) and what each is made of by sector."""
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    members = []
    for number, nodes in enumerate(ordered):
        for node in sorted(nodes):
            members.append(
                {
                    "node": node,
                    "label": graph.nodes[node].get("label", node),
                    "community": number,
                    "sector": graph.nodes[node].get("sector", ""),
                }
            )
    table = pd.DataFrame(members)
    composition = table.pivot_table(
        index="community", columns="sector", values="node", aggfunc="count", fill_value=0
    )
    composition["size"] = composition.sum(axis=1)
    composition.index.name = "community_number"  # "community" is also a sector column
    composition.columns.name = None
    return table, composition


def modularity(graph: nx.Graph, table: pd.DataFrame) -> float:
    groups = [set(g["node"]) for _, g in table.groupby("community")]
    return float(nx.community.modularity(graph, groups, weight="weight"))


def donor_cofunding(data: NetworkData) -> tuple[nx.Graph, pd.DataFrame]:
    """Funders linked when they fund the same project; the pairs with their shared projects."""
    funders: dict[str, set[str]] = defaultdict(set)
    for c in data.contributions:
        if c["role"] == "funding":
            funders[c["project"]].add(c["actor"])
    graph = nx.Graph()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for project, actors in sorted(funders.items()):
        for actor in sorted(actors):  # in a set's order, undirected ties would be exported either way round
            graph.add_node(
                actor, label=_label(data, actor), sector=data.actors.get(actor, {}).get("sector", "")
            )
        for a, b in combinations(sorted(actors), 2):
            shared[(a, b)].append(project)
    for (a, b), projects in shared.items():
        graph.add_edge(a, b, weight=len(projects), projects=projects)

    def sector(node: str) -> str:
        return str(data.actors.get(node, {}).get("sector", ""))

    records = [
        {
            "funder_a": _label(data, a),
            "sector_a": sector(a),
            "funder_b": _label(data, b),
            "sector_b": sector(b),
            "shared_projects": len(p),
            "projects": "; ".join(p),
            "a": a,
            "b": b,
        }
        for (a, b), p in sorted(shared.items())
    ]
    columns = ["funder_a", "sector_a", "funder_b", "sector_b", "shared_projects", "projects", "a", "b"]
    return graph, pd.DataFrame(records, columns=columns)


def brokerage(data: NetworkData) -> pd.DataFrame:
    """Gould–Fernandez roles with sectors as groups on the funding/partnership flow, with betweenness."""
    graph = brokerage_graph(data)
    roles = brokerage_roles(graph, group="sector")
    between = betweenness(graph)
    roles.insert(0, "label", [graph.nodes[n].get("label", n) for n in roles.index])
    roles.insert(1, "sector", [graph.nodes[n].get("sector", "") for n in roles.index])
    roles["betweenness"] = [round(between[n], 6) for n in roles.index]
    roles.index.name = "node"
    return roles.sort_values(["total", "betweenness"], ascending=False)


def summary(data: NetworkData, graph: nx.Graph) -> dict[str, Any]:
    """Headline counts of the network."""
    return {
        "actors": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "projects": len(data.projects),
        "partnerships": len(data.partnerships),
        "components": nx.number_connected_components(graph),
        "largest_component": max((len(c) for c in nx.connected_components(graph)), default=0),
        "density": round(nx.density(graph), 4),
        "brokerage_roles": ROLES,
        "total_printed": {
            cur: float(
                sum(
                    (c["amount"] for c in data.contributions if c["currency"] == cur and c["amount"]),
                    Decimal(0),
                )
            )
            for cur in sorted({c["currency"] for c in data.contributions if c["currency"]})
        },
    }


NETWORKX_ENOUGH = 200_000  # nodes × ties below which networkx's betweenness takes well under 0.1 s


def betweenness(graph: nx.Graph | nx.DiGraph) -> dict[Any, float]:
    """Normalized shortest-path betweenness of every node: ``nx.betweenness_centrality(graph)``, exact.

    Computed with igraph when it is installed and the graph is not small (Brandes' algorithm in C:
    3 s instead of many minutes for the 6,000 actors of a 1M-triple corpus), else with networkx;
    importing igraph (which imports matplotlib) takes longer than networkx needs for a small graph.
    See ``_igraph_betweenness`` for why the two give the same values.
    """
    if graph.number_of_nodes() * graph.number_of_edges() >= NETWORKX_ENOUGH:
        try:
            return _igraph_betweenness(graph)
        except ImportError:
            pass
    import networkx as nx

    return dict(nx.betweenness_centrality(graph, weight=None, normalized=True))


def _igraph_betweenness(graph: nx.Graph | nx.DiGraph) -> dict[Any, float]:
    """``nx.betweenness_centrality(graph)`` computed by igraph.

    Both run Brandes' algorithm over every shortest path between every pair of other nodes, ties
    unweighted, parallel ties once, self-loops ignored. networkx counts an undirected pair in both
    directions and divides by (n − 1)(n − 2); igraph counts it once, so its sums are doubled first.
    They differ only in the order of floating-point additions (about 1e-16), far below the six
    decimals the tables keep; tests/test_network.py compares them.

    Raises:
        ImportError: when igraph is not installed.
    """
    import igraph  # type: ignore[import-untyped,import-not-found,unused-ignore]

    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    directed = graph.is_directed()
    pairs = {(index[a], index[b]) for a, b in graph.edges() if a != b}
    if not directed:
        pairs = {(min(pair), max(pair)) for pair in pairs}
    shared = igraph.Graph(n=n, edges=sorted(pairs), directed=directed)
    scale = (1.0 if directed else 2.0) / ((n - 1) * (n - 2))
    values = shared.betweenness(directed=directed)
    return {node: value * scale for node, value in zip(nodes, values, strict=True)}


PAGERANK_TOLERANCE = 1e-10  # per node: nx.pagerank's 1e-6 leaves the fifth decimal wrong (R's igraph, exact)
PAGERANK_ITERATIONS = 1000  # the bundled network needs 101 at this tolerance (nx.pagerank stops at 100)


def pagerank(graph: nx.Graph) -> dict[Any, float]:
    """PageRank over tie weights (damping 0.85), rounded to the six decimals of the centrality table.

    The power iteration runs until the values change by less than :data:`PAGERANK_TOLERANCE` per
    node, so the six decimals are those of the exact PageRank (tests/test_statnet.py compares them
    with R's igraph, which solves for it directly).

    For an undirected graph without self-loops, the power iteration of ``nx.pagerank`` redone with
    numpy alone: the same floating-point operations in the same order (each node's rank gathers its
    neighbours' shares in node order, as scipy's sparse product does), so the same values
    (tests/test_network.py checks), without importing scipy.sparse, which takes longer than the
    whole iteration on a network of a few thousand actors. Other graphs go to ``nx.pagerank``.

    Raises:
        networkx.PowerIterationFailedConvergence: when :data:`PAGERANK_ITERATIONS` do not converge.
    """
    import networkx as nx
    import numpy as np

    if graph.is_directed() or graph.is_multigraph() or nx.number_of_selfloops(graph) or not len(graph):
        ranks = nx.pagerank(graph, weight="weight", tol=PAGERANK_TOLERANCE, max_iter=PAGERANK_ITERATIONS)
        return {node: round(value, 6) for node, value in ranks.items()}
    alpha, tolerance = 0.85, PAGERANK_TOLERANCE  # nx.pagerank's damping
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    ends = [(index[u], index[v], float(w)) for u, v, w in graph.edges(data="weight", default=1)]
    pairs = sorted([*ends, *((v, u, w) for u, v, w in ends)])  # both ways, row by row, columns sorted
    rows = np.array([r for r, _, _ in pairs], dtype=np.intp)
    columns = np.array([c for _, c, _ in pairs], dtype=np.intp)
    weights = np.array([w for _, _, w in pairs], dtype=float)
    totals = np.zeros(n)
    for row, weight in zip(rows.tolist(), weights.tolist(), strict=True):
        totals[row] += weight  # in column order, as scipy sums a row
    totals[totals != 0] = 1.0 / totals[totals != 0]
    shares = totals[rows] * weights
    x = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(totals == 0)[0]
    for _ in range(PAGERANK_ITERATIONS):
        last = x
        spread = np.bincount(columns, weights=shares * last[rows], minlength=n)
        x = alpha * (spread + sum(last[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tolerance:
            return {node: round(float(value), 6) for node, value in zip(nodes, x, strict=True)}
    raise nx.PowerIterationFailedConvergence(PAGERANK_ITERATIONS)
