"""The RDF core that every stage after the mapping shares, and nothing of the authoring format.

The mapped dataset (canonical quads and where each resource's record is written), graph and
resource names, N-Quads and graph digests, conversions between Oxigraph and rdflib terms, and
the registry of formats (``kg.rdf.formats``) that every reader and writer looks formats up in.
The store and validation import from here, never from the authoring loader.
"""

from __future__ import annotations

from kg.rdf import cells, formats
from kg.rdf.dataset import Change, Iris, MappedDataset, SourceRef, canonical, changed_graphs, graph_digests
from kg.rdf.namespaces import DEFAULT_BASE, PREFIXES, concept_iri
from kg.rdf.quads import as_mapped, by_graph, named_graphs, nquads, union_triples
from kg.rdf.terms import Term, to_oxigraph, to_rdflib

__all__ = [
    "DEFAULT_BASE",
    "PREFIXES",
    "Change",
    "Iris",
    "MappedDataset",
    "SourceRef",
    "Term",
    "as_mapped",
    "by_graph",
    "canonical",
    "cells",
    "changed_graphs",
    "concept_iri",
    "formats",
    "graph_digests",
    "named_graphs",
    "nquads",
    "to_oxigraph",
    "to_rdflib",
    "union_triples",
]
