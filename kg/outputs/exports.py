"""Graphs for other tools: GraphML and GEXF (Gephi), CSV node and edge lists (R, pandas, Kumu)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.rdf.cells import safe_row

if TYPE_CHECKING:
    import networkx as nx


def _scalar(value: Any) -> Any:
    """GraphML and GEXF hold scalars only: lists become '; '-joined text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in sorted(value, key=str))
    if value is None:
        return ""
    return value


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """The graph with every attribute a scalar, nodes and edges in sorted order (stable files)."""
    flat = graph.__class__()
    for node in sorted(graph.nodes, key=str):
        flat.add_node(node, **{k: _scalar(v) for k, v in sorted(graph.nodes[node].items())})
    if graph.is_multigraph():
        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
        for a, b, key, attributes in edges:
            flat.add_edge(a, b, key=key, **{k: _scalar(v) for k, v in sorted(attributes.items())})
    else:
        for a, b, attributes in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            flat.add_edge(a, b, **{k: _scalar(v) for k, v in sorted(attributes.items())})
    return flat


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)


def write_graph(graph: nx.Graph, folder: Path, name: str) -> list[Path]:
    """``name``.graphml, ``name``.gexf, ``name``-nodes.csv and ``name``-edges.csv in ``folder``."""
    import networkx as nx

    flat = flat_copy(graph)
    folder.mkdir(parents=True, exist_ok=True)
    graphml, gexf = folder / f"{name}.graphml", folder / f"{name}.gexf"
    nx.write_graphml(flat, graphml)
    nx.write_gexf(flat, gexf)
    # GEXF carries the write date; drop it so the same graph gives the same bytes.
    text = gexf.read_text(encoding="utf-8")
    gexf.write_text(re.sub(r' lastmodifieddate="[^"]*"', "", text), encoding="utf-8")
    node_keys = sorted({k for _, d in flat.nodes(data=True) for k in d})
    _write_csv(
        folder / f"{name}-nodes.csv",
        ["id", *node_keys],
        [[n, *(d.get(k, "") for k in node_keys)] for n, d in flat.nodes(data=True)],
    )
    edge_keys = sorted({k for *_, d in flat.edges(data=True) for k in d})
    _write_csv(
        folder / f"{name}-edges.csv",
        ["source", "target", *edge_keys],
        [[a, b, *(d.get(k, "") for k in edge_keys)] for a, b, d in flat.edges(data=True)],
    )
    return [graphml, gexf, folder / f"{name}-nodes.csv", folder / f"{name}-edges.csv"]
