"""The stages composed: what ``kg build`` runs, callable from a notebook.

from kg import pipeline
result = pipeline.build()
print(result.report.summary())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.atomic import replace_directory
from kg.dump import write_dumps
from kg.load import load_corpus
from kg.mapping import MappedDataset, map_corpus
from kg.namespaces import DEFAULT_BASE
from kg.paths import ProjectPaths, find_project
from kg.records import Corpus
from kg.stats import Stats, compute_stats
from kg.validate import ValidationReport, validate_dataset

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus
    mapped: MappedDataset
    report: ValidationReport
    dumps: dict[str, Path]

    @property
    def exit_code(self) -> int:
        return self.report.exit_code


def load_and_map(
    paths: ProjectPaths | None = None, *, base: str = DEFAULT_BASE
) -> tuple[Corpus, MappedDataset]:
    """Read ``data/`` and map it to an RDF dataset with the ontology and vocabularies in it.

    Raises:
        InputError: when an authoring file has problems; nothing is mapped.
    """
    paths = paths or find_project()
    corpus = load_corpus(paths)
    return corpus, map_corpus(corpus, base=base, ontology=paths.ontology, vocabularies=paths.vocabularies)


def validate(paths: ProjectPaths | None = None, *, base: str = DEFAULT_BASE) -> ValidationReport:
    """Load, map and validate; nothing is written."""
    paths = paths or find_project()
    _, mapped = load_and_map(paths, base=base)
    return validate_dataset(mapped.dataset, paths.shapes, mapped.sources)


def stats(paths: ProjectPaths | None = None, *, base: str = DEFAULT_BASE) -> Stats:
    """Counts per class and coverage per case study of the mapped dataset."""
    _, mapped = load_and_map(paths, base=base)
    return compute_stats(mapped.dataset)


def build(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
    progress: Progress = _quiet,
) -> BuildResult:
    """Load → map → validate → write ``build/validation`` and, if the data conforms, ``build/dumps``.

    Everything is computed before anything is written, and each output folder is swapped in
    whole, so a failure leaves the previous build as it was. When validation finds violations
    the report is written but the previous dumps are kept.

    Raises:
        InputError: when an authoring file has problems; nothing is written.
    """
    paths = paths or find_project()
    out = out or paths.build
    progress(f"loading {paths.relative(paths.data)}/")
    corpus, mapped = load_and_map(paths, base=base)
    progress(f"mapped {len(corpus.cases)} case studies to {len(mapped.dataset):,} triples")
    report = validate_dataset(mapped.dataset, paths.shapes, mapped.sources)
    progress(report.summary())
    replace_directory(out / "validation", report.write)
    dumps: dict[str, Path] = {}
    if report.conforms:

        def fill(folder: Path) -> None:
            dumps.update(write_dumps(mapped.dataset, folder))

        replace_directory(out / "dumps", fill)
        dumps = {name: out / "dumps" / path.name for name, path in dumps.items()}
        progress(f"wrote {len(dumps)} files to {paths.relative(out / 'dumps')}/")
    else:
        progress("violations found: the previous dumps are kept")
    return BuildResult(corpus, mapped, report, dumps)
