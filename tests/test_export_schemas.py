"""The graph exports are valid: GEXF against the GEXF 1.2 XML Schema, GraphML as R's igraph reads it.

The schema is the GEXF Working Group's own (tests/fixtures/vocab/gexf, CC BY 4.0): Gephi validates
against it. Every GEXF file the report writes is checked, and graphs with awkward attributes. The
GraphML files are read back by R (tests/graphml.R; skipped without R, failed when HAMKORI_REQUIRE_R
is set) and must hold every node, tie and attribute value of the graph, each with its type.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from kg.analysis.findings import Analysis, analyze
from kg.outputs.exports import flat_copy, write_gexf, write_graph
from kg.outputs.report import write_report
from tests.conftest import TESTS
from tests.rscript import run_r
from tests.test_serve import bundled_store

GEXF_SCHEMA = TESTS / "fixtures" / "vocab" / "gexf" / "1.2draft" / "gexf.xsd"
GEXF = {"g": "http://www.gexf.net/1.2draft"}
GRAPHML = {"g": "http://graphml.graphdrawing.org/xmlns"}
EXPORTS = {  # the graphs of the analysis, by the name of their export
    "collaboration": lambda a: a.collaboration,
    "actor-project": lambda a: a.two_mode,
    "typed": lambda a: a.typed,
    "donor-cofunding": lambda a: a.donors,
}


@cache
def analysis() -> Analysis:
    return analyze(bundled_store())


@cache
def gexf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(GEXF_SCHEMA)))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_report(analysis(), folder)
    return folder


def schema_errors(path: Path) -> list[str]:
    """What the GEXF 1.2 schema rejects in a file, and values that are not of their declared type."""
    document = etree.parse(str(path))
    schema = gexf_schema()
    if not schema.validate(document):
        return [f"{e.line}: {e.message}" for e in schema.error_log]
    return typed_value_errors(document)


def typed_value_errors(document: Any) -> list[str]:
    """Attribute values that do not read as their declared type (the schema holds every value as text)."""
    declared = {
        (attributes.get("class"), attribute.get("id")): attribute.get("type")
        for attributes in document.iterfind(".//g:attributes", GEXF)
        for attribute in attributes.iterfind("g:attribute", GEXF)
    }
    readers = {"integer": int, "long": int, "double": float, "float": float, "boolean": _boolean}
    errors = []
    for kind in ("node", "edge"):
        for element in document.iterfind(f".//g:{kind}", GEXF):
            for value in element.iterfind("g:attvalues/g:attvalue", GEXF):
                declared_type = declared.get((kind, value.get("for")))
                if declared_type is None:
                    errors.append(f"{value.sourceline}: a value for undeclared {kind} attribute")
                    continue
                try:
                    readers.get(declared_type, str)(value.get("value"))
                except ValueError:
                    errors.append(f"{value.sourceline}: {value.get('value')!r} is no {declared_type}")
    return errors


def _boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


# --- GEXF against its schema ----------------------------------------------------------------------


def test_every_gexf_export_is_valid_against_the_gexf_schema(report: Path) -> None:
    files = sorted(report.rglob("*.gexf"))
    assert {p.stem for p in files} >= set(EXPORTS)
    assert {p.name: schema_errors(p) for p in files} == {p.name: [] for p in files}


def test_the_schema_rejects_what_gephi_rejects(tmp_path: Path) -> None:
    """The check is not blind: networkx's own GEXF (a ``name`` on ``<graph>``) and a wrong value fail."""
    graph = nx.path_graph(3)
    graph.graph["name"] = "a path"
    nx.write_gexf(graph, tmp_path / "networkx.gexf")
    assert any("'name'" in e for e in schema_errors(tmp_path / "networkx.gexf"))
    nx.set_node_attributes(graph, 1.5, "score")
    write_gexf(graph, tmp_path / "ours.gexf")
    assert schema_errors(tmp_path / "ours.gexf") == []
    text = (tmp_path / "ours.gexf").read_text(encoding="utf-8").replace('value="1.5"', 'value="many"', 1)
    (tmp_path / "wrong.gexf").write_text(text, encoding="utf-8")
    assert any("'many' is no double" in e for e in schema_errors(tmp_path / "wrong.gexf"))


def awkward_graphs() -> dict[str, nx.Graph]:
    """Graphs whose attributes a writer may get wrong."""
    empty = nx.Graph()
    lonely = nx.DiGraph()
    lonely.add_node("only", label="Ёлка & <Co>", sector="state")
    mixed = nx.Graph(name="a graph with a name")
    mixed.add_edge("a", "b", weight=1.0, amount=None, flag=True, forms=["b", "a"], count=3)
    mixed.add_edge("b", "c", weight=2, amount=2.5, flag=False, forms=[], count=4)
    mixed.add_edge("c", "d", weight=3, amount=7, flag=None, forms=("z",), code="x")
    mixed.add_edge("d", "e", code=5, note="quote \" and ' and \t tab")
    mixed.nodes["a"].update(level=None, size=1, region="Khatlon Oblast")
    mixed.nodes["b"].update(size=2.5)
    multi = nx.MultiDiGraph()
    multi.add_edge(1, 2, relation="funding", amount=10.0)
    multi.add_edge(1, 2, relation="funding", amount=20.0)
    multi.add_edge(2, 1, relation="partnership", forms=["joint-planning"])
    multi.add_edge(3, 3, relation="membership")
    return {"empty": empty, "lonely": lonely, "mixed": mixed, "multi": multi}


@pytest.mark.parametrize("name", sorted(awkward_graphs()))
def test_awkward_graphs_export_valid_and_read_back(tmp_path: Path, name: str) -> None:
    graph = awkward_graphs()[name]
    written = write_graph(graph, tmp_path, name)
    gexf, graphml = tmp_path / f"{name}.gexf", tmp_path / f"{name}.graphml"
    assert {gexf, graphml} <= set(written)
    assert schema_errors(gexf) == []
    assert graphml_keys_twice(graphml) == []
    back = nx.read_gexf(gexf)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    again = tmp_path / "again"
    write_graph(graph, again, name)
    for path in written:
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_an_attribute_has_one_type_in_the_export() -> None:
    flat = flat_copy(awkward_graphs()["mixed"])
    edges = list(flat.edges(data=True))
    assert {type(d["weight"]) for *_, d in edges if "weight" in d} == {float}  # 1.0, 2 and 3
    assert {type(d["amount"]) for *_, d in edges if "amount" in d} == {float}
    assert [d.get("amount") for *_, d in edges] == [None, 2.5, 7.0, None]  # a missing number stays missing
    assert {d["code"] for *_, d in edges if "code" in d} == {"x", "5"}  # text and a number: text
    assert [d.get("flag") for *_, d in edges] == [True, False, None, None]
    assert [d.get("forms") for *_, d in edges] == ["a; b", "", "z", None]
    assert flat.nodes["a"]["level"] == ""  # missing text is empty text, as before


# --- GraphML --------------------------------------------------------------------------------------


def graphml_keys_twice(path: Path) -> list[tuple[str, str]]:
    """Attribute names declared more than once for nodes or for edges (readers keep one at random)."""
    keys = etree.parse(str(path)).iterfind("g:key", GRAPHML)
    counts = Counter((k.get("for"), k.get("attr.name")) for k in keys)
    return sorted(key for key, n in counts.items() if n > 1)


def test_graphml_exports_declare_each_attribute_once(report: Path) -> None:
    files = sorted((report / "exports").glob("*.graphml"))
    assert {p.stem for p in files} == set(EXPORTS)
    assert {p.name: graphml_keys_twice(p) for p in files} == {p.name: [] for p in files}


def graphs() -> dict[str, nx.Graph]:
    """The analysis' graphs by the name of their export, and the awkward ones."""
    return {**{name: graph(analysis()) for name, graph in EXPORTS.items()}, **awkward_graphs()}


@pytest.fixture(scope="module")
def r_graphml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """R's reading of the GraphML export of every graph of :func:`graphs`."""
    folder = tmp_path_factory.mktemp("graphml")
    for name, graph in graphs().items():
        write_graph(graph, folder / "files", name)
    run_r(TESTS / "graphml.R", folder / "files", folder / "r")
    return folder / "r"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


R_TYPES = {str: "character", float: "double", int: "double", bool: "logical"}


def expected_types(flat: nx.Graph) -> set[str]:
    types = {f"node:id={R_TYPES[str]}"}
    types |= {f"node:{k}={R_TYPES[type(v)]}" for _, d in flat.nodes(data=True) for k, v in d.items()}
    types |= {f"edge:{k}={R_TYPES[type(v)]}" for *_, d in flat.edges(data=True) for k, v in d.items()}
    if flat.is_multigraph():
        types.add(f"edge:id={R_TYPES[str]}")  # the key of a parallel tie
    return types


def missing_in_r(values: Iterable[Any]) -> str:
    """How igraph reads an attribute that a node or tie lacks: NA for a number, "" for text, and FALSE
    for a boolean (igraph has no missing boolean)."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "FALSE"
    return "NA" if kinds and kinds <= {int, float} else ""


def same_value(ours: Any, theirs: str, missing: str) -> bool:
    if ours is None:
        return theirs == missing
    if isinstance(ours, bool):
        return theirs == ("TRUE" if ours else "FALSE")
    if isinstance(ours, (int, float)):
        return theirs != "NA" and (float(theirs) == float(ours) or math.isnan(float(ours)))
    return theirs == str(ours)


@pytest.mark.parametrize("name", [*EXPORTS, *awkward_graphs()])
def test_r_reads_every_graphml_export_whole(r_graphml: Path, name: str) -> None:
    flat = flat_copy(graphs()[name])
    summary = {row["graph"]: row for row in rows(r_graphml / "graphs.csv")}[name]
    assert summary["directed"] == ("TRUE" if flat.is_directed() else "FALSE")
    assert (int(summary["nodes"]), int(summary["edges"])) == (flat.number_of_nodes(), flat.number_of_edges())
    assert sorted(summary["types"].split()) == sorted(expected_types(flat))  # no attribute twice

    nodes = {row["id"]: row for row in rows(r_graphml / f"{name}-nodes.csv")}
    assert set(nodes) == {str(n) for n in flat}
    node_keys = {k for _, d in flat.nodes(data=True) for k in d}
    missing = {key: missing_in_r(d[key] for _, d in flat.nodes(data=True) if key in d) for key in node_keys}
    wrong = [
        (node, key, value, nodes[str(node)][key])
        for node, d in flat.nodes(data=True)
        for key in node_keys
        if not same_value(value := d.get(key), nodes[str(node)][key], missing[key])
    ]
    assert wrong == []

    def tie(source: str, target: str) -> tuple[str, ...]:
        return (source, target) if flat.is_directed() else tuple(sorted((source, target)))

    edge_keys = sorted({k for *_, d in flat.edges(data=True) for k in d})
    absent = [missing_in_r(d[key] for *_, d in flat.edges(data=True) if key in d) for key in edge_keys]
    theirs = [
        (*tie(row[".source"], row[".target"]), *(row[k] for k in edge_keys))
        for row in rows(r_graphml / f"{name}-edges.csv")
    ]
    assert len(theirs) == flat.number_of_edges()
    for a, b, d in flat.edges(data=True):
        ours = (*tie(str(a), str(b)), *(d.get(k) for k in edge_keys))
        found = [t for t in theirs if t[:2] == ours[:2] and all(map(same_value, ours[2:], t[2:], absent))]
        assert found, f"R has no tie like {ours}"
        theirs.remove(found[0])  # each of R's ties matches one of ours
