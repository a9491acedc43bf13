"""Every serialization format Hamkori reads or writes, one row each: name, media type, suffix, writer.

The endpoint, the workers, the stores, the table writers, the dumps and the site all look formats
up here, so adding a format is one row. A row says what the format holds (``kind``):

- ``results``: SPARQL query results (solutions and booleans), written by Oxigraph from a query
  and, for tables of rdflib terms, by a ``table`` writer;
- ``graph``: triples (CONSTRUCT and DESCRIBE answers, a resource's document);
- ``dataset``: quads in named graphs (the dumps);
- ``file``: anything else the site serves.

>>> get("turtle").media_type, get("turtle").suffix
('text/turtle', '.ttl')
>>> by_media_type("application/sparql-results+json").name
'json'
>>> by_suffix(".nq").name
'nquads'
>>> get("n3")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.UsageError: unknown format 'n3'; known formats: json, xml, csv, tsv, turtle, ...
"""

from __future__ import annotations

import csv
import io
import json
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import UsageError
from kg.rdf.cells import is_formula_like, safe_row
from kg.rdf.terms import Term

Rows = Sequence[Sequence[Term | None]]
TableWriter = Callable[[Sequence[str], Rows], str]
QueryResults = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Kind = typing.Literal["results", "graph", "dataset", "file"]


@dataclass(frozen=True)
class Format:
    """One serialization format and how each library writes it."""

    name: str
    media_type: str
    suffix: str  # with its dot, as pathlib's Path.suffix
    kind: Kind
    results: ox.QueryResultsFormat | None = None  # Oxigraph's writer of query results
    rdf: ox.RdfFormat | None = None  # Oxigraph's parser and writer of RDF
    rdflib: str | None = None  # rdflib's plugin name
    table: TableWriter | None = None  # a table of rdflib terms (kg.store.Table) as text
    charset: bool = True  # text: served with "; charset=utf-8"

    @property
    def content_type(self) -> str:
        """The HTTP Content-Type of a body in this format."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    def rdflib_name(self) -> str:
        """The name rdflib's ``parse`` and ``serialize`` know this format by.

        Raises:
            UsageError: if rdflib does not read or write this format.
        """
        if self.rdflib is None:
            raise UsageError(f"rdflib does not know {self.name}")
        return self.rdflib

    def write(self, results: QueryResults, output: typing.IO[bytes] | None = None) -> bytes:
        """A pyoxigraph query answer in this format; with ``output``, written there as it is
        produced (and ``b""`` returned), so that a writer can stop it part-way.

        Raises:
            UsageError: if this format cannot hold that kind of answer (a graph in CSV, solutions in Turtle).
        """
        if isinstance(results, ox.QueryTriples):
            if self.kind != "graph" or self.rdf is None:
                raise UsageError(
                    f"{self.name} cannot hold a graph; graph formats: {_names(of_kind('graph'))}"
                )
            return results.serialize(output, format=self.rdf) or b""
        if self.results is None:
            raise UsageError(f"{self.name} cannot hold query results; formats: {_names(of_kind('results'))}")
        # The endpoint's CSV and TSV answers are SPARQL 1.1 results for programs (clients parse them
        # as the standard says, and tests/test_formats.py checks each cell is the term's text), so
        # they are written as Oxigraph writes them, without the spreadsheet guard of kg.rdf.cells
        # that the files Hamkori writes for people (kg query, the site's and the report's tables) get.
        return results.serialize(output, format=self.results) or b""


def write_answer(results: QueryResults, solutions: Format, graph: Format) -> tuple[Format, bytes]:
    """A query answer in ``graph`` if it is triples, else in ``solutions``; with the format used."""
    used = graph if isinstance(results, ox.QueryTriples) else solutions
    return used, used.write(results)


# -- table writers (SPARQL 1.1 results of a table of rdflib terms) -----------------------------


def json_term(term: Term) -> dict[str, str]:
    """A term as a binding of SPARQL 1.1 Query Results JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    result = {"type": "literal", "value": str(term)}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD.string:
        result["datatype"] = str(term.datatype)
    return result


def term_from_json(binding: dict[str, str]) -> Term:
    """A term from a SPARQL JSON results binding, including Virtuoso's older 'typed-literal'."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    return Literal(value, lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def _table_json(columns: Sequence[str], rows: Rows) -> str:
    bindings = [{c: json_term(v) for c, v in zip(columns, row, strict=True) if v is not None} for row in rows]
    document = {"head": {"vars": list(columns)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _table_csv(columns: Sequence[str], rows: Rows) -> str:
    """Terms as their text; text a spreadsheet would run as a formula gets a ``'`` (kg.rdf.cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(safe_row(columns))
    for row in rows:
        writer.writerow(safe_row("" if v is None else str(v) for v in row))
    return out.getvalue()


def _table_tsv(columns: Sequence[str], rows: Rows) -> str:
    """Terms in their Turtle form; a literal a spreadsheet would run as a formula gets a ``'``.

    Spreadsheets drop the quotes of ``"=1+1"`` when they open a TSV file, so the ``'`` goes inside
    them, before the literal's text: ``"'=1+1"``.
    """
    lines = ["\t".join(f"?{c}" for c in columns)]
    lines += ["\t".join("" if v is None else _tsv_term(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    if isinstance(term, Literal) and is_formula_like(str(term)):
        datatype = None if term.language else term.datatype
        return Literal("'" + str(term), lang=term.language, datatype=datatype).n3()
    return term.n3()


# -- the registry ----------------------------------------------------------------------------

Q, R = ox.QueryResultsFormat, ox.RdfFormat
FORMATS: tuple[Format, ...] = (
    # Query results, in the order the endpoint prefers them.
    Format("json", "application/sparql-results+json", ".srj", "results", results=Q.JSON, table=_table_json),
    Format("xml", "application/sparql-results+xml", ".srx", "results", results=Q.XML),
    Format("csv", "text/csv", ".csv", "results", results=Q.CSV, table=_table_csv),
    Format("tsv", "text/tab-separated-values", ".tsv", "results", results=Q.TSV, table=_table_tsv),
    # Graphs: CONSTRUCT and DESCRIBE answers, a resource's documents.
    Format("turtle", "text/turtle", ".ttl", "graph", rdf=R.TURTLE, rdflib="turtle"),
    Format("ntriples", "application/n-triples", ".nt", "graph", rdf=R.N_TRIPLES, rdflib="nt"),
    Format("rdfxml", "application/rdf+xml", ".rdf", "graph", rdf=R.RDF_XML, rdflib="xml"),
    # Datasets: the dumps.
    Format("trig", "application/trig", ".trig", "dataset", rdf=R.TRIG, rdflib="trig"),
    Format("nquads", "application/n-quads", ".nq", "dataset", rdf=R.N_QUADS, rdflib="nquads"),
    Format("jsonld", "application/ld+json", ".jsonld", "dataset", rdf=R.JSON_LD, rdflib="json-ld"),
    # Other files of the site.
    Format("html", "text/html", ".html", "file"),
    Format("json-file", "application/json", ".json", "file"),
    Format("text", "text/plain", ".txt", "file"),
    Format("markdown", "text/markdown", ".md", "file"),
    Format("javascript", "text/javascript", ".js", "file"),
    Format("css", "text/css", ".css", "file"),
    Format("wasm", "application/wasm", ".wasm", "file", charset=False),  # compiled as it streams in
    Format("png", "image/png", ".png", "file", charset=False),
    Format("svg", "image/svg+xml", ".svg", "file", charset=False),
    Format("graphml", "application/xml", ".graphml", "file", charset=False),
    Format("gexf", "application/xml", ".gexf", "file", charset=False),
)
del Q, R

_BY_NAME = {f.name: f for f in FORMATS}
_BY_MEDIA_TYPE = {f.media_type: f for f in reversed(FORMATS)}  # the first row of a shared type wins
_BY_SUFFIX = {f.suffix: f for f in FORMATS}


def _names(found: Sequence[Format]) -> str:
    return ", ".join(f.name for f in found)


def get(name: str) -> Format:
    """The format called ``name``.

    Raises:
        UsageError: for an unknown name, listing the known ones.
    """
    if name not in _BY_NAME:
        raise UsageError(f"unknown format {name!r}; known formats: {_names(FORMATS)}")
    return _BY_NAME[name]


def by_media_type(media_type: str) -> Format:
    """The format of a media type (parameters such as ``; charset=utf-8`` are ignored).

    Raises:
        UsageError: for an unknown media type, listing the known ones.
    """
    bare = media_type.partition(";")[0].strip().lower()
    if bare not in _BY_MEDIA_TYPE:
        known = ", ".join(sorted(_BY_MEDIA_TYPE))
        raise UsageError(f"unknown media type {media_type!r}; known media types: {known}")
    return _BY_MEDIA_TYPE[bare]


def by_suffix(suffix: str) -> Format:
    """The format of a file suffix such as ``.ttl``.

    Raises:
        UsageError: for an unknown suffix, listing the known ones.
    """
    if suffix.lower() not in _BY_SUFFIX:
        raise UsageError(f"unknown file suffix {suffix!r}; known suffixes: {', '.join(_BY_SUFFIX)}")
    return _BY_SUFFIX[suffix.lower()]


def content_type(suffix: str) -> str:
    """The Content-Type to serve a file with, by its suffix; ``application/octet-stream`` if unknown."""
    found = _BY_SUFFIX.get(suffix.lower())
    return found.content_type if found else "application/octet-stream"


def of_kind(kind: Kind) -> tuple[Format, ...]:
    """The formats that hold ``kind`` ('results', 'graph', 'dataset' or 'file'), in registry order."""
    return tuple(f for f in FORMATS if f.kind == kind)


def table_formats() -> tuple[Format, ...]:
    """The results formats that a table of rdflib terms (kg.store.Table) can be written in."""
    return tuple(f for f in FORMATS if f.table is not None)


def write_table(name: str, columns: Sequence[str], rows: Rows) -> str:
    """A table of rdflib terms in the results format called ``name``.

    Raises:
        UsageError: for a name that is not a table format, listing those that are.
    """
    writer = get(name).table
    if writer is None:
        raise UsageError(f"a table cannot be written as {name}; table formats: {_names(table_formats())}")
    return writer(columns, rows)
