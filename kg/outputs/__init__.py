"""Outputs: the dumps, the analysis report, the network pages, the linked-data site and graph exports.

Each writer takes what an earlier stage computed (the mapped dataset, the analysis) and writes
files; none computes findings of its own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kg.outputs.dumps import DUMP_FORMATS, write_dumps
from kg.outputs.exports import write_graph
from kg.outputs.report import write_report
from kg.outputs.site import SiteResult, make_release, write_site

__all__ = [
    "DUMP_FORMATS",
    "SiteResult",
    "make_release",
    "write_all",
    "write_dumps",
    "write_graph",
    "write_report",
    "write_site",
]

if TYPE_CHECKING:
    from kg.outputs.viz import write_all

# The network pages need pyvis, pandas and networkx: imported on first use, so that the other
# writers (the dumps above all) stay cheap to import.
_LAZY = {"write_all": "kg.outputs.viz"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
