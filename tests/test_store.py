"""Stores, tables and the query runner."""

from __future__ import annotations

import dataclasses
import http.server
import json
import threading
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg import cli, pipeline
from kg.authoring.loader import load_corpus
from kg.errors import UsageError
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.query.library import Param, parse_query_file, render, run_query, sample_params, sparql_value
from kg.store import open_store
from kg.store.remote import EndpointError, SparqlEndpointStore
from kg.store.table import Table

DONORS = """# title: Donors
# question: Who funded which project?
# param: org (organization): the organization that led the projects
# example: kg query donors --param org=vo-navobod
PREFIX hk: <https://w3id.org/hamkori/ontology#>
SELECT ?donor ?project ?amount WHERE {
  VALUES ?org { UNDEF }
  ?project hk:ledBy ?org .
  ?c hk:toProject ?project ; hk:contributor ?donor ;
     hk:role <https://w3id.org/hamkori/vocab/contribution-role/funding> .
  OPTIONAL { ?c hk:amount ?amount }
} ORDER BY ?donor
"""


@pytest.fixture
def loaded(mini: ProjectPaths):  # type: ignore[no-untyped-def]
    store = open_store("memory")
    store.load(map_corpus(load_corpus(mini)).dataset)
    return store


def test_unknown_store_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="known stores: oxigraph, memory, sparql"):
        open_store("fuseki")


def test_memory_store_sees_the_union_of_named_graphs(loaded, mini: ProjectPaths) -> None:  # type: ignore[no-untyped-def]
    dataset = map_corpus(load_corpus(mini)).dataset
    assert loaded.count() == len(dataset)
    table = loaded.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hamkori/ontology#Project> }"
    )
    assert table.records() == [{"n": 2}]


def test_library_query_with_and_without_parameter(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "donors.rq"
    path.write_text(DONORS, encoding="utf-8")
    query = parse_query_file(path)
    assert query.example_params() == [{"org": "vo-navobod"}]
    rows = loaded.select(render(query, {"org": "vo-navobod"})).records()
    assert rows == [
        {
            "donor": "https://w3id.org/hamkori/id/organization/khukumat-danghara",
            "project": "https://w3id.org/hamkori/id/project/vo-navobod-school-roof",
            "amount": 2000,
        },
        {
            "donor": "https://w3id.org/hamkori/id/organization/msdsp",
            "project": "https://w3id.org/hamkori/id/project/vo-navobod-water",
            "amount": 3900,
        },
    ]
    assert loaded.select(render(query, {"org": "msdsp"})).records() == []
    assert len(loaded.select(render(query, {}))) == 2


@pytest.mark.parametrize("value", ["vo-sino> } ; DROP ALL ; #", "VO Sino", "../x"])
def test_parameter_values_cannot_inject_sparql(value: str) -> None:
    with pytest.raises(UsageError, match="is not an id"):
        sparql_value(Param("org", "organization", ""), value, "https://w3id.org/hamkori/")


def test_text_parameters_are_escaped() -> None:
    assert sparql_value(Param("q", "text", ""), 'a "b" \\ c', "") == '"a \\"b\\" \\\\ c"'
    assert (
        sparql_value(Param("y", "year", ""), "2004", "") == '"2004"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    )
    with pytest.raises(UsageError):
        sparql_value(Param("y", "year", ""), "2004 } ", "")


def test_header_errors_are_clear(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(UsageError, match="needs '# title:'"):
        parse_query_file(path)
    path.write_text(
        "# title: t\n# question: q\n# param: org (organization): x\nSELECT * {}", encoding="utf-8"
    )
    with pytest.raises(UsageError, match="has no line 'VALUES \\?org \\{ UNDEF \\}'"):
        parse_query_file(path)


def test_table_formats() -> None:
    table = Table(
        ("org", "amount", "note"),
        (
            (
                URIRef("https://w3id.org/hamkori/id/organization/cida"),
                Literal("47000.0", datatype=XSD.decimal),
                None,
            ),
        ),
    )
    assert table.to_csv() == "org,amount,note\nhttps://w3id.org/hamkori/id/organization/cida,47000.0,\n"
    assert table.to_tsv().splitlines()[1].startswith("<https://w3id.org/hamkori/id/organization/cida>\t")
    document = json.loads(table.to_json())
    assert document["head"]["vars"] == ["org", "amount", "note"]
    assert document["results"]["bindings"][0]["amount"]["datatype"] == str(XSD.decimal)
    assert "note" not in document["results"]["bindings"][0]
    assert list(table.to_dataframe().columns) == ["org", "amount", "note"]
    assert "organization/cida" in table.to_text()


def test_the_terminal_table_prints_whole_numbers_whole() -> None:
    # "7.0 trainings" (issue 17): a decimal or double that is a whole number prints without ".0" in the
    # terminal, whatever lexical form the engine gave it; a fraction keeps its digits.
    table = Table(
        ("amount", "share", "count"),
        (
            (
                Literal("47000.0", datatype=XSD.decimal),
                Literal("4.4E0", datatype=XSD.double),
                Literal("7", datatype=XSD.integer),
            ),
        ),
    )
    assert table.to_text().splitlines()[2].split() == ["47000", "4.4", "7"]
    infinite = Table(("x",), ((Literal("INF", datatype=XSD.double),),))
    assert infinite.to_text().splitlines()[2].lower() == "inf"  # printed as the term is, no error
    assert table.to_csv().splitlines()[1].startswith("47000.0,")


def test_numbers_compare_by_value_across_engines() -> None:
    oxigraph = Table(("n",), ((Literal("47000.0", datatype=XSD.decimal),),))
    virtuoso = Table(("n",), ((Literal("47000", datatype=XSD.decimal),),))
    assert oxigraph.normalized() == virtuoso.normalized()


def test_build_fills_a_persistent_store(mini: ProjectPaths) -> None:
    pipeline.build(mini)
    store = pipeline.open_embedded(mini)
    assert store.name == "oxigraph"
    assert store.count() > 1000
    store.close()


def test_a_store_in_memory_from_the_dump_answers_every_library_query_as_the_store_on_disk(
    mini: ProjectPaths,
) -> None:
    pipeline.build(mini, full=False)
    on_disk, in_memory = pipeline.open_embedded(mini), pipeline.open_embedded(mini, in_memory=True)
    assert in_memory.name == "memory"
    assert in_memory.count() == on_disk.count() > 1000
    answered = 0
    for query in pipeline.library(mini).values():
        params = sample_params(on_disk, query)  # a required parameter: a value the mini project holds
        disk, memory = (run_query(store, query, params) for store in (on_disk, in_memory))
        assert memory.normalized() == disk.normalized(), query.name
        answered += bool(disk.rows)
    assert answered > 10, "most library queries have answers on the mini project"
    # The values of required parameters: the first example text a label holds, else the title of the
    # first project (the mini project has none of search's); the examples' projects are not in the mini
    # project, so its first project (by IRI).
    lib = pipeline.library(mini)
    text = sample_params(on_disk, lib["search"])["text"]
    assert text == "Roof of the new school"  # vo-navobod-school-roof, before vo-navobod-water
    assert run_query(on_disk, lib["search"], {"text": text}).rows
    examples = ("kg query search --param text=nowhere-at-all", "kg query search --param text=NAVOBOD")
    other = dataclasses.replace(lib["search"], examples=examples)
    assert sample_params(on_disk, other) == {"text": "NAVOBOD"}
    projects = on_disk.select("SELECT ?p WHERE { ?p a <https://w3id.org/hamkori/ontology#Project> }")
    first = min(str(p) for (p,) in projects.rows).rsplit("/", 1)[-1]
    assert first != "vo-sino-mts" and sample_params(on_disk, lib["evidence-of-project"]) == {"project": first}
    assert sample_params(on_disk, lib["donors"]) == {}
    on_disk.close()


def test_cli_query_on_a_file(mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "donors.rq"
    path.write_text(DONORS, encoding="utf-8")
    code = cli.main(
        ["query", str(path), "--project", str(mini.root), "--param", "org=vo-navobod", "--format", "csv"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "donor,project,amount"
    assert len(out.splitlines()) == 3
    code = cli.main(["query", "no-such-query", "--project", str(mini.root)])
    assert code == 2 and "kg queries" in capsys.readouterr().err


def test_the_merge_of_a_push_is_sent_again_after_a_server_error_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 500 (Virtuoso rolls back a transaction that meets a checkpoint or a deadlock) is retried;
    a refusal (4xx) is not."""
    from kg.store.remote import EndpointError, SparqlEndpointStore

    store = SparqlEndpointStore("http://127.0.0.1:9/sparql")
    sent: list[str] = []
    answers = iter(["500", "ok"])

    def update(text: str) -> None:
        sent.append(text)
        if next(answers) == "500":
            raise EndpointError("update: http://127.0.0.1:9/sparql-auth answered 500 SPARQL Request Failed")

    monkeypatch.setattr(store, "update", update)
    monkeypatch.setattr("kg.store.remote.time.sleep", lambda _: None)
    store._update_retried("ADD <a> TO <b>")
    assert sent == ["ADD <a> TO <b>"] * 2

    def refused(text: str) -> None:
        sent.append(text)
        raise EndpointError("update: http://127.0.0.1:9/sparql-auth answered 403 authentication refused")

    sent.clear()
    monkeypatch.setattr(store, "update", refused)
    with pytest.raises(EndpointError, match="403"):
        store._update_retried("ADD <a> TO <b>")
    assert len(sent) == 1


def test_a_checkpoint_that_never_ends_is_explained() -> None:
    """Virtuoso 7.2 now and then never finishes a checkpoint after a request cut early (see
    tests/test_push_faults.py::DroppingProxy): kg push then says what happened and what to do."""
    release = threading.Event()

    class Wedged(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def do_POST(self) -> None:
            release.wait(30)  # a checkpoint that waits for a thread that never ends

        def log_message(self, *args: object) -> None:
            pass

    wedged = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Wedged)
    threading.Thread(target=wedged.serve_forever, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{wedged.server_port}/sparql"
        store = SparqlEndpointStore(endpoint, user="dba", password="dba", checkpoint=True, timeout=1)
        with pytest.raises(EndpointError) as raised:
            store.checkpoint()
    finally:
        release.set()
        wedged.shutdown()
        wedged.server_close()
    message = str(raised.value)
    assert message.startswith("checkpoint: Virtuoso did not finish a checkpoint within 1 s.")
    assert "restart Virtuoso" in message and "then push again" in message
