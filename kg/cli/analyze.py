"""``kg analyze``: the collaboration networks, their measures and findings, and the report."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.analysis.inference import PERMUTATIONS
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "analyze",
        run,
        help="network analysis and its report",
        description="Build the collaboration networks from the store and write the analysis report, tables, "
        "charts and graph exports to build/analysis/.",
    )
    options.project(parser)
    options.endpoint(parser, "analyze a remote SPARQL endpoint instead")
    options.out(parser)
    parser.add_argument(
        "--permutations",
        type=_at_least_one,
        default=PERMUTATIONS,
        metavar="N",
        help=f"draws of each significance test and resamples of each interval (default: {PERMUTATIONS:,})",
    )


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is fewer than 1")
    return value


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    store = options.remote_store(args) if args.endpoint else None
    result = pipeline.analyze(
        paths, store=store, base=args.base, out=args.out, permutations=args.permutations
    )
    for finding in result.findings:
        print(f"- {finding.title}: {finding.sentence}")
    print(f"Report: {paths.relative(paths.layout(args.out).analysis / 'report.html')}")
    return 0
