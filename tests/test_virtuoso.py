"""Against a real triple store: push to Debian's Virtuoso and compare the whole library with Oxigraph.

Skipped where Virtuoso is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set (as .ci/run does):
then a missing server fails the run instead of skipping. Also the harness itself (kg.testing):
loopback only, and the bulk loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import pipeline
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


def test_unreachable_endpoint_is_a_clear_error() -> None:
    store = SparqlEndpointStore("http://127.0.0.1:9/sparql", graphs=[])
    with pytest.raises(HamkoriError, match=r"127\.0\.0\.1:9"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


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
