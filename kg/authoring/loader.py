"""Read the YAML files of ``data/`` into checked records (``kg.authoring.records.Corpus``).

Every problem is reported with its file, line and field, and all problems of a run are
reported together, so an editor can fix a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match

from kg.authoring.decisions import SECTION as DECISIONS
from kg.authoring.decisions import Decision, apply_decisions, check_decisions, read_decisions
from kg.authoring.drafts import find_drafts
from kg.authoring.files import (
    NON_DECIMAL,
    UNSAFE_CHARACTER,
    LineDict,
    LineList,
    read_regular_file,
    read_text_file,
    read_yaml,
)
from kg.authoring.records import (
    Book,
    CaseStudy,
    Community,
    Contribution,
    Corpus,
    Evidence,
    Head,
    Located,
    Money,
    Note,
    Organization,
    Participation,
    Partnership,
    Place,
    Project,
    Registration,
    Result,
    parse_printed_date,
)
from kg.authoring.schema import CSO_CLASSES, LINES_PATTERN, ORGANIZATION_CLASSES, PERIOD_PATTERN, build_schema
from kg.authoring.vocab import Vocabularies, read_vocabularies
from kg.errors import InputError, Origin, Problem
from kg.project.cache import Cache, code_digest, digest
from kg.project.paths import ProjectPaths

# No date or year in the data may be earlier (the book's year has the same floor in the schema).
EARLIEST_YEAR = 1800

# ---------------------------------------------------------------------------------------------
# Schema check with readable messages
# ---------------------------------------------------------------------------------------------


def _locate(document: LineDict, path: list[str | int]) -> tuple[int, str]:
    """The line and a readable field name for a JSON path into ``document``."""
    node: Any = document
    line = document.line
    parts: list[str] = []
    for step in path:
        if isinstance(node, LineDict) and isinstance(step, str) and step in node:
            line = node.key_lines.get(step, line)
            parts.append(step if not parts else f".{step}")
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            item = node[step]
            label = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{label}]" if isinstance(label, str) else f"[{step + 1}]")
            node = item
        else:
            break
    return line, "".join(parts) or "(top level)"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, bool):
        return f"true/false value {str(value).lower()}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"date {value.isoformat()} (put it in quotes to keep it as printed)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


_JSON_TYPES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
}


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _message(error: ValidationError) -> tuple[list[str | int], str]:
    """A sentence for one schema error, and the path it is about."""
    path = list(error.absolute_path)
    validator, value = error.validator, error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        unknown = [key for key in value if key not in allowed]
        key = unknown[0]
        hint = _suggest(key, allowed)
        if " " in key:
            hint = "; a comma or colon in unquoted text splits it, so put the text in double quotes"
        elif key.isdigit():
            hint = "; a comma inside {…} splits a number such as 11,000, so write it without the comma"
        return [*path, key], f"unknown field {key!r}{hint} (allowed: {', '.join(allowed)})"
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return path, f"missing required field {missing[0] if missing else error.message!r}"
    if validator == "enum":
        choices = [str(c) for c in error.validator_value]  # type: ignore[union-attr]
        hint = _suggest(str(value), choices) or _suggest(str(value).lower(), [c.lower() for c in choices])
        if "x-vocabulary" in schema:
            what = f"{schema['x-vocabulary']} code"
        else:
            description = str(schema.get("description", "value"))
            what = description[:1].lower() + description[1:]
        return path, f"{value!r} is not a known {what}{hint} (known: {', '.join(choices)})"
    if validator == "type":
        expected = _JSON_TYPES.get(str(error.validator_value), str(error.validator_value))
        hint = ""
        if (
            error.validator_value in ("number", "integer")
            and isinstance(value, str)
            and NON_DECIMAL.match(value)
        ):
            hint = (
                "; write numbers in plain decimal, without a leading zero, 0x, 0o, 0b, colons or underscores"
            )
        return path, f"expected {expected}, found {_describe(value)}{hint}"
    if validator == "minimum":
        return path, f"must be at least {error.validator_value}, found {value!r}"
    if validator == "maximum":
        return path, f"must be at most {error.validator_value}, found {value!r}"
    if validator == "pattern":
        if schema.get("description", "").startswith("A lowercase slug"):
            return path, f"{value!r} is not a valid id: use a lowercase slug such as 'vo-sino'"
        forms = {
            LINES_PATTERN: "a line number or a range such as 813-814",
            PERIOD_PATTERN: "a period of two years such as 2004-2005, between 1900 and 2099",
        }
        expected = forms.get(
            str(error.validator_value), str(schema.get("description", "the documented form"))
        )
        return path, f"{value!r} is not {expected}"
    if validator == "minProperties":
        return path, "the file has no sections"
    if validator == "maxLength":
        return path, f"is {len(str(value))} characters long; the limit is {error.validator_value}"
    if validator == "uniqueItems":
        return path, "lists the same item twice"
    return path, error.message


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf errors, the most relevant error among the alternatives."""
    while error.context:
        # An alternative rejected only for its type says less than one that matched the type.
        depth = len(error.absolute_path)
        informative = [
            e for e in error.context if not (e.validator == "type" and len(e.absolute_path) == depth)
        ]
        best = best_match(informative or error.context)
        if best is None:
            break
        error = best
    return error


# JSON Schema counts 2004.0 as an integer; an authoring file that writes it has the wrong type.
STRICT_VALIDATOR = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


def non_finite_numbers(node: Any, path: list[str | int]) -> Iterator[list[str | int]]:
    """Paths of NaN and infinite numbers, which pass 'minimum: 0' (every comparison with NaN is false)."""
    if isinstance(node, float) and not math.isfinite(node):
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from non_finite_numbers(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from non_finite_numbers(value, [*path, index])


def has_integral_floats(node: Any) -> bool:
    """Whether a number like 2004.0 occurs, which only the strict validator refuses as an integer."""
    if isinstance(node, float):
        return node.is_integer()
    if isinstance(node, dict):
        return any(has_integral_floats(value) for value in node.values())
    if isinstance(node, list):
        return any(has_integral_floats(value) for value in node)
    return False


class SchemaChecker:
    """The authoring schema, checked fast by jsonschema-rs and explained by jsonschema.

    jsonschema-rs (Rust) only says whether a document is valid; a document it refuses, or one
    with a number like 2004.0 that the strict integer rule concerns, goes to the Python validator,
    whose errors carry the paths that the messages need.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.fast = jsonschema_rs.validator_for(schema)
        self.strict = STRICT_VALIDATOR(schema)

    def iter_errors(self, document: LineDict) -> Iterator[ValidationError]:
        try:
            if not has_integral_floats(document) and self.fast.is_valid(document):
                return iter(())
        except ValueError:  # a value JSON has no type for (an unquoted date): the strict validator names it
            pass
        return iter(self.strict.iter_errors(document))


def unsafe_characters(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    """The path and a description of each text (field name or value) with a character no text may hold."""
    if isinstance(node, str):
        if found := UNSAFE_CHARACTER.search(node):
            code = ord(found.group())
            what = (
                "a lone surrogate"
                if 0xD800 <= code <= 0xDFFF
                else "a non-character"
                if code >= 0xFFFE
                else "a control character"
            )
            yield path, f"contains {what}, U+{code:04X}, at character {found.start() + 1}: remove it"
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from unsafe_characters(key, [*path, key])
            yield from unsafe_characters(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from unsafe_characters(value, [*path, index])


def check_schema(
    document: LineDict, shown: str, validator: jsonschema.protocols.Validator | SchemaChecker
) -> list[Problem]:
    problems = []
    for path in non_finite_numbers(document, []):
        line, field_name = _locate(document, path)
        problems.append(Problem(shown, line, field_name, "must be a finite number, not NaN or infinity"))
    for path, message in unsafe_characters(document, []):
        line, field_name = _locate(document, path)
        problems.append(Problem(shown, line, field_name, message))
    for error in validator.iter_errors(document):
        path, message = _message(_deepest(error))
        line, field_name = _locate(document, path)
        problems.append(Problem(shown, line, field_name, message))
    return problems


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Whitespace folded to single spaces, as evidence quotes are compared."""
    return " ".join(text.split())


def normalized_name(name: str) -> str:
    """A name reduced to compare look-alikes: NFKC, case-folded, without accents or punctuation."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


RECORD_LISTS = (
    "places",
    "organizations",
    "communities",
    "cases",
    "projects",
    "partnerships",
    "results",
    "notes",
)


@dataclass(frozen=True)
class FileRecords:
    """What one authoring file gave: its records by list name, its book and its decisions."""

    records: dict[str, list[Any]]
    book: Book | None
    decisions: list[Decision]


@dataclass
class _Builder:
    """Collects records and problems across all files."""

    paths: ProjectPaths
    vocabularies: Vocabularies
    problems: list[Problem] = field(default_factory=list)
    book: Book | None = None
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    cases: list[CaseStudy] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)

    def problem(self, origin: Origin, field_name: str | None, message: str) -> None:
        self.problems.append(Problem(origin.path, origin.line, field_name, message))

    def sizes(self) -> tuple[int, ...]:
        return tuple(len(getattr(self, name)) for name in RECORD_LISTS)

    def records_since(self, sizes: tuple[int, ...]) -> dict[str, list[Any]]:
        """The records read since ``sizes()`` returned ``sizes``, by list name."""
        return {name: getattr(self, name)[size:] for name, size in zip(RECORD_LISTS, sizes, strict=True)}

    def absorb(self, records: dict[str, list[Any]]) -> None:
        for name, items in records.items():
            getattr(self, name).extend(items)

    # -- small readers --------------------------------------------------------------------

    @staticmethod
    def origin(shown: str, node: LineDict, key: str | None = None) -> Origin:
        if key is not None and key in node.key_lines:
            return Origin(shown, node.key_lines[key])
        return Origin(shown, node.line)

    def evidence(self, shown: str, node: LineDict) -> tuple[Evidence, ...]:
        raw = node.get("evidence")
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        lines = raw.item_lines if isinstance(raw, LineList) else [node.key_lines["evidence"]]
        found = []
        for item, line in zip(items, lines, strict=True):
            value = item["lines"]
            # JSON Schema counts 8.0 as an integer; keep it a line number, not the text "8.0".
            start, _, end = (str(int(value)) if isinstance(value, (int, float)) else str(value)).partition(
                "-"
            )
            found.append(
                Evidence(int(start), int(end or start), fold(str(item["quote"])), Origin(shown, line))
            )
        return tuple(found)

    @staticmethod
    def money(node: LineDict | None) -> Money | None:
        if node is None:
            return None
        return Money(Decimal(str(node["amount"])), str(node["currency"]))

    # -- sections -------------------------------------------------------------------------

    def read_file(self, document: LineDict, shown: str) -> None:
        case_id = None
        if "case_study" in document:
            case_id = self.read_case(document["case_study"], shown)
        elif any(key in document for key in ("projects", "partnerships", "results", "notes")):
            self.problem(
                Origin(shown, document.line),
                "case_study",
                "projects, partnerships, results and notes belong in a case-study file "
                "with a case_study section",
            )
        if "book" in document:
            self.read_book(document["book"], shown)
        for number, node in enumerate(document.get(DECISIONS, None) or [], start=1):
            if "date" in node:
                where = self.origin(shown, node, "date")
                self.check_date(str(node["date"]), where, f"{DECISIONS}[{number}].date")
        for node in document.get("places", []):
            self.read_place(node, shown, case_id)
        for node in document.get("organizations", []):
            self.read_organization(node, shown, case_id)
        for node in document.get("communities", []):
            self.read_community(node, shown, case_id)
        if case_id is None:
            return
        for node in document.get("projects", []):
            self.read_project(node, shown, case_id)
        for node in document.get("partnerships", []):
            self.read_partnership(node, shown, case_id)
        for number, node in enumerate(document.get("results", []), start=1):
            self.results.append(self.read_result(node, shown, str(node["of"]), f"{case_id}-result-{number}"))
        for number, node in enumerate(document.get("notes", []), start=1):
            self.notes.append(
                Note(
                    id=f"{case_id}-note-{number}",
                    about=str(node["about"]),
                    kind=str(node["kind"]),
                    text=str(node["text"]).strip(),
                    evidence=self.evidence(shown, node),
                    case=case_id,
                    origin=self.origin(shown, node),
                    at=node.key_lines,
                )
            )

    def read_book(self, node: LineDict, shown: str) -> None:
        if self.book is not None:
            self.problem(
                self.origin(shown, node), "book", f"a second book; the first is in {self.book.origin}"
            )
            return
        self.book = Book(
            id=node["id"],
            title=node["title"],
            authors=tuple(node["authors"]),
            publisher=node["publisher"],
            place_of_publication=node.get("place_of_publication", ""),
            year=node["year"],
            isbn=str(node.get("isbn", "")),
            source_text=node["source_text"],
            note=node.get("note"),
            origin=self.origin(shown, node),
        )
        self.check_year(int(node["year"]), self.origin(shown, node, "year"), "book.year")

    def read_case(self, node: LineDict, shown: str) -> str:
        start, _, end = str(node["lines"]).partition("-")
        self.cases.append(
            CaseStudy(
                id=node["id"],
                number=int(node["number"]),
                title=str(node["title"]).strip(),
                region=node["region"],
                line_start=int(start),
                line_end=int(end or start),
                partial=bool(node.get("partial", False)),
                organization=node["organization"],
                origin=self.origin(shown, node),
                at=node.key_lines,
            )
        )
        return str(node["id"])

    def read_place(self, node: LineDict, shown: str, case_id: str | None) -> None:
        self.places.append(
            Place(
                id=node["id"],
                name=node["name"],
                type=node["type"],
                within=node.get("in"),
                aliases=tuple(node.get("aliases", ())),
                evidence=self.evidence(shown, node),
                case=case_id,
                origin=self.origin(shown, node),
                at=node.key_lines,
            )
        )

    def read_organization(self, node: LineDict, shown: str, case_id: str | None) -> None:
        cls = node["class"]
        origin = self.origin(shown, node)
        government_fields = ("level", "body_kind", "jurisdiction")
        if cls == "government-body":
            for name in government_fields:
                if name not in node:
                    self.problem(
                        origin,
                        f"[{node['id']}].{name}",
                        f"missing required field {name!r} for a government body",
                    )
        else:
            for name in government_fields:
                if name in node:
                    self.problem(
                        self.origin(shown, node, name),
                        f"[{node['id']}].{name}",
                        f"{name!r} is only for government bodies, and this is a {cls!r}",
                    )
        registration = None
        if "registration" in node:
            reg = node["registration"]
            registration = Registration(reg["status"], reg.get("by"), reg.get("date"), reg.get("number"))
            if reg.get("date"):
                self.check_date(
                    str(reg["date"]), self.origin(shown, reg, "date"), f"[{node['id']}].registration.date"
                )
        if "founded" in node:
            self.check_date(
                str(node["founded"]), self.origin(shown, node, "founded"), f"[{node['id']}].founded"
            )
        self.organizations.append(
            Organization(
                id=node["id"],
                name=node["name"],
                cls=cls,
                sector=node.get("sector", ORGANIZATION_CLASSES[cls][1]),
                aliases=tuple(node.get("aliases", ())),
                part_of=node.get("part_of"),
                based_in=node.get("based_in"),
                level=node.get("level"),
                body_kind=node.get("body_kind"),
                jurisdiction=node.get("jurisdiction"),
                founded=str(node["founded"]) if "founded" in node else None,
                founded_with_help_of=tuple(node.get("founded_with_help_of", ())),
                registration=registration,
                heads=tuple(Head(h["name"], h["role"]) for h in node.get("heads", ())),
                evidence=self.evidence(shown, node),
                case=case_id,
                origin=origin,
                at=node.key_lines,
            )
        )

    def check_date(self, text: str, origin: Origin, field_name: str) -> None:
        """A printed date must name a real day, and neither one after today nor one before 1800.

        A date in words ("August 2002") is checked by the years written in it.
        """
        try:
            parsed = parse_printed_date(text)
        except ValueError:
            self.problem(origin, field_name, f"{text!r} is not a real date")
            return
        if isinstance(parsed, dt.date):
            if parsed > self.today:
                self.problem(origin, field_name, f"{text!r} is after today ({self.today.isoformat()})")
                return
            years = [parsed.year]
        elif isinstance(parsed, int):
            years = [parsed]
        else:
            years = [int(year) for year in re.findall(r"(?<![0-9])[0-9]{4}(?![0-9])", text)]
        for year in years:
            self.check_year(year, origin, field_name, text)

    def check_year(self, year: int, origin: Origin, field_name: str, text: str | None = None) -> None:
        """A year may be neither after this one nor before 1800 (the schema's floor for the book)."""
        shown = repr(text) if text is not None else str(year)
        if year > self.today.year:
            self.problem(origin, field_name, f"{shown} is after this year ({self.today.year})")
        elif year < EARLIEST_YEAR:
            self.problem(origin, field_name, f"{shown} is before {EARLIEST_YEAR}: a mistyped year?")

    def read_community(self, node: LineDict, shown: str, case_id: str | None) -> None:
        self.communities.append(
            Community(
                id=node["id"],
                name=node["name"],
                of=node["of"],
                aliases=tuple(node.get("aliases", ())),
                evidence=self.evidence(shown, node),
                case=case_id,
                origin=self.origin(shown, node),
                at=node.key_lines,
            )
        )

    def read_result(self, node: LineDict, shown: str, owner: str, result_id: str) -> Result:
        return Result(
            id=result_id,
            owner=owner,
            count=Decimal(str(node["count"])),
            unit=node.get("unit"),
            what=str(node["what"]).strip(),
            kind=node["kind"],
            evidence=self.evidence(shown, node),
            origin=self.origin(shown, node),
            at=node.key_lines,
        )

    def read_project(self, node: LineDict, shown: str, case_id: str) -> None:
        project_id = str(node["id"])
        origin = self.origin(shown, node)
        start_year = end_year = None
        if "year" in node and "period" in node:
            self.problem(origin, f"[{project_id}].period", "give either year or period, not both")
        if "year" in node:
            start_year = int(node["year"])
            self.check_year(start_year, self.origin(shown, node, "year"), f"[{project_id}].year")
        elif "period" in node:
            first, _, last = str(node["period"]).partition("-")
            start_year, end_year = int(first), int(last)
            if end_year < start_year:
                self.problem(
                    self.origin(shown, node, "period"),
                    f"[{project_id}].period",
                    f"the period {node['period']!r} ends before it starts",
                )
            else:
                self.check_year(
                    end_year,
                    self.origin(shown, node, "period"),
                    f"[{project_id}].period",
                    str(node["period"]),
                )
        opening_year = None
        if "opened" in node:
            opening_year = int(node["opened"])
            self.check_year(opening_year, self.origin(shown, node, "opened"), f"[{project_id}].opened")
            if start_year is not None and opening_year < start_year:
                self.problem(
                    self.origin(shown, node, "opened"),
                    f"[{project_id}].opened",
                    f"the project opens ({opening_year}) before it starts ({start_year})",
                )
        contributions = []
        for node_c in node.get("contributions", []):
            c_origin = self.origin(shown, node_c)
            if ("amount" in node_c) != ("currency" in node_c):
                self.problem(
                    c_origin,
                    f"[{project_id}].contributions[{node_c['by']}]",
                    "give amount and currency together, or neither",
                )
            money = (
                Money(Decimal(str(node_c["amount"])), node_c["currency"])
                if "amount" in node_c and "currency" in node_c
                else None
            )
            contributions.append(
                Contribution(
                    id=str(node_c.get("id") or f"{project_id}-{node_c['by']}"),
                    project=project_id,
                    by=node_c["by"],
                    money=money,
                    kind=node_c["kind"],
                    role=node_c["role"],
                    evidence=self.evidence(shown, node_c),
                    origin=c_origin,
                    at=node_c.key_lines,
                )
            )
        participants = tuple(
            Participation(
                id=f"{project_id}-{node_p['by']}",
                project=project_id,
                by=node_p["by"],
                evidence=self.evidence(shown, node_p),
                origin=self.origin(shown, node_p),
                at=node_p.key_lines,
            )
            for node_p in node.get("participants", [])
        )
        results = tuple(
            self.read_result(node_r, shown, project_id, f"{project_id}-result-{number}")
            for number, node_r in enumerate(node.get("results", []), start=1)
        )
        self.projects.append(
            Project(
                id=project_id,
                title=str(node["title"]).strip(),
                description=node.get("description"),
                start_year=start_year,
                end_year=end_year,
                opening_year=opening_year,
                sectors=tuple(node.get("sectors", ())),
                places=tuple(node.get("places", ())),
                led_by=node["led_by"],
                total=self.money(node.get("total")),
                contributions=tuple(contributions),
                participants=participants,
                results=results,
                evidence=self.evidence(shown, node),
                case=case_id,
                origin=origin,
                at=node.key_lines,
            )
        )

    def read_partnership(self, node: LineDict, shown: str, case_id: str) -> None:
        self.partnerships.append(
            Partnership(
                id=node["id"],
                cso=node["cso"],
                state=node["state"],
                forms=tuple(node["forms"]),
                project=node.get("project"),
                description=node.get("description"),
                evidence=self.evidence(shown, node),
                case=case_id,
                origin=self.origin(shown, node),
                at=node.key_lines,
            )
        )


# ---------------------------------------------------------------------------------------------
# Cross-file checks
# ---------------------------------------------------------------------------------------------


def _all_evidence(builder: _Builder) -> Iterator[tuple[Evidence, str | None]]:
    """Each evidence item with the case study whose lines it must fall in (None: anywhere)."""
    for group in (builder.places, builder.organizations, builder.communities):
        for record in group:
            for item in record.evidence:
                yield item, record.case
    for project in builder.projects:
        for item in project.evidence:
            yield item, project.case
        parts: tuple[Contribution | Result | Participation, ...] = (
            *project.contributions,
            *project.results,
            *project.participants,
        )
        for part in parts:
            for item in part.evidence:
                yield item, project.case
    for partnership in builder.partnerships:
        for item in partnership.evidence:
            yield item, partnership.case
    for note in builder.notes:
        for item in note.evidence:
            yield item, note.case
    case_of_file = {c.origin.path: c.id for c in builder.cases}
    for result in builder.results:
        case = case_of_file.get(result.origin.path)
        for item in result.evidence:
            yield item, case


def check_evidence(builder: _Builder, source_lines: tuple[str, ...]) -> None:
    cases = {case.id: case for case in builder.cases}
    for study in builder.cases:
        if study.line_end > len(source_lines) or study.line_end < study.line_start:
            builder.problem(
                study.where("lines"),
                "case_study.lines",
                f"lines {study.line_start}-{study.line_end} are not within the source text "
                f"(1-{len(source_lines)})",
            )
    for item, case_id in _all_evidence(builder):
        where = "evidence"
        if len(item.quote) < 3:
            builder.problem(
                item.origin, where, "the quote is empty or too short: copy a phrase of the source"
            )
            continue
        if item.line_end < item.line_start or item.line_end > len(source_lines):
            builder.problem(
                item.origin,
                where,
                f"lines {item.line_start}-{item.line_end} are not within the source text "
                f"(1-{len(source_lines)})",
            )
            continue
        case = cases.get(case_id) if case_id else None
        if case and not (case.line_start <= item.line_start and item.line_end <= case.line_end):
            builder.problem(
                item.origin,
                where,
                f"lines {item.line_start}-{item.line_end} are outside the case study "
                f"{case.id!r} (lines {case.line_start}-{case.line_end})",
            )
            continue
        passage = fold(" ".join(source_lines[item.line_start - 1 : item.line_end]))
        if item.quote not in passage:
            builder.problem(
                item.origin,
                where,
                f"the quote {item.quote[:80]!r} does not occur in lines "
                f"{item.line_start}-{item.line_end} (they read: {passage[:120]!r}…)",
            )


def check_references(builder: _Builder) -> None:
    """Ids are unique and every reference names a record of the right kind."""
    kinds: dict[str, tuple[str, Origin]] = {}
    entities: list[tuple[str, str, Origin]] = [
        *((p.id, "place", p.origin) for p in builder.places),
        *(
            (o.id, "government" if o.is_government else "organization", o.origin)
            for o in builder.organizations
        ),
        *((c.id, "community", c.origin) for c in builder.communities),
        *((p.id, "project", p.origin) for p in builder.projects),
        *((p.id, "partnership", p.origin) for p in builder.partnerships),
    ]
    for entity_id, kind, origin in entities:
        if entity_id in kinds:
            builder.problem(
                origin, "id", f"duplicate id {entity_id!r}: already used in {kinds[entity_id][1]}"
            )
        else:
            kinds[entity_id] = (kind, origin)
    seen_cases: dict[str, Origin] = {}
    for case in builder.cases:
        if case.id in seen_cases:
            builder.problem(
                case.origin,
                "case_study.id",
                f"duplicate case study id {case.id!r}: already used in {seen_cases[case.id]}",
            )
        seen_cases.setdefault(case.id, case.origin)
    seen_contributions: dict[str, Origin] = {}
    for contribution in (c for p in builder.projects for c in p.contributions):
        if contribution.id in seen_contributions:
            builder.problem(
                contribution.origin,
                "contributions",
                f"contribution id {contribution.id!r} is used twice "
                f"(also {seen_contributions[contribution.id]}); "
                "give each contribution of the same contributor an id",
            )
        seen_contributions.setdefault(contribution.id, contribution.origin)
    cso_ids = {o.id for o in builder.organizations if o.cls in CSO_CLASSES}

    def expect(record: Located, key: str, value: str | None, allowed: set[str], field_name: str) -> None:
        if value is None:
            return
        what = " or ".join(sorted(allowed))
        if value not in kinds:
            hint = _suggest(value, [k for k, (kind, _) in kinds.items() if kind in allowed])
            builder.problem(record.where(key), field_name, f"unknown {what} {value!r}{hint}")
        elif kinds[value][0] not in allowed:
            found = kinds[value][0]
            builder.problem(
                record.where(key),
                field_name,
                f"{value!r} is {_article(found)} {found}, but {_article(what)} {what} is expected here",
            )

    organization = {"organization", "government"}
    actor = organization | {"community"}
    for place in builder.places:
        expect(place, "in", place.within, {"place"}, f"[{place.id}].in")
    for org in builder.organizations:
        expect(org, "part_of", org.part_of, organization, f"[{org.id}].part_of")
        expect(org, "based_in", org.based_in, {"place"}, f"[{org.id}].based_in")
        expect(org, "jurisdiction", org.jurisdiction, {"place"}, f"[{org.id}].jurisdiction")
        for helper in org.founded_with_help_of:
            expect(org, "founded_with_help_of", helper, organization, f"[{org.id}].founded_with_help_of")
        if org.registration:
            expect(org, "registration", org.registration.by, {"government"}, f"[{org.id}].registration.by")
    for community in builder.communities:
        expect(community, "of", community.of, {"place"}, f"[{community.id}].of")
    for case in builder.cases:
        expect(case, "region", case.region, {"place"}, "case_study.region")
        expect(case, "organization", case.organization, organization, "case_study.organization")
    for project in builder.projects:
        expect(project, "led_by", project.led_by, organization, f"[{project.id}].led_by")
        for place_id in project.places:
            expect(project, "places", place_id, {"place"}, f"[{project.id}].places")
        for contribution in project.contributions:
            field_name = f"[{project.id}].contributions[{contribution.by}].by"
            expect(contribution, "by", contribution.by, actor, field_name)
        for participation in project.participants:
            field_name = f"[{project.id}].participants[{participation.by}].by"
            expect(participation, "by", participation.by, actor, field_name)
    for partnership in builder.partnerships:
        expect(partnership, "state", partnership.state, {"government"}, f"[{partnership.id}].state")
        expect(partnership, "project", partnership.project, {"project"}, f"[{partnership.id}].project")
        if partnership.cso not in cso_ids:
            expect(partnership, "cso", partnership.cso, {"organization"}, f"[{partnership.id}].cso")
            if partnership.cso in kinds and kinds[partnership.cso][0] == "organization":
                builder.problem(
                    partnership.where("cso"),
                    f"[{partnership.id}].cso",
                    f"{partnership.cso!r} is not a civil society organization",
                )
    for result in builder.results:
        expect(result, "of", result.owner, actor, "results.of")
    known_notes = set(kinds) | set(seen_cases) | set(seen_contributions)
    for note in builder.notes:
        if note.about not in known_notes:
            builder.problem(
                note.where("about"),
                "notes.about",
                f"unknown id {note.about!r}{_suggest(note.about, sorted(known_notes))}",
            )


def check_cycles(builder: _Builder) -> None:
    """No organization is part of itself and no place lies within itself, directly or by a chain.

    Reported once for each cycle, at the ``part_of`` or ``in`` of its record that comes first
    in the files, with the whole chain. Linear in the number of records: each is walked once.
    """
    chains: list[tuple[str, str, dict[str, tuple[str, Located]]]] = [
        ("part_of", "part of", {o.id: (o.part_of, o) for o in builder.organizations if o.part_of}),
        ("in", "within", {p.id: (p.within, p) for p in builder.places if p.within}),
    ]
    for key, relation, parent in chains:
        done: set[str] = set()
        for start in parent:
            path: dict[str, int] = {}  # the ids walked from start, and their places in the chain
            node: str | None = start
            while node is not None and node not in done and node not in path:
                path[node] = len(path)
                node = parent[node][0] if node in parent else None
            done.update(path)
            if node is None or node not in path:
                continue  # the chain ends, or joins one already walked
            cycle = list(path)[path[node] :]
            first = min(cycle, key=lambda i: (parent[i][1].origin.path, parent[i][1].origin.line))
            at = cycle.index(first)
            shown = " → ".join([*cycle[at:], *cycle[:at], first])
            record = parent[first][1]
            message = (
                f"{first!r} is {relation} itself: remove {key}, or name another record"
                if len(cycle) == 1
                else f"{first!r} is {relation} itself, through {shown}: one of these links is wrong"
            )
            builder.problem(record.where(key), f"[{first}].{key}", message)


def check_case_boundaries(builder: _Builder) -> None:
    """Facts of a case study stay in it: a partnership is about a project of its own case study.

    Places, organizations and communities may be named from any file: they are not a case
    study's facts, and a body introduced in one case study takes part in others. Notes may be
    about any record: one case study's text may contradict another's figures.
    """
    projects = {p.id: p for p in builder.projects}
    for partnership in builder.partnerships:
        project = projects.get(partnership.project or "")
        if project is not None and project.case != partnership.case:
            builder.problem(
                partnership.where("project"),
                f"[{partnership.id}].project",
                f"{project.id!r} is a project of the case study {project.case!r} ({project.origin}); "
                "a partnership can only be about a project of its own case study: write the "
                "partnership in that file, or leave out project",
            )


def check_result_ids(builder: _Builder) -> None:
    """Results get ids from their project's or case study's id; the two must not give the same."""
    owners = {c.id: c for c in builder.cases}
    for project in builder.projects:
        case = owners.get(project.id)
        if case is None or not project.results:
            continue
        if any(r.origin.path == case.origin.path for r in builder.results):
            builder.problem(
                project.where("id"),
                f"[{project.id}].id",
                f"the project has the id of the case study {case.id!r} ({case.origin}), so the results "
                f"of both would be numbered alike ({project.id}-result-1, …): give the project another id",
            )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def scripts_of(word: str) -> set[str]:
    """The scripts (LATIN, CYRILLIC, GREEK, …) of the letters in a word."""
    return {unicodedata.name(ch, "UNKNOWN").split()[0] for ch in word if ch.isalpha()}


def check_lookalikes(builder: _Builder) -> None:
    """Names must not hide look-alike letters, and two organizations must not share a name.

    A word that mixes scripts ('Khukumat' with a Cyrillic a) would make a second entity that
    looks like the first; names that differ only by case or accents are the same body.
    """
    named: list[tuple[str, Origin, str, str]] = []
    for group in (builder.places, builder.organizations, builder.communities):
        for record in group:
            named.append((record.id, record.where("name"), "name", record.name))
            named += [(record.id, record.where("aliases"), "aliases", alias) for alias in record.aliases]
    for record_id, origin, field_name, name in named:
        for word in name.split():
            if len(scripts_of(word)) > 1:
                builder.problem(
                    origin,
                    f"[{record_id}].{field_name}",
                    f"{word!r} in {name!r} mixes "
                    f"{' and '.join(sorted(scripts_of(word)))} letters: a look-alike character?",
                )
    seen: dict[str, Organization] = {}
    for org in builder.organizations:
        key = normalized_name(org.name)
        if key in seen and seen[key].id != org.id:
            builder.problem(
                org.origin,
                f"[{org.id}].name",
                f"{org.name!r} looks the same as {seen[key].name!r} "
                f"({seen[key].id}, {seen[key].origin}); make it one organization with aliases",
            )
        seen.setdefault(key, org)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read_file_records(
    builder: _Builder, path: Path, shown: str, validator: SchemaChecker, include_drafts: bool, raw: bytes
) -> FileRecords | None:
    """Read one file into ``builder``; what it gave, or None when it has problems (in ``builder``)."""
    try:
        document = read_yaml(path, shown, raw)
    except InputError as exc:
        builder.problems.extend(exc.problems)
        return None
    schema_problems = check_schema(document, shown, validator)
    if schema_problems:
        builder.problems.extend(schema_problems)
        return None
    drafts = [] if include_drafts else find_drafts(document, shown)
    if drafts:
        builder.problems.extend(drafts)
        return None
    sizes, problems, book = builder.sizes(), len(builder.problems), builder.book
    builder.read_file(document, shown)
    if len(builder.problems) > problems:
        return None
    return FileRecords(
        builder.records_since(sizes),
        builder.book if builder.book is not book else None,
        read_decisions(document, shown),
    )


def shown_path(paths: ProjectPaths, path: Path) -> str:
    """``path`` relative to the project, naming a symbolic link itself rather than what it points to."""
    return f"{paths.relative(path.parent)}/{path.name}"


AUTHORING_SUFFIX = ".yaml"


def misnamed_files(paths: ProjectPaths) -> list[Problem]:
    """A problem for each file of registry/ and cases/ that is YAML by name but not read (x.yml, x.YAML)."""
    problems = []
    for folder in (paths.data / "registry", paths.data / "cases"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".yaml", ".yml") and path.suffix != AUTHORING_SUFFIX:
                message = (
                    f"only files ending in {AUTHORING_SUFFIX} are read, so this one would be left out: "
                    f"rename it to {path.stem}{AUTHORING_SUFFIX}"
                )
                problems.append(Problem(shown_path(paths, path), None, None, message))
    return problems


def load_corpus(
    paths: ProjectPaths,
    vocabularies: Vocabularies | None = None,
    *,
    include_drafts: bool = False,
    cache: Cache | None = None,
) -> Corpus:
    """Read, check and return everything in ``data/``, with the reconciliation decisions applied.

    Files and records marked as drafts (``draft: true``, ``status: draft``) are refused unless
    ``include_drafts``. With a ``cache``, the records of a file whose bytes (and the loader's code
    and vocabularies) are unchanged are taken from it instead of being parsed again; the checks
    across files always run on all records.

    Raises:
        InputError: listing every problem found, each with file, line and field.
    """
    vocabularies = vocabularies or read_vocabularies(paths.vocabularies)
    validator = SchemaChecker(build_schema(vocabularies))
    builder = _Builder(paths, vocabularies)
    decisions: list[Decision] = []
    files = paths.authoring_files()
    builder.problems.extend(misnamed_files(paths))
    if not files:
        raise InputError(
            [
                *builder.problems,
                Problem(paths.relative(paths.data), None, None, "no .yaml files in registry/ or cases/"),
            ]
        )
    cache = cache or Cache(None)
    salt = digest(
        code_digest(__name__),
        paths.vocabularies.read_bytes() if paths.vocabularies.is_file() else b"",
        str(include_drafts),
    )
    for path in files:
        shown = shown_path(paths, path)
        try:
            raw = read_regular_file(path, shown)
        except InputError as exc:
            builder.problems.extend(exc.problems)
            continue
        key = digest(salt, shown, raw)
        found = cache.get("records", key)
        if not isinstance(found, FileRecords):
            found = read_file_records(builder, path, shown, validator, include_drafts, raw)
            if found is None:
                continue
            cache.put("records", key, found)
        else:
            builder.absorb(found.records)
            if found.book is not None:
                if builder.book is None:
                    builder.book = found.book
                else:
                    builder.problem(
                        found.book.origin, "book", f"a second book; the first is in {builder.book.origin}"
                    )
        decisions.extend(found.decisions)
    if builder.book is None:
        if not builder.problems:  # else the book may be in a file refused above: those problems say why
            builder.problems.append(
                Problem(
                    paths.relative(paths.data / "registry"),
                    None,
                    "book",
                    "no file has a book section; the citation of the source is required",
                )
            )
        raise InputError(builder.problems)
    check_references(builder)
    check_cycles(builder)
    check_case_boundaries(builder)
    check_result_ids(builder)
    check_lookalikes(builder)
    source_path = paths.data / builder.book.source_text
    if not source_path.exists() and not source_path.is_symlink():
        builder.problem(
            builder.book.origin,
            "book.source_text",
            f"the source text {builder.book.source_text!r} is missing",
        )
        raise InputError(builder.problems)
    try:
        source_lines = tuple(read_text_file(source_path, shown_path(paths, source_path)).split("\n"))
    except InputError as exc:
        builder.problems.extend(exc.problems)
        raise InputError(builder.problems) from None
    check_evidence(builder, source_lines)
    if builder.problems:
        raise InputError(builder.problems)
    corpus = Corpus(
        book=builder.book,
        places=tuple(builder.places),
        organizations=tuple(builder.organizations),
        communities=tuple(builder.communities),
        cases=tuple(sorted(builder.cases, key=lambda c: c.number)),
        projects=tuple(builder.projects),
        partnerships=tuple(builder.partnerships),
        results=tuple(builder.results),
        notes=tuple(builder.notes),
        source_lines=source_lines,
    )
    problems = check_decisions(corpus, decisions)
    if problems:
        raise InputError(problems)
    return apply_decisions(corpus, decisions)
