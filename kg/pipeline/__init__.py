"""The stages composed: what ``kg build`` runs, callable from a notebook.

from kg import pipeline
result = pipeline.build()          # load data/, map to RDF, validate, write build/
pipeline.query("donors").to_dataframe()
"""

from __future__ import annotations

from kg.pipeline.stages import (
    BuildResult,
    PushResult,
    analyze,
    build,
    fill_store,
    in_background,
    library,
    load_and_map,
    open_embedded,
    publish,
    push,
    query,
    stats,
    validate,
    visualize,
)

__all__ = [
    "BuildResult",
    "PushResult",
    "analyze",
    "build",
    "fill_store",
    "in_background",
    "library",
    "load_and_map",
    "open_embedded",
    "publish",
    "push",
    "query",
    "stats",
    "validate",
    "visualize",
]
