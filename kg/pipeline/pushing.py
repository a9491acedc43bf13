"""``kg push`` composed: the mapped dataset into a remote store, one named graph at a time."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import HamkoriError
from kg.pipeline.stages import Progress, load_and_map, quiet
from kg.project.paths import ProjectPaths
from kg.rdf.namespaces import DEFAULT_BASE
from kg.rdf.quads import named_graphs
from kg.store import Store


@dataclass(frozen=True)
class PushResult:
    graphs: dict[str, tuple[int, int]]  # graph → (triples sent, triples counted in the store)

    @property
    def ok(self) -> bool:
        return all(sent == counted for sent, counted in self.graphs.values())


def push(
    store: Store, paths: ProjectPaths | None = None, *, base: str = DEFAULT_BASE, progress: Progress = quiet
) -> PushResult:
    """Load the dataset into a (remote) store one named graph at a time, then check the counts.

    Raises:
        HamkoriError: when the store refuses or fails a request; graphs already sent stay replaced.
    """
    _, mapped = load_and_map(paths, base=base)
    dataset = mapped.dataset
    store.load(dataset)
    counts = {}
    for name in named_graphs(dataset):
        sent = len(dataset.graph(name))
        counts[str(name)] = (sent, store.count(str(name)))
        progress(f"{name}: {sent} triples sent, {counts[str(name)][1]} in the store")
    result = PushResult(counts)
    if not result.ok:
        wrong = [g for g, (a, b) in counts.items() if a != b]
        raise HamkoriError(
            f"the store holds other triple counts than were sent for {len(wrong)} graph(s): {wrong[:3]}"
        )
    return result
