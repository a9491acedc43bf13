"""kg push to a store that fails in the middle: each graph stays old or new, and a retry completes.

Against a real Virtuoso (see tests/test_virtuoso.py for when these run or skip): refused
credentials, the server stopped halfway through, and the connection dropped inside a request by a
proxy on loopback.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS

from kg import pipeline
from kg.project.paths import ProjectPaths
from kg.rdf.quads import named_graphs
from kg.store.remote import EndpointError, SparqlEndpointStore
from kg.testing import Virtuoso
from tests.conftest import REPO
from tests.servers import running_virtuoso

MARK = URIRef("urn:hamkori:test:version")


def datasets() -> tuple[Dataset, Dataset]:
    """The bundled dataset, and a 'new' version with one more triple in every graph."""
    _, old = pipeline.load_and_map(ProjectPaths(REPO))
    _, new = pipeline.load_and_map(ProjectPaths(REPO))
    for name in named_graphs(new.dataset):
        new.dataset.graph(name).add((MARK, RDFS.comment, Literal("new")))
    return old.dataset, new.dataset


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with running_virtuoso(tmp_path_factory, "virtuoso-faults") as server:
        yield server


def store_for(server: Virtuoso, password: str = "dba", endpoint: str | None = None) -> SparqlEndpointStore:
    return SparqlEndpointStore(
        endpoint or server.sparql,
        gsp=(endpoint or server.sparql).replace("/sparql", "/sparql-graph-crud-auth"),
        update=(endpoint or server.sparql) + "-auth",
        user="dba",
        password=password,
    )


def counts(server: Virtuoso, dataset: Dataset) -> dict[str, int]:
    store = store_for(server)
    return {str(name): store.count(str(name)) for name in named_graphs(dataset)}


def states(server: Virtuoso, old: Dataset, new: Dataset) -> dict[str, str]:
    """Each graph's state in the store: 'old', 'new' or 'broken'."""
    found = counts(server, old)
    result = {}
    for name in named_graphs(old):
        held, before, after = found[str(name)], len(old.graph(name)), len(new.graph(name))
        result[str(name)] = "old" if held == before else "new" if held == after else "broken"
    return result


@pytest.fixture
def fresh(virtuoso: Virtuoso) -> tuple[Dataset, Dataset]:
    old, new = datasets()
    store_for(virtuoso).load(old)
    assert set(states(virtuoso, old, new).values()) == {"old"}
    return old, new


def test_refused_credentials_change_nothing(virtuoso: Virtuoso, fresh: tuple[Dataset, Dataset]) -> None:
    old, new = fresh
    with pytest.raises(EndpointError, match="authentication refused"):
        store_for(virtuoso, password="wrong").load(new)
    assert set(states(virtuoso, old, new).values()) == {"old"}


def test_server_stopped_halfway_then_retry(virtuoso: Virtuoso, fresh: tuple[Dataset, Dataset]) -> None:
    old, new = fresh
    store = store_for(virtuoso)
    original = store.replace_graph
    done: list[str] = []

    def stop_after_five(graph: str, ntriples: bytes, triples: int) -> None:
        if len(done) == 5:
            virtuoso.stop(keep=True)
        original(graph, ntriples, triples)
        done.append(graph)

    store.replace_graph = stop_after_five  # type: ignore[method-assign]
    with pytest.raises(EndpointError, match="failed"):
        store.load(new)
    virtuoso.start()
    found = states(virtuoso, old, new)
    assert "broken" not in found.values()
    assert list(found.values()).count("new") == 5
    store_for(virtuoso).load(new)  # the retry completes
    assert set(states(virtuoso, old, new).values()) == {"new"}


class DroppingProxy:
    """Forwards loopback connections to a port, but drops any request longer than ``limit`` bytes."""

    def __init__(self, target_port: int, limit: int) -> None:
        self.target_port = target_port
        self.limit = limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.dropped = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, count: bool) -> None:
        sent = 0
        try:
            while chunk := source.recv(65536):
                sent += len(chunk)
                if count and sent > self.limit:
                    self.dropped += 1
                    break
                target.sendall(chunk)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):  # the other side may have closed it already
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()


def test_connection_dropped_inside_a_request_then_retry(
    virtuoso: Virtuoso, fresh: tuple[Dataset, Dataset]
) -> None:
    old, new = fresh
    proxy = DroppingProxy(virtuoso.http_port, limit=60_000)
    try:
        with pytest.raises(EndpointError):
            store_for(virtuoso, endpoint=f"http://127.0.0.1:{proxy.port}/sparql").load(new)
    finally:
        proxy.close()
    assert proxy.dropped >= 1
    found = states(virtuoso, old, new)
    assert "broken" not in found.values() and "old" in found.values()
    store_for(virtuoso).load(new)
    assert set(states(virtuoso, old, new).values()) == {"new"}
