"""Where a Hamkori project keeps its inputs (``ProjectPaths``) and its outputs (``BuildLayout``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.project.generations import sibling

HAMKORI_HOME = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuildLayout:
    """The folders of a build, named once: every stage that writes or reads one asks here.

    ``root`` is ``build/`` in the project, or the folder of ``kg build --out``.

        layout = find_project().layout()
        layout.dumps / "hamkori.nq"
    """

    root: Path

    @property
    def dumps(self) -> Path:
        """The dataset in every RDF format (``kg build``)."""
        return self.root / "dumps"

    @property
    def store(self) -> Path:
        """The embedded Oxigraph store (``kg build``)."""
        return self.root / "store"

    @property
    def validation(self) -> Path:
        """The validation report (``kg build``)."""
        return self.root / "validation"

    @property
    def analysis(self) -> Path:
        """The network analysis report, tables and charts (``kg analyze``)."""
        return self.root / "analysis"

    @property
    def viz(self) -> Path:
        """The interactive network pages (``kg viz``)."""
        return self.root / "viz"

    @property
    def site(self) -> Path:
        """The linked-data site (``kg publish``)."""
        return self.root / "site"

    @property
    def releases(self) -> Path:
        """Versioned copies of the dumps with checksums (``kg publish --release``)."""
        return self.root / "releases"

    @property
    def cache(self) -> Path:
        """Parsed files, mapped graphs and validation results kept between builds.

        Beside the build folder (``.build-cache/``), not in it: a build that fails or is stopped
        changes nothing in the build folder, and every entry is written whole under a name that its
        inputs determine, so a cache shared by stopped and running builds is never read wrong.
        """
        return sibling(self.root, "-cache")

    @property
    def ontology_cache(self) -> Path:
        """The pyLODE page of the ontology, made again only when the ontology changes."""
        return self.cache / "pylode"


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

    def layout(self, out: Path | None = None) -> BuildLayout:
        """The folders of the build in ``out``, by default ``build/`` in the project."""
        return BuildLayout(out or self.build)

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
