"""Extraction: the plain text of new case studies → draft authoring files for an editor to review.

from kg.extract import Registry, extract, write_drafts
"""

from __future__ import annotations

from kg.extract.evaluate import evaluate
from kg.extract.extractor import Registry, extract, write_drafts

__all__ = ["Registry", "evaluate", "extract", "write_drafts"]
