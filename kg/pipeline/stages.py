"""The stages composed: what ``kg build`` runs, callable from a notebook.

``build`` runs every stage, the site's included; ``publish`` (the site alone, and releases) runs
``build`` first when there is no build yet, and never the other way round.

from kg import pipeline
result = pipeline.build()
print(result.report.summary())
"""

from __future__ import annotations

import gc
import multiprocessing
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from kg.analysis.findings import Analysis
from kg.analysis.findings import analyze as analyze_network
from kg.analysis.inference import PERMUTATIONS
from kg.analysis.network import read_network_data
from kg.analysis.stats import Stats, compute_stats
from kg.authoring.loader import load_corpus
from kg.authoring.records import Corpus
from kg.errors import HamkoriError, UsageError
from kg.mapping.mapper import map_corpus
from kg.outputs.dumps import DUMP_FORMATS, write_dumps
from kg.outputs.report import write_report
from kg.outputs.site import SiteResult, make_release, write_site
from kg.project.cache import Cache
from kg.project.children import die_with_parent
from kg.project.generations import new_build
from kg.project.paths import BuildLayout, ProjectPaths, find_project
from kg.query.library import LibraryQuery, check_required, read_library, resolve, run_query
from kg.rdf.dataset import Change, MappedDataset
from kg.rdf.namespaces import DEFAULT_BASE
from kg.store import Store, Table, open_store
from kg.store.embedded import OxigraphStore
from kg.store.incremental import update_store, write_store_state
from kg.validation.engines import ValidationReport, validate_dataset
from kg.validation.incremental import (
    ValidationState,
    load_validation_state,
    revalidate,
    save_validation_state,
    validation_settings,
)

Progress = Callable[[str], None]
PARALLEL_FROM = 10_000  # triples; below this stages run one after another (a fork costs more than it saves)
T = TypeVar("T")


def quiet(_: str) -> None:
    """The progress callback that says nothing."""


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
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    include_drafts: bool = False,
    cache: Cache | None = None,
) -> tuple[Corpus, MappedDataset]:
    """Read ``data/`` and map it to an RDF dataset with the ontology and vocabularies in it.

    With a ``cache`` (``kg build`` keeps one in ``.build-cache/`` beside ``build/``), unchanged files
    are not parsed again and unchanged case studies are not mapped again.

    Raises:
        InputError: when an authoring file has problems (or is a draft, unless ``include_drafts``).
    """
    paths = paths or find_project()
    with collector_paused():
        corpus = load_corpus(paths, include_drafts=include_drafts, cache=cache)
        mapped = map_corpus(
            corpus, base=base, ontology=paths.ontology, vocabularies=paths.vocabularies, cache=cache
        )
    # What was just made lives as long as the build: later collections need not walk it again.
    gc.freeze()
    return corpus, mapped


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading and mapping make millions of objects.

    Each collection walks every object made so far, so at 1M triples collections took more time
    than the work (10 s of 15). Reference counting still frees everything that is not a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    include_drafts: bool = False,
    engine: str = "fast",
) -> ValidationReport:
    """Load, map and validate with the SHACL engine ``engine`` (see ``kg.validation``); nothing is written."""
    paths = paths or find_project()
    _, mapped = load_and_map(paths, base=base, include_drafts=include_drafts)
    return validate_dataset(mapped, paths.shapes, engine=engine)


def stats(paths: ProjectPaths | None = None, *, base: str = DEFAULT_BASE) -> Stats:
    """Counts per class and coverage per case study of the mapped dataset."""
    _, mapped = load_and_map(paths, base=base)
    return compute_stats(mapped.dataset)


def build(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
    progress: Progress = quiet,
    full: bool = True,
    include_drafts: bool = False,
    engine: str = "fast",
    use_cache: bool = True,
    parallel: bool = True,
) -> BuildResult:
    """Load → map → validate → write ``build/validation``; if the data conforms, the dumps, the store
    and (unless ``full=False``) the network analysis, the network pages and the site.
    ``out``: another folder than ``build/``; its folders are those of ``BuildLayout``.

    The new build is written into a folder beside the old one and swapped in whole
    (``kg.project.generations.new_build``): a failure, or a kill at any moment, leaves the previous
    build as it was, and a second build of the same folder waits for the first. When validation
    finds violations the new build holds the new validation report and the previous dumps, store,
    analysis and site. ``engine`` names the SHACL engine
    (``kg.validation.engines.ENGINES``). Unless ``use_cache=False``, parsed files and mapped case studies
    are kept in ``.build-cache/`` and reused while unchanged, and when only some named graphs
    changed the store is updated in them and validation re-checks only what they can reach
    (``kg.validation.incremental``). With ``parallel=False`` validation and the network stages run in this
    process, one after another: slower on two cores, but the memory of one process at a time.

    Raises:
        InputError: when an authoring file has problems; nothing is written.
    """
    paths = paths or find_project()
    target = paths.layout(out)
    progress(f"loading {paths.relative(paths.data)}/")
    cache = Cache(target.cache if use_cache else None)
    corpus, mapped = load_and_map(paths, base=base, include_drafts=include_drafts, cache=cache)
    progress(f"mapped {len(corpus.cases)} case studies to {len(mapped):,} triples")
    produced = BUILD_FOLDERS if full else BUILD_FOLDERS - SITE_FOLDERS
    with new_build(target.root, produces=produced, notify=progress) as folder:
        layout = BuildLayout(folder)  # the new build, swapped in for target.root when this block ends
        report, written = _build_into(
            paths, target, layout, base, corpus, mapped, cache, progress,
            engine=engine, use_cache=use_cache, parallel=parallel, full=full,
        )  # fmt: skip
    dumps = {name: target.dumps / path.name for name, path in written.items()}
    if not report.conforms:
        progress("violations found: the previous dumps are kept")
    return BuildResult(corpus, mapped, report, dumps)


# The folders of a build that ``build`` writes; with ``full=False``, all but the site's.
BUILD_FOLDERS = frozenset({"dumps", "store", "validation", "analysis", "viz", "site"})
SITE_FOLDERS = frozenset({"analysis", "viz", "site"})


def _build_into(
    paths: ProjectPaths,
    previous: BuildLayout,
    layout: BuildLayout,
    base: str,
    corpus: Corpus,
    mapped: MappedDataset,
    cache: Cache,
    progress: Progress,
    *,
    engine: str,
    use_cache: bool,
    parallel: bool,
    full: bool,
) -> tuple[ValidationReport, dict[str, Path]]:
    """The stages of ``build`` writing into the empty build folder ``layout``; ``previous`` is the last build.

    When the data does not conform only the validation report is written (the previous build's
    other folders are carried over by ``new_build``).
    """
    settings = validation_settings(paths.shapes, engine)
    validation = partial(validate_dataset, mapped, paths.shapes, engine=engine)
    change = update_store(previous.store, layout.store, mapped) if use_cache else None
    if change is not None:
        # Only some graphs changed: the store is the previous one with those replaced, and the
        # validation re-checks what the change can reach (kg.validation.incremental).
        progress(f"{len(change.graphs)} graph(s) changed, {len(change.triples):,} triple(s)")
        validation = partial(
            revalidate_or_validate, load_validation_state(cache), settings, change, layout.store,
            mapped, paths.shapes, engine,
        )  # fmt: skip
    # Validation runs beside the dumps and the store, which are kept only when the data
    # conforms: on two cores the slowest stage then costs no extra time.
    forking = parallel and len(mapped) >= PARALLEL_FROM
    pending = in_background(validation, enabled=forking)
    try:
        layout.dumps.mkdir()
        dumps = write_dumps(mapped, layout.dumps, cache=cache)
        if change is None:
            fill_store(layout.store, mapped)
        report = pending()
    except BaseException:
        pending.abandon()
        raise
    progress(report.summary())
    report.write(layout.validation)
    save_validation_state(cache, mapped, settings, report)
    if not report.conforms:
        shutil.rmtree(layout.dumps)  # the previous build's are carried over instead
        shutil.rmtree(layout.store)
        return report, {}
    progress(f"wrote {len(dumps)} files to {paths.relative(previous.dumps)}/")
    progress(f"loaded the embedded store in {paths.relative(previous.store)}/")
    if full:
        # The network stages read the store; the site's resource pages need only the mapped data,
        # so the two run side by side and the site waits for the network pages before it links them.
        network = in_background(partial(_network_stages, layout), enabled=forking)

        def network_done() -> None:
            pages = network()
            progress(f"wrote the network analysis to {paths.relative(previous.analysis)}/")
            progress(f"wrote {pages} network pages to {paths.relative(previous.viz)}/")

        try:
            site = _write_site(paths, layout, previous, base, corpus, mapped, before_links=network_done)
        except BaseException:
            network.abandon()
            raise
        progress(f"wrote the site ({site.resources} resources) to {paths.relative(previous.site)}/")
    return report, dumps


def _network_stages(layout: BuildLayout) -> int:
    """The network analysis and the network pages of the store in ``layout``, written beside it;
    the number of pages."""
    from kg.outputs.viz import write_all

    store = open_store("oxigraph", path=layout.store, read_only=True)
    result = analyze_network(store)
    write_report(result, layout.analysis)
    centrality = result.tables.get("centrality")
    return len(write_all(result.data, layout.viz, centrality=centrality))


def in_background(work: Callable[[], T], *, enabled: bool = True) -> Pending[T]:
    """Start ``work`` in a forked process; calling what is returned waits for its result (or raises
    its error), and ``abandon()`` stops it when the caller gives up on it.

    The child inherits this process's memory (the mapped data) without copying it, and dies with
    this process however it dies. Where fork is not available, or ``enabled`` is false (small data,
    where a fork costs more than it saves), ``work`` runs when its result is asked for.
    """
    if not enabled or "fork" not in multiprocessing.get_all_start_methods():
        return Deferred(work)
    return Forked(work)


class Pending(Generic[T]):
    """Work whose result is asked for later."""

    def __call__(self) -> T:
        raise NotImplementedError

    def abandon(self) -> None:
        """Stop the work if it still runs; its result will not be asked for."""


class Deferred(Pending[T]):
    """Work run in this process when its result is asked for."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work

    def __call__(self) -> T:
        return self.work()


class Forked(Pending[T]):
    """Work running in a forked child that sends its result (or error) back through a pipe."""

    def __init__(self, work: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_run_in_child, args=(work, send), daemon=True)
        self.process.start()
        send.close()

    def __call__(self) -> T:
        try:
            succeeded, value = self.receive.recv()
        except EOFError:
            raise HamkoriError(
                f"a build stage died in its process (exit code {self.process.exitcode})"
            ) from None
        finally:
            self.receive.close()
            self.process.join()
        if not succeeded:
            raise value
        result: T = value
        return result

    def abandon(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receive.close()


def _run_in_child(work: Callable[[], Any], send: Connection) -> None:
    die_with_parent()
    try:
        outcome: tuple[bool, Any] = (True, work())
    except BaseException as exc:  # sent back to be raised in the parent
        outcome = (False, exc)
    try:
        send.send(outcome)
    except Exception as exc:  # an error that cannot be pickled is sent as its text
        send.send((False, HamkoriError(f"a build stage failed: {outcome[1]!r} ({exc})")))
    finally:
        send.close()


def fill_store(folder: Path, mapped: MappedDataset) -> None:
    """Bulk-load the mapped quads into a new Oxigraph store in ``folder`` and close it."""
    store = OxigraphStore(folder)
    store.load_quads(mapped.quads)
    store.close()
    write_store_state(folder, mapped)


def revalidate_or_validate(
    previous: ValidationState | None,
    settings: str,
    change: Change,
    store: Path,
    mapped: MappedDataset,
    shapes: Path,
    engine: str,
) -> ValidationReport:
    """Validation of what ``change`` can reach when the previous results allow it, else of everything."""
    report = revalidate(previous, settings, change, store, mapped, shapes, engine=engine)
    return report or validate_dataset(mapped, shapes, engine=engine)


def open_embedded(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
    in_memory: bool = False,
) -> Store:
    """The embedded store that ``kg build`` filled, read-only; if there is none yet, one in memory.

    With ``in_memory=True`` the built N-Quads dump is loaded into a store in memory instead: that
    takes seconds (about 5 at 1M triples) and the memory of the data, and then queries that list
    thousands of rows run several times faster than on disk (evidence-of-project at 1M: 0.8 s
    instead of 6 s). For a notebook session that runs many queries.

    Raises:
        InputError: when there is no built store and ``data/`` has problems.
    """
    paths = paths or find_project()
    layout = paths.layout(out)
    dump = layout.dumps / DUMP_FORMATS["nquads"][0]
    if in_memory and dump.is_file():
        store = OxigraphStore(None)
        store.load_dump(dump)
        return store
    if layout.store.is_dir() and not in_memory:
        return open_store("oxigraph", path=layout.store, read_only=True)
    _, mapped = load_and_map(paths, base=base)
    memory = OxigraphStore(None)
    memory.load_quads(mapped.quads)
    return memory


def library(paths: ProjectPaths | None = None) -> dict[str, LibraryQuery]:
    """The query library of ``queries/``, by name."""
    return read_library((paths or find_project()).queries)


def query(
    name_or_file: str,
    params: dict[str, str] | None = None,
    *,
    store: Store | None = None,
    paths: ProjectPaths | None = None,
    base: str = DEFAULT_BASE,
) -> Table:
    """Run a library query (or a .rq file) on a store, by default the embedded one.

    pipeline.query("organization-projects", {"org": "vo-sino"}).to_dataframe()

    Raises:
        UsageError: a required parameter left out (``search`` needs a text, ``evidence-of-project`` a
            project), or a value that names nothing of its kind in the store.
    """
    paths = paths or find_project()
    chosen = resolve(name_or_file, library(paths))
    check_required(chosen, params or {})  # before the store is opened: a required parameter left out
    return run_query(store or open_embedded(paths, base=base), chosen, params or {}, base=base)


def analyze(
    paths: ProjectPaths | None = None,
    *,
    store: Store | None = None,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
    permutations: int = PERMUTATIONS,
) -> Analysis:
    """Network analysis of the embedded store (or ``store``), written to ``build/analysis/``.

    The build folder is replaced whole, with the new analysis in it (``kg.project.generations``).
    ``permutations``: the draws of each test of significance and resamples of each interval
    (``kg.analysis.inference``); ``kg build`` takes the default.

    Raises:
        UsageError: when ``permutations`` is below 1.
    """
    if permutations < 1:
        raise UsageError(f"the number of permutations must be at least 1, not {permutations}")
    paths = paths or find_project()
    target = paths.layout(out)
    with new_build(target.root, produces={"analysis"}) as folder:
        result = analyze_network(store or open_embedded(paths, base=base, out=out), permutations=permutations)
        write_report(result, BuildLayout(folder).analysis)
    return result


def publish(
    paths: ProjectPaths | None = None,
    *,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
    release: str | None = None,
    endpoint: str | None = None,
    progress: Progress = quiet,
    loaded: tuple[Corpus, MappedDataset] | None = None,
) -> SiteResult:
    """Write the linked-data site to ``build/site/`` atomically; with ``release``, make that release first.

    Runs ``build`` first when its outputs are missing, since the site publishes them. ``loaded``:
    the corpus and mapped data when the caller has them already.

    Raises:
        InputError: when ``data/`` has problems.
        HamkoriError: when the data does not conform (nothing is published) or a release exists already.
    """
    paths = paths or find_project()
    target = paths.layout(out)
    if not target.dumps.is_dir():
        result = build(paths, base=base, out=out, progress=progress)
        if not result.report.conforms:
            raise HamkoriError("the data does not conform: fix the violations before publishing")
        loaded = loaded or (result.corpus, result.mapped)
    corpus, mapped = loaded or load_and_map(paths, base=base, cache=Cache(target.cache))
    with new_build(target.root, produces={"site"}, notify=progress) as folder:
        if release:
            try:
                make_release(folder, release)
            except ValueError as exc:
                raise HamkoriError(str(exc)) from None
            progress(f"release {release} in {paths.relative(target.releases / release)}/")
        site = _write_site(paths, BuildLayout(folder), target, base, corpus, mapped, endpoint=endpoint)
    progress(f"wrote {site.resources} resources ({site.files} files) to {paths.relative(target.site)}/")
    return SiteResult(target.site, site.resources, site.files)


def _write_site(
    paths: ProjectPaths,
    layout: BuildLayout,
    target: BuildLayout,
    base: str,
    corpus: Corpus,
    mapped: MappedDataset,
    *,
    endpoint: str | None = None,
    before_links: Callable[[], Any] | None = None,
) -> SiteResult:
    """The site written into ``layout.site`` from the mapped data and the rest of the new build in
    ``layout``; ``target`` is where that build goes (its cache holds the ontology's pages).

    ``before_links``: what to wait for before the site takes in the dumps, analysis and network pages.
    """
    return write_site(
        layout.site,
        corpus=corpus,
        mapped=mapped,
        paths=paths,
        build=layout.root,
        library=library(paths),
        base=base,
        endpoint=endpoint or f"{base}sparql",  # where `kg serve` answers on the host
        cache=target.ontology_cache,
        before_links=before_links,
    )


def visualize(
    paths: ProjectPaths | None = None,
    *,
    store: Store | None = None,
    base: str = DEFAULT_BASE,
    out: Path | None = None,
) -> list[Path]:
    """The interactive network pages, written to ``build/viz/`` (the build folder replaced whole)."""
    from kg.outputs.viz import write_all

    paths = paths or find_project()
    target = paths.layout(out)
    with new_build(target.root, produces={"viz"}) as folder:
        data = read_network_data(store or open_embedded(paths, base=base, out=out))
        written = write_all(data, BuildLayout(folder).viz)
    return [target.viz / path.relative_to(BuildLayout(folder).viz) for path in written]
