"""The query library: documented ``.rq`` files with typed parameters, run against any store."""

from __future__ import annotations

from kg.query.library import LibraryQuery, Param, parse_query_file, read_library, render, resolve, run_query

__all__ = ["LibraryQuery", "Param", "parse_query_file", "read_library", "render", "resolve", "run_query"]
