"""Time the site's query page in headless Chromium: how long until it answers, and each library query.

    python benchmarks/browser_query.py                      # the book and 100,000 synthetic triples
    python benchmarks/browser_query.py --sizes book         # the book alone
    python benchmarks/browser_query.py --sizes 100000,250000

For each dataset the site is published into a temporary folder and served by the standard library's plain
HTTP server on 127.0.0.1 (as a static host would serve it); Debian's Chromium opens ``sparql/`` with
every request to another host aborted. *Ready* is the time from the start of the navigation until the
dataset is loaded into Oxigraph in the page (``performance.now()`` there, and the wall clock seen from
here); then every library query runs once without parameters (a required one with a value the data holds,
``sample_params``), as the page's menu runs it, and its time in the page's engine is printed with its row
count. The home page's search index is timed the same way: from navigation to the first answer of the
box.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg import pipeline  # noqa: E402
from kg.authoring.synth import cases_for_triples, synthesize  # noqa: E402
from kg.project.paths import BuildLayout, ProjectPaths  # noqa: E402
from kg.query.library import read_library, sample_params  # noqa: E402
from kg.store.embedded import OxigraphStore  # noqa: E402
from tests.browser import CHROMIUM, FLAGS  # noqa: E402


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def publish(size: str, work: Path) -> tuple[ProjectPaths, Path]:
    if size == "book":
        paths = ProjectPaths(REPO)
    else:
        synthesize(work / "project", cases=cases_for_triples(int(size)), seed=1)
        paths = ProjectPaths(work / "project")
    out = work / "build"
    pipeline.publish(paths, out=out)
    return paths, BuildLayout(out).site


def measure(browser: Any, url: str, origin: str, store: OxigraphStore) -> dict[str, Any]:
    page = browser.new_page()
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith((origin + "/", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    start = time.perf_counter()
    page.goto(url)
    ready = "window.hamkoriQuery && (hamkoriQuery.ready || hamkoriQuery.unavailable)"
    page.wait_for_function(ready, timeout=600_000)
    wall = time.perf_counter() - start
    unavailable = page.evaluate("hamkoriQuery.unavailable || null")
    if unavailable:
        raise SystemExit(f"the page did not load the data: {unavailable}")
    figures: dict[str, Any] = {
        "ready page ms": page.evaluate("hamkoriQuery.readyAt"),
        "ready wall s": wall,
        "quads": page.evaluate("hamkoriQuery.quads"),
        "heap MB": page.evaluate("performance.memory ? performance.memory.usedJSHeapSize / 1e6 : null"),
        "queries": [],
    }
    names = page.evaluate("Array.from(document.querySelectorAll('#library-menu option')).map(o => o.value)")
    library = read_library(REPO / "queries")
    for name in filter(None, names):
        # Without parameters, or with the values of the data for a required one (as `kg query` needs).
        params = sample_params(store, library[name]) if name in library else {}
        results = page.evaluate("([n, p]) => hamkoriQuery.runLibrary(n, p)", [name, params])
        error = page.evaluate("hamkoriQuery.lastError")
        rows = len(results["results"]["bindings"]) if results and "results" in results else None
        figures["queries"].append((name, page.evaluate("hamkoriQuery.lastMs"), rows, error))
    figures["blocked"] = blocked
    page.close()
    return figures


def measure_search(browser: Any, url: str) -> tuple[float, int]:
    page = browser.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.fill("#site-search-input", "a")
    page.wait_for_selector("#site-search-results li")
    seconds = time.perf_counter() - start
    entries = page.evaluate("window.HAMKORI_SEARCH.length")
    page.close()
    return seconds, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="book,100000", help="'book' and/or numbers of synthetic triples")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for size in args.sizes.split(","):
            with tempfile.TemporaryDirectory() as temporary:
                start = time.perf_counter()
                _, site = publish(size, Path(temporary))
                published = time.perf_counter() - start
                dump = (site / "dumps" / "hamkori.nq").stat().st_size
                index = (site / "search-index.js").stat().st_size
                with serving(site) as origin:
                    store = OxigraphStore(None)  # the page's data, for values of required parameters
                    store.load_dump(site / "dumps" / "hamkori.nq")
                    figures = measure(browser, f"{origin}/sparql/", origin, store)
                    search_s, entries = measure_search(browser, f"{origin}/index.html")
            print(f"\n## {size}: {figures['quads']:,} quads in the page's store, N-Quads dump {dump:,} bytes")
            print(f"published in {published:.1f} s")
            print(
                f"page ready (the dataset in the browser's store): {figures['ready page ms']:.0f} ms after "
                f"navigation ({figures['ready wall s']:.2f} s wall clock); heap {figures['heap MB']:.0f} MB"
            )
            print(
                f"search box: first answer {search_s * 1000:.0f} ms after navigation; index of {entries:,} "
                f"resources, {index:,} bytes"
            )
            print(f"requests to other hosts: {len(figures['blocked'])}")
            print("\n| query | ms in the page | rows |\n|---|---:|---:|")
            for name, ms, rows, error in figures["queries"]:
                print(f"| {name} | {ms:.0f} | {rows if error is None else 'error: ' + error} |")
        browser.close()


if __name__ == "__main__":
    main()
