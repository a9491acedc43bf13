"""Against a real triple store: push to Debian's Virtuoso and compare the whole library with Oxigraph.

Skipped where Virtuoso is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set (as .ci/run does):
then a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import pipeline
from kg.errors import HamkoriError
from kg.project.paths import ProjectPaths
from kg.store.remote import EndpointError, SparqlEndpointStore
from tests.conftest import REPO
from tests.library import answers
from tests.servers import VIRTUOSO, Virtuoso
from tests.test_serve import bundled_store


def _require() -> None:
    if VIRTUOSO:
        return
    if os.environ.get("HAMKORI_REQUIRE_VIRTUOSO"):
        pytest.fail("Virtuoso (virtuoso-t) is required here but is not installed")
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    _require()
    server = Virtuoso(Path(tmp_path_factory.mktemp("virtuoso")) / "db").start()
    try:
        yield server
    finally:
        server.stop()


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


def test_refused_credentials_are_reported_clearly(virtuoso: Virtuoso) -> None:
    store = SparqlEndpointStore(virtuoso.sparql, gsp=virtuoso.gsp_auth, user="dba", password="wrong")
    with pytest.raises(EndpointError, match="authentication refused"):
        store.put_graph("https://w3id.org/hamkori/graph/test", b"")
    assert "wrong" not in repr(store)


def test_unreachable_endpoint_is_a_clear_error() -> None:
    store = SparqlEndpointStore("http://127.0.0.1:9/sparql", graphs=[])
    with pytest.raises(HamkoriError, match=r"127\.0\.0\.1:9"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
