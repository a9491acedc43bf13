"""Outgrowing one machine: bulk load 10 million synthetic triples into Virtuoso, then query and analyse it.

    python benchmarks/virtuoso.py                               # 10M triples in 10 chunks
    python benchmarks/virtuoso.py --triples 20000 --chunks 2    # a smoke test, under a minute

The corpus is made of ``--chunks`` independent synthetic projects (``kg.authoring.synth``), each with its own
seed (``--seed`` + chunk number) and mapped under its own base IRI (``https://w3id.org/hamkori/
synth-K/``). They are disjoint collections (no organization, place or project is shared) merged
into one store, as a researcher would merge collections that do not overlap. Each chunk is
synthesized, loaded, mapped and written as N-Quads in a forked child process and then dropped,
so memory is bounded by one chunk. Graph names are rewritten on the way out: with ``--graphs
chunk`` (the default) every chunk is one named graph ``…/graph/synth-K`` (a triple stated in the
registry and in a case study is then one triple), so queries carry a dozen ``default-graph-uri``;
with ``--graphs case`` every case study keeps a graph of its own (``…/graph/synth-K/case/ID``), as
``kg push`` would make them. The ontology and vocabulary graphs, identical in every chunk, are
written once.

A throwaway Virtuoso (``kg.testing.Virtuoso``, the tests' harness: its own folder, 127.0.0.1,
free ports) gets an ini sized for ``--memory`` GiB (``NumberOfBuffers`` per the Virtuoso docs'
table, 85,000 8-KiB pages a GiB), bulk loads the folder with ``ld_dir`` and two
``rdf_loader_run()`` (one per core), then a checkpoint. Queries
go through Hamkori's remote store (``kg.store.remote.SparqlEndpointStore``, SPARQLWrapper), the
same path as ``kg query --endpoint``: the store finds the dataset's graphs and passes them as
``default-graph-uri``. Every library query and then ``kg.analysis.findings.analyze`` run in a forked child
with a time limit; when one runs out, the child is killed and ``txn_killall`` stops the query in
Virtuoso, so a slow query costs its limit and no more. Virtuoso's own ``MaxQueryExecutionTime``
is off on purpose: it returns partial results without an error ("anytime queries"). The network
steps sample once a second which Hamkori function they are in, so the table says where the time
went even when a step runs out of time.

The table prints seconds, triples, the peak resident memory of our process for each step (the
forked child's for chunks, queries and analysis), Virtuoso's resident memory and database size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the checkout's kg, when run as a script

from run import Meter, peak_kib, reset_peak  # noqa: E402  (benchmarks/run.py, the same folder)

from kg import testing  # noqa: E402  (Virtuoso, the harness the tests use too)
from kg.rdf.namespaces import DEFAULT_BASE  # noqa: E402

GRAPHS = f"{DEFAULT_BASE}graph/"
SHARED_GRAPHS = ("ontology", "vocabularies")  # the same in every chunk: written once


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- Steps and their figures ------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    seconds: float | None  # None: ran out of time
    triples: int | None = None
    peak_kib: int = 0
    virtuoso_kib: int = 0  # Virtuoso's peak resident memory during the step
    db_bytes: int = 0
    note: str = ""


@dataclass
class Run:
    steps: list[Step] = field(default_factory=list)
    chunks: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)
    server: testing.Virtuoso | None = None

    def add(self, step: Step) -> Step:
        if self.server:
            step.virtuoso_kib = step.virtuoso_kib or self.server.peak_resident_kib()
            step.db_bytes = self.server.database_bytes()
        self.steps.append(step)
        shown = "timed out" if step.seconds is None else f"{step.seconds:.1f} s"
        say(f"  {step.name}: {shown} {step.note}".rstrip())
        return step

    @contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """Time a step of this process; the body may fill in triples and a note."""
        step = Step(name, 0.0)
        reset_peak()
        if self.server:
            self.server.reset_peak_resident()
        start = time.perf_counter()
        yield step
        step.seconds = time.perf_counter() - start
        step.peak_kib = peak_kib()
        self.add(step)


def limited(work: Callable[[], Any], budget: float | None) -> tuple[float | None, int, Any, str | None]:
    """Run ``work`` in a forked child: (seconds or None when out of time, peak KiB, value, error)."""
    meter = Meter()
    seconds, value, error = meter.limited(work, budget if budget is not None else 1e6)
    return seconds, meter.peak, value, error


# --- The corpus, chunk by chunk ---------------------------------------------------------------------


def graph_name(mapped: str, base: str, chunk: int, layout: str) -> str | None:
    """The graph a mapped graph goes to in the merged store (None: a shared graph already written)."""
    local = mapped[len(base) + len("graph/") :]
    if local in SHARED_GRAPHS:
        return f"{GRAPHS}{local}" if chunk == 0 else None
    if layout == "case":
        return f"{GRAPHS}synth-{chunk}/{local}"
    return f"{GRAPHS}synth-{chunk}"


def write_chunk(chunk: int, cases: int, seed: int, layout: str, work: Path, load: Path) -> dict[str, Any]:
    """Synthesize, load, map and write one chunk as N-Quads; its figures (runs in a forked child)."""
    import pyoxigraph as ox

    from kg.authoring.loader import load_corpus
    from kg.authoring.synth import synthesize
    from kg.mapping.mapper import map_corpus
    from kg.project.paths import ProjectPaths

    base = f"{DEFAULT_BASE}synth-{chunk}/"
    project = work / f"project-{chunk:02d}"
    start = time.perf_counter()
    stats = synthesize(project, cases=cases, seed=seed)
    synthesized = time.perf_counter()
    paths = ProjectPaths(project)
    corpus = load_corpus(paths)
    loaded = time.perf_counter()
    mapped = map_corpus(corpus, base=base, ontology=paths.ontology, vocabularies=paths.vocabularies)
    done = time.perf_counter()
    names: dict[str, ox.NamedNode | None] = {}
    for graph in mapped.graph_names():
        renamed = graph_name(graph, mapped.base, chunk, layout)
        names[graph] = ox.NamedNode(renamed) if renamed else None
    # A triple stated in the registry and in a case study (a label, a type) is one triple once
    # both are in the same graph: dict.fromkeys drops the copies and keeps the order.
    quads = list(
        dict.fromkeys(
            ox.Quad(q.subject, q.predicate, q.object, target)
            for q in mapped.quads
            if (target := names[q.graph_name.value]) is not None  # type: ignore[union-attr]
        )
    )
    path = load / f"chunk-{chunk:02d}.nq"
    with path.open("wb") as out:
        ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
    written = time.perf_counter()
    return {
        "chunk": chunk,
        "seed": seed,
        "base": base,
        "cases": stats.cases,
        "mapped": len(mapped),
        "triples": len(quads),
        "graphs": len({n for n in names.values() if n is not None}),
        "bytes": path.stat().st_size,
        "synthesize s": synthesized - start,
        "load s": loaded - synthesized,
        "map s": done - loaded,
        "write s": written - done,
    }


def make_corpus(args: argparse.Namespace, run: Run, work: Path, load: Path) -> int:
    from kg.authoring.synth import cases_for_triples

    cases = cases_for_triples(max(1, args.triples // args.chunks))
    for chunk in range(args.chunks):
        seconds, peak, value, error = limited(
            partial(write_chunk, chunk, cases, args.seed + chunk, args.graphs, work, load), None
        )
        if error or seconds is None:
            raise SystemExit(f"chunk {chunk} failed: {error}")
        value["peak_kib"] = peak
        run.chunks.append(value)
        if not args.keep:
            shutil.rmtree(work / f"project-{chunk:02d}", ignore_errors=True)
        say(
            f"  chunk {chunk}: {value['cases']} cases, {value['triples']:,} triples in "
            f"{seconds:.1f} s, peak {peak / 1024:.0f} MiB"
        )
    total = sum(int(c["triples"]) for c in run.chunks)
    peak = max(int(c["peak_kib"]) for c in run.chunks)
    for key, title in (
        ("synthesize s", "synthesize (kg.authoring.synth)"),
        ("load s", "load authoring files (kg.authoring.loader)"),
        ("map s", "map to RDF (kg.mapping.mapper)"),
        ("write s", "write N-Quads"),
    ):
        seconds = sum(c[key] for c in run.chunks)
        note = f"{plural(args.chunks, 'chunk')}, {sum(c['cases'] for c in run.chunks):,} case studies"
        if key == "write s":
            note = f"{folder_bytes(load) / 2**20:,.0f} MiB of N-Quads"
        run.add(Step(title, seconds, total, peak, note=note))
    return total


# --- Queries and analysis against the endpoint ------------------------------------------------------


def count_rows(store: Any, query: Any) -> int:
    from kg.query.library import run_query, sample_params

    # A required parameter takes a value the data holds: an id of the first chunk (its base).
    base = f"{DEFAULT_BASE}synth-0/"
    return len(run_query(store, query, sample_params(store, query, base), base=base))


def run_library(
    args: argparse.Namespace, run: Run, store: Any, server: testing.Virtuoso, library: dict[str, Any]
) -> None:
    total, finished, worst, virtuoso = 0.0, 0, 0, 0
    for name, query in library.items():
        server.reset_peak_resident()
        seconds, peak, rows, error = limited(partial(count_rows, store, query), args.query_timeout)
        worst = max(worst, peak)
        entry: dict[str, Any] = {"query": name, "seconds": seconds, "rows": rows, "peak_kib": peak}
        entry["virtuoso_kib"] = server.peak_resident_kib()
        virtuoso = max(virtuoso, entry["virtuoso_kib"])
        if seconds is None:
            entry["note"] = f"timed out after {args.query_timeout:.0f} s"
            entry["note"] = "; ".join(filter(None, (entry["note"], server.recover())))
        elif error:
            entry["note"] = "; ".join(filter(None, (error, server.recover())))
        else:
            finished += 1
            if rows == args.max_rows:
                entry["note"] = "at ResultSetMaxRows: may be truncated"
        total += seconds if seconds is not None else args.query_timeout
        run.queries.append(entry)
        shown = f"{seconds:.2f} s, {rows} rows" if seconds is not None else "timed out"
        say(f"    {name}: {shown} {entry.get('note', '')}".rstrip())
    note = f"{finished} of {len(library)} finished"
    if finished < len(library):
        note += f"; each unfinished one counted at its {args.query_timeout:.0f} s limit"
    run.add(Step(f"query library ({len(library)} queries)", total, None, worst, virtuoso, note=note))


def network_size(store: Any) -> dict[str, int]:
    from kg.analysis.network import collaboration, read_network_data

    data = read_network_data(store)
    graph = collaboration(data)
    return {
        "actors": len(data.actors),
        "projects": len(data.projects),
        "contributions": len(data.contributions),
        "evidence": len(data.evidence),
        "nodes": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
    }


def analysis_numbers(store: Any) -> dict[str, Any]:
    from kg.analysis.findings import analyze

    numbers = analyze(store).numbers
    return {k: numbers[k] for k in ("actors", "ties", "communities") if k in numbers}


def sampled(work: Callable[[], Any], record: Path) -> Any:
    """Run ``work``; once a second, count the Hamkori function it is in and the innermost function running.

    The counts are rewritten to ``record`` at every sample, so they survive the child being killed
    when its time runs out: they say where the time went.
    """
    counts: dict[str, int] = {}
    kg = f"{os.sep}kg{os.sep}"

    def sample(signum: int, frame: Any) -> None:
        inner = frame
        while frame is not None and kg not in frame.f_code.co_filename:
            frame = frame.f_back
        if frame is None:
            return
        where = f"kg.{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}"
        if inner is not frame:
            where += f" → {Path(inner.f_code.co_filename).stem}.{inner.f_code.co_name}"
        counts[where] = counts.get(where, 0) + 1
        record.write_text(json.dumps(counts), encoding="utf-8")

    signal.signal(signal.SIGALRM, sample)
    signal.setitimer(signal.ITIMER_REAL, 1.0, 1.0)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)


def hot_spots(record: Path, top: int = 3) -> str:
    """The functions the samples found most often, with their share of the time."""
    try:
        counts: dict[str, int] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]
    return "; ".join(f"{100 * n / total:.0f} % in {where}" for where, n in ranked)


def run_analysis(
    args: argparse.Namespace, run: Run, store: Any, server: testing.Virtuoso, triples: int, root: Path
) -> None:
    for title, work in (
        ("read the network through SPARQL (kg.analysis.network)", network_size),
        ("network analysis (kg.analysis.findings.analyze)", analysis_numbers),
    ):
        record = root / f"samples-{work.__name__}.json"
        server.reset_peak_resident()
        seconds, peak, value, error = limited(
            partial(sampled, partial(work, store), record), args.analysis_timeout
        )
        virtuoso = server.peak_resident_kib()
        if seconds is None or error:
            note = (
                f"did not finish in {args.analysis_timeout:.0f} s" if seconds is None else f"failed: {error}"
            )
            note = "; ".join(filter(None, (note, server.recover())))
        else:
            note = ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in value.items())
        if spots := hot_spots(record):
            note += f"; time: {spots}"
        run.add(Step(title, seconds, triples, peak, virtuoso, note=note))


# --- Output -----------------------------------------------------------------------------------------


def mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}" if kib else ""


def step_table(run: Run) -> str:
    lines = [
        "| step | seconds | triples | peak memory, ours (MiB) | Virtuoso peak RSS (MiB) | Virtuoso db (MiB) "
        "| note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for s in run.steps:
        seconds = "timed out" if s.seconds is None else f"{s.seconds:,.1f}"
        triples = f"{s.triples:,}" if s.triples else ""
        db = f"{s.db_bytes / 2**20:,.0f}" if s.db_bytes else ""
        memory = f"{mib(s.peak_kib)} | {mib(s.virtuoso_kib)}"
        lines.append(f"| {s.name} | {seconds} | {triples} | {memory} | {db} | {s.note} |")
    return "\n".join(lines)


def chunk_table(run: Run) -> str:
    lines = [
        "| chunk | seed | base | case studies | triples | synthesize (s) | load (s) | map (s) "
        "| write (s) | peak (MiB) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in run.chunks:
        lines.append(
            f"| {c['chunk']} | {c['seed']} | `{c['base']}` | {c['cases']:,} | {c['triples']:,} "
            f"| {c['synthesize s']:.1f} | {c['load s']:.1f} | {c['map s']:.1f} | {c['write s']:.1f} "
            f"| {mib(c['peak_kib'])} |"
        )
    return "\n".join(lines)


def query_table(run: Run) -> str:
    lines = ["| query | seconds | rows | Virtuoso peak RSS (MiB) | note |", "|---|---:|---:|---:|---|"]
    for q in run.queries:
        seconds = "timed out" if q["seconds"] is None else f"{q['seconds']:.2f}"
        rows = "" if q["rows"] is None else f"{q['rows']:,}"
        lines.append(
            f"| {q['query']} | {seconds} | {rows} | {mib(q['virtuoso_kib'])} | {q.get('note', '')} |"
        )
    return "\n".join(lines)


def versions() -> str:
    from importlib.metadata import version

    virtuoso = testing.virtuoso_version() or "not installed"
    names = ("pyoxigraph", "rdflib", "SPARQLWrapper", "networkx", "igraph")
    packages = ", ".join(f"{p} {version(p)}" for p in names)
    return f"Virtuoso {virtuoso}, Python {platform.python_version()}, {packages}"


def source_state() -> str:
    """The commit of the checkout, and which files of kg/ and queries/ differ from it."""

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=HERE.parent, capture_output=True, text=True, check=False)
        return done.stdout.rstrip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = [line[3:] for line in git("status", "--porcelain", "--", "kg", "queries").splitlines()]
    return f"commit {commit}" + (f", with changes to {', '.join(changed)}" if changed else "")


# --- The driver ---------------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, root: Path, run: Run) -> None:
    from kg.project.paths import ProjectPaths
    from kg.query.library import read_library
    from kg.store.remote import SparqlEndpointStore

    work, load = root / "work", root / "load"
    work.mkdir()
    load.mkdir()
    library = read_library(ProjectPaths(HERE.parent).queries)  # now: the files may change meanwhile
    say(f"corpus: {args.triples:,} triples in {plural(args.chunks, 'chunk')}, in {root}")
    triples = make_corpus(args, run, work, load)
    settings = replace(
        testing.VirtuosoSettings.sized_for(args.memory),
        dirs_allowed=(load,),
        vector_size=1000,
        max_vector_size=1_000_000,
        max_rows=args.max_rows,
        # No server-side limits: MaxQueryExecutionTime returns partial results without an error, and
        # MaxQueryCostEstimationTime refuses queries on a guess. The benchmark times queries out itself.
        max_execution_seconds=0,
        max_estimated_seconds=None,
    )
    server = testing.Virtuoso(
        root / "virtuoso", settings, memory_limit_gib=args.memory_limit, isql_timeout=None
    )
    run.server = server
    with run.step("start Virtuoso") as step:
        server.start(timeout=300)
        step.note = (
            f"NumberOfBuffers {settings.buffers:,} ({args.memory:g} GiB); "
            f"killed past {args.memory_limit:g} GiB"
        )
    with run.step(f"bulk load: ld_dir + {args.loaders} × rdf_loader_run()") as step:
        server.bulk_load(load, "*.nq", f"{GRAPHS}unnamed", args.loaders)
        step.triples = triples
    with run.step("checkpoint") as step:
        server.isql("checkpoint;")
    with run.step("count the triples (SPARQL through isql)") as step:
        step.triples = server.number(
            "SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPHS}")) }};'
        )
        step.note = "as written" if step.triples == triples else f"written: {triples:,}"
    store = SparqlEndpointStore(
        server.sparql, timeout=int(max(args.query_timeout, args.analysis_timeout)) + 60
    )
    with run.step("find the dataset's graphs (SparqlEndpointStore.graphs)") as step:
        step.note = f"{len(store.graphs()):,} graphs, each sent as default-graph-uri"
    run_library(args, run, store, server, library)
    run_analysis(args, run, store, server, triples, root)
    peak = server.peak_resident_kib()
    with run.step("stop Virtuoso (checkpoint, shutdown)") as step:
        server.stop(keep=True)  # main() deletes the whole folder, unless --keep
        step.note = f"Virtuoso's peak RSS {peak / 1024:,.0f} MiB"
    run.server = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=10_000_000, help="size of the corpus (default 10M)")
    parser.add_argument(
        "--chunks", type=int, default=10, help="independent projects to make it of (default 10)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of chunk 0; chunk K has seed+K (default 1)")
    parser.add_argument(
        "--graphs",
        choices=("chunk", "case"),
        default="chunk",
        help="one named graph per chunk (default) or per case study",
    )
    parser.add_argument(
        "--memory",
        type=float,
        default=2.0,
        help="GiB to size Virtuoso's buffers for (default 2: the 10M database takes about 750 MiB)",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        help="GiB of resident memory past which the benchmark kills Virtuoso (default: --memory + 5)",
    )
    parser.add_argument("--loaders", type=int, default=2, help="rdf_loader_run() in parallel (default 2)")
    parser.add_argument(
        "--query-timeout", type=float, default=300.0, help="seconds each library query may take (default 300)"
    )
    parser.add_argument(
        "--analysis-timeout",
        type=float,
        default=3600.0,
        help="seconds for reading the network and for the analysis, each (default 3600)",
    )
    parser.add_argument(
        "--max-rows", type=int, default=10_000_000, help="Virtuoso's ResultSetMaxRows (default 10M)"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where to make the temporary folder for the corpus and the database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the projects, N-Quads and database")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    if args.triples < 1 or args.chunks < 1 or args.triples < args.chunks:
        raise SystemExit("--triples and --chunks must be at least 1, and --triples at least --chunks")
    if not testing.virtuoso_installed():
        raise SystemExit("Virtuoso is not installed: apt-get install virtuoso-opensource")
    if args.memory_limit is None:
        args.memory_limit = args.memory + 5
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="hamkori-virtuoso-", dir=args.workdir)).resolve()
    started = time.perf_counter()
    source = source_state()  # before the run: others may commit while it goes on
    run = Run()
    try:
        benchmark(args, root, run)
    except testing.VirtuosoError as error:
        raise SystemExit(str(error)) from None
    finally:
        if run.server:
            run.server.stop(keep=True)
        if args.keep:
            say(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.perf_counter() - started
    today = dt.date.today().isoformat()
    asked = f"{args.triples:,} triples asked, {plural(args.chunks, 'chunk')}, --graphs {args.graphs}"
    print(f"# Hamkori on Virtuoso: {asked}\n")
    print(f"{today}, {os.cpu_count()} cores, {versions()}; total {elapsed / 60:.1f} min")
    print(f"Hamkori at {source}\n")
    print(step_table(run))
    print()
    print(chunk_table(run))
    print()
    print(query_table(run))
    if args.json:
        figures = {"steps": [vars(s) for s in run.steps], "chunks": run.chunks, "queries": run.queries}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
