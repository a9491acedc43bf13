"""``kg synth``: a synthetic project for benchmarks, seeded and deterministic."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "synth",
        run,
        help="write a synthetic project for benchmarks",
        description="Write a complete synthetic project (authoring files and the book they quote) with "
        "heavy-tailed partners and funders, seeded and deterministic.",
    )
    parser.add_argument("folder", type=Path, help="where to write the project")
    parser.add_argument("--cases", type=int, help="number of case studies")
    parser.add_argument(
        "--triples", type=int, default=100_000, help="aim at this many triples (default 100,000)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")


def run(args: argparse.Namespace) -> int:
    stats = pipeline.synthesize(args.folder, cases=args.cases, triples=args.triples, seed=args.seed)
    print(
        f"Wrote a synthetic project to {args.folder}: {stats.cases} case studies, {stats.organizations} "
        f"organizations, {stats.projects} projects, {stats.contributions} contributions, "
        f"{stats.partnerships} partnerships, {stats.evidence} evidence quotes"
    )
    print(f"Build it with: kg build --project {args.folder}")
    return 0
