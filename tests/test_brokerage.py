"""Gould-Fernandez brokerage roles, checked against tables counted by hand."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas
import pytest

from kg.analysis.brokerage import ROLES, brokerage_by_group, brokerage_roles

COLUMNS = [*ROLES, "total"]


def table(rows: Mapping[str, Mapping[str, int]], name: str = "node") -> pandas.DataFrame:
    """The expected frame: listed counts, zeros elsewhere, rows in the given (already sorted) order."""
    data = [[*(counts.get(role, 0) for role in ROLES), sum(counts.values())] for counts in rows.values()]
    index = pandas.Index(list(rows), name=name, tupleize_cols=False)
    return pandas.DataFrame(data, index=index, columns=COLUMNS, dtype="int64")


def graph_of(kind: type[nx.Graph], groups: Mapping[str, str], edges: list[tuple[str, str]]) -> nx.Graph:
    graph = kind()
    for node, sector in groups.items():
        graph.add_node(node, sector=sector)
    graph.add_edges_from(edges)
    return graph


# Seven nodes in three groups, A: a1 a2 a3, B: b1 b2, C: c1 c2.
#
#   a1 → a2 → a3 → b1 → b2 → c1 → a1,   a2 → c2 → a3,   b1 → a1
#
# Successors:   a1 {a2}  a2 {a3, c2}  a3 {b1}  b1 {a1, b2}  b2 {c1}  c1 {a1}  c2 {a3}
# Predecessors: a1 {b1, c1}  a2 {a1}  a3 {a2, c2}  b1 {a3}  b2 {b1}  c1 {b2}  c2 {a2}
#
# Every (predecessor, successor) pair of each broker, with its groups source-broker-target:
#   a1: c1→a1→a2  C A A  no arc c1→a2  gatekeeper
#       b1→a1→a2  B A A  no arc b1→a2  gatekeeper
#   a2: a1→a2→a3  A A A  no arc a1→a3  coordinator
#       a1→a2→c2  A A C  no arc a1→c2  representative
#   a3: a2→a3→b1  A A B  no arc a2→b1  representative
#       c2→a3→b1  C A B  no arc c2→b1  liaison
#   b1: a3→b1→b2  A B B  no arc a3→b2  gatekeeper
#       a3→b1→a1  A B A  no arc a3→a1  itinerant
#   b2: b1→b2→c1  B B C  no arc b1→c1  representative
#   c1: b2→c1→a1  B C A  no arc b2→a1  liaison
#   c2: a2→c2→a3  A C A  but a2→a3 exists: closed, no brokerage
MIXED_GROUPS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C", "c2": "C"}
MIXED_EDGES = [
    ("a1", "a2"),
    ("a2", "a3"),
    ("a3", "b1"),
    ("b1", "b2"),
    ("b2", "c1"),
    ("c1", "a1"),
    ("a2", "c2"),
    ("c2", "a3"),
    ("b1", "a1"),
]
MIXED_ROLES = {
    "a1": {"gatekeeper": 2},
    "a2": {"coordinator": 1, "representative": 1},
    "a3": {"representative": 1, "liaison": 1},
    "b1": {"itinerant": 1, "gatekeeper": 1},
    "b2": {"representative": 1},
    "c1": {"liaison": 1},
    "c2": {},
}


def test_every_role_in_a_small_directed_network() -> None:
    roles = brokerage_roles(graph_of(nx.DiGraph, MIXED_GROUPS, MIXED_EDGES))
    pandas.testing.assert_frame_equal(roles, table(MIXED_ROLES))
    assert (roles[list(ROLES)] > 0).any().all(), "each of the five roles occurs somewhere"


def test_a_closed_triad_has_no_broker() -> None:
    # a → b → c is short-circuited by a → c; the other paths of length two would need a reverse arc.
    graph = graph_of(nx.DiGraph, {"a": "A", "b": "A", "c": "A"}, [("a", "b"), ("b", "c"), ("a", "c")])
    pandas.testing.assert_frame_equal(brokerage_roles(graph), table({"a": {}, "b": {}, "c": {}}))


def test_an_undirected_path_counts_both_directions() -> None:
    # x - y - z reads as x → y → z and z → y → x, both A B A with no x-z edge: y is itinerant twice.
    # x and z each have a single neighbour, so they broker nothing.
    graph = graph_of(nx.Graph, {"x": "A", "y": "B", "z": "A"}, [("x", "y"), ("y", "z")])
    expected = table({"x": {}, "y": {"itinerant": 2}, "z": {}})
    pandas.testing.assert_frame_equal(brokerage_roles(graph), expected)


def test_a_star_around_a_state_hub() -> None:
    # Undirected star: hub h (state), leaves n1 n2 n3 (ngo) and d1 d2 (donor), no leaf-leaf edges.
    # Every ordered pair of distinct leaves is brokered by h: 5 * 4 = 20 pairs.
    #   same group, h outside it -> itinerant: ngo 3 * 2 = 6, donor 2 * 1 = 2, so 8
    #   different groups, h in neither -> liaison: ngo→donor 3 * 2 = 6, donor→ngo 2 * 3 = 6, so 12
    #   h shares a group with no leaf -> representative 0, gatekeeper 0, coordinator 0
    # A leaf's only neighbour is h, so it brokers nothing.
    leaves = {"n1": "ngo", "n2": "ngo", "n3": "ngo", "d1": "donor", "d2": "donor"}
    graph = graph_of(nx.Graph, {"h": "state", **leaves}, [("h", leaf) for leaf in leaves])
    expected = table(
        {
            "d1": {},
            "d2": {},
            "h": {"itinerant": 8, "liaison": 12},
            "n1": {},
            "n2": {},
            "n3": {},
        }
    )
    pandas.testing.assert_frame_equal(brokerage_roles(graph), expected)


def test_undirected_representative_equals_gatekeeper() -> None:
    # Reversing a triple swaps representative and gatekeeper and keeps the other roles.
    roles = brokerage_roles(graph_of(nx.Graph, MIXED_GROUPS, MIXED_EDGES))
    assert (roles["representative"] == roles["gatekeeper"]).all()
    assert roles["representative"].sum() > 0
    assert (roles[["coordinator", "itinerant", "liaison", "total"]] % 2 == 0).all().all()


def test_a_node_without_a_group_is_named() -> None:
    graph = graph_of(nx.DiGraph, {"a": "A", "b": "B"}, [("a", "b")])
    graph.add_edge("b", "stray")
    with pytest.raises(ValueError, match="'stray' has no 'sector' attribute"):
        brokerage_roles(graph)
    with pytest.raises(ValueError, match="'a' has no 'kind' attribute"):
        brokerage_roles(graph, group="kind")


def test_parallel_edges_and_loops_count_once() -> None:
    # x → y twice and y → z three times are still one path x → y → z (A A B): one representative.
    # The loops y → y and x → x add no triple, since a broker is distinct from both ends.
    graph = graph_of(nx.MultiDiGraph, {"x": "A", "y": "A", "z": "B"}, [("x", "y"), ("x", "y")])
    graph.add_edges_from([("y", "z")] * 3 + [("y", "y"), ("x", "x")])
    expected = table({"x": {}, "y": {"representative": 1}, "z": {}})
    pandas.testing.assert_frame_equal(brokerage_roles(graph), expected)


def test_sums_per_group_of_the_broker() -> None:
    # From the hand-counted table above:
    #   A = a1 + a2 + a3: coordinator 1, representative 1 + 1, gatekeeper 2, liaison 1 -> total 6
    #   B = b1 + b2:      itinerant 1, representative 1, gatekeeper 1               -> total 3
    #   C = c1 + c2:      liaison 1                                                  -> total 1
    graph = graph_of(nx.DiGraph, MIXED_GROUPS, MIXED_EDGES)
    expected = table(
        {
            "A": {"coordinator": 1, "representative": 2, "gatekeeper": 2, "liaison": 1},
            "B": {"itinerant": 1, "representative": 1, "gatekeeper": 1},
            "C": {"liaison": 1},
        },
        name="sector",
    )
    pandas.testing.assert_frame_equal(brokerage_by_group(brokerage_roles(graph), graph), expected)


def test_an_empty_graph_gives_an_empty_table() -> None:
    roles = brokerage_roles(nx.DiGraph())
    assert list(roles.columns) == COLUMNS
    assert roles.empty
    assert all(dtype == "int64" for dtype in roles.dtypes)
