"""``kg serve``: the SPARQL 1.1 Protocol endpoint, the query library and the linked-data site over HTTP."""

from __future__ import annotations

from kg.serve.server import SparqlService, make_server
from kg.serve.workers import QueryPool

__all__ = ["QueryPool", "SparqlService", "make_server"]
