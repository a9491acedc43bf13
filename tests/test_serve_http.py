"""kg serve as other clients see it: HTTP/1.1 keep-alive, CORS, checked parameters, predeclared prefixes."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from kg.authoring.loader import load_corpus
from kg.errors import UsageError
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.query.library import check_values
from kg.serve.server import SparqlService, make_server
from kg.store.embedded import OxigraphStore
from kg.store.remote import SparqlEndpointStore
from tests.conftest import REPO
from tests.library import library

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a hk:Project }"  # hk: undeclared on purpose
UPDATE = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
ASK_UPDATED = "ASK { <http://example.org/a> <http://example.org/b> 1 }"
TOKEN = "s3cret"


def new_store() -> OxigraphStore:
    paths = ProjectPaths(REPO)
    mapped = map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)
    store = OxigraphStore(None)
    store.load(mapped.dataset)
    return store


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[int, OxigraphStore]]:
    """An endpoint that takes updates with a token (to show they stay out of reach of other origins)."""
    store = new_store()
    service = SparqlService(store, library(), "https://w3id.org/hamkori/", update_token=TOKEN)
    httpd = make_server(service, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], store
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def port(served: tuple[int, OxigraphStore]) -> int:
    return served[0]


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def ask(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None, **headers: str
) -> tuple[http.client.HTTPResponse, bytes]:
    """One request on ``conn``; header names written with _ for - (Content_Type=…)."""
    conn.request(method, path, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = conn.getresponse()
    return response, response.read()


def sparql(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def test_requests_share_one_connection(port: int) -> None:
    conn = connect(port)
    first, body = ask(conn, "GET", sparql(COUNT), Accept="text/csv")
    sock = conn.sock
    assert first.status == 200 and first.version == 11
    assert int(first.headers["Content-Length"]) == len(body) and body.startswith(b"n\r\n")
    head, head_body = ask(conn, "HEAD", "/queries")
    assert head.status == 200 and head_body == b"" and int(head.headers["Content-Length"]) > 0
    second, page = ask(conn, "GET", "/query/organization-projects?org=vo-sino", Accept="text/csv")
    third, _ = ask(conn, "POST", "/sparql", COUNT.encode(), Content_Type="application/sparql-query")
    assert second.status == 200 and b"vo-sino-mts" in page and third.status == 200
    assert conn.sock is sock  # never reconnected: the same socket answered all four
    conn.close()


def test_a_kept_alive_connection_is_not_slowed_by_delayed_acks(port: int) -> None:
    """Headers and body in two writes, with Nagle's algorithm on, wait 40 ms each for the client's
    delayed ACK: about 45 ms a request here, against about 1 ms without it."""
    conn = connect(port)
    ask(conn, "GET", sparql(COUNT))  # the store warm
    started = time.perf_counter()
    for _ in range(20):
        response, _ = ask(conn, "GET", sparql("ASK { ?s a hk:Project }"))
        assert response.status == 200
    assert (time.perf_counter() - started) / 20 < 0.02
    conn.close()


def test_preflight_allows_get_post_and_the_two_headers(port: int) -> None:
    conn = connect(port)
    response, body = ask(
        conn,
        "OPTIONS",
        "/sparql",
        Origin="https://notebook.example",
        Access_Control_Request_Method="POST",
        Access_Control_Request_Headers="content-type, accept",
    )
    assert response.status == 204 and body == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST"} <= methods and "PUT" not in methods
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed == {"content-type", "accept"}  # not authorization: no page elsewhere sends the token
    assert response.headers.get("Access-Control-Allow-Credentials") is None
    after, _ = ask(conn, "GET", sparql(COUNT))  # the preflight left the connection usable
    assert after.status == 200
    conn.close()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", sparql("SELECT nonsense"), 400),
        ("GET", "/query/no-such-query", 404),
        ("GET", "/query/projects-in-place?place=sarichashma", 400),
        ("GET", "/no/such/file", 404),
        ("PUT", "/sparql", 501),  # the standard library's own error page
    ],
)
def test_answers_carry_cors_errors_too(port: int, method: str, path: str, status: int) -> None:
    conn = connect(port)
    response, body = ask(conn, method, path, Origin="https://notebook.example")
    assert response.status == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert int(response.headers["Content-Length"]) == len(body)
    conn.close()


def test_an_id_that_names_nothing_is_a_plain_400(port: int) -> None:
    conn = connect(port)
    response, body = ask(conn, "GET", "/query/projects-in-place?place=sarichashma")
    assert response.status == 400 and response.headers["Content-Type"].startswith("text/plain")
    assert body.decode() == (
        "parameter place: 'sarichashma' is not the id of a place in the data; "
        "closest place ids: sarichashma-jamoat, sarichashma-village"
    )
    wrong, text = ask(conn, "GET", "/query/results-by-sector?sector=civil-society")
    assert wrong.status == 400 and text.startswith(b"parameter sector: civil-society is an actor sector")
    conn.close()


def test_a_required_parameter_left_out_is_a_plain_400(port: int) -> None:
    conn = connect(port)
    for path in ("/query/evidence-of-project", "/query/evidence-of-project?project="):
        response, body = ask(conn, "GET", path)
        assert response.status == 400 and response.headers["Content-Type"].startswith("text/plain")
        assert body.decode() == (
            "query 'evidence-of-project' needs a value for its parameter project (project), "
            "e.g. project=vo-sino-mts"
        )
    given, _ = ask(conn, "GET", "/query/evidence-of-project?project=vo-sino-mts", Accept="text/csv")
    assert given.status == 200
    conn.close()


def test_sparql_declares_the_datasets_prefixes(port: int) -> None:
    conn = connect(port)
    response, body = ask(conn, "GET", sparql(COUNT), Accept="text/csv")
    assert response.status == 200 and int(body.split(b"\r\n")[1]) > 0
    declared = "PREFIX hk: <http://example.org/other#> SELECT (COUNT(*) AS ?n) WHERE { ?s a hk:Project }"
    own, counted = ask(conn, "GET", sparql(declared), Accept="text/csv")
    assert own.status == 200 and counted == b"n\r\n0\r\n"  # a prefix the query declares is its own
    conn.close()


def test_an_unread_body_closes_the_connection(port: int) -> None:
    conn = connect(port)
    smuggled = b"GET /sparql?query=x HTTP/1.1\r\nHost: a\r\n\r\n"
    response, _ = ask(conn, "POST", "/elsewhere", smuggled, Content_Type="text/plain")
    assert response.status == 404 and response.headers["Connection"] == "close"
    too_big, _ = ask(
        connect(port), "POST", "/sparql", b"x" * 1_000_001, Content_Type="application/sparql-query"
    )
    assert too_big.status == 413 and too_big.headers["Connection"] == "close"


def test_updates_are_not_taken_from_pages_of_other_origins(served: tuple[int, OxigraphStore]) -> None:
    port, store = served
    auth = f"Bearer {TOKEN}"
    for content_type, body in (
        ("application/sparql-update", UPDATE.encode()),
        ("application/x-www-form-urlencoded", urllib.parse.urlencode({"update": UPDATE}).encode()),
    ):
        response, text = ask(
            connect(port),
            "POST",
            "/sparql",
            body,
            Content_Type=content_type,
            Authorization=auth,
            Origin="https://evil.example",
        )
        assert response.status == 403 and b"another origin" in text
        assert not store.raw(ASK_UPDATED)
    # The same update with the token from a client that is no page of another origin is taken.
    response, _ = ask(
        connect(port),
        "POST",
        "/sparql",
        UPDATE.encode(),
        Content_Type="application/sparql-update",
        Authorization=auth,
    )
    assert response.status == 204 and store.raw(ASK_UPDATED)


def test_parameters_are_checked_on_a_remote_endpoint_too(port: int) -> None:
    """The same checks, by SPARQL over HTTP: the library does not need the embedded store."""
    remote = SparqlEndpointStore(f"http://127.0.0.1:{port}/sparql", graphs=[])
    with pytest.raises(UsageError, match=r"closest place ids: sarichashma-jamoat, sarichashma-village$"):
        check_values(remote, library()["projects-in-place"], {"place": "sarichashma"})
    with pytest.raises(
        UsageError, match=r"^parameter sector: civil-society is an actor sector, not a sector"
    ):
        check_values(remote, library()["results-by-sector"], {"sector": "civil-society"})
    check_values(remote, library()["projects-in-place"], {"place": "sarichashma-jamoat"})
