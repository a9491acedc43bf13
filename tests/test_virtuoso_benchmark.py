"""benchmarks/virtuoso.py at its smoke size: a real Virtuoso, bulk loaded, queried and analysed.

Skipped where Virtuoso is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set (as .ci/run does):
then a missing server fails the run instead of skipping. Nothing here asserts how fast anything is.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.project.paths import ProjectPaths
from kg.query.library import read_library
from tests.conftest import REPO
from tests.servers import require_virtuoso

STEPS = (
    "synthesize (kg.authoring.synth)",
    "load authoring files (kg.authoring.loader)",
    "map to RDF (kg.mapping.mapper)",
    "write N-Quads",
    "start Virtuoso",
    "bulk load: ld_dir + 2 × rdf_loader_run()",
    "checkpoint",
    "count the triples (SPARQL through isql)",
    "find the dataset's graphs (SparqlEndpointStore.graphs)",
    "read the network through SPARQL (kg.analysis.network)",
    "network analysis (kg.analysis.findings.analyze)",
    "stop Virtuoso (checkpoint, shutdown)",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, list[dict[str, object]]], Path]:
    require_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso-benchmark")
    figures = folder / "figures.json"
    command = [sys.executable, str(REPO / "benchmarks" / "virtuoso.py"), "--triples", "20000"]
    command += ["--chunks", "2", "--workdir", str(folder / "work"), "--json", str(figures), "--memory", "0.5"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads(figures.read_text(encoding="utf-8")), folder / "work"


def rows(output: str, first: str) -> list[list[str]]:
    """The body of the Markdown table whose header starts with ``| first |``."""
    for block in re.split(r"\n\s*\n", output):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if lines and lines[0].startswith(f"| {first} |"):
            return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    raise AssertionError(f"no table starting with {first!r} in:\n{output}")


def test_every_step_is_timed(run: tuple[str, dict[str, list[dict[str, object]]], Path]) -> None:
    output, _, _ = run
    table = rows(output, "step")
    names = [row[0] for row in table]
    for step in STEPS:
        assert step in names, (step, names)
    for row in table:
        assert re.fullmatch(r"[0-9,]+\.[0-9]", row[1]), row


def test_the_store_holds_what_was_written_and_every_query_answers(
    run: tuple[str, dict[str, list[dict[str, object]]], Path],
) -> None:
    _, figures, _ = run
    written = sum(int(str(chunk["triples"])) for chunk in figures["chunks"])
    counted = next(s for s in figures["steps"] if str(s["name"]).startswith("count the triples"))
    assert counted["triples"] == written > 10_000
    assert len({chunk["base"] for chunk in figures["chunks"]}) == 2
    library = read_library(ProjectPaths(REPO).queries)
    assert [q["query"] for q in figures["queries"]] == list(library)
    unanswered = [q for q in figures["queries"] if q["seconds"] is None or q.get("note")]
    assert not unanswered
    assert all(int(str(q["rows"])) > 0 for q in figures["queries"])
    analysis = next(s for s in figures["steps"] if str(s["name"]).startswith("network analysis"))
    assert analysis["seconds"] is not None and "actors" in str(analysis["note"])


def test_virtuoso_is_stopped_and_its_folder_deleted(
    run: tuple[str, dict[str, list[dict[str, object]]], Path],
) -> None:
    _, _, work = run
    assert work.is_dir() and not any(work.iterdir())
