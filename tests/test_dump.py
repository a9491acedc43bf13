"""Dumps: byte-identical across runs and hash seeds, and each parses back to the same statements."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from kg.dump import DUMP_FORMATS, named_graphs, write_dumps
from kg.load import load_corpus
from kg.mapping import map_corpus
from kg.paths import ProjectPaths


def build_in_subprocess(project: ProjectPaths, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "build", "--quiet", "--project", str(project.root), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )


def test_two_builds_give_identical_bytes(mini: ProjectPaths, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    build_in_subprocess(mini, first, "1")
    build_in_subprocess(mini, second, "2024")
    # The embedded store is a database (RocksDB files), not a published output: it is left out.
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file() and "store" not in p.parts)
    assert {f.as_posix() for f in files} >= {
        "dumps/hamkori.nq",
        "dumps/hamkori.trig",
        "validation/report.json",
    }
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between builds"


def _quads(dataset: Dataset) -> set[tuple[object, ...]]:
    return {
        (s, p, o, g.identifier) for g in (dataset.graph(n) for n in named_graphs(dataset)) for s, p, o in g
    }


def test_every_dump_parses_back_to_the_same_statements(mini: ProjectPaths, tmp_path: Path) -> None:
    dataset = map_corpus(load_corpus(mini), ontology=mini.ontology, vocabularies=mini.vocabularies).dataset
    files = write_dumps(dataset, tmp_path)
    expected = _quads(dataset)
    for name, rdflib_format in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
        parsed = Dataset()
        parsed.parse(files[name], format=rdflib_format)
        assert _quads(parsed) == expected, f"{name} does not round-trip"
    union = Graph().parse(files["turtle"], format="turtle")
    assert set(union) == {(s, p, o) for s, p, o, _ in expected}


def test_jsonld_context_file_holds_the_prefixes(mini: ProjectPaths, tmp_path: Path) -> None:
    dataset = map_corpus(load_corpus(mini)).dataset
    files = write_dumps(dataset, tmp_path)
    context = json.loads(files["context"].read_text(encoding="utf-8"))["@context"]
    assert context["hk"] == "https://w3id.org/hamkori/ontology#"
    assert set(files) == {*DUMP_FORMATS, "context"}
