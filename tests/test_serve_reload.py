"""kg serve across a rebuild: once a new build has taken the place of the build folder, SPARQL answers
and pages both come from it, and no request fails meanwhile.

A client asks for a page and a query without pause while the build folder is replaced: by the swap
of two renames (a build put in place by hand, or the fallback where a file system cannot exchange two
folders), then by ``kg build`` itself.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from kg import pipeline
from kg.pipeline.serving import Serving
from kg.project.paths import ProjectPaths
from tests.conftest import edit

ORGANIZATIONS = "data/registry/organizations.yaml"
NAME = "Mountain Societies Development Support Programme"
PAGE = "/id/organization/msdsp.html"
QUERY = (
    "SELECT ?name WHERE { <https://w3id.org/hamkori/id/organization/msdsp> ?p ?name "
    "FILTER(isLiteral(?name) && CONTAINS(STR(?name), 'Mountain')) }"
)


def get(url: str, accept: str = "*/*") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@dataclass
class Client:
    """Asks for the page and the query in turn, in a thread, until stopped; keeps every failure."""

    base: str
    asked: int = 0
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for url in (self.base + PAGE, query_url(self.base)):
                status, body = get(url, "text/csv")
                self.asked += 1
                if status != 200 or b"Mountain" not in body:
                    self.failures.append(f"{url}: {status} {body[:200]!r}")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def query_url(base: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': QUERY})}"


def names(base: str) -> tuple[str, str]:
    """The organization's name in the SPARQL answer, and whether its page holds the same name."""
    status, body = get(query_url(base), "text/csv")
    assert status == 200, body
    answered = body.decode().splitlines()[1]
    status, page = get(base + PAGE)
    assert status == 200
    return answered, answered if answered.encode() in page else "(the page has another name)"


@pytest.fixture
def serving(mini: ProjectPaths) -> Iterator[tuple[ProjectPaths, str]]:
    pipeline.build(mini)
    served: Serving = pipeline.serve(mini, port=0, workers=2)
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield mini, f"http://127.0.0.1:{served.port}"
    served.server.shutdown()
    thread.join(timeout=30)


def test_a_build_swapped_in_by_two_renames_is_served_at_once(serving: tuple[ProjectPaths, str]) -> None:
    paths, base = serving
    assert names(base) == (NAME, NAME)
    edit(paths.root / ORGANIZATIONS, NAME, f"{NAME} II")
    sibling = paths.root / "build-next"
    pipeline.build(paths, out=sibling)
    client = Client(base)
    time.sleep(0.5)  # the client is asking for pages and queries of the old build
    retired = paths.root / "build-old"
    os.rename(paths.build, retired)
    os.rename(sibling, paths.build)
    try:
        assert names(base) == (f"{NAME} II", f"{NAME} II")  # the first requests after the swap
        for _ in range(5):
            answered, _ = names(base)
            assert answered == f"{NAME} II"  # every worker has the new store, not only one
        time.sleep(0.5)
    finally:
        client.stop()
    assert client.failures == [] and client.asked > 4


def test_kg_build_while_serving(serving: tuple[ProjectPaths, str]) -> None:
    paths, base = serving
    client = Client(base)
    try:
        for version in ("II", "III"):
            edit(paths.root / ORGANIZATIONS, NAME, f"{NAME} {version}")
            pipeline.build(paths)  # swaps a new build/ in, and removes the old one
            assert names(base) == (f"{NAME} {version}", f"{NAME} {version}")
            edit(paths.root / ORGANIZATIONS, f"{NAME} {version}", NAME)
    finally:
        client.stop()
    assert client.failures == [] and client.asked > 4
