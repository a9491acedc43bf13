"""The embedded store: Oxigraph (pyoxigraph), on disk under build/ or in memory.

rdflib's own SPARQL engine is orders of magnitude slower on analytic queries; Oxigraph is a
Rust engine with the same standard semantics.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import UsageError
from kg.rdf.quads import nquads
from kg.rdf.terms import Term, to_rdflib
from kg.store.table import Table

# Written by `kg build` beside the RocksDB files: the digest of each named graph the store was
# filled from (kg.validation.incremental). Anything else that writes to the store removes it.
STATE_FILE = "hamkori-state.json"


class OxigraphStore:
    """An Oxigraph store; ``path=None`` keeps it in memory (tests and notebooks)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.name = "oxigraph" if path else "memory"
        if path is None:
            self._store = ox.Store()
        elif read_only:
            if not path.is_dir():
                raise UsageError(f"no embedded store at {path}: run `kg build` first")
            self._store = ox.Store.read_only(str(path))
        else:
            self._store = ox.Store(str(path))

    def _changing(self) -> None:
        """Forget which graphs ``kg build`` filled the store from: its content is about to differ."""
        if self.path is not None:
            (self.path / STATE_FILE).unlink(missing_ok=True)

    def load(self, dataset: Dataset) -> None:
        self._changing()
        graphs = {URIRef(str(g.identifier)) for g in dataset.graphs() if len(g)}
        for name in graphs:
            self._store.remove_graph(ox.NamedNode(str(name)))
        self._store.bulk_load(nquads(dataset).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        self._store.flush()

    def load_nquads(self, data: bytes) -> None:
        self._changing()
        self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._store.flush()

    def load_dump(self, path: Path) -> None:
        """Bulk-load an N-Quads file (``build/dumps/hamkori.nq``)."""
        self._changing()
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        self._store.flush()

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._changing()
        self._store.bulk_extend(quads)
        self._store.flush()

    def raw(self, query: str) -> Any:
        """pyoxigraph's own result object (solutions, boolean or triples)."""
        try:
            return self._store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise UsageError(f"the query is not valid SPARQL: {exc}") from None

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update (only ``kg serve`` with updates enabled does this)."""
        self._changing()
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise UsageError(f"the update is not valid SPARQL: {exc}") from None
        self._store.flush()

    def select(self, query: str) -> Table:
        solutions = self.raw(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("only SELECT queries give a table")
        columns = tuple(v.value for v in solutions.variables)
        # Listings repeat IRIs and small literals row after row: each is converted once.
        converted: dict[Any, Term | None] = {None: None}

        def term(value: Any) -> Term | None:
            found = converted.get(value, converted)
            if found is converted:
                found = converted[value] = to_rdflib(value)
            return found  # type: ignore[return-value]

        rows = tuple(tuple(term(solution[c]) for c in columns) for solution in solutions)
        return Table(columns, rows)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def close(self) -> None:
        del self._store
