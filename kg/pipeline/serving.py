"""``kg serve`` composed: the built store, query workers, the query library and the site behind one server.

from kg import pipeline
serving = pipeline.serve(port=0)
print(f"http://127.0.0.1:{serving.port}/sparql")
serving.serve_forever()
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.pipeline.stages import Progress, build, library, quiet
from kg.project.generations import build_lock
from kg.project.paths import ProjectPaths, find_project
from kg.rdf.namespaces import DEFAULT_BASE

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

    from kg.serve.workers import QueryPool


@dataclass(frozen=True)
class Serving:
    """A server bound to its port, and the query workers it owns."""

    server: ThreadingHTTPServer
    pool: QueryPool | None
    holds: ExitStack = field(default_factory=ExitStack)  # the build's lock, while updates are served

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose when asked for port 0)."""
        return int(self.server.server_address[1])

    def serve_forever(self) -> None:
        """Answer requests until interrupted, then close the server and its workers."""
        try:
            self.server.serve_forever()
        finally:
            self.close()

    def close(self) -> None:
        self.server.server_close()
        if self.pool:
            self.pool.close()
        self.holds.close()


def serve(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 2,
    max_workers: int = 4,
    timeout: float = 30.0,
    max_result_bytes: int = 50_000_000,
    worker_memory: int | None = 1 << 30,
    in_memory: bool = True,
    allow_service: bool = False,
    update_token: str | None = None,
    progress: Progress = quiet,
) -> Serving:
    """A SPARQL 1.1 Protocol server of the embedded store, with the query library and the site.

    Runs ``build`` first when there is no store yet. Queries run in worker processes, ``workers``
    started at once and up to ``max_workers`` while slow queries hold the others (so that a quick
    query is answered meanwhile); each query is stopped ``timeout`` seconds after its request
    arrived, or when its answer passes ``max_result_bytes``, or when its worker needs more than
    ``worker_memory`` bytes (its copy of the data aside); the store is read-only. With ``in_memory``, each
    worker answers from a copy of the data in memory, loaded from the N-Quads dump while it answers
    from the on-disk store (several times faster on large listings; about twice the dump's size of
    memory in each worker). With ``update_token``, SPARQL updates that
    carry it are accepted instead, and queries run in this process without the limits; the server
    then writes into ``build/store`` and holds the build's lock until it stops (a ``kg build`` meanwhile
    says so and waits), since a build must not swap the store away under its writes. Federated
    ``SERVICE`` calls only with ``allow_service``.

    When a build completes while it serves (``kg build`` swaps a new build folder in), the server
    answers from the new store and serves the new pages from the next request on.

    Raises:
        InputError: when the store has to be built and ``data/`` has problems.
    """
    from kg.serve.server import SparqlService, make_server
    from kg.serve.workers import QueryPool
    from kg.store.embedded import OxigraphStore

    paths = paths or find_project()
    layout = paths.layout()
    if not layout.store.is_dir():
        progress("no embedded store yet; running kg build first")
        build(paths, base=base)
    pool = None
    holds = ExitStack()
    if update_token:
        holds.enter_context(build_lock(layout.root, notify=progress))
        store = OxigraphStore(layout.store)
        progress("updates enabled; queries run in this process, without the time limit")
    else:
        store = OxigraphStore(layout.store, read_only=True)
        pool = QueryPool(
            layout.store,
            size=workers,
            most=max_workers,
            timeout=timeout,
            max_bytes=max_result_bytes,
            memory=worker_memory,
            root=layout.root,
            dump=layout.dumps / "hamkori.nq" if in_memory else None,
        )
        if in_memory:
            progress("query workers: loading the data into memory")
            pool.wait_until_loaded()
    service = SparqlService(
        store,
        library(paths),
        base,
        pool=pool,
        allow_service=allow_service,
        update_token=update_token,
        build=layout,
    )
    try:
        return Serving(make_server(service, host, port), pool, holds)
    except BaseException:  # the port is taken, say: the workers (and the lock) are not left behind
        if pool:
            pool.close()
        holds.close()
        raise
