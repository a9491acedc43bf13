"""A local, read-only SPARQL 1.1 Protocol endpoint over the embedded store, with the linked-data site.

    GET  /sparql?query=…            results by Accept: JSON (default), XML, CSV, TSV;
    POST /sparql                    form-encoded query=… or an application/sparql-query body
    GET  /queries                   the query library, with forms to run each query
    GET  /query/NAME?param=value    a library query, as an HTML table or by Accept
    GET  /id/…, /vocab/…, /graph/…  303 See Other to the page or document the Accept header asks for
    GET  /anything-else             a file of build/site/ (the site's index at /)

Updates are refused: the endpoint serves what ``kg build`` made. Everything on the pages is
HTML-escaped and nothing is loaded from the network.
"""

from __future__ import annotations

import hmac
import html
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import HamkoriError
from kg.query.library import LibraryQuery, render
from kg.rdf.terms import to_rdflib
from kg.serve.workers import QueryPool
from kg.store.embedded import GRAPH_FORMATS, RESULT_FORMATS, OxigraphStore
from kg.store.table import Table, short, term_from_json

MAX_REQUEST_BYTES = 1_000_000
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "html": "text/html",
}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; max-width: 70rem; color: #222; }}
pre {{ background: #f4f4f4; padding: .6rem; overflow-x: auto; font-size: .85rem; }}
table {{ border-collapse: collapse; font-size: .9rem; }}
td, th {{ border: 1px solid #ccc; padding: .2rem .5rem; }}
textarea {{ width: 100%; height: 10rem; font-family: monospace; }}
details {{ margin: .6rem 0; }} summary {{ cursor: pointer; font-weight: 600; }}
</style></head><body>
{body}
</body></html>
"""


def page(title: str, body: str) -> bytes:
    return PAGE.format(title=html.escape(title), body=body).encode("utf-8")


def table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(short(v, 200))}</td>" for v in row) + "</tr>"
        for row in table.rows
    )
    return f"<table><tr>{head}</tr>{rows}</table><p>{len(table)} rows</p>"


def library_page(library: dict[str, LibraryQuery]) -> bytes:
    parts = [
        "<h1>Hamkori SPARQL endpoint</h1>",
        "<p>The SPARQL 1.1 endpoint is at <code>/sparql</code> (GET or POST; JSON, XML, CSV or TSV "
        "results by <code>Accept</code>). The default graph is the union of the dataset's graphs.</p>",
        '<form method="get" action="/sparql"><textarea name="query">'
        "PREFIX hk: &lt;https://w3id.org/hamkori/ontology#&gt;\nSELECT ?donor (COUNT(*) AS ?projects)\n"
        "WHERE { ?project hk:ledBy ?org . ?c hk:toProject ?project ; hk:contributor ?donor ;\n"
        "  hk:role &lt;https://w3id.org/hamkori/vocab/contribution-role/funding&gt; }\n"
        "GROUP BY ?donor ORDER BY DESC(?projects)</textarea>"
        '<input type="hidden" name="format" value="html"><button>Run</button></form>',
        "<h2>Query library</h2>",
    ]
    for query in library.values():
        fields = "".join(
            f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" '
            f'placeholder="{html.escape(p.kind)}"></label> <small>{html.escape(p.doc)}</small><br>'
            for p in query.params
        )
        parts.append(
            f"<details><summary>{html.escape(query.title)}</summary>"
            f"<p>{html.escape(query.question)}</p>"
            f'<form method="get" action="/query/{html.escape(query.name)}">{fields}'
            f"<button>Run</button></form><pre>{html.escape(query.text)}</pre></details>"
        )
    return page("Hamkori SPARQL endpoint", "\n".join(parts))


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


POOL_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "turtle",
}


def uses_service(query: str) -> bool:
    """Whether a query calls SERVICE, looking past comments, strings and IRIs."""
    text = re.sub(r"#[^\n]*", " ", query)
    text = re.sub(
        r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", text
    )
    text = re.sub(r"<[^>\s]*>", " ", text)
    return re.search(r"\bSERVICE\b", text, flags=re.IGNORECASE) is not None


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


DOCUMENT_TYPES = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
}
FILE_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".trig": "application/trig; charset=utf-8",
    ".nq": "application/n-quads; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".js": "text/javascript; charset=utf-8",
    ".graphml": "application/xml",
    ".gexf": "application/xml",
}


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
    ) -> None:
        """``pool`` runs queries in worker processes with a time and size limit; without it they run
        in this process (tests, notebooks). Updates are refused unless ``update_token`` is given."""
        self.store = store
        self.library = library
        self.base = base
        self.site = site.resolve() if site else None
        self.pool = pool
        self.allow_service = allow_service
        self.update_token = update_token

    def site_file(self, path: str) -> Path | None:
        """The file of the site at a URL path, or None; never a file outside the site folder."""
        if self.site is None:
            return None
        relative = urllib.parse.unquote(path).lstrip("/")
        candidate = (self.site / relative).resolve()
        if candidate != self.site and self.site not in candidate.parents:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def static(self, path: str, accept: str) -> Response:
        """A site file, or a 303 from a resource IRI to the document the client asked for."""
        found = self.site_file(path)
        if found is not None:
            media = FILE_TYPES.get(found.suffix, "application/octet-stream")
            return Response(HTTPStatus.OK, media, found.read_bytes())
        if self.site is not None and path.startswith(("/id/", "/vocab/", "/graph/")):
            media = negotiate(accept, list(DOCUMENT_TYPES), "text/html")
            target = f"{path}.{DOCUMENT_TYPES[media]}"
            if self.site_file(target) is not None:
                return Response(
                    HTTPStatus.SEE_OTHER, "text/plain; charset=utf-8", target.encode(), location=target
                )
        return Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")

    def run(self, query: str, accept: str, forced: str | None = None) -> Response:
        if not self.allow_service and uses_service(query):
            return Response(
                HTTPStatus.FORBIDDEN,
                "text/plain; charset=utf-8",
                b"federated SERVICE calls are disabled on this endpoint",
            )
        graph_media = forced or negotiate(accept, list(GRAPH_FORMATS), "text/turtle")
        graph_media = graph_media if graph_media in GRAPH_FORMATS else "text/turtle"
        media = forced or negotiate(accept, [*RESULT_FORMATS, "text/html"], "application/sparql-results+json")
        if self.pool is not None:
            return self._run_in_pool(query, media, graph_media)
        try:
            results = self.store.raw(query)
        except HamkoriError as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        except OSError as exc:
            return Response(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", str(exc).encode())
        if isinstance(results, ox.QueryTriples):
            body = results.serialize(format=GRAPH_FORMATS[graph_media]) or b""
            return Response(HTTPStatus.OK, f"{graph_media}; charset=utf-8", body)
        if media == "text/html" and isinstance(results, ox.QuerySolutions):
            columns = tuple(v.value for v in results.variables)
            table = Table(columns, tuple(tuple(to_rdflib(s[c]) for c in columns) for s in results))
            return Response(HTTPStatus.OK, "text/html; charset=utf-8", page("Results", table_html(table)))
        media = media if media in RESULT_FORMATS else "application/sparql-results+json"
        body = results.serialize(format=RESULT_FORMATS[media]) or b""
        return Response(HTTPStatus.OK, f"{media}; charset=utf-8", body)

    def _run_in_pool(self, query: str, media: str, graph_media: str) -> Response:
        assert self.pool is not None
        as_html = media == "text/html"
        media = media if media in RESULT_FORMATS else "application/sparql-results+json"
        answer = self.pool.run(query, POOL_FORMATS[media], POOL_FORMATS[graph_media])
        if answer.kind == "timeout":
            return Response(HTTPStatus.GATEWAY_TIMEOUT, "text/plain; charset=utf-8", answer.body)
        if answer.kind == "too-large":
            return Response(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", answer.body)
        if answer.kind != "ok":
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", answer.body)
        if answer.graph:
            return Response(HTTPStatus.OK, f"{graph_media}; charset=utf-8", answer.body)
        if as_html and media == "application/sparql-results+json":
            document = json.loads(answer.body)
            columns = tuple(document["head"]["vars"])
            rows = tuple(
                tuple(term_from_json(b[c]) if c in b else None for c in columns)
                for b in document["results"]["bindings"]
            )
            return Response(
                HTTPStatus.OK, "text/html; charset=utf-8", page("Results", table_html(Table(columns, rows)))
            )
        return Response(HTTPStatus.OK, f"{media}; charset=utf-8", answer.body)

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
        if not self.allow_service and uses_service(text):
            return Response(
                HTTPStatus.FORBIDDEN,
                "text/plain; charset=utf-8",
                b"federated SERVICE calls are disabled on this endpoint",
            )
        try:
            self.store.update(text)
        except (SyntaxError, OSError, HamkoriError) as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        return Response(HTTPStatus.NO_CONTENT, "text/plain; charset=utf-8", b"")

    def run_library(self, name: str, params: dict[str, str], accept: str, forced: str | None) -> Response:
        query = self.library.get(name)
        if query is None:
            return Response(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", f"no query {name!r}".encode())
        try:
            text = render(query, {k: v for k, v in params.items() if v}, self.base)
        except HamkoriError as exc:
            return Response(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(exc).encode())
        return self.run(text, accept, forced or ("text/html" if "text/html" in accept else None))


def make_handler(service: SparqlService) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Hamkori"

        def log_message(self, format: str, *args: Any) -> None:  # quieter than stderr per request
            pass

        def send(self, response: Response) -> None:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Vary", "Accept")
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

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            params = self.params()
            accept = self.headers.get("Accept", "*/*")
            if path == "/queries" or (path == "/" and service.site_file("/") is None):
                self.send(Response(HTTPStatus.OK, "text/html; charset=utf-8", library_page(service.library)))
            elif path == "/sparql":
                if "update" in params:
                    self.text(HTTPStatus.FORBIDDEN, "updates are accepted only by POST")
                elif "query" not in params:
                    self.text(HTTPStatus.BAD_REQUEST, "give the query in the 'query' parameter")
                else:
                    self.send(service.run(params["query"], accept, self.forced_format(params)))
            elif path.startswith("/query/"):
                name = path.removeprefix("/query/")
                forced = self.forced_format(params)
                params.pop("format", None)
                self.send(service.run_library(name, params, accept, forced))
            else:
                self.send(service.static(path, accept))

        do_HEAD = do_GET

        def do_POST(self) -> None:
            if urllib.parse.urlsplit(self.path).path != "/sparql":
                self.text(HTTPStatus.NOT_FOUND, "not found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST_BYTES:
                # Read (and drop) a bounded part of the body so that the client sees the answer
                # rather than a broken pipe, then close the connection.
                remaining = min(length, 16 * MAX_REQUEST_BYTES)
                while remaining > 0 and (chunk := self.rfile.read(min(remaining, 65536))):
                    remaining -= len(chunk)
                self.close_connection = True
                self.text(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"requests are limited to {MAX_REQUEST_BYTES} bytes"
                )
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            accept = self.headers.get("Accept", "*/*")
            authorization = self.headers.get("Authorization", "")
            if content_type == "application/sparql-update":
                self.send(service.update(body, authorization))
                return
            if content_type == "application/sparql-query":
                self.send(service.run(body, accept))
                return
            form = {k: v[-1] for k, v in urllib.parse.parse_qs(body).items()}
            if "update" in form:
                self.send(service.update(form["update"], authorization))
            elif "query" in form:
                self.send(service.run(form["query"], accept, self.forced_format(form)))
            else:
                self.text(
                    HTTPStatus.BAD_REQUEST, "give the query as 'query=' or an application/sparql-query body"
                )

    return Handler


class _Server(ThreadingHTTPServer):
    # The standard library's backlog of 5 resets connections when many clients arrive at once.
    request_queue_size = 256
    daemon_threads = True


def make_server(service: SparqlService, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for ``service``; call ``serve_forever()`` and ``shutdown()``."""
    return _Server((host, port), make_handler(service))
