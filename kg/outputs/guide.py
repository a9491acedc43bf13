"""Writing your own query: the model for query writers, from the ontology, the vocabularies and the examples.

One source for two readers: the site's page ``query-guide.html`` and the README's section "Write your
own query" are both made here, the classes and properties from ``ontology/hamkori.ttl``, the concepts
and their labels from ``ontology/vocabularies.ttl`` and the worked examples from Hamkori's
``queries/examples/*.rq`` (each run by ``tests/test_query_guide.py`` against the book's data, one
answer checked by hand). Nothing here is copied by hand from those files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.outputs.templating import render
from kg.project.paths import HAMKORI_HOME
from kg.query.library import HEADER
from kg.rdf.namespaces import HK, PREFIXES, VOCAB

EXAMPLES = HAMKORI_HOME / "queries" / "examples"
PAGE = "query-guide.html"
README_START = "<!-- query guide: made by kg.outputs.guide.readme_section; tests/test_query_guide.py -->"
README_END = "<!-- end of the query guide -->"


@dataclass(frozen=True)
class Example:
    """A worked example: ``queries/examples/NAME.rq``, its header and its SPARQL."""

    name: str
    title: str
    question: str
    note: str
    sparql: str


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology, as ``hk:Name``, with its label, comment and (for a
    property) its domain and range, each shortened to a prefixed name."""

    name: str
    label: str
    comment: str
    domain: str = ""
    range: str = ""
    parents: str = ""


@dataclass(frozen=True)
class Concept:
    code: str
    iri: str
    label: str


@dataclass(frozen=True)
class Scheme:
    name: str
    iri: str
    label: str
    concepts: tuple[Concept, ...]


def read_examples(folder: Path = EXAMPLES) -> list[Example]:
    """The worked examples of ``folder``, in the order of their file names (``01-…``, ``02-…``)."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        fields: dict[str, str] = {}
        lines = text.splitlines()
        while lines and lines[0].startswith("#"):
            if match := HEADER.match(lines.pop(0)):
                fields[match.group(1)] = match.group(2)
        name = path.stem
        sparql = "\n".join(lines).strip() + "\n"
        examples.append(
            Example(
                name, fields.get("title", name), fields.get("question", ""), fields.get("note", ""), sparql
            )
        )
    return examples


def prefixed(iri: str) -> str:
    """``hk:Project`` for an IRI of one of Hamkori's prefixes, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z][\w-]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(subject, predicate))
    return values[0] if values else ""


def _names(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    return ", ".join(
        sorted(prefixed(str(v)) for v in graph.objects(subject, predicate) if isinstance(v, URIRef))
    )


def ontology_terms(ontology: Path) -> tuple[list[Term], list[Term]]:
    """The ontology's own classes and properties (``hk:``), in the order of their names."""
    graph = Graph().parse(ontology, format="turtle")

    def ours(kind: URIRef) -> list[URIRef]:
        return sorted(
            {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(HK)}
        )

    def label(term: URIRef) -> str:
        """Its label, and for a deprecated term what replaces it: its IRI stays, its use does not."""
        text = _text(graph, term, RDFS.label)
        if graph.value(term, OWL.deprecated) != Literal(True):
            return text
        replaced = _names(graph, term, DCTERMS.isReplacedBy)
        return f"{text} (deprecated: use {replaced})" if replaced else f"{text} (deprecated)"

    classes = [
        Term(
            prefixed(c),
            label(c),
            _text(graph, c, RDFS.comment),
            parents=_names(graph, c, RDFS.subClassOf),
        )
        for c in ours(OWL.Class)
    ]
    properties = [
        Term(
            prefixed(p),
            label(p),
            _text(graph, p, RDFS.comment),
            domain=_names(graph, p, RDFS.domain),
            range=_names(graph, p, RDFS.range),
            parents=_names(graph, p, RDFS.subPropertyOf),
        )
        for p in sorted({*ours(OWL.ObjectProperty), *ours(OWL.DatatypeProperty)})
    ]
    return classes, properties


def vocabulary_schemes(vocabularies: Path) -> list[Scheme]:
    """Every concept scheme of the vocabularies with its concepts' codes, IRIs and preferred labels."""
    graph = Graph().parse(vocabularies, format="turtle")
    schemes = []
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)):
        concepts = sorted(
            (
                Concept(str(c).rsplit("/", 1)[-1], str(c), _text(graph, c, SKOS.prefLabel))
                for c in graph.subjects(SKOS.inScheme, scheme)
                if isinstance(c, URIRef)
            ),
            key=lambda concept: concept.code,
        )
        name = str(scheme).removeprefix(str(VOCAB))
        schemes.append(Scheme(name, str(scheme), _text(graph, scheme, SKOS.prefLabel), tuple(concepts)))
    return schemes


def guide_page(ontology: Path, vocabularies: Path, examples: list[Example] | None = None) -> str:
    """The site's page for query writers (``query-guide.html`` at the site's root)."""
    classes, properties = ontology_terms(ontology)
    return render(
        "site/query-guide.html",
        root="",
        prefixes=PREFIXES,
        classes=classes,
        properties=properties,
        schemes=vocabulary_schemes(vocabularies),
        examples=read_examples() if examples is None else examples,
        vocab=str(VOCAB),
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def readme_section(ontology: Path, vocabularies: Path, examples: list[Example] | None = None) -> str:
    """The README's generated part of "Write your own query" (Markdown), markers included."""
    classes, properties = ontology_terms(ontology)
    schemes = vocabulary_schemes(vocabularies)
    examples = read_examples() if examples is None else examples
    out = [README_START, ""]
    out.append("Prefixes declared for you (a query may still declare its own):")
    out.append("")
    out.append("| prefix | namespace |")
    out.append("|---|---|")
    out += [f"| `{prefix}:` | `{namespace}` |" for prefix, namespace in PREFIXES.items()]
    out += ["", f"<details><summary>The ontology's {len(classes)} classes</summary>", ""]
    out += ["| class | label | subclass of |", "|---|---|---|"]
    out += [f"| `{c.name}` | {_cell(c.label)} | {_cell(c.parents)} |" for c in classes]
    out += ["", "</details>", "", f"<details><summary>Its {len(properties)} properties</summary>", ""]
    out += ["| property | label | domain → range |", "|---|---|---|"]
    out += [f"| `{p.name}` | {_cell(p.label)} | {_cell(p.domain)} → {_cell(p.range)} |" for p in properties]
    concepts = sum(len(s.concepts) for s in schemes)
    out += ["", "</details>", ""]
    out.append(
        f"<details><summary>The {len(schemes)} vocabularies ({concepts} concepts): "
        f"IRIs <code>{VOCAB}SCHEME/CODE</code>, labels by <code>skos:prefLabel</code></summary>"
    )
    out.append("")
    for scheme in schemes:
        codes = ", ".join(f"`{c.code}` {c.label}" for c in scheme.concepts)
        out.append(f"- `{scheme.name}` ({scheme.label}): {codes}")
    out += ["", "</details>", ""]
    for number, example in enumerate(examples, start=1):
        out.append(
            f"**{number}. {example.title}** (`queries/examples/{example.name}.rq`). {example.question}"
        )
        if example.note:
            out.append(example.note)
        out += ["", "```sparql", example.sparql.rstrip("\n"), "```", ""]
    out.append(README_END)
    return "\n".join(out) + "\n"
