"""``kg push``: replace each named graph in a remote store, then check the counts."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "push",
        run,
        help="load the dataset into a remote store",
        description="Replace each named graph in a remote store (SPARQL 1.1 Graph Store "
        "Protocol), then check the triple counts.",
    )
    options.project(parser)
    options.endpoint(parser, "the store's SPARQL query endpoint", required=True)
    parser.add_argument(
        "--gsp", metavar="URL", help="its Graph Store Protocol address (guessed when left out)"
    )
    parser.add_argument("--update", metavar="URL", help="its SPARQL Update address (guessed when left out)")
    options.quiet(parser)


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    result = pipeline.push(options.remote_store(args), paths, base=args.base, progress=options.progress(args))
    total = sum(sent for sent, _ in result.graphs.values())
    print(f"Pushed {len(result.graphs)} graphs ({total:,} triples) to {args.endpoint}; counts checked.")
    return 0
