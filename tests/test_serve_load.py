"""A bounded load test on loopback: 50 clients run the query library against kg serve for 30 seconds.

Every answer is checked against the embedded store's; the figures (throughput, latency
percentiles, errors) are printed and written to build/test-artifacts/load-test.json.
HAMKORI_LOAD_SECONDS shortens the run for local work.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg import pipeline
from kg.project.paths import ProjectPaths
from kg.query.library import render
from kg.serve.server import SparqlService, make_server
from kg.serve.workers import QueryPool
from kg.store.embedded import OxigraphStore
from kg.store.remote import SparqlEndpointStore
from tests.conftest import REPO
from tests.library import calls, library

CLIENTS = 50
SECONDS = float(os.environ.get("HAMKORI_LOAD_SECONDS", "30"))


def test_fifty_clients_for_thirty_seconds(tmp_path: Path) -> None:
    out = tmp_path / "build"
    paths = ProjectPaths(REPO)
    pipeline.build(paths, out=out, full=False)
    store_path = out / "store"
    embedded = OxigraphStore(store_path, read_only=True)
    lib = library()
    work = [(name, render(lib[name], params)) for name, params in calls()]
    expected = {text: embedded.select(text).normalized() for _, text in work}
    pool = QueryPool(store_path, size=2, timeout=30)
    httpd = make_server(SparqlService(embedded, lib, "https://w3id.org/hamkori/", pool=pool), "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    deadline = time.monotonic() + SECONDS
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        remote = SparqlEndpointStore(endpoint, graphs=[], timeout=60)
        index = number
        while time.monotonic() < deadline:
            name, text = work[index % len(work)]
            index += 1
            started = time.monotonic()
            try:
                ok = remote.select(text).normalized() == expected[text]
                problem = None if ok else f"wrong answer for {name}"
            except Exception as exc:  # every failure is counted, none may happen
                problem = f"{name}: {exc}"
            with lock:
                latencies.append(time.monotonic() - started)
                if problem:
                    errors.append(problem)

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(CLIENTS) as executor:
            list(executor.map(client, range(CLIENTS)))
    finally:
        elapsed = time.monotonic() - started
        httpd.shutdown()
        httpd.server_close()
        pool.close()
    ordered = sorted(latencies)
    figures = {
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "throughput_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1),
        "errors": len(errors),
    }
    print("\nload test:", json.dumps(figures))
    artifacts = REPO / "build" / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "load-test.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert not errors, errors[:5]
    assert len(latencies) >= CLIENTS
    # The server is still up and right after the run.
    assert embedded.select(work[0][1]).normalized() == expected[work[0][1]]


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__, "-s"])
