"""Records → RDF: one named graph per case study, plus graphs for the registries and the ontology.

IRIs are made from ids under a configurable base, so the same input always gives the same
triples; no blank nodes are used, so serializations can be sorted and compared byte for byte.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from kg.authoring.records import (
    CaseStudy,
    Community,
    Corpus,
    Evidence,
    Note,
    Organization,
    Partnership,
    Place,
    Project,
    Result,
    parse_printed_date,
)
from kg.authoring.schema import ORGANIZATION_CLASSES
from kg.errors import Origin
from kg.project.cache import Cache, code_digest, digest
from kg.rdf.dataset import Iris, MappedDataset, SourceRef, canonical, graph_digest, read_turtle
from kg.rdf.namespaces import DEFAULT_BASE, HK, OA, ORG, PREFIXES, RFC5147, SCHEMA, concept_iri
from kg.rdf.terms import to_oxigraph


class GraphSink:
    """Collects the triples of one named graph as Oxigraph quads (far cheaper than an rdflib graph)."""

    def __init__(self, name: str, out: list[ox.Quad], terms: dict[object, ox.NamedNode | ox.Literal]) -> None:
        self.name = ox.NamedNode(name)
        self.out = out
        self.terms = terms

    def add(self, triple: tuple[URIRef, URIRef, URIRef | Literal]) -> None:
        s, p, o = triple
        self.out.append(ox.Quad(self.term(s), self.term(p), self.term(o), self.name))  # type: ignore[arg-type]

    def term(self, node: URIRef | Literal) -> ox.NamedNode | ox.Literal:
        found = self.terms.get(node) if type(node) is URIRef else None
        if found is not None:
            return found
        made = to_oxigraph(node)
        if type(node) is URIRef:
            self.terms[node] = made
        return made


def slug(text: str) -> str:
    """A lowercase ASCII slug of a person's name, for a readable IRI."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def concept(scheme: str, code: str) -> URIRef:
    return URIRef(concept_iri(scheme, code))


def decimal_literal(value: Decimal) -> Literal:
    """The XSD canonical form ("47000.0"), so every format writes and reads back the same term."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def printed_date_literal(text: str) -> Literal | None:
    parsed = parse_printed_date(text)
    if parsed is None:
        return None
    if isinstance(parsed, int):
        return Literal(f"{parsed:04d}", datatype=XSD.gYear)
    return Literal(parsed.isoformat(), datatype=XSD.date)


@dataclass(frozen=True)
class UnitRecords:
    """The records whose triples go into one named graph: a case study's, or the registry's (case None)."""

    case: str | None
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    cases: list[CaseStudy] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def units_of(corpus: Corpus) -> list[UnitRecords]:
    """The corpus's records grouped by the graph they are mapped into: the registry first, then by case id."""
    units: dict[str | None, UnitRecords] = {None: UnitRecords(None)}

    def unit(case: str | None) -> UnitRecords:
        return units.setdefault(case, UnitRecords(case))

    case_of_file = {c.origin.path: c.id for c in corpus.cases}
    for place in corpus.places:
        unit(place.case).places.append(place)
    for org in corpus.organizations:
        unit(org.case).organizations.append(org)
    for community in corpus.communities:
        unit(community.case).communities.append(community)
    for case in corpus.cases:
        unit(case.id).cases.append(case)
    for project in corpus.projects:
        unit(project.case).projects.append(project)
    for partnership in corpus.partnerships:
        unit(partnership.case).partnerships.append(partnership)
    for result in corpus.results:
        unit(case_of_file[result.origin.path]).results.append(result)
    for note in corpus.notes:
        unit(note.case).notes.append(note)
    return [units.pop(None), *(units[case] for case in sorted(units, key=str))]


@dataclass(frozen=True)
class MappedUnit:
    """One named graph as mapped: canonical quads, sources, and the look-ups its triples depend on."""

    quads: bytes  # N-Quads, canonical order
    sources: dict[str, SourceRef]
    looked_up: dict[str, tuple[str | None, str | None, bool]]


class _Mapper:
    """Adds the triples of each record to its graph."""

    def __init__(self, corpus: Corpus, iris: Iris) -> None:
        self.corpus = corpus
        self.iris = iris
        self.quads: list[ox.Quad] = []
        self.terms: dict[object, ox.NamedNode | ox.Literal] = {}
        self.sinks: dict[str, GraphSink] = {}
        self.labels: dict[str, str] = {o.id: o.name for o in corpus.organizations}
        self.labels.update((c.id, c.name) for c in corpus.communities)
        self.case_by_file = {c.origin.path: c.id for c in corpus.cases}
        self.sources: dict[str, SourceRef] = {}
        self.book = iris.entity("book", corpus.book.id)
        self.kind_of: dict[str, str] = {}
        for place in corpus.places:
            self.kind_of[place.id] = "place"
        for org in corpus.organizations:
            self.kind_of[org.id] = "organization"
        for community in corpus.communities:
            self.kind_of[community.id] = "community"
        for project in corpus.projects:
            self.kind_of[project.id] = "project"
        for partnership in corpus.partnerships:
            self.kind_of[partnership.id] = "partnership"
        self.case_ids = {c.id for c in corpus.cases}
        self.looked_up: set[str] = set()  # ids whose kind or label the current unit's triples used

    # -- helpers --------------------------------------------------------------------------

    def graph_name(self, case: str | None) -> str:
        return str(self.iris.case_graph(case) if case else self.iris.graph("registry"))

    def graph_for(self, case: str | None) -> GraphSink:
        name = self.graph_name(case)
        if name not in self.sinks:
            self.sinks[name] = GraphSink(name, self.quads, self.terms)
        return self.sinks[name]

    def ref(self, id: str) -> URIRef:
        """The IRI of a place, organization, community, project or partnership by its id."""
        self.looked_up.add(id)
        return self.iris.entity(self.kind_of[id], id)

    def remember(self, resource: URIRef, label: str, case: str | None, origin: Origin) -> None:
        self.sources[str(resource)] = SourceRef(label, case, origin)

    def add_evidence(
        self, graph: GraphSink, subject: URIRef, items: Iterable[Evidence], case: str | None
    ) -> None:
        for number, item in enumerate(items, start=1):
            evidence = URIRef(f"{subject}#evidence-{number}")
            quote = URIRef(f"{evidence}-quote")
            lines = URIRef(f"{evidence}-lines")
            graph.add((subject, HK.evidence, evidence))
            graph.add((evidence, RDF.type, HK.Evidence))
            graph.add((evidence, OA.hasSource, self.book))
            graph.add((evidence, HK.lineStart, Literal(item.line_start, datatype=XSD.positiveInteger)))
            graph.add((evidence, HK.lineEnd, Literal(item.line_end, datatype=XSD.positiveInteger)))
            graph.add((evidence, OA.hasSelector, quote))
            graph.add((evidence, OA.hasSelector, lines))
            graph.add((quote, RDF.type, OA.TextQuoteSelector))
            graph.add((quote, OA.exact, Literal(item.quote)))
            graph.add((lines, RDF.type, OA.FragmentSelector))
            graph.add((lines, DCTERMS.conformsTo, URIRef(RFC5147)))
            # RFC 5147 counts positions between lines from 0: lines a..b are "line=a-1,b".
            graph.add((lines, RDF.value, Literal(f"line={item.line_start - 1},{item.line_end}")))
            if case:
                graph.add((evidence, HK.caseStudy, self.iris.entity("case", case)))
            self.remember(evidence, f"evidence {number} of {subject.rsplit('/', 1)[-1]}", case, item.origin)
            # Its selectors point back at the evidence too (one object: the cache pickles it once).
            self.sources[str(quote)] = self.sources[str(lines)] = self.sources[str(evidence)]

    @staticmethod
    def add_labels(graph: GraphSink, subject: URIRef, name: str, aliases: Iterable[str]) -> None:
        graph.add((subject, RDFS.label, Literal(name)))
        for alias in aliases:
            if alias != name:
                graph.add((subject, SKOS.altLabel, Literal(alias)))

    # -- records --------------------------------------------------------------------------

    def map_book(self) -> None:
        book = self.corpus.book
        graph = self.graph_for(None)
        graph.add((self.book, RDF.type, HK.Book))
        graph.add((self.book, DCTERMS.title, Literal(book.title)))
        graph.add((self.book, RDFS.label, Literal(book.title)))
        for author in book.authors:
            graph.add((self.book, DCTERMS.creator, Literal(author)))
        graph.add((self.book, DCTERMS.publisher, Literal(book.publisher)))
        graph.add((self.book, DCTERMS.issued, Literal(f"{book.year:04d}", datatype=XSD.gYear)))
        if book.isbn:
            graph.add((self.book, SCHEMA.isbn, Literal(book.isbn)))
        if book.place_of_publication:
            graph.add((self.book, SCHEMA.locationCreated, Literal(book.place_of_publication)))
        graph.add((self.book, DCTERMS.bibliographicCitation, Literal(citation(self.corpus))))
        self.remember(self.book, book.title, None, book.origin)

    def map_place(self, place: Place) -> None:
        graph = self.graph_for(place.case)
        subject = self.ref(place.id)
        graph.add((subject, RDF.type, HK.Place))
        self.add_labels(graph, subject, place.name, place.aliases)
        graph.add((subject, HK.placeType, concept("place-type", place.type)))
        if place.within:
            graph.add((subject, SCHEMA.containedInPlace, self.ref(place.within)))
        self.add_evidence(graph, subject, place.evidence, place.case)
        self.remember(subject, place.name, place.case, place.origin)

    def map_organization(self, org: Organization) -> None:
        graph = self.graph_for(org.case)
        subject = self.ref(org.id)
        graph.add((subject, RDF.type, HK[ORGANIZATION_CLASSES[org.cls][0]]))
        self.add_labels(graph, subject, org.name, org.aliases)
        graph.add((subject, HK.actorSector, concept("actor-sector", org.sector)))
        if org.part_of:
            graph.add((subject, ORG.subOrganizationOf, self.ref(org.part_of)))
        if org.based_in:
            graph.add((subject, HK.basedIn, self.ref(org.based_in)))
        if org.level:
            graph.add((subject, HK.governmentLevel, concept("government-level", org.level)))
        if org.body_kind:
            graph.add((subject, HK.bodyKind, concept("body-kind", org.body_kind)))
        if org.jurisdiction:
            graph.add((subject, HK.jurisdiction, self.ref(org.jurisdiction)))
        if org.founded:
            graph.add((subject, HK.foundingDateAsPrinted, Literal(org.founded)))
            if typed := printed_date_literal(org.founded):
                graph.add((subject, SCHEMA.foundingDate, typed))
        for helper in org.founded_with_help_of:
            graph.add((subject, HK.foundedWithHelpOf, self.ref(helper)))
        if org.registration:
            reg = org.registration
            graph.add((subject, HK.registrationStatus, concept("registration-status", reg.status)))
            if reg.by:
                graph.add((subject, HK.registeredBy, self.ref(reg.by)))
            if reg.date and (typed := printed_date_literal(reg.date)):
                graph.add((subject, HK.registrationDate, typed))
            if reg.number:
                graph.add((subject, HK.registrationNumber, Literal(reg.number)))
        for number, head in enumerate(org.heads, start=1):
            membership = self.iris.entity("membership", f"{org.id}-head-{number}")
            person = self.iris.entity("person", slug(head.name))
            graph.add((subject, HK.head, membership))
            graph.add((membership, RDF.type, ORG.Membership))
            graph.add((membership, ORG.organization, subject))
            graph.add((membership, ORG.member, person))
            graph.add((membership, HK.roleTitle, Literal(head.role)))
            graph.add((membership, RDFS.label, Literal(f"{head.role} of {org.name}")))
            graph.add((person, RDF.type, HK.Person))
            graph.add((person, FOAF.name, Literal(head.name)))
            graph.add((person, RDFS.label, Literal(head.name)))
            # Made from the record's heads: a message about either names the organization's record.
            self.remember(membership, f"{head.role} of {org.name}", org.case, org.origin)
            self.remember(person, head.name, org.case, org.origin)
        self.add_evidence(graph, subject, org.evidence, org.case)
        self.remember(subject, org.name, org.case, org.origin)

    def map_community(self, community: Community) -> None:
        graph = self.graph_for(community.case)
        subject = self.ref(community.id)
        graph.add((subject, RDF.type, HK.Community))
        self.add_labels(graph, subject, community.name, community.aliases)
        graph.add((subject, HK.actorSector, concept("actor-sector", "community")))
        graph.add((subject, HK.communityOf, self.ref(community.of)))
        self.add_evidence(graph, subject, community.evidence, community.case)
        self.remember(subject, community.name, community.case, community.origin)

    def map_case_study(self, case: CaseStudy) -> None:
        graph = self.graph_for(case.id)
        subject = self.iris.entity("case", case.id)
        graph.add((subject, RDF.type, HK.CaseStudy))
        graph.add((subject, DCTERMS.title, Literal(case.title)))
        graph.add((subject, RDFS.label, Literal(f"Case study {case.number}: {case.title}")))
        graph.add((subject, HK.caseNumber, Literal(case.number, datatype=XSD.positiveInteger)))
        graph.add((subject, HK.region, self.ref(case.region)))
        graph.add((subject, DCTERMS.isPartOf, self.book))
        graph.add((subject, HK.mainOrganization, self.ref(case.organization)))
        graph.add((subject, HK.lineStart, Literal(case.line_start, datatype=XSD.positiveInteger)))
        graph.add((subject, HK.lineEnd, Literal(case.line_end, datatype=XSD.positiveInteger)))
        graph.add((subject, HK.partial, Literal(case.partial)))
        self.remember(subject, case.title, case.id, case.origin)

    def map_result(self, graph: GraphSink, owner: URIRef, result: Result, case: str) -> None:
        subject = self.iris.entity("result", result.id)
        graph.add((owner, HK.result, subject))
        graph.add((subject, RDF.type, HK.QuantitativeResult))
        graph.add((subject, HK.quantity, decimal_literal(result.count)))
        unit = "%" if result.unit == "percent" else ""
        # The label is read, not computed with: "7 trainings", not the typed quantity's "7.0".
        graph.add(
            (subject, RDFS.label, Literal(f"{format(result.count.normalize(), 'f')}{unit} {result.what}"))
        )
        graph.add((subject, SCHEMA.description, Literal(result.what)))
        if result.unit:
            graph.add((subject, SCHEMA.unitText, Literal(result.unit)))
        graph.add((subject, HK.resultKind, concept("result-kind", result.kind)))
        graph.add((subject, HK.caseStudy, self.iris.entity("case", case)))
        self.add_evidence(graph, subject, result.evidence, case)
        self.remember(subject, f"result: {result.what}", case, result.origin)

    def map_project(self, project: Project) -> None:
        graph = self.graph_for(project.case)
        subject = self.ref(project.id)
        case = self.iris.entity("case", project.case)
        graph.add((subject, RDF.type, HK.Project))
        graph.add((subject, DCTERMS.title, Literal(project.title)))
        graph.add((subject, RDFS.label, Literal(project.title)))
        if project.description:
            graph.add((subject, DCTERMS.description, Literal(project.description)))
        if project.start_year:
            graph.add((subject, HK.startYear, Literal(f"{project.start_year:04d}", datatype=XSD.gYear)))
        if project.end_year:
            graph.add((subject, HK.endYear, Literal(f"{project.end_year:04d}", datatype=XSD.gYear)))
        if project.opening_year:
            graph.add((subject, HK.openingYear, Literal(f"{project.opening_year:04d}", datatype=XSD.gYear)))
        for sector in project.sectors:
            graph.add((subject, HK.sector, concept("sector", sector)))
        for place in project.places:
            graph.add((subject, HK.place, self.ref(place)))
        graph.add((subject, HK.ledBy, self.ref(project.led_by)))
        if project.total:
            graph.add((subject, HK.totalCost, decimal_literal(project.total.amount)))
            graph.add((subject, HK.currency, concept("currency", project.total.currency)))
        graph.add((subject, HK.caseStudy, case))
        self.add_evidence(graph, subject, project.evidence, project.case)
        self.remember(subject, project.title, project.case, project.origin)
        for contribution in project.contributions:
            node = self.iris.entity("contribution", contribution.id)
            contributor = self.ref(contribution.by)
            graph.add((node, RDF.type, HK.Contribution))
            graph.add((node, RDFS.label, Literal(f"{self.label_of(contribution.by)} to {project.title}")))
            graph.add((node, HK.contributor, contributor))
            graph.add((node, HK.toProject, subject))
            if contribution.money:
                graph.add((node, HK.amount, decimal_literal(contribution.money.amount)))
                graph.add((node, HK.currency, concept("currency", contribution.money.currency)))
            graph.add((node, HK.contributionKind, concept("contribution-kind", contribution.kind)))
            graph.add((node, HK.role, concept("contribution-role", contribution.role)))
            graph.add((node, HK.caseStudy, case))
            if contribution.role == "funding":
                # Asserted, not inferred: a plain SPARQL query finds every funder, whatever its sector
                # (a funder is a role; a donor is an actor sector, and a state body that pays co-finances).
                graph.add((subject, SCHEMA.funder, contributor))
                if self.kind_of[contribution.by] == "organization":
                    graph.add((contributor, RDF.type, HK.Funder))
            self.add_evidence(graph, node, contribution.evidence, project.case)
            self.remember(
                node,
                f"contribution of {self.label_of(contribution.by)} to {project.title}",
                project.case,
                contribution.origin,
            )
        for participation in project.participants:
            node = self.iris.entity("participation", participation.id)
            graph.add((subject, HK.participant, self.ref(participation.by)))
            graph.add((node, RDF.type, HK.Participation))
            graph.add((node, RDFS.label, Literal(f"{self.label_of(participation.by)} in {project.title}")))
            graph.add((node, HK.contributor, self.ref(participation.by)))
            graph.add((node, HK.toProject, subject))
            graph.add((node, HK.caseStudy, case))
            self.add_evidence(graph, node, participation.evidence, project.case)
            self.remember(
                node,
                f"participation of {self.label_of(participation.by)} in {project.title}",
                project.case,
                participation.origin,
            )
        for result in project.results:
            self.map_result(graph, subject, result, project.case)

    def map_partnership(self, partnership: Partnership) -> None:
        graph = self.graph_for(partnership.case)
        subject = self.ref(partnership.id)
        graph.add((subject, RDF.type, HK.Partnership))
        label = f"{self.label_of(partnership.cso)} - {self.label_of(partnership.state)}"
        graph.add((subject, RDFS.label, Literal(label)))
        graph.add((subject, HK.csoPartner, self.ref(partnership.cso)))
        graph.add((subject, HK.statePartner, self.ref(partnership.state)))
        for form in partnership.forms:
            graph.add((subject, HK.collaborationForm, concept("collaboration-form", form)))
        if partnership.project:
            graph.add((subject, HK.aboutProject, self.ref(partnership.project)))
        if partnership.description:
            graph.add((subject, DCTERMS.description, Literal(partnership.description)))
        graph.add((subject, HK.caseStudy, self.iris.entity("case", partnership.case)))
        self.add_evidence(graph, subject, partnership.evidence, partnership.case)
        self.remember(subject, label, partnership.case, partnership.origin)

    def map_note(self, note: Note) -> None:
        graph = self.graph_for(note.case)
        subject = self.iris.entity("note", note.id)
        graph.add((subject, RDF.type, HK.DataQualityNote))
        graph.add((subject, RDF.type, OA.Annotation))
        graph.add((subject, OA.motivatedBy, OA.assessing))
        graph.add((subject, OA.hasTarget, self.note_target(note.about)))
        graph.add((subject, OA.bodyValue, Literal(note.text)))
        graph.add((subject, HK.noteKind, concept("note-kind", note.kind)))
        graph.add((subject, RDFS.label, Literal(f"Data-quality note on {note.about}")))
        graph.add((subject, HK.caseStudy, self.iris.entity("case", note.case)))
        self.add_evidence(graph, subject, note.evidence, note.case)
        self.remember(subject, f"note on {note.about}", note.case, note.origin)

    def note_target(self, about: str) -> URIRef:
        self.looked_up.add(about)
        if about in self.kind_of:
            return self.ref(about)
        if about in self.case_ids:
            return self.iris.entity("case", about)
        return self.iris.entity("contribution", about)

    def label_of(self, id: str) -> str:
        self.looked_up.add(id)
        return self.labels.get(id, id)

    def answers(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None, bool]]:
        """What the look-ups of these ids give now: kind, label, and whether it is a case study."""
        return {i: (self.kind_of.get(i), self.labels.get(i), i in self.case_ids) for i in sorted(ids)}

    def map_unit(self, unit: UnitRecords) -> MappedUnit:
        """Map the records of one named graph (a case study's, or the registry's)."""
        self.quads, self.sinks, self.sources, self.looked_up = [], {}, {}, set()
        self._map_records(unit)
        quads = canonical(self.quads)
        return MappedUnit(
            ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
            self.sources,
            self.answers(self.looked_up),
        )

    def _map_records(self, unit: UnitRecords) -> None:
        if unit.case is None:
            self.map_book()
        for place in unit.places:
            self.map_place(place)
        for org in unit.organizations:
            self.map_organization(org)
        for community in unit.communities:
            self.map_community(community)
        for case in unit.cases:
            self.map_case_study(case)
        for project in unit.projects:
            self.map_project(project)
        for partnership in unit.partnerships:
            self.map_partnership(partnership)
        for result in unit.results:
            case_id = self.case_of_file(result.origin.path)
            self.map_result(self.graph_for(case_id), self.ref(result.owner), result, case_id)
        for note in unit.notes:
            self.map_note(note)

    def case_of_file(self, path: str) -> str:
        return self.case_by_file[path]


def citation(corpus: Corpus) -> str:
    """The book's citation, as the dataset asks users to give it."""
    book = corpus.book
    authors = ", ".join(book.authors)
    where = f"{book.place_of_publication}: {book.publisher}, {book.year}"
    return f"{authors}. {book.title}. {where}. ISBN {book.isbn}."


def map_corpus(
    corpus: Corpus,
    *,
    base: str = DEFAULT_BASE,
    ontology: Path | None = None,
    vocabularies: Path | None = None,
    cache: Cache | None = None,
) -> MappedDataset:
    """Map every record to RDF; the ontology and vocabularies go into graphs of their own when given.

    Each named graph is mapped on its own; with a ``cache``, a graph whose records (and the
    mapping code, base, and the kinds and labels of the ids it refers to) are unchanged is
    read back instead of mapped again.
    """
    iris = Iris(base)
    mapper = _Mapper(corpus, iris)
    cache = cache or Cache(None)
    salt = digest(code_digest(__name__), iris.base, corpus.book.id, citation(corpus))
    graphs: dict[str, list[ox.Quad]] = {}
    digests: dict[str, str] = {}
    sources: dict[str, SourceRef] = {}
    for unit in units_of(corpus):
        # repr, not pickle: pickle's bytes depend on which equal strings happen to be one object.
        key = digest(salt, repr(unit)) if cache.folder else ""
        found = cache.get("graph", key) if key else None
        if not isinstance(found, MappedUnit) or found.looked_up != mapper.answers(found.looked_up):
            found = mapper.map_unit(unit)
            if key:
                cache.put("graph", key, found)
        name = mapper.graph_name(unit.case)
        graphs[name] = list(ox.parse(found.quads, format=ox.RdfFormat.N_QUADS))
        digests[name] = digest(found.quads)
        sources.update(found.sources)
    for path, part in ((ontology, "ontology"), (vocabularies, "vocabularies")):
        if path:
            name = str(iris.graph(part))
            graphs[name] = canonical(read_turtle(path, name))
            digests[name] = graph_digest(graphs[name])
    # Each graph is sorted already, so this sort merges runs (timsort); keys are N-Quads lines.
    quads = sorted((quad for name in sorted(graphs) for quad in graphs[name]), key=str)
    prefixes = {**PREFIXES, "hkid": f"{iris.base}id/"}
    return MappedDataset(
        quads, sources, iris.base, prefixes, {n: digests[n] for n in sorted(digests) if graphs[n]}
    )
