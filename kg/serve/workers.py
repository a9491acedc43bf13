"""Queries in child processes, so that a query running past its time limit can be stopped.

Oxigraph has no query timeout, and a thread cannot be stopped; a process can. Each worker opens
the on-disk store read-only and answers one query at a time; a query that runs too long has its
worker killed and replaced, and a result larger than the limit is refused.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

RESULT_FORMATS = ("json", "xml", "csv", "tsv", "turtle", "ntriples")


@dataclass(frozen=True)
class Answer:
    """What a worker said: 'ok' with the body, or 'error', 'timeout' or 'too-large' with a message."""

    kind: str
    body: bytes
    graph: bool = False  # True for CONSTRUCT and DESCRIBE results


def _serialize(results: Any, name: str, graph_name: str) -> tuple[bytes, bool]:
    import pyoxigraph as ox

    if isinstance(results, ox.QueryTriples):
        graph_formats = {"ntriples": ox.RdfFormat.N_TRIPLES}
        return results.serialize(format=graph_formats.get(graph_name, ox.RdfFormat.TURTLE)) or b"", True
    result_formats = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    return results.serialize(format=result_formats.get(name, ox.QueryResultsFormat.JSON)) or b"", False


def _worker(path: str, connection: Connection, max_bytes: int) -> None:
    """The loop of one worker process: (query, format) in, an Answer's fields out."""
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    while True:
        message = connection.recv()
        if message is None:
            return
        query, name, graph_name = message
        try:
            body, graph = _serialize(store.query(query, use_default_graph_as_union=True), name, graph_name)
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            connection.send(("error", str(exc).encode("utf-8"), False))
            continue
        if len(body) > max_bytes:
            message_text = f"the result is {len(body):,} bytes, over the limit of {max_bytes:,}: add a LIMIT"
            connection.send(("too-large", message_text.encode("utf-8"), graph))
        else:
            connection.send(("ok", body, graph))


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

    def run(self, query: str, result_format: str = "json", graph_format: str = "turtle") -> Answer:
        """Run one query; a worker that passes the time limit is killed and replaced."""
        process, connection = self._idle.get()
        try:
            connection.send((query, result_format, graph_format))
            if connection.poll(self.timeout):
                kind, body, graph = connection.recv()
                return Answer(kind, body, graph)
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
