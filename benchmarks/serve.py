"""Time every library query through ``kg serve``, over HTTP, on a synthetic project.

    python benchmarks/serve.py                           # 1M triples, 3 runs each, JSON answers
    python benchmarks/serve.py --triples 20000 --repeat 1 --formats json,html   # a smoke run

The synthetic project (``kg synth``, then ``kg build``) is made once and kept in ``--work`` (by
default ``hamkori-bench`` in the system's temporary folder), one folder per size and seed, and
reused by later runs. A ``kg serve`` of it is started on 127.0.0.1 on a port the system picks, and
every query of ``queries/`` is asked for through ``/query/NAME``, ``--repeat`` times: without
parameters (unless it has a required one: ``search``, ``evidence-of-project``), and with the
parameters of each of its ``# example:`` lines. The examples name the
book's ids, which the synthetic data does not hold, so each parameter takes a value of its kind from
the query's own answer without parameters (its first row that holds one), else the first of that
kind in the data; a text parameter keeps its example. The table gives the median and the slowest
run of each, in seconds from sending the request to reading the last byte of the answer, and flags
those whose median is over ``--limit``; a request unanswered after ``--timeout`` has status 0 and
is not repeated. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACCEPT = {"json": "application/sparql-results+json", "html": "text/html", "csv": "text/csv"}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def kg(*args: str) -> list[str]:
    """The command line of ``kg ARGS`` with this interpreter (the one Hamkori is installed in)."""
    return [sys.executable, "-m", "kg", *args]


def project_for(work: Path, triples: int, seed: int) -> Path:
    """The built synthetic project of ``triples`` and ``seed`` in ``work``: made when missing, else reused.

    The project is written under a temporary name and renamed when complete, and ``kg build``
    swaps its build folder in whole, so a run stopped half-way leaves nothing that looks finished.
    """
    project = work / f"synth-{triples}-seed{seed}"
    if (project / "build" / "store").is_dir():
        say(f"reusing {project}")
        return project
    work.mkdir(parents=True, exist_ok=True)
    if not project.is_dir():
        partial = Path(tempfile.mkdtemp(prefix=project.name + ".", dir=work))
        shutil.rmtree(partial)
        say(f"synthesizing {triples:,} triples into {project}")
        synth = kg("synth", str(partial), "--triples", str(triples), "--seed", str(seed))
        subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
        partial.rename(project)
    say(f"building {project} (a few minutes at 1M triples)")
    started = time.perf_counter()
    subprocess.run(kg("build", "--project", str(project), "--quiet"), check=True, stdout=sys.stderr)
    say(f"built in {time.perf_counter() - started:.0f} s")
    return project


@contextmanager
def serving(project: Path, options: list[str]) -> Iterator[str]:
    """A ``kg serve`` of ``project`` on 127.0.0.1, a port the system picks: its base URL. Stopped on exit."""
    command = kg("serve", "--project", str(project), "--host", "127.0.0.1", "--port", "0", *options)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "Serving http://127.0.0.1:PORT/ (the site), …"
        if not line.startswith("Serving http://"):
            raise SystemExit(f"kg serve did not start (exit {process.wait()}): {line.strip()}")
        yield line.split()[1].rstrip("/")
    finally:
        # SIGINT ends serve_forever and closes the workers; the whole group goes if it lingers.
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextmanager
def library_of(project: Path, folder: Path | None) -> Iterator[Path]:
    """The query library the server of ``project`` reads: Hamkori's, or ``folder`` made the project's
    own ``queries/`` for the while (a project's own folder comes first)."""
    if folder is None:
        yield ROOT / "queries"
        return
    if not folder.is_dir():
        raise SystemExit(f"--library: no folder {folder}")
    link = project / "queries"
    if link.exists() or link.is_symlink():
        raise SystemExit(f"{link} exists already: remove it first")
    link.symlink_to(folder.resolve(), target_is_directory=True)
    try:
        yield folder
    finally:
        link.unlink()


@dataclass
class Case:
    query: str
    params: dict[str, str]
    format: str
    seconds: list[float]
    status: int = 0
    rows: int | None = None
    size: int = 0

    @property
    def label(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.params.items()) or "(none)"


def fetch(url: str, accept: str, timeout: float) -> tuple[int, bytes, float]:
    """Status, body and seconds of one GET (the body read to its end)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    except (TimeoutError, urllib.error.URLError):  # no answer in time: counted as the whole wait
        body, status = b"", 0
    return status, body, time.perf_counter() - started


def rows_of(body: bytes) -> list[dict[str, Any]]:
    try:
        bindings: list[dict[str, Any]] = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return []
    return bindings


def value_prefix(kind: str, base: str) -> str | None:
    """The start of the IRIs of a parameter kind's values (``kg.query.library.sparql_value``), or None."""
    from kg.query.library import CONCEPT_KINDS, ENTITY_KINDS
    from kg.rdf.namespaces import concept_iri

    if kind in ENTITY_KINDS:
        return f"{base.rstrip('/')}/id/{ENTITY_KINDS[kind]}/"
    if kind in CONCEPT_KINDS:
        return concept_iri(CONCEPT_KINDS[kind], "")
    return None


def pick_value(param: Any, example: str, answer: list[dict[str, Any]], endpoint: str, base: str) -> str:
    """A value of ``param``'s kind that the data holds: from the query's own answer, else the data's first."""
    prefix = value_prefix(param.kind, base)
    if prefix is None:
        if param.kind == "year":
            for row in answer:
                for term in row.values():
                    if term.get("datatype", "").endswith("#gYear"):
                        return str(term["value"])
        return example  # text (and a year the answer does not show)
    for row in answer:  # the column of the parameter's name first, then any column
        terms = [row[param.name]] if param.name in row else []
        for term in [*terms, *row.values()]:
            if term["type"] == "uri" and term["value"].startswith(prefix):
                return str(term["value"][len(prefix) :])
    query = (
        "SELECT ?s WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } "
        f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{prefix}")) }} ORDER BY ?s LIMIT 1'
    )
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query})
    _, body, _ = fetch(url, ACCEPT["json"], 300)
    found = rows_of(body)
    return str(found[0]["s"]["value"][len(prefix) :]) if found else example


def cases_of(library: dict[str, Any], names: list[str] | None) -> list[tuple[str, list[dict[str, str]]]]:
    """Each query with the parameter sets of its examples (one per set of names; none first)."""
    found = []
    for name, query in library.items():
        if names and name not in names:
            continue
        examples: list[dict[str, str]] = []
        for params in query.example_params():
            if params and set(params) not in [set(e) for e in examples]:
                examples.append(params)
        found.append((name, examples))
    return found


def measure(args: argparse.Namespace, endpoint: str, folder: Path) -> list[Case]:
    from kg.query.library import read_library

    library = read_library(folder)
    unknown = sorted(set(args.queries or ()) - set(library))
    if unknown:
        raise SystemExit(f"no queries {unknown}; known: {', '.join(library)}")

    def run(name: str, params: dict[str, str], fmt: str) -> tuple[Case, bytes]:
        case = Case(name, params, fmt, [])
        url = f"{endpoint}/query/{name}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        for _ in range(args.repeat):
            case.status, body, seconds = fetch(url, ACCEPT[fmt], args.timeout)
            case.seconds.append(seconds)
            if case.status == 0:  # timed out: not asked again
                break
        case.size = len(body)
        if fmt == "json" and case.status == 200:
            case.rows = len(rows_of(body))
        say(f"  {name} {case.label} {fmt}: {statistics.median(case.seconds):.3f} s, {case.rows} rows")
        return case, body

    measured: list[Case] = []
    for name, examples in cases_of(library, args.queries):
        answer: list[dict[str, Any]] = []
        query = library[name]
        required = query.missing({}) is not None  # refused without its parameters (400): run with them only
        for fmt in args.formats if not required else ():
            case, body = run(name, {}, fmt)
            measured.append(case)
            if fmt == "json":
                answer = rows_of(body)
        if examples and not required and "json" not in args.formats:  # values from the JSON answer
            answer = rows_of(fetch(f"{endpoint}/query/{name}", ACCEPT["json"], args.timeout)[1])
        for example in examples:
            params = {
                k: pick_value(query.param(k), v, answer, endpoint, args.base) for k, v in example.items()
            }
            measured += [run(name, params, fmt)[0] for fmt in args.formats]
    return measured


def table(cases: list[Case], limit: float) -> str:
    lines = [
        "| query | parameters | format | status | rows | bytes | median (s) | max (s) | over |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for case in cases:
        median = statistics.median(case.seconds)
        over = f"**over {limit:g} s**" if median > limit else ""
        rows = "" if case.rows is None else f"{case.rows:,}"
        lines.append(
            f"| {case.query} | {case.label} | {case.format} | {case.status} | {rows} | {case.size:,} "
            f"| {median:.3f} | {max(case.seconds):.3f} | {over} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="size of the synthetic data (default 1M)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default 1)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hamkori-bench",
        help="where the synthetic projects are kept between runs (default: TMPDIR/hamkori-bench)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="requests per query; the median is shown")
    parser.add_argument("--limit", type=float, default=1.0, help="flag queries whose median is over this")
    parser.add_argument(
        "--formats", default="json", help="answers to ask for: json, html, csv (default json)"
    )
    parser.add_argument("--queries", help="only these library queries, e.g. donors,brokers")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds each request may take")
    parser.add_argument("--base", default="https://w3id.org/hamkori/", help="base IRI of the data")
    parser.add_argument(
        "--serve-option",
        action="append",
        default=[],
        metavar="OPTION",
        help="passed to kg serve, e.g. --serve-option=--workers=1 (repeatable)",
    )
    parser.add_argument(
        "--library",
        type=Path,
        help="serve and time the .rq files of this folder instead of Hamkori's queries/ (linked into the "
        "project as its queries/ for the run)",
    )
    parser.add_argument("--json", type=Path, help="also write every run's seconds to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.triples < 1:
        raise SystemExit("--repeat and --triples must be at least 1")
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not args.formats or not set(args.formats) <= set(ACCEPT):
        raise SystemExit(f"--formats takes some of {', '.join(ACCEPT)}")
    args.queries = [q.strip() for q in args.queries.split(",")] if args.queries else None
    project = project_for(args.work, args.triples, args.seed)
    options = [*args.serve_option, "--timeout", str(args.timeout)]
    with library_of(project, args.library) as folder, serving(project, options) as endpoint:
        say(f"kg serve at {endpoint}, the queries of {folder}")
        cases = measure(args, endpoint, folder)
    slow = [c for c in cases if statistics.median(c.seconds) > args.limit]
    print(f"# kg serve, {args.triples:,} synthetic triples (seed {args.seed}), {args.repeat} runs each\n")
    print(table(cases, args.limit))
    print(f"\n{len(slow)} of {len(cases)} over {args.limit:g} s (median).")
    if args.json:
        records = [c.__dict__ for c in cases]
        args.json.write_text(json.dumps(records, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
