"""kg serve on the open web: time, size and memory limits, no SERVICE, updates only with a token.

The limits are tested with margins, for CI machines of two cores that run other tests meanwhile: a
test that a query is stopped early compares its time with the time limit it would have waited out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg import pipeline
from kg.project.paths import ProjectPaths
from kg.serve.server import SparqlService, make_server
from kg.serve.workers import QueryPool, outbound
from kg.store.embedded import OxigraphStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hamkori/ontology#Project> }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
# Billions of rows, written as they are produced: refused at the size limit, not materialized first.
HUGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# A sort of billions of rows: Oxigraph holds them all in memory before the first comes out.
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i"
TIME_LIMIT = 4.0  # seconds, in the pools of this file
MEMORY = 400 * 2**20  # a worker holds about 110 MB (its store open, a query run)


def serve(service: SparqlService) -> tuple[str, object]:
    httpd = make_server(service, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def request(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(
        url, data=body, method="POST" if body is not None else "GET", headers=headers or {}
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def query_url(base: str, query: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    import shutil

    from tests.conftest import MINI

    root = tmp_path_factory.mktemp("limits") / "mini"
    shutil.copytree(MINI, root)
    paths = ProjectPaths(root)
    pipeline.build(paths, full=False)
    return paths


@pytest.fixture(scope="module")
def limited(built: ProjectPaths) -> Iterator[str]:
    store_path = built.build / "store"
    pool = QueryPool(store_path, size=2, timeout=TIME_LIMIT, max_bytes=20_000, memory=MEMORY)
    service = SparqlService(
        OxigraphStore(store_path, read_only=True), {}, "https://w3id.org/hamkori/", pool=pool
    )
    base, httpd = serve(service)
    yield base
    httpd.shutdown()  # type: ignore[attr-defined]
    pool.close()


def test_queries_run_in_workers(limited: str) -> None:
    status, body = request(query_url(limited, COUNT), headers={"Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines() == ["n", "2"]
    status, body = request(query_url(limited, COUNT) + "&format=html")
    assert status == 200 and b"<table>" in body
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    status, body = request(query_url(limited, construct), headers={"Accept": "text/turtle"})
    assert status == 200 and body.count(b" a ") + body.count(b"rdf:type") >= 1


def test_a_slow_query_is_stopped_and_the_server_stays_up(limited: str) -> None:
    started = time.monotonic()
    status, body = request(query_url(limited, SLOW))
    assert status == 504 and b"longer than 4 s" in body
    assert time.monotonic() - started < 30
    assert request(query_url(limited, COUNT))[0] == 200


def test_a_result_over_the_size_limit_is_refused(limited: str) -> None:
    status, body = request(query_url(limited, BIG))
    assert status == 413 and b"over the limit of 20,000" in body
    assert request(query_url(limited, COUNT))[0] == 200


def test_a_huge_result_is_stopped_while_it_is_written(limited: str) -> None:
    # Written whole and then measured, this answer would take the whole time limit (and memory).
    started = time.monotonic()
    status, body = request(query_url(limited, HUGE))
    assert status == 413 and b"over the limit of 20,000" in body
    assert time.monotonic() - started < TIME_LIMIT - 1
    assert request(query_url(limited, COUNT))[0] == 200


def test_a_query_that_needs_too_much_memory_is_stopped_and_the_server_goes_on(limited: str) -> None:
    started = time.monotonic()
    status, body = request(query_url(limited, HOG))
    assert status == 507 and b"more than 400 MB of memory" in body, body[:200]
    assert time.monotonic() - started < TIME_LIMIT - 1  # stopped by the memory limit, not the clock
    for _ in range(3):  # its worker was replaced; both workers answer
        assert request(query_url(limited, COUNT), headers={"Accept": "text/csv"})[1].split() == [b"n", b"2"]


def in_threads(calls: list[Callable[[], tuple[int, bytes]]]) -> tuple[list[threading.Thread], list[tuple]]:
    """Start each call in a thread; the list of (status, body, seconds) fills as they end."""
    ended: list[tuple] = []

    def timed(call: Callable[[], tuple[int, bytes]]) -> None:
        started = time.monotonic()
        ended.append((*call(), time.monotonic() - started))

    threads = [threading.Thread(target=timed, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    return threads, ended


def test_a_cheap_query_is_answered_while_slow_ones_hold_the_workers(built: ProjectPaths) -> None:
    store_path = built.build / "store"
    pool = QueryPool(store_path, size=2, most=4, timeout=8.0)
    base, httpd = serve(SparqlService(OxigraphStore(store_path, read_only=True), {}, "", pool=pool))
    try:
        request(query_url(base, COUNT))  # both workers have started
        slow, ended = in_threads([lambda: request(query_url(base, SLOW)) for _ in range(2)])
        time.sleep(0.5)  # the two workers there were are busy now
        started = time.monotonic()
        status, body = request(query_url(base, COUNT), headers={"Accept": "text/csv"})
        took = time.monotonic() - started
        assert status == 200 and body.split() == [b"n", b"2"]
        assert ended == [], "the cheap query waited for the slow ones"
        assert took < 3.0
        for thread in slow:
            thread.join(timeout=30)
        assert [answer[0] for answer in ended] == [504, 504]
    finally:
        httpd.shutdown()  # type: ignore[attr-defined]
        pool.close()


def test_the_time_limit_counts_from_the_arrival_of_the_request(built: ProjectPaths) -> None:
    # Two workers and no more: the third query waits for one, and that wait counts.
    store_path = built.build / "store"
    pool = QueryPool(store_path, size=2, most=2, timeout=TIME_LIMIT)
    base, httpd = serve(SparqlService(OxigraphStore(store_path, read_only=True), {}, "", pool=pool))
    try:
        threads, ended = in_threads([lambda: request(query_url(base, SLOW)) for _ in range(3)])
        for thread in threads:
            thread.join(timeout=60)
        assert [answer[0] for answer in ended] == [504, 504, 504]
        # Counted from the start of each run, the third would have taken twice the limit.
        assert max(answer[2] for answer in ended) < TIME_LIMIT + 2.5, ended
        assert request(query_url(base, COUNT))[0] == 200
    finally:
        httpd.shutdown()  # type: ignore[attr-defined]
        pool.close()


def test_service_calls_are_refused(limited: str) -> None:
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, body = request(query_url(limited, federated))
    assert status == 403 and b"SERVICE" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", True),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", True),
        ("# SERVICE in a comment\nSELECT * WHERE { ?s ?p 'SERVICE' }", False),
        ('SELECT * WHERE { ?s ?p """a SERVICE\nb""" }', False),
        ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", False),
    ],
)
def test_service_is_read_from_the_parsed_query(query: str, expected: bool) -> None:
    assert (outbound(query) is not None) is expected


def test_updates_are_refused_without_a_token(limited: str) -> None:
    update = b"INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    assert request(f"{limited}/sparql", update, {"Content-Type": "application/sparql-update"})[0] == 403
    form = urllib.parse.urlencode({"update": update.decode()}).encode()
    assert request(f"{limited}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert (
        request(query_url(limited, COUNT), headers={"Accept": "text/csv"})[1].decode().splitlines()[1] == "2"
    )


def test_updates_with_the_token(tmp_path: Path, built: ProjectPaths) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(built.build / "store", copy)
    store = OxigraphStore(copy)
    service = SparqlService(store, {}, "https://w3id.org/hamkori/", update_token="s3cret")
    base, httpd = serve(service)
    try:
        update = (
            b"INSERT DATA { GRAPH <https://w3id.org/hamkori/graph/x> "
            b"{ <http://example.org/a> a <https://w3id.org/hamkori/ontology#Project> } }"
        )
        headers = {"Content-Type": "application/sparql-update"}
        assert request(f"{base}/sparql", update, {**headers, "Authorization": "Bearer wrong"})[0] == 401
        assert request(f"{base}/sparql", update, {**headers, "Authorization": "Bearer s3cret"})[0] == 204
        _, body = request(query_url(base, COUNT), headers={"Accept": "text/csv"})
        assert body.decode().splitlines()[1] == "3"
    finally:
        httpd.shutdown()  # type: ignore[attr-defined]


def descendants(pid: int) -> set[int]:
    """The processes below ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_no_query_worker_outlives_kg_serve(built: ProjectPaths) -> None:
    command = [
        sys.executable,
        "-m",
        "kg",
        "serve",
        "--project",
        str(built.root),
        "--port",
        "0",
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    below: set[int] = set()
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split()[1].rstrip("/")

        def slow() -> None:
            with contextlib.suppress(OSError):  # the server is killed before it answers
                request(query_url(base, SLOW))

        threading.Thread(target=slow, daemon=True).start()
        time.sleep(1.5)  # a worker is busy with the slow query
        below = descendants(server.pid)
        assert len(below) >= 3  # the fork server and its workers, at least
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in below) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in below if running(pid)]
    finally:
        for pid in [server.pid, *below]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
