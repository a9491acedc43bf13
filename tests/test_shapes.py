"""Data-driven SHACL tests: for every shape, the valid fixture passes and one change makes it fail.

Each entry of SHAPE_CASES names a shape, the change that must make that shape report a result,
and optionally a change that makes the fixture pass where it would otherwise fail it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SH, SKOS, XSD

from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.rdf.namespaces import HK, OA, ORG, SCHEMA, concept_iri
from kg.validation.engines import read_shapes, union_graph, validate_graph
from tests.conftest import MINI

HKS = "https://w3id.org/hamkori/shapes#"
ID = "https://w3id.org/hamkori/id/"


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


VO = iri("organization/vo-navobod")
MSDSP = iri("organization/msdsp")
KHUKUMAT = iri("organization/khukumat-danghara")
WATER = iri("project/vo-navobod-water")
ROOF = iri("project/vo-navobod-school-roof")
BY_MSDSP = iri("contribution/vo-navobod-water-msdsp")
BY_COMMUNITY = iri("contribution/vo-navobod-water-community-navobod")
LAND = iri("partnership/vo-navobod-jamoat-land")
RESULT = iri("result/vo-navobod-water-result-1")
NOTE = iri("note/vo-navobod-note-1")
CASE = iri("case/vo-navobod")
BOOK = iri("book/mini-book")
PLACE = iri("place/navobod")
COMMUNITY = iri("community/community-navobod")
HEAD = iri("membership/vo-navobod-head-1")
PERSON = iri("person/rahimov-karim")
EVIDENCE = URIRef(f"{BY_MSDSP}#evidence-1")

Change = Callable[[Graph], object]


def drop(subject: URIRef, predicate: URIRef) -> Change:
    return lambda g: g.remove((subject, predicate, None))


def put(subject: URIRef, predicate: URIRef, value: object) -> Change:
    return lambda g: g.set((subject, predicate, value))  # type: ignore[arg-type]


def add(subject: URIRef, predicate: URIRef, value: object) -> Change:
    return lambda g: g.add((subject, predicate, value))  # type: ignore[arg-type]


def both(*changes: Change) -> Change:
    def apply(g: Graph) -> None:
        for change in changes:
            change(g)

    return apply


def concept(scheme: str, code: str) -> URIRef:
    return URIRef(concept_iri(scheme, code))


OTHER = URIRef("https://example.org/not-in-the-data")

SHAPE_CASES: dict[str, Change] = {
    "Place-label": drop(PLACE, RDFS.label),
    "Place-type": put(PLACE, HK.placeType, concept("sector", "health")),
    "Place-within": put(PLACE, SCHEMA.containedInPlace, VO),
    "Actor-label": add(COMMUNITY, RDFS.label, Literal("A second name")),
    "Actor-sector": drop(MSDSP, HK.actorSector),
    "Actor-altLabel": add(MSDSP, SKOS.altLabel, Literal("MSDSP", lang="en")),
    "Organization-partOf": add(MSDSP, ORG.subOrganizationOf, PLACE),
    "Organization-basedIn": add(VO, HK.basedIn, iri("place/danghara")),
    "Organization-foundedWithHelpOf": add(VO, HK.foundedWithHelpOf, PLACE),
    "Organization-registrationStatus": put(VO, HK.registrationStatus, concept("currency", "USD")),
    "Organization-registeredBy": add(VO, HK.registeredBy, MSDSP),
    "Organization-foundingDate": put(VO, SCHEMA.foundingDate, Literal("in spring")),
    "Organization-head": add(VO, HK.head, PERSON),
    "GovernmentBody-level": drop(KHUKUMAT, HK.governmentLevel),
    "GovernmentBody-kind": put(KHUKUMAT, HK.bodyKind, concept("government-level", "jamoat")),
    "GovernmentBody-jurisdiction": drop(KHUKUMAT, HK.jurisdiction),
    "GovernmentBody-sector": put(KHUKUMAT, HK.actorSector, concept("actor-sector", "donor")),
    "Community-of": put(COMMUNITY, HK.communityOf, MSDSP),
    "Membership-member": drop(HEAD, ORG.member),
    "Membership-role": drop(HEAD, HK.roleTitle),
    "Person-name": drop(PERSON, FOAF.name),
    "Person-noContactDetails": put(PERSON, FOAF.name, Literal("Rahimov Karim, tel. 224-03-74")),
    "EvidenceRequired": drop(BY_MSDSP, HK.evidence),
    "CaseStudyRequired": drop(LAND, HK.caseStudy),
    "ProjectShape": drop(WATER, HK.currency),
    "ProjectCurrencyShape": add(ROOF, HK.currency, concept("currency", "TJS")),
    "ProjectPeriodShape": both(
        put(WATER, HK.startYear, Literal("2005", datatype=XSD.gYear)),
        put(WATER, HK.endYear, Literal("2004", datatype=XSD.gYear)),
    ),
    "Project-title": drop(WATER, URIRef("http://purl.org/dc/terms/title")),
    "Project-ledBy": put(WATER, HK.ledBy, PLACE),
    "Project-startYear": put(WATER, HK.startYear, Literal("1850", datatype=XSD.gYear)),
    "Project-endYear": put(WATER, HK.endYear, Literal("2004")),
    "Project-openingYear": add(WATER, HK.openingYear, Literal("1850", datatype=XSD.gYear)),
    "Project-totalCost": put(WATER, HK.totalCost, Literal("-5", datatype=XSD.decimal)),
    "Project-currency": put(WATER, HK.currency, concept("sector", "health")),
    "Project-sector": add(WATER, HK.sector, concept("currency", "USD")),
    "Project-place": add(WATER, HK.place, VO),
    "ContributionShape": drop(BY_MSDSP, HK.currency),
    "ContributionCurrencyShape": add(BY_COMMUNITY, HK.currency, concept("currency", "USD")),
    # MSDSP's contribution has an amount: support without a gift has none.
    "SupportingContributionShape": put(BY_MSDSP, HK.role, concept("contribution-role", "supporting")),
    "Contribution-contributor": put(BY_MSDSP, HK.contributor, PLACE),
    "Contribution-project": drop(BY_MSDSP, HK.toProject),
    "Contribution-amount": put(BY_MSDSP, HK.amount, Literal("3900")),
    "Contribution-currency": add(BY_MSDSP, HK.currency, concept("currency", "TJS")),
    "Contribution-kind": put(BY_MSDSP, HK.contributionKind, concept("contribution-role", "funding")),
    "Contribution-role": drop(BY_MSDSP, HK.role),
    "Partnership-cso": put(LAND, HK.csoPartner, MSDSP),
    "Partnership-state": put(LAND, HK.statePartner, VO),
    "Partnership-form": drop(LAND, HK.collaborationForm),
    "Partnership-project": add(LAND, HK.aboutProject, WATER),
    "PartnershipCaseShape": put(ROOF, HK.caseStudy, iri("case/another-case")),
    "Result-quantity": put(RESULT, HK.quantity, Literal("-3", datatype=XSD.decimal)),
    "Result-kind": drop(RESULT, HK.resultKind),
    "Result-unit": put(RESULT, SCHEMA.unitText, Literal("households")),
    "PercentageShape": put(RESULT, SCHEMA.unitText, Literal("percent")),
    "Participation-actor": both(
        add(iri("participation/p"), RDF.type, HK.Participation),
        add(iri("participation/p"), HK.toProject, WATER),
    ),
    "Participation-project": both(
        add(iri("participation/p"), RDF.type, HK.Participation),
        add(iri("participation/p"), HK.contributor, VO),
    ),
    "Note-target": add(NOTE, OA.hasTarget, ROOF),
    "Note-kind": drop(NOTE, HK.noteKind),
    "Note-text": drop(NOTE, OA.bodyValue),
    "CaseStudy-title": drop(CASE, URIRef("http://purl.org/dc/terms/title")),
    "CaseStudy-number": put(CASE, HK.caseNumber, Literal("first")),
    "CaseStudy-region": put(CASE, HK.region, VO),
    "CaseStudy-book": drop(CASE, URIRef("http://purl.org/dc/terms/isPartOf")),
    "CaseStudy-organization": put(CASE, HK.mainOrganization, PLACE),
    "CaseStudy-lineStart": drop(CASE, HK.lineStart),
    "CaseStudy-lineEnd": put(CASE, HK.lineEnd, Literal(0)),
    "CaseStudy-partial": drop(CASE, HK.partial),
    "Book-title": drop(BOOK, URIRef("http://purl.org/dc/terms/title")),
    "Book-citation": drop(BOOK, URIRef("http://purl.org/dc/terms/bibliographicCitation")),
    "Evidence-source": drop(EVIDENCE, OA.hasSource),
    "Evidence-lineStart": drop(EVIDENCE, HK.lineStart),
    "Evidence-lineEnd": put(EVIDENCE, HK.lineEnd, Literal("nine")),
    "Evidence-quote": put(URIRef(f"{EVIDENCE}-quote"), OA.exact, Literal("x" * 401)),
    "Evidence-lineOrder": put(EVIDENCE, HK.lineEnd, Literal(8, datatype=XSD.positiveInteger)),
    "ContributionSumShape": both(
        put(BY_COMMUNITY, HK.amount, Literal("50.0", datatype=XSD.decimal)),
        put(BY_COMMUNITY, HK.currency, concept("currency", "USD")),
    ),
    "CurrencyMatchShape": put(BY_MSDSP, HK.currency, concept("currency", "TJS")),
    "BookInconsistencyShape": lambda g: None,  # the fixture's note is an inconsistency
}

# Where the valid fixture itself meets a shape's condition, the change that makes it pass.
PASSING: dict[str, Change] = {
    "BookInconsistencyShape": put(NOTE, HK.noteKind, concept("note-kind", "ambiguity")),
    "ContributionSumShape": both(
        put(BY_COMMUNITY, HK.amount, Literal("100.0", datatype=XSD.decimal)),
        put(BY_COMMUNITY, HK.currency, concept("currency", "USD")),
    ),
}


@cache
def fixture_graph() -> Graph:
    paths = ProjectPaths(MINI)
    mapped = map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)
    return union_graph(mapped.dataset)


@cache
def shapes() -> Graph:
    return read_shapes(ProjectPaths(MINI).shapes)


def shapes_reported(graph: Graph) -> set[str]:
    report = validate_graph(graph, shapes())
    return {f.shape.removeprefix(HKS) for f in report.findings if f.shape}


def changed(change: Change) -> Graph:
    graph = Graph()
    for triple in fixture_graph():
        graph.add(triple)
    change(graph)
    return graph


def test_every_shape_with_a_message_has_a_case() -> None:
    graph = shapes()
    messaged = set()
    for subject in graph.subjects(SH.message, None):
        owners = list(graph.subjects(SH.sparql, subject)) or [subject]
        messaged |= {str(owner).removeprefix(HKS) for owner in owners}
    assert messaged == set(SHAPE_CASES)


def test_valid_fixture_meets_every_shape_but_its_own_inconsistency() -> None:
    assert shapes_reported(fixture_graph()) == {"BookInconsistencyShape"}


@pytest.mark.parametrize("shape", sorted(PASSING))
def test_passing_example(shape: str) -> None:
    assert shape not in shapes_reported(changed(PASSING[shape]))


@pytest.mark.parametrize("shape", sorted(SHAPE_CASES))
def test_failing_example(shape: str) -> None:
    reported = shapes_reported(changed(SHAPE_CASES[shape]))
    assert shape in reported, f"{shape} did not report; reported: {sorted(reported)}"
