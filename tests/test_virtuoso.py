"""Against a real triple store: push to Debian's Virtuoso and compare the whole library with Oxigraph.

Skipped where Virtuoso is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set (as .ci/run does):
then a missing server fails the run instead of skipping. Also the harness itself (kg.testing):
loopback only, and the bulk loader.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg import cli, pipeline
from kg.analysis.network import read_network_data
from kg.errors import HamkoriError
from kg.project.paths import ProjectPaths
from kg.query.library import analysis_queries, run_query
from kg.store.remote import EndpointError, SparqlEndpointStore
from kg.testing import Virtuoso, VirtuosoError
from tests.conftest import REPO
from tests.library import answers
from tests.servers import running_virtuoso
from tests.test_serve import bundled_store
from tests.test_validate_cli import make_violation


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with running_virtuoso(tmp_path_factory, "virtuoso") as server:
        yield server


@pytest.fixture(scope="module")
def pushed(virtuoso: Virtuoso) -> SparqlEndpointStore:
    store = SparqlEndpointStore(virtuoso.sparql, gsp=virtuoso.gsp_auth, user="dba", password="dba")
    result = pipeline.push(store, ProjectPaths(REPO))
    assert result.ok and len(result.graphs) == 21
    return store


def test_push_replaces_graphs_and_counts_match(pushed: SparqlEndpointStore) -> None:
    assert pushed.count() == bundled_store().count()
    # A second push replaces each graph as a whole: nothing is doubled.
    pipeline.push(pushed, ProjectPaths(REPO))
    assert pushed.count() == bundled_store().count()


def test_whole_library_on_virtuoso_equals_the_embedded_store(pushed: SparqlEndpointStore) -> None:
    expected = answers(bundled_store())
    found = answers(pushed)
    different = [name for name in expected if found[name] != expected[name]]
    assert not different, f"different answers on Virtuoso for: {different}"


def test_analysis_on_virtuoso_equals_the_embedded_store(pushed: SparqlEndpointStore) -> None:
    # The files of queries/analysis declare no prefixes: the query function adds them, for both engines.
    # Compared as sets: school-15-darai-muhtor is hk:basedIn and hk:jurisdiction of one place, and
    # Virtuoso repeats the row the path basedIn|jurisdiction|communityOf gives for it (Oxigraph does not);
    # the analysis reads the rows as sets.
    embedded = bundled_store()
    different = [
        name
        for name, query in analysis_queries().items()
        if set(run_query(pushed, query).normalized()) != set(run_query(embedded, query).normalized())
    ]
    assert len(analysis_queries()) == 11 and not different, f"different on Virtuoso: {different}"
    assert read_network_data(pushed) == read_network_data(embedded)


def test_refused_credentials_are_reported_clearly(virtuoso: Virtuoso) -> None:
    store = SparqlEndpointStore(virtuoso.sparql, gsp=virtuoso.gsp_auth, user="dba", password="wrong")
    with pytest.raises(EndpointError, match="authentication refused"):
        store.put_graph("https://w3id.org/hamkori/graph/test", b"")
    assert "wrong" not in repr(store)


def test_a_graph_of_megabytes_is_pushed(virtuoso: Virtuoso) -> None:
    """1.7 MB: sent before the store had asked for credentials, such a body broke the pipe."""
    store = SparqlEndpointStore(virtuoso.sparql, gsp=virtuoso.gsp_auth, user="dba", password="dba")
    count, graph = 40_000, "urn:hamkori:test:large"  # outside the dataset's graph prefix
    body = "".join(f'<urn:hamkori:test:s{i}> <urn:hamkori:test:p> "value {i}" .\n' for i in range(count))
    store.replace_graph(graph, body.encode(), count)
    assert store.count(graph) == count
    refused = SparqlEndpointStore(virtuoso.sparql, gsp=virtuoso.gsp_auth, user="dba", password="wrong")
    with pytest.raises(EndpointError, match="answered 401 authentication refused"):
        refused.put_graph(graph, body.encode())


def test_unreachable_endpoint_is_a_clear_error() -> None:
    store = SparqlEndpointStore("http://127.0.0.1:9/sparql", graphs=[])
    with pytest.raises(HamkoriError, match=r"127\.0\.0\.1:9"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


Push = Callable[..., tuple[int, str, str]]


@pytest.fixture
def push_mini(
    virtuoso: Virtuoso,
    mini: ProjectPaths,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Push:
    """``kg push -q`` of a copy of the mini project, in-process, as dba: (exit code, stdout, stderr)."""

    def push(*args: str, password: str = "dba", endpoint: str = virtuoso.sparql) -> tuple[int, str, str]:
        monkeypatch.setenv("HAMKORI_USER", "dba")
        monkeypatch.setenv("HAMKORI_PASSWORD", password)
        code = cli.main(["push", "--project", str(mini.root), "--endpoint", endpoint, "-q", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return push


def test_push_refuses_data_that_does_not_validate_unless_allowed(
    virtuoso: Virtuoso, mini: ProjectPaths, push_mini: Push
) -> None:
    base = "https://example.org/mini/"  # its graphs apart from those of the bundled data
    make_violation(mini)
    code, out, err = push_mini("--base", base)
    *violations, refusal = err.splitlines()
    report = pipeline.validate(mini, base=base)  # what kg validate prints
    assert code == 1 and out == "" and violations == [finding.line() for finding in report.violations]
    assert len(violations) == 1 and "A percentage cannot be more than 100." in violations[0]
    assert refusal == (
        "kg push: the data has 1 violation; nothing was pushed "
        "(fix the data, or pass --allow-invalid to push it anyway)"
    )
    assert SparqlEndpointStore(virtuoso.sparql, graph_prefix=f"{base}graph/").graphs() == []

    code, out, err = push_mini("--base", base, "--allow-invalid")
    assert code == 0 and out.startswith("Pushed 4 graphs") and "pushed despite 1 violation(s)" in err
    assert len(SparqlEndpointStore(virtuoso.sparql, graph_prefix=f"{base}graph/").graphs()) == 4


def test_push_to_a_store_that_refuses_or_is_not_there_is_one_line(
    virtuoso: Virtuoso, push_mini: Push
) -> None:
    refused = f"kg push: checkpoint: {virtuoso.sparql_auth} answered 401 authentication refused\n"
    assert push_mini("--base", "https://example.org/refused/", password="wrong") == (2, "", refused)
    code, out, err = push_mini(endpoint="http://127.0.0.1:9/sparql")
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kg push: http://127.0.0.1:9/sparql failed the query: ") and "refused" in err


def test_only_virtuoso_is_asked_for_a_checkpoint(virtuoso: Virtuoso) -> None:
    asked: list[str] = []

    class Other(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(f"GET {self.path}")
            self.send_response(200)
            self.end_headers()

        def do_POST(self) -> None:
            asked.append(f"POST {self.path}")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        store = SparqlEndpointStore(f"http://127.0.0.1:{other.server_port}/query", user="u", password="p")
        store.checkpoint()
        assert not store.is_virtuoso() and asked == ["GET /query?query=ASK+%7B%7D"]
    finally:
        other.shutdown()
        other.server_close()
    assert SparqlEndpointStore(virtuoso.sparql).is_virtuoso()


def listening(port: int) -> set[str]:
    """The local addresses (hex, as in /proc/net/tcp) with a socket listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_server_listens_on_loopback_only(virtuoso: Virtuoso) -> None:
    loopback = {"0100007F"}  # 127.0.0.1, little-endian hex
    assert listening(virtuoso.http_port) == loopback
    assert listening(virtuoso.sql_port) == loopback


def test_bulk_load_reads_allowed_folders_only(virtuoso: Virtuoso, tmp_path: Path) -> None:
    graph = "urn:hamkori:test:bulk"  # outside the dataset's graph prefix: the pushed store does not see it

    def triples(start: int) -> str:
        return "".join(
            f'<urn:hamkori:test:s{i}> <urn:hamkori:test:p> "{i}" .\n' for i in range(start, start + 50)
        )

    (tmp_path / "outside.nt").write_text(triples(0), encoding="utf-8")
    with pytest.raises(VirtuosoError, match="dirs_allowed"):
        virtuoso.bulk_load(tmp_path, "*.nt", graph)
    load = virtuoso.folder / "load"
    load.mkdir()
    for part in range(2):
        (load / f"part-{part}.nt").write_text(triples(50 * part), encoding="utf-8")
    virtuoso.bulk_load(load, "*.nt", graph, loaders=2)
    assert virtuoso.number(f"SPARQL SELECT COUNT(*) FROM <{graph}> WHERE {{ ?s ?p ?o }};") == 100
