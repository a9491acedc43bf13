"""``kg push`` composed: the validated dataset into a remote store, one named graph at a time.

from kg import pipeline
from kg.store import open_store
store = open_store("sparql", endpoint="http://127.0.0.1:8890/sparql", user="dba", password="…")
result = pipeline.push(store)      # raises InvalidData, and sends nothing, when the data has violations
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import HamkoriError
from kg.pipeline.stages import Progress, load_and_map, quiet
from kg.project.paths import ProjectPaths, find_project
from kg.rdf.namespaces import DEFAULT_BASE
from kg.rdf.quads import named_graphs
from kg.store import Store
from kg.validation.engines import ValidationReport, validate_dataset


class InvalidData(HamkoriError):
    """The data does not conform to the shapes, so nothing was pushed; ``report`` says why."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        count = len(report.violations)
        super().__init__(f"the data has {count} violation{'s' if count != 1 else ''}; nothing was pushed")


@dataclass(frozen=True)
class PushResult:
    graphs: dict[str, tuple[int, int]]  # graph → (triples sent, triples counted in the store)
    report: ValidationReport  # the validation of what was pushed (violations only with allow_invalid)

    @property
    def ok(self) -> bool:
        return all(sent == counted for sent, counted in self.graphs.values())


def push(
    store: Store,
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    allow_invalid: bool = False,
    progress: Progress = quiet,
) -> PushResult:
    """Validate the dataset, load it into a (remote) store one named graph at a time, check the counts.

    The data is validated first (the ``fast`` engine, the project's shapes), and with violations
    nothing is sent unless ``allow_invalid``. Each graph is replaced so that it is only ever old
    or new, even when the push or the store is killed (``SparqlEndpointStore.replace_graph``);
    when ``store.load`` returns the store has made the data durable (Virtuoso: a checkpoint).

    Raises:
        InvalidData: when the data has violations and not ``allow_invalid``; the store is untouched.
        HamkoriError: when the store refuses or fails a request; each graph is then old or new.
    """
    paths = paths or find_project()
    _, mapped = load_and_map(paths, base=base)
    report = validate_dataset(mapped, paths.shapes)
    if report.violations and not allow_invalid:
        raise InvalidData(report)
    progress(report.summary())
    dataset = mapped.dataset
    progress(f"replacing {len(named_graphs(dataset))} graphs")
    store.load(dataset)
    counts = {}
    for name in named_graphs(dataset):
        sent = len(dataset.graph(name))
        counts[str(name)] = (sent, store.count(str(name)))
        progress(f"{name}: {sent} triples sent, {counts[str(name)][1]} in the store")
    result = PushResult(counts, report)
    if not result.ok:
        wrong = [g for g, (a, b) in counts.items() if a != b]
        raise HamkoriError(
            f"the store holds other triple counts than were sent for {len(wrong)} graph(s): {wrong[:3]}"
        )
    return result
