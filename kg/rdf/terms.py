"""The same RDF term in Oxigraph and in rdflib: conversions both ways."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

Term = URIRef | Literal | BNode  # an rdflib term as queries return it


def to_oxigraph(node: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as the equal Oxigraph term."""
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    raise TypeError(f"cannot map {node!r}: the mapping makes no blank nodes")


def to_rdflib(term: Any) -> Term | None:
    """An Oxigraph term as the equal rdflib term (None stays None: an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")
