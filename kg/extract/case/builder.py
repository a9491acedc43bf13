"""The builder of one case study (``CaseBuilder``): its readers in order (the main organization, places,
government bodies, the main organization's facts, other organizations, projects, partnerships), then
the entities nothing refers to pruned; with how sure the draft is of an entity and the notes where a
project's contributions do not add up.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kg.extract import recognize as rx
from kg.extract.bodies import GovernmentBodies
from kg.extract.case.base import Context
from kg.extract.case.contributors import Contributors
from kg.extract.model import (
    CaseDraft,
    Entity,
    Hit,
    Home,
    NoteDraft,
    PartnershipDraft,
    ProjectDraft,
    Unresolved,
)
from kg.extract.money import Projects
from kg.extract.text import Bounds, find_mentions


class CaseBuilder(Contributors):
    """Collects the proposals for one case study; ``build`` returns them."""

    def __init__(self, context: Context, bounds: Bounds, number: int) -> None:
        self.context = context
        self.doc = context.document
        self.registry = context.registry
        self.bounds = bounds
        self.number = number
        self.entities: dict[str, Entity] = {}
        self.body_hits: list[Hit] = []
        self.org_hits: list[Hit] = []
        self.place_hits: list[Hit] = []
        self.unresolved: list[Unresolved] = []
        self.home = Home()
        self.main = ""
        self.core = ""
        self.bodies = GovernmentBodies(self)
        self.projects = Projects(self)
        first_line = bounds.org_line + 1 if bounds.org_line else bounds.start
        self.start = self.doc.offset(first_line)
        self.end = self.doc.offset(bounds.contact)
        self.sentences = self._sentences()
        self.org_mentions = self._with_acronyms(
            find_mentions(self.doc, context.organizations, self.start, self.end)
        )
        self.place_mentions = find_mentions(self.doc, context.places, self.start, self.end)

    # -- the case study -------------------------------------------------------------------

    def build(self) -> CaseDraft:
        """Everything proposed for the case study."""
        self._main_organization()
        self._places()
        self.bodies.find()
        self._main_facts()  # after the bodies: a registrar may be one the text names
        self._other_organizations()
        projects = self.projects.find()
        partnerships = self.bodies.partnerships(projects)
        self._prune(projects, partnerships)
        return CaseDraft(
            id=self.main,
            number=self.number,
            title=self._title(),
            line_start=self.bounds.start,
            line_end=self.bounds.end,
            partial=self.bounds.org_line is None,
            organization=self.main,
            region=self._region(),
            entities=tuple(replace(e, confidence=entity_confidence(e)) for e in self.entities.values()),
            projects=tuple(projects),
            partnerships=tuple(partnerships),
            notes=tuple(note for project in projects for note in inconsistencies(project)),
            unresolved=tuple(self.unresolved),
        )

    def _title(self) -> str:
        if self.bounds.title is None:
            return self.entities[self.main].name
        first, last = self.bounds.title
        return rx.clean_name(" ".join(self.doc.lines[n - 1] for n in range(first, last + 1)))

    def _prune(self, projects: list[ProjectDraft], partnerships: list[PartnershipDraft]) -> None:
        """Forget entities that nothing in the draft refers to, except new organizations the text names."""
        used = {
            self.main,
            self._region() or "",
            self.bodies.unnamed if self._hit_entity(self.bodies.unnamed) else "",
        }
        used |= {p.led_by for p in projects} | {c.by for p in projects for c in p.contributions}
        used |= {p.state for p in partnerships} | {h.entity for h in self.org_hits}
        changed = True
        while changed:
            before = len(used)
            for entity in self.entities.values():
                if entity.id in used:
                    used |= {
                        x for x in (entity.within, entity.part_of, entity.based_in, *entity.helped_by) if x
                    }
                    if entity.registration and entity.registration[1]:
                        used.add(entity.registration[1])
            changed = len(used) != before
        for entity_id in [e for e in self.entities if e not in used]:
            entity = self.entities[entity_id]
            if entity.new and entity.kind == "place" and self._hit_entity(entity_id, self.place_hits):
                continue
            del self.entities[entity_id]

    def _hit_entity(self, entity_id: str, hits: list[Hit] | None = None) -> bool:
        return any(h.entity == entity_id for h in (self.body_hits if hits is None else hits))


def entity_confidence(entity: Entity) -> float:
    """How sure the draft is of an entity, from how it was found: a registry name is surest, a
    spelling variant or a known donor less so, a name the text alone gives less, an unnamed body least."""
    if not entity.new:
        return 0.8 if "spelling variant" in entity.how else 0.9
    if "donors.yaml" in entity.how:
        return 0.8
    if "unnamed" in entity.name or "names no" in entity.how or "without naming" in entity.how:
        return 0.4
    return 0.6


def inconsistencies(project: ProjectDraft) -> list[NoteDraft]:
    """Notes where the printed contributions do not add up to the printed total, or mix currencies."""
    if project.total is None:
        return []
    amount, currency = project.total
    priced = [c for c in project.contributions if c.amount is not None]
    if not priced:
        return []
    currencies = {c.currency for c in priced}
    if currencies != {currency}:
        printed = ", ".join(sorted(map(str, currencies)))
        text = f"The total is printed in {currency} but contributions in {printed}."
        return [NoteDraft(project.id, "inconsistency", text, project.evidence)]
    added = sum((c.amount for c in priced if c.amount is not None), Decimal(0))
    if added == amount or len(priced) < 2:
        return []
    parts = " + ".join(f"{c.amount}" for c in priced)
    relation = "fall short of" if added < amount else "exceed"
    text = f"The contributions ({parts} = {added} {currency}) {relation} the printed total of {amount}."
    return [NoteDraft(project.id, "inconsistency", text, project.evidence)]
