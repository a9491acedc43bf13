"""Records → RDF: golden N-Quads, IRIs, graphs, funders and evidence."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.rdf.namespaces import HK, OA
from kg.rdf.quads import named_graphs, nquads
from tests.conftest import edit

GOLDEN = Path(__file__).parent / "golden" / "mini.nq"
ID = "https://w3id.org/hamkori/id/"


def test_canonical_nquads_match_golden_file(mini: ProjectPaths) -> None:
    """The golden file is the reviewed mapping of tests/fixtures/mini; UPDATE_GOLDEN=1 rewrites it."""
    text = nquads(map_corpus(load_corpus(mini)).dataset)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_one_named_graph_per_case_study_plus_registry_ontology_and_vocabularies(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini), ontology=mini.ontology, vocabularies=mini.vocabularies).dataset
    assert [str(g).removeprefix("https://w3id.org/hamkori/graph/") for g in named_graphs(dataset)] == [
        "case/vo-navobod",
        "ontology",
        "registry",
        "vocabularies",
    ]


def test_no_blank_nodes_so_serializations_can_be_sorted(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini), ontology=mini.ontology, vocabularies=mini.vocabularies).dataset
    assert not [q for q in dataset.quads() if any(isinstance(term, BNode) for term in q[:3])]


def test_every_funder_is_typed_funder_without_reasoning_and_none_donor(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini)).dataset
    funders = {str(s) for s, _, _, _ in dataset.quads((None, RDF.type, HK.Funder, None))}
    # MSDSP funds the water line; the Khukumat of Danghara pays for the roof: a funder whatever its
    # sector, and a state body that pays is state co-financing, never a donor.
    assert funders == {f"{ID}organization/msdsp", f"{ID}organization/khukumat-danghara"}
    khukumat = URIRef(f"{ID}organization/khukumat-danghara")
    sectors = {o for _, _, o, _ in dataset.quads((khukumat, HK.actorSector, None, None))}
    assert sectors == {URIRef("https://w3id.org/hamkori/vocab/actor-sector/state")}
    # hk:Donor is deprecated (the old name of hk:Funder): its IRI stays, but no data asserts it.
    assert not list(dataset.quads((None, RDF.type, HK.Donor, None)))


def test_base_iri_is_configurable(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini), base="http://example.org/kg").dataset
    subjects = {str(s) for s, _, _, _ in dataset.quads((None, RDF.type, HK.Project, None))}
    assert subjects == {
        "http://example.org/kg/id/project/vo-navobod-water",
        "http://example.org/kg/id/project/vo-navobod-school-roof",
    }


def test_evidence_keeps_quote_lines_and_case(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini)).dataset
    graph = dataset.graph(URIRef("https://w3id.org/hamkori/graph/case/vo-navobod"))
    evidence = URIRef(f"{ID}contribution/vo-navobod-water-msdsp#evidence-1")
    assert (URIRef(f"{ID}contribution/vo-navobod-water-msdsp"), HK.evidence, evidence) in graph
    assert graph.value(evidence, HK.lineStart) == Literal(9, datatype=XSD.positiveInteger)
    assert graph.value(URIRef(f"{evidence}-quote"), OA.exact) == Literal(
        "the contribution of MSDSP was $3900"
    )
    assert graph.value(URIRef(f"{evidence}-lines"), RDF.value) == Literal("line=8,9")
    assert graph.value(evidence, HK.caseStudy) == URIRef(f"{ID}case/vo-navobod")


def test_amounts_and_printed_dates_are_typed(mini: ProjectPaths) -> None:
    dataset = map_corpus(load_corpus(mini)).dataset
    graph = dataset.graph(URIRef("https://w3id.org/hamkori/graph/case/vo-navobod"))
    amount = graph.value(URIRef(f"{ID}contribution/vo-navobod-school-roof-khukumat-danghara"), HK.amount)
    assert amount == Literal("2000.0", datatype=XSD.decimal)
    vo = URIRef(f"{ID}organization/vo-navobod")
    assert graph.value(vo, HK.foundingDateAsPrinted) == Literal("12.05.2003")
    assert graph.value(vo, URIRef("https://schema.org/foundingDate")) == Literal(
        "2003-05-12", datatype=XSD.date
    )


def test_support_without_a_gift_makes_no_funder_and_an_opening_year_no_start(mini: ProjectPaths) -> None:
    """Issue 18: a supporter is not a funder, and the year a school opened is not the year work began."""
    case = mini.root / "data" / "cases" / "01-vo-navobod.yaml"
    edit(case, "    title: Roof of the new school\n", "    title: Roof of the new school\n    opened: 2005\n")
    edit(
        case,
        "    contributions:\n      - by: khukumat-danghara\n",
        "    contributions:\n"
        "      - by: jamoat-dashtak\n"
        "        kind: unspecified\n"
        "        role: supporting\n"
        "        evidence: {lines: 11-11, quote: The Jamoat allocated land for a new school}\n"
        "      - by: khukumat-danghara\n",
    )
    dataset = map_corpus(load_corpus(mini)).dataset
    graph = dataset.graph(URIRef("https://w3id.org/hamkori/graph/case/vo-navobod"))
    roof, jamoat = URIRef(f"{ID}project/vo-navobod-school-roof"), URIRef(f"{ID}organization/jamoat-dashtak")
    support = URIRef(f"{ID}contribution/vo-navobod-school-roof-jamoat-dashtak")
    assert graph.value(support, HK.role) == URIRef(
        "https://w3id.org/hamkori/vocab/contribution-role/supporting"
    )
    assert (jamoat, RDF.type, HK.Funder) not in graph
    assert (roof, URIRef("https://schema.org/funder"), jamoat) not in graph
    assert (roof, URIRef("https://schema.org/funder"), URIRef(f"{ID}organization/khukumat-danghara")) in graph
    assert graph.value(roof, HK.openingYear) == Literal("2005", datatype=XSD.gYear)
    assert graph.value(roof, HK.startYear) is None
