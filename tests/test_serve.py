"""kg serve: the SPARQL 1.1 Protocol over HTTP on loopback, and its query page."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.serve.server import PAGE_ROWS, SparqlService, make_server, negotiate
from kg.serve.workers import QueryPool
from kg.store.embedded import OxigraphStore
from kg.store.remote import SparqlEndpointStore
from tests.conftest import REPO
from tests.library import answers, calls, library

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hamkori/ontology#Project> }"


@cache
def bundled_store() -> OxigraphStore:
    paths = ProjectPaths(REPO)
    store = OxigraphStore(None)
    store.load(
        map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies).dataset
    )
    return store


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    service = SparqlService(bundled_store(), library(), "https://w3id.org/hamkori/")
    httpd = make_server(service, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(url: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def post(url: str, body: bytes, content_type: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def expected_projects() -> int:
    return len(load_corpus(ProjectPaths(REPO)).projects)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_get_negotiates_result_formats(server: str, accept: str, media: str) -> None:
    status, content_type, body = get(f"{server}/sparql?{urllib.parse.urlencode({'query': COUNT})}", accept)
    assert status == 200 and content_type.startswith(media)
    assert str(expected_projects()) in body.decode()


def test_post_form_and_direct_body(server: str) -> None:
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, body = post(f"{server}/sparql", form, "application/x-www-form-urlencoded")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(expected_projects())
    status, _, body = post(f"{server}/sparql", COUNT.encode(), "application/sparql-query", "text/csv")
    assert status == 200 and body.decode().splitlines()[1] == str(expected_projects())


def test_construct_answers_turtle(server: str) -> None:
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t . ?s a <https://w3id.org/hamkori/ontology#Project> }"
    status, content_type, body = get(
        f"{server}/sparql?{urllib.parse.urlencode({'query': query})}", "text/turtle"
    )
    assert status == 200 and content_type.startswith("text/turtle")
    assert len(Graph().parse(data=body.decode(), format="turtle")) >= expected_projects()


def test_updates_are_refused(server: str) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    assert post(f"{server}/sparql", update.encode(), "application/sparql-update")[0] == 403
    form = urllib.parse.urlencode({"update": update}).encode()
    assert post(f"{server}/sparql", form, "application/x-www-form-urlencoded")[0] == 403
    assert get(f"{server}/sparql?{urllib.parse.urlencode({'update': update})}")[0] == 403
    assert bundled_store().select(COUNT).records() == [{"n": expected_projects()}]


def test_bad_query_and_oversized_request(server: str) -> None:
    status, _, body = get(f"{server}/sparql?{urllib.parse.urlencode({'query': 'SELECT nonsense'})}")
    assert status == 400 and b"not valid SPARQL" in body
    assert post(f"{server}/sparql", b"x" * 1_000_001, "application/sparql-query")[0] == 413


def test_query_page_lists_the_library_escaped(server: str) -> None:
    status, content_type, body = get(f"{server}/", "text/html")
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    for query in library().values():
        assert f'action="/query/{query.name}"' in page
    # The query editor: its configuration and two scripts, from this server, nothing from elsewhere.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/json" id="hamkori-query-config">',
        '<script src="/vendor/yasgui/yasgui.min.js">',
        '<script src="/static/query.js">',
    ]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    config = json.loads(page.split('id="hamkori-query-config">')[1].split("</script>")[0])
    assert config["mode"] == "endpoint" and config["endpoint"] == "/sparql"
    assert [q["name"] for q in config["queries"]] == list(library())
    assert "&lt;https://w3id.org/hamkori/ontology#&gt;" in page


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/vendor/yasgui/yasgui.min.js", "text/javascript"),
        ("/vendor/yasgui/yasgui.min.css", "text/css"),
        ("/vendor/oxigraph/web_bg.wasm", "application/wasm"),
        ("/static/query.js", "text/javascript"),
    ],
)
def test_the_editor_files_are_served_from_the_package(server: str, path: str, media: str) -> None:
    status, content_type, body = get(f"{server}{path}")
    assert status == 200 and content_type.split(";")[0] == media and body
    assert get(f"{server}/vendor/yasgui/../../../pyproject.toml")[0] == 404


def test_library_query_as_html(server: str) -> None:
    name, params = next((n, p) for n, p in calls() if p)
    status, content_type, body = get(f"{server}/query/{name}?{urllib.parse.urlencode(params)}", "text/html")
    assert status == 200 and content_type.startswith("text/html") and b"<table>" in body
    assert get(f"{server}/query/{name}?{urllib.parse.urlencode({k: 'Not An Id' for k in params})}")[0] == 400


def test_negotiate_respects_q_values() -> None:
    choices = ["application/sparql-results+json", "text/csv"]
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", choices, "text/csv") == choices[0]
    assert negotiate("text/html", choices, "text/csv") == "text/csv"


def test_whole_library_through_the_endpoint_equals_the_embedded_store(server: str) -> None:
    """The same answers from Oxigraph directly and through the SPARQL protocol and SPARQLWrapper."""
    remote = SparqlEndpointStore(f"{server}/sparql", graphs=[])
    assert answers(remote) == answers(bundled_store())


def test_comments_do_not_turn_a_select_into_an_update(server: str) -> None:
    """SPARQLWrapper would send this as an update because of the words in its comments."""
    remote = SparqlEndpointStore(f"{server}/sparql", graphs=[])
    query = "# Contributions that do not add up; load, insert, ask\n# add\n" + COUNT
    assert remote.select(query).records() == [{"n": expected_projects()}]


# -- long results as pages; workers answer from a copy of the data in memory ----------------------

# 3,000 rows, 0 to 2999 in order, whatever the data.
NUMBERS = (
    "SELECT ?n WHERE { VALUES ?a { 0 1 2 3 4 5 6 7 8 9 } VALUES ?b { 0 1 2 3 4 5 6 7 8 9 } "
    "VALUES ?c { 0 1 2 3 4 5 6 7 8 9 } VALUES ?d { 0 1 2 } BIND(?a + 10 * ?b + 100 * ?c + 1000 * ?d AS ?n) } "
    "ORDER BY ?n"
)
EX_S, EX_P = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
EX_G = ox.NamedNode("http://example.org/g")


@pytest.fixture(scope="module", params=["in-process", "workers"])
def paging_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp(str(request.param))
    store = OxigraphStore(folder / "store")
    store.load_quads([ox.Quad(EX_S, EX_P, ox.Literal("on disk"), EX_G)])
    store.close()
    pool = QueryPool(folder / "store", size=1, timeout=60) if request.param == "workers" else None
    service = SparqlService(OxigraphStore(folder / "store", read_only=True), {}, EX_S.value, pool=pool)
    httpd = make_server(service, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    if pool is not None:
        pool.close()


def cells(page: bytes) -> list[int]:
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", page.decode())]


def test_a_long_result_is_shown_a_page_at_a_time(paging_server: str) -> None:
    url = f"{paging_server}/sparql?{urllib.parse.urlencode({'query': NUMBERS, 'format': 'html'})}"
    status, _, first = get(url)
    assert status == 200 and cells(first) == list(range(PAGE_ROWS))
    assert b"Next page" in first and b"Previous page" not in first
    assert b'<input type="hidden" name="page" value="2">' in first
    status, _, last = get(url + "&page=3")
    assert status == 200 and cells(last) == list(range(2000, 3000))
    assert b"Previous page" in last and b"Next page" not in last and b"the last" in last
    assert cells(get(url + "&page=9")[2]) == []
    assert get(url + "&page=0")[0] == 400 and get(url + "&page=x")[0] == 400
    # The other formats stay whole.
    status, _, whole = get(url.replace("format=html", "format=json"))
    assert status == 200 and len(json.loads(whole)["results"]["bindings"]) == 3000


def test_a_page_asked_for_by_post_links_to_the_next_by_post(paging_server: str) -> None:
    status, _, page = post(
        f"{paging_server}/sparql", NUMBERS.encode(), "application/sparql-query", "text/html"
    )
    assert status == 200 and cells(page) == list(range(PAGE_ROWS))
    assert b'<form method="post" action="/sparql">' in page
    form = urllib.parse.urlencode({"query": NUMBERS, "format": "html", "page": "2"}).encode()
    status, _, second = post(f"{paging_server}/sparql", form, "application/x-www-form-urlencoded")
    assert status == 200 and cells(second) == list(range(PAGE_ROWS, 2 * PAGE_ROWS))


def test_workers_answer_from_their_copy_in_memory_once_it_is_loaded(tmp_path: Path) -> None:
    """The copy comes from the dump; here the dump says otherwise than the store on disk, to tell them
    apart (kg build writes both from the same data)."""
    store = OxigraphStore(tmp_path / "store")
    store.load_quads([ox.Quad(EX_S, EX_P, ox.Literal("on disk"), EX_G)])
    store.close()
    dump = tmp_path / "hamkori.nq"
    dump.write_text(f'<{EX_S.value}> <{EX_P.value}> "in memory" <{EX_G.value}> .\n', encoding="utf-8")
    query = f"SELECT ?o WHERE {{ <{EX_S.value}> <{EX_P.value}> ?o }}"
    for given, expected in ((dump, "in memory"), (tmp_path / "missing.nq", "on disk")):
        pool = QueryPool(tmp_path / "store", size=1, timeout=60, dump=given)
        try:
            pool.wait_until_loaded()
            answer = pool.run(query)
            assert answer.kind == "ok", answer.body
            assert [b["o"]["value"] for b in json.loads(answer.body)["results"]["bindings"]] == [expected]
        finally:
            pool.close()
