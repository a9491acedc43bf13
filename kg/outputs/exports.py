"""Graphs for other tools: GraphML and GEXF (Gephi), CSV node and edge lists (R, pandas, Kumu)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.rdf.cells import safe_row

if TYPE_CHECKING:
    import networkx as nx


def _scalar(value: Any) -> Any:
    """GraphML and GEXF hold scalars only: lists become '; '-joined text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in sorted(value, key=str))
    return value


def _one_type(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with each attribute of one type, as GraphML and GEXF declare it once for all.

    Integers among floats become floats; any other mix of types becomes text. A missing value
    (``None``) is empty text in a text attribute and left out of a number's, which has no empty value.
    """
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kinds.setdefault(key, set())
            if value is not None:
                kinds[key].add(type(value))
    cast: dict[str, Any] = {}
    for key, found in kinds.items():
        if found in ({int, float}, {float}):
            cast[key] = float
        elif len(found) == 1:
            cast[key] = next(iter(found))
        else:
            cast[key] = str
    return [
        {k: cast[k](v) if v is not None else "" for k, v in row.items() if v is not None or cast[k] is str}
        for row in rows
    ]


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """The graph with every attribute a scalar of one type, nodes and edges in sorted order (stable files)."""
    flat = graph.__class__()
    nodes = sorted(graph.nodes, key=str)
    node_rows = [{k: _scalar(v) for k, v in sorted(graph.nodes[n].items())} for n in nodes]
    flat.add_nodes_from(zip(nodes, _one_type(node_rows), strict=True))
    if graph.is_multigraph():
        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
        ends = [(a, b, {"key": key}) for a, b, key, _ in edges]
    else:
        edges = sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
        ends = [(a, b, {}) for a, b, _ in edges]
    edge_rows = [{k: _scalar(v) for k, v in sorted(e[-1].items())} for e in edges]
    for (a, b, key), attributes in zip(ends, _one_type(edge_rows), strict=True):
        flat.add_edge(a, b, **key, **attributes)
    return flat


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """GEXF 1.2 that the format's XML Schema accepts, and the same bytes for the same graph.

    networkx writes a ``name`` attribute on ``<graph>``, which the schema does not allow (Gephi's
    validator rejects the file), and the day of writing on ``<meta>``: both are left out.
    tests/test_export_schemas.py validates every export against the schema.
    """
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter()
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    writer.write(path)


def write_graph(graph: nx.Graph, folder: Path, name: str) -> list[Path]:
    """``name``.graphml, ``name``.gexf, ``name``-nodes.csv and ``name``-edges.csv in ``folder``."""
    import networkx as nx

    flat = flat_copy(graph)
    folder.mkdir(parents=True, exist_ok=True)
    graphml, gexf = folder / f"{name}.graphml", folder / f"{name}.gexf"
    # networkx's write_graphml switches to another writer, with other bytes, when lxml is installed.
    nx.write_graphml_xml(flat, graphml)
    write_gexf(flat, gexf)
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
