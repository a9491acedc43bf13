"""Canonical N-Quads, named graphs and the union of graphs, from mapped data or an rdflib dataset."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.rdf.dataset import MappedDataset, canonical
from kg.rdf.namespaces import PREFIXES

# The quads of each graph, graphs sorted by IRI; "" is the default graph, "_:…" a blank node.
Graphs = list[tuple[str, list[ox.Quad]]]


def named_graphs(dataset: Dataset) -> list[URIRef]:
    """The dataset's non-empty named graphs, sorted by IRI."""
    return sorted(
        URIRef(str(g.identifier))
        for g in dataset.graphs()
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g) > 0
    )


def nquads(data: MappedDataset | Dataset) -> str:
    """Canonical N-Quads: one statement a line, sorted, no duplicates.

    A mapped dataset is already canonical and is written by Oxigraph; an rdflib dataset (the
    remote store, tests) is serialized by rdflib and its lines sorted. For the mapped data both
    give the same text.
    """
    if isinstance(data, MappedDataset):
        return (ox.serialize(data.quads, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    lines = {line for line in data.serialize(format="nquads").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def dataset_prefixes(dataset: Dataset) -> dict[str, str]:
    """The dataset's prefixes in a fixed order: the project's own first, then the rest by name."""
    # Only the project's own namespaces: rdflib binds many more by default (brick, csvw, …).
    found = {
        prefix: str(ns)
        for prefix, ns in dataset.namespaces()
        if prefix and str(ns).startswith("https://w3id.org/hamkori/")
    }
    ordered = dict(PREFIXES)
    for prefix in sorted(found):
        if prefix not in ordered and found[prefix] not in ordered.values():
            ordered[prefix] = found[prefix]
    return ordered


def as_mapped(data: MappedDataset | Dataset) -> MappedDataset:
    """A mapped dataset as it is; an rdflib dataset as canonical quads with its prefixes."""
    if isinstance(data, MappedDataset):
        return data
    text = data.serialize(format="nquads", encoding="utf-8")
    quads = canonical(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    return MappedDataset(quads, {}, "", dataset_prefixes(data))


def by_graph(quads: Iterable[ox.Quad]) -> Graphs:
    """The quads of each graph in their order, graphs sorted by IRI ("" is the default graph)."""
    groups: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        graph = quad.graph_name
        if type(graph) is ox.NamedNode:
            key = graph.value
        else:
            key = f"_:{graph.value}" if type(graph) is ox.BlankNode else ""
        found = groups.get(key)
        if found is None:
            groups[key] = found = []
        found.append(quad)
    return sorted(groups.items())


def union_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The triples of canonical quads without the graph names, without duplicates, in order.

    In quads sorted by their N-Quads line the same triple in several graphs is on adjacent
    lines, so comparing each triple with the one before is enough to drop the repeats.
    """
    # A generator, not a list: a million new objects held at once keep the garbage collector busy.
    last = None
    for quad in quads:
        triple = quad.triple
        if triple != last:
            yield triple
            last = triple
