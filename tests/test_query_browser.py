"""The query page in headless Chromium: on the published site (SPARQL in the browser, served by a plain
static HTTP server) and on `kg serve` (the editor talking to /sparql), every library query gives the
table `kg query` gives; IRIs show their labels and link to their pages; nothing leaves the page; the
home page's search box finds resources by name.

Without Chromium or playwright these tests skip, or fail when HAMKORI_REQUIRE_BROWSER is set.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pyoxigraph as ox
import pytest

from kg import pipeline
from kg.errors import UsageError
from kg.outputs.browser import BROWSER_TRIPLES
from kg.outputs.site import query_page
from kg.project.paths import BuildLayout, ProjectPaths
from kg.query.library import check_required, render
from kg.serve.server import SparqlService, make_server
from kg.serve.workers import QueryPool
from kg.store.embedded import OxigraphStore
from tests.browser import PageLog, chromium, open_page
from tests.conftest import REPO
from tests.library import calls, library

BASE = "https://w3id.org/hamkori/"
ARTIFACTS = REPO / "build" / "test-artifacts" / "query"
Row = tuple[str | None, ...]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("query-page")
    pipeline.publish(ProjectPaths(REPO), out=out)
    return out


@pytest.fixture(scope="module")
def store(built: Path) -> OxigraphStore:
    """The store `kg query` reads."""
    return OxigraphStore(BuildLayout(built).store, read_only=True)


@pytest.fixture(scope="module")
def static_site(built: Path) -> Iterator[str]:
    """build/site/ served as files by the standard library's plain HTTP server, as a static host would."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(BuildLayout(built).site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def kg_serve(built: Path, store: OxigraphStore) -> Iterator[str]:
    """The server as `kg serve` composes it (kg.pipeline.serving): queries in worker processes."""
    layout = BuildLayout(built)
    pool = QueryPool(layout.store, size=1, most=2, timeout=60, max_bytes=50_000_000, root=layout.root)
    httpd = make_server(SparqlService(store, library(), BASE, pool=pool, build=layout), "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    pool.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


def lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None:
        return None
    return "_:" if isinstance(term, ox.BlankNode) else term.value  # blank node labels are the engine's own


def expected(store: OxigraphStore, name: str, params: dict[str, str]) -> tuple[list[str], list[Row]]:
    """What `kg query NAME --param …` answers: the variables and each row's lexical values."""
    solutions = store.raw(render(library()[name], params, BASE))
    columns = [variable.value for variable in solutions.variables]
    return columns, [tuple(lexical(solution[c]) for c in columns) for solution in solutions]


def in_browser(results: dict[str, Any]) -> tuple[list[str], list[Row]]:
    columns = results["head"]["vars"]
    rows = [
        tuple(None if c not in b else "_:" if b[c]["type"] == "bnode" else b[c]["value"] for c in columns)
        for b in results["results"]["bindings"]
    ]
    return columns, rows


def ordered(name: str) -> bool:
    return "ORDER BY" in library()[name].text.upper()


def open_query_page(browser: Any, url: str, log: PageLog, origin: str) -> Any:
    page = open_page(browser, url, log, allow=("data:", "blob:", "about:", origin + "/"))
    page.wait_for_function(
        "window.hamkoriQuery && (hamkoriQuery.ready || hamkoriQuery.unavailable)", timeout=60_000
    )
    assert page.evaluate("hamkoriQuery.unavailable || null") is None
    return page


def check_every_library_query(page: Any, store: OxigraphStore) -> None:
    differences = []
    for name, params in calls():
        results = page.evaluate("([n, p]) => hamkoriQuery.runLibrary(n, p)", [name, params])
        error = page.evaluate("hamkoriQuery.lastError")
        assert error is None and results is not None, (name, params, error)
        columns, rows = in_browser(results)
        want_columns, want_rows = expected(store, name, params)
        if columns != want_columns:
            differences.append((name, params, "variables", columns, want_columns))
        elif ordered(name) and rows != want_rows:
            differences.append((name, params, "rows in order", len(rows), len(want_rows)))
        elif Counter(rows) != Counter(want_rows):
            differences.append((name, params, "rows", len(rows), len(want_rows)))
    assert differences == []
    assert len(calls()) > len(library())  # the examples ran too
    check_required_parameters(page)


def check_required_parameters(page: Any) -> None:
    """Without its required parameter a query is refused in the page with the line `kg query` prints,
    and its form marks the field required."""
    required = {name: query for name, query in library().items() if query.missing({})}
    assert set(required) == {"search", "evidence-of-project"}
    for name, query in required.items():
        with pytest.raises(UsageError) as refused:
            check_required(query, {})  # what kg query and /query/NAME say
        page.evaluate("hamkoriQuery.lastError = null")
        results = page.evaluate("([n, p]) => hamkoriQuery.runLibrary(n, p)", [name, {}])
        assert results is None and page.evaluate("hamkoriQuery.lastError") == str(refused.value)
        assert page.inner_text("#query-status") == str(refused.value)
        param = query.params[0]
        field = page.locator(f"#library-form input[name='{param.name}']")
        assert field.evaluate("input => input.required") is True
        label = page.locator("#library-form label", has=page.locator(f"input[name='{param.name}']"))
        assert label.inner_text().startswith(f"{param.name} (required)")
        # The Run button says the same rather than running the query.
        page.locator("#library-form button[type='submit']").click()
        page.wait_for_function(
            "(text) => document.getElementById('query-status').textContent === text", arg=str(refused.value)
        )


def check_labels_and_links(page: Any, root: str) -> None:
    """The results table shows an IRI by its label and links it to the resource's page."""
    page.evaluate("hamkoriQuery.runLibrary('organization-projects', {org: 'vo-sino'})")
    link = page.locator("#query-results a.iri", has_text="Village Organization Sino").first
    assert link.get_attribute("href") == f"{root}id/organization/vo-sino.html"
    assert link.get_attribute("title") == f"{BASE}id/organization/vo-sino"
    # Numbers read as numbers: CIDA's $47,000 for the tractor station is "47000", its datatype in the tooltip.
    amount = page.locator("#query-results span.typed", has_text="47000").first
    assert amount.inner_text() == "47000" and amount.get_attribute("title") == "xsd:decimal"
    assert "^^" not in page.locator("#query-results table").inner_text()


def test_every_library_query_in_the_browser_equals_kg_query(
    browser: Any, static_site: str, store: OxigraphStore
) -> None:
    log = PageLog()
    page = open_query_page(browser, f"{static_site}/sparql/", log, static_site)
    assert page.evaluate("hamkoriQuery.quads") > 10_000
    check_every_library_query(page, store)
    check_labels_and_links(page, "../")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-query.png"))
    assert log.external == [] and log.errors == []
    assert all(urlparse(url).netloc == urlparse(static_site).netloc for url in log.requests if "://" in url)


def test_every_library_query_on_kg_serve_equals_kg_query(
    browser: Any, kg_serve: str, store: OxigraphStore
) -> None:
    log = PageLog()
    page = open_query_page(browser, f"{kg_serve}/queries", log, kg_serve)
    check_every_library_query(page, store)
    check_labels_and_links(page, "/")
    assert any(url.endswith("/sparql") for url in log.requests)  # the server answered, not the browser
    assert not any("oxigraph" in url for url in log.requests)
    assert log.external == [] and log.errors == []


def test_a_shared_address_runs_its_query(browser: Any, static_site: str) -> None:
    log = PageLog()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hamkori/ontology#Project> }"
    page = open_query_page(browser, f"{static_site}/sparql/", log, static_site)
    page.evaluate("(q) => hamkoriQuery.run(q)", query)
    shared = page.url
    assert "#query=" in shared
    other = open_query_page(browser, shared, PageLog(), static_site)
    other.wait_for_function("hamkoriQuery.lastResults !== null", timeout=30_000)
    assert other.evaluate("hamkoriQuery.yasqe.getValue()") == query
    count = other.evaluate("hamkoriQuery.lastResults.results.bindings[0].n.value")
    assert int(count) > 0


def test_prefixes_are_declared_and_completed_without_the_network(browser: Any, static_site: str) -> None:
    log = PageLog()
    page = open_query_page(browser, f"{static_site}/sparql/", log, static_site)
    assert "PREFIX hk: <https://w3id.org/hamkori/ontology#>" in page.evaluate("hamkoriQuery.yasqe.getValue()")
    page.evaluate("hamkoriQuery.yasqe.setValue('')")
    page.click(".CodeMirror")
    page.keyboard.type("PREFIX h")
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hint")
    hints.first.wait_for(timeout=10_000)
    assert "hk: <https://w3id.org/hamkori/ontology#>" in hints.all_inner_texts()
    page.keyboard.press("Escape")
    page.evaluate("hamkoriQuery.yasqe.setValue('')")
    page.click(".CodeMirror")
    page.keyboard.type("SELECT * WHERE { ?s a skos:Concept ; org:")  # a prefix used undeclared is declared
    page.wait_for_timeout(500)
    text = page.evaluate("hamkoriQuery.yasqe.getValue()")
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in text
    assert "PREFIX org: <http://www.w3.org/ns/org#>" in text
    assert log.external == [] and log.errors == []


def test_long_results_are_paged_and_downloads_come_from_the_engine(browser: Any, static_site: str) -> None:
    log = PageLog()
    page = open_query_page(browser, f"{static_site}/sparql/", log, static_site)
    page.evaluate("hamkoriQuery.run('SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500')")
    assert page.locator("#query-results tbody tr").count() <= 100  # a page of the table, not 500 rows
    with page.expect_download() as download:
        page.click("#query-downloads button[data-format=tsv]")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "?s\t?p\t?o" and len(text.splitlines()) == 501


def test_from_a_file_the_page_says_what_to_do(browser: Any, built: Path) -> None:
    log = PageLog()
    page = open_page(browser, (BuildLayout(built).site / "sparql" / "index.html").as_uri(), log)
    page.wait_for_function("window.hamkoriQuery && hamkoriQuery.unavailable", timeout=60_000)
    assert "python3 -m http.server" in page.inner_text("#query-status")
    assert log.external == []


def test_a_dataset_too_large_for_a_browser_is_not_loaded(browser: Any, built: Path, static_site: str) -> None:
    folder = BuildLayout(built).site / "sparql-large"
    folder.mkdir(exist_ok=True)
    page_html = query_page(BROWSER_TRIPLES + 1, library(), BASE)
    (folder / "index.html").write_text(page_html, encoding="utf-8")
    log = PageLog()
    page = open_page(browser, f"{static_site}/sparql-large/", log, allow=("data:", static_site + "/"))
    page.wait_for_function("window.hamkoriQuery && hamkoriQuery.unavailable", timeout=60_000)
    assert f"{BROWSER_TRIPLES + 1:,} triples" in page.inner_text("#query-status")
    assert "kg serve" in page.inner_text("#query-status") and "kg serve" in page.inner_text("main")
    assert not any(url.endswith((".nq", ".wasm")) for url in log.requests)  # nothing of the data loaded
    assert page.evaluate("hamkoriQuery.ready") is False


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_home_page_search_box_finds_a_resource_by_name(
    browser: Any, built: Path, static_site: str, scheme: str
) -> None:
    site = BuildLayout(built).site
    url = f"{static_site}/index.html" if scheme == "http" else (site / "index.html").as_uri()
    log = PageLog()
    page = open_page(browser, url, log, allow=("file:", "data:", "about:", static_site + "/"))
    page.fill("#site-search-input", "shurobod")
    hits = page.locator("#site-search-results a")
    assert hits.count() > 0
    first = hits.first
    assert first.inner_text() and first.get_attribute("href", timeout=1000)
    page.fill("#site-search-input", "caip")  # an alias (skos:altLabel), in another case
    assert hits.first.get_attribute("href") == "id/organization/caip.html"
    assert "CAIP" in page.inner_text("#site-search-results li >> nth=0")
    page.fill("#site-search-input", "Village Organization Sino")
    assert hits.first.get_attribute("href") == "id/organization/vo-sino.html"
    hits.first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("id/organization/vo-sino.html")
    assert log.external == [] and log.errors == []
