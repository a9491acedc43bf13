"""``kg validate``: the SHACL report of the data; exit 1 on violations."""

from __future__ import annotations

import argparse
import sys

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "validate",
        run,
        help="validate the data against the SHACL shapes",
        description="Validate; exit 0 when the data conforms (warnings allowed), "
        "1 on violations, 2 on input errors.",
    )
    options.project(parser)
    options.drafts(parser)
    options.engine(parser)
    options.output_format(parser, ("text", "json", "turtle"), help="report format")


def run(args: argparse.Namespace) -> int:
    report = pipeline.validate(
        options.project_paths(args), base=args.base, include_drafts=args.include_drafts, engine=args.engine
    )
    if args.format == "json":
        sys.stdout.write(report.to_json())
    elif args.format == "turtle":
        sys.stdout.write(report.results_graph.serialize(format="turtle"))
    else:
        sys.stdout.write(report.to_text())
    return report.exit_code
