"""The authoring commands composed: schema, templates, imports, scaffolds, drafts, reconciliation, synthesis.

Each function reads what it needs from the project and returns what it wrote, for ``kg`` and notebooks:

    from kg import pipeline
    for candidate in pipeline.reconcile():
        print(candidate.describe())
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.authoring import reconcile as reconciliation
from kg.authoring import spreadsheet
from kg.authoring import synth as synthetic
from kg.authoring.files import read_text_file
from kg.authoring.loader import load_corpus
from kg.authoring.scaffold import new_case_file, placeholders
from kg.authoring.schema import schema_json
from kg.authoring.vocab import read_vocabularies
from kg.project.paths import ProjectPaths, find_project


def schema_is_current(paths: ProjectPaths | None = None) -> bool:
    """Whether the committed JSON Schema of the authoring format is what the vocabularies give now."""
    paths = paths or find_project()
    target = paths.schema
    return target.is_file() and target.read_text(encoding="utf-8") == schema_json(
        read_vocabularies(paths.vocabularies)
    )


def write_schema(paths: ProjectPaths | None = None) -> Path:
    """Write ``data/schema/hamkori-authoring.schema.json`` from the vocabularies; its path."""
    paths = paths or find_project()
    target = paths.schema
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_json(read_vocabularies(paths.vocabularies)), encoding="utf-8")
    return target


def write_templates(paths: ProjectPaths | None = None, folder: Path | None = None) -> list[Path]:
    """Write the CSV and XLSX templates into ``folder`` (default: ``data/templates/``); the files written."""
    paths = paths or find_project()
    return spreadsheet.write_templates(
        folder or paths.data / "templates", read_vocabularies(paths.vocabularies)
    )


@dataclass(frozen=True)
class Imported:
    """The authoring files made from filled templates, and where they were written (nothing on a dry run)."""

    files: dict[str, str]  # path relative to data/ → YAML text
    written: list[Path]


def import_spreadsheets(paths: ProjectPaths | None, source: Path, *, write: bool = True) -> Imported:
    """Check filled templates (a workbook or a folder of CSV files) against the vocabularies and the
    project's records, and write their authoring files into ``data/`` unless ``write=False``.

    Raises:
        InputError: listing every problem, each with its sheet, row and column; nothing is written.
        UsageError: ``source`` is neither a workbook nor a folder of CSV files.
        FileExistsError: one of the files exists; nothing is written.
    """
    paths = paths or find_project()
    files = spreadsheet.import_tables(source, read_vocabularies(paths.vocabularies), load_corpus(paths))
    written = spreadsheet.write_imported(files, paths.data) if write else []
    return Imported(files, written)


@dataclass(frozen=True)
class NewCase:
    """The scaffold of a case study, and the placeholders left in it to fill in."""

    path: Path
    placeholders: list[str]


def new_case(
    paths: ProjectPaths | None,
    case_id: str,
    *,
    number: int,
    title: str | None = None,
    region: str | None = None,
    organization: str | None = None,
) -> NewCase:
    """Write ``data/cases/NN-case_id.yaml`` with a placeholder and a comment for every field.

    Raises:
        FileExistsError: the file exists already.
    """
    paths = paths or find_project()
    path = new_case_file(
        paths.data / "cases",
        read_vocabularies(paths.vocabularies),
        case_id,
        number,
        title=title,
        region=region,
        organization=organization,
    )
    return NewCase(path, placeholders(path.read_text(encoding="utf-8")))


def reconcile(
    paths: ProjectPaths | None = None, *, threshold: float = 88.0
) -> list[reconciliation.Candidate]:
    """Likely duplicate entities and unlisted spellings, best first, leaving out what
    ``data/registry/reconciliation.yaml`` settles; ``threshold``: similarity 0-100.

    Raises:
        InputError: an authoring file has problems.
    """
    corpus, decisions = reconciliation.load_for_review(paths or find_project())
    return reconciliation.find_candidates(corpus, decisions, threshold=threshold)


def draft(
    source: Path,
    paths: ProjectPaths | None = None,
    *,
    out: Path | None = None,
    first_number: int | None = None,
    registry_only: bool = False,
    report: Path | None = None,
) -> list[Path]:
    """Draft authoring files from the plain text ``source``, one per case study, into ``out``
    (default: ``data/drafts/``), names linked to the project's records (``registry_only``: to
    ``data/registry/`` only); numbered from ``first_number`` (default: after the last case study).
    ``report``: also write the review page there (``Path("")``: ``SOURCE-review.html`` beside the drafts).

    Raises:
        InputError: an authoring file of the project has problems, or ``source`` is no UTF-8 text file.
        FileExistsError: a draft of the same name is already there.
    """
    from kg.extract.extractor import Registry, extract, write_drafts

    paths = paths or find_project()
    corpus = load_corpus(paths)
    registry = Registry.from_corpus(corpus, include_cases=not registry_only)
    text = read_text_file(source)
    drafts = extract(text, registry, first_number=first_number or len(corpus.cases) + 1)
    folder = out or paths.data / "drafts"
    written = write_drafts(drafts, folder, source=source.name)
    if report is not None:
        from kg.extract.review import write_review

        page = report if report != Path("") else folder / f"{source.stem}-review.html"
        written.append(write_review(text, drafts, page, source=source.name))
    return written


def synthesize(
    folder: Path, *, cases: int | None = None, triples: int = 100_000, seed: int = 1
) -> synthetic.SynthStats:
    """Write a synthetic project of ``cases`` case studies (default: as many as give about ``triples``
    triples) into ``folder``; seeded and deterministic."""
    return synthetic.synthesize(folder, cases=cases or synthetic.cases_for_triples(triples), seed=seed)
