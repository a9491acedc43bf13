"""The build cache: unchanged files are not parsed again, unchanged case studies are not mapped again,
and a build from the cache gives exactly what a build without it gives."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import pipeline
from kg.authoring.loader import load_corpus
from kg.authoring.synth import synthesize
from kg.mapping.mapper import map_corpus
from kg.project.cache import Cache, digest
from kg.project.paths import ProjectPaths


@pytest.fixture
def project(tmp_path: Path) -> ProjectPaths:
    synthesize(tmp_path / "project", cases=4, seed=3)
    return ProjectPaths(tmp_path / "project")


def nquads(paths: ProjectPaths, cache: Cache | None = None) -> bytes:
    corpus = load_corpus(paths, cache=cache)
    mapped = map_corpus(corpus, ontology=paths.ontology, vocabularies=paths.vocabularies, cache=cache)
    return ox.serialize(mapped.quads, format=ox.RdfFormat.N_QUADS) or b""


def case_files(paths: ProjectPaths) -> list[Path]:
    return sorted((paths.data / "cases").glob("*.yaml"))


def test_digest_separates_its_parts() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab", "c") == digest(b"ab", b"c")


def test_a_warm_build_reads_everything_from_the_cache_and_maps_the_same(
    project: ProjectPaths, tmp_path: Path
) -> None:
    cold = Cache(tmp_path / "cache")
    expected = nquads(project, cold)
    assert cold.hits == 0
    warm = Cache(tmp_path / "cache")
    assert nquads(project, warm) == expected
    files = len(project.authoring_files())
    graphs = len(case_files(project)) + 1  # and the registry's
    assert (warm.hits, warm.misses) == (files + graphs, 0)
    assert nquads(project) == expected  # and the same as without any cache


def test_editing_one_case_study_reparses_and_remaps_only_it(project: ProjectPaths, tmp_path: Path) -> None:
    nquads(project, Cache(tmp_path / "cache"))
    edited = case_files(project)[1]
    text = edited.read_text(encoding="utf-8")
    title = re.search(r"^    title: (.+)$", text, re.MULTILINE)
    assert title, "the synthetic case study has a project title to edit"
    edited.write_text(
        text.replace(title.group(0), f"    title: {title.group(1)} (revised)", 1), encoding="utf-8"
    )
    warm = Cache(tmp_path / "cache")
    result = nquads(project, warm)
    assert warm.misses == 2  # the file's records and its graph
    assert b"(revised)" in result
    assert result == nquads(project)


def test_a_changed_label_elsewhere_remaps_the_graphs_that_quote_it(
    project: ProjectPaths, tmp_path: Path
) -> None:
    """A contribution's label quotes its contributor's name, which may live in another file."""
    nquads(project, Cache(tmp_path / "cache"))
    registry = project.data / "registry" / "organizations-donors.yaml"
    text = registry.read_text(encoding="utf-8")
    names = re.findall(r"^    name: (.+)$", text, re.MULTILINE)
    assert names
    registry.write_text(
        text.replace(f"    name: {names[0]}", "    name: Renamed Donor Agency", 1), encoding="utf-8"
    )
    expected = nquads(project)
    assert b"Renamed Donor Agency" in expected
    assert nquads(project, Cache(tmp_path / "cache")) == expected


def test_an_unreadable_cache_entry_is_a_miss(project: ProjectPaths, tmp_path: Path) -> None:
    expected = nquads(project, Cache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    broken = Cache(tmp_path / "cache")
    assert nquads(project, broken) == expected
    assert broken.hits == 0


def test_kg_build_keeps_its_cache_in_the_build_folder_and_gives_identical_dumps(
    project: ProjectPaths,
) -> None:
    first = pipeline.build(project, full=False)
    assert first.report.conforms
    dumps = {name: path.read_bytes() for name, path in first.dumps.items()}
    assert (project.layout().cache / "graph").is_dir()
    second = pipeline.build(project, full=False)
    assert {name: path.read_bytes() for name, path in second.dumps.items()} == dumps
    uncached = pipeline.build(project, full=False, use_cache=False)
    assert {name: path.read_bytes() for name, path in uncached.dumps.items()} == dumps


def test_dumps_serialize_again_only_the_graphs_that_changed(project: ProjectPaths, tmp_path: Path) -> None:
    from kg.outputs.dumps import write_dumps

    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(project)
    mapped = map_corpus(corpus, ontology=project.ontology, vocabularies=project.vocabularies)
    (tmp_path / "cold").mkdir()
    cold = write_dumps(mapped, tmp_path / "cold", cache=cache)
    assert cache.hits == 0
    edited = case_files(project)[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("    title: ", "    title: New ", 1))
    changed = map_corpus(load_corpus(project), ontology=project.ontology, vocabularies=project.vocabularies)
    warm = Cache(tmp_path / "cache")
    (tmp_path / "warm").mkdir()
    files = write_dumps(changed, tmp_path / "warm", cache=warm)
    assert warm.misses == 2  # the TriG and the JSON-LD of the edited case study's graph
    assert warm.hits == 2 * (len(changed.graph_digests) - 1)
    (tmp_path / "fresh").mkdir()
    fresh = write_dumps(changed, tmp_path / "fresh")
    for name, path in files.items():
        assert path.read_bytes() == fresh[name].read_bytes(), f"{name} from the cache differs"
    assert files["jsonld"].read_bytes() != cold["jsonld"].read_bytes()
