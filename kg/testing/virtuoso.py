"""A throwaway Virtuoso for tests and benchmarks: Debian's virtuoso-t in its own folder, on 127.0.0.1 only.

The shared recipe (shared/recipes/virtuoso_local.py), with its gotchas handled: the server gets its
own database folder and ini, free ports bound to loopback (``ServerPort = 127.0.0.1:PORT`` in both
the SQL and the HTTP section), no Conductor (``VADInstallDir`` doubles the first start), and
``ResultSetMaxRows`` raised from Debian's 10,000, which truncates larger results without an error.
It is ready when ``/sparql`` answers ``ASK {}``; ``checkpoint; shutdown;`` through isql-vt stops it
(SIGTERM, then SIGKILL, when that fails). A new database always has user dba, password dba.

    with Virtuoso(folder) as server:               # started, and ready
        server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        store = SparqlEndpointStore(server.sparql, gsp=server.gsp_auth, user="dba", password="dba")
    # stopped, and its folder deleted
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

BUFFERS_PER_GIB = 85_000
"""8-KiB buffers per GiB of memory, as in the Virtuoso docs' table (170,000 for 2 GB free)."""

INSTALL = "apt-get install virtuoso-opensource"


class VirtuosoError(RuntimeError):
    """Virtuoso is missing, did not start, or an isql command failed; the message says which."""


@dataclass(frozen=True)
class VirtuosoSettings:
    """What goes into the server's virtuoso.ini besides its ports and file names.

    ``None`` leaves a line out (Virtuoso's own default); 0 turns a time limit off.
    """

    buffers: int = 10_000  # NumberOfBuffers, 8 KiB each
    dirty_buffers: int = 6_000  # MaxDirtyBuffers
    query_memory: str = "500M"  # MaxQueryMem
    threads_per_query: int = 2
    vector_size: int | None = None
    max_vector_size: int | None = None
    dirs_allowed: tuple[Path, ...] = ()  # folders the bulk loader may read, besides the server's own
    max_rows: int = 1_000_000  # ResultSetMaxRows: Debian's 10,000 truncates larger results silently
    max_execution_seconds: int | None = 60  # MaxQueryExecutionTime (Virtuoso then answers partly)
    max_estimated_seconds: int | None = 400  # MaxQueryCostEstimationTime (refuses on a guess)

    @classmethod
    def sized_for(cls, memory_gib: float) -> VirtuosoSettings:
        """Buffers for ``memory_gib`` GiB as the Virtuoso docs' table has them, a query on every core."""
        buffers = int(memory_gib * BUFFERS_PER_GIB)
        return cls(
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
            query_memory=f"{max(1, int(memory_gib / 2))}G",
            threads_per_query=os.cpu_count() or 2,
        )

    def ini(self, sql_port: int, http_port: int) -> str:
        """The virtuoso.ini text; its relative file names are relative to the server's folder."""
        sections: dict[str, dict[str, object]] = {
            "Database": {
                "DatabaseFile": "virtuoso.db",
                "ErrorLogFile": "virtuoso.log",
                "LockFile": "virtuoso.lck",
                "TransactionFile": "virtuoso.trx",
                "xa_persistent_file": "virtuoso.pxa",
                "ErrorLogLevel": 7,
                "FileExtend": 200,
                "MaxCheckpointRemap": 2000,
                "Striping": 0,
                "TempStorage": "TempDatabase",
            },
            "TempDatabase": {
                "DatabaseFile": "virtuoso-temp.db",
                "TransactionFile": "virtuoso-temp.trx",
                "MaxCheckpointRemap": 2000,
                "Striping": 0,
            },
            "Parameters": {
                "ServerPort": f"127.0.0.1:{sql_port}",
                "DisableUnixSocket": 1,
                "DisableTcpSocket": 0,
                "MaxClientConnections": 10,
                "CheckpointInterval": 60,
                "CaseMode": 2,
                "DirsAllowed": ", ".join([".", *(str(folder) for folder in self.dirs_allowed)]),
                "NumberOfBuffers": self.buffers,
                "MaxDirtyBuffers": self.dirty_buffers,
                "MaxQueryMem": self.query_memory,
                "ThreadsPerQuery": self.threads_per_query,
                "AsyncQueueMaxThreads": 10,
                "VectorSize": self.vector_size,
                "MaxVectorSize": self.max_vector_size,
            },
            "HTTPServer": {
                "ServerPort": f"127.0.0.1:{http_port}",
                "ServerRoot": "/var/lib/virtuoso-opensource-7/vsp",
                "MaxClientConnections": 10,
                "DavRoot": "DAV",
                "EnabledDavVSP": 0,
                "HTTPProxyEnabled": 0,
                "ServerThreads": 10,
                "MaxKeepAlives": 10,
                "KeepAliveTimeout": 10,
                "HTTPThreadSize": 280000,
                "Charset": "UTF-8",
            },
            "SPARQL": {
                "ResultSetMaxRows": self.max_rows,
                "MaxQueryCostEstimationTime": self.max_estimated_seconds,
                "MaxQueryExecutionTime": self.max_execution_seconds,
            },
        }
        blocks = []
        for name, entries in sections.items():
            lines = [f"{key:<26} = {value}" for key, value in entries.items() if value is not None]
            blocks.append("\n".join([f"[{name}]", *lines]))
        return "\n\n".join(blocks) + "\n"


def virtuoso_installed() -> bool:
    """Whether Debian's virtuoso-t and isql-vt are on PATH."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def virtuoso_version() -> str | None:
    """The installed virtuoso-t's version (such as ``7.2.5.3229-pthreads``); None when it is not installed."""
    server = shutil.which("virtuoso-t")
    if not server:
        return None
    done = subprocess.run([server, "--version"], capture_output=True, text=True, check=False)
    found = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Version")]
    return found[0].split()[1] if found else "unknown"


def _executable(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise VirtuosoError(f"Virtuoso is not installed ({name} is not on PATH): {INSTALL}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Virtuoso:
    """Debian's virtuoso-t in ``folder``, on free ports of 127.0.0.1; user dba, password dba.

    ``memory_limit_gib``: past this resident size a watchdog kills the server (``killed`` then says
    why). ``MaxQueryMem`` does not bound every query, and an address-space limit would stop it even
    on queries that fit, because it reserves far more than it touches. ``isql_timeout``: the seconds
    an isql command may take (None: no limit).
    """

    user = "dba"
    password = "dba"

    def __init__(
        self,
        folder: Path,
        settings: VirtuosoSettings | None = None,
        *,
        memory_limit_gib: float | None = None,
        isql_timeout: float | None = 600,
    ) -> None:
        self.folder = folder
        self.settings = settings or VirtuosoSettings()
        self.memory_limit_gib = memory_limit_gib
        self.isql_timeout = isql_timeout
        self.http_port = _free_port()
        self.sql_port = _free_port()
        self.killed = ""
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def sparql(self) -> str:
        """The query endpoint (updates too once ``GRANT SPARQL_UPDATE TO "SPARQL";``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def sparql_auth(self) -> str:
        """The query and update endpoint behind Digest authentication."""
        return f"{self.sparql}-auth"

    @property
    def gsp_auth(self) -> str:
        """The Graph Store Protocol behind Digest authentication (``?graph=IRI``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def start(self, timeout: float = 120) -> Virtuoso:
        """Start the server (on the database already in its folder, if any) and wait until it answers.

        Raises:
            VirtuosoError: when Virtuoso is not installed, exits, or does not answer within ``timeout`` s.
        """
        server = _executable("virtuoso-t")
        _executable("isql-vt")
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.settings.ini(self.sql_port, self.http_port)
        (self.folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
        with (self.folder / "stdout.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [server, "+foreground", "+configfile", "virtuoso.ini"],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.killed = ""
        if self.memory_limit_gib is not None:
            threading.Thread(target=self._watch, args=(self.proc, self.memory_limit_gib), daemon=True).start()
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited; see {self.folder / 'virtuoso.log'}")
            try:
                with direct.open(f"{self.sparql}?query=ASK%7B%7D", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop(keep=True)
        raise VirtuosoError(f"Virtuoso did not answer within {timeout:.0f} s; see {self.folder}")

    def _watch(self, proc: subprocess.Popen[bytes], limit_gib: float) -> None:
        limit = int(limit_gib * 2**20)
        while proc.poll() is None:
            rss = self.resident_kib()
            if rss > limit:
                proc.kill()
                self.killed = f"killed at {rss / 2**20:.1f} GiB resident, over the limit of {limit_gib:g} GiB"
                return
            time.sleep(0.2)

    def isql_command(self, sql: str) -> list[str]:
        """The isql-vt command line that runs ``sql`` as dba."""
        return [_executable("isql-vt"), f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={sql}"]

    def isql(self, sql: str, timeout: float | None = None) -> str:
        """Run SQL through isql-vt; its output.

        Raises:
            VirtuosoError: when isql reports an error.
            subprocess.TimeoutExpired: after ``timeout`` seconds (default: ``isql_timeout``).
        """
        done = subprocess.run(
            self.isql_command(sql),
            capture_output=True,
            text=True,
            timeout=self.isql_timeout if timeout is None else timeout,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise VirtuosoError(f"isql failed: {sql}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done.stdout

    def number(self, sql: str) -> int:
        """The single integer a SELECT returns (isql prints it on a line of its own).

        Raises:
            VirtuosoError: when isql fails or prints no number.
        """
        found = [line.strip() for line in self.isql(sql).splitlines() if line.strip().isdigit()]
        if not found:
            raise VirtuosoError(f"no number in the answer to {sql}")
        return int(found[-1])

    def bulk_load(self, folder: Path, pattern: str, graph: str, loaders: int = 1) -> None:
        """Bulk load the files of ``folder`` that match ``pattern``, with ``loaders`` loaders in parallel.

        ``ld_dir``, then ``loaders`` × ``rdf_loader_run()``, then a look at ``DB.DBA.LOAD_LIST``.
        ``graph`` takes the triples of files that name no graph (N-Triples, Turtle).

        Raises:
            VirtuosoError: when ``folder`` is neither in the server's folder nor in the settings'
                ``dirs_allowed`` (the loader may read only those), or a loader or a file failed.
        """
        allowed = [d.resolve() for d in (self.folder, *self.settings.dirs_allowed)]
        if not any(folder.resolve().is_relative_to(d) for d in allowed):
            raise VirtuosoError(
                f"the bulk loader may not read {folder}: add it to VirtuosoSettings(dirs_allowed=...)"
            )
        self.isql(
            f"ld_dir({_sql_string(str(folder.resolve()))}, {_sql_string(pattern)}, {_sql_string(graph)});"
        )
        runs = [
            subprocess.Popen(
                self.isql_command("rdf_loader_run();"),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(loaders)
        ]
        outputs = [run.communicate()[0] for run in runs]
        for run, out in zip(runs, outputs, strict=True):
            if run.returncode != 0 or "*** Error" in out:
                raise VirtuosoError(f"rdf_loader_run failed:\n{out[-2000:]}")
        # Two loaders writing one graph at once can deadlock: Virtuoso gives up that file (ll_error
        # "Transaction deadlock") and goes on. Loading a file again is harmless (RDF_QUAD is a set of
        # quads), so such files are loaded once more by one loader; any other error stands.
        deadlocked = "ll_error LIKE '%deadlock%'"
        if loaders > 1 and self.number(f"SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE {deadlocked};"):
            self.isql(f"UPDATE DB.DBA.LOAD_LIST SET ll_state = 0, ll_error = NULL WHERE {deadlocked};")
            self.isql("rdf_loader_run();")
        failed = self.number(
            "SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_state <> 2 OR ll_error IS NOT NULL;"
        )
        if failed:
            errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
            raise VirtuosoError(f"{failed} file(s) did not load:\n{errors[-3000:]}")

    def recover(self, timeout: float = 300) -> str:
        """After a query failed or ran out of time: stop what Virtuoso still computes for it
        (``txn_killall``), or, when Virtuoso died, restart it on its database within ``timeout`` s.

        Returns what happened, or "" when the server was still up.

        Raises:
            VirtuosoError: when the server neither answers nor stops, or does not start again.
        """
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(VirtuosoError, subprocess.TimeoutExpired):
                self.isql("txn_killall(6);", timeout=60)
                return ""
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(30)  # isql could not connect: Virtuoso is going down
        if self.proc and self.proc.poll() is None:
            raise VirtuosoError(f"Virtuoso neither answers nor stops; see {self.folder / 'virtuoso.log'}")
        log = (self.folder / "virtuoso.log").read_text(encoding="utf-8", errors="replace").splitlines()
        reason = self.killed or next((line[9:] for line in reversed(log) if "GPF" in line), "see its log")
        start = time.perf_counter()
        self.start(timeout)
        return f"Virtuoso stopped ({reason}); restarted in {time.perf_counter() - start:.0f} s"

    def _status_kib(self, key: str) -> int:
        if not self.proc:
            return 0
        try:
            text = Path(f"/proc/{self.proc.pid}/status").read_text(encoding="utf-8")
        except OSError:
            return 0
        for line in text.splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def resident_kib(self) -> int:
        """The server's resident memory now, in KiB (0 when it is not running)."""
        return self._status_kib("VmRSS")

    def peak_resident_kib(self) -> int:
        """The server's highest resident memory since it started or ``reset_peak_resident``, in KiB."""
        return self._status_kib("VmHWM")

    def reset_peak_resident(self) -> None:
        """Start the resident-memory high-water mark again from the current size."""
        if self.proc:
            with contextlib.suppress(OSError):
                Path(f"/proc/{self.proc.pid}/clear_refs").write_text("5", encoding="utf-8")

    def database_bytes(self) -> int:
        """The size of the database, temporary database and transaction log."""
        names = ("virtuoso.db", "virtuoso-temp.db", "virtuoso.trx")
        return sum((self.folder / name).stat().st_size for name in names if (self.folder / name).exists())

    def crash(self) -> None:
        """Kill the server with SIGKILL, as a power cut would: no checkpoint, its folder kept.
        ``start()`` then recovers the database from its last checkpoint and transaction log."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self, keep: bool = False) -> None:
        """Checkpoint and shut the server down; unless ``keep`` (for a restart), delete its folder."""
        if self.proc and self.proc.poll() is None:
            try:
                self.isql("checkpoint; shutdown;", timeout=600)
                self.proc.wait(120)
            except (VirtuosoError, OSError, subprocess.TimeoutExpired):
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(30)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)
