"""Every query Hamkori runs: documented ``.rq`` files (the library, the analysis'), run against any store."""

from __future__ import annotations

from kg.query.library import (
    LibraryQuery,
    Param,
    analysis_queries,
    analysis_query,
    parse_query_file,
    query_rows,
    read_library,
    render,
    resolve,
    run_query,
    with_prefixes,
)

__all__ = [
    "LibraryQuery",
    "Param",
    "analysis_queries",
    "analysis_query",
    "parse_query_file",
    "query_rows",
    "read_library",
    "render",
    "resolve",
    "run_query",
    "with_prefixes",
]
