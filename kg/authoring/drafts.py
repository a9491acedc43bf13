"""How a draft is marked in the authoring format, and the check that keeps drafts out of a build.

``kg extract`` writes proposals as authoring files marked in two places: the file carries
``draft: true`` at the top and every record it proposes carries ``status: draft``. A person
accepts a record by deleting its ``status: draft`` line (or writing ``status: accepted``), and
the file by deleting ``draft: true``. Until then the loader refuses the file unless it is asked
to include drafts.

This module imports nothing from ``kg.authoring.loader`` so that the loader can import it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from kg.errors import Problem

DRAFT_KEY = "draft"
STATUS_KEY = "status"
DRAFT = "draft"
ACCEPTED = "accepted"

# The sections whose records may carry a status, and the record kinds inside records.
RECORD_SECTIONS = ("places", "organizations", "communities", "projects", "partnerships", "results", "notes")
NESTED_SECTIONS = ("contributions", "participants", "results")
# Schema definitions (``$defs`` names of kg.authoring.schema) that get a ``status`` field.
STATUS_DEFS = (
    "caseStudy",
    "place",
    "organization",
    "community",
    "project",
    "contribution",
    "participant",
    "result",
    "partnership",
    "note",
)

HOW_TO_ACCEPT = (
    "review it, then delete the `status: draft` line to accept it "
    "(or build with --include-drafts to look at drafts)"
)


def _line(node: Any, key: str | None = None) -> int | None:
    """The line of a node (or of one of its keys) when the YAML reader recorded it."""
    key_lines = getattr(node, "key_lines", None)
    if key is not None and isinstance(key_lines, dict) and key in key_lines:
        return int(key_lines[key])
    line = getattr(node, "line", None)
    return int(line) if isinstance(line, int) and line > 0 else None


def _records(document: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every record of a file with a readable field name, nested ones included."""
    case = document.get("case_study")
    if isinstance(case, Mapping):
        yield "case_study", case
    for section in RECORD_SECTIONS:
        items = document.get(section)
        if not isinstance(items, list):
            continue
        for number, item in enumerate(items, start=1):
            if not isinstance(item, Mapping):
                continue
            label = f"{section}[{item.get('id') or number}]"
            yield label, item
            for nested in NESTED_SECTIONS:
                children = item.get(nested)
                if isinstance(children, list):
                    for index, child in enumerate(children, start=1):
                        if isinstance(child, Mapping):
                            yield f"{label}.{nested}[{child.get('by') or index}]", child


def find_drafts(document: Mapping[str, Any], shown: str) -> list[Problem]:
    """One problem for the file's ``draft: true`` and one for each record still marked ``status: draft``.

    ``document`` is a parsed authoring file; when it comes from ``kg.authoring.files.read_yaml`` the
    problems carry line numbers. An empty list means the file holds no drafts.

    >>> find_drafts({"draft": True, "places": [{"id": "x", "status": "draft"}]}, "f.yaml")[1].field
    'places[x].status'
    """
    problems = []
    if document.get(DRAFT_KEY) is True:
        problems.append(
            Problem(
                shown,
                _line(document, DRAFT_KEY),
                DRAFT_KEY,
                "this file is a draft made by `kg extract`; review its records, then delete `draft: true` "
                "(or build with --include-drafts to look at drafts)",
            )
        )
    for label, record in _records(document):
        if record.get(STATUS_KEY) == DRAFT:
            problems.append(
                Problem(
                    shown,
                    _line(record, STATUS_KEY),
                    f"{label}.{STATUS_KEY}",
                    f"a draft record; {HOW_TO_ACCEPT}",
                )
            )
    return problems


def add_draft_fields(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the authoring JSON Schema that also allows ``draft: true`` and ``status`` fields.

    The loader still refuses drafts (see ``find_drafts``); the schema only keeps editors and
    ``--include-drafts`` from calling the markers unknown fields.
    """
    result: dict[str, Any] = copy.deepcopy(dict(schema))
    result["properties"][DRAFT_KEY] = {
        "type": "boolean",
        "description": "true while the file is a draft made by kg extract; delete it once reviewed",
    }
    for name in STATUS_DEFS:
        result["$defs"][name]["properties"][STATUS_KEY] = {
            "enum": [DRAFT, ACCEPTED],
            "description": "draft: proposed by kg extract and not yet reviewed; delete the line to accept",
        }
    return result
