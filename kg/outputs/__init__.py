"""Outputs: the dumps, the analysis report, the network pages, the linked-data site and graph exports.

Each writer takes what an earlier stage computed (the mapped dataset, the analysis) and writes
files; none computes findings of its own. HTML comes from the templates of ``templates/``
through ``kg.outputs.templating`` (autoescaping, one page shell).

The names below are imported on first use: the writers need pandas, networkx, pyvis or pyLODE,
and a query worker of ``kg serve`` that renders one page must not pay for all of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.outputs.dumps import DUMP_FORMATS, write_dumps
    from kg.outputs.exports import write_graph
    from kg.outputs.report import write_report
    from kg.outputs.site import SiteResult, make_release, write_site
    from kg.outputs.viz import write_all

_HOMES = {
    "DUMP_FORMATS": "kg.outputs.dumps",
    "write_dumps": "kg.outputs.dumps",
    "write_graph": "kg.outputs.exports",
    "write_report": "kg.outputs.report",
    "SiteResult": "kg.outputs.site",
    "make_release": "kg.outputs.site",
    "write_site": "kg.outputs.site",
    "write_all": "kg.outputs.viz",
}

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


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
