"""``kg stats``: counts per class and coverage per case study."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "stats",
        run,
        help="counts per class and coverage per case study",
        description="Print counts per class and a coverage table per case study.",
    )
    options.project(parser)
    options.output_format(parser, ("text", "json"), help="output format")


def run(args: argparse.Namespace) -> int:
    result = pipeline.stats(options.project_paths(args), base=args.base)
    if args.format == "json":
        print(json.dumps(asdict(result), indent=2))
    else:
        sys.stdout.write(result.to_text())
    return 0
