"""Departments and committees of a Khukumat or a place ('department of health of X', 'the welfare
department', 'Committee on A of the Khukumat'), named after their field and the body they belong to.
"""

from __future__ import annotations

import re
from functools import partial

from kg.extract import recognize as rx
from kg.extract.bodies.base import BodyReader, Found
from kg.extract.model import LEVEL_OF_PLACE
from kg.extract.text import slug

FUNCTION_WORDS = (
    rx.NOT_A_NAME
    | rx.GENERIC_WORDS
    | frozenset(
        (
            "from",
            "with",
            "along",
            "by",
            "to",
            "for",
            "various",
            "all",
            "some",
            "many",
            "several",
            "other",
            "key",
            "managers",
            "heads",
            "head",
            "chairmen",
            # a pronoun is no field: "what our department had planned"
            "our",
            "your",
            "my",
            "what",
            "which",
            "whose",
            "that",
            "this",
            "these",
            "those",
        )
    )
)


class Departments(BodyReader):
    """The finders of departments and committees of a local body."""

    # the level word after the place is part of the parent ("of the Khukumat of X oblast"), so that a
    # registry's "Khukumat of X oblast" inside the department's name is no body of its own
    PARENT = (
        r"(?P<parent>(?:(?:the\s+)?(?:city|rayon|local)\s+)?(?:[Kk]h|[Hh])ukumat"
        r"(?:\s+of\s+[A-Z][\w'’-]+(?:\s+(?:rayon|raion|district|city|oblast)\b)?)?|"
        r"[A-Z][\w'’-]+\s+(?:[Kk]h|[Hh])ukumat|[A-Z][\w'’-]+|the rayon|the city|the oblast)"
    )

    def _parent_body(self, parent: str | None, start: int) -> tuple[str | None, str | None]:
        """The body (or place) a department or committee belongs to: (part_of, jurisdiction)."""
        if not parent:
            return None, self.case.home.rayon
        parent = parent.strip()
        named = re.search(
            r"(?:[Kk]h|[Hh])ukumat\s+of\s+(?P<n>[A-Z][\w'’-]+)|(?P<m>[A-Z][\w'’-]+)\s+(?:[Kk]h|[Hh])ukumat",
            parent,
        )
        if named:
            place = self.place_named(
                named.group("n") or named.group("m"), ("rayon", "city", "oblast", "region")
            )
            return self.khukumat_for(place, start), place
        if re.search(r"(?:[Kk]h|[Hh])ukumat", parent):
            body = self.home_khukumat(start)
            return body, self.case.entities[body].within if body else None
        if parent.lower().removeprefix("the ") in ("rayon", "city"):
            return None, self.case.home.rayon
        if parent.lower().removeprefix("the ") == "oblast":
            return None, self.case.home.oblast
        place = self.place_named(parent, ("rayon", "city", "oblast", "region", "country"))
        if place is None:
            return None, self.case.home.rayon
        known = self.case.registry.governing(place, ["khukumat"])
        return (self.case.linked(known.id, "the Khukumat of the place") if known else None), place

    def _sub_body(self, kind: str, what: str, parent: str | None, start: int, end: int) -> str | None:
        """A department or committee: named after its field and the body or place it belongs to."""
        part_of, place = self._parent_body(parent, start)
        what = what.strip()
        owner = self.case.entities.get(part_of or place or "")
        printed_for = re.match(r"(?i)departments?\s+for\b", self.case.text[start:end])
        name = (
            f"Department {'for' if printed_for else 'of'} {what}"
            if kind == "department"
            else f"Committee on {what}"
        ) + (f" of {'the ' if owner and owner.kind == 'organization' else ''}{owner.name}" if owner else "")
        level = (
            owner.level
            if owner and owner.kind == "organization"
            else (LEVEL_OF_PLACE.get(owner.cls or "", "local-unspecified") if owner else "local-unspecified")
        )
        body_kind = "state-committee" if kind == "committee" and level == "national" else "department"
        return self.case.new_entity(
            f"{slug(what, 3)}-{kind}-{slug(self.case.entities[place].name if place else 'local', 2)}",
            kind="organization",
            name=name,
            cls="government-body",
            level=level,
            body_kind=body_kind,
            within=place,
            part_of=part_of,
            aliases=(self.case.text[start:end],),
            evidence=(self.case.quote_sentence(start),),
            how=f"new: '{self.case.text[start:end]}'",
        )

    def _departments(self) -> Found:
        """'department of health of Tavildara', 'the welfare department'."""
        stop = (
            r"(?:of|in|was|were|is|are|and|has|have|had|to|for|with|a|an|the|\w+ed|took|gave|sent|paid|made|"
            r"held|ran|built|let|lent|met|kept|put|brought|bought|chose|got|now|also|still)\b"
        )
        # a field may be two joined by 'and': "of education and science", "for women and family affairs"
        field = rf"(?P<what>[A-Za-z][a-z]+(?:(?: and)? (?!{stop})[a-z]+){{0,3}})"
        for match in self._find(
            rf"\b[Dd]epartments? (?:of|for(?= [a-z])) {field}(?:\s+(?:of|in)\s+(?:the\s+)?{self.PARENT})?"
        ):
            if match.group("what").lower().split()[0] in ("the", "a", "an", "its", "this", "their"):
                continue
            # "the justice department of X oblast": the field stands before, the place after
            if re.fullmatch(
                r"[A-Z][\w'’-]*\s+(?:rayon|raion|oblast|district|city)", match.group("what")
            ) and re.search(
                r"\b(?!(?:the|a|an|its|their|this|of|and)\b)[a-z]{3,}\s+$",
                self.case.text[match.start() - 20 : match.start()],
            ):
                continue
            yield (
                match.start(),
                match.end(),
                partial(
                    self._sub_body, "department", match.group("what"), match.group("parent"), *match.span()
                ),
            )
        for match in self._find(
            rf"(?<![\w'’])(?P<what>(?:[a-z]+ ){{0,1}}[a-z]+) departments?"
            rf"(?:\s+of\s+(?:the\s+)?{self.PARENT})?"
        ):
            words = match.group("what").split()
            while words and words[0] in FUNCTION_WORDS:
                words.pop(0)
            if not words or any(word in FUNCTION_WORDS for word in words):
                continue
            start = match.start() + match.group().index(words[0])
            yield (
                start,
                match.end(),
                partial(
                    self._sub_body, "department", " ".join(words), match.group("parent"), start, match.end()
                ),
            )

    def _committees(self) -> Found:
        for match in self._find(
            rf"\b[Cc]ommittee on (?P<what>[A-Za-z][\w ]{{2,40}}?)\s+(?:of|in)\s+(?:the\s+)?{self.PARENT}"
        ):
            yield (
                match.start(),
                match.end(),
                partial(
                    self._sub_body, "committee", match.group("what"), match.group("parent"), *match.span()
                ),
            )
