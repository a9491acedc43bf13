"""A local, read-only SPARQL 1.1 Protocol endpoint over the embedded store, with the linked-data site.

    GET  /sparql?query=…            results by Accept: JSON (default), XML, CSV, TSV;
    POST /sparql                    form-encoded query=… or an application/sparql-query body
    GET  /queries                   the query editor (YASGUI) with the library; a plain form for each query
    GET  /vendor/…, /static/…       the editor's files, from the package (kg.outputs.browser)
    GET  /query/NAME?param=value    a library query, as an HTML table or by Accept
    GET  /id/…, /vocab/…, /graph/…  303 See Other to the page or document the Accept header asks for
    GET  /anything-else             a file of build/site/ (the site's index at /)
    OPTIONS  any path               a CORS preflight: GET, HEAD, POST with Content-Type and Accept

Queries to /sparql get Hamkori's prefixes (``kg.rdf.namespaces.PREFIXES``) declared when they use
one without declaring it (``with_prefixes``): such a query would not parse otherwise, so no query
that parses changes meaning. A library query's parameters are checked against the data, and an id
that names nothing is a 400 that names the closest ids. The server speaks HTTP/1.1 with keep-alive,
and every answer, errors included, carries ``Access-Control-Allow-Origin: *`` for pages of any
origin; an update is never taken from a page of another origin (its ``Origin`` header), and the
preflight does not allow the ``Authorization`` header that carries the update token.

Updates are refused: the endpoint serves what ``kg build`` made, and once a new build has taken
the place of the build folder, it serves that one (its store opened again, its pages read from it).
Nothing a client sends makes it reach another address: SERVICE and LOAD are found in the parse tree
of a query (one that does not parse is a 400). Bodies are bounded whatever their headers say, every
path gets an HTTP answer, and a client that goes quiet is dropped after ``TIMEOUT`` seconds. With
worker processes (``kg serve``), a query's time limit counts from the arrival of its request, an
answer over the size limit is stopped as it is written (413), and a query that needs more memory
than a worker may hold is stopped (507). The pages come from the templates in
``kg/outputs/templates/serve/``, escaped by default, and load nothing from the network.
"""

from __future__ import annotations

import hmac
import itertools
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import HamkoriError
from kg.outputs import browser, templating
from kg.project.generations import build_identity
from kg.project.paths import BuildLayout
from kg.query.library import LibraryQuery, check_values, render, with_prefixes
from kg.rdf import formats
from kg.rdf.formats import Format, term_from_json
from kg.rdf.namespaces import DEFAULT_BASE
from kg.rdf.terms import to_rdflib
from kg.serve.workers import LatestStore, QueryPool, Refused, forbidden, outbound, write_answer
from kg.store.embedded import OxigraphStore
from kg.store.table import Table, short

MAX_REQUEST_BYTES = 1_000_000
MAX_SEGMENT_BYTES = 255  # the longest file name most file systems take
TIMEOUT = 10.0  # seconds a connection may wait on the client, idle or mid-request
PAGE_BYTES = 5_000_000  # the largest JSON answer turned into an HTML page (the page is larger still)
# CORS: what a page of any origin may send (a read-only endpoint: no credentials, no Authorization).
CORS_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = "Content-Type, Accept"
PAGE_ROWS = 1000  # rows of a results page; a next page holds the rows after them
SWAP_WAIT = 1.0  # seconds a request waits for the build folder while a new build is swapped in
# /sparql answers solutions and booleans in a results format (or as an HTML page), graphs in a
# graph format; JSON and Turtle when the client accepts none of them.
RESULTS, GRAPHS = formats.of_kind("results"), formats.of_kind("graph")
JSON, TURTLE, HTML = formats.get("json"), formats.get("turtle"), formats.get("html")
FORMAT_NAMES = {f.name: f.media_type for f in (*RESULTS, *GRAPHS, HTML)}  # format=NAME overrides Accept


@dataclass(frozen=True)
class Pager:
    """Which page of a results table a request asks for (``page=N``, from 1), and how to ask for
    another: the same request (``method`` to ``action`` with ``fields``) with another ``page``."""

    number: int = 1
    action: str = "/sparql"
    method: str = "get"
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def first(self) -> int:
        """The 0-based index of the page's first row."""
        return (self.number - 1) * PAGE_ROWS


def page_number(text: str | None) -> int | None:
    """The page a ``page=`` parameter names (1 when absent), or None when it is not a whole number ≥ 1."""
    if text is None or text == "":
        return 1
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 10**9 else None


def results_page(table: Table, pager: Pager | None = None, *, more: bool = False) -> bytes:
    """A SELECT query's results as an HTML table, long values shortened: with ``pager``, one page
    of them (``table`` holds that page's rows), with forms for the previous and, if ``more``, the next."""
    rows = [[short(value, 200) for value in row] for row in table.rows]
    pager = pager or Pager()
    page = templating.render(
        "serve/results.html", columns=table.columns, rows=rows, pager=pager, more=more, first=pager.first
    )
    return page.encode("utf-8")


def library_page(library: dict[str, LibraryQuery], base: str = DEFAULT_BASE) -> bytes:
    """The endpoint's front page: the query editor talking to /sparql, and a form for each library query."""
    config = browser.editor_config(library.values(), base=base, root="/", endpoint="/sparql")
    page = templating.render(
        "serve/library.html",
        root="/",
        config=templating.Markup(browser.config_json(config)),
        store=False,
        queries=library.values(),
    )
    return page.encode("utf-8")


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


# The status of each refusal of a query worker (kg.serve.workers.Answer.kind).
REFUSALS = {
    "forbidden": HTTPStatus.FORBIDDEN,
    "timeout": HTTPStatus.GATEWAY_TIMEOUT,
    "too-large": HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
    "memory": HTTPStatus.INSUFFICIENT_STORAGE,
    "unwritable": HTTPStatus.NOT_ACCEPTABLE,
    "error": HTTPStatus.BAD_REQUEST,
    "failed": HTTPStatus.INTERNAL_SERVER_ERROR,
}


def refusal(text: str, *, update: bool = False) -> Response | None:
    """A 403 for a query or update that would reach another address, a 400 for one that does not parse."""
    try:
        keyword = outbound(text, update=update)
    except SyntaxError as exc:
        return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
    if keyword is None:
        return None
    return Response(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", forbidden(keyword).encode())


def path_problem(path: str) -> str | None:
    """Why a request path cannot name anything here (raw non-ASCII, an escape that is not UTF-8,
    a NUL, an over-long segment), or None."""
    if not path.isascii():
        return "the path must be ASCII; percent-encode other characters"
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return "the path's percent-escapes are not UTF-8"
    if "\x00" in decoded:
        return "the path holds a NUL character"
    if any(len(segment.encode()) > MAX_SEGMENT_BYTES for segment in decoded.split("/")):
        return f"a path segment is longer than {MAX_SEGMENT_BYTES} bytes"
    return None


def negotiate(accept: str, choices: list[str], default: str) -> str:
    """The first media type of ``choices`` that the Accept header allows, by its q order."""
    ranked = []
    for index, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranked.append((-q, index, media.strip().lower()))
    for _, _, media in sorted(ranked):
        if media in choices:
            return media
        if media in ("*/*", "application/*", "text/*"):
            matching = [c for c in choices if media == "*/*" or c.startswith(media[:-1])]
            if matching:
                return default if default in matching else matching[0]
    return default


def answer_formats(accept: str, forced: str | None = None) -> tuple[Format, Format]:
    """The formats of an answer to a query: one for solutions and booleans (or HTML), one for graphs.

    ``forced`` is the media type that ``format=NAME`` asked for; else the Accept header decides.
    """
    offered = [f.media_type for f in (*RESULTS, HTML)]
    solutions = forced or negotiate(accept, offered, JSON.media_type)
    graphs = [f.media_type for f in GRAPHS]
    graph = forced or negotiate(accept, graphs, TURTLE.media_type)
    return (
        formats.by_media_type(solutions) if solutions in offered else JSON,
        formats.by_media_type(graph) if graph in graphs else TURTLE,
    )


class SparqlService:
    """The request logic, kept apart from the HTTP server so that tests can call it directly."""

    def __init__(
        self,
        store: OxigraphStore,
        library: dict[str, LibraryQuery],
        base: str,
        site: Path | None = None,
        *,
        pool: QueryPool | None = None,
        allow_service: bool = False,
        update_token: str | None = None,
        build: BuildLayout | None = None,
    ) -> None:
        """``pool`` runs queries in worker processes with a time, size and memory limit; without it
        they run in this process (tests, notebooks). Updates are refused unless ``update_token`` is
        given.

        With ``build``, the folder that ``store`` is in, the pages are those of ``build.site``, and
        when a new build takes the place of that folder (``kg build`` swaps in a whole new one) the
        store is opened again and the pages read from the new folder: pages and SPARQL answers come
        from the same build. ``site`` is then unused.
        """
        self.library = library
        self.base = base
        self.pool = pool
        self.allow_service = allow_service
        self.update_token = update_token
        self.build = build
        self._site = site
        root = build.root if build is not None else None

        def reopen() -> OxigraphStore:
            assert build is not None
            return OxigraphStore(build.store, read_only=update_token is None)

        self._store = LatestStore(root, reopen, store)

    @property
    def store(self) -> OxigraphStore:
        """The store of the build being served."""
        return self._store.current()

    @property
    def site(self) -> Path | None:
        """The site folder of the build being served, or None when there is none."""
        if self.build is None:
            return self._site.resolve() if self._site is not None and self._site.is_dir() else None
        deadline = time.monotonic() + SWAP_WAIT
        while build_identity(self.build.root) is None and time.monotonic() < deadline:
            time.sleep(0.01)  # a swap by two renames: the new build is there in a moment
        return self.build.site.resolve() if self.build.site.is_dir() else None

    def site_file(self, path: str, site: Path | None = None) -> Path | None:
        """The file of the site at a URL path, or None; never a file outside the site folder."""
        site = site or self.site
        if site is None:
            return None
        try:
            relative = urllib.parse.unquote(path, errors="strict").lstrip("/")
            candidate = (site / relative).resolve()
            if candidate != site and site not in candidate.parents:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (ValueError, OSError):  # not UTF-8, a NUL byte, a name too long for the file system
            return None

    def static(self, path: str, accept: str) -> Response:
        """A file of the query page (the vendored packages and scripts), a site file, or a 303 from a
        resource IRI to the document the client asked for."""
        if path.startswith(("/vendor/", "/static/")) and (packaged := browser.asset(path)) is not None:
            return Response(HTTPStatus.OK, formats.content_type(packaged.suffix), packaged.read_bytes())
        for _ in range(3):  # a new build swapped in between finding a file and reading it: look again
            site = self.site
            found = self.site_file(path, site)
            if found is None:
                break
            try:
                return Response(HTTPStatus.OK, formats.content_type(found.suffix), found.read_bytes())
            except OSError:
                continue
        if site is not None and path.startswith(("/id/", "/vocab/", "/graph/")):
            # The page, or whichever RDF document of the resource the site holds.
            kinds = (HTML, *formats.of_kind("graph"), *formats.of_kind("dataset"))
            held = [f.media_type for f in kinds if self.site_file(path + f.suffix, site) is not None]
            target = path + formats.by_media_type(negotiate(accept, held, HTML.media_type)).suffix
            if self.site_file(target, site) is not None:
                return Response(
                    HTTPStatus.SEE_OTHER, "text/plain; charset=utf-8", target.encode(), location=target
                )
        return Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")

    def run(
        self,
        query: str,
        accept: str,
        forced: str | None = None,
        *,
        arrived: float | None = None,
        pager: Pager | None = None,
    ) -> Response:
        """A query's answer; with workers, not later than their time limit after ``arrived`` (a
        ``time.monotonic()`` reading of the request's arrival; now if None). Solutions asked for as
        HTML are one page of ``PAGE_ROWS`` rows, the one ``pager`` names (the first without).

        Hamkori's prefixes that the query uses without declaring are declared first (``with_prefixes``):
        a query that uses one undeclared would not parse, so no query that parses changes meaning.
        """
        query = with_prefixes(query)
        solutions, graph = answer_formats(accept, forced)
        pager = pager or Pager()
        if self.pool is not None:  # the worker checks for SERVICE, under the time limit: a parse can be slow
            return self._run_in_pool(query, solutions, graph, arrived, pager)
        if not self.allow_service and (refused := refusal(query)) is not None:
            return refused
        # In a frame of its own: the parse above leaves tracebacks in reference cycles that keep this
        # frame alive until a collection in some other thread, where Oxigraph's results cannot be freed.
        return self._run_here(query, solutions, graph, pager)

    def _run_here(self, query: str, solutions: Format, graph: Format, pager: Pager) -> Response:
        try:
            results = self.store.raw(query)
            if solutions == HTML and isinstance(results, ox.QuerySolutions):
                columns = tuple(v.value for v in results.variables)
                window = itertools.islice(results, pager.first, pager.first + PAGE_ROWS + 1)
                rows = tuple(tuple(to_rdflib(s[c]) for c in columns) for s in window)
                page = results_page(Table(columns, rows[:PAGE_ROWS]), pager, more=len(rows) > PAGE_ROWS)
                return Response(HTTPStatus.OK, "text/html; charset=utf-8", page)
            used, body = write_answer(results, JSON if solutions == HTML else solutions, graph)
        except Refused as exc:
            return Response(REFUSALS[exc.kind], "text/plain; charset=utf-8", str(exc).encode())
        except HamkoriError as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        except OSError as exc:
            return Response(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", str(exc).encode())
        return Response(HTTPStatus.OK, used.content_type, body)

    def _run_in_pool(
        self, query: str, solutions: Format, graph: Format, arrived: float | None, pager: Pager
    ) -> Response:
        assert self.pool is not None
        as_html = solutions == HTML
        answer = self.pool.run(
            query,
            JSON.name if as_html else solutions.name,
            graph.name,
            allow_service=self.allow_service,
            arrived=arrived,
            max_bytes=PAGE_BYTES if as_html else None,  # the page is built here, in the server
            page=(pager.first, PAGE_ROWS) if as_html else None,
        )
        if answer.kind != "ok":
            return Response(REFUSALS[answer.kind], "text/plain; charset=utf-8", answer.body)
        used = formats.get(answer.format)
        document = json.loads(answer.body) if as_html and used == JSON else {}
        if "results" in document:  # solutions as a page; a boolean stays JSON, as in this process
            columns = tuple(document["head"]["vars"])
            rows = tuple(
                tuple(term_from_json(b[c]) if c in b else None for c in columns)
                for b in document["results"]["bindings"]
            )
            page = results_page(Table(columns, rows[:PAGE_ROWS]), pager, more=len(rows) > PAGE_ROWS)
            return Response(HTTPStatus.OK, "text/html; charset=utf-8", page)
        return Response(HTTPStatus.OK, used.content_type, answer.body)

    def update(self, text: str, authorization: str) -> Response:
        """An update, only when the server was started with updates enabled and the token matches."""
        if self.update_token is None:
            return Response(
                HTTPStatus.FORBIDDEN,
                "text/plain; charset=utf-8",
                b"this endpoint is read-only: updates are refused",
            )
        if not hmac.compare_digest(authorization.encode(), f"Bearer {self.update_token}".encode()):
            return Response(
                HTTPStatus.UNAUTHORIZED, "text/plain; charset=utf-8", b"updates need the right token"
            )
        if not self.allow_service and (refused := refusal(text, update=True)) is not None:
            return refused
        try:
            self.store.update(text)
        except (SyntaxError, OSError, HamkoriError) as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        return Response(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"")

    def run_library(
        self,
        name: str,
        params: dict[str, str],
        accept: str,
        forced: str | None,
        *,
        arrived: float | None = None,
        pager: Pager | None = None,
    ) -> Response:
        query = self.library.get(name)
        if query is None:
            return Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"no query {name!r}".encode())
        values = {k: v for k, v in params.items() if v}
        try:
            check_values(self.store, query, values, self.base)  # an id naming nothing: a 400 saying why
            text = render(query, values, self.base)
        except HamkoriError as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        forced = forced or ("text/html" if "text/html" in accept else None)
        return self.run(text, accept, forced, arrived=arrived, pager=pager)


def parse_form(body: str) -> dict[str, str]:
    """A form-encoded body's fields, the last value of each."""
    return {k: v[-1] for k, v in urllib.parse.parse_qs(body).items()}


def make_handler(service: SparqlService, wait: float = TIMEOUT) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Hamkori"
        # Keep-alive: a client may send request after request on one connection. Every answer has a
        # Content-Length (``send``, and the standard library's ``send_error``), and a request whose
        # body is not read to its end closes the connection, so the next request never starts mid-body.
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm the second waits for the
        # client's delayed ACK of the first (40 ms on Linux) on every request of a kept-alive connection.
        disable_nagle_algorithm = True
        # The socket timeout of each connection: an idle client, or one that stops halfway through a
        # request line, headers or body, is dropped after it (its thread ends) while others are served.
        timeout = wait
        arrived = 0.0  # when the request line came in: a query's time limit counts from there

        def parse_request(self) -> bool:
            self.arrived = time.monotonic()
            return super().parse_request()

        def log_message(self, format: str, *args: Any) -> None:  # quieter than stderr per request
            pass

        def end_headers(self) -> None:
            # Every answer, errors included, may be read by a page of any origin: the data is public and
            # nothing here reads cookies. No Allow-Credentials, and Authorization is not an allowed
            # header, so a browser never sends an update token across origins (see ``cross_origin``).
            self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def do_OPTIONS(self) -> None:
            """A CORS preflight (or a plain OPTIONS): which methods and request headers are allowed."""
            self.discard_body()
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Allow", CORS_METHODS)
            self.send_header("Access-Control-Allow-Methods", CORS_METHODS)
            self.send_header("Access-Control-Allow-Headers", CORS_HEADERS)
            self.send_header("Access-Control-Max-Age", "86400")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def discard_body(self) -> None:
            """Close the connection after this answer if the request came with a body nobody reads."""
            length = self.headers.get("Content-Length", "0").strip()
            if length not in ("", "0") or "Transfer-Encoding" in self.headers:
                self.close_connection = True

        def cross_origin(self) -> bool:
            """Whether a browser sent this request from a page of another origin (its Origin header)."""
            origin = self.headers.get("Origin")
            if origin is None:
                return False
            return urllib.parse.urlsplit(origin).netloc.lower() != (self.headers.get("Host") or "").lower()

        def send(self, response: Response) -> None:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Vary", "Accept")
            if self.close_connection:  # a body left unread, or a broken request: the client must not reuse it
                self.send_header("Connection", "close")
            if response.location:
                self.send_header("Location", response.location)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def text(self, status: int, message: str) -> None:
            self.send(Response(status, "text/plain; charset=utf-8", message.encode("utf-8")))

        def params(self) -> dict[str, str]:
            query = urllib.parse.urlsplit(self.path).query
            return {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}

        def forced_format(self, params: dict[str, str]) -> str | None:
            return FORMAT_NAMES.get(params.get("format", ""))

        def pager(self, action: str, method: str, params: dict[str, str]) -> Pager | None:
            """The page ``params`` ask for (``page`` taken out of them), or None after answering 400."""
            number = page_number(params.pop("page", None))
            if number is None:
                self.text(HTTPStatus.BAD_REQUEST, "page must be a whole number from 1")
                return None
            return Pager(number, action, method, tuple(params.items()))

        def do_GET(self) -> None:
            self.discard_body()
            path = urllib.parse.urlsplit(self.path).path
            if (problem := path_problem(path)) is not None:
                self.close_connection = True
                self.text(HTTPStatus.BAD_REQUEST, problem)
                return
            params = self.params()
            accept = self.headers.get("Accept", "*/*")
            if path == "/queries" or (path == "/" and service.site_file("/") is None):
                page = library_page(service.library, service.base)
                self.send(Response(HTTPStatus.OK, "text/html; charset=utf-8", page))
            elif path == "/sparql":
                if "update" in params:
                    self.text(HTTPStatus.FORBIDDEN, "updates are accepted only by POST")
                elif "query" not in params:
                    self.text(HTTPStatus.BAD_REQUEST, "give the query in the 'query' parameter")
                elif (pager := self.pager(path, "get", params)) is not None:
                    forced = self.forced_format(params)
                    self.send(service.run(params["query"], accept, forced, arrived=self.arrived, pager=pager))
            elif path.startswith("/query/"):
                if (pager := self.pager(path, "get", params)) is None:
                    return
                name = path.removeprefix("/query/")
                forced = self.forced_format(params)
                params.pop("format", None)
                answer = service.run_library(name, params, accept, forced, arrived=self.arrived, pager=pager)
                self.send(answer)
            else:
                self.send(service.static(path, accept))

        do_HEAD = do_GET

        def body_length(self) -> int | None:
            """The Content-Length of a POST, or None after answering a request whose length is
            missing, malformed or over the limit (and marking the connection to close)."""
            header = self.headers.get("Content-Length")
            problem = None
            if header is None:  # chunked or read-to-close bodies are not taken: no end known in advance
                problem = (HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            elif not (header.isascii() and header.strip().isdigit()):
                problem = (HTTPStatus.BAD_REQUEST, f"Content-Length is not a number: {header[:40]!r}")
            elif int(header) > MAX_REQUEST_BYTES:
                problem = (
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"requests are limited to {MAX_REQUEST_BYTES} bytes",
                )
            if problem is None:
                return int(header or 0)
            if problem[0] == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                self.drain(int(header or 0))
            self.close_connection = True
            self.text(*problem)
            return None

        def drain(self, length: int) -> None:
            """Read and drop what a client is already sending of a body too large to take, so that it
            sees the answer rather than a reset; a bounded amount, and only while it keeps coming."""
            remaining = min(length, 16 * MAX_REQUEST_BYTES)
            self.connection.settimeout(min(1.0, self.timeout or 1.0))
            try:
                while remaining > 0 and (chunk := self.rfile.read1(min(remaining, 65536))):
                    remaining -= len(chunk)
            except OSError:  # the client stopped sending: answer now
                pass

        def do_POST(self) -> None:
            if urllib.parse.urlsplit(self.path).path != "/sparql":
                self.discard_body()
                self.text(HTTPStatus.NOT_FOUND, "not found")
                return
            length = self.body_length()
            if length is None:
                return
            try:
                data = self.rfile.read(length)
            except TimeoutError:
                data = b""
            if len(data) < length:  # the client sent less than it announced, then stopped
                self.close_connection = True
                self.text(HTTPStatus.BAD_REQUEST, "the body is shorter than its Content-Length")
                return
            body = data.decode("utf-8", errors="replace")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            accept = self.headers.get("Accept", "*/*")
            authorization = self.headers.get("Authorization", "")
            if content_type == "application/sparql-query":
                # The next page is asked for by a form: the query then goes as a form field.
                first = Pager(1, "/sparql", "post", (("query", body), ("format", "html")))
                self.send(service.run(body, accept, arrived=self.arrived, pager=first))
                return
            form = {} if content_type == "application/sparql-update" else parse_form(body)
            if content_type == "application/sparql-update" or "update" in form:
                if self.cross_origin():  # a page elsewhere never writes here, whatever token it holds
                    self.text(HTTPStatus.FORBIDDEN, "updates are not taken from pages of another origin")
                else:
                    self.send(service.update(form.get("update", body), authorization))
            elif "query" in form:
                if (pager := self.pager("/sparql", "post", form)) is None:
                    return
                forced = self.forced_format(form)
                self.send(service.run(form["query"], accept, forced, arrived=self.arrived, pager=pager))
            else:
                self.text(
                    HTTPStatus.BAD_REQUEST, "give the query as 'query=' or an application/sparql-query body"
                )

    return Handler


class _Server(ThreadingHTTPServer):
    # The standard library's backlog of 5 resets connections when many clients arrive at once.
    request_queue_size = 256
    daemon_threads = True


def make_server(
    service: SparqlService, host: str = "127.0.0.1", port: int = 8000, *, timeout: float = TIMEOUT
) -> ThreadingHTTPServer:
    """An HTTP server for ``service``; call ``serve_forever()`` and ``shutdown()``.

    ``timeout`` bounds, in seconds, each wait on a client: for a request to start, or for more of it.
    """
    return _Server((host, port), make_handler(service, timeout))
