"""``kg publish``: the static linked-data site, and versioned releases of the dumps."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "publish",
        run,
        help="write the linked-data site to build/site/",
        description="Write the static linked-data site: a page and Turtle, N-Triples and JSON-LD documents "
        "for every resource, dumps, VoID and DCAT metadata, ontology docs and content-negotiation rules.",
    )
    options.project(parser)
    parser.add_argument("--release", metavar="X.Y.Z", help="also make a versioned release with checksums")
    options.out(parser)
    options.quiet(parser)


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    result = pipeline.publish(
        paths, base=args.base, out=args.out, release=args.release, progress=options.progress(args)
    )
    print(
        f"Site: {paths.relative(result.folder / 'index.html')} "
        f"({result.resources} resources, {result.files} files)"
    )
    return 0
