"""The JSON Schema of the authoring format, built from the controlled vocabularies.

``kg schema`` writes it to ``data/schema/hamkori-authoring.schema.json`` so that editors can
check YAML files while typing; the loader validates every file against the same schema.
"""

from __future__ import annotations

import json
from typing import Any

from kg.authoring.decisions import add_decision_section
from kg.authoring.drafts import add_draft_fields
from kg.authoring.vocab import Vocabularies
from kg.rdf.namespaces import ID_PATTERN

SCHEMA_ID = "https://w3id.org/hamkori/schema/authoring.schema.json"

# Organization class code → (ontology class, default actor sector).
ORGANIZATION_CLASSES: dict[str, tuple[str, str]] = {
    "ngo": ("NonGovernmentalOrganization", "civil-society"),
    "public-association": ("PublicAssociation", "civil-society"),
    "village-organization": ("VillageOrganization", "civil-society"),
    "cssc": ("CivilSocietySupportCentre", "civil-society"),
    "society": ("Society", "civil-society"),
    "cso": ("CivilSocietyOrganization", "civil-society"),
    "government-body": ("GovernmentBody", "state"),
    "international-organization": ("InternationalOrganization", "international"),
    "international-ngo": ("InternationalNGO", "donor"),
    "development-agency": ("DevelopmentAgency", "donor"),
    "embassy": ("Embassy", "donor"),
    "business": ("Business", "business"),
    "media": ("MediaOrganization", "media"),
}

CSO_CLASSES = frozenset(
    code for code, (_, sector) in ORGANIZATION_CLASSES.items() if sector == "civil-society"
)

LINES_PATTERN = r"^[1-9][0-9]*(-[1-9][0-9]*)?$"
PERIOD_PATTERN = r"^(19[0-9]{2}|20[0-9]{2})-(19[0-9]{2}|20[0-9]{2})$"


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description, **extra}


def _ref(description: str) -> dict[str, Any]:
    return {"$ref": "#/$defs/id", "description": description}


def _refs(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/id"}, "uniqueItems": True, "description": description}


def _codes(vocabularies: Vocabularies, scheme: str, description: str) -> dict[str, Any]:
    # "x-vocabulary" is ignored by validators; the loader names the scheme in its messages.
    return {
        "enum": list(vocabularies.known(scheme)),
        "description": f"{description} ({scheme} code)",
        "x-vocabulary": scheme,
    }


def _record(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _list_of(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


def build_schema(vocabularies: Vocabularies) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every file in ``data/registry`` and ``data/cases`` meets."""
    v = vocabularies
    evidence_item = _record(
        {
            "lines": {
                "description": "Line range in the source text, e.g. 813-814, or one line number",
                "oneOf": [
                    {"type": "string", "pattern": LINES_PATTERN},
                    {"type": "integer", "minimum": 1},
                ],
            },
            "quote": _text(
                "A short verbatim quote that occurs within those lines", minLength=3, maxLength=400
            ),
        },
        ["lines", "quote"],
        "A passage of the source text",
    )
    money = _record(
        {
            "amount": {"type": "number", "minimum": 0, "description": "The amount as printed"},
            "currency": _codes(v, "currency", "The currency as printed"),
        },
        ["amount", "currency"],
        "An amount of money",
    )
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN, "description": "A lowercase slug, unique in data/"},
        "evidenceItem": evidence_item,
        "evidence": {"oneOf": [{"$ref": "#/$defs/evidenceItem"}, _list_of("evidenceItem")]},
        "money": money,
        "aliases": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
        "book": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "title": _text("Title"),
                "authors": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "publisher": _text("Publisher"),
                "place_of_publication": _text("Place of publication"),
                "year": {"type": "integer", "minimum": 1800, "maximum": 2100},
                "isbn": _text("ISBN"),
                "source_text": _text("Path of the extracted text, relative to data/"),
                "note": _text("A note on the source text"),
            },
            ["id", "title", "authors", "publisher", "year", "source_text"],
            "The book the case studies come from",
        ),
        "place": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "name": _text("Name"),
                "type": _codes(v, "place-type", "Type of place"),
                "in": _ref("The place it lies in"),
                "aliases": {"$ref": "#/$defs/aliases"},
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["id", "name", "type"],
            "A place",
        ),
        "head": _record(
            {"name": _text("Name of the person"), "role": _text("Role as printed")},
            ["name", "role"],
            "The head of an organization: name and role only, never contact details",
        ),
        "registration": _record(
            {
                "status": _codes(v, "registration-status", "Registration status"),
                "by": _ref("The state body that registered it"),
                "date": _text("Date as printed"),
                "number": _text("Registration number as printed"),
            },
            ["status"],
            "Registration as a legal entity",
        ),
        "organization": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "name": _text("Name"),
                "class": {"enum": list(ORGANIZATION_CLASSES), "description": "Kind of organization"},
                "sector": _codes(v, "actor-sector", "Sector, when not the class's default"),
                "aliases": {"$ref": "#/$defs/aliases"},
                "part_of": _ref("The body it belongs to"),
                "based_in": _ref("Where it is located"),
                "level": _codes(v, "government-level", "Level of government"),
                "body_kind": _codes(v, "body-kind", "Kind of government body"),
                "jurisdiction": _ref("The place a government body governs"),
                "founded": _text("Founding date as printed"),
                "founded_with_help_of": _refs("Organizations that helped create it"),
                "registration": {"$ref": "#/$defs/registration"},
                "heads": _list_of("head"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["id", "name", "class"],
            "An organization",
        ),
        "community": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "name": _text("Name"),
                "of": _ref("The village or makhalla"),
                "aliases": {"$ref": "#/$defs/aliases"},
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["id", "name", "of"],
            "The population of a village or makhalla",
        ),
        "contribution": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "by": _ref("The contributing organization or community"),
                "amount": {"type": "number", "minimum": 0},
                "currency": _codes(v, "currency", "Currency"),
                "kind": _codes(v, "contribution-kind", "Kind of contribution"),
                "role": _codes(v, "contribution-role", "Role of the contributor"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["by", "kind", "role", "evidence"],
            "A contribution to a project",
        ),
        "result": _record(
            {
                "of": _ref("The organization the result is reported for"),
                "count": {"type": "number", "minimum": 0},
                "unit": {"enum": ["percent"]},
                "what": _text("What is counted"),
                "kind": _codes(v, "result-kind", "Kind of result"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["count", "what", "kind", "evidence"],
            "A quantitative result",
        ),
        "project": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "title": _text("Title or short description"),
                "description": _text("Description"),
                "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
                "period": {"type": "string", "pattern": PERIOD_PATTERN},
                "opened": {
                    "type": "integer",
                    "minimum": 1900,
                    "maximum": 2100,
                    "description": "The year its result (a school, a centre) opened, when the text gives "
                    "that rather than the year the work began",
                },
                "sectors": {
                    "type": "array",
                    "items": _codes(v, "sector", "Sector of work"),
                    "uniqueItems": True,
                },
                "places": _refs("Where it took place"),
                "led_by": _ref("The organization that led it"),
                "total": {"$ref": "#/$defs/money"},
                "contributions": _list_of("contribution"),
                "participants": _list_of("participant"),
                "results": _list_of("result"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["id", "title", "led_by", "evidence"],
            "A project",
        ),
        "partnership": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "cso": _ref("The civil society organization"),
                "state": _ref("The government body"),
                "forms": {
                    "type": "array",
                    "items": _codes(v, "collaboration-form", "Form of collaboration"),
                    "minItems": 1,
                    "uniqueItems": True,
                },
                "project": _ref("The project it is about"),
                "description": _text("Description"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["id", "cso", "state", "forms", "evidence"],
            "A partnership between a CSO and a state body",
        ),
        "participant": _record(
            {
                "by": _ref("The organization or community that took part"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["by", "evidence"],
            "An actor that took part in a project without a stated contribution",
        ),
        "note": _record(
            {
                "about": _ref("What the note is about"),
                "kind": _codes(v, "note-kind", "Kind of note"),
                "text": _text("The note"),
                "evidence": {"$ref": "#/$defs/evidence"},
            },
            ["about", "kind", "text"],
            "A data-quality note",
        ),
        "caseStudy": _record(
            {
                "id": {"$ref": "#/$defs/id"},
                "number": {"type": "integer", "minimum": 1},
                "title": _text("Title as printed"),
                "region": _ref("Oblast or region"),
                "lines": {"type": "string", "pattern": LINES_PATTERN},
                "partial": {"type": "boolean"},
                "organization": _ref("The main organization"),
            },
            ["id", "number", "title", "region", "lines", "organization"],
            "The case study",
        ),
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Hamkori authoring file",
        "description": "A registry or case-study file in data/. See data/README.md.",
        "type": "object",
        "properties": {
            "book": {"$ref": "#/$defs/book"},
            "case_study": {"$ref": "#/$defs/caseStudy"},
            "places": _list_of("place"),
            "organizations": _list_of("organization"),
            "communities": _list_of("community"),
            "projects": _list_of("project"),
            "partnerships": _list_of("partnership"),
            "results": {
                "type": "array",
                "items": {"allOf": [{"$ref": "#/$defs/result"}, {"required": ["of"]}]},
                "description": "Results reported for an organization: each names it with 'of'",
            },
            "notes": _list_of("note"),
        },
        "additionalProperties": False,
        "minProperties": 1,
        "$defs": defs,
    }
    # Drafts made by `kg extract` (draft: true, status: draft) and reconciliation decisions.
    return add_decision_section(add_draft_fields(schema))


def schema_json(vocabularies: Vocabularies) -> str:
    """The schema as the bytes-stable JSON text that is committed to ``data/schema/``."""
    return json.dumps(build_schema(vocabularies), indent=2, ensure_ascii=False) + "\n"
