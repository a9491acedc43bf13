"""The stages composed: what every ``kg`` command runs, callable from a notebook.

from kg import pipeline
result = pipeline.build()          # load data/, map to RDF, validate, write build/
pipeline.query("donors").to_dataframe()
"""

from __future__ import annotations

from kg.pipeline.authoring import (
    Imported,
    NewCase,
    draft,
    import_spreadsheets,
    new_case,
    reconcile,
    schema_is_current,
    synthesize,
    write_schema,
    write_templates,
)
from kg.pipeline.pushing import InvalidData, PushResult, push
from kg.pipeline.serving import Serving, serve
from kg.pipeline.stages import (
    BuildResult,
    Progress,
    analyze,
    build,
    fill_store,
    in_background,
    library,
    load_and_map,
    open_embedded,
    publish,
    query,
    stats,
    validate,
    visualize,
)

__all__ = [
    "BuildResult",
    "Imported",
    "InvalidData",
    "NewCase",
    "Progress",
    "PushResult",
    "Serving",
    "analyze",
    "build",
    "draft",
    "fill_store",
    "import_spreadsheets",
    "in_background",
    "library",
    "load_and_map",
    "new_case",
    "open_embedded",
    "publish",
    "push",
    "query",
    "reconcile",
    "schema_is_current",
    "serve",
    "stats",
    "synthesize",
    "validate",
    "visualize",
    "write_schema",
    "write_templates",
]
