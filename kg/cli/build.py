"""``kg build``: load, map, validate, and write the dumps, the store, the analysis and the site."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "build",
        run,
        help="load, map, validate and write dumps to build/",
        description="Load data/, map it to RDF, validate it and write the dumps and the "
        "validation report into build/, atomically.",
    )
    options.project(parser)
    options.drafts(parser)
    options.engine(parser)
    options.out(parser)
    options.quiet(parser)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse and map everything anew, without reading or writing .build-cache/ (beside build/)",
    )
    parser.add_argument(
        "--serial",
        action="store_true",
        help="validate, and analyse the network, in this process rather than beside the other stages: "
        "slower, with less memory at once (under 3 GB at a million triples)",
    )


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    result = pipeline.build(
        paths,
        base=args.base,
        out=args.out,
        progress=options.progress(args),
        include_drafts=args.include_drafts,
        engine=args.engine,
        use_cache=not args.no_cache,
        parallel=not args.serial,
    )
    for finding in result.report.violations:
        say(finding.line())
    print(result.report.summary())
    if result.dumps:
        print(f"Dumps: {', '.join(paths.relative(p) for p in result.dumps.values())}")
    print(f"Validation report: {paths.relative(paths.layout(args.out).validation / 'report.txt')}")
    return result.exit_code
