"""``kg new``: the scaffold of an empty case study, every field documented."""

from __future__ import annotations

import argparse

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "new",
        run,
        help="scaffold an empty case study with every field documented",
        description="Write data/cases/NN-ID.yaml with a placeholder and a comment for every field.",
    )
    options.project(parser)
    parser.add_argument("id", help="id of the case study, e.g. vo-navobod")
    parser.add_argument("--number", type=int, required=True, help="its position in the book")
    parser.add_argument("--title", help="its title as printed")
    parser.add_argument("--region", help="its oblast or region (a place id)")
    parser.add_argument("--organization", help="its main organization (an id)")


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    with options.refusing_overwrites():
        made = pipeline.new_case(
            paths,
            args.id,
            number=args.number,
            title=args.title,
            region=args.region,
            organization=args.organization,
        )
    print(paths.relative(made.path))
    say(f"kg new: fill in {', '.join(made.placeholders)}")
    return 0
