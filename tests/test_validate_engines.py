"""The fast SHACL engine gives exactly pySHACL's results.

Compared are the whole SHACL results graphs (focus node, path, value, source shape and constraint,
constraint component, severity, message, and whether the data conforms) and the findings made
from them: on the bundled book, on the mini fixture with each shape's failing example from
tests/test_shapes.py, and on a synthetic project with faults injected at random.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.authoring.loader import load_corpus
from kg.authoring.synth import synthesize
from kg.errors import UsageError
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import MappedDataset, canonical
from kg.validation.engines import (
    ENGINES,
    ValidationReport,
    _sparql_node_shapes,
    read_shapes,
    results_ntriples,
    validate_dataset,
    validate_graph,
)
from tests.test_shapes import HKS, PASSING, SHAPE_CASES, changed, shapes

XSD = "http://www.w3.org/2001/XMLSchema#"
# Zero and a negative number as the mapping writes them; none for xsd:positiveInteger, which has neither.
ZERO = {f"{XSD}decimal": "0.0", f"{XSD}integer": "0", f"{XSD}gYear": "0000"}


def described(report: ValidationReport) -> Counter[str]:
    """Each result on one line: severity, focus node, path, value, source shape, component, message."""
    graph = report.results_graph

    def term(node: object) -> str:
        return "[]" if isinstance(node, BNode) else "-" if node is None else str(node)

    lines: Counter[str] = Counter()
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        fields = [SH.resultSeverity, SH.focusNode, SH.resultPath, SH.value, SH.sourceShape]
        fields += [SH.sourceConstraintComponent]
        parts = [term(graph.value(result, field)) for field in fields]
        parts += sorted(str(m) for m in graph.objects(result, SH.resultMessage))
        lines[" | ".join(parts)] += 1
    return lines


def assert_same(fast: ValidationReport, reference: ValidationReport) -> None:
    """The same results, then the same bytes in report.nt (nested results, sh:conforms) and findings."""
    ours, theirs = described(fast), described(reference)
    assert ours == theirs, "only from fast:\n{}\nonly from pySHACL:\n{}".format(
        "\n".join(sorted(ours - theirs)), "\n".join(sorted(theirs - ours))
    )
    assert results_ntriples(fast.results_graph) == results_ntriples(reference.results_graph)
    assert fast.findings == reference.findings


def reported(report: ValidationReport) -> set[str]:
    return {f.shape.removeprefix(HKS) for f in report.findings if f.shape}


@cache
def book() -> tuple[ProjectPaths, MappedDataset]:
    paths = ProjectPaths(Path(__file__).resolve().parent.parent)
    return paths, map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)


def test_the_bundled_book_warns_and_both_engines_agree() -> None:
    paths, mapped = book()
    fast = validate_dataset(mapped, paths.shapes)
    reference = validate_dataset(mapped, paths.shapes, engine="pyshacl")
    assert reference.violations == () and len(reference.warnings) > 0
    assert_same(fast, reference)


def test_the_engines_read_the_same_values() -> None:
    """pySHACL reads literals through rdflib, which rewrites some (``01`` as ``1``) and cannot read
    others; the mapping writes none of those, so both engines validate the same values."""
    _, mapped = book()
    typed = {
        (o.value, o.datatype.value)
        for o in (quad.object for quad in mapped.quads)
        if isinstance(o, ox.Literal) and not o.language and o.datatype.value != f"{XSD}string"
    }
    read = {pair: Literal(pair[0], datatype=URIRef(pair[1])) for pair in typed}
    assert len(read) > 100
    assert [pair for pair, literal in read.items() if literal.ill_typed or str(literal) != pair[0]] == []


@pytest.mark.parametrize("shape", sorted(SHAPE_CASES))
def test_each_failing_example_gives_the_same_results(shape: str) -> None:
    graph = changed(SHAPE_CASES[shape])
    fast, reference = (validate_graph(graph, shapes(), engine=engine) for engine in ("fast", "pyshacl"))
    assert shape in reported(reference)
    assert_same(fast, reference)


@pytest.mark.parametrize("shape", sorted(PASSING))
def test_each_passing_example_gives_the_same_results(shape: str) -> None:
    graph = changed(PASSING[shape])
    assert_same(*(validate_graph(graph, shapes(), engine=engine) for engine in ("fast", "pyshacl")))


def test_all_failing_examples_at_once_give_the_same_results() -> None:
    def everything(graph: Graph) -> None:
        for change in SHAPE_CASES.values():
            change(graph)

    graph = changed(everything)
    fast, reference = (validate_graph(graph, shapes(), engine=engine) for engine in ("fast", "pyshacl"))
    assert len(reported(reference)) > 40
    assert_same(fast, reference)


def shape_paths(shapes_graph: Graph) -> set[str]:
    """Every predicate a shape looks at, in plain and sequence paths, and rdf:type for the targets."""
    found = {str(RDF.type)}
    for path in shapes_graph.objects(None, SH.path):
        found |= {str(p) for p in [path, *shapes_graph.items(path)] if isinstance(p, URIRef)}
    return found


def inject_faults(quads: list[ox.Quad], predicates: set[str], seed: int) -> list[ox.Quad]:
    """Mistakes of the kinds authors make in the facts the shapes look at: a value missing, given
    twice, pointing at the wrong thing, of the wrong type, negative, zero or too long. Three facts
    of each predicate and one in fifty of the others get one, picked at random.

    Every literal stays well-typed, as the loader and the mapping make them: pySHACL reads
    ill-typed ones through rdflib, which takes ``"0"^^xsd:gYear`` for a year and aborts a sum
    over ``"abc"^^xsd:decimal``."""
    rng = random.Random(seed)
    values: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        values.setdefault(quad.predicate.value, []).append(quad)
    picked = {
        q for p in sorted(predicates & set(values)) for q in rng.sample(values[p], min(3, len(values[p])))
    }
    things = sorted({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)})
    out: list[ox.Quad] = []
    for quad in quads:
        s, p, o, g = quad.subject, quad.predicate, quad.object, quad.graph_name
        if quad not in picked and (p.value not in predicates or rng.random() > 0.02):
            out.append(quad)
            continue
        faults = ["drop", "twice", "elsewhere", "as text"]
        if isinstance(o, ox.Literal):
            faults += ["tagged", "long", "contact"]
            faults += ["negative", "zero"] if o.datatype.value in ZERO else []
        fault = rng.choice(faults)
        lexical = o.value if isinstance(o, (ox.NamedNode, ox.Literal)) else str(o)
        datatype = o.datatype if isinstance(o, ox.Literal) else None
        changed_object: ox.NamedNode | ox.Literal | None = {
            "drop": None,
            "twice": rng.choice(values[p.value]).object,
            "elsewhere": ox.NamedNode(rng.choice(things)),
            "as text": ox.Literal(lexical),
            "tagged": ox.Literal(lexical, language="en"),
            "long": ox.Literal("x" * 401),
            "contact": ox.Literal(f"{lexical} a@example.org"),
            "negative": ox.Literal(f"-{lexical}", datatype=datatype),
            "zero": ox.Literal(ZERO.get(getattr(datatype, "value", ""), "0"), datatype=datatype),
        }[fault]  # type: ignore[assignment]
        if fault == "twice":
            out.append(quad)
        if changed_object is not None:
            out.append(ox.Quad(s, p, changed_object, g))
    return canonical(out)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectPaths, MappedDataset]:
    folder = tmp_path_factory.mktemp("synth") / "project"
    synthesize(folder, cases=6, seed=5)
    paths = ProjectPaths(folder)
    return paths, map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_synthetic_project_with_injected_faults_gives_the_same_results(
    synthetic: tuple[ProjectPaths, MappedDataset], seed: int
) -> None:
    paths, mapped = synthetic
    faulty = MappedDataset(
        quads=inject_faults(mapped.quads, shape_paths(read_shapes(paths.shapes)), seed),
        sources=mapped.sources,
        base=mapped.base,
        prefixes=mapped.prefixes,
    )
    fast = validate_dataset(faulty, paths.shapes)
    reference = validate_dataset(faulty, paths.shapes, engine="pyshacl")
    assert len(reference.violations) > 20 and len(reported(reference)) > 25
    assert_same(fast, reference)


def test_an_rdflib_dataset_is_validated_as_its_mapped_quads(
    synthetic: tuple[ProjectPaths, MappedDataset],
) -> None:
    paths, mapped = synthetic
    assert_same(
        validate_dataset(mapped.dataset, paths.shapes, mapped.sources), validate_dataset(mapped, paths.shapes)
    )


def test_oxigraph_runs_every_sparql_shape() -> None:
    """pyshacl-turbo alone takes minutes on these at 1M triples; a shape that stops qualifying is slow."""
    paths, _ = book()
    handled = {str(shape.node).removeprefix(HKS) for shape in _sparql_node_shapes(read_shapes(paths.shapes))}
    assert handled == {
        "BookInconsistencyShape",
        "ContributionSumShape",
        "CurrencyMatchShape",
        "PartnershipCaseShape",
        "ProjectPeriodShape",
    }


def test_an_unknown_engine_names_the_known_ones() -> None:
    paths, mapped = book()
    with pytest.raises(UsageError, match="known engines: fast, pyshacl"):
        validate_dataset(mapped, paths.shapes, engine="turbo")
    assert ENGINES == ("fast", "pyshacl")
