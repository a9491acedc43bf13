"""Prefixes and IRI patterns in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

DEFAULT_BASE = "https://w3id.org/hamkori/"

HK = Namespace("https://w3id.org/hamkori/ontology#")
VOCAB = Namespace("https://w3id.org/hamkori/vocab/")
ONTOLOGY_IRI = "https://w3id.org/hamkori/ontology"
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
VANN = Namespace("http://purl.org/vocab/vann/")
RFC5147 = "http://tools.ietf.org/rfc/rfc5147"

# Declared once: the dumps and the site write these, and a query file may use them undeclared
# (kg.query.library.render declares those it uses).
PREFIXES: dict[str, str] = {
    "hk": str(HK),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "oa": str(OA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "vann": str(VANN),
}


def concept_iri(scheme: str, code: str) -> str:
    """The IRI of a controlled-vocabulary concept, e.g. ``concept_iri("currency", "USD")``."""
    return f"{VOCAB}{scheme}/{code}"


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
