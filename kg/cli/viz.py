"""``kg viz``: offline interactive pages of the collaboration networks."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "viz",
        run,
        help="interactive network pages in build/viz/",
        description="Write offline HTML pages (sharing one local copy of vis-network) of the "
        "collaboration network, the actor-project network and an ego network for every organization.",
    )
    options.project(parser)
    options.endpoint(parser, "read the network from a remote SPARQL endpoint instead")
    options.out(parser)


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    store = options.remote_store(args) if args.endpoint else None
    pages = pipeline.visualize(paths, store=store, base=args.base, out=args.out)
    print(f"Wrote {len(pages)} pages: {paths.relative(paths.layout(args.out).viz / 'index.html')}")
    return 0
