"""An empty case-study file with every field documented (``kg new``).

The scaffold is YAML in the authoring format. Required fields hold placeholders such as
``<<case-id>>``; optional fields are commented out with an example. Every field carries a
comment with its meaning, taken from the JSON Schema of the format, and the codes it accepts,
taken from the controlled vocabularies, so the scaffold cannot drift from what the loader checks.
Replace each placeholder (``fill`` does it from a mapping), delete the records you do not need,
and the file loads.

    text = scaffold(read_vocabularies(paths.vocabularies), case_id="vo-navobod", number=19)
    placeholders(text)      # the names still to fill: ['title', 'region', …]
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kg.authoring.schema import build_schema
from kg.authoring.vocab import Vocabularies

PLACEHOLDER = re.compile(r"\"<<(?P<quoted>[a-z0-9-]+)>>\"|<<(?P<bare>[a-z0-9-]+)>>")

# The records of a case-study file, in the order of data/README.md: (section, schema definition,
# fields). A field is (name, value, shown): ``value`` is the text after the colon, written with a
# placeholder where the field is required; ``shown`` is False for optional fields, which are
# commented out. Nested records are lists of such fields.
Field = tuple[str, Any, bool]

EVIDENCE: list[Field] = [
    ("lines", "<<evidence-lines>>", True),
    ("quote", '"<<evidence-quote>>"', True),
]
LAYOUT: list[tuple[str, str, list[Field], bool]] = [
    (
        "case_study",
        "caseStudy",
        [
            ("id", "<<case-id>>", True),
            ("number", "<<number>>", True),
            ("title", '"<<title>>"', True),
            ("region", "<<region>>", True),
            ("lines", '"<<case-lines>>"', True),
            ("partial", "false", False),
            ("organization", "<<organization-id>>", True),
        ],
        False,
    ),
    (
        "places",
        "place",
        [
            ("id", "<<village-id>>", True),
            ("name", '"<<village-name>>"', True),
            ("type", "village", True),
            ("in", "<<jamoat-id>>", False),
            ("aliases", "[]", False),
            ("evidence", EVIDENCE, False),
        ],
        True,
    ),
    (
        "organizations",
        "organization",
        [
            ("id", "<<organization-id>>", True),
            ("name", '"<<organization-name>>"', True),
            ("class", "<<organization-class>>", True),
            ("sector", "civil-society", False),
            ("aliases", "[]", False),
            ("part_of", "<<organization-id>>", False),
            ("based_in", "<<village-id>>", False),
            ("founded", '"04.04.2003"', False),
            ("founded_with_help_of", "[]", False),
            ("registration", "{status: not-registered}", False),
            ("heads", "[{name: Surname Name, role: Chairman}]", False),
            ("level", "jamoat", False),
            ("body_kind", "jamoat-administration", False),
            ("jurisdiction", "<<jamoat-id>>", False),
            ("evidence", EVIDENCE, False),
        ],
        True,
    ),
    (
        "communities",
        "community",
        [
            ("id", "<<community-id>>", True),
            ("name", '"<<community-name>>"', True),
            ("of", "<<village-id>>", True),
            ("aliases", "[]", False),
            ("evidence", EVIDENCE, False),
        ],
        True,
    ),
    (
        "projects",
        "project",
        [
            ("id", "<<project-id>>", True),
            ("title", '"<<project-title>>"', True),
            ("description", '"…"', False),
            ("year", "2004", False),
            ("period", "2004-2005", False),
            ("opened", "2005", False),
            ("sectors", "[]", False),
            ("places", "[<<village-id>>]", False),
            ("led_by", "<<organization-id>>", True),
            ("total", "{amount: 1000, currency: USD}", False),
            ("evidence", EVIDENCE, True),
            (
                "contributions",
                [
                    ("by", "<<contributor-id>>", True),
                    ("id", "<<project-id>>-second", False),
                    ("amount", "1000", False),
                    ("currency", "USD", False),
                    ("kind", "<<contribution-kind>>", True),
                    ("role", "<<contribution-role>>", True),
                    ("evidence", EVIDENCE, True),
                ],
                True,
            ),
            ("participants", [("by", "<<participant-id>>", True), ("evidence", EVIDENCE, True)], False),
            (
                "results",
                [
                    ("count", "<<result-count>>", True),
                    ("what", '"<<result-what>>"', True),
                    ("kind", "<<result-kind>>", True),
                    ("unit", "percent", False),
                    ("evidence", EVIDENCE, True),
                ],
                True,
            ),
        ],
        True,
    ),
    (
        "partnerships",
        "partnership",
        [
            ("id", "<<partnership-id>>", True),
            ("cso", "<<organization-id>>", True),
            ("state", "<<state-body-id>>", True),
            ("forms", "[<<collaboration-form>>]", True),
            ("project", "<<project-id>>", False),
            ("description", '"…"', False),
            ("evidence", EVIDENCE, True),
        ],
        True,
    ),
    (
        "results",
        "result",
        [
            ("of", "<<organization-id>>", True),
            ("count", "<<result-count>>", True),
            ("unit", "percent", False),
            ("what", '"<<result-what>>"', True),
            ("kind", "<<result-kind>>", True),
            ("evidence", EVIDENCE, True),
        ],
        True,
    ),
    (
        "notes",
        "note",
        [
            ("about", "<<project-id>>", True),
            ("kind", "<<note-kind>>", True),
            ("text", '"<<note-text>>"', True),
            ("evidence", EVIDENCE, True),
        ],
        True,
    ),
]
# Nested records and the schema definition that documents them.
NESTED = {
    "contributions": "contribution",
    "participants": "participant",
    "results": "result",
    "evidence": "evidenceItem",
}
SECTIONS = {
    "case_study": "required section: the case study itself",
    "places": "optional section: places only this case study uses (shared ones are in registry/places.yaml)",
    "organizations": "optional section: organizations first introduced here, the main one first",
    "communities": "optional section: 'the villagers', 'the population' when they contribute",
    "projects": "optional section: the projects, with contributions, participants and results",
    "partnerships": "optional section: a civil society organization and a state body working together",
    "results": "optional section: results reported for an organization rather than a project",
    "notes": "optional section: where the book is inconsistent or unclear (inconsistencies warn)",
}
HEADER = """\
# A new case study. Replace every <<…>> placeholder, uncomment the optional fields you need and
# delete the records you do not need; data/README.md explains the format, and `kg validate`
# names the file, line and field of anything still wrong. Evidence is a line range of the
# source text and a short quote that occurs, word for word, within those lines.
"""


# What the schema leaves undescribed, or describes for another use of the field.
COMMENTS = {
    ("caseStudy", "number"): "Position of the case study in the book",
    ("caseStudy", "lines"): "Where the case study stands in the source text, e.g. 774-818",
    ("caseStudy", "partial"): "true when the source holds only part of the case study",
    ("result", "of"): "The organization the result is reported for (required in this section)",
    ("result", "count"): "The number as printed",
    ("result", "unit"): "percent, only when the count is a percentage",
    ("project", "year"): "The year the work began (or the one year given for it), when printed",
    ("project", "period"): "Or a period such as 2004-2005 (not both)",
    ("project", "opened"): "The year its result opened, when the text gives that and not the start",
    ("contribution", "amount"): "The amount as printed, given together with currency",
    ("organization", "registration"): "{status: registered or not-registered, by: body id, date, number}",
    ("organization", "heads"): "Name and role only, never contact details",
    ("evidenceItem", "lines"): "Line range in the source text, e.g. 813-814",
}


def _comment(definitions: dict[str, Any], definition: str, name: str) -> str:
    """What a field means and which codes it takes, from the JSON Schema."""
    prop = definitions[definition]["properties"].get(name, {})
    text = COMMENTS.get((definition, name), prop.get("description", ""))
    if name == "evidence":
        text = "Evidence: line range and verbatim quote"
    elif name == "aliases":
        text = "Other spellings the text uses"
    elif prop.get("$ref", "").endswith("/money"):
        text = "Amount as printed, and currency (USD or TJS)"
    if "enum" in prop and len(prop["enum"]) > 1:
        text = f"{text}: {', '.join(str(code) for code in prop['enum'])}"
    elif prop.get("type") == "array" and "enum" in prop.get("items", {}):
        text = f"{prop['items'].get('description', text)}, a list of: {', '.join(prop['items']['enum'])}"
    required = name in definitions[definition].get("required", []) or (definition, name) == ("result", "of")
    return f"{'required' if required else 'optional'}: {text or 'an id'}"


def _record(definitions: dict[str, Any], definition: str, fields: list[Field], indent: int) -> list[str]:
    """The lines of one list item; optional fields (with everything under them) are commented out."""
    out = []
    for index, (name, value, shown) in enumerate(fields):
        lead = " " * indent + ("- " if index == 0 else "  ")
        comment = _comment(definitions, definition, name)
        if isinstance(value, list):
            block = [f"{lead}{name}:  # {comment}", *_record(definitions, NESTED[name], value, indent + 4)]
        else:
            block = [f"{lead}{name}: {value}  # {comment}"]
        out += block if shown else [_comment_out(line, indent + 2) for line in block]
    return out


def _comment_out(line: str, column: int) -> str:
    """The line commented out at ``column``, unless it already is."""
    if line[column:].startswith("#"):
        return line
    return f"{line[:column]}# {line[column:]}"


def scaffold(
    vocabularies: Vocabularies,
    *,
    case_id: str | None = None,
    number: int | None = None,
    title: str | None = None,
    region: str | None = None,
    organization: str | None = None,
) -> str:
    """The text of an empty case-study file; the given values replace their placeholders."""
    definitions = build_schema(vocabularies)["$defs"]
    parts = [HEADER]
    for section, definition, fields, listed in LAYOUT:
        parts.append(f"\n{section}:  # {SECTIONS[section]}\n")
        if listed:
            lines = _record(definitions, definition, fields, 2)
        else:
            lines = [
                f"  {name}: {value}  # {_comment(definitions, definition, name)}"
                if shown
                else f"  # {name}: {value}  # {_comment(definitions, definition, name)}"
                for name, value, shown in fields
            ]
        parts.append("\n".join(lines) + "\n")
    given = {
        "case-id": case_id,
        "number": number,
        "title": title,
        "region": region,
        "organization-id": organization,
    }
    return fill("".join(parts), {k: str(v) for k, v in given.items() if v is not None}, partial=True)


def _active(line: str) -> str:
    """The part of a line that YAML reads: not a commented-out line, not a trailing comment."""
    if line.lstrip().startswith("#"):
        return ""
    return line.split("  # ", 1)[0]


def placeholders(text: str) -> list[str]:
    """The names of the placeholders still to fill (outside comments), in order, each once."""
    found = (
        m.group("quoted") or m.group("bare")
        for line in text.splitlines()
        for m in PLACEHOLDER.finditer(_active(line))
    )
    return list(dict.fromkeys(found))


def fill(text: str, values: Mapping[str, str], *, partial: bool = False) -> str:
    """The scaffold with its placeholders replaced; quoted ones are escaped as YAML strings.

    Placeholders in comments are replaced when a value is given and left otherwise.

    Raises:
        KeyError: a placeholder outside comments has no value (unless ``partial``).
    """
    missing = [name for name in placeholders(text) if name not in values]
    if missing and not partial:
        raise KeyError(f"no value for the placeholders {', '.join(f'<<{m}>>' for m in missing)}")

    def replace(match: re.Match[str]) -> str:
        name = match.group("quoted") or match.group("bare")
        if name not in values:
            return match.group()
        value = values[name]
        return json.dumps(value, ensure_ascii=False) if match.group("quoted") else value

    return PLACEHOLDER.sub(replace, text)


def new_case_file(
    cases: Path, vocabularies: Vocabularies, case_id: str, number: int, **given: str | None
) -> Path:
    """Write the scaffold of case study ``case_id`` to ``cases/NN-case_id.yaml``.

    Raises:
        FileExistsError: the file exists already.
    """
    path = cases / f"{number:02d}-{case_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} exists; choose another id or number")
    text = scaffold(
        vocabularies,
        case_id=case_id,
        number=number,
        title=given.get("title"),
        region=given.get("region"),
        organization=given.get("organization"),
    )
    cases.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
