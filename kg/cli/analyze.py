"""``kg analyze``: the collaboration networks, their measures and findings, and the report."""

from __future__ import annotations

import argparse

from kg import pipeline
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


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    store = options.remote_store(args) if args.endpoint else None
    result = pipeline.analyze(paths, store=store, base=args.base, out=args.out)
    for finding in result.findings:
        print(f"- {finding.title}: {finding.sentence}")
    print(f"Report: {paths.relative(paths.layout(args.out).analysis / 'report.html')}")
    return 0
