"""Validation: SHACL engines behind one interface, a report that points back to file and line, and
incremental re-validation of what a change can reach.

    from kg.validation import validate_dataset
    report = validate_dataset(mapped, shapes_folder)
    report.conforms, report.violations, report.warnings
"""

from __future__ import annotations

from kg.validation.engines import ENGINES, ValidationReport, read_shapes, validate_dataset, validate_graph
from kg.validation.incremental import (
    ValidationState,
    load_validation_state,
    revalidate,
    save_validation_state,
    validation_settings,
)

__all__ = [
    "ENGINES",
    "ValidationReport",
    "ValidationState",
    "load_validation_state",
    "read_shapes",
    "revalidate",
    "save_validation_state",
    "validate_dataset",
    "validate_graph",
    "validation_settings",
]
