"""Real servers for tests, on 127.0.0.1 only: Debian's Virtuoso, started in a temporary folder.

Adapted from the project's shared recipe (shared/recipes/virtuoso_local.py): its own database
folder and ini, free ports, ready when /sparql answers, 'checkpoint; shutdown;' to stop.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")

INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = virtuoso-temp.db
TransactionFile    = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = .
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 500M
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 10

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
DavRoot              = DAV
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
HTTPThreadSize       = 280000
Charset              = UTF-8

[SPARQL]
; Debian's default of 10000 silently truncates larger results.
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Virtuoso:
    """A Virtuoso server in ``folder``; user dba, password dba."""

    user = "dba"
    password = "dba"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.http_port = free_port()
        self.sql_port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def gsp_auth(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def start(self, timeout: float = 120) -> Virtuoso:
        assert VIRTUOSO, "virtuoso-t is not installed"
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        log = (self.folder / "stdout.log").open("ab")
        self.proc = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited; see {self.folder}/virtuoso.log")
            try:
                with urllib.request.urlopen(f"{self.sparql}?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("Virtuoso did not start")

    def isql(self, sql: str) -> str:
        assert ISQL, "isql-vt is not installed"
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {sql}\n{done.stdout}{done.stderr}")
        return done.stdout

    def stop(self, keep: bool = False) -> None:
        """Stop the server; unless ``keep``, delete its database (``keep`` allows a restart)."""
        if self.proc and self.proc.poll() is None:
            try:
                self.isql("checkpoint; shutdown;")
                self.proc.wait(60)
            except Exception:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)
