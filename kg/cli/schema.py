"""``kg schema``: write (or check) the JSON Schema of the authoring format."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "schema",
        run,
        help="write the JSON Schema of the authoring format",
        description="Write data/schema/hamkori-authoring.schema.json from the vocabularies.",
    )
    options.project(parser)
    options.check(parser, "only check that the committed schema is up to date")


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    if not args.check:
        print(f"wrote {paths.relative(pipeline.write_schema(paths))}")
        return 0
    shown = paths.relative(paths.schema)
    if not pipeline.schema_is_current(paths):
        say(f"kg schema: {shown} is out of date; run `kg schema` to regenerate it")
        return 1
    print(f"{shown} is up to date")
    return 0
