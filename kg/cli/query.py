"""``kg query``: run a library query or a .rq file on the embedded store or a remote endpoint."""

from __future__ import annotations

import argparse
import sys

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands
from kg.errors import UsageError
from kg.rdf import formats

TEXT = "table"  # an aligned table for the terminal; the other formats are the registry's table formats


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "query",
        run,
        help="run a library query or a .rq file",
        description="Run a query of the library (by name) or a .rq file on the embedded "
        "store, or on a remote SPARQL endpoint with --endpoint. A .rq file may use Hamkori's "
        "prefixes (hk:, skos:, oa:, schema:, …) without PREFIX lines; the site's query-guide.html "
        "and queries/examples/ show how to write one.",
    )
    options.project(parser)
    parser.add_argument("name", metavar="NAME|FILE", help="a library query name or a .rq file")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter; an id is checked against the data (exit 2 with the closest ids)",
    )
    options.output_format(parser, (TEXT, *(f.name for f in formats.table_formats())), help="output format")
    options.endpoint(parser, "a remote SPARQL 1.1 endpoint instead of the embedded store")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``--param name=value`` options as a dictionary.

    Raises:
        UsageError: a pair without ``=`` or without a name.
    """
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes name=value, not {pair!r}")
        params[name] = value
    return params


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    store = options.remote_store(args) if args.endpoint else None
    table = pipeline.query(args.name, parse_params(args.param), store=store, paths=paths, base=args.base)
    sys.stdout.write(table.to_text() if args.format == TEXT else table.serialize(args.format))
    return 0
