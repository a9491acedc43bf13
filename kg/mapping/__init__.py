"""Mapping: records → RDF, one named graph per case study plus the registry, ontology and vocabularies.

IRIs are made from ids under a configurable base, so the same records always give the same
quads; unchanged graphs are read back from the build cache.
"""

from __future__ import annotations

from kg.mapping.mapper import citation, map_corpus

__all__ = ["citation", "map_corpus"]
