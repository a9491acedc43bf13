"""Khukumats: by the places they govern ('Khukumat of A, B and C', 'the X City Khukumat'), as 'the
Khukumat' or 'the rayon administration' of the case study's own rayon, and the unnamed state bodies
('local authorities', 'state structures') that point back to one or stand for one per case study.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import ClassVar

from kg.extract import recognize as rx
from kg.extract.bodies.base import BodyReader, Found
from kg.extract.text import slug


def _found(entity_id: str) -> Callable[[], str | None]:
    """A body already found, for a finder's ``resolve``."""
    return lambda: entity_id


class Khukumats(BodyReader):
    """The finders of Khukumats, their administrations and the unnamed state bodies."""

    def _khukumats_of(self) -> Found:
        """'Khukumat of A, B and C': one body per place; the places after the first must be known."""
        one = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
        pattern = (
            rf"\b(?:[Kk]h|[Hh])ukumats?\s+of\s+(?:the\s+)?(?:city\s+of\s+)?"
            rf"(?P<names>{one}(?:\s*,\s*{one})*(?:,?\s+and\s+{one})?)(?:\s+(?:rayon|raion|oblast|district))?"
        )
        for match in self._find(pattern):
            text, where = self._joined or ("", [])
            position = match.joined_start("names")
            for index, name in enumerate(re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("names"))):
                at = text.index(name, position)
                position = at + len(name)
                start, end = where[at], where[position - 1] + 1
                place = self.place_named(name, ("rayon", "city", "oblast", "region"))
                if place is None and index > 0:
                    break
                span = (match.start(), end) if index == 0 else (start, end)
                yield *span, self._khukumat_named(place, name, match.start())

    def _khukumat_named(self, place: str | None, name: str, start: int) -> Callable[[], str | None]:
        def resolve() -> str | None:
            found = place or self.case.place_entity("rayon", name, start, start + len(name))
            return self.khukumat_for(found, start)

        return resolve

    def _named_khukumats(self) -> Found:
        # the level word may stand between: "the X district hukumat", "the X City Khukumat"
        level = r"(?:(?:rayon|raion|district|city|oblast|Rayon|District|City|Oblast)\s+)?"
        for match in self._find(rf"\b(?P<name>[A-Z][\w'’-]+)\s+{level}(?:[Kk]h|[Hh])ukumat\b"):
            name = match.group("name")
            if name.lower() in rx.GENERIC_WORDS or name.lower() in rx.NOT_A_NAME:
                continue
            place = self.place_named(name, ("rayon", "city", "oblast", "region"))
            yield match.start(), match.end(), self._khukumat_named(place, name, match.start())

    def _generic_khukumats(self) -> Found:
        pattern = (
            r"\b(?:(?P<adj>local|regional|rayon|district|city|oblast)\s+)?(?:[Kk]h|[Hh])ukumat\b"
            r"(?!s|\s+of\s+(?:the\s+)?(?:city\s+of\s+)?[A-Z])"
        )
        for match in self._find(pattern, re.IGNORECASE):
            adj = (match.group("adj") or "").lower()
            named = self._khukumat_named_before(match.start(), adj)
            if named is not None:  # "with the Khukumat of X …; the Khukumat paid": X's, not the home's
                yield match.start(), match.end(), _found(named)
                continue
            oblast = adj == "oblast"
            city = self._home_city() if (match.group("adj") or "").lower() == "city" else None
            if city is not None:  # "the city hukumat" where the home is a rayon: the city most named
                yield match.start(), match.end(), partial(self.khukumat_for, city, match.start())
                continue
            yield match.start(), match.end(), partial(self.home_khukumat, match.start(), oblast)

    # The places a Khukumat printed with a level word ('the rayon Khukumat') may govern.
    _KHUKUMAT_PLACES: ClassVar[dict[str, tuple[str, ...]]] = {
        "rayon": ("rayon",),
        "district": ("rayon",),
        "city": ("city",),
        "oblast": ("oblast", "region"),
    }

    def _khukumat_named_before(self, start: int, adj: str) -> str | None:
        """The Khukumat named by its place just before ``start`` (in the sentence or the one before)
        that 'the Khukumat' (or 'the rayon Khukumat' …) points back to, when its place fits the word."""
        previous = self.case.sentence_before(start)
        floor = previous[0] if previous else self.case.sentence_at(start)[0]
        types = self._KHUKUMAT_PLACES.get(adj)
        for hit in sorted(self.case.body_hits, key=lambda h: -h.start):
            if not floor <= hit.start < start:
                continue
            entity = self.case.entities.get(hit.entity)
            if entity is None or entity.body_kind != "khukumat":
                continue
            if types is None or self.case.type_of(entity.within) in types:
                return hit.entity
            return None
        return None

    def _administrations(self) -> Found:
        """'the rayon administration', 'the administration of X district': the Khukumat, by another name."""
        for match in self._find(
            r"\b(?:the\s+)?(?P<adj>rayon|district|city|oblast|Rayon|District|City|Oblast)\s+[Aa]dministration\b"
        ):
            adj = match.group("adj").lower()
            named = self._khukumat_named_before(match.start(), adj)
            if named is not None:
                yield match.start(), match.end(), _found(named)
            elif adj == "city" and (city := self._home_city()) is not None:
                yield match.start(), match.end(), partial(self.khukumat_for, city, match.start())
            else:
                yield match.start(), match.end(), partial(self.home_khukumat, match.start(), adj == "oblast")
        for match in self._find(
            r"\b[Aa]dministration\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+)\s+"
            r"(?:rayon|raion|district|city|oblast)\b"
        ):
            place = self.place_named(match.group("name"), ("rayon", "city", "oblast", "region"))
            yield match.start(), match.end(), self._khukumat_named(place, match.group("name"), match.start())

    def _unnamed_state(self) -> Found:
        for match in rx.UNNAMED_STATE.finditer(self.case.text, self.case.start, self.case.end):
            sentence = self.case.sentence_at(match.start())
            if rx.PROJECTS_WITH.search(self.case.text, *sentence):
                continue  # "it carried out five projects with state bodies": partners in general
            yield match.start(), match.end(), partial(self.unnamed_state_body, match.start(), match.group())

    def unnamed_state_body(self, start: int, printed: str) -> str:
        """One body per case study for 'state structures', 'local authorities' … that name no body;
        'local authorities' after a Khukumat is named point back to that Khukumat."""
        printed = rx.clean_name(printed)
        budget = self.budget_of(start)
        if budget is not None:  # "local authorities added $N from the budget of X oblast": X's Khukumat
            return budget
        if re.match(r"(?i)(?:the\s+)?local\s+authorities$", printed):
            earlier = [
                h.entity
                for h in self.case.body_hits
                if h.start < start and (self.case.entities[h.entity].body_kind or "") == "khukumat"
            ]
            if earlier:
                return earlier[-1]
        if not self.unnamed:
            where = self.case.home.rayon or self.case.home.oblast
            where_name = (
                f" of {self.case.entities[where].name}" if where and where in self.case.entities else ""
            )
            main = self.case.entities[self.case.main].name
            self.unnamed = self.case.new_entity(
                f"{slug(printed, 3)}-{slug(self.case.core or 'local', 3)}",
                kind="organization",
                name=f"{printed[:1].upper()}{printed[1:]}{where_name} (unnamed, as {main} names them)",
                cls="government-body",
                level="local-unspecified",
                body_kind="unspecified",
                within=where,
                evidence=(self.case.quote_sentence(start),),
                how="new: the text names state bodies without naming one",
            )
        return self.case.add(replace(self.case.entities[self.unnamed], aliases=(printed,), evidence=()))
