"""kg build validates in a forked process beside the dumps and the store; the outcome is the same."""

from __future__ import annotations

import os

import pytest

from kg import pipeline
from kg.pipeline import stages
from kg.project.paths import ProjectPaths
from tests.conftest import edit

CASE = "data/cases/01-vo-navobod.yaml"


def files(project: ProjectPaths, folder: str) -> dict[str, bytes]:
    root = project.build / folder
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_in_background_returns_the_result_of_the_child_and_raises_its_error() -> None:
    assert pipeline.in_background(os.getpid)() != os.getpid()  # it did run in another process
    assert pipeline.in_background(os.getpid, enabled=False)() == os.getpid()

    def fail() -> None:
        raise ValueError("from the child")

    with pytest.raises(ValueError, match="from the child"):
        pipeline.in_background(fail)()


def test_a_parallel_build_writes_what_a_sequential_one_writes(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    sequential = pipeline.build(mini, full=False, use_cache=False)
    before = {folder: files(mini, folder) for folder in ("dumps", "validation")}
    monkeypatch.setattr(stages, "PARALLEL_FROM", 0)
    parallel = pipeline.build(mini, full=False, use_cache=False)
    assert parallel.report.summary() == sequential.report.summary()
    assert {folder: files(mini, folder) for folder in ("dumps", "validation")} == before
    assert not [p.name for p in mini.build.iterdir() if p.name.startswith(".")]  # no staging left


def test_violations_found_in_parallel_keep_the_previous_dumps_and_store(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pipeline.build(mini, full=False).report.conforms
    before = {folder: files(mini, folder) for folder in ("dumps", "store")}
    monkeypatch.setattr(stages, "PARALLEL_FROM", 0)
    # A percentage over 100 passes the loader (any count is allowed) but not the shapes.
    edit(mini.root / CASE, "        what: households\n", "        what: households\n        unit: percent\n")
    result = pipeline.build(mini, full=False)
    assert not result.report.conforms and result.dumps == {}
    assert {folder: files(mini, folder) for folder in ("dumps", "store")} == before
    assert not [p.name for p in mini.build.iterdir() if p.name.startswith(".")]


def test_the_site_links_the_network_pages_made_beside_it(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "PARALLEL_FROM", 0)
    assert pipeline.build(mini).report.conforms
    site = mini.build / "site"
    for folder in ("analysis", "viz"):
        assert files(mini, folder) == files(mini, f"site/{folder}"), folder
    assert 'href="viz/index.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_kg_build_serial_validates_in_its_own_process(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--serial keeps one process at a time (the memory of one), and writes the same files."""
    from kg import cli

    monkeypatch.setattr(stages, "PARALLEL_FROM", 0)
    pipeline.build(mini, full=False, use_cache=False)
    expected = {folder: files(mini, folder) for folder in ("dumps", "validation")}
    used: list[int] = []
    validate = stages.validate_dataset

    def noting(*args: object, **kwargs: object) -> object:
        used.append(os.getpid())
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "validate_dataset", noting)
    assert cli.main(["build", "--project", str(mini.root), "--serial", "--no-cache", "-q"]) == 0
    assert used == [os.getpid()]
    assert {folder: files(mini, folder) for folder in ("dumps", "validation")} == expected
