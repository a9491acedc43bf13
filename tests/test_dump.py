"""Dumps: byte-identical across runs and hash seeds, and each parses back to the same statements."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

import kg.outputs.dumps
from kg.authoring.loader import load_corpus
from kg.mapping.mapper import map_corpus
from kg.outputs.dumps import DUMP_FORMATS, write_dumps
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import MappedDataset, canonical
from kg.rdf.namespaces import PREFIXES
from kg.rdf.quads import named_graphs, nquads

GOLDEN = Path(__file__).parent / "golden"
OXIGRAPH_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RDFLIB_FORMATS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}


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


def assert_round_trips(mapped: MappedDataset, files: dict[str, Path]) -> None:
    """Every dump, read by Oxigraph and by rdflib, gives back exactly the mapped statements."""
    expected = set(mapped.quads)
    for name, oxigraph_format in OXIGRAPH_FORMATS.items():
        parsed = set(ox.parse(path=files[name], format=oxigraph_format))
        if name == "turtle":
            assert {q.triple for q in parsed} == {q.triple for q in expected}, "turtle does not round-trip"
        else:
            assert parsed == expected, f"{name} does not round-trip through Oxigraph"
    reference = _quads(mapped.dataset)
    for name, rdflib_format in RDFLIB_FORMATS.items():
        assert _quads(Dataset().parse(files[name], format=rdflib_format)) == reference, (
            f"{name} does not round-trip through rdflib"
        )
    union = Graph().parse(files["turtle"], format="turtle")
    assert set(union) == {(s, p, o) for s, p, o, _ in reference}


def test_every_dump_parses_back_to_the_same_statements(mini: ProjectPaths, tmp_path: Path) -> None:
    mapped = map_corpus(load_corpus(mini), ontology=mini.ontology, vocabularies=mini.vocabularies)
    assert_round_trips(mapped, write_dumps(mapped, tmp_path))


def test_dumps_match_golden_files(mini: ProjectPaths, tmp_path: Path) -> None:
    """The reviewed layout of every dump of tests/fixtures/mini; UPDATE_GOLDEN=1 rewrites them."""
    files = write_dumps(map_corpus(load_corpus(mini)), tmp_path)
    # The N-Quads dump is the canonical mapping itself, which tests/test_mapping.py keeps.
    assert files["nquads"].read_bytes() == (GOLDEN / "mini.nq").read_bytes()
    for name in ("trig", "turtle", "jsonld"):
        golden = GOLDEN / f"mini{files[name].suffix}"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_bytes(files[name].read_bytes())
        assert files[name].read_bytes() == golden.read_bytes(), f"{name} differs from {golden.name}"


def test_an_rdflib_dataset_gives_the_same_bytes(mini: ProjectPaths, tmp_path: Path) -> None:
    mapped = map_corpus(load_corpus(mini), ontology=mini.ontology, vocabularies=mini.vocabularies)
    (tmp_path / "quads").mkdir()
    (tmp_path / "rdflib").mkdir()
    from_quads = write_dumps(mapped, tmp_path / "quads")
    from_rdflib = write_dumps(mapped.dataset, tmp_path / "rdflib")
    for name, path in from_quads.items():
        assert path.read_bytes() == from_rdflib[name].read_bytes(), f"{name} differs"
    assert nquads(mapped) == nquads(mapped.dataset)


def test_prefixes_come_in_the_fixed_order(mini: ProjectPaths, tmp_path: Path) -> None:
    mapped = map_corpus(load_corpus(mini))
    files = write_dumps(mapped, tmp_path)
    for name in ("trig", "turtle"):
        lines = files[name].read_text(encoding="utf-8").splitlines()
        header = [line.split()[1].rstrip(":") for line in lines if line.startswith("@prefix")]
        # hkid would need backslash escapes in Turtle (hkid:case\/x), so it is only in the JSON-LD.
        assert header == list(PREFIXES), name
    document = json.loads(files["jsonld"].read_text(encoding="utf-8"))
    assert list(document["@context"]) == [*PREFIXES, "hkid"]


def test_examples_in_docstrings_hold() -> None:
    assert doctest.testmod(kg.outputs.dumps).failed == 0


def test_jsonld_context_file_holds_the_prefixes(mini: ProjectPaths, tmp_path: Path) -> None:
    files = write_dumps(map_corpus(load_corpus(mini)), tmp_path)
    context = json.loads(files["context"].read_text(encoding="utf-8"))["@context"]
    assert context["hk"] == "https://w3id.org/hamkori/ontology#"
    assert context["hkid"] == "https://w3id.org/hamkori/id/"
    assert set(files) == {*DUMP_FORMATS, "context"}


ID = "https://w3id.org/hamkori/id/"
HK = PREFIXES["hk"]
XSD = PREFIXES["xsd"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
CASE = ox.NamedNode("https://w3id.org/hamkori/graph/case/a")
REGISTRY = ox.NamedNode("https://w3id.org/hamkori/graph/registry")


def _statement(subject: str, predicate: str, value: ox.NamedNode | ox.Literal, graph: object) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), value, graph)  # type: ignore[arg-type]


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


# Statements the mapping does not make today but a dump must still carry exactly.
EDGE_CASES = {
    "literals of every kind": [
        _statement(ID + "x", HK + "label", ox.Literal('quote " backslash \\ newline \n tab \t é 😀'), CASE),
        _statement(ID + "x", HK + "label", ox.Literal("Navobod", language="tg-Cyrl"), CASE),
        _statement(ID + "x", HK + "partial", _typed("true", XSD + "boolean"), CASE),
        _statement(ID + "x", HK + "partial", _typed("0", XSD + "boolean"), CASE),
        _statement(ID + "x", HK + "amount", _typed("380.0", XSD + "decimal"), CASE),
        _statement(ID + "x", HK + "code", _typed("x", "urn:x-unknown:type"), CASE),
    ],
    "several types, and a type that is a literal": [
        _statement(ID + "x", RDF_TYPE.value, ox.NamedNode(HK + "Note"), CASE),
        _statement(ID + "x", RDF_TYPE.value, ox.NamedNode("http://example.org/Other"), CASE),
        _statement(ID + "x", RDF_TYPE.value, ox.Literal("not a class"), CASE),
    ],
    "the same triple in three graphs, one of them the default graph": [
        _statement(ID + "x", HK + "knows", ox.NamedNode(ID + "y"), CASE),
        _statement(ID + "x", HK + "knows", ox.NamedNode(ID + "y"), REGISTRY),
        _statement(ID + "x", HK + "knows", ox.NamedNode(ID + "y"), ox.DefaultGraph()),
        _statement(ID + "y", HK + "knows", ox.NamedNode(ID + "x/z#w"), ox.DefaultGraph()),
    ],
    "IRIs that must not be compacted": [
        _statement(ID + "x", HK + "seeAlso", ox.NamedNode(ID + "//double-slash"), CASE),
        _statement(ID + "x", "http://example.org/p", ox.NamedNode(ID), CASE),
        _statement(ID, "http://example.org/p", ox.NamedNode("https://w3id.org/hamkori/idx"), CASE),
    ],
}


def _as_oxigraph(dataset: Dataset) -> set[ox.Quad]:
    return set(ox.parse(dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_cases_round_trip(case: str, tmp_path: Path) -> None:
    mapped = MappedDataset(canonical(EDGE_CASES[case]), {}, ID, {**PREFIXES, "hkid": ID})
    files = write_dumps(mapped, tmp_path)
    expected = set(mapped.quads)
    for name, oxigraph_format in OXIGRAPH_FORMATS.items():
        parsed = list(ox.parse(path=files[name], format=oxigraph_format))
        if name == "turtle":
            triples = [q.triple for q in parsed]
            assert len(triples) == len(set(triples)), "a triple is repeated in the Turtle union"
            assert set(triples) == {q.triple for q in expected}
        else:
            assert set(parsed) == expected, f"{name} does not round-trip through Oxigraph"
    # rdflib normalizes some literals as it parses ("0"^^xsd:boolean becomes "false"): the
    # reference is its own reading of the canonical N-Quads.
    reference = _as_oxigraph(mapped.dataset)
    for name, rdflib_format in RDFLIB_FORMATS.items():
        parsed_by_rdflib = Dataset().parse(files[name], format=rdflib_format)
        assert _as_oxigraph(parsed_by_rdflib) == reference, f"{name} does not round-trip through rdflib"
