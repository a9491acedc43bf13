"""The narrow interface every store offers."""

from __future__ import annotations

from typing import Protocol

from rdflib import Dataset

from kg.store.table import Table


class Store(Protocol):
    """A SPARQL store: load a dataset, answer SELECT queries, count what it holds."""

    name: str

    def load(self, dataset: Dataset) -> None:
        """Replace each named graph of ``dataset`` in the store."""

    def select(self, query: str) -> Table:
        """Run a SELECT query; the default graph is the union of the dataset's named graphs."""

    def count(self, graph: str | None = None) -> int:
        """The number of triples in one named graph, or in all of them."""

    def close(self) -> None:
        """Release files or connections."""
