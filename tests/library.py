"""The bundled query library run on a store: shared by the tests that compare stores."""

from __future__ import annotations

from kg.query.library import LibraryQuery, read_library, run_query
from kg.store import Store
from tests.conftest import REPO


def library() -> dict[str, LibraryQuery]:
    return read_library(REPO / "queries")


def calls() -> list[tuple[str, dict[str, str]]]:
    """Every library query, once without parameters (unless one is required) and once per example."""
    found = []
    for name, query in library().items():
        if query.missing({}) is None:
            found.append((name, {}))
        found += [(name, params) for params in query.example_params() if params]
    return found


def answers(store: Store) -> dict[str, list[tuple[str, ...]]]:
    """Each call's rows, normalized for comparison between engines."""
    lib = library()
    return {
        f"{name} {sorted(params.items())}": run_query(store, lib[name], params).normalized()
        for name, params in calls()
    }
