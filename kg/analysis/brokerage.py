"""Gould-Fernandez brokerage roles: who mediates between whom, and across which group boundaries.

A node ``b`` *brokers* between ``a`` and ``c`` when the network has arcs ``a → b`` and ``b → c`` but no
arc ``a → c``: whatever passes from ``a`` to ``c`` must go through ``b``. Gould and Fernandez classify
each such brokerage by how the three nodes fall into groups (here a node attribute, ``sector`` by
default), giving five roles for the broker ``b``:

=================  ===============================  =================================================
role               groups                           the broker ...
=================  ===============================  =================================================
coordinator        g(a) = g(b) = g(c)               mediates inside its own group
itinerant          g(a) = g(c) ≠ g(b)               is an outsider mediating inside another group
                                                    (also called *consultant*)
representative     g(a) = g(b) ≠ g(c)               passes its own group's flow out to another group
gatekeeper         g(b) = g(c) ≠ g(a)               lets another group's flow in to its own group
liaison            g(a), g(b), g(c) all different   mediates between two groups, belonging to neither
=================  ===============================  =================================================

Reference: Gould, R. V. and Fernandez, R. M. (1989). "Structures of mediation: A formal approach to
brokerage in transaction networks". *Sociological Methodology* 19: 89-126.

Conventions for graphs the paper does not cover:

* An undirected graph is read as a directed one with arcs both ways. An open pair ``a - b - c`` is then
  counted twice, once as ``a → b → c`` and once as ``c → b → a``; totals therefore count *ordered*
  pairs. Reversing a triple swaps representative and gatekeeper, so on an undirected graph every node's
  representative count equals its gatekeeper count (and so do their sums), while coordinator, itinerant
  and liaison counts are always even.
* Self-loops are ignored: the three nodes of a triple are distinct, so a loop neither creates nor
  closes a brokerage.
* Parallel edges of a ``MultiGraph`` or ``MultiDiGraph`` count once: brokerage is about whether a tie
  exists, not how many.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import networkx as nx
import pandas

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
COLUMNS = (*ROLES, "total")


def brokerage_roles(graph: nx.DiGraph | nx.Graph, group: str = "sector") -> pandas.DataFrame:
    """One row per node: counts of each role it plays as broker, and the total.

    Every ordered triple ``(a, b, c)`` of distinct nodes with arcs ``a → b`` and ``b → c`` and no arc
    ``a → c`` adds one to broker ``b``'s count for the role given by the groups of ``a``, ``b`` and
    ``c`` (Gould & Fernandez 1989, "Structures of mediation", *Sociological Methodology* 19:89-126).
    See the module docstring for undirected graphs, self-loops and parallel edges.

    The frame's index holds the node ids, sorted by ``str``, and is named ``node``; the columns are
    :data:`ROLES` followed by ``total``, all ``int64``. Nodes that broker nothing get a row of zeros.

    Raises :class:`ValueError` naming the first node (in sorted order) that lacks the ``group``
    attribute or has it set to ``None``.

    The cost is the sum over brokers of in-degree times out-degree, not the number of all triples.
    """
    groups = _groups(graph, group)
    if graph.is_directed():
        successors = _neighbour_sets(graph.succ)
        predecessors = _neighbour_sets(graph.pred)
    else:
        # Arcs both ways: a node's predecessors are its successors.
        successors = predecessors = _neighbour_sets(graph.adj)

    counts: dict[Hashable, dict[str, int]] = {node: dict.fromkeys(ROLES, 0) for node in groups}
    for broker, targets in successors.items():
        row = counts[broker]
        broker_group = groups[broker]
        for source in predecessors[broker]:
            source_group = groups[source]
            closed = successors[source]
            for target in targets:
                # ``source == target`` is a reciprocated tie, not mediation between two others; an arc
                # source → target means the pair can reach each other without the broker.
                if target == source or target in closed:
                    continue
                row[_role(source_group, broker_group, groups[target])] += 1

    order = _sorted(groups)
    data = [[*(counts[node][role] for role in ROLES), sum(counts[node].values())] for node in order]
    return pandas.DataFrame(data, index=_index(order, "node"), columns=list(COLUMNS), dtype="int64")


def brokerage_by_group(
    roles: pandas.DataFrame, graph: nx.DiGraph | nx.Graph, group: str = "sector"
) -> pandas.DataFrame:
    """Sum of each role per group of the broker.

    ``roles`` is a table from :func:`brokerage_roles` for ``graph``; each row is credited to the group
    its node belongs to, following Gould & Fernandez (1989), "Structures of mediation",
    *Sociological Methodology* 19:89-126, who also report brokerage aggregated by the broker's group.
    The result has one row per group that occurs among ``roles``' nodes, sorted by ``str`` and indexed
    under the name ``group``, with the same ``int64`` columns as ``roles``.

    Raises :class:`ValueError` if a node of ``roles`` is not in ``graph`` or lacks the attribute.
    """
    groups = _groups(graph, group)
    for node in roles.index:
        if node not in groups:
            raise ValueError(f"node {node!r} of the brokerage table is not in the graph")
    keys = _index([groups[node] for node in roles.index], group)
    summed = roles.loc[:, list(COLUMNS)].groupby(keys, sort=False).sum()
    # Group values may be of mixed types, so sort by their text as the node table does.
    return summed.reindex(_index(_sorted(summed.index), group)).astype("int64")


def _role(source: object, broker: object, target: object) -> str:
    """The Gould-Fernandez role of ``broker`` between ``source`` and ``target``, from their groups."""
    if source == broker == target:
        return "coordinator"
    if source == target:
        return "itinerant"
    if source == broker:
        return "representative"
    if broker == target:
        return "gatekeeper"
    return "liaison"


def _groups(graph: nx.Graph, group: str) -> dict[Hashable, object]:
    """Each node's group, refusing nodes without one rather than lumping them into a ``None`` group."""
    groups: dict[Hashable, object] = {}
    for node in _sorted(graph.nodes):
        value = graph.nodes[node].get(group)
        if value is None:
            raise ValueError(f"node {node!r} has no {group!r} attribute")
        groups[node] = value
    return groups


def _neighbour_sets(adjacency: Mapping[Hashable, Iterable[Hashable]]) -> dict[Hashable, frozenset[Hashable]]:
    """Neighbours as sets, so parallel edges collapse into one, and without the node itself (loops)."""
    return {node: frozenset(other for other in near if other != node) for node, near in adjacency.items()}


def _sorted(values: Iterable[Hashable]) -> list[Hashable]:
    # Node ids and group values need not be mutually comparable (ints next to strings), their text is.
    return sorted(values, key=str)


def _index(values: list[Hashable] | list[object], name: str) -> pandas.Index:
    # ``tupleize_cols=False`` keeps tuple ids as single labels instead of turning them into a MultiIndex.
    return pandas.Index(values, name=name, tupleize_cols=False)
