"""The linked-data site: a page and three RDF documents for every resource, dumps, metadata, docs.

``write_site`` lays out ``build/site/`` so that an ordinary web server can publish it under the
base IRI: the resource ``{base}id/organization/vo-sino`` has ``id/organization/vo-sino.html``,
``.ttl``, ``.nt`` and ``.jsonld``; the server answers the extension-less IRI with
``303 See Other`` to one of them by ``Accept`` (``kg serve`` does; ``.htaccess`` and nginx rules
for static hosts are generated). Nothing on the pages loads from the network, and every string
from the data is HTML-escaped.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import logging
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from kg import __version__
from kg.dump import DUMP_FORMATS, named_graphs
from kg.mapping import citation
from kg.namespaces import DEFAULT_BASE, HK, OA, PREFIXES
from kg.pages import write_listing
from kg.paths import ProjectPaths
from kg.query import LibraryQuery
from kg.records import Corpus

DOCUMENTS = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
RESOURCE_ROOTS = ("id/", "graph/", "vocab/")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
ISSUED = "2026-11-27"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)

CSS = """body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem 2rem;
  color: #222; line-height: 1.45; }
header, footer { color: #555; font-size: .85rem; }
footer { border-top: 1px solid #ddd; margin-top: 2rem; }
table { border-collapse: collapse; font-size: .9rem; }
td, th { border-bottom: 1px solid #e4e4e4; padding: .2rem .6rem; vertical-align: top; text-align: left; }
th { color: #555; font-weight: 600; white-space: nowrap; }
code { font-size: .85rem; }
blockquote { border-left: 3px solid #0072B2; margin: .5rem 0; padding: .2rem .8rem; }
.kind { color: #555; } .alt a { margin-right: .8rem; }"""


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


def relative(from_page: str, to_file: str) -> str:
    """A relative link from one site file to another."""
    return os.path.relpath(to_file, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def escape_json(text: str) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' that could close the element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Site:
    """Indexes the dataset once and writes the pages and documents of every resource."""

    def __init__(self, dataset: Dataset, base: str, ontology: Graph) -> None:
        self.base = base
        self.union = Graph()
        for name in named_graphs(dataset):
            for triple in dataset.graph(name):
                self.union.add(triple)
        self.ontology = ontology
        self.outgoing: dict[str, list[tuple[URIRef, URIRef, object]]] = defaultdict(list)
        self.incoming: dict[str, set[tuple[URIRef, URIRef]]] = defaultdict(set)
        for s, p, o in self.union:
            if isinstance(s, BNode):
                continue
            path = site_path(str(s), base)
            if path:
                self.outgoing[path].append((s, p, o))  # type: ignore[arg-type]
            if isinstance(o, URIRef) and (target := site_path(str(o), base)) and target != path:
                self.incoming[target].add((s, p))  # type: ignore[arg-type]
                self.outgoing.setdefault(target, [])  # a resource only referred to still gets its page
        for name in named_graphs(dataset):
            path = site_path(str(name), base)
            if path:
                self.outgoing.setdefault(path, [])
        self.labels: dict[str, str] = {}
        for graph in (self.ontology, self.union):
            for predicate in reversed(LABELS):
                for s, o in graph.subject_objects(predicate):
                    if isinstance(o, Literal) and (o.language in (None, "en")):
                        self.labels[str(s)] = str(o)

    # -- names and links ------------------------------------------------------------------

    def label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri.rsplit("/", 1)[-1]

    def link(self, page: str, term: object) -> str:
        if isinstance(term, URIRef):
            text = html.escape(self.label(str(term)))
            target = site_path(str(term), self.base)
            if target is not None and target in self.outgoing:
                fragment = str(term).split("#", 1)[1] if "#" in str(term) else ""
                href = relative(page, f"{target}.html") + (f"#{fragment}" if fragment else "")
                return f'<a href="{html.escape(href)}">{text}</a>'
            if str(term).startswith(str(HK)):
                href = relative(page, "ontology/index.html") + "#" + str(term).rsplit("#", 1)[1]
                return f'<a href="{html.escape(href)}">{text}</a>'
            return f'<a href="{html.escape(str(term))}">{text}</a>'
        if isinstance(term, Literal):
            suffix = ""
            if term.language:
                suffix = f' <span class="kind">@{html.escape(term.language)}</span>'
            elif term.datatype and term.datatype != XSD.string:
                suffix = f' <span class="kind">{html.escape(self.label(str(term.datatype)))}</span>'
            return html.escape(str(term)) + suffix
        return html.escape(str(term))

    # -- documents ------------------------------------------------------------------------

    def triples(self, path: str) -> list[tuple[URIRef, URIRef, object]]:
        return sorted(self.outgoing[path], key=lambda t: (str(t[0]), str(t[1]), t[2].n3()))  # type: ignore[attr-defined]

    def graph(self, path: str) -> Graph:
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for triple in self.triples(path):
            graph.add(triple)  # type: ignore[arg-type]
        return graph

    def ntriples(self, path: str) -> str:
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in self.triples(path))  # type: ignore[attr-defined]

    def jsonld(self, path: str) -> dict[str, object]:
        nodes: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in self.triples(path):
            key = "@type" if p == RDF.type else str(p)
            if key == "@type":
                nodes[str(s)][key].append(str(o))
            elif isinstance(o, URIRef):
                nodes[str(s)][key].append({"@id": str(o)})
            elif isinstance(o, Literal):
                value: dict[str, str] = {"@value": str(o)}
                if o.language:
                    value["@language"] = o.language
                elif o.datatype and o.datatype != XSD.string:
                    value["@type"] = str(o.datatype)
                nodes[str(s)][key].append(value)
        graph = [{"@id": s, **{k: v for k, v in sorted(props.items())}} for s, props in sorted(nodes.items())]
        return {"@context": dict(PREFIXES), "@graph": graph}

    # -- pages ----------------------------------------------------------------------------

    def page(self, path: str, citation_text: str) -> str:
        iri = self.base + path if site_path(self.base + path, self.base) == path else DEFAULT_BASE + path
        iri = iri.removesuffix("index") if path.endswith("/index") else iri
        page_file = f"{path}.html"
        own = [t for t in self.triples(path) if str(t[0]) == iri]
        fragments: dict[str, list[tuple[URIRef, URIRef, object]]] = defaultdict(list)
        for triple in self.triples(path):
            if str(triple[0]) != iri:
                fragments[str(triple[0])].append(triple)
        title = self.label(iri)
        kinds = ", ".join(self.link(page_file, o) for s, p, o in own if p == RDF.type) or "resource"
        rows = "".join(
            f"<tr><th>{self.link(page_file, p)}</th><td>{self.link(page_file, o)}</td></tr>"
            for s, p, o in own
            if p != RDF.type
        )
        evidence = self.evidence_html(page_file, iri, own, fragments)
        incoming = sorted(self.incoming.get(path, set()), key=lambda t: (str(t[1]), str(t[0])))
        incoming_rows = "".join(
            f"<tr><td>{self.link(page_file, s)}</td><th>{self.link(page_file, p)}</th></tr>"
            for s, p in incoming
        )
        alternates = "".join(
            f'<link rel="alternate" type="{media}" href="{html.escape(path.rsplit("/", 1)[-1])}.{ext}">'
            for ext, media in DOCUMENTS.items()
        )
        alt_links = " ".join(
            f'<a href="{html.escape(path.rsplit("/", 1)[-1])}.{ext}">{ext.upper()}</a>' for ext in DOCUMENTS
        )
        jsonld = escape_json(json.dumps(self.jsonld(path), ensure_ascii=False, sort_keys=True))
        home = relative(page_file, "index.html")
        body = (
            f'<header><a href="{home}">Hamkori</a> · <code>{html.escape(iri)}</code></header>'
            f'<h1>{html.escape(title)}</h1><p class="kind">{kinds}</p>'
            f'<p class="alt">This resource as: {alt_links}</p>'
            f"<table>{rows}</table>{evidence}"
            + (f"<h2>Referred to by</h2><table>{incoming_rows}</table>" if incoming_rows else "")
            + f"<footer>Source: {html.escape(citation_text)} Data licensed "
            f'<a href="{LICENCE}">CC BY 4.0</a>.</footer>'
        )
        return (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} — Hamkori</title>{alternates}<style>{CSS}</style>"
            f'<script type="application/ld+json">{jsonld}</script>'
            f"</head><body>{body}</body></html>\n"
        )

    def evidence_html(
        self,
        page_file: str,
        iri: str,
        own: list[tuple[URIRef, URIRef, object]],
        fragments: dict[str, list[tuple[URIRef, URIRef, object]]],
    ) -> str:
        quotes = []
        for _, p, evidence in own:
            if p != HK.evidence:
                continue
            facts = {(str(q), o) for _, q, o in fragments.get(str(evidence), [])}
            selectors = [o for q, o in facts if q == str(OA.hasSelector)]
            exact = next(
                (str(o) for s, q, o in self.union.triples((None, OA.exact, None)) if s in selectors), ""
            )
            case = next((o for q, o in facts if q == str(HK.caseStudy)), None)
            start = next((str(o) for q, o in facts if q == str(HK.lineStart)), "")
            end = next((str(o) for q, o in facts if q == str(HK.lineEnd)), "")
            anchor = str(evidence).split("#", 1)[1] if "#" in str(evidence) else ""
            where = f"{self.link(page_file, case)}, " if case is not None else ""
            quotes.append(
                f'<blockquote id="{html.escape(anchor)}">“{html.escape(exact)}”<br>'
                f'<span class="kind">{where}lines {html.escape(start)}–{html.escape(end)}</span></blockquote>'
            )
        return ("<h2>Evidence</h2>" + "".join(quotes)) if quotes else ""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def metadata_graph(
    corpus: Corpus, site: Site, base: str, dumps: dict[str, Path], version: str, endpoint: str | None
) -> Graph:
    """VoID and DCAT (DCAT-AP) descriptions of the dataset, its dumps and its SPARQL endpoint."""

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
    triples = len(site.union)
    g.add((dataset, void("triples"), Literal(triples, datatype=XSD.integer)))
    entities = {
        str(s) for s in site.union.subjects() if isinstance(s, URIRef) and str(s).startswith(f"{base}id/")
    }
    g.add((dataset, void("entities"), Literal(len(entities), datatype=XSD.integer)))
    g.add((dataset, void("distinctSubjects"), Literal(len(set(site.union.subjects())), datatype=XSD.integer)))
    for vocabulary in sorted({str(HK), *PREFIXES.values()} - {str(XSD), str(RDF)}):
        g.add((dataset, void("vocabulary"), URIRef(vocabulary)))
    classes: dict[str, int] = defaultdict(int)
    for _, type_ in site.union.subject_objects(RDF.type):
        classes[str(type_)] += 1
    for number, (class_iri, count) in enumerate(sorted(classes.items())):
        partition = URIRef(f"{base}dataset#class-{number}")
        g.add((dataset, void("classPartition"), partition))
        g.add((partition, void("class"), URIRef(class_iri)))
        g.add((partition, void("entities"), Literal(count, datatype=XSD.integer)))
    properties: dict[str, int] = defaultdict(int)
    for p in site.union.predicates():
        properties[str(p)] += 1
    for number, (prop, count) in enumerate(sorted(properties.items())):
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
        media = DUMP_MEDIA.get(path.name, "text/csv")
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
        g.add((checksum, spdx("checksumValue"), Literal(sha256(path), datatype=XSD.hexBinary)))
    return g


DUMP_MEDIA = {file: media for file, media in DUMP_FORMATS.values()} | {
    "context.jsonld": "application/ld+json"
}


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
            writer.writerow(header)
            writer.writerows(rows)
        written[name] = path
    return written


def conneg_rules(base: str) -> dict[str, str]:
    """Apache (.htaccess), nginx and w3id.org rules that answer a resource IRI with 303 by Accept."""
    roots = "|".join(r.rstrip("/") for r in RESOURCE_ROOTS)
    htaccess = f"""# Hamkori: content negotiation for resource IRIs (Cool URIs, 303 See Other).
Options -MultiViews
AddType text/turtle .ttl
AddType application/n-triples .nt
AddType application/ld+json .jsonld
RewriteEngine On
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteRule ^(({roots})/.+)$ $1.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/n-triples
RewriteCond %{{REQUEST_FILENAME}}.nt -f
RewriteRule ^(({roots})/.+)$ $1.nt [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteRule ^(({roots})/.+)$ $1.jsonld [R=303,L]
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(({roots})/.+)$ $1.html [R=303,L]
"""
    nginx = f"""# Hamkori: content negotiation for resource IRIs, inside the server block for {base}
types {{ text/turtle ttl; application/n-triples nt; application/ld+json jsonld; }}
map $http_accept $hamkori_ext {{
    default html;
    ~text/turtle ttl;
    ~application/n-triples nt;
    ~application/ld\\+json jsonld;
}}
location ~ ^/({roots})/ {{
    if (-f $request_filename.$hamkori_ext) {{ return 303 $uri.$hamkori_ext; }}
    try_files $uri =404;
}}
"""
    w3id = f"""# For https://github.com/perma-id/w3id.org: hamkori/.htaccess
# Forwards every Hamkori IRI to the host that serves build/site/, keeping the Accept header,
# so that the host's own rules (htaccess or nginx.conf) answer with 303 by content type.
RewriteEngine On
RewriteRule ^(.*)$ https://HOST-OF-THE-SITE/$1 [R=302,L]
# Base IRI of this build: {base}
"""
    return {".htaccess": htaccess, "nginx.conf": nginx, "w3id.htaccess": w3id}


def ontology_docs(ontology_file: Path, folder: Path) -> Path:
    """Ontology documentation made by pyLODE (self-contained HTML) next to the ontology itself."""
    root = logging.getLogger()
    level = root.level
    from pylode import OntPub  # type: ignore[import-untyped]

    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    try:
        root.setLevel(logging.WARNING)  # pyLODE logs its progress at INFO and DEBUG on the root logger
        text = OntPub(str(ontology_file)).make_html()
    finally:
        root.setLevel(level)
    page.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return page


def index_page(
    corpus: Corpus,
    site: Site,
    library: dict[str, LibraryQuery],
    present: dict[str, str],
    version: str,
    dump_files: dict[str, Path],
) -> str:
    """The front page: what the dataset is, figures, citation, licence, dumps, queries, reports."""
    counts: dict[str, int] = defaultdict(int)
    for _, cls in site.union.subject_objects(RDF.type):
        if str(cls).startswith(str(HK)):
            counts[str(cls).removeprefix(str(HK))] += 1
    csos = sum(1 for o in corpus.organizations if o.sector == "civil-society")
    rows = (
        ("Case studies", counts["CaseStudy"]),
        ("Organizations of every kind", len(corpus.organizations)),
        ("Civil society organizations", csos),
        ("Government bodies", counts["GovernmentBody"]),
        ("Donors (funders of at least one project)", counts["Donor"]),
        ("Projects", counts["Project"]),
        ("Contributions", counts["Contribution"]),
        ("Partnerships between CSOs and the state", counts["Partnership"]),
        ("Evidence quotes", counts["Evidence"]),
        ("Triples", len(site.union)),
    )
    figures = "".join(f"<tr><th>{html.escape(name)}</th><td>{number:,}</td></tr>" for name, number in rows)
    dumps = "".join(
        f'<li><a href="dumps/{html.escape(p.name)}">{html.escape(p.name)}</a> '
        f'<span class="kind">{p.stat().st_size:,} bytes, sha256 {sha256(p)[:16]}…</span></li>'
        for p in dump_files.values()
    )
    queries = "".join(
        f"<details><summary>{html.escape(q.name)} — {html.escape(q.title)}</summary>"
        f"<p>{html.escape(q.question)}</p><pre>{html.escape(q.text)}</pre></details>"
        for q in library.values()
    )
    reports = "".join(
        f'<li><a href="{html.escape(href)}">{html.escape(text)}</a></li>' for text, href in present.items()
    )
    cases = "".join(
        f'<li><a href="id/case/{html.escape(c.id)}.html">{c.number}. {html.escape(c.title)}</a></li>'
        for c in corpus.cases
    )
    body = f"""<h1>Hamkori</h1>
<p><b>Hamkori</b> ("cooperation" in Tajik) is a knowledge graph of partnerships between civil society
organizations, the state at its several levels, donors and projects in Tajikistan, built from the case
studies of <i>{html.escape(corpus.book.title)}</i>. Every project, contribution and partnership keeps its
case study, source lines and a short verbatim quote. Version {html.escape(version)}.</p>
<h2>Figures</h2><table>{figures}</table>
<h2>How to cite</h2><p>The book: {html.escape(citation(corpus))}</p>
<p>The dataset: Hamkori project. <i>Hamkori: a knowledge graph of state–civil society partnerships in
Tajikistan</i>, version {html.escape(version)}, {ISSUED[:4]}. Licensed <a href="{LICENCE}">CC BY 4.0</a>.
The book is "all rights reserved": only facts and short quotes are published here.</p>
<h2>Data</h2><ul>{dumps}<li><a href="tables/">CSV tables</a></li>
<li><a href="catalog.ttl">DCAT catalogue</a> and <a href="void.ttl">VoID description</a></li>
<li><a href="ontology/index.html">Ontology documentation</a> (<a href="ontology/hamkori.ttl">Turtle</a>,
<a href="ontology/vocabularies.ttl">vocabularies</a>)</li>
<li><a href="releases/index.html">Releases</a></li></ul>
<h2>Reports</h2><ul>{reports}</ul>
<h2>Case studies</h2><ol style="list-style: none; padding-left: 0">{cases}</ol>
<h2>Query library</h2><p>Run these with <code>kg query NAME</code> or at the SPARQL endpoint of
<code>kg serve</code>.</p>{queries}
<footer>Data licensed <a href="{LICENCE}">CC BY 4.0</a>.
No personal contact details are published.</footer>"""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Hamkori</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>\n"
    )


def copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def write_site(
    folder: Path,
    *,
    corpus: Corpus,
    dataset: Dataset,
    paths: ProjectPaths,
    build: Path,
    library: dict[str, LibraryQuery],
    base: str = DEFAULT_BASE,
    version: str = __version__,
    endpoint: str | None = None,
) -> SiteResult:
    """Write the whole site into ``folder`` from the dataset and what earlier stages left in ``build``."""
    ontology = Graph().parse(paths.ontology, format="turtle")
    site = Site(dataset, base, ontology)
    cite = citation(corpus)
    for path in sorted(site.outgoing):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.with_name(target.name + ".html").write_text(site.page(path, cite), encoding="utf-8")
        target.with_name(target.name + ".ttl").write_text(
            site.graph(path).serialize(format="turtle"), encoding="utf-8"
        )
        target.with_name(target.name + ".nt").write_text(site.ntriples(path), encoding="utf-8")
        target.with_name(target.name + ".jsonld").write_text(
            json.dumps(site.jsonld(path), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    dumps_dir = folder / "dumps"
    copy_tree(build / "dumps", dumps_dir)
    dump_files = {p.name: p for p in sorted(dumps_dir.glob("*")) if p.is_file()}
    tables = write_tables(corpus, folder / "tables", base)
    write_listing(folder / "tables", "Hamkori CSV tables")
    ontology_folder = folder / "ontology"
    ontology_docs(paths.ontology, ontology_folder)
    shutil.copyfile(paths.ontology, ontology_folder / "hamkori.ttl")
    shutil.copyfile(paths.vocabularies, ontology_folder / "vocabularies.ttl")
    metadata = metadata_graph(
        corpus, site, base, {**dump_files, **{f"{k}.csv": v for k, v in tables.items()}}, version, endpoint
    )
    text = metadata.serialize(format="turtle")
    (folder / "void.ttl").write_text(text, encoding="utf-8")
    (folder / "catalog.ttl").write_text(text, encoding="utf-8")
    (folder / ".well-known").mkdir(exist_ok=True)
    (folder / ".well-known" / "void").write_text(text, encoding="utf-8")
    for name, rules in conneg_rules(base).items():
        target = folder / ("deploy" if name != ".htaccess" else "") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rules, encoding="utf-8")
    present: dict[str, str] = {}
    for name, title, entry in (
        ("analysis", "Network analysis report", "report.html"),
        ("viz", "Interactive network visualizations", "index.html"),
        ("validation", "Validation report", "report.txt"),
    ):
        if (build / name).is_dir():
            copy_tree(build / name, folder / name)
            present[title] = f"{name}/{entry}"
    releases = build / "releases"
    copy_tree(releases, folder / "releases")
    (folder / "releases").mkdir(exist_ok=True)
    (folder / "releases" / "index.html").write_text(_releases_page(releases), encoding="utf-8")
    (folder / "index.html").write_text(
        index_page(corpus, site, library, present, version, dump_files), encoding="utf-8"
    )
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    return SiteResult(folder, len(site.outgoing), files)


def _releases_page(releases: Path) -> str:
    names = (
        sorted((p for p in releases.iterdir() if p.is_dir()), key=lambda p: p.name)
        if releases.is_dir()
        else []
    )
    items = "".join(
        f'<li><a href="{html.escape(p.name)}/SHA256SUMS">{html.escape(p.name)}</a>: '
        + ", ".join(
            f'<a href="{html.escape(p.name)}/{html.escape(f.name)}">{html.escape(f.name)}</a>'
            for f in sorted(p.iterdir())
            if f.is_file() and f.name != "SHA256SUMS"
        )
        + "</li>"
        for p in names
    )
    text = items or "<li>No release yet: <code>kg publish --release X.Y.Z</code> makes one.</li>"
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Releases</title>'
        f"<style>{CSS}</style></head><body><h1>Releases</h1><ul>{text}</ul>"
        f'<p><a href="../index.html">Hamkori</a></p></body></html>\n'
    )


def make_release(build: Path, version: str) -> Path:
    """Copy the dumps into ``build/releases/VERSION`` with SHA256SUMS, and refresh ``latest``.

    Raises:
        ValueError: the version is not X.Y.Z, or that release exists already with other content.
    """
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        raise ValueError(f"release versions are X.Y.Z, not {version!r}")
    target = build / "releases" / version
    staging = build / "releases" / f".{version}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for path in sorted((build / "dumps").glob("*")):
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
    latest = build / "releases" / "latest"
    shutil.rmtree(latest, ignore_errors=True)
    shutil.copytree(target, latest)
    return target
