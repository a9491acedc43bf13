"""Authoring: the files of ``data/`` → typed records that know their file and line.

The loader checks every file against the JSON Schema of the authoring format (built from the
controlled vocabularies) and the cross-file rules, and returns a ``Corpus``. Beside it: the
spreadsheet templates and importer, the scaffold of a new case study, drafts and reviewed
reconciliation decisions, and synthetic projects for scale tests.

    from kg.authoring import load_corpus
    from kg.project import find_project
    corpus = load_corpus(find_project())
"""

from __future__ import annotations

from kg.authoring.files import read_yaml
from kg.authoring.loader import load_corpus
from kg.authoring.reconcile import find_candidates, load_for_review
from kg.authoring.records import Corpus, parse_printed_date
from kg.authoring.scaffold import new_case_file, placeholders
from kg.authoring.schema import build_schema, schema_json
from kg.authoring.spreadsheet import import_tables, write_imported, write_templates
from kg.authoring.synth import cases_for_triples, synthesize
from kg.authoring.vocab import Vocabularies, read_vocabularies

__all__ = [
    "Corpus",
    "Vocabularies",
    "build_schema",
    "cases_for_triples",
    "find_candidates",
    "import_tables",
    "load_corpus",
    "load_for_review",
    "new_case_file",
    "parse_printed_date",
    "placeholders",
    "read_vocabularies",
    "read_yaml",
    "schema_json",
    "synthesize",
    "write_imported",
    "write_templates",
]
