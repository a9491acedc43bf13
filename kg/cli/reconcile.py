"""``kg reconcile``: likely duplicate entities and unlisted spellings, for review."""

from __future__ import annotations

import argparse
import sys

from kg import pipeline
from kg.authoring.reconcile import report
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "reconcile",
        run,
        help="list likely duplicate entities and unlisted spellings for review",
        description="Propose same_as pairs and aliases with their evidence; record accepted ones in "
        "data/registry/reconciliation.yaml.",
    )
    options.project(parser)
    parser.add_argument("--threshold", type=float, default=88.0, help="similarity 0-100 (default: 88)")
    options.check(parser, "exit 1 when there is anything to review")


def run(args: argparse.Namespace) -> int:
    candidates = pipeline.reconcile(options.project_paths(args), threshold=args.threshold)
    sys.stdout.write(report(candidates))
    return 1 if args.check and candidates else 0
