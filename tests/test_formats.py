"""The registry of formats, and every mode of `kg serve` answering in every format it offers.

Each answer is parsed as the type its Content-Type claims, with pyoxigraph's own parsers (CSV,
which pyoxigraph does not read, with the csv module): a body labelled one format and written in
another fails here.
"""

from __future__ import annotations

import csv
import doctest
import html.parser
import io
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, URIRef

import kg.rdf.formats
from kg.errors import UsageError
from kg.rdf import formats
from kg.serve.server import FORMAT_NAMES, SparqlService, make_server
from kg.serve.workers import QueryPool
from kg.store.embedded import OxigraphStore
from kg.store.table import Table

EX = "http://example.org/"
GRAPH = ox.NamedNode(f"{EX}graph/one")
A, B, KNOWS, LABEL = (ox.NamedNode(f"{EX}{name}") for name in ("a", "b", "knows", "label"))
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
TRIPLES = {
    ox.Triple(A, KNOWS, B),
    ox.Triple(A, LABEL, ox.Literal('Sino, "the" village\nline two')),
    ox.Triple(A, LABEL, ox.Literal("Сино", language="uz-cyrl")),
    ox.Triple(B, LABEL, ox.Literal("47000.5", datatype=ox.NamedNode(DECIMAL))),
}
QUERIES = {
    "select": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "ask": "ASK { ?s ?p ?o }",
    "construct": "CONSTRUCT WHERE { ?s ?p ?o }",
    "describe": f"DESCRIBE <{A.value}>",
}
# What the endpoint must offer at least; the test asks for everything it offers.
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
GRAPH_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml"}
HTML = "text/html"


# -- the registry ----------------------------------------------------------------------------


def test_the_module_examples_run() -> None:
    failed, attempted = doctest.testmod(kg.rdf.formats)
    assert attempted and not failed


def test_lookups_by_name_media_type_and_suffix() -> None:
    turtle = formats.get("turtle")
    assert (turtle.media_type, turtle.suffix, turtle.kind) == ("text/turtle", ".ttl", "graph")
    assert formats.by_media_type("text/turtle; charset=utf-8") is turtle
    assert formats.by_media_type("Application/N-Quads") is formats.get("nquads")
    assert formats.by_suffix(".ttl") is turtle
    assert formats.content_type(".nt") == "application/n-triples; charset=utf-8"
    assert formats.content_type(".png") == "image/png"
    assert formats.content_type(".exe") == "application/octet-stream"
    assert [f.name for f in formats.of_kind("results")] == ["json", "xml", "csv", "tsv"]
    assert [f.name for f in formats.of_kind("graph")] == ["turtle", "ntriples", "rdfxml"]


def test_each_name_and_suffix_names_one_row() -> None:
    names = [f.name for f in formats.FORMATS]
    suffixes = [f.suffix for f in formats.FORMATS]
    assert len(set(names)) == len(names) and len(set(suffixes)) == len(suffixes)
    for f in formats.FORMATS:
        assert formats.get(f.name) is f and formats.by_suffix(f.suffix) is f
        assert formats.by_media_type(f.media_type).media_type == f.media_type
        assert f.suffix.startswith(".")


@pytest.mark.parametrize(
    ("lookup", "wanted", "listed"),
    [
        (formats.get, "n3", "known formats: json, xml, csv, tsv, turtle"),
        (formats.by_media_type, "text/n3", "known media types: application/json"),
        (formats.by_suffix, ".n3", "known suffixes: .srj, .srx, .csv"),
    ],
)
def test_an_unknown_format_fails_listing_the_known_ones(lookup: object, wanted: str, listed: str) -> None:
    with pytest.raises(UsageError, match=f"unknown .*{wanted!r}") as caught:
        lookup(wanted)  # type: ignore[operator]
    assert listed in str(caught.value)
    if lookup is formats.get:
        assert all(f.name in str(caught.value) for f in formats.FORMATS)


def test_the_rows_agree_with_oxigraph() -> None:
    """Oxigraph names a media type and extension for each of its formats: the registry spells them alike."""
    for f in formats.FORMATS:
        if f.rdf is not None:
            assert (f.rdf.media_type, "." + f.rdf.file_extension) == (f.media_type, f.suffix), f.name
        if f.results is not None:
            assert f.results.media_type.split(";")[0] == f.media_type, f.name
            assert "." + f.results.file_extension == f.suffix, f.name
        assert (f.kind == "results") == (f.results is not None), f.name
        assert (f.kind in ("graph", "dataset")) == (f.rdf is not None), f.name


def statements_for(f: formats.Format) -> list[ox.Triple] | list[ox.Quad]:
    if f.kind == "graph":
        return sorted(TRIPLES, key=str)
    return sorted((ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in TRIPLES), key=str)


@pytest.mark.parametrize("name", [f.name for f in formats.FORMATS if f.rdf is not None])
def test_each_rdf_writer_parses_back(name: str) -> None:
    f = formats.get(name)
    assert f.rdf is not None
    statements = statements_for(f)
    written = ox.serialize(statements, format=f.rdf) or b""
    parser = ox.RdfFormat.from_media_type(f.media_type)
    assert parser is not None
    parsed_back = set(ox.parse(written, format=parser))
    if f.kind == "graph":  # read into the default graph
        assert {quad.triple for quad in parsed_back} == set(statements)
    else:
        assert parsed_back == set(statements)
    parsed = Dataset().parse(data=written, format=f.rdflib_name())
    assert len(list(parsed.quads((None, None, None, None)))) == len(statements)


@pytest.mark.parametrize("name", [f.name for f in formats.of_kind("results")])
def test_each_results_writer_parses_back(name: str) -> None:
    f = formats.get(name)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in TRIPLES)
    used, body = formats.write_answer(
        store.query(QUERIES["select"], use_default_graph_as_union=True), f, formats.get("turtle")
    )
    assert used is f
    check_solutions(f.media_type, body)
    used, body = formats.write_answer(
        store.query(QUERIES["ask"], use_default_graph_as_union=True), f, formats.get("turtle")
    )
    assert used is f
    check_boolean(f.media_type, body)


def test_a_format_refuses_what_it_cannot_hold() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in TRIPLES)
    with pytest.raises(UsageError, match="csv cannot hold a graph"):
        formats.get("csv").write(store.query(QUERIES["construct"], use_default_graph_as_union=True))
    with pytest.raises(UsageError, match="turtle cannot hold query results"):
        formats.get("turtle").write(store.query(QUERIES["select"], use_default_graph_as_union=True))
    with pytest.raises(UsageError, match="a table cannot be written as xml; table formats: json, csv, tsv"):
        Table(("x",), ()).serialize("xml")


def test_table_writers_write_sparql_results() -> None:
    table = Table(
        ("s", "o", "missing"),
        (
            (URIRef(f"{EX}a"), Literal("Сино", lang="uz-cyrl"), None),
            (BNode("b1"), Literal("47000.5", datatype=URIRef(DECIMAL)), None),
        ),
    )
    assert [f.name for f in formats.table_formats()] == ["json", "csv", "tsv"]
    assert table.serialize("json") == table.to_json() and table.serialize("tsv") == table.to_tsv()
    for name in ("json", "tsv"):
        solutions = ox.parse_query_results(table.serialize(name), formats.get(name).results)
        assert isinstance(solutions, ox.QuerySolutions)
        rows = [(s["s"], s["o"], s["missing"]) for s in solutions]
        assert rows[0] == (ox.NamedNode(f"{EX}a"), ox.Literal("Сино", language="uz-cyrl"), None), name
        assert isinstance(rows[1][0], ox.BlankNode) and rows[1][1].value == "47000.5", name
    assert table.to_csv().splitlines() == ["s,o,missing", f"{EX}a,Сино,", "b1,47000.5,"]


# -- every mode of `kg serve`, every query form, every format it offers --------------------------


def write_store(path: Path) -> Path:
    store = OxigraphStore(path)
    store.load_quads(ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in TRIPLES)
    store.close()
    return path


@pytest.fixture(scope="module", params=["in-process", "workers", "updates-enabled"])
def endpoint(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kg serve` as its command runs it: worker processes by default, this process with updates on."""
    folder = tmp_path_factory.mktemp(str(request.param))
    path = write_store(folder / "store")
    pool = None
    if request.param == "workers":
        pool = QueryPool(path, size=1, timeout=60)
        service = SparqlService(OxigraphStore(path, read_only=True), {}, EX, pool=pool)
    elif request.param == "updates-enabled":
        service = SparqlService(OxigraphStore(path), {}, EX, update_token="s3cret")
    else:
        service = SparqlService(OxigraphStore(path, read_only=True), {}, EX)
    httpd = make_server(service, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    if pool is not None:
        pool.close()
    shutil.rmtree(folder, ignore_errors=True)


def fetch(url: str, accept: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_the_endpoint_offers_every_format_it_answers_in() -> None:
    assert set(FORMAT_NAMES.values()) >= RESULT_TYPES | GRAPH_TYPES | {HTML}


def expected_type(form: str, asked: str) -> str:
    """What the answer must be in: the asked type if the query form can take it, else the default."""
    if form in ("construct", "describe"):
        return asked if asked in GRAPH_TYPES else "text/turtle"
    if asked in RESULT_TYPES or (asked == HTML and form == "select"):
        return asked
    return "application/sparql-results+json"


@pytest.mark.parametrize("form", list(QUERIES))
@pytest.mark.parametrize("asked", sorted({*FORMAT_NAMES.values(), *RESULT_TYPES, *GRAPH_TYPES, HTML}))
def test_every_answer_is_in_the_format_its_content_type_claims(endpoint: str, form: str, asked: str) -> None:
    """Asked by the Accept header, and by ``format=NAME`` where the endpoint names the type."""
    query = urllib.parse.urlencode({"query": QUERIES[form]})
    answers = {"Accept": fetch(f"{endpoint}/sparql?{query}", asked)}
    for name in (name for name, media in FORMAT_NAMES.items() if media == asked):
        answers[f"format={name}"] = fetch(f"{endpoint}/sparql?{query}&format={name}", "*/*")
    for how, (status, content_type, body) in answers.items():
        assert status == 200, (how, body[:300])
        media, _, charset = content_type.partition(";")
        assert media == expected_type(form, asked), f"{form} asked by {how} as {asked}: got {content_type}"
        assert charset.strip() == "charset=utf-8"
        if form == "select":
            check_solutions(media, body)
        elif form == "ask":
            check_boolean(media, body)
        else:
            expected = TRIPLES if form == "construct" else {t for t in TRIPLES if t.subject == A}
            check_graph(media, body, expected)


# -- parsing a body as the type it claims -----------------------------------------------------


def check_solutions(media: str, body: bytes) -> None:
    expected = {(t.subject, t.predicate, t.object) for t in TRIPLES}
    if media == HTML:
        cells = table_cells(body.decode("utf-8"))
        assert {text(o) for _, _, o in expected} <= cells, cells
        return
    if media == "text/csv":  # lossy: terms as their text only
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert rows[0] == ["s", "p", "o"]
        assert {tuple(row) for row in rows[1:]} == {tuple(map(text, row)) for row in expected}
        return
    solutions = ox.parse_query_results(body, parser_of_results(media))
    assert isinstance(solutions, ox.QuerySolutions)
    assert [v.value for v in solutions.variables] == ["s", "p", "o"]
    assert {(s["s"], s["p"], s["o"]) for s in solutions} == expected


def text(term: object) -> str:
    """An IRI or a literal as SPARQL CSV results and the HTML page write it: its text alone."""
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def check_boolean(media: str, body: bytes) -> None:
    if media == "text/csv":
        assert body.strip() == b"true"
        return
    answer = ox.parse_query_results(body, parser_of_results(media))
    assert isinstance(answer, ox.QueryBoolean) and bool(answer)


def check_graph(media: str, body: bytes, expected: set[ox.Triple]) -> None:
    parser = ox.RdfFormat.from_media_type(media)
    assert parser is not None, f"{media} is not an RDF media type"
    assert {quad.triple for quad in ox.parse(body, format=parser)} == expected


def parser_of_results(media: str) -> ox.QueryResultsFormat:
    parser = ox.QueryResultsFormat.from_media_type(media)
    assert parser is not None, f"{media} is not a SPARQL results media type"
    return parser


class _Cells(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.add("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_cells(page: str) -> set[str]:
    assert page.lstrip().lower().startswith("<!doctype html>")
    parser = _Cells()
    parser.feed(page)
    return parser.cells
