"""Network analysis: rows read through SPARQL → networkx graphs → measures → findings.

Numbers, tables and sentences only; ``kg.outputs`` renders them as pages, charts and exports.

    from kg.analysis import analyze
    result = analyze(store)            # an Analysis: graphs, tables, findings
"""

from __future__ import annotations

from kg.analysis.findings import Analysis, analyze
from kg.analysis.network import NetworkData, collaboration, read_network_data, two_mode, typed
from kg.analysis.statements import Finding
from kg.analysis.stats import Stats, compute_stats

__all__ = [
    "Analysis",
    "Finding",
    "NetworkData",
    "Stats",
    "analyze",
    "collaboration",
    "compute_stats",
    "read_network_data",
    "two_mode",
    "typed",
]
