"""Government bodies in a case study's text, for ``kg.extract``: named, generic and unnamed.

A body named in the registries is linked; a Khukumat, Jamoat administration, department,
committee, ministry, chamber of parliament or makhalla committee the registries lack is
proposed with its level and the place it governs; "the Khukumat" or "the local Jamoat" is read
as the body of the case study's own rayon or jamoat; "state structures", "local authorities"
and the like become one unnamed body per case study.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import ClassVar

from kg.authoring.spelling import name_key, variant_key
from kg.extract import recognize as rx
from kg.extract.model import CSO_CLASSES, LEVEL_OF_PLACE, Builder, Hit, PartnershipDraft, ProjectDraft
from kg.extract.text import slug

Found = Iterator[tuple[int, int, Callable[[], str | None]]]  # a body's span, and how to make or link it
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


# Words that do not tell one national body from another: small words and the country's names.
_SMALL_WORDS = frozenset(("the", "of", "on", "for", "and", "in", "under", "rt", "republic", "tajikistan"))


def _name_words(name: str) -> frozenset[str]:
    """The words of a body's name that tell it apart, in no order ('Elections' and 'elections' alike)."""
    return frozenset(w for w in re.findall(r"[a-z]+", name_key(name)) if w not in _SMALL_WORDS)


def _found(entity_id: str) -> Callable[[], str | None]:
    """A body already found, for a finder's ``resolve``."""
    return lambda: entity_id


def joined(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """``text[start:end]`` with the words broken at line ends joined, and where each of its
    characters (and its end) stands in ``text``.

    >>> joined("the depart- ment", 0, 16)[0]
    'the department'
    """
    pieces: list[str] = []
    where: list[int] = []
    position = start
    for broken in _BROKEN_AT.finditer(text, start, end):
        pieces.append(text[position : broken.start()])
        where.extend(range(position, broken.start()))
        position = broken.end()
    pieces.append(text[position:end])
    where.extend(range(position, end))
    return "".join(pieces), [*where, end]


# The hyphen and the space of a word broken at a line end ("depart- ment").
_BROKEN_AT = re.compile(r"(?<=[a-z])- (?=[a-z])")


class Joined:
    """A match in the joined text of ``joined``: its groups as read there, its positions in the text."""

    def __init__(self, match: re.Match[str], where: list[int]) -> None:
        self._match = match
        self._where = where

    def group(self, name: int | str = 0) -> str:
        return self._match.group(name)

    def groupdict(self) -> dict[str, str | None]:
        return self._match.groupdict()

    def start(self, name: int | str = 0) -> int:
        return self._where[self._match.start(name)]

    def end(self, name: int | str = 0) -> int:
        end = self._match.end(name)
        return self._where[end - 1] + 1 if end > self._match.start(name) else self._where[end]

    def joined_start(self, name: int | str = 0) -> int:
        """Where a group starts in the joined text."""
        return self._match.start(name)

    def span(self, name: int | str = 0) -> tuple[int, int]:
        return self.start(name), self.end(name)


class GovernmentBodies:
    """Finds the government bodies of one case study and records them in its builder."""

    def __init__(self, case: Builder) -> None:
        self.case = case
        self.unnamed = ""
        self._joined: tuple[str, list[int]] | None = None

    def locative(self, start: int) -> bool:
        """True when a Jamoat named at ``start`` is the place ('located in Jamoat X'), not the body."""
        before = self.case.text[max(self.case.start, start - 60) : start]
        if re.search(
            r"\b(?:chairman|chairmen|head|heads|management|workers|representatives|staff|employees|"
            r"deputies|administration|officials?)\s+of\s+(?:the\s+)?$",
            before,
            re.IGNORECASE,
        ):
            return False
        return bool(re.search(r"(?:\bin|\bfrom|\bof|\bnear|,)\s+(?:the\s+)?$", before, re.IGNORECASE))

    def speakers_body(self, start: int) -> bool:
        """True when a body is named only as the post of a person quoted ('…," says X, head of the rayon
        health department'): the text quotes the official, it does not say the body worked with it."""
        before = self.case.text[max(self.case.start, start - 90) : start]
        return bool(
            re.search(
                r"\b(?:says|said|recalls|recalled|notes|noted|adds|added|explains|explained)\s+"
                r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2},\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}"
                r"(?:head|chief|director|chairman|chairwoman|deputy|specialist|officer|inspector|doctor|teacher|"
                r"employee|member|expert)\s+(?:of|at|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
                before,
            )
        )

    def find(self) -> None:
        """Government bodies: registry names first, then the generic patterns where no name was found."""
        for mention in self.case.org_mentions:
            if mention.known.cls != "government-body":
                continue
            if mention.printed.lower().startswith("jamoat") and self.locative(mention.start):
                continue
            if self.speakers_body(mention.start):
                continue
            self.case.body_hits.append(
                Hit(
                    self.case.linked(mention.known.id, mention.how),
                    mention.start,
                    mention.end,
                )
            )
        finders = (
            self._national_committees,
            self._local_services,
            self._khukumats_of,
            self._named_khukumats,
            self._jamoats,
            self._departments,
            self._committees,
            self._ministries,
            self._parliaments,
            self._makhalla_committees,
            self._generic_khukumats,
            self._administrations,
            self._generic_jamoats,
            self._unnamed_state,
        )
        for finder in finders:
            for start, end, resolve in finder():
                if self.speakers_body(start):
                    continue
                if any(
                    h.start < end
                    and start < h.end
                    and not (start <= h.start and h.end <= end and (start, end) != (h.start, h.end))
                    for h in self.case.body_hits
                ):
                    continue
                entity_id = resolve()
                if entity_id:
                    self.case.body_hits.append(Hit(entity_id, start, end))
        # a name inside a longer one ("the Government of RT" in "the Tax Committee under the
        # Government of RT") is not a body of its own here
        self.case.body_hits[:] = [
            h
            for h in self.case.body_hits
            if not any(
                o.start <= h.start and h.end <= o.end and (o.start, o.end) != (h.start, h.end)
                for o in self.case.body_hits
            )
        ]
        self._merge_bare_names()
        self._merge_short_departments()
        self.case.body_hits.sort(key=lambda h: h.start)

    def _merge_bare_names(self) -> None:
        """'the central hospital' named before 'the X central hospital', 'its department of labour'
        beside 'the X city department of labour and …': one body, the fuller name."""
        bodies = [e for e in self.case.entities.values() if e.is_government and e.new]
        for bare in bodies:
            short = re.match(r"(department of [a-z]+) of ", bare.name.lower())
            printed = short.group(1) if short else re.sub(r"\s*\([^)]*\)$", "", bare.name).lower()
            if not short and printed == bare.name.lower():
                continue  # named with its place already
            full = next(
                (
                    e
                    for e in bodies
                    if e is not bare
                    and e.id in self.case.entities
                    and (printed in e.name.lower() if short else e.name.lower().endswith(" " + printed))
                ),
                None,
            )
            if full is None:
                if re.match(r"central [a-z]+$", printed):
                    # "the central hospital" with no place named anywhere: a building, not a partner
                    self.case.body_hits[:] = [h for h in self.case.body_hits if h.entity != bare.id]
                    del self.case.entities[bare.id]
                    self.case.forget(bare)
                continue
            for number, hit in enumerate(self.case.body_hits):
                if hit.entity == bare.id:
                    self.case.body_hits[number] = Hit(full.id, hit.start, hit.end)
            del self.case.entities[bare.id]
            self.case.forget(bare)

    def _merge_short_departments(self) -> None:
        """'the irrigation department', 'the oblast department': a department printed with no more than
        its level or one word of its field is the last one named before it with those words
        ('the X rayon irrigation and drainage department', 'the X oblast department of emergencies')."""
        drafted = [
            e
            for e in self.case.entities.values()
            if e.is_government and (e.new or e.how.startswith("proposed as new"))  # not a registry's body
        ]
        for bare in drafted:
            short = re.fullmatch(
                r"(?:the\s+)?(?P<words>(?:[a-z]+\s+){0,2})department", bare.aliases[0] if bare.aliases else ""
            )
            words = short.group("words").split() if short else []
            if not short or any(
                w in ("of", "and", "a", "an", "its", "their", "this", "that", "his", "her") for w in words
            ):
                continue
            hits = [h for h in self.case.body_hits if h.entity == bare.id]
            if not hits:
                continue
            first = min(h.start for h in hits)
            named = [
                (h.start, h.entity)
                for h in self.case.body_hits
                if h.start < first
                and h.entity != bare.id
                and (entity := self.case.entities.get(h.entity)) is not None
                and entity.is_government
                and "department" in (name := self.case.text[h.start : h.end].lower())
                and all(re.search(rf"\b{w}\b", name) for w in words)
            ]
            if not named:
                continue
            full = max(named)[1]
            for number, hit in enumerate(self.case.body_hits):
                if hit.entity == bare.id:
                    self.case.body_hits[number] = Hit(full, hit.start, hit.end)
            del self.case.entities[bare.id]
            if bare.new:
                self.case.forget(bare)

    def _find(self, pattern: str, flags: int = 0) -> Iterator[Joined]:
        """The matches of ``pattern`` in the case study, read with the words broken at line ends
        joined ('depart- ment of edu- cation'), each with its positions in the text."""
        if self._joined is None:
            self._joined = joined(self.case.text, self.case.start, self.case.end)
        text, where = self._joined
        for match in re.compile(pattern, flags).finditer(text):
            yield Joined(match, where)

    def khukumat_for(self, place_id: str | None, start: int) -> str | None:
        """The Khukumat that governs a place: the registry's, or a new one."""
        if place_id is None:
            return None
        known = self.case.registry.governing(place_id, ["khukumat"])
        if known:
            return self.case.linked(known.id, "the Khukumat that governs the place, in the registries")
        place = self.case.entities.get(place_id)
        place_name = place.name if place else place_id
        return self.case.new_entity(
            f"khukumat-{slug(place_name)}",
            kind="organization",
            name=f"Khukumat of {place_name}",
            cls="government-body",
            level=LEVEL_OF_PLACE.get(self.case.type_of(place_id) or "", "city-rayon"),
            body_kind="khukumat",
            within=place_id,
            evidence=(self.case.quote_sentence(start),),
            how="new: a Khukumat not in the registries",
        )

    def jamoat_body_for(self, place_id: str | None, start: int, printed: str) -> str:
        if place_id is not None:
            known = self.case.registry.governing(place_id, ["jamoat-administration"])
            if known:
                return self.case.linked(known.id, "the administration of the Jamoat, in the registries")
        place = self.case.entities.get(place_id or "")
        name = place.name if place else "Jamoat (name not printed)"
        return self.case.new_entity(
            f"jamoat-{slug(name.removeprefix('Jamoat '))}" if place else "jamoat-unnamed",
            kind="organization",
            name=name,
            cls="government-body",
            level="jamoat",
            body_kind="jamoat-administration",
            within=place_id,
            aliases=(rx.clean_name(printed),)
            if name_key(printed) != name_key(name) and (not place or not rx.is_generic(printed))
            else (),
            evidence=(self.case.quote_sentence(start),),
            how="new: the administration of a Jamoat",
        )

    def place_named(self, name: str, types: tuple[str, ...]) -> str | None:
        for hit in self.case.place_hits:
            entity = self.case.entities[hit.entity]
            if entity.cls in types and variant_key(entity.name.removeprefix("Jamoat ")) == variant_key(name):
                return hit.entity
        link = self.case.registry.lookup(name, ["place"], types)
        return self.case.linked(link.known.id, link.how) if link else None

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

    def home_khukumat(self, start: int, oblast: bool = False) -> str | None:
        place = self.case.home.oblast if oblast else (self.case.home.rayon or None)
        if place:
            return self.khukumat_for(place, start)
        return self.case.new_entity(
            "khukumat-unnamed",
            kind="organization",
            name="Khukumat (rayon not named)",
            cls="government-body",
            level="oblast" if oblast else "city-rayon",
            body_kind="khukumat",
            within=self.case.home.oblast,
            evidence=(self.case.quote_sentence(start),),
            how="new: the text does not say which Khukumat",
        )

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

    def _branch_of_no_state_body(self, match: Joined) -> bool:
        """True when a level's branch, office or centre belongs to a society, an association, a union or a
        body of the registries that is no state body: it is theirs, not the state's."""
        field = match.group("field") or ""
        if re.search(r"\b(?:Society|Association|NGO|Foundation|Union|Fund)\b|(?i:\bred\s+cr)", field):
            return True
        return any(
            match.start() <= m.start < match.end() and m.known.cls != "government-body"
            for m in self.case.org_mentions
        )

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

    def _home_city(self) -> str | None:
        """The city most named in the case study, when the home found is a rayon and no city."""
        if self.case.home.rayon is None or self.case.type_of(self.case.home.rayon) != "rayon":
            return None
        cities = Counter(h.entity for h in self.case.place_hits if self.case.type_of(h.entity) == "city")
        return cities.most_common(1)[0][0] if cities else None

    def _jamoats(self) -> Found:
        for match in self._find(rf"\bJamoat\s+(?P<name>{rx.NAME})"):
            if self.locative(match.start()):
                continue
            place = self.place_named(rx.clean_name(match.group("name")), ("jamoat",))
            if place is not None:
                yield (
                    match.start(),
                    match.end(),
                    partial(self.jamoat_body_for, place, match.start(), match.group()),
                )

        # "the X jamoat gave …": the administration, when the Jamoat acts (else it names a place)
        for match in self._find(
            r"\b(?P<name>(?!(?:The|A|An|In|At|Of|From)\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+[Jj]amoat\b(?!s)"
        ):
            if self.locative(match.start()) or not re.match(
                self._ACTS, self.case.text[match.end() : match.end() + 60]
            ):
                continue
            place = self.place_named(match.group("name"), ("jamoat",))
            if place is not None:
                yield (
                    match.start(),
                    match.end(),
                    partial(self.jamoat_body_for, place, match.start(), match.group()),
                )
        # "the Jamoats of A and B gave …": each one's administration; "in the Jamoats of …" are places
        for listed in rx.JAMOAT_LIST.finditer(self.case.text, self.case.start, self.case.end):
            before = self.case.text[max(self.case.start, listed.start() - 12) : listed.start()]
            if re.search(r"\b(?:in|near|across|of|between)\s+(?:the\s+)?$", before, re.IGNORECASE):
                continue
            for name in re.finditer(r"[A-Z][\w'’-]+", listed.group("names")):
                start, end = listed.start("names") + name.start(), listed.start("names") + name.end()
                place = self.place_named(name.group(), ("jamoat",))
                if place is not None:
                    yield start, end, partial(self.jamoat_body_for, place, start, f"Jamoat {name.group()}")

    def _generic_jamoats(self) -> Found:
        not_the_body = r"(?!s|\s+(?:[A-Z\"“]|levels?\b|development\b|and\s+\w+\s+level))"
        pattern = rf"\b(?:the\s+)?(?:local\s+)?[Jj]amoat\b{not_the_body}"
        for match in self._find(pattern):
            if re.search(r"[A-Z][\w'’-]*\s+$", self.case.text[max(0, match.start() - 30) : match.start()]):
                continue  # 'Satalmush Jamoat' names a place
            if self.locative(match.start()) and not match.group().lower().startswith("the"):
                continue
            yield (
                match.start(),
                match.end(),
                partial(self.jamoat_body_for, self.case.home.jamoat, match.start(), match.group()),
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

    # the level word after the place is part of the parent ("of the Khukumat of X oblast"), so that a
    # registry's "Khukumat of X oblast" inside the department's name is no body of its own
    PARENT = (
        r"(?P<parent>(?:(?:the\s+)?(?:city|rayon|local)\s+)?(?:[Kk]h|[Hh])ukumat"
        r"(?:\s+of\s+[A-Z][\w'’-]+(?:\s+(?:rayon|raion|district|city|oblast)\b)?)?|"
        r"[A-Z][\w'’-]+\s+(?:[Kk]h|[Hh])ukumat|[A-Z][\w'’-]+|the rayon|the city|the oblast)"
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

    # Fields of state institutions, before 'centre', 'office' or 'station'.
    STATE_FIELD = (
        r"(?:employment|health|medical|veterinary|AIDS|TB|tuberculosis|sanitary|epidemiological|"
        r"sanitary-epidemiological|statistics|statistical|tax|land|archive|cultural|culture|pension|"
        r"migration|hydrometeorological|emergency|immuni[sz]ation|malaria|seed|plant protection|"
        r"social protection|social security|social insurance|reproductive health|family medicine|"
        r"primary health care|forestry|water|healthy lifestyle|family planning|nutrition|maternity|"
        r"rehabilitation|blood transfusion|narcology|narcological|dermatovenerological|oncology|oncological)"
    )
    # A body printed with its field: "the oblast department of melioration and water
    # resources", "the rayon health department", "the Tojikobod rayon hospital", "the city SES".
    # a word of the field may be an acronym: "the city TB centre"
    SERVICE = (
        r"(?:(?:(?!(?:and|its|the|of|their|his|her|a|an)\b)(?:[a-z]+(?:-[a-z]+)?|[A-Z]{2,5})\s+){0,2}"
        r"(?:department|hospital|polyclinic|library|clinic|inspection|school|lyceum|gymnasium|kindergarten|"
        r"college|archive|branch|division|court)"
        r"|(?:(?!(?:and|its|the|of|their|his|her|a|an)\b)(?:[a-z]+(?:-[a-z]+)?|[A-Z]{2,5})\s+){1,2}"
        r"(?:centre|center|office|station|committee|enter-?\s?prise)"
        r"(?:\s+\([a-z]+\))?"
        # a name in capitals after the level: "the X rayon Sanitary-Epidemiological Station"
        r"|(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+){1,3}(?:Centre|Center|Station|Committee|Office)"
        r"|(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?\s+){0,3}(?:Hospital|Polyclinic|Library|Inspection|Department|School)"
        # "the rayon centre of reproductive health": a centre named by its field (not "of Vose")
        r"|(?:centre|center)(?=\s+of\s+[a-z])"
        r"|SES|ZAGS|civil registry office(?:\s+\(ZAGS\))?"
        # institutions of a place: "the rayon house of culture", "the city maternity home"
        r"|(?:[Hh]ouse|[Pp]alace) of [Cc]ulture|maternity (?:home|ward))"
    )
    # "of melioration and water resources", "of the Committee for Emergency Situations": nouns of a
    # field; a lower-case word that follows another without "and" is the sentence's verb.
    _CAP = r"[A-Z][\w'’-]*"
    _VERB = (
        r"(?:\w+ed|was|were|is|are|has|had|gave|covers|checks|paid|took|sent|built|made|ran|held|set|put|let|"
        r"pays|gives|sends|provides|helps|holds|trains|tests|supports|runs|keeps|offers|lends|"
        # past tenses without -ed: "the rayon department of forestry lent a truck"
        r"lent|chose|taught|bought|brought|sold|told|found|began|spent|dug|drew|grew|wrote|sat|stood|won|led)\b"
    )
    _FUNCTION = r"(?:and|or|the|a|an|in|on|at|to|for|with|by|from|as|which|who|that|whose)\b"
    # "of reproductive health", "of family medicine": a field of two words, the second no verb
    FIELD = (
        rf"of\s+(?:the\s+)?(?:{_CAP}|[a-z]+(?:\s+(?!{_VERB}|{_FUNCTION})[a-z]+)?)"
        rf"(?:\s+(?:{_CAP}|(?:and|for|on|of)\s+(?:{_CAP}|(?!the\b)[a-z]+(?:\s+(?!{_VERB})[a-z]+)?))"
        # a list of fields in capitals: "of the Committee on A, B and C"
        rf"|,\s+{_CAP}(?=(?:,\s+{_CAP})*,?\s+and\s+{_CAP}))*"
        # the national body a local one is a branch of: "… under the Government of RT"
        r"(?:\s+under\s+the\s+(?:Government|President)(?:\s+of\s+(?:RT|the\s+Republic\s+of\s+[A-Z][\w'’-]+))?)?"
    )

    def _local_services(self) -> Found:
        pattern = (
            # the level may be printed in capitals: "the X Rayon Education Department", "X District Hospital"
            rf"\b(?:(?!(?:The|A|An|This|That|Its|Their)\b)(?P<place>[A-Z][\w'’-]+)\s+)?"
            # "regional" is the oblast's only in a department's name ("the regional health department")
            r"(?P<level>rayon|raion|district|city|oblast|central|Rayon|District|City|Oblast|"
            r"(?:regional|Regional)(?=\s+(?:[a-z]+\s+){0,2}(?:department|Department)\b))\s+"
            rf"(?P<what>{self.SERVICE})(?:\s+(?P<field>{self.FIELD}))?"
        )
        for match in self._find(pattern):
            if match.group("place") and match.group("place").lower() in rx.NOT_A_NAME:
                continue
            if re.search(
                r"\b(?:gave|lent|offered|provided|handed\s+over|rented|let)\s+(?:the\s+|its\s+|their\s+)?"
                r"(?:hall|building|rooms?|premises|yard|gym|courtyard)\s+of\s+(?:the\s+)?$",
                self.case.text[max(0, match.start() - 50) : match.start()],
                re.IGNORECASE,
            ):
                continue  # "X gave the hall of the city youth centre": X's gift, the centre only the place
            if self._branch_of_no_state_body(match):
                continue  # "the rayon branch of the red-cross society", "the city office of UNDP"
            if re.search(
                r"\b(?:former|old|ex-)\s*$", self.case.text[max(0, match.start() - 8) : match.start()]
            ):
                continue  # "the yard of the former rayon hospital": a body no more, only a place
            if (
                not match.group("place")
                and not match.group("field")
                and match.group("what") in ("department", "office", "inspection")
                and re.search(
                    r"\b(?:its|their)\s+$", self.case.text[max(0, match.start() - 8) : match.start()]
                )
            ):
                continue  # "the Committee trained them through its rayon department": a branch of it
            yield match.start(), match.end(), partial(self._printed_body, match)
        # "the tax inspection of X rayon", "the civil registry office (ZAGS) of X rayon"
        after = (
            r"\b(?:(?:(?!(?:and|its|the|of|their|a|an)\b)[a-z]+\s+){0,2}"
            r"(?:inspection|hospital|polyclinic|library|SES|registry office(?:\s+\(ZAGS\))?)"
            # a centre, an office or a station of a place is the state's when its field is the state's
            # ("the employment centre of X district"); a youth or resource centre may be an NGO
            rf"|{self.STATE_FIELD}\s+(?:centre|center|office|station|service|agency|fund|enterprise)"
            r"|(?:(?!(?:and|its|the|of|their|a|an|youth|women['’]s)\b)[a-z]+\s+){1,2}committee"
            r"|prosecutor['’]s office)"
            r"\s+of\s+(?P<place>[A-Z][\w'’-]+)\s+(?P<level>rayon|raion|district|city|oblast)\b"
        )
        for match in self._find(after):
            yield match.start(), match.end(), partial(self._printed_body, match)
        # "the <Field> Department of X", "the <Field> Inspectorate of X oblast": a field in capitals
        # before the kind of body, and the place it serves (a known place: "Office of <a donor>" is none)
        capital = (
            r"\b(?!The\b)(?:(?P<what>[A-Z][a-z]+(?:['’]s)?(?:\s+(?:and\s+)?[A-Z][a-z]+(?:['’]s)?){0,2})\s+)?"
            r"(?P<head>Department|Directorate|Division|Inspectorate|Inspection|Administration|Committee|Office|"
            r"Service|Centre|Center)"
            # its field after it: "the Centre for <Field> of X rayon"
            r"(?:\s+(?:for|of|on)\s+(?P<field>(?!The\b)[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3}))?"
            r"\s+of\s+(?:the\s+)?(?:(?:[Kk]h|[Hh])ukumat\s+of\s+)?"
            r"(?P<place>[A-Z][\w'’-]+)(?:\s+(?P<level>rayon|raion|district|city|oblast))?\b"
        )
        for match in self._find(capital):
            if not (match.group("what") or match.group("field")):
                continue  # "the Department of X rayon": read with its field by _departments
            named = f"{match.group('what') or ''} {match.group('field') or ''}"
            if match.group("head") in ("Centre", "Center", "Office", "Service") and not re.search(
                rf"(?i)\b{self.STATE_FIELD}\b|prosecutor", named
            ):
                continue  # a youth or resource centre of a place may be an NGO's
            place = self.place_named(match.group("place"), ("rayon", "city", "oblast", "region"))
            if place is not None:
                yield match.start(), match.end(), partial(self._body_of_place, match, place)
        # "the X vocational lyceum", "the X agricultural college": a state school named by its place
        school = (
            r"\b(?!(?:The|A|An|This|That|Its|Their)\b)(?P<place>[A-Z][\w'’-]+)\s+"
            r"(?:vocational|agricultural|medical|technical|pedagogical|polytechnic|music|art|sports)\s+"
            r"(?:lyceum|college|school|technikum)\b"
        )
        for match in self._find(school):
            place = self.place_named(match.group("place"), ("rayon", "city", "oblast", "region"))
            if place is not None:
                yield match.start(), match.end(), partial(self._body_of_place, match, place)
        yield from self._numbered_institutions()

    # A numbered state institution: "school # 12", "vocational lyceum No. 3 of X", "polyclinic № 5".
    NUMBERED = (
        r"\b(?:(?:[Ss]econdary|[Pp]rimary|[Bb]oarding|[Mm]usic|[Ss]ports|[Vv]ocational|[Ss]pecial|[Aa]rt)\s+)?"
        r"(?:[Ss]chool|[Ll]yceum|[Gg]ymnasium|[Cc]ollege|[Kk]indergarten|[Pp]olyclinic|[Hh]ospital|[Cc]linic|"
        r"[Oo]rphanage|[Ll]ibrary)\s+(?:No\.?|№|#|number)\s?(?P<number>\d+)"
        r"(?:\s+of\s+(?:(?:[Jj]amoat|[Vv]illage|[Mm]akhalla)\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
        r"(?:\s+(?:rayon|raion|district|city|oblast|jamoat))?)?"
    )
    # ... is a partner when it does something (its subject, or a clause about it: "school # 5, which
    # gave the hall", "lyceum # 2 now teaches"), works with the organization ("together with school
    # # 5"), or hosts what was set up in it ("opened a club in school # 5"); a school that is only
    # where the work was done ("the roof of school # 5", "repairs in school # 5") is none
    _ACTS = (
        r",?\s+(?:(?:which|that|who)\s+)?(?:(?:also|now|still|then|itself)\s+)?"
        r"(?:gives|gave|provides|provided|offers|offered|lends|lent|pays|paid|makes|made|opens|opened|"
        r"hosts|hosted|houses|housed|allocates|allocated|donates|donated|supplies|supplied|shares|shared|"
        r"puts|put|lets|let|teaches|taught|trains|trained|helps|helped|joins|joined|agrees|agreed|takes|"
        r"took|runs|ran|organi[sz]es|organi[sz]ed|holds|held|covers|covered|contributes|contributed|"
        r"becomes|became|serves|served|acts|acted|releases|released|sends|sent)\b"
    )
    _WITH = (
        r"\b(?:together with|jointly with|in (?:partnership|cooperation|co-operation) with|"
        r"with the (?:help|support|participation) of)\s+(?:the\s+)?$"
    )
    _HOSTS = (
        r"\b(?:set up|opened|organi[sz]ed|started|ran|runs|created|established|founded|equipped|held)\s+"
        r"(?:(?:a|an|the|its|their)\s+(?:[\w'’-]+\s+){0,4}?)?(?:in|at)\s+(?:the\s+)?$"
    )
    # its people at work for it: "teachers of school # 5 visit …", "doctors of polyclinic # 2"
    _STAFF = (
        r"\b(?:teachers|doctors|nurses|staff|specialists|employees|workers|director|headmaster|"
        r"head|librarians?|educators)\s+of\s+(?:the\s+)?$"
    )

    def _numbered_institutions(self) -> Found:
        text = self.case.text
        for match in self._find(self.NUMBERED):
            before = text[max(self.case.start, match.start() - 60) : match.start()]
            if (
                re.match(self._ACTS, text[match.end() : match.end() + 60])
                or re.search(self._WITH, before, re.IGNORECASE)
                or re.search(self._HOSTS, before)
                or re.search(self._STAFF, before, re.IGNORECASE)
                or self._row_label(match.start())
            ):
                yield match.start(), match.end(), partial(self._numbered, match)

    def _row_label(self, start: int) -> bool:
        """True when a name opens a line of a list or table ('School # 5 (rooms) 1 200 TJS'): a row of
        sources names what the body gave, a line of prose never opens with a number sign."""
        doc = self.case.doc
        line = doc.line_of[start]
        first = doc.offset(line)
        return bool(re.fullmatch(r"[-–•]?\s*", doc.text[first:start])) and bool(
            rx.find_money(
                doc.text, start, doc.offset(line + 2) if line + 1 < len(doc.lines) else len(doc.text)
            )
        )

    def _numbered(self, match: Joined) -> str | None:
        """A numbered institution, the same one however often and however fully it is named."""
        kind = re.search(
            r"(?i)(school|lyceum|gymnasium|college|kindergarten|polyclinic|hospital|clinic|orphanage|library)",
            match.group(),
        )
        number = match.group("number")
        for entity in self.case.entities.values():
            names = (entity.name, *entity.aliases)
            if (
                entity.is_government
                and kind
                and any(
                    re.search(rf"(?i)\b{kind.group(1)}\s+(?:No\.?|№|#|number)\s?{number}\b", n) for n in names
                )
            ):
                return entity.id
        return self._printed_body(match)

    def _body_of_place(self, match: Joined, place: str) -> str | None:
        """A body named by its field and the place it serves; its level is the place's."""
        printed = rx.clean_name(rx.join_broken(match.group()))
        level = LEVEL_OF_PLACE.get(self.case.type_of(place) or "", "city-rayon")
        return self._new_field_body(printed, printed, level, place, (printed,), match.start(), "of a place ")

    # Fields of the republic's committees and agencies printed before the head ("the Tax Committee").
    REPUBLIC_FIELDS = frozenset(
        (
            "tax",
            "customs",
            "statistics",
            "statistical",
            "migration",
            "drug control",
            "anti-corruption",
            "antimonopoly",
            "environmental protection",
            "forestry",
            "land management",
            "religious affairs",
            "youth affairs",
            "emergency situations",
            "civil defence",
            "standardization",
            "veterinary",
            "water",
        )
    )

    def _national_committees(self) -> Found:
        # a word of the name may be broken at a line end ("Inspec- tion"), and its short name may
        # stand in brackets before "under" ("the Committee for X (CfX) under the Government")
        word = r"(?:[A-Z][\w'’]*-\s[a-z][\w'’]*|[A-Z][\w'’-]*|and|the|of)"
        head = (
            r"(?:[Cc]ommittee|[Cc]ommission|[Aa]gency|[Ss]ervice|[Ii]nspection|"
            r"[Dd]epartment|[Aa]dministration)"
        )
        # its field may stand before it, in capitals: "the A and B Committee under the Government"
        before = (
            r"(?:(?!(?:The|A|An|This|That|Its|Their|With|Together|In|On|For|By|From)\b)"
            r"[A-Z][\w'’-]+\s+(?:and\s+)?){0,4}"
        )
        pattern = (
            rf"\b{before}{head}\s+(?:(?:on|for|of)\s+"
            # the field may be a list: "for A, B and C under the Government"
            rf"{word}(?:,?\s+{word})*\s+)?(?:\([A-Z][\w-]{{1,12}}\)\s+)?under the "
            r"(?:Gov(?:-\s)?ernment|President|Ministry\s+of\s+[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*)"
            r"(?:\s+of\s+(?:RT|(?:the\s+)?(?:Republic\s+of\s+)?[A-Z][\w'’-]+))?"
        )
        for match in self._find(pattern):
            yield match.start(), match.end(), partial(self._printed_body, match, "national")
        # "the State Committee on X of RT": a body of the republic by the name of the country
        country = r"of\s+(?:RT|(?:the\s+)?Republic\s+of\s+[A-Z][\w'’-]+)\b"
        national = (
            r"\b(?:(?:State|[Cc]entral|National)\s+)?(?:[Cc]ommittee|[Cc]ommission|[Aa]gency|[Ss]ervice|[Ii]nspection)"
            rf"\s+(?:on|for|of)\s+{word}(?:,?\s+{word})*?\s+{country}"
            # the bank of the republic: "the National Bank of X-stan"
            r"|\b(?:National|State)\s+Bank\s+of\s+(?:RT\b|[A-Z][a-z]+stan\b|the\s+Republic\s+of\s+[A-Z][\w'’-]+)"
        )
        for match in self._find(national):
            yield match.start(), match.end(), partial(self._printed_body, match, "national")
        # "the State Agency for A, B and C": 'State' makes it the republic's (an acronym ends the name)
        field = r"[A-Z][a-z][\w'’]*"
        state = (
            r"\bState\s+(?:Committee|Agency|Service|Inspection|Inspectorate)\s+(?:on|for|of)\s+"
            rf"{field}(?:(?:,\s+|,?\s+and\s+|\s+)(?:{field}))*"
        )
        for match in self._find(state):
            yield match.start(), match.end(), partial(self._printed_body, match, "national")
        # "the Committee for A", "the Agency for A and B": a committee or an agency for a field in
        # capitals, of no place, is the republic's
        national_field = rf"{field}(?:(?:,\s+|,?\s+and\s+|\s+)(?:{field}))*"
        own_field = (
            rf"\b(?:Committee|Agency)\s+(?:on|for)\s+{national_field}(?!\s+(?:of|in|at)\s|[\w'’-])"
            # "the Tax Committee": a field of the republic's (REPUBLIC_FIELDS) in capitals before the head
            r"|(?<!rayon )(?<!district )(?<!city )(?<!oblast )\b(?!(?:The|A|An|This|That|Its|Their|With)\b)"
            r"(?P<ahead>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+"
            r"(?:Committee|Agency|Service|Inspectorate)\b(?!\s+(?:of|in|at)\s)"
        )
        for match in self._find(own_field):
            if match.group("ahead") and match.group("ahead").lower() not in self.REPUBLIC_FIELDS:
                continue
            before = self.case.text[max(self.case.start, match.start() - 25) : match.start()]
            if re.search(
                r"\b(?:NGO|PA|public|international|village|organizing|steering|parents['’]?)\s+(?:the\s+)?$",
                before,
                re.IGNORECASE,
            ):
                continue  # a committee of the people, not of the state
            if re.search(
                r"(?:\bof\s+(?:the\s+)?|\b(?!(?:The|A|An|This|That|Its|Their|With|By|From|In|On)\s)[A-Z][\w'’-]*\s+)$",
                before,
            ) or any(
                m.start < match.end() and match.start() < m.end and m.known.cls != "government-body"
                for m in self.case.org_mentions
            ):
                continue  # part of a longer name: "the Swiss Agency for …", "the Agency for X of the Y"
            yield match.start(), match.end(), partial(self._printed_body, match, "national")
        # bodies of the republic by their own names: the ombudsman, the academies
        country_name = r"(?:RT\b|[A-Z][a-z]+stan\b|the\s+Republic\s+of\s+[A-Z][\w'’-]+)"
        own = (
            rf"\b(?:Human\s+Rights\s+)?Ombudsman(?:\s+(?:of|in)\s+{country_name})?"
            rf"|\bCommissioner\s+for\s+Human\s+Rights(?:\s+in\s+{country_name})?"
            rf"|\bAcademy\s+of\s+(?:Agricultural\s+|Medical\s+)?(?:Sciences|Education)\s+of\s+{country_name}"
        )
        for match in self._find(own):
            yield match.start(), match.end(), partial(self._printed_body, match, "national")
        # the same body later by the first words of its name ("the Committee for X" after "the
        # Committee for X and Y under the Government"): the body named before, never a new one
        for match in self._find(rf"\b{head}\s+(?:on|for|of)\s+{word}(?:,?\s+{word})*"):
            yield match.start(), match.end(), partial(self._named_before, match)

    def _registry_national(self, printed: str) -> str | None:
        """The registry's national body whose name has the same words as ``printed``, whatever their
        order or the small words between them ('the A and B Committee under the Government of RT' is
        'the Committee on A and B under the Government of the Republic of X')."""
        words = _name_words(printed)
        if len(words) < 2:
            return None
        for known in self.case.registry.entries:
            if known.cls != "government-body" or known.level != "national":
                continue
            if any(_name_words(name) == words for name in known.names):
                return self.case.linked(known.id, f"'{printed}' has the words of the registry's name")
        return None

    def _named_before(self, match: Joined) -> str | None:
        printed = re.sub(r"(?:\s+(?:and|of|the|for|on|in))+$", "", match.group())
        printed = rx.join_broken(printed).lower()
        for entity in self.case.entities.values():
            national = entity.is_government and entity.level == "national"
            if national and entity.name.lower().startswith(printed):
                return entity.id
        return None

    def _printed_body(self, match: Joined, level: str | None = None) -> str | None:
        """A body as printed, its level from its words (oblast, rayon, city) and the place it names."""
        printed = rx.clean_name(re.sub(r"^(?:the|The)\s+", "", match.group()))
        printed = rx.join_broken(printed)  # "forestry enter- prise": a line end
        short = re.search(r"\s\(([A-Z][\w-]*)\)\s(?=under\b)", printed)
        if short:  # "the Agency for X (AfX) under the Government": the short name is an alias
            printed = printed[: short.start()] + printed[short.end() - 1 :]
        # the field ends where a word of the sentence begins: trailing function words are not the name
        printed = re.sub(r"(?:\s+(?:and|of|the|for|on|in))+$", "", printed)
        if level is None:  # a local branch: the national body it belongs to is no part of its name
            printed = re.sub(r"\s+under\s+the\s+(?:Government|President)\b.*$", "", printed)
        groups = match.groupdict()
        place = None
        if groups.get("place"):
            types = (
                ("oblast", "region")
                if (groups.get("level") or "").lower() in ("oblast", "regional")
                else ("rayon", "city")
            )
            place = self.place_named(str(groups["place"]), types)
        if level is None:
            # "the regional department": here a region is an oblast
            level = (
                "oblast" if (groups.get("level") or "").lower() in ("oblast", "regional") else "city-rayon"
            )
            if place is None:
                place = self.case.home.oblast if level == "oblast" else self.case.home.rayon
        else:
            place = next((e.id for e in self.case.registry.entries if e.cls == "country"), None)
            known = self._registry_national(printed)
            if known:
                return known
        name = printed[:1].upper() + printed[1:]
        if not groups.get("place"):
            # "the central hospital" after "the X central hospital": the body named before
            for entity in self.case.entities.values():
                if entity.is_government and entity.name.lower().endswith(" " + printed.lower()):
                    return entity.id
        if not groups.get("place") and place and place in self.case.entities and level != "national":
            name = f"{name} ({self.case.entities[place].name})"
        aliases = (printed, short.group(1)) if short else (printed,)
        return self._new_field_body(printed, name, level, place, aliases, match.start())

    def _new_field_body(
        self,
        printed: str,
        name: str,
        level: str,
        place: str | None,
        aliases: tuple[str, ...],
        start: int,
        of_place: str = "",
    ) -> str | None:
        """A new state body printed with its field ('the X rayon health department'), of ``place``."""
        return self.case.new_entity(
            slug(printed, 5),
            kind="organization",
            name=name,
            cls="government-body",
            level=level,
            body_kind="department" if "department" in printed.lower() else "unspecified",
            within=place,
            aliases=aliases,
            evidence=(self.case.quote_sentence(start),),
            how=f"new: '{printed}', a state body {of_place}named with its field",
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

    def _national(self, candidate: str, name: str, body_kind: str, start: int, how: str) -> str:
        country = next((e.id for e in self.case.registry.entries if e.cls == "country"), None)
        return self.case.new_entity(
            candidate,
            kind="organization",
            name=name,
            cls="government-body",
            level="national",
            body_kind=body_kind,
            within=country,
            evidence=(self.case.quote_sentence(start),),
            how=how,
        )

    def _ministries(self) -> Found:
        word = rf"[A-Z][\w]+{rx.BROKEN}"  # a word of the name may be broken at a line end
        # "of Labour, Migration and Employment of Population": a list, and a field of its field
        joint = r"(?:,?\s+and\s+|,\s+|\s+|\s+of\s+(?!RT\b|the\b|Republic\b))"
        for match in self._find(rf"\b[Mm]inistry of (?:the )?(?P<what>{word}(?:{joint}{word})*)"):
            what = rx.join_broken(match.group("what"))
            yield (
                match.start(),
                match.end(),
                partial(
                    self._national,
                    f"ministry-{slug(what, 3)}",
                    f"Ministry of {what}",
                    "ministry",
                    match.start(),
                    "new: a ministry not in the registries",
                ),
            )

    def _parliaments(self) -> Found:
        for match in self._find(r"\b(?:Majlisi|Madzhlisi|Madjlisi|Parliament)(?:\s+(?!of\b)[A-Z][\w'’-]+)*"):
            yield match.start(), match.end(), partial(self._parliament, match)

    def _parliament(self, match: Joined) -> str:
        words = match.group().split()
        for size in range(len(words), 0, -1):
            link = self.case.registry.lookup(" ".join(words[:size]), ["organization"])
            if link:
                return self.case.linked(link.known.id, link.how)
        return self._national(
            slug(match.group()), match.group(), "parliament", match.start(), "new: a chamber of parliament"
        )

    def _makhalla_committees(self) -> Found:
        # the makhalla's name after 'of', or in quotes right after the word: 'the makhalla committee "X"'
        quoted = r"[\"“][^\"“”]{2,60}[\"”]"
        for match in self._find(
            rf"\b[Mm]ak?hall?a committee\s+(?:(?:of|from|in)\s+(?P<name>{rx.NAME})|(?P<quoted>{quoted}))"
        ):
            yield match.start(), match.end(), partial(self._makhalla_committee, match)
        # "the makhalla committees of A and B": one committee for each makhalla
        for match in self._find(
            r"\b[Mm]ak?hall?a committees\s+(?:of|from|in)\s+(?P<name>[A-Z][\w'’-]+)"
            r"(?:\s*,\s*(?P<name2>[A-Z][\w'’-]+))?\s+and\s+(?P<name3>[A-Z][\w'’-]+)"
        ):
            for group in ("name", "name2", "name3"):
                if match.group(group):
                    yield (
                        match.start(group),
                        match.end(group),
                        partial(
                            self._makhalla_committee_of, match.group(group), match.start(group), match.group()
                        ),
                    )

    def _makhalla_committee(self, match: Joined) -> str:
        name = match.group("name") or match.group("quoted")
        return self._makhalla_committee_of(rx.clean_name(name), match.start(), match.group())

    def _makhalla_committee_of(self, name: str, start: int, printed: str) -> str:
        place = self.place_named(name, ("makhalla", "village")) or self.case.new_entity(
            slug(name),
            kind="place",
            name=name,
            cls="makhalla",
            within=self.case.home.jamoat,
            evidence=(self.case.quote_sentence(start),),
            how="new: the makhalla of a makhalla committee",
        )
        return self.case.new_entity(
            f"makhalla-committee-{slug(name)}",
            kind="organization",
            name=f"Makhalla committee of {name}",
            cls="government-body",
            level="makhalla",
            body_kind="makhalla-committee",
            within=place,
            aliases=(printed,),
            evidence=(self.case.quote_sentence(start),),
            how="new: a makhalla committee",
        )

    def _unnamed_state(self) -> Found:
        for match in rx.UNNAMED_STATE.finditer(self.case.text, self.case.start, self.case.end):
            sentence = self.case.sentence_at(match.start())
            if rx.PROJECTS_WITH.search(self.case.text, *sentence):
                continue  # "it carried out five projects with state bodies": partners in general
            yield match.start(), match.end(), partial(self.unnamed_state_body, match.start(), match.group())

    def budget_of(self, start: int) -> str | None:
        """The Khukumat whose budget the rest of the clause names ('… from the budget of X oblast',
        '… in the rayon budget'), for state bodies the text does not name."""
        end = self.case.sentence_at(start)[1]
        clause = re.split(r"[;,]\s+(?:and\s+|while\s+|but\s+)?(?=[a-z]+\s|the\s)", self.case.text[start:end])[
            0
        ]
        place = re.search(
            r"\bbudget\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+)\s+(?P<level>oblast|rayon|raion|district|city)\b",
            clause,
        )
        if place:
            types = ("oblast", "region") if place.group("level") == "oblast" else ("rayon", "city")
            found = self.place_named(place.group("name"), types)
            return self.khukumat_for(found, start) if found else None
        level = re.search(r"\b(?P<level>oblast|rayon|district|city)\s+budget\b", clause)
        if level is None:
            return None
        if level.group("level") == "city" and (city := self._home_city()) is not None:
            return self.khukumat_for(city, start)
        return self.home_khukumat(start, level.group("level") == "oblast")

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

    def partnerships(self, projects: list[ProjectDraft]) -> list[PartnershipDraft]:
        main = self.case.entities[self.case.main]
        if main.cls not in CSO_CLASSES:
            return []
        money = {c.by for p in projects for c in p.contributions if c.amount is not None}
        found = []
        for body in dict.fromkeys(h.entity for h in self.case.body_hits):
            hits = [h for h in self.case.body_hits if h.entity == body]
            sentences = list(dict.fromkeys(self.case.sentence_at(h.start) for h in hits))
            text = " ".join(self.case.text[a:b] for a, b in sentences)
            forms = guess_forms(text, body in money)
            evidence = tuple(self.case.doc.quote(a, b, focus=a) for a, b in sentences[:3])
            found.append(
                PartnershipDraft(
                    self.case.new_id(f"{self.case.main}-{body}"),
                    self.case.main,
                    body,
                    forms,
                    evidence,
                    0.8 if body in money else 0.6,  # money printed beside the body, or only its words
                )
            )
        return found


FORM_RULES: tuple[tuple[str, str], ...] = (
    ("co-financing", r"\bcontribution\b|\bfinanc|\ballocated \$|\bmoney\b|\bfund(?:s|ed)\b"),
    ("land-allocation", r"\ballocated (?:a |the )?(?:place|land|plot)"),
    ("equipment", r"\bequipment\b|\bcomputers?\b|\bfurniture\b"),
    ("firewood", r"\bfire ?wood\b"),
    ("hospital-beds", r"\bbeds\b"),
    ("premises", r"\bpremises\b"),
    ("registration", r"\bregistered\b"),
    ("training-of-officials", r"\btrain|\bseminar|\bTOT\b"),
    ("roundtable-forum", r"\broundtable|\bround table|\bforum"),
    ("advocacy", r"\badvocacy|\blobb|\bdraft law|\bbill\b"),
    ("community-mobilisation", r"\bmobili[sz]"),
    ("advisory-council", r"\bcouncil\b"),
    ("information-campaign", r"\binformation|\bcampaign|\bdissemination"),
    ("joint-planning", r"\bplan\b|\bplanning|\bstrategy|\bapplication|\bpriority"),
)


def guess_forms(text: str, gave_money: bool) -> tuple[str, ...]:
    """Collaboration forms suggested by the words of the passages that name a body."""
    forms = [form for form, pattern in FORM_RULES if re.search(pattern, text, re.IGNORECASE)]
    if gave_money and "co-financing" not in forms:
        forms.insert(0, "co-financing")
    return tuple(forms) or ("joint-implementation",)
