"""``kg extract``: draft authoring files from the plain text of new case studies."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say
from kg.errors import UsageError


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "extract",
        run,
        help="draft authoring files from the text of new case studies",
        description="Split FILE.txt into case studies and write one draft authoring file per case study "
        "(draft: true, status: draft on every record) to data/drafts/, linking names to the registries.",
    )
    options.project(parser)
    parser.add_argument("file", type=Path, nargs="?", metavar="FILE.txt", help="the plain text to draft from")
    options.out(parser, help="folder for the drafts (default: data/drafts/)")
    parser.add_argument("--first-number", type=int, help="number of the first case study (default: next)")
    parser.add_argument(
        "--registry-only", action="store_true", help="link names to data/registry/ only, not to case files"
    )
    parser.add_argument(
        "--measure",
        action="store_true",
        help="score the extractor on the book against the curated case files",
    )


def run(args: argparse.Namespace) -> int:
    from kg.extract.evaluate import evaluate

    paths = options.project_paths(args)
    if args.measure:
        sys.stdout.write(evaluate(paths).table())
        return 0
    if args.file is None:
        raise UsageError("give the text file to draft from (or --measure to score the extractor on the book)")
    with options.refusing_overwrites(" (--out DIR)"):
        written = pipeline.draft(
            args.file, paths, out=args.out, first_number=args.first_number, registry_only=args.registry_only
        )
    for path in written:
        print(paths.relative(path))
    say(f"kg extract: {len(written)} draft(s); review each record, then move the file to data/cases/")
    return 0
