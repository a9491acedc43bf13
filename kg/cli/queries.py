"""``kg queries``: the query library, with each query's question and parameters."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "queries",
        run,
        help="list the query library",
        description="List the queries of queries/ with their questions and parameters.",
    )
    options.project(parser)


def run(args: argparse.Namespace) -> int:
    for query in pipeline.library(options.project_paths(args)).values():
        params = " ".join(
            f"--param {p.name}=<{p.kind}> (required)" if p.required else f"[--param {p.name}=<{p.kind}>]"
            for p in query.params
        )
        print(f"{query.name}  {params}".rstrip())
        print(f"    {query.title}. {query.question}")
    return 0
