"""Queries in child processes, so that a query running past its time limit can be stopped.

Oxigraph has no query timeout, and a thread cannot be stopped; a process can. Each worker opens
the on-disk store read-only and answers one query at a time; a query that runs too long has its
worker killed and replaced, and a result larger than the limit is refused. A worker also refuses a
query that would make it reach another address (SERVICE, LOAD), found in rdflib's parse tree: that
parse can take minutes on a crafted query, so it too runs under the time limit.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import UsageError
from kg.rdf import formats

# The parse-tree nodes that make Oxigraph open a connection: a federated query, a fetch into the store.
OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
CACHED_TEXT = 20_000  # longer queries are parsed every time rather than held in the cache
_parse_lock = threading.Lock()  # pyparsing grammars keep state between calls


def outbound(text: str, *, update: bool = False) -> str | None:
    """The keyword of a query or update that would make the server fetch from another address, or None.

    Reads rdflib's parse tree, not the text, so comments, strings, case and nesting cannot hide a
    SERVICE (constant or variable endpoint, SILENT or not) or a LOAD.

    Raises:
        SyntaxError: if the text does not parse (the endpoint then answers 400 rather than guess).
    """
    if len(text) <= CACHED_TEXT:  # the parse is slow (tens of ms); clients repeat their queries
        return _outbound(text, update)
    return _outbound.__wrapped__(text, update)


@functools.lru_cache(maxsize=1024)  # at most 1024 x CACHED_TEXT characters held
def _outbound(text: str, update: bool) -> str | None:
    try:
        with _parse_lock:
            tree: Any = parseUpdate(text) if update else parseQuery(text)
    except (ParseBaseException, RecursionError, ValueError, TypeError) as exc:
        kind = "update" if update else "query"
        raise SyntaxError(f"not valid SPARQL: the {kind} does not parse: {exc}") from None
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue) and node.name in OUTBOUND:
            return OUTBOUND[node.name]
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
    return None


def forbidden(keyword: str) -> str:
    """The message of a refusal of ``keyword`` (SERVICE or LOAD)."""
    return f"{keyword}: federated SERVICE calls and LOAD are disabled on this endpoint"


@dataclass(frozen=True)
class Answer:
    """What a worker said: 'ok' with the body, or 'error', 'forbidden', 'timeout' or 'too-large'
    with a message."""

    kind: str
    body: bytes
    format: str = ""  # the name of the format (kg.rdf.formats) the body of an 'ok' answer is in


def _worker(path: str, connection: Connection, max_bytes: int) -> None:
    """The loop of one worker process: (query, results format, graph format, allow SERVICE) in, an
    Answer's fields out."""
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    while True:
        message = connection.recv()
        if message is None:
            return
        query, name, graph_name, allow_service = message
        try:
            keyword = None if allow_service else outbound(query)
        except SyntaxError as exc:
            connection.send(("error", str(exc).encode("utf-8"), ""))
            continue
        if keyword is not None:
            connection.send(("forbidden", forbidden(keyword).encode("utf-8"), ""))
            continue
        try:
            results = store.query(query, use_default_graph_as_union=True)
            used, body = formats.write_answer(results, formats.get(name), formats.get(graph_name))
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            connection.send(("error", str(exc).encode("utf-8"), ""))
            continue
        if len(body) > max_bytes:
            message_text = f"the result is {len(body):,} bytes, over the limit of {max_bytes:,}: add a LIMIT"
            connection.send(("too-large", message_text.encode("utf-8"), used.name))
        else:
            connection.send(("ok", body, used.name))


class QueryPool:
    """A few worker processes over the store at ``path``."""

    def __init__(
        self, path: Path, *, size: int = 2, timeout: float = 30.0, max_bytes: int = 50_000_000
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[tuple[Any, Connection]] = queue.Queue()
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> tuple[Any, Connection]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker, args=(str(self.path), child, self.max_bytes), daemon=True
        )
        process.start()
        child.close()
        return process, parent

    def run(
        self,
        query: str,
        result_format: str = "json",
        graph_format: str = "turtle",
        *,
        allow_service: bool = False,
    ) -> Answer:
        """Run one query; a worker that passes the time limit is killed and replaced.

        Unless ``allow_service``, a query that calls SERVICE is refused ('forbidden') and one that
        does not parse is an 'error', both before it runs: the parse counts against the time limit.

        ``result_format`` writes solutions and booleans, ``graph_format`` the triples of CONSTRUCT
        and DESCRIBE: names of ``kg.rdf.formats``; the answer says which of the two its body is in.

        Raises:
            UsageError: if either format cannot hold what it is asked for (checked before the query runs).
        """
        asked: tuple[tuple[str, formats.Kind], ...] = ((result_format, "results"), (graph_format, "graph"))
        for name, kind in asked:
            if formats.get(name).kind != kind:
                known = ", ".join(f.name for f in formats.of_kind(kind))
                raise UsageError(f"{name} is not a {kind} format; {kind} formats: {known}")
        process, connection = self._idle.get()
        try:
            connection.send((query, result_format, graph_format, allow_service))
            if connection.poll(self.timeout):
                kind, body, used = connection.recv()
                return Answer(kind, body, used)
            process.kill()
            process.join()
            process, connection = self._start()
            return Answer("timeout", f"the query ran longer than {self.timeout:g} s and was stopped".encode())
        except (EOFError, OSError):
            process.kill()
            process.join()
            process, connection = self._start()
            return Answer("error", b"the query worker failed; it has been restarted")
        finally:
            self._idle.put((process, connection))

    def close(self) -> None:
        while not self._idle.empty():
            process, connection = self._idle.get_nowait()
            with contextlib.suppress(OSError):  # the worker may have died already
                connection.send(None)
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
