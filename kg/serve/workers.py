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

from kg.errors import UsageError
from kg.rdf import formats


@dataclass(frozen=True)
class Answer:
    """What a worker said: 'ok' with the body, or 'error', 'timeout' or 'too-large' with a message."""

    kind: str
    body: bytes
    format: str = ""  # the name of the format (kg.rdf.formats) the body of an 'ok' answer is in


def _worker(path: str, connection: Connection, max_bytes: int) -> None:
    """The loop of one worker process: (query, results format, graph format) in, an Answer's fields out."""
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    while True:
        message = connection.recv()
        if message is None:
            return
        query, name, graph_name = message
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

    def run(self, query: str, result_format: str = "json", graph_format: str = "turtle") -> Answer:
        """Run one query; a worker that passes the time limit is killed and replaced.

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
            connection.send((query, result_format, graph_format))
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
