"""A store updated in the named graphs that changed, rather than filled again (``kg build`` after an edit).

The previous store is copied as a RocksDB checkpoint (hard links, nothing copied) and only the
changed graphs are replaced in it. The store folder records the digest of each graph it was
filled from (``hamkori-state.json``), so the next build knows what changed. The triples of the
union that appeared or disappeared are the change that validation re-checks
(``kg.validation.incremental``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.rdf.dataset import Change, MappedDataset, changed_graphs
from kg.store.embedded import STATE_FILE

STATE_FORMAT = 1
MAX_CHANGED_SHARE = 0.2  # past a fifth of the data changed, building from scratch is as fast


def read_store_state(folder: Path) -> dict[str, str] | None:
    """The graph digests a store folder was filled from, or None when it does not say."""
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return None
    graphs = state.get("graphs")
    return graphs if isinstance(graphs, dict) else None


def write_store_state(folder: Path, mapped: MappedDataset) -> None:
    state = {"format": STATE_FORMAT, "graphs": mapped.graph_digests}
    (folder / STATE_FILE).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def update_store(
    previous: Path, folder: Path, mapped: MappedDataset, *, max_share: float = MAX_CHANGED_SHARE
) -> Change | None:
    """Make ``folder`` (which must not exist) the previous store with the changed graphs replaced.

    Returns the change, or None, leaving ``folder`` absent, when the previous store cannot be
    used: it does not record its graphs, it cannot be opened, or the changed graphs hold more
    than ``max_share`` of the data (then a build from scratch is about as fast).
    """
    before = read_store_state(previous)
    if before is None or not mapped.graph_digests:
        return None
    graphs = changed_graphs(before, mapped.graph_digests)
    new = _quads_of(mapped.quads, graphs)
    if sum(len(q) for q in new.values()) > max_share * len(mapped):
        return None
    try:
        ox.Store.read_only(str(previous)).backup(str(folder))
    except OSError:
        return None
    store = ox.Store(str(folder))
    candidates: set[ox.Triple] = set()
    replaced = 0
    for graph in graphs:
        old = set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        replaced += len(old) + len(new[graph])
        candidates.update(quad.triple for quad in old.symmetric_difference(_as_stored(new[graph])))
    if replaced > max_share * len(mapped):
        del store
        shutil.rmtree(folder)
        return None
    present_before = {t for t in candidates if _holds(store, t)}
    for graph in graphs:
        store.remove_graph(ox.NamedNode(graph))
    store.extend(quad for graph in graphs for quad in new[graph])
    present_after = {t for t in candidates if _holds(store, t)}
    store.flush()
    del store  # closes it
    write_store_state(folder, mapped)
    return Change(before, graphs, frozenset(present_before ^ present_after))


def _quads_of(quads: Iterable[ox.Quad], graphs: Iterable[str]) -> dict[str, list[ox.Quad]]:
    found: dict[str, list[ox.Quad]] = {graph: [] for graph in graphs}
    for quad in quads:
        name = quad.graph_name
        if type(name) is ox.NamedNode and name.value in found:
            found[name.value].append(quad)
    return found


def _as_stored(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads as the store gives them back (it keeps an xsd:positiveInteger as an xsd:integer)."""
    store = ox.Store()
    store.extend(quads)
    return set(store)


def _holds(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether some graph of the store has the triple."""
    return next(store.quads_for_pattern(triple.subject, triple.predicate, triple.object), None) is not None
