"""kg serve facing a hostile client: no outbound fetch, bounded bodies, an answer for any path, timeouts.

Every attack goes over a real socket to a server on loopback; a listener on 127.0.0.1 records any
connection the server would open on a query's behalf.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from kg.serve.server import SparqlService, make_server
from kg.serve.workers import QueryPool
from kg.store.embedded import OxigraphStore

TIMEOUT = 1.0  # the server's wait on a client, short so that the tests stay quick
DATA = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> <http://example.org/g> .\n"
NORMAL = "SELECT ?o WHERE { ?s <http://example.org/p> ?o }"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            client.settimeout(0.5)
            try:
                self.connections.append(client.recv(4096))
            except OSError:
                self.connections.append(b"")
            client.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.socket.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    store = OxigraphStore(None)
    store.load_nquads(DATA)
    # A token, so that updates get past the read-only refusal and reach the outbound check.
    service = SparqlService(store, {}, "https://w3id.org/hamkori/", site, update_token="tok")
    httpd = make_server(service, "127.0.0.1", 0, timeout=TIMEOUT)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield "127.0.0.1", httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A server whose queries run in worker processes (as ``kg serve`` runs them), 1.5 s each at most."""
    path = tmp_path_factory.mktemp("pooled") / "store"
    store = OxigraphStore(path)
    store.load_nquads(DATA)
    store.close()
    pool = QueryPool(path, size=2, timeout=1.5)
    service = SparqlService(OxigraphStore(path, read_only=True), {}, "https://w3id.org/hamkori/", pool=pool)
    httpd = make_server(service, "127.0.0.1", 0, timeout=TIMEOUT)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield "127.0.0.1", httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    pool.close()


def exchange(address: tuple[str, int], raw: bytes, wait: float = 10.0) -> bytes:
    """Send raw bytes, then read until the server closes; b'' if it closed without a word.

    Raises:
        TimeoutError: if the server neither answers nor closes within ``wait`` seconds.
    """
    with socket.create_connection(address, timeout=wait) as client:
        client.sendall(raw)
        received = b""
        while chunk := client.recv(65536):
            received += chunk
        return received


def status(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1."), f"no HTTP answer: {answer[:80]!r}"
    return int(answer.split(b" ", 2)[1])


def post(address: tuple[str, int], body: bytes, content_type: str) -> bytes:
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
        f"Authorization: Bearer tok\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return exchange(address, head.encode() + body)


def get_query(address: tuple[str, int], query: str) -> bytes:
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    return exchange(address, f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())


# Each query is sent twice: as is, and with its call hidden on a line after a '#' inside an IRI, which
# the text guard took for a comment. (rdflib cannot parse SERVICE after such a '#': that one is a 400.)
HIDE = "?s <http://example.org/#> ?o ."
HIDDEN_QUERIES = {
    "after-a-hash": "SELECT * WHERE { {} UNION { {hide} } UNION { SERVICE <{url}> { ?a ?b ?c } } }",
    "nested-group": "SELECT * WHERE { {} UNION { {hide} } UNION { { { SERVICE <{url}> { ?a ?b ?c } } } } }",
    "lowercase": "select * where { {} union { {hide} } union { service <{url}> { ?a ?b ?c } } }",
    "variable-endpoint": "SELECT * WHERE { {} UNION { {hide} } "
    "UNION { VALUES ?x { <{url}> } SERVICE ?x { ?a ?b ?c } } }",
    "silent": "SELECT * WHERE { {} UNION { {hide} } UNION { SERVICE SILENT <{url}> { ?a ?b ?c } } }",
}
HIDDEN_UPDATES = {
    "load": "LOAD <{url}x.ttl> # <http://example.org/#>",
    "load-silent-lowercase": "load silent <{url}x.ttl> into graph <http://example.org/#g>",
    "load-after-an-insert": "INSERT DATA { <http://example.org/#a> <http://example.org/p> 1 } ; "
    "LOAD <{url}x.ttl>",
}


def then_normal_queries_work(address: tuple[str, int]) -> None:
    answer = get_query(address, NORMAL + " # no SERVICE here: SERVICE <http://example.org/#>")
    assert status(answer) == 200 and b"http://example.org/b" in answer


@pytest.mark.parametrize("name", sorted(HIDDEN_QUERIES))
def test_a_hidden_service_call_never_leaves_the_server(
    name: str, server: tuple[str, int], listener: Listener
) -> None:
    template = HIDDEN_QUERIES[name].replace("{url}", f"http://127.0.0.1:{listener.port}/")
    before = len(listener.connections)
    for hide, refused in (("", {403}), (HIDE, {400, 403})):
        query = template.replace("{hide}", hide)
        answers = [
            get_query(server, query),
            post(server, query.encode(), "application/sparql-query"),
            post(
                server, urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded"
            ),
        ]
        time.sleep(0.2)
        assert listener.connections[before:] == []
        assert {status(answer) for answer in answers} <= refused, (hide, answers[0][:200])
    then_normal_queries_work(server)


@pytest.mark.parametrize("name", sorted(HIDDEN_QUERIES))
def test_a_worker_never_follows_a_hidden_service_call(
    name: str, pooled: tuple[str, int], listener: Listener
) -> None:
    template = HIDDEN_QUERIES[name].replace("{url}", f"http://127.0.0.1:{listener.port}/")
    before = len(listener.connections)
    plain, hidden = (
        get_query(pooled, template.replace("{hide}", "")),
        get_query(pooled, template.replace("{hide}", HIDE)),
    )
    time.sleep(0.2)
    assert listener.connections[before:] == []
    assert status(plain) == 403 and b"SERVICE" in plain
    # Refused by the guard before it ran: not an error of Oxigraph's evaluation.
    assert status(hidden) == 403 or (status(hidden) == 400 and b"does not parse" in hidden)
    then_normal_queries_work(pooled)


def test_a_query_slow_to_parse_does_not_hold_up_other_clients(pooled: tuple[str, int]) -> None:
    # rdflib's parser takes minutes on a long FILTER; the check runs in a worker, under its time limit.
    # (A regression guard for the parse itself: the text guard had no parse to be slow.)
    slow = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(40_000)) + ") }"
    answers: list[bytes] = []
    started = time.monotonic()
    thread = threading.Thread(
        target=lambda: answers.append(post(pooled, slow.encode(), "application/sparql-query"))
    )
    thread.start()
    time.sleep(0.3)
    then_normal_queries_work(pooled)  # the other worker answers meanwhile
    assert time.monotonic() - started < 1.5
    thread.join(timeout=30)
    assert status(answers[0]) in (200, 504)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("name", sorted(HIDDEN_UPDATES))
def test_load_never_leaves_the_server(name: str, server: tuple[str, int], listener: Listener) -> None:
    update = HIDDEN_UPDATES[name].replace("{url}", f"http://127.0.0.1:{listener.port}/")
    before = len(listener.connections)
    form = urllib.parse.urlencode({"update": update}).encode()
    answers = [
        post(server, update.encode(), "application/sparql-update"),
        post(server, form, "application/x-www-form-urlencoded"),
    ]
    time.sleep(0.2)
    assert listener.connections[before:] == []
    assert [status(answer) for answer in answers] == [403, 403]
    then_normal_queries_work(server)


def test_a_query_that_does_not_parse_is_refused_before_it_runs(server: tuple[str, int]) -> None:
    # A text guard passed this on (no SERVICE token outside the '#'-"comment"); the parse rejects it.
    answer = get_query(server, "SELECT * WHERE { ?s <http://example.org/#> ?o . SERVICE }")
    assert status(answer) == 400 and b"does not parse" in answer


BAD_LENGTHS = {
    "negative": (b"-1", b"query=x", 400),
    "not-a-number": (b"abc", b"query=x", 400),
    "a-unicode-digit": ("\u00b2".encode("latin-1"), b"query=x", 400),
    "longer-than-the-body": (b"100", b"query=x", 400),
    "over-the-limit-and-lying": (b"999999999999", b"query=x", 413),
}


@pytest.mark.parametrize("name", sorted(BAD_LENGTHS))
def test_a_bad_content_length_gets_a_prompt_answer(name: str, server: tuple[str, int]) -> None:
    header, body, expected = BAD_LENGTHS[name]
    raw = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: " + header + b"\r\n\r\n" + body
    )
    started = time.monotonic()
    # The client keeps the connection open after its short body: the server must not wait for more.
    assert status(exchange(server, raw, wait=TIMEOUT + 5)) == expected
    assert time.monotonic() - started < TIMEOUT + 3


def test_a_post_without_content_length_is_refused(server: tuple[str, int]) -> None:
    raw = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n8\r\nASK {} \r\n0\r\n\r\n"
    )
    assert status(exchange(server, raw)) == 411
    raw = b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n\r\nASK {}"
    assert status(exchange(server, raw)) == 411


BAD_PATHS = {
    "nul": b"/%00",
    "nul-in-a-folder": b"/id/%00/x",
    "long-segment": b"/" + b"a" * 10_000,
    "long-segment-under-id": b"/id/" + b"b" * 10_000,
    "escapes-not-utf8": b"/%ff%fe",
    "invalid-escape-then-nul": b"/%zz%00",
    "raw-non-utf8": b"/\xff\xfe\x80",
}


@pytest.mark.parametrize("name", sorted(BAD_PATHS))
def test_any_path_gets_an_http_answer(name: str, server: tuple[str, int]) -> None:
    answer = exchange(server, b"GET " + BAD_PATHS[name] + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status(answer) == 400, answer[:200]
    home = exchange(server, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status(home) == 200 and b"home" in home


@pytest.mark.parametrize("sent", [b"", b"GET /spa"], ids=["nothing", "half-a-request-line"])
def test_a_silent_client_is_dropped_and_others_are_served(sent: bytes, server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=TIMEOUT + 5) as idle:
        idle.sendall(sent)
        started = time.monotonic()
        answer = get_query(server, NORMAL)  # served while the idle client holds its connection
        assert status(answer) == 200
        while idle.recv(65536):  # the server closes (perhaps after a 408): recv ends, no timeout
            pass
        assert time.monotonic() - started < TIMEOUT + 3


# Answers that the format asked for cannot hold: a character that XML 1.0 has no way to write, a
# predicate that RDF/XML cannot turn into an element name. Oxigraph writes both, ill-formed.
UNWRITABLE = {
    "control-character-in-xml-results": (
        'SELECT ("a\\u0001b" AS ?x) WHERE {}',
        "application/sparql-results+xml",
    ),
    "noncharacter-in-xml-results": ('SELECT ("a\\uFFFEb" AS ?x) WHERE {}', "application/sparql-results+xml"),
    "control-character-in-rdf-xml": (
        'CONSTRUCT { <http://example.org/a> <http://example.org/p> "a\\u0001b" } WHERE {}',
        "application/rdf+xml",
    ),
    "predicate-ending-in-a-digit": (
        "CONSTRUCT { <http://example.org/a> <http://example.org/p/1> 1 } WHERE {}",
        "application/rdf+xml",
    ),
    "predicate-ending-in-a-slash": (
        "CONSTRUCT { ?s <http://example.org/p/> ?o } WHERE { ?s ?p ?o }",
        "application/rdf+xml",
    ),
}


def parses_as(content_type: str, body: bytes) -> None:
    """Parse a body strictly as the media type its Content-Type names (a well-formed XML document
    for the XML types: expat refuses what XML 1.0 cannot hold)."""
    import json
    import xml.etree.ElementTree as ElementTree

    from rdflib import Graph

    media = content_type.partition(";")[0].strip()
    if media == "application/sparql-results+xml":
        ElementTree.fromstring(body)
    elif media == "application/sparql-results+json":
        json.loads(body)
    elif media in ("application/rdf+xml", "text/turtle", "application/n-triples"):
        Graph().parse(
            data=body, format={"application/rdf+xml": "xml", "text/turtle": "turtle"}.get(media, "nt")
        )
    else:
        assert media == "text/plain", content_type


def answer_parts(answer: bytes) -> tuple[int, str, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:] if ": " in line)
    return status(answer), headers["Content-Type"], body


@pytest.mark.parametrize("mode", ["server", "pooled"])
@pytest.mark.parametrize("name", sorted(UNWRITABLE))
def test_an_answer_the_format_cannot_hold_is_refused_not_mislabelled(
    name: str, mode: str, request: pytest.FixtureRequest
) -> None:
    address = request.getfixturevalue(mode)
    query, media = UNWRITABLE[name]
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    raw = f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: {media}\r\nConnection: close\r\n\r\n"
    code, content_type, body = answer_parts(exchange(address, raw.encode()))
    parses_as(content_type, body)  # whatever the answer, its body is what its Content-Type says
    assert code == 406 and b"ask for" in body, (code, body[:200])
    # The same answer in a format that can hold it.
    other = "application/sparql-results+json" if "results" in media else "text/turtle"
    raw = f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: {other}\r\nConnection: close\r\n\r\n"
    code, content_type, body = answer_parts(exchange(address, raw.encode()))
    assert code == 200 and content_type.startswith(other)
    parses_as(content_type, body)
