"""What the commands share: their options, defined once so every command spells a flag the same way,
and the few steps every handler takes (finding the project, progress messages, a remote store).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

from kg.errors import UsageError
from kg.project.paths import ProjectPaths, find_project
from kg.rdf.namespaces import DEFAULT_BASE
from kg.store import Store, open_store
from kg.validation.engines import ENGINES

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # what add_subparsers returns
Handler = Callable[[argparse.Namespace], int]


def add_command(
    commands: Commands, name: str, run: Handler, *, help: str, description: str
) -> argparse.ArgumentParser:
    """The parser of ``kg NAME``, whose handler is ``run``: ``help`` is its line in ``kg --help``,
    ``description`` the head of ``kg NAME --help``."""
    parser = commands.add_parser(name, help=help, description=description)
    parser.set_defaults(run=run)
    return parser


# -- the shared options --------------------------------------------------------------------------


def project(parser: argparse.ArgumentParser) -> None:
    """--project and --base: which project, and the base IRI of its data."""
    parser.add_argument(
        "--project", type=Path, help="project folder (default: the one around the working directory)"
    )
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of the data (default: {DEFAULT_BASE})"
    )


def drafts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--include-drafts", action="store_true", help="also load files and records marked as drafts"
    )


def engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="fast",
        help="SHACL engine: 'fast' (pyshacl-turbo and Oxigraph, the default) or 'pyshacl' "
        "(the reference, minutes from 100k triples on); both give the same results",
    )


def output_format(parser: argparse.ArgumentParser, choices: Sequence[str], *, help: str) -> None:
    """--format, the first of ``choices`` by default."""
    parser.add_argument("--format", choices=choices, default=choices[0], help=help)


def out(
    parser: argparse.ArgumentParser, help: str = "output folder (default: build/ in the project)"
) -> None:
    parser.add_argument("--out", type=Path, help=help)


def quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")


def check(parser: argparse.ArgumentParser, help: str) -> None:
    """--check: look, write nothing, and exit 1 on what ``help`` says."""
    parser.add_argument("--check", action="store_true", help=help)


def endpoint(parser: argparse.ArgumentParser, help: str, *, required: bool = False) -> None:
    """--endpoint and the credentials for it (--user, --password-env)."""
    parser.add_argument("--user", help="user name for the endpoint (default: $HAMKORI_USER)")
    parser.add_argument(
        "--password-env",
        default="HAMKORI_PASSWORD",
        metavar="VAR",
        help="environment variable holding the password (default: HAMKORI_PASSWORD)",
    )
    parser.add_argument("--endpoint", metavar="URL", required=required, help=help)


# -- the steps handlers share --------------------------------------------------------------------


def say(message: str) -> None:
    """A message for the person at the terminal (stderr), apart from the command's output."""
    print(message, file=sys.stderr)


def project_paths(args: argparse.Namespace) -> ProjectPaths:
    """The project of --project, else the one around the working directory.

    Raises:
        UsageError: --project names a folder without ``data/``, or no project is found.
    """
    if args.project and not (args.project / "data").is_dir():
        raise UsageError(f"{args.project} has no data/ folder")
    return ProjectPaths(args.project) if args.project else find_project()


def progress(args: argparse.Namespace) -> Callable[[str], None]:
    """Progress messages ``kg COMMAND: …`` on stderr, or none with --quiet."""
    if getattr(args, "quiet", False):
        return lambda _: None
    return lambda message: say(f"kg {args.command}: {message}")


def remote_store(args: argparse.Namespace) -> Store:
    """The store at --endpoint, with credentials from the options or the environment."""
    return open_store(
        "sparql",
        endpoint=args.endpoint,
        gsp=getattr(args, "gsp", None),
        update=getattr(args, "update", None),
        user=args.user or os.environ.get("HAMKORI_USER"),
        password=os.environ.get(args.password_env) if args.password_env else None,
    )


@contextmanager
def refusing_overwrites(hint: str = "") -> Iterator[None]:
    """A file the command would overwrite becomes a usage error (exit 2), ``hint`` after its message."""
    try:
        yield
    except FileExistsError as exc:
        raise UsageError(f"{exc}{hint}") from None
