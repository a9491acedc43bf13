"""The linked-data site: a page and three RDF documents for every resource, dumps, metadata, docs.

``write_site`` lays out ``build/site/`` so that an ordinary web server can publish it under the
base IRI: the resource ``{base}id/organization/vo-sino`` has ``id/organization/vo-sino.html``,
``.ttl``, ``.nt`` and ``.jsonld``; the server answers the extension-less IRI with
``303 See Other`` to one of them by ``Accept`` (``kg serve`` does; ``.htaccess`` and nginx rules
for static hosts are generated). Nothing on the pages loads from the network; the pages come from
the templates in ``templates/site/``, which escape every string from the data.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox
from jinja2 import Template
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.authoring.records import Corpus
from kg.mapping.mapper import citation
from kg.outputs import browser, guide
from kg.outputs.pages import write_listing
from kg.outputs.templating import Markup, environment, render
from kg.project.atomic import write_text_atomically
from kg.project.paths import BuildLayout, ProjectPaths
from kg.query.library import LibraryQuery
from kg.rdf import formats
from kg.rdf.cells import safe_row
from kg.rdf.dataset import MappedDataset
from kg.rdf.namespaces import DEFAULT_BASE, HK, OA, PREFIXES
from kg.rdf.terms import to_oxigraph

DOCUMENTS = tuple(map(formats.get, ("turtle", "ntriples", "jsonld")))  # beside each resource's page
ALTERNATES = tuple((f.suffix, f.media_type, f.suffix[1:].upper()) for f in DOCUMENTS)  # (suffix, type, text)
RESOURCE_ROOTS = ("id/", "graph/", "vocab/")
SERVED_RDF = tuple(
    f for f in formats.FORMATS if f.kind in ("graph", "dataset")
)  # given their types by the deploy rules
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ISSUED = "2026-11-27"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)  # the first one a resource has names it
LABEL_RANK = {str(predicate): rank for rank, predicate in enumerate(LABELS)}
ALIASES = frozenset(map(str, (*LABELS, SKOS.altLabel)))  # the names the search box finds a resource by
PREFIX_NEEDLES = [(prefix, namespace, f"<{namespace}".encode()) for prefix, namespace in PREFIXES.items()]
CONTEXT = json.dumps(PREFIXES, ensure_ascii=False, sort_keys=True)
HK_NS = str(HK)
RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)
OA_EXACT, OA_SELECTOR = str(OA.exact), str(OA.hasSelector)
HK_EVIDENCE, HK_CASE = str(HK.evidence), str(HK.caseStudy)
HK_LINE_START, HK_LINE_END = str(HK.lineStart), str(HK.lineEnd)
WINDOW = 256  # rendered resources that may wait for the writer thread


@dataclass(frozen=True)
class SiteResult:
    folder: Path
    resources: int
    files: int


def site_path(iri: str, base: str) -> str | None:
    """The path of a resource in the site ('id/organization/vo-sino'), or None if it is not published."""
    document = iri.split("#", 1)[0]
    for prefix in dict.fromkeys((base, DEFAULT_BASE)):
        if document.startswith(prefix):
            rest = document[len(prefix) :]
            if rest.endswith("/"):
                rest += "index"  # a namespace IRI such as …/vocab/ is documented by its index page
            if (
                rest.startswith(RESOURCE_ROOTS)
                and re.fullmatch(r"[A-Za-z0-9/_.\-]+", rest)
                and ".." not in rest
            ):
                return rest
    return None


def escape_json(text: str) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' that could close the element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@cache
def template(name: str) -> Template:
    """A template of the site, looked up once: ``render`` would look it up again for each of 826 pages."""
    return environment().get_template(name)


@cache
def fragment(name: str) -> Callable[..., Markup]:
    """A macro of ``templates/site/terms.html`` (``anchor``, ``literal``), callable from Python."""
    macro: Callable[..., Markup] = getattr(template("site/terms.html").module, name)
    return macro


class Statement(NamedTuple):
    """A triple of a resource's documents with the strings it is sorted by: subject, predicate, object."""

    subject: str
    predicate: str
    object: str  # in N-Triples, so a resource's statements sort the same in every run
    term: Term  # the object itself
    triple: ox.Triple


class Quote(NamedTuple):
    """An evidence quote on a resource page: its anchor, text, case study (a link) and source lines."""

    anchor: str
    exact: str
    case: str | None
    start: str
    end: str


class Site:
    """Indexes the mapped quads once and renders the page and documents of every resource.

    One pass over the quads groups the triples by the site path of their subject, notes what
    refers to each resource, picks labels and indexes the evidence quotes; rendering a resource
    then touches only its own triples.
    """

    def __init__(self, mapped: MappedDataset, base: str, ontology: Path | None = None) -> None:
        self.base = base
        self.paths: dict[str, str | None] = {}
        self.folders: dict[tuple[str, str], str] = {}
        self.links: dict[tuple[str, str], Markup] = {}  # (page folder, IRI) → link
        self.outgoing: dict[str, list[Statement]] = defaultdict(list)
        self.incoming: dict[str, set[tuple[str, str]]] = defaultdict(set)  # (subject, predicate)
        self.exact: dict[Term, str] = {}
        self.size = 0
        self.classes: Counter[str] = Counter()
        self.properties: Counter[str] = Counter()
        self.subjects: set[Term] = set()
        ranked: dict[str, tuple[int, str]] = {}
        seen: set[ox.Triple] = set()
        for quad in mapped.quads:
            triple = quad.triple
            if triple in seen:  # the same triple in several graphs is one triple of the site
                continue
            seen.add(triple)
            s, p, o = triple.subject, triple.predicate, triple.object
            predicate = p.value
            self.properties[predicate] += 1
            self.subjects.add(s)
            if predicate == RDF_TYPE:
                self.classes[lexical(o)] += 1
            elif predicate == OA_EXACT and isinstance(o, ox.Literal):
                self.exact.setdefault(s, o.value)
            if not isinstance(s, ox.NamedNode):
                continue
            subject = s.value
            if predicate in LABEL_RANK and isinstance(o, ox.Literal) and o.language in (None, "en"):
                rank = LABEL_RANK[predicate]
                if subject not in ranked or rank < ranked[subject][0]:
                    ranked[subject] = (rank, o.value)
            path = self.path_of(subject)
            if path:
                self.outgoing[path].append(Statement(subject, predicate, str(o), o, triple))
            if isinstance(o, ox.NamedNode) and (target := self.path_of(o.value)) and target != path:
                self.incoming[target].add((subject, predicate))
                self.outgoing.setdefault(target, [])  # a resource only referred to still gets its page
        self.size = len(seen)
        for name in mapped.graph_names():
            path = self.path_of(name)
            if path:
                self.outgoing.setdefault(path, [])
        self.labels = {subject: label for subject, (_, label) in ranked.items()}
        if ontology is not None:  # for the ontology's terms when the dataset was mapped without it
            for subject, label in ontology_labels(ontology).items():
                self.labels.setdefault(subject, label)

    def path_of(self, iri: str) -> str | None:
        if iri not in self.paths:
            self.paths[iri] = site_path(iri, self.base)
        return self.paths[iri]

    def href(self, page_folder: str, to_file: str) -> str:
        """A relative link from a page in ``page_folder`` to a site file (one relpath per pair of folders)."""
        folder, _, name = to_file.rpartition("/")
        key = (page_folder, folder)
        if key not in self.folders:
            self.folders[key] = os.path.relpath(folder or ".", page_folder or ".").replace(os.sep, "/")
        up = self.folders[key]
        return name if up == "." else f"{up}/{name}"

    # -- names and links ------------------------------------------------------------------

    def label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri.rsplit("/", 1)[-1]

    def link(self, page_folder: str, term: Term) -> str:
        """The term on a page in ``page_folder``: a link (``Markup``) for an IRI, a literal with its
        language or datatype (``Markup``), or plain text that the page template escapes."""
        if isinstance(term, ox.NamedNode):
            return self.iri_link(page_folder, term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return fragment("literal")(term.value, f"@{term.language}")
            if term.datatype.value != XSD_STRING:
                return fragment("literal")(term.value, self.label(term.datatype.value))
            return term.value
        return lexical(term)

    def iri_link(self, page_folder: str, iri: str) -> Markup:
        key = (page_folder, iri)
        if key not in self.links:
            self.links[key] = fragment("anchor")(self.iri_href(page_folder, iri), self.label(iri))
        return self.links[key]

    def iri_href(self, page_folder: str, iri: str) -> str:
        """Where a link to ``iri`` leads from a page in ``page_folder``: its page, the ontology, or itself."""
        target = self.path_of(iri)
        if target is not None and target in self.outgoing:
            anchor = iri.split("#", 1)[1] if "#" in iri else ""
            return self.href(page_folder, f"{target}.html") + (f"#{anchor}" if anchor else "")
        if iri.startswith(HK_NS):
            return self.href(page_folder, "ontology/index.html") + "#" + iri.rsplit("#", 1)[1]
        return iri

    # -- documents ------------------------------------------------------------------------

    def documents(self, path: str, citation_text: str) -> dict[str, bytes]:
        """The page and the three RDF documents of one resource, by file extension."""
        statements = sorted(self.outgoing[path])
        triples = [statement.triple for statement in statements]
        nodes = self.jsonld_nodes(statements)
        ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        prefixes = {prefix: namespace for prefix, namespace, needle in PREFIX_NEEDLES if needle in ntriples}
        return {
            "html": self.page(path, statements, jsonld_text(nodes), citation_text).encode("utf-8"),
            "ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"",
            "nt": ntriples,
            "jsonld": jsonld_text(nodes, lines=True).encode("utf-8"),
        }

    @staticmethod
    def jsonld_nodes(statements: list[Statement]) -> list[str]:
        """The JSON-LD node of each subject (sorted) in compact JSON, for the page and the document."""
        nodes: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, _, o, _ in statements:
            if predicate == RDF_TYPE:
                nodes[subject]["@type"].append(lexical(o))
            elif isinstance(o, ox.NamedNode):
                nodes[subject][predicate].append({"@id": o.value})
            elif isinstance(o, ox.BlankNode):
                nodes[subject][predicate].append({"@id": str(o)})
            elif isinstance(o, ox.Literal):
                value: dict[str, str] = {"@value": o.value}
                if o.language:
                    value["@language"] = o.language
                elif o.datatype.value != XSD_STRING:
                    value["@type"] = o.datatype.value
                nodes[subject][predicate].append(value)
        return [
            json.dumps({"@id": s, **props}, ensure_ascii=False, sort_keys=True)
            for s, props in sorted(nodes.items())
        ]

    # -- pages ----------------------------------------------------------------------------

    def iri_of(self, path: str) -> str:
        """The IRI of the resource whose page is at ``path``."""
        iri = self.base + path if site_path(self.base + path, self.base) == path else DEFAULT_BASE + path
        return iri.removesuffix("index") if path.endswith("/index") else iri

    def search_entries(self) -> list[tuple[str, str, str, list[str]]]:
        """For the home page's search box: each resource's page, kind, label and other names."""
        entries = []
        for path in sorted(self.outgoing):
            iri = self.iri_of(path)
            label = self.label(iri)
            parts = path.split("/")
            kind = parts[1] if parts[0] in ("id", "vocab") and len(parts) > 2 else parts[0]
            aliases = sorted(
                {
                    s.term.value
                    for s in self.outgoing[path]
                    if s.subject == iri and s.predicate in ALIASES and isinstance(s.term, ox.Literal)
                }
                - {label}
            )
            entries.append((f"{path}.html", kind, label, aliases))
        return entries

    def page(self, path: str, statements: list[Statement], jsonld: str, citation_text: str) -> str:
        iri = self.iri_of(path)
        folder = path.rpartition("/")[0]
        own = [statement for statement in statements if statement.subject == iri]
        fragments: dict[str, list[Statement]] = defaultdict(list)
        for statement in statements:
            if statement.subject != iri:
                fragments[statement.subject].append(statement)
        incoming = sorted(self.incoming.get(path, set()), key=lambda t: (t[1], t[0]))
        name = path.rsplit("/", 1)[-1]
        return template("site/resource.html").render(
            iri=iri,
            title=self.label(iri),
            root=self.href(folder, "index.html").removesuffix("index.html"),
            documents=[(name + suffix, media_type, text) for suffix, media_type, text in ALTERNATES],
            jsonld=Markup(escape_json(jsonld)),
            kinds=[self.link(folder, t.term) for t in own if t.predicate == RDF_TYPE],
            rows=[
                (self.iri_link(folder, t.predicate), self.link(folder, t.term))
                for t in own
                if t.predicate != RDF_TYPE
            ],
            quotes=self.evidence(folder, own, fragments),
            incoming=[(self.iri_link(folder, s), self.iri_link(folder, p)) for s, p in incoming],
            citation=citation_text,
            licence=LICENCE,
        )

    def evidence(
        self, folder: str, own: list[Statement], fragments: dict[str, list[Statement]]
    ) -> list[Quote]:
        """The evidence quotes of a resource, in the order of its statements."""
        quotes = []
        for statement in own:
            if statement.predicate != HK_EVIDENCE:
                continue
            evidence = lexical(statement.term)
            facts = fragments.get(evidence, [])
            selectors = sorted((t.term for t in facts if t.predicate == OA_SELECTOR), key=str)
            case = next((t.term for t in facts if t.predicate == HK_CASE), None)
            quotes.append(
                Quote(
                    anchor=evidence.split("#", 1)[1] if "#" in evidence else "",
                    exact=next((self.exact[s] for s in selectors if s in self.exact), ""),
                    case=self.link(folder, case) if case is not None else None,
                    start=next((lexical(t.term) for t in facts if t.predicate == HK_LINE_START), ""),
                    end=next((lexical(t.term) for t in facts if t.predicate == HK_LINE_END), ""),
                )
            )
        return quotes


def jsonld_text(nodes: list[str], *, lines: bool = False) -> str:
    """A JSON-LD document of the nodes with the site's prefixes as context; with ``lines``, a node a line.

    Compact, it is what ``json.dumps(..., sort_keys=True)`` gives for the whole document.
    """
    if not lines:
        return f'{{"@context": {CONTEXT}, "@graph": [{", ".join(nodes)}]}}'
    graph = "[\n  " + ",\n  ".join(nodes) + "\n ]" if nodes else "[]"
    return f'{{\n "@context": {CONTEXT},\n "@graph": {graph}\n}}\n'


def lexical(term: Term) -> str:
    """What the site shows of a term: an IRI, a literal's text, a blank node's id (rdflib's ``str``)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def ontology_labels(ontology: Path) -> dict[str, str]:
    """The labels of the ontology file's terms, by the same preference as the site's."""
    ranked: dict[str, tuple[int, str]] = {}
    with ontology.open("rb") as handle:
        for triple in ox.parse(handle, format=ox.RdfFormat.TURTLE, base_iri=ontology.resolve().as_uri()):
            s, p, o = triple.subject, triple.predicate, triple.object
            rank = LABEL_RANK.get(p.value)
            if rank is None or not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal):
                continue
            if o.language in (None, "en") and (s.value not in ranked or rank < ranked[s.value][0]):
                ranked[s.value] = (rank, o.value)
    return {subject: label for subject, (_, label) in ranked.items()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def metadata_graph(
    corpus: Corpus,
    site: Site,
    base: str,
    dumps: dict[str, Path],
    version: str,
    endpoint: str | None,
    checksums: dict[Path, str],
) -> Graph:
    """VoID and DCAT (DCAT-AP) descriptions of the dataset, its dumps and its SPARQL endpoint.

    ``checksums`` holds the SHA-256 of each file in ``dumps``.
    """

    def void(name: str) -> URIRef:
        return URIRef(VOID + name)

    def dcat(name: str) -> URIRef:
        return URIRef(DCAT + name)

    def spdx(name: str) -> URIRef:
        return URIRef(SPDX + name)

    g = Graph(bind_namespaces="none")
    for prefix, namespace in (
        ("void", VOID),
        ("dcat", DCAT),
        ("spdx", SPDX),
        ("dcterms", str(DCTERMS)),
        ("foaf", str(FOAF)),
        ("rdfs", str(RDFS)),
        ("xsd", str(XSD)),
        ("owl", str(OWL)),
    ):
        g.bind(prefix, namespace)
    dataset, catalog = URIRef(f"{base}dataset"), URIRef(f"{base}catalog")
    publisher = URIRef(f"{base}id/agent/hamkori-project")
    book = URIRef(f"{base}id/book/{corpus.book.id}")
    licence = URIRef(LICENCE)
    title = Literal(
        "Hamkori: partnerships between civil society, the state and donors in Tajikistan", lang="en"
    )
    description = Literal(
        "A knowledge graph of the 18 case studies of 'Civil Society Development in Tajikistan' "
        "(Allavida, 2007): organizations, government bodies by level, donors, projects, contributions and "
        "partnerships, each fact with its source lines and a short verbatim quote.",
        lang="en",
    )
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal("Hamkori project")))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((catalog, RDF.type, dcat("Catalog")))
    g.add((catalog, DCTERMS.title, Literal("Hamkori data catalogue", lang="en")))
    g.add(
        (catalog, DCTERMS.description, Literal("The datasets published by the Hamkori project.", lang="en"))
    )
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, dcat("dataset"), dataset))
    for cls in (dcat("Dataset"), void("Dataset")):
        g.add((dataset, RDF.type, cls))
    g.add((dataset, DCTERMS.title, title))
    g.add((dataset, DCTERMS.description, description))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCTERMS.license, licence))
    # DCAT-AP wants a dcat:Dataset as dct:source: the book's extracted text, which the data was
    # made from (kept for verification, not published); the book itself is its source in turn.
    source_text = URIRef(f"{base}dataset#source-text")
    g.add((dataset, DCTERMS.source, source_text))
    g.add((source_text, RDF.type, dcat("Dataset")))
    g.add((source_text, DCTERMS.title, Literal(f"Extracted text of '{corpus.book.title}'", lang="en")))
    g.add(
        (
            source_text,
            DCTERMS.description,
            Literal(
                "The PDF-extracted text of pages 32 to the end of the book. All rights reserved: kept by "
                "the project to verify evidence quotes, not published.",
                lang="en",
            ),
        )
    )
    g.add((source_text, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), book))
    g.add((source_text, DCTERMS.bibliographicCitation, Literal(citation(corpus))))
    g.add((dataset, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), book))
    g.add((dataset, DCTERMS.issued, Literal(ISSUED, datatype=XSD.date)))
    g.add((dataset, OWL.versionInfo, Literal(version)))
    g.add((dataset, URIRef(DCAT + "version"), Literal(version)))
    g.add((dataset, DCTERMS.bibliographicCitation, Literal(f"Hamkori {version}. Source: {citation(corpus)}")))
    g.add((dataset, void("uriSpace"), Literal(f"{base}id/")))
    g.add((dataset, void("triples"), Literal(site.size, datatype=XSD.integer)))
    entities = {
        s.value for s in site.subjects if isinstance(s, ox.NamedNode) and s.value.startswith(f"{base}id/")
    }
    g.add((dataset, void("entities"), Literal(len(entities), datatype=XSD.integer)))
    g.add((dataset, void("distinctSubjects"), Literal(len(site.subjects), datatype=XSD.integer)))
    for vocabulary in sorted({str(HK), *PREFIXES.values()} - {str(XSD), str(RDF)}):
        g.add((dataset, void("vocabulary"), URIRef(vocabulary)))
    for number, (class_iri, count) in enumerate(sorted(site.classes.items())):
        partition = URIRef(f"{base}dataset#class-{number}")
        g.add((dataset, void("classPartition"), partition))
        g.add((partition, void("class"), URIRef(class_iri)))
        g.add((partition, void("entities"), Literal(count, datatype=XSD.integer)))
    for number, (prop, count) in enumerate(sorted(site.properties.items())):
        partition = URIRef(f"{base}dataset#property-{number}")
        g.add((dataset, void("propertyPartition"), partition))
        g.add((partition, void("property"), URIRef(prop)))
        g.add((partition, void("triples"), Literal(count, datatype=XSD.integer)))
    for example in [*sorted(entities)[:1], f"{base}id/organization/{corpus.cases[0].organization}"]:
        g.add((dataset, void("exampleResource"), URIRef(example)))
    if endpoint:
        g.add((dataset, void("sparqlEndpoint"), URIRef(endpoint)))
    for name, path in sorted(dumps.items()):
        url = URIRef(f"{base}dumps/{path.name}")
        distribution = URIRef(f"{base}dataset#distribution-{name}")
        checksum = URIRef(f"{base}dataset#checksum-{name}")
        media = formats.by_suffix(path.suffix).media_type
        g.add((dataset, dcat("distribution"), distribution))
        g.add((dataset, void("dataDump"), url))
        g.add((distribution, RDF.type, dcat("Distribution")))
        g.add((distribution, DCTERMS.title, Literal(f"Hamkori {version}, {path.name}", lang="en")))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((distribution, dcat("accessURL"), url))
        g.add((distribution, dcat("downloadURL"), url))
        g.add((distribution, dcat("mediaType"), URIRef(IANA + media)))
        g.add((URIRef(IANA + media), RDF.type, DCTERMS.MediaType))
        g.add((distribution, dcat("byteSize"), Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        g.add((distribution, DCTERMS.license, licence))
        g.add((distribution, spdx("checksum"), checksum))
        g.add((checksum, RDF.type, spdx("Checksum")))
        g.add((checksum, spdx("algorithm"), spdx("checksumAlgorithm_sha256")))
        g.add((spdx("checksumAlgorithm_sha256"), RDF.type, spdx("ChecksumAlgorithm")))
        g.add((checksum, spdx("checksumValue"), Literal(checksums[path], datatype=XSD.hexBinary)))
    return g


def write_tables(corpus: Corpus, folder: Path, base: str) -> dict[str, Path]:
    """CSV tables of organizations, projects, contributions and partnerships for spreadsheets and R."""
    folder.mkdir(parents=True, exist_ok=True)

    def iri(kind: str, id: str) -> str:
        return f"{base}id/{kind}/{id}"

    tables: dict[str, tuple[list[str], Iterable[list[object]]]] = {
        "organizations": (
            ["iri", "name", "class", "sector", "level", "aliases"],
            (
                [iri("organization", o.id), o.name, o.cls, o.sector, o.level or "", "; ".join(o.aliases)]
                for o in corpus.organizations
            ),
        ),
        "projects": (
            ["iri", "title", "case", "led_by", "start_year", "end_year", "total", "currency", "sectors"],
            (
                [
                    iri("project", p.id),
                    p.title,
                    p.case,
                    iri("organization", p.led_by),
                    p.start_year or "",
                    p.end_year or "",
                    p.total.amount if p.total else "",
                    p.total.currency if p.total else "",
                    "; ".join(p.sectors),
                ]
                for p in corpus.projects
            ),
        ),
        "contributions": (
            ["iri", "project", "contributor", "amount", "currency", "kind", "role"],
            (
                [
                    iri("contribution", c.id),
                    iri("project", c.project),
                    c.by,
                    c.money.amount if c.money else "",
                    c.money.currency if c.money else "",
                    c.kind,
                    c.role,
                ]
                for p in corpus.projects
                for c in p.contributions
            ),
        ),
        "partnerships": (
            ["iri", "case", "cso", "state", "forms", "project"],
            (
                [
                    iri("partnership", p.id),
                    p.case,
                    iri("organization", p.cso),
                    iri("organization", p.state),
                    "; ".join(p.forms),
                    iri("project", p.project) if p.project else "",
                ]
                for p in corpus.partnerships
            ),
        ),
    }
    written = {}
    for name, (header, rows) in tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(safe_row(header))
            writer.writerows(safe_row(row) for row in rows)
        written[name] = path
    return written


# The site's data are open: a page of any origin may read them (CORS), redirects and errors too
# ("always"), which a browser needs to follow a 303 across origins. Nothing there takes credentials.
CORS_APACHE = """<IfModule mod_headers.c>
    Header always set Access-Control-Allow-Origin "*"
    Header always merge Vary Accept
</IfModule>
"""


def conneg_rules(base: str) -> dict[str, str]:
    """Apache (.htaccess), nginx and w3id.org rules that answer a resource IRI with 303 by Accept,
    and let pages of any origin read the site's documents (``Access-Control-Allow-Origin: *``).

    tests/test_deploy_rules.py runs the Apache and nginx rules in the real servers.
    """
    roots = "|".join(r.rstrip("/") for r in RESOURCE_ROOTS)
    # Apache and nginx both match the Accept header as a regular expression, in which + is special.
    accept = {f.name: f.media_type.replace("+", "\\+") for f in DOCUMENTS}
    void = formats.get("turtle").media_type  # .well-known/void has no suffix to tell its type by
    add_types = "".join(f"AddType {f.media_type} {f.suffix}\n" for f in SERVED_RDF)
    rewrites = "".join(
        f"RewriteCond %{{HTTP_ACCEPT}} {accept[f.name]}\n"
        f"RewriteCond %{{REQUEST_FILENAME}}{f.suffix} -f\n"
        f"RewriteRule ^({roots})/.+$ %{{REQUEST_URI}}{f.suffix} [R=303,L]\n"
        for f in DOCUMENTS
    )
    htaccess = f"""# Hamkori: content negotiation for resource IRIs (Cool URIs, 303 See Other).
# Needs mod_rewrite, mod_headers and mod_mime, and AllowOverride FileInfo Options (or All).
Options -MultiViews
{CORS_APACHE}{add_types}<Files "void">
    ForceType {void}
</Files>
RewriteEngine On
# The target is the requested URL-path: a relative one would redirect to the file's path on disk.
{rewrites}RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^({roots})/.+$ %{{REQUEST_URI}}.html [R=303,L]
"""

    def types(served: Iterable[formats.Format]) -> str:
        return "types { " + " ".join(f"{f.media_type} {f.suffix[1:]};" for f in served) + " }"

    # A matching `if` overrides the ones above it; in reverse order, the format that wins is the first
    # of DOCUMENTS that Accept names, as in the Apache rules (both ignore q-values).
    choices = "".join(
        f"    if ($http_accept ~ {accept[f.name]}) {{ set $hamkori_ext {f.suffix}; }}\n"
        for f in reversed(DOCUMENTS)
    )
    rdf = "|".join(f.suffix[1:] for f in SERVED_RDF)
    nginx = f"""# Hamkori: content negotiation for resource IRIs, inside the server block for {base}
# (whose http block includes nginx's mime.types, as Debian's /etc/nginx/nginx.conf does).
# Any page may read the open data (CORS), redirects and errors included; GETs need no preflight.
# A types block replaces the whole MIME map where it stands, so RDF types are set per location.
add_header Access-Control-Allow-Origin "*" always;
location ~ ^/({roots})/ {{
    add_header Access-Control-Allow-Origin "*" always;  # a location's add_header hides the server's
    add_header Vary Accept always;
    {types((*DOCUMENTS, formats.get("html")))}
    set $hamkori_ext .html;
{choices}    if (-f $request_filename$hamkori_ext) {{ return 303 $uri$hamkori_ext; }}
    if (-f $request_filename.html) {{ return 303 $uri.html; }}
    try_files $uri =404;
}}
location ~ \\.({rdf})$ {{
    {types(SERVED_RDF)}
}}
location = /.well-known/void {{
    default_type {void};
}}
"""
    w3id = f"""# For https://github.com/perma-id/w3id.org: hamkori/.htaccess
# Forwards every Hamkori IRI to the host that serves build/site/, keeping the Accept header,
# so that the host's own rules (htaccess or nginx.conf) answer with 303 by content type.
{CORS_APACHE}RewriteEngine On
RewriteRule ^(.*)$ https://HOST-OF-THE-SITE/$1 [R=302,L]
# Base IRI of this build: {base}
"""
    return {".htaccess": htaccess, "nginx.conf": nginx, "w3id.htaccess": w3id}


def ontology_docs(ontology_file: Path, folder: Path, cache: Path | None = None) -> Path:
    """Ontology documentation made by pyLODE (self-contained HTML) next to the ontology itself.

    pyLODE takes seconds, and its page depends only on the ontology file and the versions of
    pyLODE and rdflib; with ``cache`` the page is kept there under a hash of those three and
    made again only when one of them changes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    versions = f"pylode {package_version('pylode')} rdflib {package_version('rdflib')}\n"
    digest = hashlib.sha256(versions.encode())
    digest.update(ontology_file.read_bytes())
    cached = cache / f"pylode-{digest.hexdigest()}.html" if cache is not None else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, page)
        return page
    root = logging.getLogger()
    level = root.level
    from pylode import OntPub  # type: ignore[import-untyped]

    try:
        root.setLevel(logging.WARNING)  # pyLODE logs its progress at INFO and DEBUG on the root logger
        text = OntPub(str(ontology_file)).make_html()
    finally:
        root.setLevel(level)
    text = text if text.endswith("\n") else text + "\n"
    page.write_text(text, encoding="utf-8")
    if cached is not None and cache is not None:
        try:
            for stale in cache.glob("pylode-*.html"):  # only the current ontology's page is worth keeping
                stale.unlink(missing_ok=True)
            write_text_atomically(cached, text)
        except OSError:  # a cache that cannot be written costs time, not the site
            pass
    return page


def index_page(
    corpus: Corpus,
    site: Site,
    library: dict[str, LibraryQuery],
    present: dict[str, str],
    version: str,
    dump_files: dict[str, Path],
    checksums: dict[Path, str],
) -> str:
    """The front page: what the dataset is, figures, citation, licence, dumps, queries, reports."""
    counts = Counter({cls.removeprefix(HK_NS): n for cls, n in site.classes.items() if cls.startswith(HK_NS)})
    csos = sum(1 for o in corpus.organizations if o.sector == "civil-society")
    donors = sum(1 for o in corpus.organizations if o.sector == "donor")
    rows = (
        ("Case studies", counts["CaseStudy"]),
        ("Organizations of every kind", len(corpus.organizations)),
        ("Civil society organizations", csos),
        ("Government bodies", counts["GovernmentBody"]),
        ("Funders (in the funding role of at least one contribution)", counts["Funder"]),
        ("Donors (actor sector: agencies, international NGOs, embassies)", donors),
        ("Projects", counts["Project"]),
        ("Contributions", counts["Contribution"]),
        ("Partnerships between CSOs and the state", counts["Partnership"]),
        ("Evidence quotes", counts["Evidence"]),
        ("Triples", site.size),
    )
    return render(
        "site/index.html",
        root="",
        book_title=corpus.book.title,
        version=version,
        year=ISSUED[:4],
        licence=LICENCE,
        citation=citation(corpus),
        figures=rows,
        dumps=[
            {"name": p.name, "size": p.stat().st_size, "sha256": checksums[p]} for p in dump_files.values()
        ],
        reports=present,
        cases=corpus.cases,
        queries=library.values(),
    )


def copy_tree(source: Path, target: Path) -> None:
    """Put the files of an earlier stage's folder into the site: hard links where the file system allows.

    A build is written into a new folder (``kg.project.generations``) and no file is edited in place,
    so a link is as good as a copy and costs no bytes or time.
    """
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, copy_function=link_or_copy)


def link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def write_site(
    folder: Path,
    *,
    corpus: Corpus,
    mapped: MappedDataset,
    paths: ProjectPaths,
    build: Path,
    library: dict[str, LibraryQuery],
    base: str = DEFAULT_BASE,
    version: str = __version__,
    endpoint: str | None = None,
    cache: Path | None = None,
    before_links: Callable[[], Any] | None = None,
) -> SiteResult:
    """Write the whole site into ``folder`` from the mapped quads and what earlier stages left in ``build``.

    What does not depend on the data (the pyLODE page of the ontology) is kept in ``cache``, by
    default the build's (``BuildLayout.ontology_cache``). ``before_links`` is called once the resource
    pages are written and before anything of ``build`` is taken in (``kg build`` finishes the network
    pages meanwhile).
    The same inputs give the same files, byte for byte.
    """
    layout = BuildLayout(build)
    site = Site(mapped, base, paths.ontology)
    write_resources(site, folder, citation(corpus))
    if before_links is not None:
        before_links()
    dumps_dir = folder / "dumps"
    copy_tree(layout.dumps, dumps_dir)
    dump_files = {p.name: p for p in sorted(dumps_dir.glob("*")) if p.is_file()}
    tables = write_tables(corpus, folder / "tables", base)
    write_listing(folder / "tables", "Hamkori CSV tables")
    ontology_folder = folder / "ontology"
    ontology_docs(paths.ontology, ontology_folder, layout.ontology_cache if cache is None else cache)
    shutil.copyfile(paths.ontology, ontology_folder / "hamkori.ttl")
    shutil.copyfile(paths.vocabularies, ontology_folder / "vocabularies.ttl")
    described = {**dump_files, **{f"{k}.csv": v for k, v in tables.items()}}
    checksums = {path: sha256(path) for path in described.values()}
    metadata = metadata_graph(corpus, site, base, described, version, endpoint, checksums)
    text = turtle(metadata)
    (folder / "void.ttl").write_text(text, encoding="utf-8")
    (folder / "catalog.ttl").write_text(text, encoding="utf-8")
    (folder / ".well-known").mkdir(exist_ok=True)
    (folder / ".well-known" / "void").write_text(text, encoding="utf-8")
    for name, rules in conneg_rules(base).items():
        target = folder / ("deploy" if name != ".htaccess" else "") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rules, encoding="utf-8")
    present: dict[str, str] = {}
    for source, title, entry in (
        (layout.analysis, "Network analysis report", "report.html"),
        (layout.viz, "Interactive network visualizations", "index.html"),
        (layout.validation, "Validation report", "report.txt"),
    ):
        if source.is_dir():
            copy_tree(source, folder / source.name)
            present[title] = f"{source.name}/{entry}"
    releases = layout.releases
    copy_tree(releases, folder / "releases")
    (folder / "releases").mkdir(exist_ok=True)
    (folder / "releases" / "index.html").write_text(_releases_page(releases), encoding="utf-8")
    (folder / "index.html").write_text(
        index_page(corpus, site, library, present, version, dump_files, checksums), encoding="utf-8"
    )
    (folder / guide.PAGE).write_text(guide.guide_page(paths.ontology, paths.vocabularies), encoding="utf-8")
    write_query_page(folder, site, library, base)
    files = sum(len(names) for _, _, names in os.walk(folder))
    return SiteResult(folder, len(site.outgoing), files)


def write_query_page(folder: Path, site: Site, library: dict[str, LibraryQuery], base: str) -> None:
    """The query page (``sparql/index.html``), the packages and scripts it loads, the search index."""
    browser.copy_assets(folder)
    (folder / "sparql").mkdir(exist_ok=True)
    (folder / "sparql" / "index.html").write_text(query_page(site.size, library, base), encoding="utf-8")
    (folder / browser.SEARCH_INDEX).write_text(
        browser.search_index_script(site.search_entries()), encoding="utf-8"
    )


def query_page(triples: int, library: dict[str, LibraryQuery], base: str) -> str:
    """The site's query page for a dataset of ``triples`` triples (one folder below the site's root)."""
    config = browser.editor_config(library.values(), base=base, root="../", triples=triples)
    return render(
        "site/query.html",
        root="../",
        config=Markup(browser.config_json(config)),
        store=True,
        triples=triples,
        limit=browser.BROWSER_TRIPLES,
        dump=browser.DUMP,
    )


def write_resources(site: Site, folder: Path, citation_text: str) -> None:
    """Write the page and documents of every resource; a second thread writes while the next is rendered.

    Rendering holds the interpreter lock and creating files mostly waits in the kernel, so the two
    overlap; at most ``WINDOW`` rendered resources wait for the writer.
    """
    folders: set[str] = set()
    pending: deque[Future[None]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-writer") as writer:
        for path in sorted(site.outgoing):
            stem = os.path.join(folder, path)
            if (parent := os.path.dirname(stem)) not in folders:
                os.makedirs(parent, exist_ok=True)
                folders.add(parent)
            pending.append(writer.submit(_write_documents, stem, site.documents(path, citation_text)))
            if len(pending) > WINDOW:
                pending.popleft().result()
        while pending:
            pending.popleft().result()


def _write_documents(stem: str, documents: dict[str, bytes]) -> None:
    for extension, content in documents.items():
        with open(f"{stem}.{extension}", "wb") as handle:
            handle.write(content)


def turtle(graph: Graph) -> str:
    """A small rdflib graph (the site's metadata) as Turtle by Oxigraph, sorted, with the graph's prefixes."""
    triples = sorted(
        (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph),  # type: ignore[arg-type]
        key=str,
    )
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode("utf-8")


def _releases_page(releases: Path) -> str:
    names = (
        sorted((p for p in releases.iterdir() if p.is_dir()), key=lambda p: p.name)
        if releases.is_dir()
        else []
    )
    listed = [
        (p.name, [f.name for f in sorted(p.iterdir()) if f.is_file() and f.name != "SHA256SUMS"])
        for p in names
    ]
    return render("site/releases.html", root="../", releases=listed)


def make_release(build: Path, version: str) -> Path:
    """Copy the dumps into ``build/releases/VERSION`` with SHA256SUMS, and refresh ``latest``.

    Raises:
        ValueError: the version is not X.Y.Z, or that release exists already with other content.
    """
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        raise ValueError(f"release versions are X.Y.Z, not {version!r}")
    layout = BuildLayout(build)
    target = layout.releases / version
    staging = layout.releases / f".{version}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for path in sorted(layout.dumps.glob("*")):
        shutil.copyfile(path, staging / path.name)
    sums = "".join(f"{sha256(p)}  {p.name}\n" for p in sorted(staging.iterdir()))
    (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")
    if target.exists():
        old = (target / "SHA256SUMS").read_text(encoding="utf-8") if (target / "SHA256SUMS").exists() else ""
        if old != sums:
            shutil.rmtree(staging)
            raise ValueError(f"release {version} exists with other content; releases are never overwritten")
        shutil.rmtree(staging)
    else:
        staging.rename(target)
    latest = layout.releases / "latest"
    shutil.rmtree(latest, ignore_errors=True)
    shutil.copytree(target, latest)
    return target
