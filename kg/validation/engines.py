"""SHACL validation with a report that points back to the case study, the record and its file.

Two engines, picked by name, give the same results (tests/test_validate_engines.py holds them to it):

- ``fast`` (the default): pyshacl-turbo, a SHACL engine in Rust, for the shapes, except node shapes that
  only carry SHACL-SPARQL constraints: Oxigraph runs those, once per focus node with ``$this`` pre-bound,
  as SHACL-SPARQL defines it, and the results are made as pySHACL makes them. (pyshacl-turbo spends
  about 5 ms a project on our aggregate constraint at 100k triples and more as the data grows: over
  two minutes at 1M, where this takes two seconds.)
- ``pyshacl``: the reference, pySHACL over an rdflib graph; minutes from 100k triples on.

Both read the union of the named graphs, with the ontology and the vocabularies in it. Where the
engines only word things differently, both are given the same words: a message for the shapes that
have none (``worded_shapes``) and computed decimals in canonical form (``_canonical_computed_decimals``).
``run_engine`` and ``report_from_results`` are the two steps of a validation, for callers that
choose the data themselves (``kg.validation.incremental``).

Exit codes, as pySHACL's: 0 conforms (warnings allowed), 1 violations; input errors are 2.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.errors import HamkoriError, UsageError
from kg.rdf.dataset import MappedDataset, SourceRef
from kg.rdf.quads import named_graphs
from kg.rdf.terms import to_rdflib

ENGINES = ("fast", "pyshacl")
UNWORDED = "does not meet its shape"  # the message of a shape that has none
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
SHAPE_NODE = "shape"  # the label prefix of the shapes' blank nodes (see read_shapes)
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a researcher needs to find and fix it."""

    severity: str
    message: str
    focus: str
    label: str | None
    case: str | None
    source: str | None
    path: str | None
    value: str | None
    shape: str | None

    def line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        case = f"[{self.case}] " if self.case else ""
        label = f"{self.label!r}: " if self.label else f"<{self.focus}>: "
        shown = self.value.removesuffix(".0") if self.value else ""
        value = f" (value: {self.value})" if shown and shown not in self.message else ""
        return f"{self.severity}: {where}{case}{label}{self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    results_graph: Graph

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Warning")

    @property
    def conforms(self) -> bool:
        """True when there is no violation; warnings are the book's own inconsistencies and allowed."""
        return not self.violations

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return f"The dataset {verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)."

    def to_text(self) -> str:
        lines = [self.summary(), ""]
        lines += [finding.line() for finding in self.findings]
        return "\n".join(lines).rstrip() + "\n"

    def to_json(self) -> str:
        counts = Counter(f.severity for f in self.findings)
        document = {
            "conforms": self.conforms,
            "counts": {
                "violations": counts["Violation"],
                "warnings": counts["Warning"],
                "info": counts["Info"],
            },
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def ntriples(self) -> str:
        """The SHACL results graph, canonical (see ``results_ntriples``); what report.nt holds."""
        return results_ntriples(self.results_graph)

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.txt").write_text(self.to_text(), encoding="utf-8")
        (folder / "report.json").write_text(self.to_json(), encoding="utf-8")
        (folder / "report.nt").write_text(self.ntriples(), encoding="utf-8")


def results_ntriples(graph: Graph) -> str:
    """The SHACL results graph as sorted N-Triples, its blank nodes labelled canonically.

    The engines' results are blank nodes with random labels; W3C RDF Dataset Canonicalization
    (RDFC-1.0, Oxigraph's) labels them by their content, so the same results give the same
    bytes. (rdflib's canonical labelling took 7 s for the 400 warnings of a 1M-triple dataset.)
    """
    dataset = ox.Dataset(
        ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = (ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    return "".join(sorted(f"{line}\n" for line in text.splitlines() if line.strip()))


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs in one graph: facts in a case study refer to registry entries."""
    union = Graph()
    for name in named_graphs(dataset):
        for triple in dataset.graph(name):
            union.add(triple)
    return union


def read_shapes(folder: Path) -> Graph:
    """Every shapes file of ``folder`` in one graph, its blank nodes labelled canonically.

    The results point at blank-node shapes and paths; with the same labels in every run, results
    kept from an earlier run and fresh ones point at the same nodes (``kg.validation.incremental``).
    """
    parsed = Graph()
    for path in sorted(folder.glob("*.ttl")):
        parsed.parse(path, format="turtle")
    dataset = ox.Dataset(
        ox.parse(parsed.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    shapes = Graph()
    for prefix, namespace in parsed.namespaces():
        shapes.bind(prefix, namespace)

    def term(node: OxTerm) -> Node:
        return BNode(f"{SHAPE_NODE}{node.value}") if isinstance(node, ox.BlankNode) else pyshacl_term(node)

    for quad in dataset:
        shapes.add((term(quad.subject), pyshacl_term(quad.predicate), term(quad.object)))
    return shapes


def validate_dataset(
    data: MappedDataset | Dataset,
    shapes: Path,
    sources: Mapping[str, SourceRef] | None = None,
    *,
    engine: str = "fast",
) -> ValidationReport:
    """Validate the union of the named graphs against every shapes file in the folder ``shapes``.

    ``sources`` (where each resource's record is) defaults to the mapped dataset's own.

    Raises:
        UsageError: for an engine not in ``ENGINES``.
    """
    _check(engine)
    if isinstance(data, MappedDataset):
        sources = data.sources if sources is None else sources
        ntriples = ox.serialize((quad.triple for quad in data.quads), format=ox.RdfFormat.N_TRIPLES) or b""
    else:
        ntriples = union_graph(data).serialize(format="nt", encoding="utf-8")
    results = run_engine(engine, ntriples, worded_shapes(read_shapes(shapes)))
    return report_from_results(results, sources or {})


def validate_graph(
    data: Graph, shapes: Graph, sources: Mapping[str, SourceRef] | None = None, *, engine: str = "fast"
) -> ValidationReport:
    """Validate ``data`` (which must hold the ontology and vocabularies too) against ``shapes``.

    Raises:
        UsageError: for an engine not in ``ENGINES``.
    """
    _check(engine)
    return report_from_results(run_engine(engine, data, worded_shapes(shapes)), sources or {})


# The parameters of SHACL's core constraint components but sh:property (whose shapes report for
# themselves) and sh:sparql (whose results pySHACL leaves without a message when none is given).
_CONSTRAINT_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minExclusive,
    SH.minInclusive,
    SH.maxExclusive,
    SH.maxInclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.node,
    SH.qualifiedValueShape,
    SH.closed,
    SH.hasValue,
    SH["in"],
}


def worded_shapes(shapes: Graph) -> Graph:
    """A copy of ``shapes`` in which every shape with a constraint has a message.

    For a shape without sh:message each engine writes a message of its own (pySHACL: "Node … does
    not contain a value in the set: […]", pyshacl-turbo: "HasValueConstraintComponent violated at
    …"); with this one, both report the same words. Shapes should carry their own message.
    """
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace)
    for triple in shapes:
        copy.add(triple)
    for shape in {s for s, p in shapes.subject_predicates() if p in _CONSTRAINT_PARAMETERS}:
        if (shape, SH.message, None) not in shapes:
            copy.add((shape, SH.message, Literal(UNWORDED)))
    return copy


def _check(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; known engines: {', '.join(ENGINES)}")


def run_engine(engine: str, data: bytes | Graph, shapes: Graph) -> Graph:
    """The SHACL results graph of the engine named ``engine`` for ``data`` (N-Triples or a graph,
    the ontology and vocabularies in it) against ``shapes`` (``worded_shapes`` gives both engines
    the same messages).

    Raises:
        UsageError: for an engine not in ``ENGINES``.
    """
    _check(engine)
    if engine == "pyshacl":
        return _pyshacl(data if isinstance(data, Graph) else Graph().parse(data=data, format="nt"), shapes)
    return _fast(data if isinstance(data, bytes) else data.serialize(format="nt", encoding="utf-8"), shapes)


def report_from_results(results: Graph, sources: Mapping[str, SourceRef]) -> ValidationReport:
    """The report of a SHACL results graph (which it edits: computed decimals in canonical form),
    each finding pointing at the record of its focus node in ``sources``."""
    _canonical_computed_decimals(results)
    return ValidationReport(tuple(_findings(results, sources)), results)


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate  # imported here: importing pySHACL alone takes a second

    _, results, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    return results  # type: ignore[no-any-return]


def _fast(ntriples: bytes, shapes: Graph) -> Graph:
    """pyshacl-turbo for the shapes, Oxigraph for the SHACL-SPARQL node shapes it would be slow on.

    Both release the GIL, so pyshacl-turbo runs in a thread while Oxigraph loads and queries.
    """
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input  # text input: the engine parses it without rdflib

    sparql = list(_sparql_node_shapes(shapes))
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    left_out = {shape.node for shape in sparql}
    for triple in shapes:
        if triple[0] not in left_out:
            core.add(triple)
    program = pyshacl_turbo.compile_shapes(core, advanced=True)  # type: ignore[no-untyped-call]
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(
            program.validate, Input(ntriples.decode("utf-8"), "nt", None, {}), allow_warnings=True
        )
        sparql_results = Graph()
        sparql_conforms = True
        if sparql:
            # A SPARQL query only matches triples with the predicates it names: the store needs
            # only those (a tenth of the data at 1M triples, and a tenth of the memory).
            store = ox.Store()
            store.bulk_load(
                _with_predicates(ntriples, _predicates_read(sparql)), format=ox.RdfFormat.N_TRIPLES
            )
            for shape in sparql:
                sparql_conforms = shape.validate(store, sparql_results) and sparql_conforms
            del store  # hundreds of MB at 1M triples, while pyshacl-turbo may still be at its peak
        conforms, results, _ = running.result()
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    for result in sparql_results.subjects(RDF.type, SH.ValidationResult):
        results.add((report, SH.result, result))
    for triple in sparql_results:
        results.add(triple)
    results.set((report, SH.conforms, Literal(conforms and sparql_conforms)))
    return results  # type: ignore[no-any-return]


# --- SHACL-SPARQL node shapes on Oxigraph -------------------------------------------------------

# What a node shape may carry for Oxigraph to validate it; any other shape stays with pyshacl-turbo.
_SHAPE_KEYS = {
    RDF.type, SH.target, SH.sparql, SH.severity, SH.message, SH.deactivated,
    RDFS.label, RDFS.comment, SH.name, SH.description,
}  # fmt: skip
_CONSTRAINT_KEYS = {RDF.type, SH.select, SH.prefixes, SH.message, SH.deactivated, RDFS.label, RDFS.comment}
_TARGET_KEYS = {RDF.type, SH.select, SH.prefixes}
_SPECIAL = re.compile(r"[?$](this|currentShape|shapesGraph|value|PATH|failure)\b")


@dataclass(frozen=True)
class SparqlSelect:
    """A SELECT query with the prefixes its sh:prefixes declare."""

    text: str
    prefixes: dict[str, str]


@dataclass(frozen=True)
class _Constraint:
    node: URIRef
    select: SparqlSelect
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class _SparqlShape:
    """A node shape whose only constraints are SPARQL-based and whose targets are SPARQL targets."""

    node: URIRef
    targets: tuple[SparqlSelect, ...]
    constraints: tuple[_Constraint, ...]
    messages: tuple[Literal, ...]
    severity: URIRef

    def focus_nodes(self, store: ox.Store) -> list[OxTerm]:
        found: dict[str, OxTerm] = {}
        for target in self.targets:
            for solution in _select(store, target):
                this = solution["this"]
                if this is not None and not isinstance(this, ox.Triple):
                    found.setdefault(str(this), this)
        return [found[key] for key in sorted(found)]

    def validate(self, store: ox.Store, results: Graph) -> bool:
        """Add a result to ``results`` for each solution; False when this makes the data not conform.

        The results are made as pySHACL makes them: a result per distinct solution, ``?value`` or
        else the focus node as the value, every message of the shape and of the constraint with
        ``{?var}`` and ``{$var}`` replaced by the solution's values, as plain literals.
        """
        found = False
        for focus in self.focus_nodes(store):
            for constraint in self.constraints:
                seen: list[tuple[Node | None, Node | None, Node | None, dict[str, Node]]] = []
                for solution in _select(store, constraint.select, {"this": focus}):
                    bound = {name: pyshacl_term(term) for name, term in solution.items() if term is not None}
                    path, value = bound.pop("path", None), bound.pop("value", None)
                    this = bound.pop("this", None)
                    if (this, path, value, bound) in seen:
                        continue
                    seen.append((this, path, value, bound))
                    self._result(results, pyshacl_term(focus), this, path, value, bound, constraint)
                    found = True
        return not found or self.severity in (SH.Warning, SH.Info)

    def _result(
        self,
        results: Graph,
        focus: Node,
        this: Node | None,
        path: Node | None,
        value: Node | None,
        bound: dict[str, Node],
        constraint: _Constraint,
    ) -> None:
        # pySHACL's order: the other variables, then ?this, ?path and ?value where the query binds them.
        names = dict(bound)
        for name, term in (("this", this), ("path", path), ("value", value)):
            if term is not None:
                names[name] = term
        node = BNode()
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        results.add((node, SH.sourceShape, self.node))
        results.add((node, SH.resultSeverity, self.severity))
        results.add((node, SH.focusNode, focus))
        results.add((node, SH.value, focus if value is None else value))
        if path is not None:
            results.add((node, SH.resultPath, path))
        results.add((node, SH.sourceConstraint, constraint.node))
        for message in {*self.messages, *constraint.messages}:
            text = str(message)
            for name, term in names.items():
                text = re.sub(f"{{[?$]{name}}}", str(term), text)
            results.add((node, SH.resultMessage, Literal(text)))


def _sparql_node_shapes(shapes: Graph) -> Iterator[_SparqlShape]:
    """The shapes Oxigraph can validate exactly as pySHACL does; see ``_SHAPE_KEYS``.

    A shape that another one refers to (with sh:node, say) stays with pyshacl-turbo, which must
    see it.
    """
    referenced = set(shapes.objects())
    for node in sorted({s for s in shapes.subjects(SH.sparql, None) if isinstance(s, URIRef)}):
        keys = set(shapes.predicates(node))
        if not keys <= _SHAPE_KEYS or node in referenced or _deactivated(shapes, node):
            continue
        if set(shapes.objects(node, RDF.type)) - {SH.NodeShape}:
            continue
        targets = [_target(shapes, t) for t in shapes.objects(node, SH.target)]
        constraints = [_constraint(shapes, c) for c in shapes.objects(node, SH.sparql)]
        if not targets or None in targets or None in constraints:
            continue
        severity = shapes.value(node, SH.severity) or SH.Violation
        yield _SparqlShape(
            node=node,
            targets=tuple(t for t in targets if t),
            constraints=tuple(c for c in constraints if c and not _deactivated(shapes, c.node)),
            messages=tuple(_messages(shapes, node)),
            severity=severity,  # type: ignore[arg-type]
        )


def _deactivated(shapes: Graph, node: Node) -> bool:
    return any(isinstance(v, Literal) and v.value is True for v in shapes.objects(node, SH.deactivated))


def _messages(shapes: Graph, node: Node) -> list[Literal]:
    return [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]


def _target(shapes: Graph, node: Node) -> SparqlSelect | None:
    if set(shapes.objects(node, RDF.type)) != {SH.SPARQLTarget}:
        return None
    if not set(shapes.predicates(node)) <= _TARGET_KEYS:
        return None
    return sparql_select(shapes, node)


def _constraint(shapes: Graph, node: Node) -> _Constraint | None:
    if not isinstance(node, URIRef) or not set(shapes.predicates(node)) <= _CONSTRAINT_KEYS:
        return None
    select = sparql_select(shapes, node)
    # $this is pre-bound below and ?value is an ordinary variable in a node shape; the other
    # pre-bound variables and ?failure are left to pyshacl-turbo.
    if select is None or {m.group(1) for m in _SPECIAL.finditer(select.text)} - {"this", "value"}:
        return None
    return _Constraint(node, select, tuple(_messages(shapes, node)))


def sparql_select(shapes: Graph, node: Node) -> SparqlSelect | None:
    """The sh:select of a SPARQL constraint or target, with the prefixes pySHACL would declare
    for it; None unless it has exactly one."""
    texts = list(shapes.objects(node, SH.select))
    if len(texts) != 1 or not isinstance(texts[0], Literal):
        return None
    ontologies = set(shapes.subjects(RDF.type, OWL.Ontology))
    everywhere = {d for o in ontologies for d in shapes.objects(o, SH.declare)}
    prefixes: dict[str, str] = {}
    for holder in shapes.objects(node, SH.prefixes):
        own = set(shapes.objects(holder, SH.declare))
        for declaration in own if own and holder in ontologies else own | everywhere:
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    return SparqlSelect(str(texts[0]), prefixes)


def triple_patterns(query: SparqlSelect) -> list[tuple[Node, Node, Node]]:
    """Every triple pattern of a SELECT, those in FILTER (NOT) EXISTS and sub-queries too.

    Raises:
        ValueError: when the query does not parse, or holds patterns in a form not known here.
    """
    return list(_parsed_patterns(query.text, tuple(sorted(query.prefixes.items()))))


@lru_cache(maxsize=64)  # the shape analysis and the SPARQL store's filter both ask, per build
def _parsed_patterns(text: str, prefixes: tuple[tuple[str, str], ...]) -> tuple[tuple[Node, Node, Node], ...]:
    from rdflib.plugins.sparql import prepareQuery  # here: importing it takes a quarter of a second

    try:
        algebra = prepareQuery(text, initNs=dict(prefixes)).algebra
    except Exception as error:  # rdflib raises plain Exceptions for unknown prefixes
        raise ValueError(f"does not parse: {error}") from error
    return tuple(_patterns(algebra))


def _patterns(algebra: object) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(algebra, dict):
        name = getattr(algebra, "name", None)
        if name == "BGP":
            yield from algebra["triples"]
        elif name == "TriplesBlock":  # inside FILTER (NOT) EXISTS, as parsed: s p o s p o … per block
            for terms in algebra["triples"]:
                if len(terms) % 3:
                    raise ValueError(f"has an unexpected triple block {terms}")
                yield from (tuple(terms[i : i + 3]) for i in range(0, len(terms), 3))
        for value in algebra.values():
            yield from _patterns(value)
    elif isinstance(algebra, (list, tuple)):
        for value in algebra:
            yield from _patterns(value)


def _predicates_read(shapes: Iterable[_SparqlShape]) -> set[str] | None:
    """The predicates the shapes' queries match, or None when some query may match any."""
    found: set[str] = set()
    for shape in shapes:
        for select in [*shape.targets, *(c.select for c in shape.constraints)]:
            try:
                patterns = triple_patterns(select)
            except ValueError:
                return None
            for _, predicate, _ in patterns:
                if not isinstance(predicate, URIRef):
                    return None  # a variable or a property path
                found.add(str(predicate))
    return found


def _with_predicates(ntriples: bytes, predicates: set[str] | None) -> bytes:
    """The lines of N-Triples whose predicate is one of ``predicates`` (all of them for None)."""
    if predicates is None:
        return ntriples
    wanted = {f"<{p}>".encode() for p in predicates}
    kept = []
    for line in ntriples.split(b"\n"):
        parts = line.split(b" ", 2)
        if len(parts) == 3 and parts[1] in wanted:
            kept.append(line)
        elif len(parts) < 3 and line.strip():
            return ntriples  # not one statement a line, as Oxigraph and rdflib write it: keep all
    return b"\n".join(kept) + b"\n"


def _select(
    store: ox.Store, query: SparqlSelect, bindings: Mapping[str, OxTerm] | None = None
) -> Iterator[dict[str, OxTerm | ox.Triple | None]]:
    """The solutions of a SELECT, ``bindings`` substituted for their variables before it runs.

    Raises:
        HamkoriError: when the query does not parse (an undeclared prefix, say).
    """
    try:
        solutions = store.query(
            query.text,
            prefixes=query.prefixes,
            substitutions={ox.Variable(name): term for name, term in (bindings or {}).items()},
        )
    except SyntaxError as error:
        raise HamkoriError(f"a SPARQL query in the shapes does not parse: {error}") from error
    if not isinstance(solutions, ox.QuerySolutions):
        raise HamkoriError(f"a SPARQL query in the shapes is not a SELECT: {query.text}")
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        yield {name: solution[name] for name in names}


def pyshacl_term(term: OxTerm | ox.Triple) -> Node:
    """The rdflib term pySHACL would hold for an Oxigraph term: as rdflib reads N-Triples, a plain
    literal for an ``xsd:string`` (``kg.store``'s ``to_rdflib`` keeps the datatype)."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return to_rdflib(term)  # type: ignore[return-value]  # a term, never None, for a term


def _canonical_computed_decimals(results: Graph) -> None:
    """Write the decimals SPARQL constraints compute in their canonical form (``1282``, not ``1282.0``).

    A sum of ``844.0`` and ``438.0`` is ``1282.0`` in rdflib's arithmetic and ``1282`` in Oxigraph's:
    the same number, which the report writes one way whichever engine made it.
    """
    computed = set(results.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    for result, value in list(results.subject_objects(SH.value)):
        if result in computed and isinstance(value, Literal) and value.datatype == XSD.decimal:
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                continue
            text = "0" if number.is_zero() else format(number.normalize(), "f")
            results.set((result, SH.value, Literal(text, datatype=XSD.decimal)))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _findings(results: Graph, sources: Mapping[str, SourceRef]) -> list[Finding]:
    """A finding for each result but the nested ones (``sh:detail``): a value that fails the shape
    an ``sh:node`` names is reported once, by the result about the record that holds the value,
    with that record's file and line; the nested result is about the value (a vocabulary term)."""
    findings = []
    nested = set(results.objects(None, SH.detail))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if result in nested:
            continue
        focus = results.value(result, SH.focusNode)
        severity_iri = results.value(result, SH.resultSeverity)
        severity = (
            SEVERITIES.get(severity_iri, "Violation") if isinstance(severity_iri, URIRef) else "Violation"
        )
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        ref = sources.get(str(focus))
        findings.append(
            Finding(
                severity=severity,
                message=str(message) if message else UNWORDED,
                focus=str(focus),
                label=ref.label if ref else None,
                case=ref.case if ref else None,
                source=str(ref.origin) if ref else None,
                path=_text(path) if isinstance(path, URIRef) else None,
                value=str(value) if isinstance(value, (Literal, URIRef)) else None,
                shape=_text(shape) if isinstance(shape, URIRef) else None,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}

    def where(finding: Finding) -> tuple[str, int]:
        path, _, line = (finding.source or "~:0").rpartition(":")
        return path, int(line)

    return sorted(findings, key=lambda f: (order[f.severity], where(f), f.focus, f.message, f.value or ""))


def findings_by_case(findings: Iterable[Finding]) -> dict[str, Counter[str]]:
    """Counts of findings by severity for each case study (registry findings under '(registry)')."""
    table: dict[str, Counter[str]] = {}
    for finding in findings:
        table.setdefault(finding.case or "(registry)", Counter())[finding.severity] += 1
    return table
