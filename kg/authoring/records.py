"""Typed source records, each knowing the file and line it came from.

The loader (``kg.authoring.loader``) makes them from the YAML files in ``data/``; the mapping
(``kg.mapping.mapper``) turns them into RDF. They hold values as printed, already checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.errors import Origin


@dataclass(frozen=True, kw_only=True)
class Located:
    """A record's place in its file: its first line, and the line of each of its fields."""

    origin: Origin
    at: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def where(self, name: str) -> Origin:
        """The file and line of one field, or of the record when the field has no line of its own."""
        return Origin(self.origin.path, self.at.get(name, self.origin.line))


@dataclass(frozen=True)
class Evidence:
    """A passage of the source text: a line range and a short verbatim quote."""

    line_start: int
    line_end: int
    quote: str
    origin: Origin


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Book:
    id: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    place_of_publication: str
    year: int
    isbn: str
    source_text: str
    note: str | None
    origin: Origin


@dataclass(frozen=True)
class Place(Located):
    id: str
    name: str
    type: str
    within: str | None
    aliases: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    case: str | None


@dataclass(frozen=True)
class Head:
    name: str
    role: str


@dataclass(frozen=True)
class Registration:
    status: str
    by: str | None = None
    date: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class Organization(Located):
    id: str
    name: str
    cls: str
    sector: str
    aliases: tuple[str, ...]
    part_of: str | None
    based_in: str | None
    level: str | None
    body_kind: str | None
    jurisdiction: str | None
    founded: str | None
    founded_with_help_of: tuple[str, ...]
    registration: Registration | None
    heads: tuple[Head, ...]
    evidence: tuple[Evidence, ...]
    case: str | None

    @property
    def is_government(self) -> bool:
        return self.cls == "government-body"


@dataclass(frozen=True)
class Community(Located):
    id: str
    name: str
    of: str
    aliases: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    case: str | None


@dataclass(frozen=True)
class Contribution(Located):
    id: str
    project: str
    by: str
    money: Money | None
    kind: str
    role: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Participation(Located):
    id: str
    project: str
    by: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Result(Located):
    id: str
    owner: str
    count: Decimal
    unit: str | None
    what: str
    kind: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Project(Located):
    id: str
    title: str
    description: str | None
    start_year: int | None
    end_year: int | None
    opening_year: int | None  # the year its result opened, when that and not the start is printed
    sectors: tuple[str, ...]
    places: tuple[str, ...]
    led_by: str
    total: Money | None
    contributions: tuple[Contribution, ...]
    participants: tuple[Participation, ...]
    results: tuple[Result, ...]
    evidence: tuple[Evidence, ...]
    case: str


@dataclass(frozen=True)
class Partnership(Located):
    id: str
    cso: str
    state: str
    forms: tuple[str, ...]
    project: str | None
    description: str | None
    evidence: tuple[Evidence, ...]
    case: str


@dataclass(frozen=True)
class Note(Located):
    id: str
    about: str
    kind: str
    text: str
    evidence: tuple[Evidence, ...]
    case: str


@dataclass(frozen=True)
class CaseStudy(Located):
    id: str
    number: int
    title: str
    region: str
    line_start: int
    line_end: int
    partial: bool
    organization: str


@dataclass(frozen=True)
class Corpus:
    """Everything read from ``data/``: the book, the registries and the case studies."""

    book: Book
    places: tuple[Place, ...]
    organizations: tuple[Organization, ...]
    communities: tuple[Community, ...]
    cases: tuple[CaseStudy, ...]
    projects: tuple[Project, ...]
    partnerships: tuple[Partnership, ...]
    results: tuple[Result, ...]
    notes: tuple[Note, ...]
    source_lines: tuple[str, ...] = field(repr=False, default=())

    def organization(self, id: str) -> Organization | None:
        return next((o for o in self.organizations if o.id == id), None)

    def case(self, id: str) -> CaseStudy | None:
        return next((c for c in self.cases if c.id == id), None)


DATE_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# "February 1st, 2005": the English form with the month in words (written out: strptime's %B follows the
# locale).
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DATE_MDY_WORDS = re.compile(rf"^({'|'.join(MONTHS)}) (\d{{1,2}})(?:st|nd|rd|th)?, (\d{{4}})$")


def parse_printed_date(text: str) -> dt.date | int | None:
    """A date printed as dd.mm.yyyy, yyyy-mm-dd, "February 1st, 2005" or yyyy; None for other forms.

    A month without a day ("August 2002") gives None.

    Raises:
        ValueError: the text has a date's form but names no real day (31.02.2004).
    """
    text = text.strip()
    if match := DATE_DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    if match := DATE_MDY_WORDS.match(text):
        named, day_text, year_text = match.groups()
        return dt.date(int(year_text), MONTHS.index(named) + 1, int(day_text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return None
