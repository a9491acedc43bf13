"""What ``kg extract`` proposes for one case study: entities, projects, contributions, partnerships.

These are plain records; ``kg.extract.extractor.draft_yaml`` writes them as an authoring file marked as a
draft. Every proposal carries the evidence (``Quote``: line range and verbatim quote) it rests on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from kg.extract.text import Bounds, Document, Mention, Quote, Registry

CSO_CLASSES = ("ngo", "public-association", "village-organization", "cssc", "society", "cso")
LEVEL_OF_PLACE = {
    "country": "national",
    "region": "oblast",
    "oblast": "oblast",
    "city": "city-rayon",
    "rayon": "city-rayon",
    "jamoat": "jamoat",
    "village": "jamoat",
    "makhalla": "makhalla",
}
RANK = {
    "makhalla": 0,
    "village": 0,
    "jamoat": 1,
    "city": 2,
    "rayon": 2,
    "region": 3,
    "oblast": 3,
    "country": 4,
}

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """A place, organization or community the draft refers to.

    ``new`` entities are proposed by the draft and declared in it; the others are ids of the
    registries. ``within`` is a place's ``in``, a government body's ``jurisdiction`` or a
    community's ``of``. ``how`` tells the reviewer how the name was linked, or why it is new.
    """

    id: str
    kind: str
    name: str
    new: bool
    cls: str | None = None
    level: str | None = None
    body_kind: str | None = None
    within: str | None = None
    part_of: str | None = None
    aliases: tuple[str, ...] = ()
    evidence: tuple[Quote, ...] = ()
    how: str = ""
    founded: str | None = None
    registration: tuple[str, str | None, str | None, str | None] | None = None
    helped_by: tuple[str, ...] = ()
    heads: tuple[tuple[str, str], ...] = ()
    based_in: str | None = None
    confidence: float = 0.5

    @property
    def is_government(self) -> bool:
        return self.cls == "government-body"


@dataclass(frozen=True)
class ContributionDraft:
    by: str
    amount: Decimal | None
    currency: str | None
    kind: str
    role: str
    evidence: Quote
    how: str = ""
    confidence: float = 0.5  # 0–1, from how it was found (see ``kg.extract.money.CONFIDENCE``)


@dataclass(frozen=True)
class ProjectDraft:
    id: str
    title: str
    led_by: str
    year: int | None
    total: tuple[Decimal, str] | None
    contributions: tuple[ContributionDraft, ...]
    evidence: Quote
    confidence: float = 0.5


@dataclass(frozen=True)
class PartnershipDraft:
    id: str
    cso: str
    state: str
    forms: tuple[str, ...]
    evidence: tuple[Quote, ...]
    confidence: float = 0.5


@dataclass(frozen=True)
class NoteDraft:
    """A data-quality note: where the printed numbers do not agree."""

    about: str
    kind: str
    text: str
    evidence: Quote


@dataclass(frozen=True)
class Unresolved:
    """Something the extractor saw but could not encode, for the reviewer."""

    reason: str
    evidence: Quote


@dataclass(frozen=True)
class CaseDraft:
    """The proposals for one case study."""

    id: str
    number: int
    title: str
    line_start: int
    line_end: int
    partial: bool
    organization: str
    region: str | None
    entities: tuple[Entity, ...]
    projects: tuple[ProjectDraft, ...]
    partnerships: tuple[PartnershipDraft, ...]
    notes: tuple[NoteDraft, ...]
    unresolved: tuple[Unresolved, ...]

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


# -- what the builder keeps while it reads one case study ------------------------------------


@dataclass
class Home:
    """Where the main organization works, as place ids."""

    village: str | None = None
    jamoat: str | None = None
    rayon: str | None = None
    oblast: str | None = None


@dataclass
class Hit:
    """Where the text names an entity."""

    entity: str
    start: int
    end: int


class Builder(Protocol):
    """What the readers of one case study (``GovernmentBodies``, ``Projects``) use of the builder
    that collects its proposals (``kg.extract.case.CaseBuilder``): the text, what is found so far,
    and how names become entities."""

    doc: Document
    registry: Registry
    bounds: Bounds
    start: int  # the case study's text: from here
    end: int  # to here
    sentences: list[tuple[int, int]]
    org_mentions: list[Mention]
    entities: dict[str, Entity]
    body_hits: list[Hit]
    org_hits: list[Hit]
    place_hits: list[Hit]
    unresolved: list[Unresolved]
    home: Home
    main: str  # the id of the organization the case study is about
    core: str  # its name without its kind ("Umed" for "PA UMED")

    @property
    def text(self) -> str: ...

    def sentence_at(self, position: int) -> tuple[int, int]: ...

    def sentence_before(self, position: int) -> tuple[int, int] | None: ...

    def named_where(self, keep: Callable[[int, int], bool]) -> list[tuple[int, str]]: ...

    def quote_sentence(self, position: int) -> Quote: ...

    def add(self, entity: Entity) -> str: ...

    def new_id(self, candidate: str) -> str: ...

    def forget(self, entity: Entity) -> None: ...

    def linked(self, entry_id: str, how: str) -> str: ...

    def new_entity(
        self,
        candidate_id: str,
        *,
        kind: str,
        name: str,
        cls: str | None = None,
        level: str | None = None,
        body_kind: str | None = None,
        within: str | None = None,
        part_of: str | None = None,
        aliases: tuple[str, ...] = (),
        evidence: tuple[Quote, ...] = (),
        how: str = "",
    ) -> str: ...

    def place_entity(self, type_: str, name: str, start: int, end: int) -> str | None: ...

    def type_of(self, entity_id: str | None) -> str | None: ...

    def phrase_start(self, floor: int, verb: int) -> int: ...

    def resolve_before(self, floor: int, verb: int) -> tuple[str, str] | None: ...

    def resolve_list(self, start: int) -> list[tuple[str, str]]: ...

    def resolve(self, start: int, end: int | None = None) -> tuple[str, str] | None: ...

    def resolve_known(self, start: int, limit: int | None = None) -> tuple[str, str] | None: ...
    def resolve_span(self, start: int, stop: int) -> tuple[str, str] | None: ...
