"""kg push against a real Virtuoso that fails: each graph stays old or new, and the data survives a crash.

Against a real Virtuoso (see tests/test_virtuoso.py for when these run or skip): refused
credentials, the server stopped halfway through, the connection dropped inside a request by a
proxy on loopback, ``kill -9`` of the server after a completed push, and ``kill -9`` of the
``kg push`` process or of the server at seeded random moments during and after a push. After
each, every graph's triples (compared as sets) are exactly the old or exactly the new ones, the
staging graphs a push leaves behind are never listed as data, and the next push drops them.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import XSD

from kg import pipeline
from kg.project.paths import ProjectPaths
from kg.rdf.quads import named_graphs
from kg.store.remote import STAGING, EndpointError, SparqlEndpointStore
from kg.testing import Virtuoso
from tests.conftest import REPO
from tests.servers import running_virtuoso

SEEDS = range(6)
Triple = tuple[str, str, object]


@dataclass(frozen=True)
class Versions:
    """Two versions of the bundled project: as it is (old), and with every case study changed (new)."""

    new_project: Path
    old: Dataset
    new: Dataset
    old_sets: dict[str, frozenset[Triple]]
    new_sets: dict[str, frozenset[Triple]]


def triple(s: object, p: object, o: object) -> Triple:
    """A triple to compare as a store holds it: Virtuoso answers 9.0 (xsd:decimal) as 9, so typed
    literals compare by value."""
    if isinstance(o, Literal):
        datatype = None if o.datatype == XSD.string else o.datatype
        return (str(s), str(p), (o.toPython() if datatype else str(o), o.language, datatype))
    return (str(s), str(p), str(o))


def sets(dataset: Dataset) -> dict[str, frozenset[Triple]]:
    return {str(name): frozenset(triple(*t) for t in dataset.graph(name)) for name in named_graphs(dataset)}


def snapshot(root: Path) -> Path:
    """A copy of the bundled project's data, ontology and shapes: what the tests push stays put
    while the files in the working tree change."""
    for folder in ("data", "ontology", "shapes"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def revise(root: Path) -> Path:
    """Give every case study in the project another title and no notes."""
    for case in sorted((root / "data" / "cases").glob("*.yaml")):
        text = case.read_text(encoding="utf-8")
        text = re.sub(r"^(  title: .*)$", r"\1 (revised)", text, count=1, flags=re.MULTILINE)
        case.write_text(text[: text.index("\nnotes:")] + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    _, old = pipeline.load_and_map(ProjectPaths(snapshot(tmp_path_factory.mktemp("old-version"))))
    new_project = revise(snapshot(tmp_path_factory.mktemp("new-version")))
    _, new = pipeline.load_and_map(ProjectPaths(new_project))
    return Versions(new_project, old.dataset, new.dataset, sets(old.dataset), sets(new.dataset))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with running_virtuoso(tmp_path_factory, "virtuoso-faults") as server:
        yield server


def store_for(
    server: Virtuoso, password: str = "dba", endpoint: str | None = None, timeout: int = 120
) -> SparqlEndpointStore:
    return SparqlEndpointStore(
        endpoint or server.sparql,
        gsp=(endpoint or server.sparql).replace("/sparql", "/sparql-graph-crud-auth"),
        update=(endpoint or server.sparql) + "-auth",
        user="dba",
        password=password,
        timeout=timeout,
    )


def states(server: Virtuoso, versions: Versions) -> dict[str, str]:
    """Each graph's state in the store, its triples compared as sets: 'old', 'new' or 'broken'
    ('same' for the ontology and the vocabularies, which both versions share)."""
    store = store_for(server)
    held: dict[str, set[Triple]] = {graph: set() for graph in versions.old_sets}
    query = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ <{'> <'.join(held)}> }} }}"
    for g, *spo in store.select(query).rows:
        held[str(g)].add(triple(*spo))
    found = {}
    for graph, old in versions.old_sets.items():
        new = versions.new_sets[graph]
        found[graph] = (
            "broken"
            if held[graph] not in (old, new)
            else "same"
            if old == new
            else "old"
            if held[graph] == old
            else "new"
        )
    return found


def all_graphs(state: str, server: Virtuoso, versions: Versions) -> bool:
    return set(states(server, versions).values()) == {state, "same"}


def reset(server: Virtuoso, versions: Versions) -> None:
    """Push the old version, which drops the staging graphs a killed push left behind."""
    store = store_for(server)
    store.load(versions.old)
    assert store.staging_graphs() == []


@pytest.fixture
def fresh(virtuoso: Virtuoso, versions: Versions) -> Versions:
    reset(virtuoso, versions)
    assert all_graphs("old", virtuoso, versions)
    return versions


def test_refused_credentials_change_nothing(virtuoso: Virtuoso, fresh: Versions) -> None:
    with pytest.raises(EndpointError, match="authentication refused"):
        store_for(virtuoso, password="wrong").load(fresh.new)
    assert all_graphs("old", virtuoso, fresh)


def test_server_stopped_halfway_then_retry(virtuoso: Virtuoso, fresh: Versions) -> None:
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
        store.load(fresh.new)
    virtuoso.start()
    found = states(virtuoso, fresh)
    assert "broken" not in found.values()
    assert list(found.values()).count("new") == 5
    store_for(virtuoso).load(fresh.new)  # the retry completes
    assert all_graphs("new", virtuoso, fresh)


class DroppingProxy:
    """Forwards loopback connections to a port, but cuts any request longer than ``limit`` bytes
    after its first ``limit`` bytes: the server has its headers and part of its body.

    Virtuoso 7.2 now and then wedges for good on a request cut off like this (five times in
    about 200 cuts here, at 100 to 60,000 bytes): the thread serving it never ends, and every
    checkpoint after waits for it. That is the server's defect, which kg push can only report
    (test_store.py::test_a_checkpoint_that_never_ends_is_explained).
    """

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
                if count and sent + len(chunk) > self.limit:
                    target.sendall(chunk[: self.limit - sent])
                    self.dropped += 1
                    break
                sent += len(chunk)
                target.sendall(chunk)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):  # the other side may have closed it already
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()


def test_connection_dropped_inside_a_request_then_retry(virtuoso: Virtuoso, fresh: Versions) -> None:
    proxy = DroppingProxy(virtuoso.http_port, limit=60_000)
    try:
        with pytest.raises(EndpointError):
            store_for(virtuoso, endpoint=f"http://127.0.0.1:{proxy.port}/sparql").load(fresh.new)
    finally:
        proxy.close()
    assert proxy.dropped >= 1
    found = states(virtuoso, fresh)
    assert "broken" not in found.values() and "old" in found.values()
    try:
        store_for(virtuoso, timeout=30).load(fresh.new)  # a checkpoint takes well under a second here
    except EndpointError as wedged:
        # The server's defect (see DroppingProxy), about one run in six here: what kg push says,
        # and the way out the message gives: restart the server (it will not stop: kill it), push again.
        assert str(wedged).startswith("checkpoint: Virtuoso did not finish a checkpoint within 30 s.")
        virtuoso.crash()
        virtuoso.start()
        found = states(virtuoso, fresh)
        assert "broken" not in found.values()
        store_for(virtuoso).load(fresh.new)
    assert all_graphs("new", virtuoso, fresh)


# -- kills ----------------------------------------------------------------------------------------


def kg_push(server: Virtuoso, project: Path) -> subprocess.Popen[str]:
    """``kg push`` of ``project`` to ``server`` as a process of its own, progress on stderr."""
    command = [sys.executable, "-m", "kg", "push", "--project", str(project)]
    command += ["--endpoint", server.sparql, "--gsp", server.gsp_auth, "--update", server.sparql_auth]
    environment = {**os.environ, "HAMKORI_USER": "dba", "HAMKORI_PASSWORD": "dba"}
    return subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment, cwd=REPO)


def until_sending(push: subprocess.Popen[str]) -> list[str]:
    """Read the push's progress until it starts to send (after validation); the lines read."""
    assert push.stderr is not None
    lines = []
    while line := push.stderr.readline():
        lines.append(line)
        if "replacing" in line:
            return lines
    raise AssertionError(f"kg push ended before it sent anything:\n{''.join(lines)}")


@pytest.fixture(scope="module")
def push_seconds(virtuoso: Virtuoso, versions: Versions) -> float:
    """How long sending the new version takes here: kills fall within it, or a little after."""
    reset(virtuoso, versions)
    start = time.perf_counter()
    store_for(virtuoso).load(versions.new)
    return time.perf_counter() - start


def test_a_completed_push_survives_a_crash_of_the_server(virtuoso: Virtuoso, fresh: Versions) -> None:
    push = kg_push(virtuoso, fresh.new_project)
    _, err = push.communicate(timeout=120)
    assert push.returncode == 0, err
    virtuoso.crash()  # kill -9: no checkpoint of its own
    virtuoso.start()
    assert all_graphs("new", virtuoso, fresh)
    assert store_for(virtuoso).staging_graphs() == []


def check(server: Virtuoso, versions: Versions, what: str) -> None:
    """Each graph is old or new, and staging graphs are never listed among the dataset's graphs."""
    found = states(server, versions)
    store = store_for(server)
    left = store.staging_graphs()
    print(f"{what}: {dict(Counter(found.values()))}, {len(left)} staging graph(s) left")
    assert "broken" not in found.values(), f"{what}: {found}"
    assert not [graph for graph in store.graphs() if graph.startswith(STAGING)]


@pytest.mark.parametrize("seed", SEEDS)
def test_killing_kg_push_at_a_random_moment(
    virtuoso: Virtuoso, versions: Versions, push_seconds: float, seed: int
) -> None:
    reset(virtuoso, versions)  # and so the leftovers of the previous kill are gone
    delay = random.Random(f"push-{seed}").uniform(0, push_seconds * 1.2)
    push = kg_push(virtuoso, versions.new_project)
    until_sending(push)
    time.sleep(delay)
    push.kill()
    push.communicate(timeout=60)
    check(virtuoso, versions, f"kg push killed {delay:.2f} s into sending")


@pytest.mark.parametrize("seed", SEEDS)
def test_killing_the_server_at_a_random_moment(
    virtuoso: Virtuoso, versions: Versions, push_seconds: float, seed: int
) -> None:
    reset(virtuoso, versions)
    delay = random.Random(f"server-{seed}").uniform(0, push_seconds * 1.2)
    failures: list[Exception] = []

    def push() -> None:
        try:
            store_for(virtuoso).load(versions.new)
        except Exception as exc:  # the test asserts which
            failures.append(exc)

    thread = threading.Thread(target=push)
    thread.start()
    time.sleep(delay)
    virtuoso.crash()
    thread.join(60)
    virtuoso.start()
    assert not thread.is_alive() and all(isinstance(exc, EndpointError) for exc in failures), failures
    check(virtuoso, versions, f"Virtuoso killed {delay:.2f} s into a push")
