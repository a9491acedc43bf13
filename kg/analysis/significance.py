"""Each headline measure of the report against its null model (``kg.analysis.inference``).

``headline_tests`` returns one :class:`~kg.analysis.inference.Result` per measure, keyed as the
``inference`` table lists them:

==========================  ==========================================  ===============================
key                         measure                                     null model
==========================  ==========================================  ===============================
``ei_index:all``, ``:S``    E-I index of the network, of sector S       sectors shuffled among actors
``assortativity``           sector assortativity                        sectors shuffled among actors
``kind_by_level``           Cramér's V, CSO kind × government level     levels shuffled among state bodies
``form_by_level``           Cramér's V, form × government level         levels shuffled among state bodies
``money:C:S``               sector S's share of the amounts in C        bootstrap over projects
``state_projects``          share of projects the state contributed to  bootstrap over projects
``brokerage:R``             brokerages in role R, all brokers           sectors shuffled among actors
``cofunding_mixed``         co-funding pairs of state and non-state     sectors shuffled among funders
``partnership_funding``     partnership ties with funding ties          QAP
``modularity``,             Louvain modularity and communities          degree-preserving rewiring
``communities``
``degree_centralization``   Freeman degree centralization               G(n, m): n actors, m ties
==========================  ==========================================  ===============================

Each test draws from the same ``seed``; all are vectorised over the draws with numpy, but for the
rewired graphs, whose communities igraph's Louvain finds one graph at a time (the test's observed
modularity is igraph's too, so observed and null come from one algorithm; it can differ from the
report's networkx Louvain in the third decimal). On a large network a test takes fewer draws than
asked, so the build's time stays bounded (:func:`affordable`: at most :data:`LABEL_WORK` cells or
:data:`GRAPH_WORK` ties in all, at least :data:`MIN_DRAWS` draws); each result says how many.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.analysis.brokerage import ROLES
from kg.analysis.inference import (
    PERMUTATIONS,
    SEED,
    Result,
    bootstrap_interval,
    label_blocks,
    null_result,
    qap_cells,
    rewired,
)
from kg.analysis.network import NetworkData, brokerage_graph

if TYPE_CHECKING:
    import networkx as nx
    import numpy.typing as npt
    import pandas as pd

    from kg.analysis.inference import Cells, Edges, Floats, Labels

SHUFFLED_SECTORS = "sectors shuffled among the actors"
SHUFFLED_LEVELS = "levels shuffled among the state bodies"
SHUFFLED_FUNDERS = "state or not shuffled among the funders"
REWIRED = "rewired, degrees kept"
RANDOM_GRAPHS = "G(n, m) random graphs"
BOOTSTRAP = "bootstrap over projects"
GRAPH_WORK = 250_000  # ties a test may rewire or draw in all: 1,000 graphs of the book's 207 ties
LABEL_WORK = 20_000_000  # cells a vectorised test may compute in all: ties × groups, paths … per draw
MIN_DRAWS = 39  # the fewest draws that can give a two-sided p below 0.05: 1 / (39 + 1)


def headline_tests(
    data: NetworkData,
    graph: nx.Graph,
    donors: nx.Graph,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> dict[str, Result]:
    """Every headline measure of the collaboration network ``graph`` and its data tested, by key."""
    results: dict[str, Result] = {}
    results.update(mixing_tests(graph, permutations=permutations, seed=seed))
    results.update(_level_mixing(data, permutations, seed))
    results.update(_money(data, permutations, seed))
    results.update(_brokerage(data, permutations, seed))
    results["cofunding_mixed"] = _cofunding(donors, permutations, seed)
    results["partnership_funding"] = _partnership_funding(data, permutations, seed)
    results.update(_structure(graph, permutations, seed))
    return results


MEASURES = {  # what each test measures; {0}, {1} are the parts of its key after the first colon
    "ei_index": "E-I index of {0}",
    "assortativity": "sector assortativity",
    "kind_by_level": "Cramér's V of CSO kind by government level",
    "form_by_level": "Cramér's V of form of collaboration by government level",
    "money": "{1}'s share of the amounts printed in {0}",
    "state_projects": "share of projects with a state contribution",
    "brokerage": "{0} brokerages",
    "cofunding_mixed": "co-funding pairs of a state body and a non-state funder",
    "partnership_funding": "QAP correlation of partnership and funding ties",
    "modularity": "Louvain modularity",
    "communities": "Louvain communities",
    "degree_centralization": "degree centralization",
}


def measure_name(key: str) -> str:
    """What the test ``key`` measures, in words: ``money:USD:state`` → ``state's share of the amounts
    printed in USD``."""
    name, *parts = key.split(":")
    words = [part.replace("-", " ") for part in parts]
    return MEASURES[name].format(*(["the network"] if words == ["all"] else words))


def inference_table(results: dict[str, Result]) -> pd.DataFrame:
    """One row per test: what was measured, its value, the null's mean and interval, p and verdict."""
    import pandas as pd

    records = []
    for key, result in results.items():
        records.append(
            {
                "test": key,
                "measure": measure_name(key),
                "observed": round(result.observed, 4),
                "null_mean": round(result.null_mean, 4),
                "null_low": round(result.null_interval[0], 4),
                "null_high": round(result.null_interval[1], 4),
                "p_value": round(result.p_value, 4) if result.p_value is not None else None,
                "draws": result.permutations,
                "method": result.method,
                "verdict": result.verdict,
            }
        )
    return pd.DataFrame(records)


def _numbered(values: list[str]) -> tuple[list[str], Labels]:
    names = sorted(set(values))
    index = {name: i for i, name in enumerate(names)}
    return names, np.array([index[v] for v in values], dtype=np.int64)


def _tests(
    labels: Labels,
    statistic: Callable[[Labels], Floats],
    keys: list[str],
    method: str,
    n: int,
    seed: int,
    width: int,
) -> dict[str, Result]:
    """One test per column of ``statistic`` (one row per labelling), over ``n`` shuffles of ``labels``;
    ``width``: the cells the statistic touches per draw (``label_blocks``)."""
    observed = statistic(labels[None, :])
    draws = affordable(n, width, LABEL_WORK)
    null = np.concatenate([statistic(block) for block in label_blocks(labels, draws, seed, width)])
    return {key: null_result(float(observed[0, j]), null[:, j], method) for j, key in enumerate(keys)}


def affordable(permutations: int, cost: int, budget: int) -> int:
    """How many draws a test takes: ``permutations``, but no more than ``budget`` cells (or ties) in
    all at ``cost`` each, and never fewer than :data:`MIN_DRAWS`, so a large network's build time
    stays bounded and its tests can still reach p < 0.05."""
    return min(permutations, max(MIN_DRAWS, budget // max(cost, 1)))


# --- Mixing by sector -----------------------------------------------------------------------------


def mixing_tests(
    graph: nx.Graph, attribute: str = "sector", *, permutations: int = PERMUTATIONS, seed: int = SEED
) -> dict[str, Result]:
    """The E-I index of the whole network (``ei_index:all``) and of each group with ties
    (``ei_index:GROUP``), and the attribute assortativity, against the groups shuffled among the nodes.

    The values are those of ``kg.analysis.measures.ei_index`` and ``assortativity``, computed for
    every draw at once from the ends of the ties.
    """
    n = permutations
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    groups, labels = _numbered([str(graph.nodes[node][attribute]) for node in nodes])
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64).reshape(-1, 2)
    degrees = np.bincount(ends.ravel(), minlength=len(nodes)).astype(float)
    touched = sorted(set(labels[ends.ravel()].tolist()))  # groups with ties: the E-I table's rows

    def statistic(draws: Labels) -> Floats:
        one, two = draws[:, ends[:, 0]], draws[:, ends[:, 1]]
        internal = one == two
        m = len(ends)
        columns = [(m - 2 * internal.sum(axis=1)) / max(m, 1)]
        for g in touched:
            inside = (internal & (one == g)).sum(axis=1)
            total = ((one == g) | (two == g)).sum(axis=1)
            outside = total - inside
            columns.append(np.divide(outside - inside, total, out=np.zeros(len(draws)), where=total > 0))
        # Newman's assortativity from the mixing matrix: its trace is the share of internal ties, and
        # each group's row sum its share of the tie ends (its members' degrees).
        ends_share = np.stack([(degrees * (draws == g)).sum(axis=1) for g in range(len(groups))], axis=1)
        expected = ((ends_share / max(2 * m, 1)) ** 2).sum(axis=1)
        within = internal.sum(axis=1) / max(m, 1)
        # One group holding every tie end leaves nothing to mix: 0 rather than networkx's 0 / 0.
        columns.append(
            np.divide(within - expected, 1 - expected, out=np.zeros(len(draws)), where=expected < 1)
        )
        return np.stack(columns, axis=1)

    keys = ["ei_index:all", *(f"ei_index:{groups[g]}" for g in touched), "assortativity"]
    method = SHUFFLED_SECTORS if attribute == "sector" else f"{attribute} shuffled among the nodes"
    return _tests(labels, statistic, keys, method, n, seed, width=len(ends) * (len(touched) + 2))


# --- Mixing by government level -------------------------------------------------------------------


def _cramers_v(rows: Labels, columns: Labels, n_rows: int, n_columns: int) -> Floats:
    """Cramér's V of the contingency table of each row of ``rows`` × ``columns`` (one row per draw)."""
    draws = len(columns)
    cells = n_rows * n_columns
    flat = (np.arange(draws)[:, None] * cells + rows[None, :] * n_columns + columns).ravel()
    table = np.bincount(flat, minlength=draws * cells).reshape(draws, n_rows, n_columns).astype(float)
    return cramers_v_of_tables(table)


def cramers_v_of_tables(table: Floats) -> Floats:
    """Cramér's V of each contingency table of ``table`` (draws × rows × columns)."""
    total = table.sum(axis=(1, 2))
    expected = table.sum(axis=2)[:, :, None] * table.sum(axis=1)[:, None, :] / total[:, None, None]
    chi2 = np.divide((table - expected) ** 2, expected, out=np.zeros_like(table), where=expected > 0)
    smaller = max(min(table.shape[1], table.shape[2]) - 1, 1)
    return np.asarray(np.sqrt(chi2.sum(axis=(1, 2)) / (total * smaller)), dtype=float)


def _level_mixing(data: NetworkData, n: int, seed: int) -> dict[str, Result]:
    """CSO kind × level of distinct partner pairs, form × level of partnerships; levels shuffled."""
    states = sorted({p["state"] for p in data.partnerships})
    position = {state: i for i, state in enumerate(states)}
    _, levels = _numbered([data.actors[s]["level"] or "local-unspecified" for s in states])
    n_levels = int(levels.max()) + 1 if len(levels) else 1
    pairs = sorted({(p["cso"], p["state"]) for p in data.partnerships})
    forms = sorted((form, p["state"]) for p in data.partnerships for form in p["forms"])
    results = {}
    for key, observations in (
        ("kind_by_level", [(data.actors[c]["kind"], s) for c, s in pairs]),
        ("form_by_level", forms),
    ):
        names, rows = _numbered([row for row, _ in observations])
        at = np.array([position[s] for _, s in observations], dtype=np.int64)

        def statistic(draws: Labels, rows: Labels = rows, at: Labels = at, size: int = len(names)) -> Floats:
            return _cramers_v(rows, draws[:, at], size, n_levels)[:, None]

        results.update(_tests(levels, statistic, [key], SHUFFLED_LEVELS, n, seed, width=len(at)))
    return results


# --- Money ----------------------------------------------------------------------------------------


def _money(data: NetworkData, n: int, seed: int) -> dict[str, Result]:
    """Each sector's share of the amounts printed in each currency, and of the projects the state
    contributed to: intervals from projects resampled with replacement."""
    results: dict[str, Result] = {}
    sectors = {c["id"]: data.actors.get(c["actor"], {}).get("sector", "") for c in data.contributions}
    printed = [c for c in data.contributions if c["amount"] is not None and c["currency"]]
    for currency in sorted({c["currency"] for c in printed}):
        inside = [c for c in printed if c["currency"] == currency]
        projects = sorted({c["project"] for c in inside})
        where = {project: i for i, project in enumerate(projects)}
        names = sorted({sectors[c["id"]] for c in inside})
        amounts = np.zeros((len(projects), len(names)))
        for c in inside:
            amounts[where[c["project"]], names.index(sectors[c["id"]])] += float(c["amount"])
        for j, sector in enumerate(names):

            def share(counts: Labels, column: int = j, amounts: Floats = amounts) -> Floats:
                totals = counts @ amounts.sum(axis=1)
                part = counts @ amounts[:, column]
                shares = np.divide(part, totals, out=np.full(len(counts), np.nan), where=totals > 0)
                return np.asarray(shares, dtype=float)

            results[f"money:{currency}:{sector}"] = bootstrap_interval(
                len(projects), share, permutations=affordable(n, len(projects), LABEL_WORK), seed=seed
            )
    # As the headline (measures.state_cofinancing): support without a stated gift is no contribution.
    paid = {
        c["project"]
        for c in data.contributions
        if sectors[c["id"]] == "state" and c.get("role") != "supporting"
    }
    state = np.array([project in paid for project in sorted(data.projects)], dtype=float)
    results["state_projects"] = bootstrap_interval(
        len(state),
        lambda counts: (counts @ state) / max(len(state), 1),
        permutations=affordable(n, len(state), LABEL_WORK),
        seed=seed,
    )
    return results


# --- Brokerage ------------------------------------------------------------------------------------


def _brokerage(data: NetworkData, n: int, seed: int) -> dict[str, Result]:
    """The network's brokerages by Gould–Fernandez role, with the sectors of the actors shuffled.

    The open two-paths a → b → c stay; only which role each is changes with the groups.
    """
    graph = brokerage_graph(data)
    nodes = sorted(graph, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    succ = [{index[o] for o in graph.successors(node) if o != node} for node in nodes]
    pred = [{index[o] for o in graph.predecessors(node) if o != node} for node in nodes]
    flat = array("q")  # a → b → c, three numbers each: a large network has millions of them
    for b in range(len(nodes)):
        for a in sorted(pred[b]):
            for c in sorted(succ[b] - succ[a] - {a}):
                flat.extend((a, b, c))
    path = np.frombuffer(flat, dtype=np.int64).reshape(-1, 3) if flat else np.zeros((0, 3), np.int64)
    _, labels = _numbered([str(graph.nodes[node]["sector"]) for node in nodes])

    def statistic(draws: Labels) -> Floats:
        small = draws.astype(np.int16)  # 1,000 draws × thousands of paths: keep the arrays small
        a, b, c = small[:, path[:, 0]], small[:, path[:, 1]], small[:, path[:, 2]]
        coordinator = (a == b) & (b == c)
        itinerant = (a == c) & (a != b)
        representative = (a == b) & (b != c)
        gatekeeper = (b == c) & (a != b)
        liaison = (a != b) & (b != c) & (a != c)
        roles = (coordinator, itinerant, representative, gatekeeper, liaison)  # in the order of ROLES
        return np.stack([role.sum(axis=1) for role in roles], axis=1).astype(float)

    keys = [f"brokerage:{role}" for role in ROLES]
    return _tests(labels, statistic, keys, SHUFFLED_SECTORS, n, seed, width=5 * len(path))


# --- Co-funding and tie types ---------------------------------------------------------------------


def _cofunding(donors: nx.Graph, n: int, seed: int) -> Result:
    """Co-funding pairs that join a state body with a non-state funder, sectors shuffled among funders."""
    nodes = list(donors)
    index = {node: i for i, node in enumerate(nodes)}
    labels = np.array([donors.nodes[node]["sector"] == "state" for node in nodes], dtype=np.int64)
    ends = np.array([(index[a], index[b]) for a, b in donors.edges()], dtype=np.int64).reshape(-1, 2)

    def statistic(draws: Labels) -> Floats:
        mixed = draws[:, ends[:, 0]] != draws[:, ends[:, 1]]
        return np.asarray(mixed.sum(axis=1)[:, None], dtype=float)

    tests = _tests(labels, statistic, ["cofunding_mixed"], SHUFFLED_FUNDERS, n, seed, width=len(ends))
    return tests["cofunding_mixed"]


def tie_pairs(data: NetworkData) -> tuple[list[str], set[tuple[int, int]], set[tuple[int, int]]]:
    """The actors, and the pairs of them (numbers ``i < j`` in that list) joined by partnership
    (CSO–state) and by funding (a funder and the leader of a project it funds)."""
    actors = sorted(data.actors)
    index = {actor: i for i, actor in enumerate(actors)}

    def pair(a: str, b: str) -> tuple[int, int]:
        return (index[a], index[b]) if index[a] < index[b] else (index[b], index[a])

    partnership = {pair(p["cso"], p["state"]) for p in data.partnerships if p["cso"] != p["state"]}
    funding = set()
    for c in data.contributions:
        leader = data.projects.get(c["project"], {}).get("leader")
        if c["role"] == "funding" and leader in index and c["actor"] in index and leader != c["actor"]:
            funding.add(pair(c["actor"], leader))
    return actors, partnership, funding


def _partnership_funding(data: NetworkData, n: int, seed: int) -> Result:
    """QAP of the two symmetric 0/1 relations, from their cells: no actors × actors matrix."""
    actors, partnership, funding = tie_pairs(data)

    def cells(pairs: set[tuple[int, int]]) -> Cells:
        ends = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        rows, columns = np.concatenate([ends[:, 0], ends[:, 1]]), np.concatenate([ends[:, 1], ends[:, 0]])
        return rows, columns, np.ones(len(rows))

    draws = affordable(n, 2 * len(funding), LABEL_WORK)
    return qap_cells(len(actors), cells(partnership), cells(funding), permutations=draws, seed=seed)


# --- Structure ------------------------------------------------------------------------------------


@contextmanager
def _seeded_igraph(seed: int) -> Iterator[Any]:
    """igraph with its random numbers (its Louvain shuffles the nodes) from ``random.Random(seed)``."""
    import random

    import igraph  # type: ignore[import-untyped,import-not-found,unused-ignore]

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield igraph
    finally:
        igraph.set_random_number_generator(random)  # igraph's own default


def _structure(graph: nx.Graph, n: int, seed: int) -> dict[str, Result]:
    """Louvain modularity and community count of graphs rewired with the same degrees (each tie keeps
    its weight); degree centralization of G(n, m) random graphs, since rewiring keeps every degree."""
    nodes = list(graph)
    size = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    ties = list(graph.edges(data="weight", default=1))
    ends: Edges = np.array([(index[a], index[b]) for a, b, _ in ties], dtype=np.int64).reshape(-1, 2)
    weights = [float(w) for _, _, w in ties]
    with _seeded_igraph(seed) as igraph:

        def louvain(edges: Edges) -> tuple[float, float]:
            shared = igraph.Graph(n=size, edges=edges.tolist())
            shared.es["weight"] = weights
            found = shared.community_multilevel(weights="weight")
            return float(found.modularity), float(len(found))

        observed = louvain(ends)
        draws = rewired(ends, affordable(n, len(ends), GRAPH_WORK), seed)
        null = np.array([louvain(draw) for draw in draws]).reshape(-1, 2)
    results = {
        key: null_result(observed[j], null[:, j], REWIRED)
        for j, key in enumerate(("modularity", "communities"))
    }
    results["degree_centralization"] = _degree_centralization(ends, size, n, seed)
    return results


def degree_centralization(degrees: Floats) -> Floats:
    """Freeman's degree centralization of each row of degrees: Σ(max − d) / ((n − 1)(n − 2))."""
    size = degrees.shape[-1]
    if size < 3:
        return np.zeros(degrees.shape[:-1])
    spread = (degrees.max(axis=-1, keepdims=True) - degrees).sum(axis=-1)
    return np.asarray(spread / ((size - 1) * (size - 2)), dtype=float)


def _degree_centralization(ends: Edges, size: int, n: int, seed: int) -> Result:
    """Against G(n, m): ``m`` of the ``n (n − 1) / 2`` pairs drawn without replacement, each graph."""
    observed = degree_centralization(np.bincount(ends.ravel(), minlength=size).astype(float))
    pairs, m = size * (size - 1) // 2, len(ends)
    if size < 3 or m > pairs:
        return null_result(float(observed), [float(observed)], RANDOM_GRAPHS)
    rng = np.random.default_rng(seed)
    draws = affordable(n, m, GRAPH_WORK)
    degrees = np.zeros((draws, size))
    for draw in range(draws):
        first, second = pair_ends(rng.choice(pairs, size=m, replace=False), size)
        degrees[draw] = np.bincount(np.concatenate([first, second]), minlength=size)
    return null_result(float(observed), degree_centralization(degrees), RANDOM_GRAPHS)


def pair_ends(
    numbers: npt.NDArray[np.int64], size: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The ends ``i < j`` of pairs numbered row by row, (0, 1), (0, 2) … (1, 2) …, without listing all."""

    def starts(first: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return first * (2 * size - first - 1) // 2  # the number of the pair (first, first + 1)

    first = ((2 * size - 1 - np.sqrt((2 * size - 1) ** 2 - 8.0 * numbers)) // 2).astype(np.int64)
    first -= starts(first) > numbers  # floating-point rounding, one step at most either way
    first += starts(first + 1) <= numbers
    return first, numbers - starts(first) + first + 1


def tie_overlap(data: NetworkData) -> pd.DataFrame:
    """Pairs of actors by whether they are partners and whether one funds a project the other leads."""
    import pandas as pd

    actors, partnership, funding = tie_pairs(data)
    both = len(partnership & funding)
    counts = {
        "partnership and funding": both,
        "partnership only": len(partnership) - both,
        "funding only": len(funding) - both,
        "neither": len(actors) * (len(actors) - 1) // 2 - len(partnership | funding),
    }
    table = pd.DataFrame({"actor_pairs": list(counts.values())}, index=list(counts))
    table.index.name = "ties"
    return table
