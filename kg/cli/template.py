"""``kg template``: the CSV and XLSX templates for entering case studies in a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "template",
        run,
        help="write the CSV and XLSX templates",
        description="Write the spreadsheet templates (case_studies, organizations, projects, contributions).",
    )
    options.project(parser)
    parser.add_argument("folder", type=Path, nargs="?", help="output folder (default: data/templates/)")


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    for path in pipeline.write_templates(paths, args.folder):
        print(paths.relative(path))
    return 0
