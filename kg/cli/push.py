"""``kg push``: validate, replace each named graph in a remote store, check the counts, make it durable."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "push",
        run,
        help="load the dataset into a remote store",
        description="Validate the data, then replace each named graph in a remote store (SPARQL 1.1 "
        "Graph Store Protocol and Update) so that each is only ever old or new, check the triple "
        "counts, and make the store durable (Virtuoso: a checkpoint). Exit 1, sending nothing, "
        "when the data has violations; 2 when the store refuses or fails.",
    )
    options.project(parser)
    options.endpoint(parser, "the store's SPARQL query endpoint", required=True)
    parser.add_argument(
        "--gsp", metavar="URL", help="its Graph Store Protocol address (guessed when left out)"
    )
    parser.add_argument("--update", metavar="URL", help="its SPARQL Update address (guessed when left out)")
    parser.add_argument(
        "--allow-invalid",
        action="store_true",
        help="push even when the data has SHACL violations (kg validate lists them)",
    )
    options.quiet(parser)


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    try:
        result = pipeline.push(
            options.remote_store(args),
            paths,
            base=args.base,
            allow_invalid=args.allow_invalid,
            progress=options.progress(args),
        )
    except pipeline.InvalidData as refused:
        for finding in refused.report.violations:
            say(finding.line())
        say(f"kg push: {refused} (fix the data, or pass --allow-invalid to push it anyway)")
        return 1
    total = sum(sent for sent, _ in result.graphs.values())
    if result.report.violations:
        say(f"kg push: pushed despite {len(result.report.violations)} violation(s) (--allow-invalid)")
    print(f"Pushed {len(result.graphs)} graphs ({total:,} triples) to {args.endpoint}; counts checked.")
    return 0
