"""The ontology and vocabularies document every term they define."""

from __future__ import annotations

import re
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.rdf.namespaces import HK, ONTOLOGY_IRI
from tests.conftest import REPO


@cache
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "hamkori.ttl", format="turtle")


@cache
def vocabularies() -> Graph:
    return Graph().parse(REPO / "ontology" / "vocabularies.ttl", format="turtle")


def test_ontology_header() -> None:
    graph = ontology()
    iri = URIRef(ONTOLOGY_IRI)
    assert (iri, RDF.type, OWL.Ontology) in graph
    assert graph.value(iri, OWL.versionIRI) is not None
    assert str(graph.value(iri, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(str(HK))}
    assert len(terms) > 60
    undocumented = sorted(
        str(t) for t in terms if not (graph.value(t, RDFS.label) and graph.value(t, RDFS.comment))
    )
    assert not undocumented


def test_every_term_the_mapping_uses_is_defined() -> None:
    defined = set(ontology().subjects()) | set(vocabularies().subjects())
    used: set[URIRef] = set()
    for module in ("mapping/mapper", "analysis/stats"):
        text = (REPO / "kg" / f"{module}.py").read_text(encoding="utf-8")
        used |= {HK[name] for name in re.findall(r"HK\.([A-Za-z]+)", text)}
    assert used, "no HK terms found"
    assert sorted(str(t) for t in used - defined) == []


def test_every_concept_has_a_label_a_definition_or_scheme_and_a_scheme() -> None:
    graph = vocabularies()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 80
    for concept in concepts:
        assert graph.value(concept, SKOS.prefLabel), concept
        assert graph.value(concept, SKOS.inScheme), concept


def test_sectors_carry_oecd_dac_codes_and_roles_iati_codes() -> None:
    graph = vocabularies()
    sectors = [c for c in graph.subjects(RDF.type, SKOS.Concept) if "/vocab/sector/" in str(c)]
    assert sectors and all(str(graph.value(c, SKOS.notation)).isdigit() for c in sectors)
    funding = URIRef("https://w3id.org/hamkori/vocab/contribution-role/funding")
    assert str(graph.value(funding, SKOS.notation)) == "1"


def test_a_deprecated_term_names_its_replacement_and_no_data_uses_it() -> None:
    """hk:Donor was renamed hk:Funder (donor is an actor sector): its IRI stays, deprecated, unused."""
    graph = ontology()
    deprecated = {s for s in graph.subjects(OWL.deprecated, Literal(True)) if str(s).startswith(str(HK))}
    assert HK.Donor in deprecated and HK.Funder not in deprecated
    for term in deprecated:
        replacements = set(graph.objects(term, DCTERMS.isReplacedBy))
        assert replacements, f"{term} names no replacement"
        assert all(
            (r, RDF.type, OWL.Class) in graph or (r, RDF.type, OWL.ObjectProperty) in graph
            for r in replacements
        ), term
        assert not replacements & deprecated, term
        assert "deprecated" in str(graph.value(term, RDFS.comment)).lower(), term
    for module in ("mapping/mapper", "analysis/stats"):
        text = (REPO / "kg" / f"{module}.py").read_text(encoding="utf-8")
        used = {HK[name] for name in re.findall(r"HK\.([A-Za-z]+)", text)}
        assert not used & deprecated, module
