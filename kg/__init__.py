"""Hamkori: a knowledge graph of partnerships between civil society, the state, donors and projects.

The package is a library first; ``kg`` on the command line is a thin layer over it::

    from kg import pipeline
    result = pipeline.build()          # load data/, map to RDF, validate, write build/
    result.report.conforms

Each stage is a subpackage (``kg.authoring``, ``kg.rdf``, ``kg.mapping``, ``kg.validation``,
``kg.store``, ``kg.query``, ``kg.analysis``, ``kg.outputs``, ``kg.serve``, ``kg.extract``); its
``__init__`` names what callers may import. ARCHITECTURE.md draws them.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
