"""The ``kg`` command: a thin layer that parses arguments, calls the library and maps errors to exit codes.

Exit codes: 0 success (validation warnings allowed), 1 validation violations, 2 input or usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from kg import __version__, pipeline
from kg.authoring.schema import schema_json
from kg.authoring.vocab import read_vocabularies
from kg.errors import HamkoriError, UsageError
from kg.project.paths import ProjectPaths, find_project
from kg.rdf.namespaces import DEFAULT_BASE
from kg.store import Store, open_store
from kg.validation.engines import ENGINES

Command = Callable[[argparse.Namespace, ProjectPaths], int]


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_build(args: argparse.Namespace, paths: ProjectPaths) -> int:
    progress = (lambda _: None) if args.quiet else (lambda m: _say(f"kg build: {m}"))
    result = pipeline.build(
        paths,
        base=args.base,
        out=args.out,
        progress=progress,
        include_drafts=args.include_drafts,
        engine=args.engine,
        use_cache=not args.no_cache,
        parallel=not args.serial,
    )
    for finding in result.report.violations:
        _say(finding.line())
    print(result.report.summary())
    if result.dumps:
        print(f"Dumps: {', '.join(paths.relative(p) for p in result.dumps.values())}")
    print(f"Validation report: {paths.relative((args.out or paths.build) / 'validation' / 'report.txt')}")
    return result.exit_code


def cmd_validate(args: argparse.Namespace, paths: ProjectPaths) -> int:
    report = pipeline.validate(paths, base=args.base, include_drafts=args.include_drafts, engine=args.engine)
    if args.format == "json":
        sys.stdout.write(report.to_json())
    elif args.format == "turtle":
        sys.stdout.write(report.results_graph.serialize(format="turtle"))
    else:
        sys.stdout.write(report.to_text())
    return report.exit_code


def cmd_stats(args: argparse.Namespace, paths: ProjectPaths) -> int:
    result = pipeline.stats(paths, base=args.base)
    if args.format == "json":
        print(json.dumps(asdict(result), indent=2))
    else:
        sys.stdout.write(result.to_text())
    return 0


def cmd_schema(args: argparse.Namespace, paths: ProjectPaths) -> int:
    text = schema_json(read_vocabularies(paths.vocabularies))
    target = paths.schema
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            _say(f"kg schema: {paths.relative(target)} is out of date; run `kg schema` to regenerate it")
            return 1
        print(f"{paths.relative(target)} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {paths.relative(target)}")
    return 0


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes name=value, not {pair!r}")
        params[name] = value
    return params


def remote_store(args: argparse.Namespace) -> Store:
    """A remote store from --endpoint, with credentials from the options or the environment."""
    user = args.user or os.environ.get("HAMKORI_USER")
    password = os.environ.get(args.password_env) if args.password_env else None
    return open_store(
        "sparql",
        endpoint=args.endpoint,
        gsp=getattr(args, "gsp", None),
        update=getattr(args, "update", None),
        user=user,
        password=password,
    )


def cmd_queries(args: argparse.Namespace, paths: ProjectPaths) -> int:
    for query in pipeline.library(paths).values():
        params = " ".join(f"[--param {p.name}=<{p.kind}>]" for p in query.params)
        print(f"{query.name}  {params}".rstrip())
        print(f"    {query.title}. {query.question}")
    return 0


def cmd_query(args: argparse.Namespace, paths: ProjectPaths) -> int:
    store = remote_store(args) if args.endpoint else pipeline.open_embedded(paths, base=args.base)
    table = pipeline.query(args.name, parse_params(args.param), store=store, paths=paths, base=args.base)
    writers: dict[str, Callable[[], str]] = {
        "table": lambda: table.to_text(),
        "csv": lambda: table.to_csv(),
        "tsv": table.to_tsv,
        "json": table.to_json,
    }
    sys.stdout.write(writers[args.format]())
    return 0


def cmd_push(args: argparse.Namespace, paths: ProjectPaths) -> int:
    store = remote_store(args)
    progress = (lambda _: None) if args.quiet else (lambda m: _say(f"kg push: {m}"))
    result = pipeline.push(store, paths, base=args.base, progress=progress)
    total = sum(sent for sent, _ in result.graphs.values())
    print(f"Pushed {len(result.graphs)} graphs ({total:,} triples) to {args.endpoint}; counts checked.")
    return 0


def cmd_analyze(args: argparse.Namespace, paths: ProjectPaths) -> int:
    store = remote_store(args) if args.endpoint else None
    result = pipeline.analyze(paths, store=store, base=args.base, out=args.out)
    for finding in result.findings:
        print(f"- {finding.title}: {finding.sentence}")
    print(f"Report: {paths.relative((args.out or paths.build) / 'analysis' / 'report.html')}")
    return 0


def cmd_viz(args: argparse.Namespace, paths: ProjectPaths) -> int:
    store = remote_store(args) if args.endpoint else None
    pages = pipeline.visualize(paths, store=store, base=args.base, out=args.out)
    print(f"Wrote {len(pages)} pages: {paths.relative((args.out or paths.build) / 'viz' / 'index.html')}")
    return 0


def cmd_publish(args: argparse.Namespace, paths: ProjectPaths) -> int:
    progress = (lambda _: None) if args.quiet else (lambda m: _say(f"kg publish: {m}"))
    result = pipeline.publish(paths, base=args.base, out=args.out, release=args.release, progress=progress)
    print(
        f"Site: {paths.relative(result.folder / 'index.html')} "
        f"({result.resources} resources, {result.files} files)"
    )
    return 0


def cmd_synth(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.synth import cases_for_triples, synthesize

    cases = args.cases or cases_for_triples(args.triples)
    stats = synthesize(args.folder, cases=cases, seed=args.seed)
    print(
        f"Wrote a synthetic project to {args.folder}: {stats.cases} case studies, {stats.organizations} "
        f"organizations, {stats.projects} projects, {stats.contributions} contributions, "
        f"{stats.partnerships} partnerships, {stats.evidence} evidence quotes"
    )
    print(f"Build it with: kg build --project {args.folder}")
    return 0


def cmd_serve(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.serve.server import SparqlService, make_server
    from kg.serve.workers import QueryPool
    from kg.store.embedded import OxigraphStore

    if not (paths.build / "store").is_dir():
        _say("kg serve: no embedded store yet; running kg build first")
        pipeline.build(paths, base=args.base)
    site = paths.build / "site"
    token = None
    pool = None
    if args.allow_updates:
        token = os.environ.get(args.token_env)
        if not token:
            raise UsageError(f"--allow-updates needs a token in the environment variable {args.token_env}")
        store = OxigraphStore(paths.build / "store")
        _say("kg serve: updates enabled; queries run in this process, without the time limit")
    else:
        store = OxigraphStore(paths.build / "store", read_only=True)
        pool = QueryPool(
            paths.build / "store", size=args.workers, timeout=args.timeout, max_bytes=args.max_result_bytes
        )
    service = SparqlService(
        store,
        pipeline.library(paths),
        args.base,
        site if site.is_dir() else None,
        pool=pool,
        allow_service=args.allow_service,
        update_token=token,
    )
    server = make_server(service, args.host, args.port)
    host, port = str(args.host), server.server_address[1]
    print(f"Serving http://{host}:{port}/ (the site), /sparql (the SPARQL endpoint), /queries (the library)")
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if pool:
            pool.close()
    return 0


def cmd_extract(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.loader import load_corpus
    from kg.extract.evaluate import evaluate
    from kg.extract.extractor import Registry, extract, write_drafts

    if args.measure:
        sys.stdout.write(evaluate(paths).table())
        return 0
    if args.file is None:
        raise UsageError("give the text file to draft from (or --measure to score the extractor on the book)")
    corpus = load_corpus(paths)
    registry = Registry.from_corpus(corpus, include_cases=not args.registry_only)
    text = args.file.read_text(encoding="utf-8")
    drafts = extract(text, registry, first_number=args.first_number or len(corpus.cases) + 1)
    try:
        written = write_drafts(drafts, args.out or paths.data / "drafts", source=args.file.name)
    except FileExistsError as exc:
        raise UsageError(f"{exc} (--out DIR)") from None
    for path in written:
        print(paths.relative(path))
    _say(f"kg extract: {len(written)} draft(s); review each record, then move the file to data/cases/")
    return 0


def cmd_reconcile(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.reconcile import find_candidates, load_for_review, report

    corpus, decisions = load_for_review(paths)
    candidates = find_candidates(corpus, decisions, threshold=args.threshold)
    sys.stdout.write(report(candidates))
    return 1 if args.check and candidates else 0


def cmd_template(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.spreadsheet import write_templates

    for path in write_templates(
        args.folder or paths.data / "templates", read_vocabularies(paths.vocabularies)
    ):
        print(paths.relative(path))
    return 0


def cmd_import(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.loader import load_corpus
    from kg.authoring.spreadsheet import import_tables, write_imported

    files = import_tables(args.source, read_vocabularies(paths.vocabularies), load_corpus(paths))
    if args.dry_run:
        for name, text in files.items():
            print(f"# data/{name}\n{text}")
        return 0
    try:
        written = write_imported(files, paths.data)
    except FileExistsError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(paths.relative(path))
    return 0


def cmd_new(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.authoring.scaffold import new_case_file, placeholders

    try:
        path = new_case_file(
            paths.data / "cases",
            read_vocabularies(paths.vocabularies),
            args.id,
            args.number,
            title=args.title,
            region=args.region,
            organization=args.organization,
        )
    except FileExistsError as exc:
        raise UsageError(str(exc)) from None
    print(paths.relative(path))
    _say(f"kg new: fill in {', '.join(placeholders(path.read_text(encoding='utf-8')))}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Hamkori: a knowledge graph of partnerships between civil society, the state and donors.",
    )
    parser.add_argument("--version", action="version", version=f"hamkori {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project", type=Path, help="project folder (default: the one around the working directory)"
    )
    common.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of the data (default: {DEFAULT_BASE})"
    )
    drafts = argparse.ArgumentParser(add_help=False)
    drafts.add_argument(
        "--include-drafts", action="store_true", help="also load files and records marked as drafts"
    )
    shacl = argparse.ArgumentParser(add_help=False)
    shacl.add_argument(
        "--engine",
        choices=ENGINES,
        default="fast",
        help="SHACL engine: 'fast' (pyshacl-turbo and Oxigraph, the default) or 'pyshacl' "
        "(the reference, minutes from 100k triples on); both give the same results",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser(
        "build",
        parents=[common, drafts, shacl],
        help="load, map, validate and write dumps to build/",
        description="Load data/, map it to RDF, validate it and write the dumps and the "
        "validation report into build/, atomically.",
    )
    build.add_argument("--out", type=Path, help="output folder (default: build/ in the project)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="parse and map everything anew, without reading or writing build/cache",
    )
    build.add_argument(
        "--serial",
        action="store_true",
        help="validate, and analyse the network, in this process rather than beside the other stages: "
        "slower, with less memory at once (under 3 GB at a million triples)",
    )
    build.set_defaults(handler=cmd_build)

    validate = commands.add_parser(
        "validate",
        parents=[common, drafts, shacl],
        help="validate the data against the SHACL shapes",
        description="Validate; exit 0 when the data conforms (warnings allowed), "
        "1 on violations, 2 on input errors.",
    )
    validate.add_argument(
        "--format", choices=("text", "json", "turtle"), default="text", help="report format"
    )
    validate.set_defaults(handler=cmd_validate)

    stats = commands.add_parser(
        "stats",
        parents=[common],
        help="counts per class and coverage per case study",
        description="Print counts per class and a coverage table per case study.",
    )
    stats.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    stats.set_defaults(handler=cmd_stats)

    schema = commands.add_parser(
        "schema",
        parents=[common],
        help="write the JSON Schema of the authoring format",
        description="Write data/schema/hamkori-authoring.schema.json from the vocabularies.",
    )
    schema.add_argument(
        "--check", action="store_true", help="only check that the committed schema is up to date"
    )
    schema.set_defaults(handler=cmd_schema)

    remote = argparse.ArgumentParser(add_help=False)
    remote.add_argument("--user", help="user name for the endpoint (default: $HAMKORI_USER)")
    remote.add_argument(
        "--password-env",
        default="HAMKORI_PASSWORD",
        metavar="VAR",
        help="environment variable holding the password (default: HAMKORI_PASSWORD)",
    )

    queries = commands.add_parser(
        "queries",
        parents=[common],
        help="list the query library",
        description="List the queries of queries/ with their questions and parameters.",
    )
    queries.set_defaults(handler=cmd_queries)

    query = commands.add_parser(
        "query",
        parents=[common, remote],
        help="run a library query or a .rq file",
        description="Run a query of the library (by name) or a .rq file on the embedded "
        "store, or on a remote SPARQL endpoint with --endpoint.",
    )
    query.add_argument("name", metavar="NAME|FILE", help="a library query name or a .rq file")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a query parameter")
    query.add_argument(
        "--format", choices=("table", "csv", "json", "tsv"), default="table", help="output format"
    )
    query.add_argument(
        "--endpoint", metavar="URL", help="a remote SPARQL 1.1 endpoint instead of the embedded store"
    )
    query.set_defaults(handler=cmd_query)

    push = commands.add_parser(
        "push",
        parents=[common, remote],
        help="load the dataset into a remote store",
        description="Replace each named graph in a remote store (SPARQL 1.1 Graph Store "
        "Protocol), then check the triple counts.",
    )
    push.add_argument("--endpoint", metavar="URL", required=True, help="the store's SPARQL query endpoint")
    push.add_argument("--gsp", metavar="URL", help="its Graph Store Protocol address (guessed when left out)")
    push.add_argument("--update", metavar="URL", help="its SPARQL Update address (guessed when left out)")
    push.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    push.set_defaults(handler=cmd_push)

    analyze = commands.add_parser(
        "analyze",
        parents=[common, remote],
        help="network analysis and its report",
        description="Build the collaboration networks from the store and write the analysis report, tables, "
        "charts and graph exports to build/analysis/.",
    )
    analyze.add_argument("--endpoint", metavar="URL", help="analyze a remote SPARQL endpoint instead")
    analyze.add_argument("--out", type=Path, help="output folder (default: build/ in the project)")
    analyze.set_defaults(handler=cmd_analyze)

    viz = commands.add_parser(
        "viz",
        parents=[common, remote],
        help="interactive network pages in build/viz/",
        description="Write offline HTML pages (sharing one local copy of vis-network) of the "
        "collaboration network, the actor-project network and an ego network for every organization.",
    )
    viz.add_argument(
        "--endpoint", metavar="URL", help="read the network from a remote SPARQL endpoint instead"
    )
    viz.add_argument("--out", type=Path, help="output folder (default: build/ in the project)")
    viz.set_defaults(handler=cmd_viz)

    publish = commands.add_parser(
        "publish",
        parents=[common],
        help="write the linked-data site to build/site/",
        description="Write the static linked-data site: a page and Turtle, N-Triples and JSON-LD documents "
        "for every resource, dumps, VoID and DCAT metadata, ontology docs and content-negotiation rules.",
    )
    publish.add_argument("--release", metavar="X.Y.Z", help="also make a versioned release with checksums")
    publish.add_argument("--out", type=Path, help="output folder (default: build/ in the project)")
    publish.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    publish.set_defaults(handler=cmd_publish)

    synth = commands.add_parser(
        "synth",
        help="write a synthetic project for benchmarks",
        description="Write a complete synthetic project (authoring files and the book they quote) with "
        "heavy-tailed partners and funders, seeded and deterministic.",
    )
    synth.add_argument("folder", type=Path, help="where to write the project")
    synth.add_argument("--cases", type=int, help="number of case studies")
    synth.add_argument(
        "--triples", type=int, default=100_000, help="aim at this many triples (default 100,000)"
    )
    synth.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    synth.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    synth.add_argument("--base", default=DEFAULT_BASE, help=argparse.SUPPRESS)
    synth.set_defaults(handler=cmd_synth)

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="a local read-only SPARQL endpoint",
        description="Serve the embedded store as a SPARQL 1.1 Protocol endpoint with a "
        "query page, on this machine.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: 30)")
    serve.add_argument(
        "--max-result-bytes", type=int, default=50_000_000, help="largest result sent (default: 50 MB)"
    )
    serve.add_argument("--workers", type=int, default=2, help="query worker processes (default: 2)")
    serve.add_argument(
        "--allow-service", action="store_true", help="allow federated SERVICE calls (off by default)"
    )
    serve.add_argument(
        "--allow-updates",
        action="store_true",
        help="accept SPARQL updates with the token of --token-env (read-only by default)",
    )
    serve.add_argument(
        "--token-env",
        default="HAMKORI_UPDATE_TOKEN",
        metavar="VAR",
        help="environment variable holding the update token (default: HAMKORI_UPDATE_TOKEN)",
    )
    serve.set_defaults(handler=cmd_serve)
    extract_ = commands.add_parser(
        "extract",
        parents=[common],
        help="draft authoring files from the text of new case studies",
        description="Split FILE.txt into case studies and write one draft authoring file per case study "
        "(draft: true, status: draft on every record) to data/drafts/, linking names to the registries.",
    )
    extract_.add_argument(
        "file", type=Path, nargs="?", metavar="FILE.txt", help="the plain text to draft from"
    )
    extract_.add_argument("--out", type=Path, help="folder for the drafts (default: data/drafts/)")
    extract_.add_argument("--first-number", type=int, help="number of the first case study (default: next)")
    extract_.add_argument(
        "--registry-only", action="store_true", help="link names to data/registry/ only, not to case files"
    )
    extract_.add_argument(
        "--measure",
        action="store_true",
        help="score the extractor on the book against the curated case files",
    )
    extract_.set_defaults(handler=cmd_extract)

    reconcile = commands.add_parser(
        "reconcile",
        parents=[common],
        help="list likely duplicate entities and unlisted spellings for review",
        description="Propose same_as pairs and aliases with their evidence; record accepted ones in "
        "data/registry/reconciliation.yaml.",
    )
    reconcile.add_argument("--threshold", type=float, default=88.0, help="similarity 0-100 (default: 88)")
    reconcile.add_argument("--check", action="store_true", help="exit 1 when there is anything to review")
    reconcile.set_defaults(handler=cmd_reconcile)

    template = commands.add_parser(
        "template",
        parents=[common],
        help="write the CSV and XLSX templates",
        description="Write the spreadsheet templates (case_studies, organizations, projects, contributions).",
    )
    template.add_argument("folder", type=Path, nargs="?", help="output folder (default: data/templates/)")
    template.set_defaults(handler=cmd_template)

    import_ = commands.add_parser(
        "import",
        parents=[common],
        help="turn filled templates into authoring files",
        description="Check a filled XLSX workbook or folder of CSV files and write its authoring files "
        "into data/; problems name the sheet, row and column.",
    )
    import_.add_argument("source", type=Path, metavar="FILE.xlsx|DIR", help="the filled templates")
    import_.add_argument("--dry-run", action="store_true", help="print the files instead of writing them")
    import_.set_defaults(handler=cmd_import)

    new = commands.add_parser(
        "new",
        parents=[common],
        help="scaffold an empty case study with every field documented",
        description="Write data/cases/NN-ID.yaml with a placeholder and a comment for every field.",
    )
    new.add_argument("id", help="id of the case study, e.g. vo-navobod")
    new.add_argument("--number", type=int, required=True, help="its position in the book")
    new.add_argument("--title", help="its title as printed")
    new.add_argument("--region", help="its oblast or region (a place id)")
    new.add_argument("--organization", help="its main organization (an id)")
    new.set_defaults(handler=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.project and not (args.project / "data").is_dir():
            raise UsageError(f"{args.project} has no data/ folder")
        paths = ProjectPaths(args.project) if args.project else find_project()
        handler: Command = args.handler
        return handler(args, paths)
    except HamkoriError as exc:
        _say(f"kg {args.command}: {exc}")
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
