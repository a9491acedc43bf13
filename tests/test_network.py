"""Network measures on the small fixture, each checked against an answer computed by hand.

The fixture (tests/fixtures/mini) has five actors: VO Navobod (civil society), MSDSP (donor), the
Khukumat of Danghara and Jamoat Dashtak (state) and the villagers (community); two projects (a
water line: VO $1000, MSDSP $3900, villagers' labour; a school roof: Khukumat 2000 TJS) and two
partnerships (VO–Jamoat land, VO–Khukumat co-financing), all in Khatlon.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from typing import cast

import networkx as nx
import pytest

from kg.analysis import measures
from kg.analysis.network import NetworkData, collaboration, read_network_data, two_mode, typed
from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.store import Store, Table, open_store
from tests.conftest import MINI, REPO
from tests.test_serve import bundled_store

ID = "https://w3id.org/hamkori/id/"
VO, MSDSP = f"{ID}organization/vo-navobod", f"{ID}organization/msdsp"
KHUKUMAT, JAMOAT = f"{ID}organization/khukumat-danghara", f"{ID}organization/jamoat-dashtak"
VILLAGERS = f"{ID}community/community-navobod"


@cache
def data() -> NetworkData:
    store = open_store("memory")
    store.load(map_corpus(load_corpus(ProjectPaths(MINI))).dataset)
    return read_network_data(store)


def test_nodes_carry_kind_sector_level_and_region() -> None:
    actors = data().actors
    assert set(actors) == {VO, MSDSP, KHUKUMAT, JAMOAT, VILLAGERS}
    assert actors[VO] == {
        "label": "Village Organization Navobod",
        "kind": "VillageOrganization",
        "sector": "civil-society",
        "level": "",
        "region": "Khatlon Oblast",
        "aliases": ["VO Navobod"],
    }
    assert actors[JAMOAT]["level"] == "jamoat" and actors[KHUKUMAT]["level"] == "city-rayon"
    # MSDSP has no place of its own: its region is that of the only case study it appears in.
    assert actors[MSDSP]["region"] == "Khatlon Oblast"


def test_collaboration_edges_and_weights() -> None:
    graph = collaboration(data())
    # Partnerships VO–Jamoat and VO–Khukumat; the roof project also joins VO and the Khukumat;
    # the water line joins VO, MSDSP and the villagers pairwise.
    assert {frozenset(e) for e in graph.edges} == {
        frozenset(p) for p in [(VO, JAMOAT), (VO, KHUKUMAT), (VO, MSDSP), (VO, VILLAGERS), (MSDSP, VILLAGERS)]
    }
    assert graph[VO][KHUKUMAT]["weight"] == 2
    assert graph[VO][KHUKUMAT]["partnerships"] == 1 and graph[VO][KHUKUMAT]["shared_projects"] == 1
    assert graph[VO][JAMOAT]["evidence"] == [f"{ID}partnership/vo-navobod-jamoat-land#evidence-1"]


def test_two_mode_and_typed_views() -> None:
    bipartite = two_mode(data())
    water = f"{ID}project/vo-navobod-water"
    assert sorted(bipartite[VO][water]["relations"]) == ["implementing", "lead"]
    assert bipartite[MSDSP][water]["amount"] == 3900.0 and bipartite[MSDSP][water]["currency"] == "USD"
    view = typed(data())
    relations = sorted(
        (a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1], d["relation"]) for a, b, d in view.edges(data=True)
    )
    assert relations == [
        ("jamoat-dashtak", "vo-navobod", "partnership"),
        ("khukumat-danghara", "vo-navobod", "funding"),
        ("khukumat-danghara", "vo-navobod", "partnership"),
        ("msdsp", "vo-navobod", "funding"),
        ("vo-navobod", "jamoat-dashtak", "partnership"),
        ("vo-navobod", "khukumat-danghara", "partnership"),
    ]


def test_mixing_matrix_ei_index_and_assortativity() -> None:
    graph = collaboration(data())
    matrix = measures.mixing_matrix(graph)
    assert matrix.loc["civil-society", "state"] == 2 and matrix.loc["state", "civil-society"] == 2
    assert matrix.loc["donor", "community"] == 1 and matrix.loc["civil-society", "civil-society"] == 0
    ei = measures.ei_index(graph)
    # Every one of the 5 ties crosses sectors: E-I = (5 - 0) / 5.
    assert ei.loc["all"].to_dict() == {"external": 5, "internal": 0, "ei_index": 1.0}
    assert ei.loc["civil-society", "external"] == 4
    # Newman's r with no internal ties: a = (0.4, 0.2, 0.2, 0.2), sum a² = 0.28, r = -0.28 / 0.72.
    assert measures.assortativity(graph) == pytest.approx(-0.28 / 0.72)


def test_cso_kinds_by_level_and_forms() -> None:
    assert measures.cso_kind_by_level(data()).to_dict("index") == {
        "VillageOrganization": {"city-rayon": 1, "jamoat": 1}
    }
    assert measures.forms_by(data(), "level").to_dict("index") == {
        "co-financing": {"city-rayon": 1, "jamoat": 0},
        "land-allocation": {"city-rayon": 0, "jamoat": 1},
    }
    assert measures.forms_by(data(), "region").to_dict("index") == {
        "co-financing": {"Khatlon Oblast": 1},
        "land-allocation": {"Khatlon Oblast": 1},
    }


def test_money_is_split_by_currency_never_added() -> None:
    split = measures.money_split(data())
    rows = {(r.currency, r.contributor_sector): (r.amount, r.share) for r in split.itertuples()}
    # USD: VO 1000 and MSDSP 3900 of 4900; TJS: the Khukumat's 2000 alone. The labour has no amount.
    assert rows == {
        ("TJS", "state"): (2000.0, 1.0),
        ("USD", "civil-society"): (1000.0, round(1000 / 4900, 4)),
        ("USD", "donor"): (3900.0, round(3900 / 4900, 4)),
    }
    state = measures.state_cofinancing(data()).set_index("currency")
    assert state.loc["TJS", "state_share"] == 1.0 and state.loc["USD", "state_share"] == 0.0
    assert state.loc["any", "projects_state_paid"] == 1 and state.loc["any", "projects_with_amounts"] == 2


def test_centrality_by_hand() -> None:
    table = measures.centrality(collaboration(data())).set_index("node")
    assert table.loc[VO, "degree"] == 4 and table.loc[VO, "weighted_degree"] == 5.0
    # VO lies on the only shortest path of 5 of the 6 pairs of other actors: 5 / 6.
    assert table.loc[VO, "betweenness"] == pytest.approx(5 / 6, abs=1e-6)
    assert table.loc[JAMOAT, "betweenness"] == 0
    # VO, MSDSP and the villagers form a triangle (2-core); the state bodies hang on VO alone.
    assert table.loc[MSDSP, "k_core"] == 2 and table.loc[KHUKUMAT, "k_core"] == 1
    assert set(table["component"]) == {0}


def test_brokerage_on_the_money_and_partnership_flow() -> None:
    roles = measures.brokerage(data())
    # MSDSP→VO→Jamoat and MSDSP→VO→Khukumat: donor, civil society, state: liaison twice;
    # Khukumat→VO→Jamoat and Jamoat→VO→Khukumat: state, civil society, state: itinerant twice.
    assert roles.loc[
        VO, ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"]
    ].tolist() == [
        0,
        2,
        0,
        0,
        2,
        4,
    ]
    assert roles.drop(VO)["total"].sum() == 0


def test_no_cofunding_when_each_project_has_one_funder() -> None:
    graph, pairs = measures.donor_cofunding(data())
    assert graph.number_of_edges() == 0 and len(pairs) == 0


COFUNDING_SCRIPT = """
from kg.analysis.measures import donor_cofunding
from kg.analysis.network import NetworkData
funders = [f"https://example.org/funder-{n}" for n in range(12)]
data = NetworkData(contributions=[{"role": "funding", "project": "p", "actor": a} for a in funders])
print(list(donor_cofunding(data)[0].edges()))
"""


def test_cofunding_ties_run_the_same_way_whatever_the_hash_seed() -> None:
    # The graph exports list an undirected tie from the end that was added first.
    runs = {
        subprocess.run(
            [sys.executable, "-c", COFUNDING_SCRIPT],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


class TableOnly:
    """A store seen only through ``select``, as a remote endpoint is: the path without pyoxigraph terms."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def select(self, query: str) -> Table:
        return self.store.select(query)


def test_embedded_and_generic_reading_agree() -> None:
    store = open_store("memory")
    store.load(map_corpus(load_corpus(ProjectPaths(MINI))).dataset)
    fast, generic = read_network_data(store), read_network_data(cast(Store, TableOnly(store)))
    assert repr(fast) == repr(generic)  # repr keeps a Decimal's digits: 1000.00 is not 1000.0
    assert fast.projects and fast.contributions and fast.evidence


GRAPHS = {
    "karate": lambda: nx.karate_club_graph(),
    "sparse random": lambda: nx.gnp_random_graph(120, 0.03, seed=1),
    "directed random": lambda: nx.gnp_random_graph(90, 0.05, seed=2, directed=True),
    "with loops and isolates": lambda: nx.Graph([(0, 0), (0, 1), (1, 2), (2, 3), (3, 1), (5, 6)]),
    "multigraph": lambda: nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c"), ("c", "d"), ("b", "d")]),
    "two nodes": lambda: nx.path_graph(2),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_igraph_betweenness_equals_networkx(name: str) -> None:
    pytest.importorskip("igraph")
    graph = GRAPHS[name]()
    expected = nx.betweenness_centrality(graph, weight=None, normalized=True)
    found = measures._igraph_betweenness(graph)
    assert found.keys() == expected.keys()
    assert all(abs(found[v] - expected[v]) < 1e-12 for v in graph)
    assert {v: round(found[v], 6) for v in graph} == {v: round(expected[v], 6) for v in graph}


def test_betweenness_of_the_bundled_network_is_the_same_either_way() -> None:
    pytest.importorskip("igraph")
    graph = collaboration(bundled_data())
    exact = nx.betweenness_centrality(graph, weight=None, normalized=True)
    assert {v: round(x, 6) for v, x in measures._igraph_betweenness(graph).items()} == {
        v: round(x, 6) for v, x in exact.items()
    }
    assert measures.betweenness(graph) == exact  # small enough for networkx itself


@cache
def bundled_data() -> NetworkData:
    return read_network_data(bundled_store())


def weighted(seed: int) -> nx.Graph:
    graph = nx.gnp_random_graph(40 + 7 * seed, 0.06, seed=seed)
    for a, b in graph.edges():
        graph.edges[a, b]["weight"] = 1 + (a * b + seed) % 4
    graph.add_node("isolated")
    return graph


EXACT = {"weight": "weight", "tol": measures.PAGERANK_TOLERANCE, "max_iter": measures.PAGERANK_ITERATIONS}


@pytest.mark.parametrize("seed", range(6))
def test_pagerank_equals_networkx(seed: int) -> None:
    graph = weighted(seed)
    expected = {node: round(value, 6) for node, value in nx.pagerank(graph, **EXACT).items()}
    assert measures.pagerank(graph) == expected


def test_pagerank_of_the_bundled_network_equals_networkx() -> None:
    graph = collaboration(bundled_data())
    expected = {node: round(value, 6) for node, value in nx.pagerank(graph, **EXACT).items()}
    assert measures.pagerank(graph) == expected
    directed = nx.DiGraph(graph)  # not redone here: handed to networkx
    assert measures.pagerank(directed) == {
        node: round(value, 6) for node, value in nx.pagerank(directed, **EXACT).items()
    }


IMPORTS_SCRIPT = """
import sys
from kg.analysis.measures import centrality
from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.analysis.network import collaboration, read_network_data
from kg.project.paths import ProjectPaths
from kg.store import open_store
store = open_store("memory")
store.load(map_corpus(load_corpus(ProjectPaths(sys.argv[1]))).dataset)
centrality(collaboration(read_network_data(store)))
print(sorted(m for m in ("scipy", "igraph", "matplotlib") if m in sys.modules))
"""


def test_small_networks_need_neither_scipy_nor_igraph() -> None:
    # Importing either takes longer than measuring the bundled book's network.
    command = [sys.executable, "-c", IMPORTS_SCRIPT, str(MINI)]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
