"""``kg serve``: the embedded store as a SPARQL 1.1 endpoint, with the query library and the site."""

from __future__ import annotations

import argparse
import os

from kg import pipeline
from kg.cli import options
from kg.cli.options import Commands
from kg.errors import UsageError


def register(commands: Commands) -> None:
    parser = options.add_command(
        commands,
        "serve",
        run,
        help="a local read-only SPARQL endpoint",
        description="Serve the embedded store as a SPARQL 1.1 Protocol endpoint with a "
        "query page, on this machine.",
    )
    options.project(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds a query may take from its arrival, waiting included (default: 30)",
    )
    parser.add_argument(
        "--max-result-bytes", type=int, default=50_000_000, help="largest result sent (default: 50 MB)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="query worker processes started at once (default: 2)"
    )
    parser.add_argument(
        "--max-workers",
        type=int,
        default=4,
        help="most query worker processes, started while slow queries hold the others (default: 4)",
    )
    parser.add_argument(
        "--worker-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="data memory one query worker may hold besides its copy of the data, in MiB; 0 for no "
        "limit (default: 1024)",
    )
    parser.add_argument(
        "--on-disk",
        action="store_true",
        help="answer from the on-disk store only, without a copy of the data in each worker's memory "
        "(less memory, large listings several times slower)",
    )
    parser.add_argument(
        "--allow-service", action="store_true", help="allow federated SERVICE calls (off by default)"
    )
    parser.add_argument(
        "--allow-updates",
        action="store_true",
        help="accept SPARQL updates with the token of --token-env (read-only by default)",
    )
    parser.add_argument(
        "--token-env",
        default="HAMKORI_UPDATE_TOKEN",
        metavar="VAR",
        help="environment variable holding the update token (default: HAMKORI_UPDATE_TOKEN)",
    )


def update_token(args: argparse.Namespace) -> str | None:
    """The token of --token-env with --allow-updates, else None.

    Raises:
        UsageError: --allow-updates without a token in the environment.
    """
    if not args.allow_updates:
        return None
    token = os.environ.get(args.token_env)
    if not token:
        raise UsageError(f"--allow-updates needs a token in the environment variable {args.token_env}")
    return token


def run(args: argparse.Namespace) -> int:
    paths = options.project_paths(args)
    serving = pipeline.serve(
        paths,
        base=args.base,
        host=args.host,
        port=args.port,
        workers=args.workers,
        max_workers=args.max_workers,
        timeout=args.timeout,
        max_result_bytes=args.max_result_bytes,
        worker_memory=args.worker_memory * 2**20 if args.worker_memory > 0 else None,
        in_memory=not args.on_disk,
        allow_service=args.allow_service,
        update_token=update_token(args),
        progress=options.progress(args),
    )
    print(
        f"Serving http://{args.host}:{serving.port}/ (the site), /sparql (the SPARQL endpoint), "
        "/queries (the library)"
    )
    serving.serve_forever()
    return 0
