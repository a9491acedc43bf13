"""Where a Hamkori project keeps its inputs and outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError

HAMKORI_HOME = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of a project: ``data/``, ``ontology/``, ``shapes/``, ``queries/`` and ``build/``.

    A project that has only ``data/`` uses Hamkori's own ontology, shapes and queries.
    """

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    def _own_or_hamkori(self, relative: str) -> Path:
        own = self.root / relative
        if own.exists():
            return own
        shared = HAMKORI_HOME / relative
        if shared.exists():
            return shared
        raise UsageError(f"{own} is missing, and Hamkori's own copy is not at {shared}")

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def ontology(self) -> Path:
        return self._own_or_hamkori("ontology/hamkori.ttl")

    @property
    def vocabularies(self) -> Path:
        return self._own_or_hamkori("ontology/vocabularies.ttl")

    @property
    def shapes(self) -> Path:
        return self._own_or_hamkori("shapes")

    @property
    def queries(self) -> Path:
        return self._own_or_hamkori("queries")

    @property
    def schema(self) -> Path:
        return self.data / "schema" / "hamkori-authoring.schema.json"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def authoring_files(self) -> list[Path]:
        """Registry files first, then case studies, each group in name order."""
        return sorted((self.data / "registry").glob("*.yaml")) + sorted((self.data / "cases").glob("*.yaml"))

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def find_project(start: Path | None = None) -> ProjectPaths:
    """The project containing ``start`` (default: the working directory), else the one this package sits in.

    Raises:
        UsageError: when neither has a ``data/`` folder with ``registry/`` in it.
    """
    candidates = [(start or Path.cwd()).resolve()]
    candidates += list(candidates[0].parents)
    candidates.append(HAMKORI_HOME)
    for folder in candidates:
        if (folder / "data" / "registry").is_dir():
            return ProjectPaths(folder)
    raise UsageError(
        f"no Hamkori project found at {candidates[0]} or above it: "
        "run kg inside a folder with data/registry/, or pass --project DIR"
    )
