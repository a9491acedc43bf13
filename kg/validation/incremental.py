"""What a rebuild redoes when only some named graphs changed (an edited case study, say).

``kg build`` records the digest of each named graph (``MappedDataset.graph_digests``) beside
what it built from them: in the store folder (``hamkori-state.json``, swapped in with the store)
and in the build cache with the validation results. A rebuild compares digests, and then:

- **the store** is copied from the previous one as a RocksDB checkpoint (hard links, nothing
  copied) and only the changed graphs are replaced in it (``kg.store.incremental``);
- **validation** re-checks only the focus nodes whose results can depend on a changed triple,
  on the part of the data their shapes can see, and keeps every other result (``revalidate``).

Which nodes a shape can see is read from the shapes themselves (``Reach``): the focus node,
nodes up to two steps away along triples, and the nodes pointing at it through the predicates
some shape reads backwards. Shapes that look further (property paths, constant subjects,
patterns not connected to ``$this``) make every rebuild validate in full: the results stay
right, only slower. tests/test_incremental.py holds the incremental results to the full ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.project.cache import Cache, code_digest, digest
from kg.rdf.dataset import Change, Iris, MappedDataset
from kg.validation.engines import (
    SHAPE_NODE,
    ValidationReport,
    pyshacl_term,
    read_shapes,
    report_from_results,
    run_engine,
    sparql_select,
    triple_patterns,
    worded_shapes,
)

FORWARD_STEPS = 2  # how far along triples from the focus node a shape may read
Triple = ox.Triple
OxNode = ox.NamedNode | ox.BlankNode


# --- The store ------------------------------------------------------------------------------------


# --- What the shapes can see ------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """How far the shapes read from a focus node: along triples up to ``FORWARD_STEPS`` away, and
    against them one step through ``backward`` predicates. ``local`` is False when some shape reads
    further or in ways not analysed; then only a full validation is right."""

    local: bool
    backward: frozenset[str]
    why: str = ""


class _Unsupported(Exception):
    pass


def shapes_reach(shapes: Graph) -> Reach:
    """Analyse what each shape reads; see ``Reach``."""
    backward: set[str] = set()
    try:
        for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)) | _targeted(shapes), key=str):
            for target in shapes.objects(shape, SH.targetObjectsOf):
                backward.add(str(target))
            for target in shapes.objects(shape, SH.target):
                backward |= _sparql_backward(shapes, target)
            _node_depth(shapes, shape, 0, backward, set())
    except _Unsupported as why:
        return Reach(False, frozenset(), str(why))
    return Reach(True, frozenset(backward))


def _targeted(shapes: Graph) -> set[Node]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for p in targets for s in shapes.subjects(p, None)}


def _node_depth(
    shapes: Graph, shape: Node, depth: int, backward: set[str], seen: set[tuple[Node, int]]
) -> None:
    """Check what a shape applied to nodes ``depth`` steps from the focus node reads."""
    if (shape, depth) in seen:
        return
    seen.add((shape, depth))
    if depth > FORWARD_STEPS:
        raise _Unsupported(f"shape {shape} is applied more than {FORWARD_STEPS} steps from a focus node")
    path = shapes.value(shape, SH.path)
    if path is not None:
        steps = [path] if isinstance(path, URIRef) else list(shapes.items(path))
        if not steps or not all(isinstance(step, URIRef) for step in steps):
            raise _Unsupported(f"shape {shape} has a path other than a predicate or a sequence of them")
        if depth + len(steps) - 1 > FORWARD_STEPS:
            raise _Unsupported(f"shape {shape} reads more than {FORWARD_STEPS} steps from a focus node")
        depth += len(steps)  # a property shape's constraints apply to its values
    if (shape, SH["class"], None) in shapes and depth > FORWARD_STEPS:
        raise _Unsupported(f"shape {shape} checks classes more than {FORWARD_STEPS} steps away")
    for constraint in shapes.objects(shape, SH.sparql):
        if depth:
            raise _Unsupported(f"SPARQL constraint {constraint} is applied away from the focus node")
        backward |= _sparql_backward(shapes, constraint)
    for nested in shapes.objects(shape, SH.property):
        _node_depth(shapes, nested, depth, backward, seen)
    for key in (SH.node, SH["not"], SH.qualifiedValueShape):
        for nested in shapes.objects(shape, key):
            _node_depth(shapes, nested, depth, backward, seen)
    for key in (SH["or"], SH["and"], SH.xone):
        for members in shapes.objects(shape, key):
            for nested in shapes.items(members):
                _node_depth(shapes, nested, depth, backward, seen)
    for key in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        if (shape, key, None) in shapes and depth > FORWARD_STEPS:
            raise _Unsupported(f"shape {shape} compares values more than {FORWARD_STEPS} steps away")


def _sparql_backward(shapes: Graph, node: Node) -> set[str]:
    """The predicates a SPARQL target or constraint reads backwards from ``$this``.

    Every triple pattern's subject must be ``$this``, a node up to ``FORWARD_STEPS`` steps from it,
    or a node pointing at ``$this``; predicates must be IRIs, not paths or variables.
    """
    query = sparql_select(shapes, node)
    if query is None:
        raise _Unsupported(f"{node} has no single SPARQL SELECT")
    try:
        patterns = triple_patterns(query)
    except ValueError as error:
        raise _Unsupported(f"{node}'s query {error}") from error
    this = Variable("this")
    roles: dict[Node, set[str]] = {this: {"0"}}
    backward: set[str] = set()
    changed = True
    while changed:
        changed = False
        for s, p, o in patterns:
            if not isinstance(p, URIRef):
                raise _Unsupported(f"{node} uses a property path or a variable predicate")
            if s in roles:
                after = {_next(role) for role in roles[s]}
                if not after <= roles.setdefault(o, set()):
                    roles[o] |= after
                    changed = True
            elif o == this:
                roles[s] = {"b"}
                backward.add(str(p))
                changed = True
    for s, _, _ in patterns:
        if not roles.get(s, set()) & {"0", "b", *(str(n) for n in range(1, FORWARD_STEPS + 1))}:
            raise _Unsupported(f"{node} reads triples of {s}, which is not near $this")
    return backward


def _next(role: str) -> str:
    return "v" if role in ("b", "v") else str(int(role) + 1)


# --- Validation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationState:
    """Validation results and what they were computed from."""

    graphs: dict[str, str]
    settings: str
    # N-Triples of the results graph with the blank-node labels it had: those of shapes and paths
    # are the same in every run (kg.validation.engines.read_shapes), so fresh results can join these.
    results: str


def validation_settings(shapes: Path, engine: str) -> str:
    """A digest of everything the results depend on besides the data."""
    files = [path.read_bytes() for path in sorted(shapes.glob("*.ttl"))]
    engines = [version("pyshacl"), version("pyshacl-turbo")]
    return digest(code_digest(__name__), engine, *engines, *files)


def load_validation_state(cache: Cache) -> ValidationState | None:
    found = cache.get("validation", "last")
    return found if isinstance(found, ValidationState) else None


def save_validation_state(
    cache: Cache, mapped: MappedDataset, settings: str, report: ValidationReport
) -> None:
    cache.put("validation", "last", ValidationState(mapped.graph_digests, settings, kept_results(report)))


def kept_results(report: ValidationReport) -> str:
    """The results graph as N-Triples, the shapes' blank nodes with their own labels and the others
    labelled canonically (so the same results give the same bytes)."""
    skolem = "urn:hamkori:shape-node:"  # shape nodes are IRIs while the others are labelled

    def named(term: Any) -> Any:
        if isinstance(term, ox.BlankNode) and term.value.startswith(SHAPE_NODE):
            return ox.NamedNode(skolem + term.value)
        return term

    def blank(term: Any) -> Any:
        if isinstance(term, ox.NamedNode) and term.value.startswith(skolem):
            return ox.BlankNode(term.value.removeprefix(skolem))
        return term

    ntriples = report.results_graph.serialize(format="nt", encoding="utf-8")
    dataset = ox.Dataset(
        ox.Quad(named(t.subject), t.predicate, named(t.object))
        for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = sorted((ox.Triple(blank(q.subject), q.predicate, blank(q.object)) for q in dataset), key=str)
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def revalidate(
    previous: ValidationState | None,
    settings: str,
    change: Change,
    store_folder: Path,
    mapped: MappedDataset,
    shapes: Path,
    *,
    engine: str = "fast",
) -> ValidationReport | None:
    """The previous results with those of the nodes a change can reach validated again; None when
    the previous results cannot be reused (other data, shapes or engine; ontology or vocabularies
    changed; shapes that read too far)."""
    if previous is None or previous.settings != settings or previous.graphs != change.before:
        return None
    iris = Iris(mapped.base)
    fixed = {str(iris.graph("ontology")), str(iris.graph("vocabularies"))}
    if fixed & set(change.graphs) or any(_has_blank_node(t) for t in change.triples):
        return None
    shapes_graph = worded_shapes(read_shapes(shapes))
    reach = shapes_reach(shapes_graph)
    if not reach.local:
        return None
    store = ox.Store.read_only(str(store_folder))
    backward = {ox.NamedNode(p) for p in reach.backward}
    focus = affected_nodes(store, change.triples, backward)
    view = _view(mapped.quads, visible_subjects(store, focus, backward), fixed)
    del store
    fresh = run_engine(engine, view, shapes_graph)
    kept = Graph()
    # the blank nodes keep their labels: those of the shapes' nodes join the fresh results
    for triple in ox.parse(previous.results.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        kept.add((pyshacl_term(triple.subject), pyshacl_term(triple.predicate), pyshacl_term(triple.object)))
    rdflib_focus = {_rdflib_node(node) for node in focus}
    return report_from_results(_merged(kept, fresh, rdflib_focus), mapped.sources)


def affected_nodes(store: ox.Store, triples: Iterable[Triple], backward: set[ox.NamedNode]) -> set[OxNode]:
    """The focus nodes whose results may differ after the triples changed.

    A shape reads triples whose subject is the focus node F, a node up to ``FORWARD_STEPS``
    steps from F, or a node pointing at F through a ``backward`` predicate. So F is affected when
    a changed triple's subject s is F, one or two steps before F (F → … → s), or a node F is
    reached from through a backward predicate (s → F). Paths through a changed triple pass
    through its subject, which is affected itself; objects of changed triples are added for the
    paths that existed only before.
    """
    subjects = _nodes(t.subject for t in triples)
    found = subjects | _nodes(t.object for t in triples)
    frontier = set(subjects)
    for _ in range(FORWARD_STEPS):
        frontier = _nodes(q.subject for node in frontier for q in store.quads_for_pattern(None, None, node))
        found |= frontier
    for node in subjects:
        for predicate in backward:
            found |= _nodes(q.object for q in store.quads_for_pattern(node, predicate, None))
    return found


def _nodes(terms: Iterable[object]) -> set[OxNode]:
    """The IRIs and blank nodes among ``terms``."""
    return {t for t in terms if isinstance(t, (ox.NamedNode, ox.BlankNode))}


def visible_subjects(store: ox.Store, focus: set[OxNode], backward: set[ox.NamedNode]) -> set[OxNode]:
    """The nodes whose triples the shapes can read from the focus nodes (see ``Reach``)."""
    subjects = set(focus)
    frontier = set(focus)
    for _ in range(FORWARD_STEPS):
        frontier = _nodes(q.object for node in frontier for q in store.quads_for_pattern(node, None, None))
        frontier -= subjects
        subjects |= frontier
    for node in focus:
        for predicate in backward:
            subjects |= _nodes(q.subject for q in store.quads_for_pattern(None, predicate, node))
    return subjects


def _view(quads: Iterable[ox.Quad], subjects: set[OxNode], fixed: set[str]) -> bytes:
    """N-Triples of the triples about ``subjects`` and of the graphs ``fixed`` (ontology, vocabularies).

    Taken from the mapped quads, not the store: the store gives some literals back in another
    datatype (an xsd:positiveInteger as an xsd:integer), which the shapes would see.
    """
    fixed_graphs = {ox.NamedNode(graph) for graph in fixed}
    triples = {q.triple for q in quads if q.subject in subjects or q.graph_name in fixed_graphs}
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""


def _merged(kept: Graph, fresh: Graph, focus: set[Node]) -> Graph:
    """The kept results but those about ``focus``, and the fresh results about ``focus`` only."""
    merged = Graph()
    report = BNode()
    merged.add((report, RDF.type, SH.ValidationReport))
    violation = False
    copied: set[Node] = set()  # a shape's blank nodes (its path) come once, from the first source
    for source, about_focus in ((kept, False), (fresh, True)):
        for result in source.objects(None, SH.result):
            if (source.value(result, SH.focusNode) in focus) != about_focus:
                continue
            merged.add((report, SH.result, result))
            violation |= source.value(result, SH.resultSeverity) == SH.Violation
            for triple in _closure(source, result, copied):
                merged.add(triple)
    merged.add((report, SH.conforms, Literal(not violation)))
    return merged


def _closure(graph: Graph, node: Node, copied: set[Node]) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of ``node`` and of the blank nodes it leads to (nested results, paths), but
    those of blank nodes in ``copied``, which it extends.

    The engines write a sequence path anew for each run below its first node, whose label is the
    shape's (stable); so a path is taken whole from one run only."""
    todo = [node]
    while todo:
        for triple in graph.triples((todo.pop(), None, None)):
            yield triple
            if isinstance(triple[2], BNode) and triple[2] not in copied:
                copied.add(triple[2])
                todo.append(triple[2])


def _has_blank_node(triple: Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _rdflib_node(node: OxNode) -> Node:
    return URIRef(node.value) if isinstance(node, ox.NamedNode) else BNode(node.value)
