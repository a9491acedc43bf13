"""The notebook notebooks/report.ipynb runs from a fresh checkout and computes the report's numbers.

It is executed as a reader would run it (nbclient, a Python kernel of this environment), and the
tables it computes through the library are compared, cell by cell, with the CSV tables of the
report that `kg analyze` writes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from kg import pipeline
from kg.analysis.findings import Analysis
from kg.project.paths import ProjectPaths
from kg.store.embedded import OxigraphStore
from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "report.ipynb"
COMPARED = ("inference", "robustness", "over_time", "ei_index", "state_cofinancing")


@pytest.fixture(scope="module")
def computed(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("notebook") / "numbers.json"
    monkeypatch_module.setenv("HAMKORI_NOTEBOOK_OUT", str(out))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
    )
    client.execute()
    errors = [
        o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []
    found: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Analysis]:
    """The report's tables as `kg analyze` writes them, and the analysis they come from."""
    paths = ProjectPaths(REPO)
    out = tmp_path_factory.mktemp("report") / "build"
    _, mapped = pipeline.load_and_map(paths)  # as the notebook: from data/, not an earlier build
    store = OxigraphStore(None)
    store.load_quads(mapped.quads)
    analysis = pipeline.analyze(paths, store=store, out=out)
    return out / "analysis" / "tables", analysis


def same(mine: object, theirs: object) -> bool:
    if isinstance(theirs, float) and math.isnan(theirs):
        return mine is None or (isinstance(mine, float) and math.isnan(mine)) or mine == "nan"
    if isinstance(theirs, (int, float)) and not isinstance(theirs, bool):
        try:
            return math.isclose(float(mine), float(theirs), abs_tol=0.6e-4)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    return str(mine) == str(theirs)


@pytest.mark.parametrize("name", COMPARED)
def test_the_notebook_computes_the_reports_table(
    computed: dict[str, Any], report: tuple[Path, Analysis], name: str
) -> None:
    mine = computed["tables"][name]
    theirs = pd.read_csv(report[0] / f"{name}.csv", keep_default_na=True)
    assert len(theirs) > 0
    compared = 0
    for column in theirs.columns:
        assert column in mine, f"{name}.csv: the notebook has no column {column}"
        values = mine[column]
        assert len(values) == len(theirs), f"{name}.csv: {column} has other rows"
        wrong = [(a, b) for a, b in zip(values, theirs[column].tolist(), strict=True) if not same(a, b)]
        assert wrong == [], f"{name}.csv: {column}: {wrong[:3]}"
        compared += len(values)
    assert compared >= len(theirs.columns)


def test_the_notebook_states_the_reports_headline_numbers(
    computed: dict[str, Any], report: tuple[Path, Analysis]
) -> None:
    expected = json.loads(json.dumps(report[1].numbers, default=str))
    assert expected and computed["numbers"] == expected


def test_the_notebook_is_kept_without_outputs() -> None:
    """Outputs are made when it runs; the repository keeps only the code (no stale numbers)."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
