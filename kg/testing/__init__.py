"""Real servers for checking Hamkori, like numpy.testing: used by tests and benchmarks, never by its stages.

from kg.testing import Virtuoso
with Virtuoso(folder) as server:          # Debian's virtuoso-t on 127.0.0.1, its own folder and ini
    server.sparql, server.gsp_auth, server.isql("checkpoint;")
"""

from __future__ import annotations

from kg.testing.virtuoso import (
    Virtuoso,
    VirtuosoError,
    VirtuosoSettings,
    virtuoso_installed,
    virtuoso_version,
)

__all__ = [
    "Virtuoso",
    "VirtuosoError",
    "VirtuosoSettings",
    "virtuoso_installed",
    "virtuoso_version",
]
