"""What every stage of reading money shares: the stretch of text a project is read from (``Unit``),
a contribution as found (``Found``), and how a contributor is made one (its role, its confidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.extract import recognize as rx
from kg.extract.model import Builder
from kg.extract.money.patterns import CONFIDENCE


@dataclass
class Unit:
    """A stretch of text that may describe one project: a list item or a run of sentences about money."""

    start: int
    end: int
    numbered: bool = False
    year: int | None = None
    item: bool = False  # a list item, not a run of sentences
    setting: bool = False  # in the Background: its amounts (a price, a damage) are no project's


@dataclass
class Found:
    """A contribution found in the text, before it becomes a ``ContributionDraft``."""

    by: str
    amount: Decimal | None
    currency: str | None
    start: int
    end: int
    role: str
    how: str = ""
    confidence: float = CONFIDENCE["clause"]


class MoneyReader:
    """The case study a reader of money reads, and how a contributor found in it is recorded."""

    def __init__(self, case: Builder) -> None:
        self.case = case
        self.last: Found | None = None  # the contribution found last, for a clause without a subject

    def _contribution(
        self,
        who: tuple[str, str],
        money: rx.Money,
        start: int,
        end: int,
        confidence: float = CONFIDENCE["clause"],
    ) -> Found:
        if "read as" in who[1]:
            confidence = min(confidence, CONFIDENCE["coreference"])
        return Found(who[0], money.amount, money.currency, start, end, self.role(who[0]), who[1], confidence)

    def role(self, entity_id: str, through: bool = False) -> str:
        """The role of a contributor: the organization itself and the villagers implement, others fund."""
        entity = self.case.entities.get(entity_id)
        if entity_id == self.case.main or (entity is not None and entity.kind == "community"):
            return "implementing"
        return "extending" if through else "funding"

    def is_state(self, entity_id: str) -> bool:
        entity = self.case.entities.get(entity_id)
        return entity is not None and entity.is_government
