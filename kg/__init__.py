"""Hamkori: a knowledge graph of partnerships between civil society, the state, donors and projects.

The package is a library first; ``kg`` on the command line is a thin layer over it::

    from kg import pipeline
    result = pipeline.build()          # load data/, map to RDF, validate, write build/
    result.report.conforms
"""

from __future__ import annotations

__version__ = "0.1.0"
