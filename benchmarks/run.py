"""Time every stage of Hamkori against the straightforward pipeline, on the same synthetic data.

    python benchmarks/run.py --sizes 10000,100000 --repeat 3
    python benchmarks/run.py --cases 2 --repeat 1            # a smoke test

For each size, ``kg.authoring.synth.synthesize`` writes a project into a temporary folder; one preparation
run maps it and leaves the dumps and an Oxigraph store there. Then every stage runs in a fresh
subprocess per repetition: the subprocess does the stage's setup (not timed), resets its memory
high-water mark (``/proc/self/clear_refs``), runs the stage, and reports the seconds and its peak
resident memory. The straightforward pipeline does the same jobs with the same libraries the
plain way: PyYAML's Python loader and jsonschema, the triples added one by one to an rdflib
Dataset and written by rdflib's serializers, an rdflib graph parsed from the dumps, rdflib's own
SPARQL engine, pySHACL over the whole graph, the same networkx code fed by rdflib, pyvis, and a
page and three rdflib serializations per resource. It runs its heavy steps in a forked child with
a time budget, so a step that would take hours prints ``>budget`` instead.

The tables are printed as Markdown; ``--json FILE`` keeps every run's numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

STAGES = (  # key, what the table calls it
    ("build", "load + map + dump"),
    ("store", "load into the store"),
    ("validate", "validation"),
    ("queries", "query library"),
    ("memqueries", "query library, store in memory"),
    ("network", "network measures"),
    ("viz", "visualization"),
    ("publish", "publication"),
    ("databuild", "kg build, data stages (cold)"),
    ("rebuild", "kg build after editing one case"),
)
# Whole-command measurements, Hamkori only: they repeat the stages above, so they stay out of
# the end-to-end sums. "memqueries" runs the query library on an in-memory copy of the store
# (pipeline.open_embedded(in_memory=True), loaded from the N-Quads dump; the load is not timed
# but noted), as a notebook session would. "databuild" is `kg build` without the network stages and the site
# (authoring files → validated dumps → store) and no cache; "rebuild" is the same command with
# the cache a previous build left, after one case study's file was edited.
COMMANDS = ("databuild", "rebuild", "memqueries")
SHARED: tuple[str, ...] = ()  # stages where the straightforward pipeline would run the same code
HAMKORI, PLAIN = "Hamkori", "straightforward"
RESULT = "BENCHMARK-RESULT "


# --- Measuring inside a worker --------------------------------------------------------------------


def peak_kib() -> int:
    """The resident-memory high-water mark of this process (VmHWM), in KiB."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    match = re.search(r"VmHWM:\s+(\d+)", status)
    return int(match.group(1)) if match else 0


def reset_peak() -> None:
    """Start the high-water mark again from the current resident size (Linux ≥ 4.0)."""
    with contextlib.suppress(OSError):  # otherwise the peak includes the setup: an upper bound
        Path("/proc/self/clear_refs").write_text("5")


def _child(conn: Any, work: Callable[[], Any]) -> None:
    reset_peak()
    start = time.perf_counter()
    value, error = None, None
    try:
        value = work()
    except Exception as exc:  # reported in the table, not raised: one failing query is a result
        error = f"{type(exc).__name__}: {exc}"[:300]
    conn.send((time.perf_counter() - start, peak_kib(), value, error))
    conn.close()


@dataclass
class Meter:
    """Time and peak memory of a stage, in this process or in forked children with a time budget."""

    seconds: float = 0.0
    peak: int = 0  # KiB
    timed_out: bool = False

    @contextmanager
    def timing(self) -> Iterator[None]:
        reset_peak()
        start = time.perf_counter()
        yield
        self.seconds += time.perf_counter() - start
        self.peak = max(self.peak, peak_kib())

    def limited(self, work: Callable[[], Any], budget: float) -> tuple[float | None, Any, str | None]:
        """Run ``work`` in a forked child for at most ``budget`` seconds: (seconds or None, value, error)."""
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, work))
        process.start()
        sender.close()
        if receiver.poll(budget):
            seconds, peak, value, error = receiver.recv()
            process.join()
            self.seconds += seconds
            self.peak = max(self.peak, peak)
            return seconds, value, error
        process.kill()
        process.join()
        self.seconds += budget
        self.timed_out = True
        return None, None, None


# --- The stages, as run inside a worker: setup first (not timed), then the timed part -------------


@dataclass(frozen=True)
class Context:
    project: Path
    work: Path
    budget: float
    stage_budget: float
    viz: str


def _mapped(ctx: Context) -> tuple[Any, Any, Any]:
    from kg.authoring.loader import load_corpus
    from kg.mapping.mapper import map_corpus
    from kg.project.paths import ProjectPaths

    paths = ProjectPaths(ctx.project)
    corpus = load_corpus(paths)
    return paths, corpus, map_corpus(corpus, ontology=paths.ontology, vocabularies=paths.vocabularies)


def _store(ctx: Context) -> Any:
    from kg.store import open_store

    return open_store("oxigraph", path=ctx.work / "store", read_only=True)


def _rdflib_dataset(ctx: Context) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(ctx.work / "build" / "dumps" / "hamkori.nq", format="nquads")
    return dataset


def _library(ctx: Context) -> dict[str, Any]:
    from kg.project.paths import ProjectPaths
    from kg.query.library import read_library

    return read_library(ProjectPaths(ctx.project).queries)


def hamkori_build(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.authoring.loader import load_corpus
    from kg.mapping.mapper import map_corpus
    from kg.outputs.dumps import write_dumps
    from kg.project.paths import ProjectPaths

    paths = ProjectPaths(ctx.project)
    out = Path(tempfile.mkdtemp(dir=ctx.work))
    with meter.timing():
        start = time.perf_counter()
        corpus = load_corpus(paths)
        loaded = time.perf_counter()
        mapped = map_corpus(corpus, ontology=paths.ontology, vocabularies=paths.vocabularies)
        done = time.perf_counter()
        write_dumps(mapped, out)
        dumped = time.perf_counter() - done
    shutil.rmtree(out)
    return {
        "triples": len(mapped),
        "load s": loaded - start,
        "map s": done - loaded,
        "dump s": dumped,
    }


def hamkori_store(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.pipeline.stages import fill_store
    from kg.store.embedded import OxigraphStore

    _, _, mapped = _mapped(ctx)
    folder = Path(tempfile.mkdtemp(dir=ctx.work)) / "store"
    with meter.timing():
        fill_store(folder, mapped)
    store = OxigraphStore(folder)
    count = store.count()
    store.close()
    shutil.rmtree(folder.parent)
    return {"quads": count}


def hamkori_validate(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.validation.engines import validate_dataset

    paths, _, mapped = _mapped(ctx)
    with meter.timing():
        report = validate_dataset(mapped, paths.shapes)
    return {"violations": len(report.violations), "warnings": len(report.warnings)}


def hamkori_queries(ctx: Context, meter: Meter) -> dict[str, Any]:
    return {"queries": _time_library(_store(ctx), _library(ctx), meter)}


def hamkori_memqueries(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.store.embedded import OxigraphStore

    store = OxigraphStore(None)
    start = time.perf_counter()
    store.load_dump(ctx.work / "build" / "dumps" / "hamkori.nq")
    loaded = time.perf_counter() - start
    return {"queries": _time_library(store, _library(ctx), meter), "load s": loaded}


def _time_library(store: Any, library: dict[str, Any], meter: Meter) -> dict[str, Any]:
    """Each library query run on ``store`` without parameters (with its first example's when it
    requires some: ``sample_params``): its seconds and rows."""
    from kg.query.library import run_query, sample_params

    queries: dict[str, Any] = {}
    with meter.timing():
        for name, query in library.items():
            start = time.perf_counter()
            rows = len(run_query(store, query, sample_params(store, query)))
            queries[name] = {"seconds": time.perf_counter() - start, "rows": rows}
    return queries


def hamkori_network(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.analysis.findings import analyze

    store = _store(ctx)
    with meter.timing():
        result = analyze(store)
    return {"actors": result.numbers["actors"], "ties": result.numbers["ties"]}


def _network_data(ctx: Context) -> tuple[Any, Any]:
    from kg.analysis.network import collaboration, read_network_data

    data = read_network_data(_store(ctx))
    return data, collaboration(data)


def hamkori_viz(ctx: Context, meter: Meter) -> dict[str, Any]:
    try:
        from kg.outputs import viz

        build_network, write_page, write_all = viz.build_network, viz.write_page, viz.write_all
    except Exception as exc:  # kg.outputs.viz is being written elsewhere; the table says so
        return {"skipped": f"kg.outputs.viz not available ({type(exc).__name__}: {exc})"}
    import networkx as nx

    data, graph = _network_data(ctx)
    out = Path(tempfile.mkdtemp(dir=ctx.work))
    if ctx.viz == "all":
        from kg.analysis.measures import centrality

        table = centrality(graph)
        with meter.timing():
            pages = write_all(data, out, centrality=table)
    else:
        sizes = nx.pagerank(graph, weight="weight")
        with meter.timing():
            net = build_network(
                graph, data, title="Collaboration network", size_by=sizes, size_label="PageRank"
            )
            pages = [write_page(net, out / "collaboration.html")]
    size = sum(p.stat().st_size for p in pages)
    shutil.rmtree(out)
    return {
        "pages": len(pages),
        "nodes": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "bytes": size,
    }


def hamkori_publish(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.outputs.site import write_site

    paths, corpus, mapped = _mapped(ctx)
    library = _library(ctx)
    out = Path(tempfile.mkdtemp(dir=ctx.work))
    with meter.timing():
        site = write_site(
            out,
            corpus=corpus,
            mapped=mapped,
            paths=paths,
            build=ctx.work / "build",
            library=library,
            cache=ctx.work / "cache",  # the pyLODE page, made once by the preparation run
        )
    shutil.rmtree(out)
    return {"resources": site.resources, "files": site.files}


def _copy_project(ctx: Context) -> Any:
    from kg.project.paths import ProjectPaths

    root = Path(tempfile.mkdtemp(dir=ctx.work)) / "project"
    shutil.copytree(ctx.project, root)
    return ProjectPaths(root)


def hamkori_databuild(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg import pipeline

    paths = _copy_project(ctx)
    with meter.timing():
        result = pipeline.build(paths, full=False, use_cache=False)
    shutil.rmtree(paths.root.parent)
    return {"conforms": result.report.conforms, "triples": len(result.mapped)}


def hamkori_rebuild(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg import pipeline

    paths = _copy_project(ctx)
    pipeline.build(paths, full=False)  # leaves the cache (not timed)
    edited = sorted((paths.data / "cases").glob("*.yaml"))[
        len(list((paths.data / "cases").glob("*.yaml"))) // 2
    ]
    text = edited.read_text(encoding="utf-8")
    title = re.search(r"^    title: (.+)$", text, re.MULTILINE)
    assert title, f"no project title in {edited}"
    edited.write_text(text.replace(title.group(0), f"{title.group(0)} (revised)", 1), encoding="utf-8")
    with meter.timing():
        result = pipeline.build(paths, full=False)
    shutil.rmtree(paths.root.parent)
    return {"conforms": result.report.conforms, "edited": edited.name}


@contextmanager
def plain_loading() -> Iterator[None]:
    """The loader with the Python YAML loader and jsonschema alone, as before libyaml and jsonschema-rs."""
    from kg.authoring import loader as load

    def strict_only(self: Any, document: Any) -> Any:
        return iter(self.strict.iter_errors(document))

    saved = load._LineLoader, load.SchemaChecker.iter_errors
    load._LineLoader, load.SchemaChecker.iter_errors = load._ExplainingLoader, strict_only  # type: ignore[misc, assignment]
    try:
        yield
    finally:
        load._LineLoader, load.SchemaChecker.iter_errors = saved  # type: ignore[misc]


def rdflib_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def plain_build(ctx: Context, meter: Meter) -> dict[str, Any]:
    """Load with the Python parsers, add every triple to an rdflib Dataset, write it with rdflib."""
    from rdflib import Dataset, URIRef

    from kg.authoring.loader import load_corpus
    from kg.mapping.mapper import map_corpus
    from kg.project.paths import ProjectPaths

    paths = ProjectPaths(ctx.project)
    out = Path(tempfile.mkdtemp(dir=ctx.work))

    def run() -> dict[str, Any]:
        with plain_loading():
            corpus = load_corpus(paths)
        mapped = map_corpus(corpus, ontology=paths.ontology, vocabularies=paths.vocabularies)
        dataset = Dataset()
        for prefix, namespace in mapped.prefixes.items():
            dataset.bind(prefix, namespace)
        for quad in mapped.quads:  # what a mapper that adds to rdflib does, triple by triple
            graph = dataset.graph(URIRef(quad.graph_name.value))
            graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
        dataset.serialize(out / "hamkori.trig", format="trig")
        dataset.serialize(out / "hamkori.nq", format="nquads")
        union = Dataset(default_union=True)
        union += dataset
        union.serialize(out / "hamkori.ttl", format="turtle")
        dataset.serialize(out / "hamkori.jsonld", format="json-ld")
        return {"triples": len(mapped)}

    _, value, error = meter.limited(run, ctx.stage_budget)
    shutil.rmtree(out)
    return value or {"error": error or f"no result within {ctx.stage_budget:.0f} s"}


def plain_publish(ctx: Context, meter: Meter) -> dict[str, Any]:
    """A page and three rdflib serializations (Turtle, N-Triples, JSON-LD) for every resource."""
    import html

    from rdflib import Graph, URIRef

    dataset = _rdflib_dataset(ctx)
    out = Path(tempfile.mkdtemp(dir=ctx.work))

    def run() -> dict[str, int]:
        files = 0
        subjects = sorted({s for s in dataset.subjects() if isinstance(s, URIRef) and "/id/" in s})
        for number, subject in enumerate(subjects):
            graph = Graph()
            for triple in dataset.triples((subject, None, None)):
                graph.add(triple)
            stem = out / f"{number}"
            graph.serialize(f"{stem}.ttl", format="turtle")
            graph.serialize(f"{stem}.nt", format="nt")
            graph.serialize(f"{stem}.jsonld", format="json-ld")
            rows = "".join(
                f"<tr><td>{html.escape(str(p))}</td><td>{html.escape(str(o))}</td></tr>" for _, p, o in graph
            )
            Path(f"{stem}.html").write_text(
                f"<!doctype html><title>{html.escape(str(subject))}</title><table>{rows}</table>",
                encoding="utf-8",
            )
            files += 4
        return {"resources": len(subjects), "files": files}

    _, value, error = meter.limited(run, ctx.stage_budget)
    shutil.rmtree(out)
    return value or {"error": error or f"no result within {ctx.stage_budget:.0f} s"}


def plain_store(ctx: Context, meter: Meter) -> dict[str, Any]:
    with meter.timing():
        dataset = _rdflib_dataset(ctx)
    return {"quads": sum(len(g) for g in dataset.graphs())}


def plain_validate(ctx: Context, meter: Meter) -> dict[str, Any]:
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from kg.project.paths import ProjectPaths
    from kg.validation.engines import read_shapes

    data = Graph().parse(ctx.work / "build" / "dumps" / "hamkori.ttl", format="turtle")
    shapes = read_shapes(ProjectPaths(ctx.project).shapes)

    def run() -> dict[str, int]:
        _, results, _ = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            advanced=True,
        )
        severities = [
            results.value(r, SH.resultSeverity) for r in results.subjects(RDF.type, SH.ValidationResult)
        ]
        return {"violations": severities.count(SH.Violation), "warnings": severities.count(SH.Warning)}

    _, value, error = meter.limited(run, ctx.stage_budget)
    return value or {"error": error or f"no result within {ctx.stage_budget:.0f} s"}


def _count_rows(dataset: Any, text: str) -> int:
    return len(list(dataset.query(text)))


def plain_queries(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.query.library import render, sample_params

    dataset, library = _rdflib_dataset(ctx), _library(ctx)
    queries: dict[str, Any] = {}
    for name, query in library.items():
        # The parameters Hamkori's run had (_time_library): the same values from the same data.
        text = render(query, sample_params(RdflibStore(dataset), query))
        seconds, rows, error = meter.limited(partial(_count_rows, dataset, text), ctx.budget)
        if seconds is None:
            queries[name] = {"seconds": None, "timeout": ctx.budget}
        else:
            queries[name] = {"seconds": seconds, "rows": rows, **({"error": error} if error else {})}
    return {"queries": queries}


class RdflibStore:
    """kg.store.Store over an rdflib Dataset: the same network code, fed by rdflib's SPARQL engine."""

    name = "rdflib"

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    def select(self, query: str) -> Any:
        from kg.store.table import Table

        result = self.dataset.query(query)
        columns = tuple(str(v) for v in result.vars)
        return Table(columns, tuple(tuple(row) for row in result))

    def count(self, graph: str | None = None) -> int:
        return len(self.dataset)

    def load(self, dataset: Any) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


def plain_network(ctx: Context, meter: Meter) -> dict[str, Any]:
    from kg.analysis.findings import analyze

    store = RdflibStore(_rdflib_dataset(ctx))

    def run() -> dict[str, int]:
        numbers = analyze(store).numbers
        return {"actors": numbers["actors"], "ties": numbers["ties"]}

    _, value, error = meter.limited(run, ctx.stage_budget)
    return value or {"error": error or f"no result within {ctx.stage_budget:.0f} s"}


def plain_viz(ctx: Context, meter: Meter) -> dict[str, Any]:
    from pyvis.network import Network

    _, graph = _network_data(ctx)
    out = Path(tempfile.mkdtemp(dir=ctx.work)) / "collaboration.html"

    def run() -> int:
        net = Network(height="100%", width="100%", cdn_resources="in_line")
        net.from_nx(graph)
        net.write_html(str(out))
        return out.stat().st_size

    _, size, error = meter.limited(run, ctx.stage_budget)
    shutil.rmtree(out.parent)
    return {"bytes": size} if size else {"error": error or f"no result within {ctx.stage_budget:.0f} s"}


WORKERS: dict[tuple[str, str], Callable[[Context, Meter], dict[str, Any]]] = {
    ("build", HAMKORI): hamkori_build,
    ("store", HAMKORI): hamkori_store,
    ("validate", HAMKORI): hamkori_validate,
    ("queries", HAMKORI): hamkori_queries,
    ("memqueries", HAMKORI): hamkori_memqueries,
    ("network", HAMKORI): hamkori_network,
    ("viz", HAMKORI): hamkori_viz,
    ("publish", HAMKORI): hamkori_publish,
    ("databuild", HAMKORI): hamkori_databuild,
    ("rebuild", HAMKORI): hamkori_rebuild,
    ("build", PLAIN): plain_build,
    ("store", PLAIN): plain_store,
    ("validate", PLAIN): plain_validate,
    ("queries", PLAIN): plain_queries,
    ("network", PLAIN): plain_network,
    ("viz", PLAIN): plain_viz,
    ("publish", PLAIN): plain_publish,
}


def prepare(ctx: Context) -> dict[str, Any]:
    """Map the project once: dumps in work/build/dumps and an Oxigraph store in work/store."""
    from kg.outputs.dumps import write_dumps
    from kg.outputs.site import ontology_docs
    from kg.pipeline.stages import fill_store

    paths, corpus, mapped = _mapped(ctx)
    dumps = ctx.work / "build" / "dumps"
    dumps.mkdir(parents=True)
    write_dumps(mapped, dumps)
    fill_store(ctx.work / "store", mapped)
    pylode = Path(tempfile.mkdtemp(dir=ctx.work))
    ontology_docs(paths.ontology, pylode, cache=ctx.work / "cache")  # a kg build keeps it in its cache
    shutil.rmtree(pylode)
    return {"triples": len(mapped), "cases": len(corpus.cases)}


def worker(args: argparse.Namespace) -> int:
    ctx = Context(args.project, args.work, args.budget, args.stage_budget, args.viz)
    if args.worker == "prepare":
        detail = prepare(ctx)
        print(RESULT + json.dumps(detail), flush=True)
        return 0
    meter = Meter()
    detail = WORKERS[(args.worker, args.pipeline)](ctx, meter)
    result = {"seconds": meter.seconds, "peak_mib": meter.peak / 1024, "timed_out": meter.timed_out, **detail}
    print(RESULT + json.dumps(result), flush=True)
    return 0


# --- The driver --------------------------------------------------------------------------------------


def run_worker(
    args: argparse.Namespace, work: Path, project: Path, stage: str, pipeline: str
) -> dict[str, Any]:
    command = [sys.executable, os.path.abspath(__file__), "--worker", stage, "--pipeline", pipeline]
    command += ["--project", str(project), "--work", str(work), "--budget", str(args.budget)]
    command += ["--stage-budget", str(args.stage_budget), "--viz", args.viz]
    done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    found = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not found:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"benchmark worker {stage}/{pipeline} failed (exit {done.returncode}):\n{tail}")
    result: dict[str, Any] = json.loads(found[-1][len(RESULT) :])
    return result


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_size(args: argparse.Namespace, cases: int, root: Path) -> dict[str, Any]:
    from kg.authoring.synth import synthesize

    project, work = root / f"project-{cases}", root / f"work-{cases}"
    work.mkdir(parents=True)
    start = time.perf_counter()
    stats = synthesize(project, cases=cases, seed=args.seed)
    generated = time.perf_counter() - start
    prepared = run_worker(args, work, project, "prepare", HAMKORI)
    triples = int(prepared["triples"])
    say(f"{cases} case studies: generated in {generated:.1f} s, {triples:,} triples")
    size: dict[str, Any] = {"cases": cases, "triples": triples, "generate s": generated, "stages": {}}
    size.update(compare=not args.hamkori_only, budget=args.budget)
    size["records"] = {
        k: getattr(stats, k) for k in ("projects", "contributions", "partnerships", "evidence")
    }
    for stage, title in STAGES:
        for pipeline in (HAMKORI, PLAIN):
            plain_skipped = stage in SHARED or stage in COMMANDS or args.hamkori_only
            if stage not in args.stages or (pipeline == PLAIN and plain_skipped):
                continue
            runs: list[dict[str, Any]] = []
            for _ in range(args.repeat):
                runs.append(run_worker(args, work, project, stage, pipeline))
                last = runs[-1]
                if "skipped" in last or last["timed_out"] or last["seconds"] > args.max_repeat_seconds:
                    break  # a stage that takes minutes is run once: the table says how many runs
            shown = (
                "skipped" if "skipped" in last else f"{statistics.median(r['seconds'] for r in runs):.2f} s"
            )
            say(f"  {title} / {pipeline}: {shown} ({len(runs)} run(s))")
            size["stages"][f"{stage}/{pipeline}"] = runs
    return size


# --- Tables --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    stage: str
    pipeline: str
    triples: int
    runs: int
    seconds: float | None  # None: not available
    lower_bound: bool  # a budget ran out: the time is at least this
    peak: float

    def cells(self, ratio: str = "") -> list[str]:
        if self.seconds is None:
            return [self.stage, self.pipeline, str(self.triples), str(self.runs), "not available", "", "", ""]
        bound = ">" if self.lower_bound else ""
        throughput = f"{'<' if self.lower_bound else ''}{self.triples / max(self.seconds, 1e-9):.0f}"
        runs, peak = str(self.runs), f"{self.peak:.0f}"
        return [
            self.stage,
            self.pipeline,
            str(self.triples),
            runs,
            f"{bound}{self.seconds:.2f}",
            throughput,
            peak,
            ratio,
        ]


def summarize(title: str, pipeline: str, size: dict[str, Any], runs: list[dict[str, Any]]) -> Row:
    if any("skipped" in r for r in runs):
        return Row(title, pipeline, size["triples"], len(runs), None, False, 0.0)
    seconds = statistics.median(r["seconds"] for r in runs)
    bound = any(r["timed_out"] for r in runs)
    return Row(title, pipeline, size["triples"], len(runs), seconds, bound, max(r["peak_mib"] for r in runs))


def rows_of(size: dict[str, Any]) -> list[tuple[Row, Row | None]]:
    """For each stage that ran: Hamkori's row, and the straightforward pipeline's when it ran too."""
    pairs: list[tuple[Row, Row | None]] = []
    for stage, title in STAGES:
        ours = size["stages"].get(f"{stage}/{HAMKORI}")
        if ours is None:
            continue
        theirs = ours if stage in SHARED else size["stages"].get(f"{stage}/{PLAIN}")
        shown = f"{PLAIN} (same code)" if stage in SHARED else PLAIN
        plain = summarize(title, shown, size, theirs) if theirs and size["compare"] else None
        pairs.append((summarize(title, HAMKORI, size, ours), plain))
    return pairs


def ratio(hamkori: Row, plain: Row) -> str:
    if hamkori.seconds is None or plain.seconds is None:
        return ""
    return f"{'>' if plain.lower_bound else ''}{plain.seconds / max(hamkori.seconds, 1e-9):.1f}"


def table(sizes: list[dict[str, Any]]) -> str:
    header = ["stage", "pipeline", "size (triples)", "runs", "median (s)", "throughput (triples/s)"]
    header += ["peak memory (MiB)", "straightforward / Hamkori"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * 6) + "|"]
    for size in sizes:
        pairs = rows_of(size)
        for ours, theirs in pairs:
            lines.append("| " + " | ".join(ours.cells()) + " |")
            if theirs:
                lines.append("| " + " | ".join(theirs.cells(ratio(ours, theirs))) + " |")
        commands = {title for key, title in STAGES if key in COMMANDS}
        timed = [
            (h, p)
            for h, p in pairs
            if h.seconds is not None and (p is None or p.seconds is not None) and h.stage not in commands
        ]
        if len(timed) < 2:
            continue
        total = sum(h.seconds or 0.0 for h, _ in timed)
        end = Row("end to end", HAMKORI, size["triples"], 1, total, False, max(h.peak for h, _ in timed))
        lines.append("| " + " | ".join(end.cells()) + " |")
        if all(p is not None for _, p in timed):
            plain = [p for _, p in timed if p is not None]
            bound = any(p.lower_bound for p in plain)
            total = sum(p.seconds or 0.0 for p in plain)
            other = Row("end to end", PLAIN, size["triples"], 1, total, bound, max(p.peak for p in plain))
            lines.append("| " + " | ".join(other.cells(ratio(end, other))) + " |")
    return "\n".join(lines)


def query_table(size: dict[str, Any]) -> str:
    """Each library query on both engines: median seconds and the number of rows (both should agree)."""

    def medians(key: str) -> dict[str, tuple[float | None, str]]:
        runs = size["stages"].get(key) or []
        found: dict[str, tuple[float | None, str]] = {}
        for name in runs[0]["queries"] if runs else ():
            first = runs[0]["queries"][name]
            times = [r["queries"][name]["seconds"] for r in runs]
            rows = "error" if "error" in first else str(first.get("rows", ""))
            found[name] = (None, "timeout") if None in times else (statistics.median(times), rows)
        return found

    ours, theirs = medians(f"queries/{HAMKORI}"), medians(f"queries/{PLAIN}")
    memory = medians(f"memqueries/{HAMKORI}")
    if not ours:
        return ""
    budget = size["budget"]
    lines = [
        f"Query library at {size['triples']} triples (median seconds; rows each engine returned; "
        "Hamkori's store on disk, and in memory)",
        "",
        "| query | Hamkori (s) | in memory (s) | rdflib (s) | rdflib / Hamkori | rows Hamkori "
        "| rows rdflib |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (seconds, rows) in ours.items():
        fast = max(seconds or 0.0, 1e-4)
        other, other_rows = theirs.get(name, (None, "not run"))
        in_memory, memory_rows = memory.get(name, (None, ""))
        kept = "" if in_memory is None else f"{in_memory:.3f}"
        if memory_rows and memory_rows != rows:
            kept += f" (rows differ: {memory_rows})"
        if other_rows == "not run":
            shown, factor = "", ""
        elif other is None:
            shown, factor = f">{budget:.0f}", f">{budget / fast:.0f}"
        else:
            shown, factor = f"{other:.3f}", f"{other / fast:.0f}"
        lines.append(
            f"| {name} | {seconds or 0.0:.3f} | {kept} | {shown} | {factor} | {rows} | {other_rows} |"
        )
    return "\n".join(lines)


def notes(size: dict[str, Any]) -> str:
    """Where the time goes inside the stages, and whether both validators agree."""

    def first(key: str) -> dict[str, Any]:
        runs = size["stages"].get(key)
        return dict(runs[0]) if runs else {}

    lines = [
        f"- {size['cases']} case studies, {size['triples']} triples; records: {size['records']}; "
        f"generated in {size['generate s']:.1f} s."
    ]
    if build := first(f"build/{HAMKORI}"):
        lines.append(
            f"- load + map + dump (first run): load {build['load s']:.1f} s, map {build['map s']:.1f} s, "
            f"dump {build['dump s']:.1f} s."
        )
    if memory := first(f"memqueries/{HAMKORI}"):
        lines.append(
            f"- store in memory: loaded from the N-Quads dump in {memory['load s']:.1f} s (not timed)."
        )
    if ours := first(f"validate/{HAMKORI}"):
        line = f"- validation results: Hamkori {ours['violations']} violations, {ours['warnings']} warnings"
        if theirs := first(f"validate/{PLAIN}"):
            found = f"{theirs.get('violations')}, {theirs.get('warnings')}" if "error" not in theirs else ""
            line += f"; pySHACL on the parsed dump {found or theirs['error']}"
        lines.append(line + ".")
    if viz := first(f"viz/{HAMKORI}"):
        if "skipped" in viz:
            lines.append(f"- visualization: {viz['skipped']}.")
        else:
            lines.append(
                f"- visualization: {viz['pages']} page(s) of {viz['nodes']} nodes and {viz['ties']} ties, "
                f"{viz['bytes'] / 1e6:.1f} MB."
            )
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"sizes are whole numbers separated by commas, not {text!r}") from None
    if not values or min(values) < 1:
        raise SystemExit(f"sizes must be at least 1: {text!r}")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--sizes", help="sizes in triples, e.g. 10000,100000 (default 10000)")
    group.add_argument("--cases", help="sizes in case studies instead, e.g. 2,20")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per stage; the median is shown (default 3)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default 1)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per rdflib query (default 60)")
    parser.add_argument(
        "--stage-budget",
        type=float,
        default=1800.0,
        help="seconds for other straightforward steps (default 1800)",
    )
    parser.add_argument(
        "--max-repeat-seconds",
        type=float,
        default=120.0,
        help="a stage whose run takes longer is not repeated (default 120)",
    )
    parser.add_argument(
        "--viz",
        choices=("collaboration", "all"),
        default="collaboration",
        help="pages to time (default: collaboration)",
    )
    parser.add_argument(
        "--stages", default=",".join(k for k, _ in STAGES), help="stages to run (default: all of them)"
    )
    parser.add_argument("--hamkori-only", action="store_true", help="do not run the straightforward pipeline")
    parser.add_argument("--json", type=Path, help="also write every run's numbers to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and stores")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--pipeline", default=HAMKORI, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    args.stages = [stage.strip() for stage in args.stages.split(",") if stage.strip()]
    unknown = sorted(set(args.stages) - {k for k, _ in STAGES})
    if unknown:
        raise SystemExit(f"unknown stages {unknown}; known: {', '.join(k for k, _ in STAGES)}")
    from kg.authoring.synth import cases_for_triples

    cases = (
        parse_sizes(args.cases)
        if args.cases
        else [cases_for_triples(n) for n in parse_sizes(args.sizes or "10000")]
    )
    root = Path(tempfile.mkdtemp(prefix="hamkori-benchmark-"))
    try:
        sizes = [measure_size(args, n, root) for n in cases]
    finally:
        if args.keep:
            say(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"# Hamkori benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, seed {args.seed}\n")
    print(table(sizes))
    for size in sizes:
        print()
        print(notes(size))
        if queries := query_table(size):
            print()
            print(queries)
    if args.json:
        args.json.write_text(json.dumps(sizes, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
