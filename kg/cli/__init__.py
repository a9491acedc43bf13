"""The ``kg`` command: one module per command, its options beside its handler.

A handler builds its inputs from the options, calls one library function (``kg.pipeline`` composes
the stages) and prints; Hamkori's errors become a message and an exit code here, and only here.

Exit codes: 0 success (validation warnings allowed); 1 validation violations, or with ``--check``
something out of date or to review; 2 input or usage error; 3 the system refused to write (disk
full, file too large, read-only folder: the previous build is untouched); 130 interrupted.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kg import __version__
from kg.cli import (
    analyze,
    build,
    extract,
    import_,
    new,
    publish,
    push,
    queries,
    query,
    reconcile,
    schema,
    serve,
    stats,
    synth,
    template,
    validate,
    viz,
)
from kg.cli.options import Handler, say
from kg.errors import HamkoriError, OutputError
from kg.project.generations import REFUSALS

__all__ = ["COMMANDS", "build_parser", "main"]

# In the order of `kg --help`: the build and what it checks, queries, outputs, authoring.
COMMANDS = (
    build,
    validate,
    stats,
    schema,
    queries,
    query,
    push,
    analyze,
    viz,
    publish,
    synth,
    serve,
    extract,
    reconcile,
    template,
    import_,
    new,
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``kg`` and all its commands."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Hamkori: a knowledge graph of partnerships between civil society, the state and donors.",
    )
    parser.add_argument("--version", action="version", version=f"hamkori {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` (default: the command line) and return its exit code."""
    args = build_parser().parse_args(argv)
    run: Handler = args.run
    try:
        return run(args)
    except HamkoriError as exc:
        say(f"kg {args.command}: {exc}")
        return exc.exit_code
    except OSError as exc:
        if exc.errno not in REFUSALS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        say(f"kg {args.command}: the system refused to write: {exc.strerror}{where}")
        return OutputError.exit_code
    except KeyboardInterrupt:
        say("interrupted")
        return 130
