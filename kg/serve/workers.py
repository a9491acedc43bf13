"""Queries in child processes, so that a query past its time or memory limit can be stopped.

Oxigraph has no query timeout, and a thread cannot be stopped; a process can. Each worker opens
the on-disk store read-only (again when a new build takes the place of the one it opened) and,
given the build's N-Quads dump, loads a copy of the data into memory beside it, from which it
answers as soon as the copy is whole: queries that list many rows run several times faster there
than in RocksDB (1 to 7 s against a fifth of that at a million triples), at the cost of the
copy's memory in every worker. It answers one query at a time, with its data memory bounded
(``RLIMIT_DATA``, the copy aside): a query that needs more is stopped there, its worker replaced.
An answer is written as it is produced and stopped as soon as it passes the size limit. When slow
queries hold every worker, the pool starts another (up to a bound), so a quick query does not wait
behind them; a query's time limit counts from its arrival, time spent waiting for a worker
included, and a worker still busy then is killed.

A worker also refuses a query that would make it reach another address (SERVICE, LOAD), found in
rdflib's parse tree: that parse can take minutes on a crafted query, so it too runs under the time
limit.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pyoxigraph as ox
from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import UsageError
from kg.project.children import die_with_parent
from kg.project.generations import build_identity
from kg.rdf import formats
from kg.rdf.formats import Format, QueryResults

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# The parse-tree nodes that make Oxigraph open a connection: a federated query, a fetch into the store.
OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
CACHED_TEXT = 20_000  # longer queries are parsed every time rather than held in the cache
_parse_lock = threading.Lock()  # pyparsing grammars keep state between calls

# A worker holds about 110 MB of data memory once its store is open and a query has run (measured
# on the bundled book: /proc/PID/status VmData); the limit leaves room for large sorts and groups.
# A copy of the data in memory (about twice the N-Quads dump's size) comes on top.
DEFAULT_MEMORY = 1 << 30
# Seconds of processor time on one query after which a worker counts as held by a slow one (a
# library query takes 5 to 50 ms): a query that waits while all are held starts a new worker, up to
# the pool's bound. The first query in line looks every GROWTH_CHECK seconds.
SLOW_AFTER = 0.25
GROWTH_CHECK = 0.05
# Characters that XML 1.0 cannot hold, not even escaped: C0 controls but tab, newline and return;
# U+FFFE and U+FFFF. (Surrogates never reach here: Oxigraph's text is UTF-8.)
NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# The end of an IRI that RDF/XML can write as an element name (an XML NCName starting with a
# NameStartChar), as Oxigraph splits a predicate; without one it writes an element with no name.
_NAME_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
XML_LOCAL_NAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\xb7\u0300-\u036f\u203f-\u2040]*$")

T = TypeVar("T")


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


# -- writing an answer --------------------------------------------------------------------------


class Refused(Exception):
    """An answer that is not sent, of ``kind`` 'too-large' (over the size limit) or 'unwritable'
    (the format asked for cannot hold it)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _Body(io.BytesIO):
    """An answer's bytes as the writer produces them, refused as soon as they pass ``limit`` or,
    for an XML format, hold a character that XML cannot."""

    def __init__(self, limit: int | None, xml: bool) -> None:
        super().__init__()
        self.limit = limit
        self.xml = xml
        self._tail = b""  # U+FFFE is three bytes: it may straddle two writes

    def write(self, data: ReadableBuffer, /) -> int:
        chunk = bytes(data)
        if self.limit is not None and self.tell() + len(chunk) > self.limit:
            raise Refused("too-large", f"the result is over the limit of {self.limit:,} bytes: add a LIMIT")
        if self.xml and NOT_XML.search(self._tail + chunk):
            raise Refused(
                "unwritable",
                "the answer holds a character that XML cannot hold (a control character): "
                "ask for JSON, CSV, TSV, Turtle or N-Triples",
            )
        self._tail = chunk[-2:]
        return super().write(chunk)


def write_answer(
    results: QueryResults, solutions: Format, graph: Format, max_bytes: int | None = None
) -> tuple[Format, bytes]:
    """A query answer in ``graph`` if it is triples, else in ``solutions``; with the format used.

    The answer is written as the query produces it, and stopped as soon as it passes ``max_bytes``
    (a query whose full answer would not fit in memory is refused without being materialized).

    Raises:
        Refused: 'too-large' past ``max_bytes``; 'unwritable' when the format cannot hold the
            answer (a character that XML cannot hold, a predicate that RDF/XML cannot write).
        UsageError: if the format cannot hold that kind of answer at all (a graph in CSV, say).
    """
    used = graph if isinstance(results, ox.QueryTriples) else solutions
    body = _Body(max_bytes, xml=used.media_type.endswith("xml"))
    if isinstance(results, ox.QueryTriples) and used.rdf == ox.RdfFormat.RDF_XML:
        ox.serialize(_writable_in_rdf_xml(results), body, format=used.rdf)
    else:
        used.write(results, body)
    return used, body.getvalue()


def page_json(solutions: ox.QuerySolutions, first: int, count: int) -> bytes:
    """Solutions ``first`` to ``first + count`` (0-based) as SPARQL 1.1 JSON results, with one more
    when there is one (so that a page can tell whether a next one exists); those before are skipped
    unwritten, those after never produced."""
    columns = [variable.value for variable in solutions.variables]
    window = itertools.islice(solutions, first, first + count + 1)
    bindings = [{c: _json_term(term) for c in columns if (term := row[c]) is not None} for row in window]
    return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}).encode("utf-8")


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            binding["datatype"] = term.datatype.value
        return binding
    return {"type": "literal", "value": str(term)}  # a quoted triple: its text


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _writable_in_rdf_xml(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    for triple in triples:
        if not XML_LOCAL_NAME.search(triple.predicate.value):
            raise Refused(
                "unwritable",
                f"RDF/XML cannot write the predicate <{triple.predicate.value}> (its IRI does not end "
                "in an XML name): ask for Turtle or N-Triples",
            )
        yield triple


# -- the store of the latest build --------------------------------------------------------------


class LatestStore(Generic[T]):
    """The store of the build at ``root``, opened again when a new build has taken that one's place.

    ``kg build`` replaces the whole build folder, so its identity (``build_identity``) tells one
    build from the next; a reader that keeps the old store open would answer from the old data.
    Without ``root`` it is ``first`` (or what ``open_store`` gives) for ever.
    """

    def __init__(self, root: Path | None, open_store: Callable[[], T], first: T | None = None) -> None:
        self.root = root
        self._open = open_store
        self._lock = threading.Lock()
        # The identity is read before the store is opened: if yet another build comes in between,
        # the next call sees a new identity and opens that one too.
        self._identity = build_identity(root) if root is not None else None
        self._store = open_store() if first is None else first

    def current(self) -> T:
        """The store of the build at ``root`` now (the one open already, while the build is unchanged
        or missing for an instant during a swap)."""
        if self.root is None:
            return self._store
        identity = build_identity(self.root)
        if identity is None or identity == self._identity:
            return self._store
        with self._lock:
            if identity != self._identity:
                self._store = self._open()
                self._identity = identity
            return self._store


# -- worker processes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a worker said: 'ok' with the body, or 'error', 'forbidden', 'timeout', 'too-large',
    'memory', 'unwritable' or 'failed' (the worker died) with a message."""

    kind: str
    body: bytes
    format: str = ""  # the name of the format (kg.rdf.formats) the body of an 'ok' answer is in


# Query, results format, graph format, allow SERVICE, max bytes, and the rows of a page: (first, count)
# for solutions written as one page of an HTML table, else None.
Message = tuple[str, str, str, bool, int, "tuple[int, int] | None"]
LOADED = "loaded?"  # asks a worker to answer once its copy of the data in memory is loaded (or failed)


def _worker(
    store: str, root: str | None, connection: Connection, memory: int | None, dump: str | None = None
) -> None:
    """The loop of one worker process: a Message in, an Answer's fields out; None ends it."""
    import resource

    die_with_parent()  # the fork server: it ends with the server, so no query runs on for nobody
    _release_the_fork_server()
    os.environ["RUST_BACKTRACE"] = "0"  # an allocation refused under the limit aborts: one line is enough
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    latest = LatestStore(
        Path(root) if root else None, lambda: WorkerStore(store, Path(dump) if dump else None, memory)
    )
    with contextlib.suppress(EOFError, OSError):  # the server has gone: so does the worker
        while (message := connection.recv()) is not None:
            if message == LOADED:  # QueryPool.wait_until_loaded
                latest.current().settled.wait()
                connection.send((LOADED, b"", ""))
                continue
            kind, body, used = _answer(latest, message)
            connection.send((kind, body, used))
            if kind == "memory":  # Python's own allocator failed: start afresh
                return


def _release_the_fork_server() -> None:
    """Close this worker's copy of the fork server's lifeline: multiprocessing gives every child one,
    and the fork server ends only when all are closed, so a worker busy with a long query would keep
    it (and so itself) alive after the server is killed."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    lifeline = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(lifeline, int):
        with contextlib.suppress(OSError):
            os.close(lifeline)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def _data_bytes() -> int:
    """The data memory of this process now (VmData), in bytes; 0 where /proc cannot tell."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmData:\s+(\d+) kB", status)
    return int(match.group(1)) * 1024 if match else 0


def _limit_data(limit: int | None) -> None:
    """Bound this process's data memory at ``limit`` bytes (None: no bound), its soft limit only, so
    that the worker can lift it to load the copy of a new build."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    soft = resource.RLIM_INFINITY if limit is None else limit
    if hard != resource.RLIM_INFINITY:
        soft = hard if soft == resource.RLIM_INFINITY else min(soft, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


class WorkerStore:
    """What a worker answers from: the on-disk store at ``path``, until a copy of ``dump`` (the same
    data as N-Quads) loaded into memory in a thread of its own takes its place.

    ``memory`` bounds the worker's data memory as it did without a copy, the copy aside: while the
    copy loads, room for it (four times the dump's size) is added; once it is whole, what it took.
    A dump that is missing or does not load leaves the worker on the on-disk store.
    """

    def __init__(self, path: str, dump: Path | None, memory: int | None) -> None:
        self.memory = memory
        self.store = ox.Store.read_only(path)
        self.in_memory = False
        self.settled = threading.Event()  # set once the copy answers, or will not
        size = dump.stat().st_size if dump is not None and dump.is_file() else None
        if memory is not None:
            _limit_data(memory + 4 * (size or 0))
        if dump is not None and size is not None:
            threading.Thread(target=self._copy, args=(dump,), daemon=True).start()
        else:
            self.settled.set()

    def _copy(self, dump: Path) -> None:
        before = _data_bytes()
        copy = ox.Store()
        try:
            copy.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError, MemoryError):  # a dump half-written or gone: stay on disk
            self.settled.set()
            return
        self.store, self.in_memory = copy, True
        if self.memory is not None:
            _limit_data(self.memory + max(0, _data_bytes() - before))
        self.settled.set()


def _answer(latest: LatestStore[WorkerStore], message: Message) -> tuple[str, bytes, str]:
    query, name, graph_name, allow_service, max_bytes, page = message
    try:
        keyword = None if allow_service else outbound(query)
    except SyntaxError as exc:
        return "error", str(exc).encode("utf-8"), ""
    if keyword is not None:
        return "forbidden", forbidden(keyword).encode("utf-8"), ""
    try:
        results = latest.current().store.query(query, use_default_graph_as_union=True)
        if page is not None and isinstance(results, ox.QuerySolutions):
            body = page_json(results, *page)
            if len(body) > max_bytes:
                raise Refused("too-large", f"the page is over the limit of {max_bytes:,} bytes")
            return "ok", body, formats.get("json").name
        used, body = write_answer(results, formats.get(name), formats.get(graph_name), max_bytes)
    except Refused as exc:
        return exc.kind, str(exc).encode("utf-8"), ""
    except MemoryError:
        return "memory", b"", ""
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return "error", str(exc).encode("utf-8"), ""
    return "ok", body, used.name


@dataclass(frozen=True)
class _Worker:
    process: BaseProcess
    connection: Connection


def _cpu_seconds(worker: _Worker) -> float:
    """The processor time a worker has used (user and system); 0 where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{worker.process.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class _Turn:
    """A query waiting for a worker: handed one that comes back, or leave to start one."""

    ready: threading.Event = field(default_factory=threading.Event)
    worker: _Worker | None = None
    start: bool = False


class QueryPool:
    """Worker processes over the store at ``path``: ``size`` started at once, up to ``most`` as queries
    need them.

    ``timeout`` is the seconds a query may take from its arrival, ``max_bytes`` the largest answer,
    ``memory`` the bytes of data memory the queries of one worker may use (None: no limit) beyond
    what it holds. With ``dump``, the N-Quads dump of the same data (``build/dumps/hamkori.nq``, read
    again from the same path after a new build), each worker loads a copy into memory and answers
    from it once loaded (``WorkerStore``); each then holds about twice the dump's size more. With
    ``root``, the build folder that holds ``path``, the workers open the store again when a new build
    takes that folder's place.
    """

    def __init__(
        self,
        path: Path,
        *,
        size: int = 2,
        most: int = 4,
        timeout: float = 30.0,
        max_bytes: int = 50_000_000,
        memory: int | None = DEFAULT_MEMORY,
        root: Path | None = None,
        dump: Path | None = None,
    ) -> None:
        self.path = path
        self.root = root
        self.dump = dump
        self.most = max(size, most, 1)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.memory = memory
        # A fork server: a worker starts in a tenth of a second (a fork of a process that has
        # imported this module), not the second of a fresh interpreter, and the threaded server is
        # never forked itself. A worker runs the main script again (multiprocessing does, for the
        # ``kg`` command as for any script): the modules of kg that it imports are imported already.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([__name__, *(m for m in sys.modules if m.startswith("kg."))])
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []  # the last one back is the next one out: its caches are warm
        self._waiting: deque[_Turn] = deque()  # served in order of arrival; never while a worker is idle
        self._alive = 0  # workers started and not stopped, idle or busy
        self._since: dict[_Worker, float] = {}  # each busy worker's processor time when it was lent
        self._closed = False
        for _ in range(size):
            self._idle.append(self._start())
            self._alive += 1

    def wait_until_loaded(self) -> None:
        """Return once every idle worker answers from its copy in memory (or has found it cannot):
        before the first request, so that the first answers do not come from the slower store on disk."""
        with self._lock:
            idle = list(self._idle)
        for worker in idle:
            with contextlib.suppress(EOFError, OSError):  # a worker that died is replaced on its turn
                worker.connection.send(LOADED)
                worker.connection.recv()

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        root = str(self.root) if self.root else None
        dump = str(self.dump) if self.dump else None
        process = self._context.Process(
            target=_worker, args=(str(self.path), root, child, self.memory, dump), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(
        self,
        query: str,
        result_format: str = "json",
        graph_format: str = "turtle",
        *,
        allow_service: bool = False,
        arrived: float | None = None,
        max_bytes: int | None = None,
        page: tuple[int, int] | None = None,
    ) -> Answer:
        """Run one query in a worker; answer 'timeout' if it is not done ``timeout`` seconds after
        ``arrived`` (a ``time.monotonic()`` reading; now if None), its worker killed.

        Unless ``allow_service``, a query that calls SERVICE is refused ('forbidden') and one that
        does not parse is an 'error', both before it runs: the parse counts against the time limit.

        ``result_format`` writes solutions and booleans, ``graph_format`` the triples of CONSTRUCT
        and DESCRIBE: names of ``kg.rdf.formats``; the answer says which of the two its body is in.
        ``max_bytes`` lowers the pool's size limit for this query. With ``page`` (first, count),
        solutions are answered as ``page_json`` writes that page of them, in JSON.

        Raises:
            UsageError: if either format cannot hold what it is asked for (checked before the query runs).
        """
        asked: tuple[tuple[str, formats.Kind], ...] = ((result_format, "results"), (graph_format, "graph"))
        for name, kind in asked:
            if formats.get(name).kind != kind:
                known = ", ".join(f.name for f in formats.of_kind(kind))
                raise UsageError(f"{name} is not a {kind} format; {kind} formats: {known}")
        arrived = time.monotonic() if arrived is None else arrived
        deadline = arrived + self.timeout
        worker = self._take(deadline)
        if worker is None or time.monotonic() >= deadline:
            if worker is not None:  # its turn came just too late: the worker is fine
                self._give_back(worker)
            return self._late(arrived, waited=True)
        limit = self.max_bytes if max_bytes is None else min(max_bytes, self.max_bytes)
        message: Message = (query, result_format, graph_format, allow_service, limit, page)
        try:
            worker.connection.send(message)
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                self._stop(worker)
                return self._late(arrived, waited=False)
            kind, body, used = worker.connection.recv()
        except (EOFError, OSError):
            # The worker died: an allocation refused under the memory limit aborts it (SIGABRT).
            aborted = self._stop(worker, wait=1.0) == -signal.SIGABRT
            return self._out_of_memory() if aborted else Answer("failed", b"the query worker failed")
        except BaseException:
            self._stop(worker)
            raise
        if kind == "memory":
            self._stop(worker, wait=1.0)
            return self._out_of_memory()
        self._give_back(worker)
        return Answer(kind, body, used)

    def _take(self, deadline: float) -> _Worker | None:
        """An idle worker, else the first to come back (queries wait in order of arrival), or a new
        one while fewer than ``most`` are alive and every busy worker has spent ``SLOW_AFTER``
        seconds of processor time on its query; None at the deadline.

        Processor time, not time on the clock: on a busy machine a quick query can wait for a core
        as long as a slow one, and more workers than cores only slow every query down (measured
        with 50 clients on 2 cores: a pool grown to 4 workers spent 29 ms of worker time a query
        and answered 18 a second, one of 2 workers 11 ms and 54 a second).
        """
        with self._lock:
            if self._closed:
                return None
            if self._idle:
                return self._lend(self._idle.pop())
            turn = _Turn()
            self._waiting.append(turn)
        while True:
            with self._lock:
                patience = self._patience(turn, deadline)
            if turn.ready.wait(patience):
                break
            with self._lock:
                if turn.ready.is_set():
                    break
                if self._closed or time.monotonic() >= deadline:
                    self._waiting.remove(turn)
                    return None
                if self._waiting[0] is turn and self._alive < self.most and self._all_held():
                    self._waiting.popleft()
                    self._alive += 1
                    turn.start = True
                    break
        if not turn.start:
            return turn.worker  # None if the pool was closed meanwhile
        try:
            worker = self._start()
        except BaseException:
            self._forget()
            raise
        with self._lock:
            return self._lend(worker)

    def _patience(self, turn: _Turn, deadline: float) -> float:
        """How long a waiting query sleeps before it looks again (with the lock held): the first in
        line looks often while the pool may grow, the others now and then to see if they are first."""
        remaining = max(0.0, deadline - time.monotonic())
        if turn.ready.is_set() or self._alive >= self.most:
            return remaining  # a worker that dies hands its place to the first in line
        return min(remaining, GROWTH_CHECK if self._waiting[0] is turn else 10 * GROWTH_CHECK)

    def _all_held(self) -> bool:
        """Whether every busy worker has spent SLOW_AFTER s of processor time on its query (with the
        lock held)."""
        return all(_cpu_seconds(w) - used >= SLOW_AFTER for w, used in self._since.items())

    def _lend(self, worker: _Worker) -> _Worker:
        self._since[worker] = _cpu_seconds(worker)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                if self._waiting:
                    turn = self._waiting.popleft()
                    turn.worker = self._lend(worker)
                    turn.ready.set()
                else:
                    del self._since[worker]
                    self._idle.append(worker)
                return
        self._stop(worker)

    def _stop(self, worker: _Worker, *, wait: float = 0.0) -> int | None:
        """Kill a worker (after ``wait`` seconds for it to end by itself); its exit code."""
        if wait:
            worker.process.join(wait)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self._forget(worker)
        return worker.process.exitcode

    def _forget(self, worker: _Worker | None = None) -> None:
        """Count a worker out; the first query waiting, if any, starts one in its place."""
        with self._lock:
            if worker is not None:
                self._since.pop(worker, None)
            if self._waiting and not self._closed:
                turn = self._waiting.popleft()
                turn.start = True
                turn.ready.set()
            else:
                self._alive -= 1

    def _late(self, arrived: float, *, waited: bool) -> Answer:
        why = "no query worker was free before then" if waited else "it was stopped"
        message = (
            f"the query took longer than {self.timeout:g} s from its arrival "
            f"({time.monotonic() - arrived:.1f} s): {why}"
        )
        return Answer("timeout", message.encode())

    def _out_of_memory(self) -> Answer:
        limit = f"{self.memory / 2**20:,.0f} MB" if self.memory else "the memory of this machine"
        message = f"the query needed more than {limit} of memory and was stopped: narrow it down"
        return Answer("memory", message.encode())

    def close(self) -> None:
        """Stop the idle workers now, and the busy ones when their query ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            waiting, self._waiting = self._waiting, deque()
        for turn in waiting:
            turn.ready.set()
        for worker in idle:
            with contextlib.suppress(OSError):  # the worker may have died already
                worker.connection.send(None)
            self._stop(worker, wait=5.0)
