"""Hamkori's network measures equal statnet's (R packages sna and network) and igraph's in R.

An independent check: R reads only the files `kg` exports (GraphML, and the community membership
whose modularity is measured), recomputes every measure that both sides implement
(tests/statnet.R), and each value must equal Hamkori's. Counts are compared exactly; a float
exactly up to floating-point noise, or, where Hamkori publishes it rounded, up to half a unit of
its last decimal. Without R these tests skip, or fail when HAMKORI_REQUIRE_R is set (.ci/run).
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kg.analysis.brokerage import COLUMNS, brokerage_roles
from kg.analysis.findings import Analysis, analyze
from kg.analysis.measures import assortativity, betweenness, modularity
from kg.analysis.network import brokerage_graph
from kg.outputs.report import write_report
from tests.conftest import TESTS
from tests.rscript import require_r, run_r
from tests.test_serve import bundled_store

NOISE = 1e-9  # relative: doubles from two programs that add in different orders
ROUNDED_6 = 0.5e-6 + 1e-9  # a value Hamkori publishes with six decimals


@cache
def analysis() -> Analysis:
    return analyze(bundled_store())


@pytest.fixture(scope="module")
def r(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of R's results, computed from the exports of the bundled analysis."""
    require_r()
    folder = tmp_path_factory.mktemp("statnet")
    write_report(analysis(), folder / "analysis")
    run_r(TESTS / "statnet.R", folder / "analysis", folder / "r")
    return folder / "r"


def table(r: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(r / name, index_col=0, keep_default_na=False)


def scalar(r: Path, name: str) -> float:
    return float(table(r, "scalars.csv").loc[name, "value"])


def same(hamkori: float, statnet: float, tolerance: float = 0.0) -> bool:
    return abs(hamkori - statnet) <= max(tolerance, NOISE * max(1.0, abs(statnet)))


def differences(hamkori: pd.Series, statnet: pd.Series, tolerance: float = 0.0) -> dict[str, Any]:
    """The nodes whose values differ beyond ``tolerance``, with both values."""
    assert set(hamkori.index) == set(statnet.index)
    return {
        node: (hamkori[node], statnet[node])
        for node in hamkori.index
        if not same(float(hamkori[node]), float(statnet[node]), tolerance)
    }


def hamkori_function(module: str, name: str) -> Any:
    """A function of ``kg.analysis.<module>``, or None where Hamkori does not (yet) have it."""
    try:
        return getattr(importlib.import_module(f"kg.analysis.{module}"), name, None)
    except ImportError:
        return None


# --- Gould–Fernandez brokerage on the flow of money and cooperation ---------------------------------


def test_brokerage_table_equals_sna_in_every_cell(r: Path) -> None:
    published = analysis().tables["brokerage"]
    statnet = table(r, "flow-nodes.csv").loc[published.index]
    cells = [(node, column) for node in published.index for column in COLUMNS]
    assert len(cells) == len(published) * 6 == 810  # the 135 actors of the book, five roles and the total
    unequal = [
        (node, column, published.loc[node, column], statnet.loc[node, column])
        for node, column in cells
        if published.loc[node, column] != statnet.loc[node, column]
    ]
    assert not unequal
    assert published["total"].sum() > 0  # the comparison is not of zeros only


def test_the_flow_network_r_rebuilds_from_the_export_is_hamkoris(r: Path) -> None:
    graph = brokerage_graph(analysis().data)
    statnet = table(r, "flow-nodes.csv")
    assert not differences(pd.Series(dict(graph.out_degree())), statnet["outdegree"])
    assert not differences(pd.Series(dict(graph.in_degree())), statnet["indegree"])
    assert same(nx.density(graph), scalar(r, "flow_density"))
    roles = brokerage_roles(graph, "sector")
    assert (roles.loc[statnet.index, list(COLUMNS)].to_numpy() == statnet[list(COLUMNS)].to_numpy()).all()


def test_brokers_betweenness_equals_sna(r: Path) -> None:
    statnet = table(r, "flow-nodes.csv")["betweenness"]
    exact = pd.Series(betweenness(brokerage_graph(analysis().data)))
    assert not differences(exact, statnet)
    assert not differences(analysis().tables["brokerage"]["betweenness"], statnet, ROUNDED_6)
    assert statnet.max() > 0


# --- Centrality and structure of the collaboration network -------------------------------------------


def centrality() -> pd.DataFrame:
    return analysis().tables["centrality"].set_index("node")


@pytest.mark.parametrize("column", ["degree", "weighted_degree", "k_core"])
def test_counts_per_actor_equal_sna(r: Path, column: str) -> None:
    statnet = table(r, "collaboration-nodes.csv")[column]
    assert not differences(centrality()[column], statnet)
    assert statnet.max() > 1


def test_betweenness_equals_sna(r: Path) -> None:
    statnet = table(r, "collaboration-nodes.csv")["betweenness"]
    assert not differences(pd.Series(betweenness(analysis().collaboration)), statnet)
    assert not differences(centrality()["betweenness"], statnet, ROUNDED_6)


def test_pagerank_equals_igraph_to_its_six_decimals(r: Path) -> None:
    # igraph solves for PageRank (PRPACK); Hamkori iterates until its six decimals are exact.
    statnet = table(r, "collaboration-nodes.csv")["pagerank"]
    assert not differences(centrality()["pagerank"], statnet, ROUNDED_6)


def test_components_equal_sna(r: Path) -> None:
    statnet = table(r, "collaboration-nodes.csv")["component"]
    ours = centrality()["component"]
    # Numbered differently on each side: the same partition of the actors is what counts.
    assert {frozenset(g.index) for _, g in ours.groupby(ours)} == {
        frozenset(g.index) for _, g in statnet.groupby(statnet)
    }
    assert analysis().numbers["components"] == scalar(r, "components") > 1


def test_size_and_density_equal_network_and_sna(r: Path) -> None:
    graph = analysis().collaboration
    assert graph.number_of_nodes() == scalar(r, "nodes")
    assert graph.number_of_edges() == scalar(r, "ties")
    assert same(nx.density(graph), scalar(r, "density"))
    assert same(analysis().numbers["density"], scalar(r, "density"), 0.5e-4)


def test_degree_centralization_equals_sna(r: Path) -> None:
    freeman = hamkori_function("significance", "degree_centralization")
    if freeman is None:
        pytest.skip("Hamkori computes no degree centralization (kg.analysis.significance) yet")
    degrees = np.array([d for _, d in analysis().collaboration.degree()], dtype=float)
    assert same(float(freeman(degrees)), scalar(r, "degree_centralization"))


def test_sector_assortativity_equals_igraph(r: Path) -> None:
    statnet = scalar(r, "assortativity")
    assert same(assortativity(analysis().collaboration, "sector"), statnet)
    assert same(analysis().numbers["assortativity"], statnet, 0.5e-4)


def test_modularity_of_the_communities_equals_igraph(r: Path) -> None:
    statnet = scalar(r, "modularity")
    assert same(modularity(analysis().collaboration, analysis().tables["communities"]), statnet)
    assert same(analysis().numbers["modularity"], statnet, 0.5e-4)


def test_sector_mixing_equals_network(r: Path) -> None:
    statnet = pd.read_csv(r / "sector-mixing.csv", keep_default_na=False)
    ours = analysis().tables["sector_mixing"]
    pivot = statnet.pivot(index="from", columns="to", values="ties")
    assert set(pivot.index) == set(ours.index) and set(pivot.columns) == set(ours.columns)
    assert (pivot.loc[ours.index, ours.columns].to_numpy() == ours.to_numpy()).all()
    assert ours.to_numpy().sum() > 0


def test_ei_index_equals_the_mixing_matrix_of_network(r: Path) -> None:
    statnet = table(r, "ei-index.csv")
    ours = analysis().tables["ei_index"]
    assert list(ours.index) == list(statnet.index)
    assert (ours[["internal", "external"]].to_numpy() == statnet[["internal", "external"]].to_numpy()).all()
    assert not differences(ours["ei_index"], statnet["ei_index"])


# --- QAP: does a partnership tie go with a funding tie? ------------------------------------------


def tie_matrices() -> tuple[np.ndarray, np.ndarray]:
    """Partnership (CSO ↔ state) and funding (funder → project leader) as 0/1 matrices of Hamkori's
    typed graph, over the actors in the order of the GraphML export (sorted)."""
    typed = analysis().typed
    actors = sorted(typed, key=str)
    index = {actor: i for i, actor in enumerate(actors)}
    partnership, funding = np.zeros((len(actors), len(actors))), np.zeros((len(actors), len(actors)))
    for a, b, relation in typed.edges(data="relation"):
        if a != b and relation in ("partnership", "funding"):
            (partnership if relation == "partnership" else funding)[index[a], index[b]] = 1
    return partnership, funding


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    """QAP's observed statistic: Hamkori's ``qap_correlation`` where it exists, else numpy's."""
    qap = hamkori_function("inference", "qap_correlation")
    if qap is not None:
        return float(qap(a, b, permutations=1).observed)
    off = ~np.eye(len(a), dtype=bool)
    return float(np.corrcoef(a[off], b[off])[0, 1])


def test_qap_correlation_of_partnership_and_funding_equals_sna_gcor(r: Path) -> None:
    partnership, funding = tie_matrices()
    either_way = np.maximum(funding, funding.T)
    statnet = scalar(r, "qap_partnership_funding")
    assert same(correlation(partnership, either_way), statnet)
    assert statnet != 0
    directed = scalar(r, "qap_partnership_funding_directed")
    assert same(correlation(partnership, funding), directed)
    assert not same(statnet, directed)  # two different relations, two different numbers


def test_the_published_inference_observes_what_statnet_does(r: Path) -> None:
    """The observed values the report tests against its null models, where R computes them too."""
    tests = analysis().tables.get("inference")
    if tests is None:
        pytest.skip("the analysis has no inference table yet")
    observed = tests.set_index("test")["observed"]
    statnet = {
        "partnership_funding": scalar(r, "qap_partnership_funding"),
        "degree_centralization": scalar(r, "degree_centralization"),
        "assortativity": scalar(r, "assortativity"),
        # Not modularity: the test's observed value is igraph's Louvain on the observed graph, like with
        # like with its rewired nulls, and R cannot draw igraph's random numbers; the headline
        # modularity (networkx's partition, communities.csv) is checked against R above.
        **{f"ei_index:{group}": value for group, value in table(r, "ei-index.csv")["ei_index"].items()},
    }
    compared = {key: (observed[key], value) for key, value in statnet.items() if key in observed.index}
    assert compared, "no test of the inference table is one R computes"
    assert {k: v for k, v in compared.items() if not same(v[0], v[1], 0.5e-4)} == {}
