"""Any SPARQL 1.1 endpoint: queries through SPARQLWrapper, loading through the Graph Store Protocol."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from rdflib import Dataset, URIRef
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import HamkoriError, UsageError
from kg.rdf import formats
from kg.rdf.formats import term_from_json
from kg.rdf.quads import named_graphs
from kg.store.table import Table

NTRIPLES = formats.get("ntriples")  # how graphs are sent to the Graph Store Protocol


class EndpointError(HamkoriError):
    """The remote store refused or failed a request."""


def guess_gsp_url(endpoint: str, authenticated: bool) -> str:
    """The Graph Store Protocol address that usually goes with a query endpoint.

    Virtuoso: /sparql → /sparql-graph-crud(-auth); Oxigraph server: /query → /store;
    Fuseki: /DATASET/sparql or /DATASET/query → /DATASET/data.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/sparql") and path.count("/") == 1:
        path = "/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud"
    elif path == "/query":
        path = "/store"
    elif path.endswith(("/sparql", "/query")):
        path = path.rsplit("/", 1)[0] + "/data"
    else:
        raise UsageError(f"cannot guess the Graph Store Protocol address of {endpoint}: pass --gsp URL")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def guess_update_url(endpoint: str, authenticated: bool) -> str:
    """The SPARQL Update address that usually goes with a query endpoint (as guess_gsp_url)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/sparql") and path.count("/") == 1:
        path = "/sparql-auth" if authenticated else "/sparql"
    elif path == "/query":
        path = "/update"
    elif path.endswith("/query") or (path.endswith("/sparql") and path.count("/") > 1):
        path = path.rsplit("/", 1)[0] + "/update"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class SparqlEndpointStore:
    """A remote store. The default graph of queries is the union of the dataset's graphs."""

    name = "sparql"

    def __init__(
        self,
        endpoint: str,
        *,
        gsp: str | None = None,
        update: str | None = None,
        user: str | None = None,
        password: str | None = None,
        graphs: list[str] | None = None,
        graph_prefix: str = "https://w3id.org/hamkori/graph/",
        timeout: int = 120,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise UsageError(f"{endpoint!r} is not an http(s) address of a SPARQL endpoint")
        self.endpoint = endpoint
        self._gsp = gsp
        self._update = update
        self._user = user
        self._password = password
        self._graphs = graphs
        self.graph_prefix = graph_prefix
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the password
        return f"SparqlEndpointStore({self.endpoint!r}, user={self._user!r})"

    # -- queries --------------------------------------------------------------------------

    def _wrapper(self, query: str, default_graphs: list[str]) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setQuery(query)
        # SPARQLWrapper guesses the query form from words anywhere in the text ("add" in a comment
        # makes it an update); this store only sends SELECT queries.
        wrapper.queryType = SELECT
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(self.timeout)
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        if self._user:
            wrapper.setHTTPAuth("DIGEST")
            wrapper.setCredentials(self._user, self._password or "")
        return wrapper

    def _json(self, query: str, default_graphs: list[str]) -> dict[str, Any]:
        try:
            result = self._wrapper(query, default_graphs).queryAndConvert()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise EndpointError(f"{self.endpoint} failed the query: {exc}") from None
        if not isinstance(result, dict):
            raise EndpointError(f"{self.endpoint} did not answer with SPARQL JSON results")
        return result

    def graphs(self) -> list[str]:
        """The dataset's named graphs in the store (those under the graph prefix)."""
        if self._graphs is None:
            query = (
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{self.graph_prefix}")) }}'
            )
            rows = self._json(query, [])["results"]["bindings"]
            self._graphs = sorted(row["g"]["value"] for row in rows)
        return self._graphs

    def select(self, query: str) -> Table:
        result = self._json(query, self.graphs())
        columns = tuple(result["head"]["vars"])
        rows = tuple(
            tuple(term_from_json(b[c]) if c in b else None for c in columns)
            for b in result["results"]["bindings"]
        )
        return Table(columns, rows)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self.count(g) for g in self.graphs())
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        rows = self._json(query, [])["results"]["bindings"]
        return int(rows[0]["n"]["value"]) if rows else 0

    # -- loading --------------------------------------------------------------------------

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self._user:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, [self.gsp_url, self.update_url], self._user, self._password or "")
        return urllib.request.build_opener(
            urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
        )

    @property
    def gsp_url(self) -> str:
        if self._gsp is None:
            self._gsp = guess_gsp_url(self.endpoint, bool(self._user))
        return self._gsp

    @property
    def update_url(self) -> str:
        if self._update is None:
            self._update = guess_update_url(self.endpoint, bool(self._user))
        return self._update

    def _send(self, url: str, body: bytes, method: str, content_type: str, what: str) -> None:
        request = urllib.request.Request(
            url, data=body, method=method, headers={"Content-Type": content_type}
        )
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                if response.status not in (200, 201, 204):
                    raise EndpointError(f"{what}: the store answered {response.status}")
        except urllib.error.HTTPError as exc:
            reason = "authentication refused" if exc.code in (401, 403) else exc.reason
            raise EndpointError(f"{what}: {url.split('?')[0]} answered {exc.code} {reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise EndpointError(f"{what}: {url.split('?')[0]} failed: {exc}") from None

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph as a whole (Graph Store Protocol PUT)."""
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"
        self._send(url, ntriples, "PUT", NTRIPLES.media_type, f"loading <{graph}>")

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update at the store's update endpoint."""
        self._send(self.update_url, text.encode("utf-8"), "POST", "application/sparql-update", "update")

    def replace_graph(self, graph: str, ntriples: bytes, triples: int) -> None:
        """Replace a graph so that it is only ever in its old or its new state.

        The new content goes into a staging graph first; only when the store holds all of it does
        one MOVE put it in place. A failure before the MOVE leaves the graph as it was.
        """
        staging = f"urn:hamkori:staging:{hashlib.sha256(graph.encode()).hexdigest()[:20]}"
        self.put_graph(staging, ntriples)
        held = self.count(staging)
        if held != triples:
            self.update(f"DROP SILENT GRAPH <{staging}>")
            raise EndpointError(
                f"loading <{graph}>: the store holds {held} of {triples} triples; not replaced"
            )
        self.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")

    def load(self, dataset: Dataset) -> None:
        """Replace each named graph of ``dataset``; safe to run again after a failure."""
        for name in named_graphs(dataset):
            graph = dataset.graph(URIRef(name))
            ntriples = graph.serialize(format=NTRIPLES.rdflib_name(), encoding="utf-8")
            self.replace_graph(str(name), ntriples, len(graph))
        self._graphs = None

    def close(self) -> None:
        pass
