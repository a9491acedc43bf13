"""``kg extract``: draft authoring files from the plain text of new case studies."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands, say
from kg.errors import UsageError
from kg.project.paths import ProjectPaths

REPORT_BESIDE = Path("")  # --report without a path: beside the drafts


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
    parser.add_argument(
        "files",
        type=Path,
        nargs="*",
        metavar="FILE.txt",
        help="the plain text to draft from (with --measure: one or more texts, each with its gold file)",
    )
    options.out(parser, help="folder for the drafts (default: data/drafts/)")
    parser.add_argument("--first-number", type=int, help="number of the first case study (default: next)")
    parser.add_argument(
        "--registry-only", action="store_true", help="link names to data/registry/ only, not to case files"
    )
    parser.add_argument(
        "--report",
        nargs="?",
        const=REPORT_BESIDE,
        type=Path,
        metavar="PATH.html",
        help="also write an HTML page for reviewing the drafts against the text (default: beside the drafts)",
    )
    measure = parser.add_argument_group("measuring the extractor")
    measure.add_argument(
        "--measure",
        action="store_true",
        help="score the drafts of FILE.txt against a gold file record by record "
        "(without FILE.txt: the book against the curated case files; with several texts: "
        "their records pooled, each miss named by its text)",
    )
    measure.add_argument(
        "--gold",
        type=Path,
        metavar="GOLD.json",
        help="the gold file (default: FILE_gold.json beside FILE.txt)",
    )
    measure.add_argument("--json", action="store_true", help="print the measurement as JSON")
    measure.add_argument(
        "--misses", action="store_true", help="list every miss and false record after the table"
    )


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    if args.measure:
        return _measure(args, paths)
    if len(args.files) != 1:
        raise UsageError(
            "give one text file to draft from (or --measure to score the extractor on the book)"
            if not args.files
            else "give one text file to draft from at a time (several only with --measure)"
        )
    with options.refusing_overwrites(" (--out DIR)"):
        written = pipeline.draft(
            args.files[0],
            paths,
            out=args.out,
            first_number=args.first_number,
            registry_only=args.registry_only,
            report=args.report,
        )
    for path in written:
        print(paths.relative(path))
    drafts = sum(path.suffix == ".yaml" for path in written)
    say(f"kg extract: {drafts} draft(s); review each record, then move the file to data/cases/")
    return 0


def _measure(args: argparse.Namespace, paths: ProjectPaths) -> int:
    from kg.extract.evaluate import evaluate
    from kg.extract.measure import measure_text, pooled

    if args.gold is not None and len(args.files) != 1:
        raise UsageError(
            "--gold needs the text it is the gold of, one text: "
            "kg extract --measure --gold GOLD.json FILE.txt"
        )
    if not args.files:
        measurement = evaluate(paths)
    else:
        if len({text.stem for text in args.files}) != len(args.files):  # before minutes of drafting
            raise UsageError("two of the texts have the same name; the misses could not be told apart")
        golds = {text: args.gold or text.with_name(f"{text.stem}_gold.json") for text in args.files}
        for gold in golds.values():
            if not gold.is_file():
                raise UsageError(f"{gold}: no gold file; give it with --gold GOLD.json")
        measured = {text.stem: measure_text(paths, text, gold) for text, gold in golds.items()}
        measurement = pooled(measured) if len(measured) > 1 else measured[args.files[0].stem]
    if args.json:
        sys.stdout.write(measurement.as_json())
        return 0
    sys.stdout.write(measurement.table())
    if args.misses:
        sys.stdout.write("\n" + measurement.listing())
    return 0
