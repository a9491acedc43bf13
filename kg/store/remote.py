"""Any SPARQL 1.1 endpoint: queries through SPARQLWrapper, loading through the Graph Store Protocol."""

from __future__ import annotations

import base64
import http.client
import secrets
import time
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
STAGING = "urn:hamkori:staging:"
"""Where a push puts each graph before it replaces the real one: outside any data graph prefix, so
the store never lists a staging graph among the dataset's graphs."""


class EndpointError(HamkoriError):
    """The remote store refused or failed a request."""


class EndpointTimeout(EndpointError):
    """The remote store did not answer a request within the store's ``timeout``."""


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
        checkpoint: bool | None = None,
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
        self._checkpoint = checkpoint

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
        except (SPARQLWrapperException, urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise EndpointError(f"{self.endpoint} failed the query: {exc}") from None
        except ValueError:  # a body cut short is no JSON
            raise EndpointError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        if not isinstance(result, dict):
            raise EndpointError(f"{self.endpoint} did not answer with SPARQL JSON results")
        return result

    def _graphs_under(self, prefix: str) -> list[str]:
        query = (
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        )
        return sorted(row["g"]["value"] for row in self._json(query, [])["results"]["bindings"])

    def graphs(self) -> list[str]:
        """The dataset's named graphs in the store (those under the graph prefix)."""
        if self._graphs is None:
            self._graphs = self._graphs_under(self.graph_prefix)
        return self._graphs

    def staging_graphs(self) -> list[str]:
        """Staging graphs left in the store by a push that was interrupted (``load`` drops them)."""
        return self._graphs_under(STAGING)

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

    def _passwords(self) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, [self.gsp_url, self.update_url], self._user or "", self._password or "")
        return passwords

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self._user:
            return urllib.request.build_opener()
        passwords = self._passwords()
        return urllib.request.build_opener(
            urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)
        )

    def _authorize(self, request: urllib.request.Request) -> bool:
        """Give a request the Authorization header its store asks for, learnt from an empty GET to
        the same address, which then checks the credentials; False when the store refuses them.

        Without it the body goes out twice, first unauthorized: Virtuoso answers that one with 401
        before it has read the body and closes the connection, so a body of more than about
        800 kB failed with a broken pipe.
        """
        opener, probe = urllib.request.build_opener(), urllib.request.Request(request.full_url)

        def status(asking: urllib.request.Request) -> tuple[int, str]:
            try:
                with opener.open(asking, timeout=self.timeout) as response:
                    return response.status, ""
            except urllib.error.HTTPError as exc:
                return exc.code, str(exc.headers.get("WWW-Authenticate", ""))
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                return 0, ""  # the request itself will say what is wrong

        code, challenge = status(probe)
        scheme, _, fields = challenge.partition(" ")
        if code != 401 or scheme.lower() not in ("digest", "basic"):
            return True
        if scheme.lower() == "basic":
            token = base64.b64encode(f"{self._user}:{self._password or ''}".encode()).decode("ascii")
            headers = [f"Basic {token}"] * 2
        else:
            digest = urllib.request.HTTPDigestAuthHandler(self._passwords())
            asked = urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(fields) if f])
            answers = [digest.get_authorization(each, asked) for each in (probe, request)]
            if None in answers:
                return True
            headers = [f"Digest {answer}" for answer in answers]
        probe.add_unredirected_header("Authorization", headers[0])
        if status(probe)[0] == 401:
            return False
        request.add_unredirected_header("Authorization", headers[1])
        return True

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
        if self._user and not self._authorize(request):
            raise EndpointError(f"{what}: {url.split('?')[0]} answered 401 authentication refused")
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                if response.status not in (200, 201, 204):
                    raise EndpointError(f"{what}: the store answered {response.status}")
        except urllib.error.HTTPError as exc:
            reason = "authentication refused" if exc.code in (401, 403) else exc.reason
            raise EndpointError(f"{what}: {url.split('?')[0]} answered {exc.code} {reason}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            # A timeout while connecting comes wrapped in URLError, one while reading bare.
            timed_out = isinstance(getattr(exc, "reason", exc), TimeoutError)
            failure = EndpointTimeout if timed_out else EndpointError
            raise failure(f"{what}: {url.split('?')[0]} failed: {exc}") from None

    def put_graph(self, graph: str, ntriples: bytes, *, what: str = "") -> None:
        """Replace one named graph as a whole (Graph Store Protocol PUT); ``what`` names it in errors.

        Not atomic: Virtuoso clears the graph and commits before it loads the new triples.
        """
        url = f"{self.gsp_url}?{urllib.parse.urlencode({'graph': graph})}"
        self._send(url, ntriples, "PUT", NTRIPLES.media_type, what or f"loading <{graph}>")

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update at the store's update endpoint."""
        self._send(self.update_url, text.encode("utf-8"), "POST", "application/sparql-update", "update")

    def is_virtuoso(self) -> bool:
        """Whether the store is Virtuoso, by the ``Server`` header of its answer to ``ASK {}``
        (asked once; ``checkpoint=`` of the constructor decides instead when given).

        Raises:
            EndpointError: when the endpoint cannot be reached.
        """
        if self._checkpoint is None:
            url = f"{self.endpoint}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
            try:
                with urllib.request.build_opener().open(url, timeout=self.timeout) as response:
                    server = response.headers.get("Server", "")
            except urllib.error.HTTPError as exc:  # an error page still names the server
                server = exc.headers.get("Server", "")
            except (urllib.error.URLError, OSError) as exc:
                raise EndpointError(f"{self.endpoint} failed: {exc}") from None
            self._checkpoint = str(server).startswith("Virtuoso/")
        return self._checkpoint

    def checkpoint(self) -> None:
        """Make what the store holds survive a crash of the server.

        Virtuoso (see ``is_virtuoso``) is asked for a checkpoint, which writes its memory to the
        database file and empties its transaction log. Other stores (Oxigraph, Fuseki, GraphDB)
        make a change durable when they commit it: nothing to do.

        Raises:
            EndpointError: when the store refuses the checkpoint (it needs a user that may run
                ``checkpoint``, such as dba), or does not finish it within ``timeout``.
        """
        if not self.is_virtuoso():
            return
        query = "SELECT (bif:exec('checkpoint') AS ?done) WHERE {}"
        # As a form: Virtuoso 7.2 never answers a POST of application/sparql-query to /sparql-auth.
        body = urllib.parse.urlencode({"query": query}).encode("ascii")
        try:
            self._send(self.update_url, body, "POST", "application/x-www-form-urlencoded", "checkpoint")
        except EndpointTimeout:
            # Seen with Virtuoso 7.2: a request whose connection was cut early in its body can
            # leave the thread serving it waiting for good, and a checkpoint waits for it.
            raise EndpointError(
                f"checkpoint: Virtuoso did not finish a checkpoint within {self.timeout} s. A checkpoint "
                "waits for every request the server is still serving, and Virtuoso 7.2 can wait for "
                "good on one whose connection was cut early. Graphs this push replaced are committed "
                "but not checkpointed: restart Virtuoso (kill it if it does not stop; it recovers "
                "from its transaction log), then push again"
            ) from None

    def drop_staging(self) -> list[str]:
        """Drop the staging graphs an interrupted push left behind; their names."""
        left = self.staging_graphs()
        if left:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in left))
        return left

    def replace_graph(self, graph: str, ntriples: bytes, triples: int) -> None:
        """Replace a graph so that it is only ever in its old or its new state, even after a crash.

        The new triples go into a staging graph of their own first; only when the store holds all
        of them does one SPARQL update, one transaction, bring the graph to them: delete the triples
        the graph no longer has, ADD the staging graph to it (which inserts those it lacks), drop
        the staging graph. A failure before that update leaves the graph as it was.

        The update never deletes a triple and inserts it again. After a crash, Virtuoso 7.2
        replays such a change from its transaction log wrongly (a MOVE or COPY over the graph, or
        CLEAR and INSERT): half of each graph was gone.

        Raises:
            EndpointError: when the store refuses or fails a request, or holds fewer triples in the
                staging graph than were sent; the graph is then unchanged.
        """
        staging = f"{STAGING}{secrets.token_hex(8)}"  # never reused, for the same reason
        self.put_graph(staging, ntriples, what=f"loading <{graph}>")
        held = self.count(staging)
        if held != triples:
            self.update(f"DROP SILENT GRAPH <{staging}>")
            raise EndpointError(
                f"loading <{graph}>: the store holds {held} of {triples} triples; not replaced"
            )
        # Nothing is deleted unless the staging graph still holds all that was sent: one that
        # another push dropped meanwhile (each push drops the leftovers it finds) changes nothing.
        # That also makes the update safe to send again when the store fails it (a 500: Virtuoso
        # aborts a transaction that meets its own checkpoint or a deadlock, and rolls it back).
        self._update_retried(
            f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{\n"
            f"  {{ SELECT (COUNT(*) AS ?held) WHERE {{ GRAPH <{staging}> {{ ?s ?p ?o }} }} }}\n"
            f"  FILTER(?held = {triples})\n"
            f"  GRAPH <{graph}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH <{staging}> {{ ?s ?p ?o }} }}\n"
            f"}} ;\n"
            f"ADD SILENT GRAPH <{staging}> TO GRAPH <{graph}> ;\n"
            f"DROP SILENT GRAPH <{staging}>"
        )

    def _update_retried(self, text: str, attempts: int = 3) -> None:
        """Send an update that is safe to repeat, again after a server error, a second later."""
        for attempt in range(1, attempts + 1):
            try:
                self.update(text)
                return
            except EndpointError as exc:
                if attempt == attempts or " answered 5" not in str(exc):
                    raise
                time.sleep(attempt)

    def load(self, dataset: Dataset) -> None:
        """Replace each named graph of ``dataset``, each old or new at any moment, then make the
        store durable (``checkpoint``); safe to run again after a failure.

        Staging graphs left by an interrupted push are dropped first, and (Virtuoso) a checkpoint
        empties the transaction log, so a crash replays no more than this push.
        """
        self.drop_staging()
        self.checkpoint()
        for name in named_graphs(dataset):
            graph = dataset.graph(URIRef(name))
            ntriples = graph.serialize(format=NTRIPLES.rdflib_name(), encoding="utf-8")
            self.replace_graph(str(name), ntriples, len(graph))
        self.checkpoint()
        self._graphs = None

    def close(self) -> None:
        pass
