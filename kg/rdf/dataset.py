"""The mapped dataset that every stage after the mapping shares: canonical quads, graph names and digests.

``MappedDataset`` holds the quads sorted by their N-Quads line (so every serialization is
byte-stable) and, for each resource made from a record, where that record is written (so a
validation message can point an editor at file and line). ``Iris`` names graphs and resources;
``graph_digests`` and ``Change`` say which named graphs a rebuild must redo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import Origin
from kg.project.cache import digest
from kg.rdf.namespaces import DEFAULT_BASE


@dataclass(frozen=True)
class SourceRef:
    """What a validation message needs to point an editor back at the record behind a resource."""

    label: str
    case: str | None
    origin: Origin


@dataclass
class MappedDataset:
    """The mapped quads and, for each resource made from a record, where that record is.

    ``quads`` is the canonical form: no duplicates, sorted by their N-Quads line, so every
    serialization made from it is byte-stable. ``store`` (Oxigraph, in memory) and ``dataset``
    (rdflib) are views made on first use; rdflib's is slow at scale and serves the reference
    engines (pySHACL) and notebooks.
    """

    quads: list[ox.Quad]
    sources: dict[str, SourceRef]
    base: str
    prefixes: dict[str, str] = field(default_factory=dict)
    # A digest of each named graph's canonical N-Quads, by graph IRI: what a rebuild compares to
    # find the graphs that changed (empty for data that did not come from map_corpus).
    graph_digests: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.quads)

    @cached_property
    def store(self) -> ox.Store:
        store = ox.Store()
        store.bulk_extend(self.quads)
        return store

    @cached_property
    def dataset(self) -> Dataset:
        dataset = Dataset()
        for prefix, namespace in self.prefixes.items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        dataset.parse(data=ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS), format="nquads")
        return dataset

    def graph_names(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        return sorted({q.graph_name.value for q in self.quads if isinstance(q.graph_name, ox.NamedNode)})


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads without duplicates, sorted by their N-Quads line (used on one graph's quads at a time)."""
    return sorted(set(quads), key=str)


class Iris:
    """Deterministic, readable IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, kind: str, id: str) -> URIRef:
        return URIRef(f"{self.base}id/{kind}/{id}")

    def graph(self, name: str) -> URIRef:
        return URIRef(f"{self.base}graph/{name}")

    def case_graph(self, case_id: str) -> URIRef:
        return self.graph(f"case/{case_id}")


def graph_digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """The digest of each named graph's canonical N-Quads, as ``map_corpus`` records them."""
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, []).append(quad)
    return {name: graph_digest(canonical(graphs[name])) for name in sorted(graphs)}


def graph_digest(quads: list[ox.Quad]) -> str:
    """The digest of one graph's canonical quads: of their N-Quads, as ``MappedUnit.quads`` holds them."""
    return digest(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")


def read_turtle(path: Path, graph: str) -> list[ox.Quad]:
    """The triples of a Turtle file (the ontology, the vocabularies) as quads of ``graph``."""
    name = ox.NamedNode(graph)
    with path.open("rb") as handle:
        triples = ox.parse(handle, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]


@dataclass(frozen=True)
class Change:
    """The named graphs whose content changed, and the triples of their union added or removed."""

    before: dict[str, str]  # the graph digests the previous build was made from
    graphs: tuple[str, ...]
    triples: frozenset[ox.Triple]


def changed_graphs(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n)))
