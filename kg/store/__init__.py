"""Stores behind one narrow interface, picked by name.

from kg.store import open_store
store = open_store("memory")                       # Oxigraph in memory
store = open_store("oxigraph", path=Path("build/store"))
store = open_store("sparql", endpoint="http://127.0.0.1:8890/sparql")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.store.base import Store
from kg.store.table import Table

STORES = ("oxigraph", "memory", "sparql")

__all__ = ["STORES", "Store", "Table", "open_store"]


def open_store(name: str, **options: Any) -> Store:
    """Open the store called ``name``: 'oxigraph' (on disk), 'memory' or 'sparql' (a remote endpoint).

    Raises:
        UsageError: for an unknown name, listing the known ones.
    """
    if name == "memory":
        from kg.store.embedded import OxigraphStore

        return OxigraphStore(None)
    if name == "oxigraph":
        from kg.store.embedded import OxigraphStore

        path: Path = options["path"]
        return OxigraphStore(path, read_only=bool(options.get("read_only", False)))
    if name == "sparql":
        from kg.store.remote import SparqlEndpointStore

        return SparqlEndpointStore(
            options["endpoint"],
            gsp=options.get("gsp"),
            update=options.get("update"),
            user=options.get("user"),
            password=options.get("password"),
            graphs=options.get("graphs"),
        )
    raise UsageError(f"unknown store {name!r}; known stores: {', '.join(STORES)}")
