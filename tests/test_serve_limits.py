"""kg serve on the open web: time and size limits, no SERVICE, read-only unless a token allows updates."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
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
    pool = QueryPool(store_path, size=2, timeout=1.5, max_bytes=20_000)
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
    assert status == 504 and b"longer than 1.5 s" in body
    assert time.monotonic() - started < 30
    assert request(query_url(limited, COUNT))[0] == 200


def test_a_result_over_the_size_limit_is_refused(limited: str) -> None:
    status, body = request(query_url(limited, BIG))
    assert status == 500 and b"over the limit of 20,000" in body
    assert request(query_url(limited, COUNT))[0] == 200


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
