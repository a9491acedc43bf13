"""``kg import``: filled spreadsheet templates → authoring files in data/."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "import",
        run,
        help="turn filled templates into authoring files",
        description="Check a filled XLSX workbook or folder of CSV files and write its authoring files "
        "into data/; problems name the sheet, row and column.",
    )
    options.project(parser)
    parser.add_argument("source", type=Path, metavar="FILE.xlsx|DIR", help="the filled templates")
    parser.add_argument("--dry-run", action="store_true", help="print the files instead of writing them")


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    with options.refusing_overwrites():
        imported = pipeline.import_spreadsheets(paths, args.source, write=not args.dry_run)
    if args.dry_run:
        for name, text in imported.files.items():
            print(f"# data/{name}\n{text}")
    for path in imported.written:
        print(paths.relative(path))
    return 0
