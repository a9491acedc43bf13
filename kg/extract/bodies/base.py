"""What every reader of state bodies shares: the case study's text with broken words joined, the places
named in it, the Khukumat or Jamoat administration that governs a place, and a new body made from
its printed name (a local branch, or a body of the republic the registries lack).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from kg.authoring.spelling import name_key, variant_key
from kg.extract import recognize as rx
from kg.extract.bodies.joined import Joined, joined
from kg.extract.model import LEVEL_OF_PLACE, Builder
from kg.extract.text import slug

Found = Iterator[tuple[int, int, Callable[[], str | None]]]  # a body's span, and how to make or link it

# Words that do not tell one national body from another: small words and the country's names.
_SMALL_WORDS = frozenset(("the", "of", "on", "for", "and", "in", "under", "rt", "republic", "tajikistan"))


def _name_words(name: str) -> frozenset[str]:
    """The words of a body's name that tell it apart, in no order ('Elections' and 'elections' alike)."""
    return frozenset(w for w in re.findall(r"[a-z]+", name_key(name)) if w not in _SMALL_WORDS)


class BodyReader:
    """The case study a reader of state bodies reads, and the bodies all its finders share."""

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

    def _find(self, pattern: str, flags: int = 0) -> Iterator[Joined]:
        """The matches of ``pattern`` in the case study, read with the words broken at line ends
        joined ('depart- ment of edu- cation'), each with its positions in the text."""
        if self._joined is None:
            self._joined = joined(self.case.text, self.case.start, self.case.end)
        text, where = self._joined
        for match in re.compile(pattern, flags).finditer(text):
            yield Joined(match, where)

    def place_named(self, name: str, types: tuple[str, ...]) -> str | None:
        for hit in self.case.place_hits:
            entity = self.case.entities[hit.entity]
            if entity.cls in types and variant_key(entity.name.removeprefix("Jamoat ")) == variant_key(name):
                return hit.entity
        link = self.case.registry.lookup(name, ["place"], types)
        return self.case.linked(link.known.id, link.how) if link else None

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

    def _home_city(self) -> str | None:
        """The city most named in the case study, when the home found is a rayon and no city."""
        if self.case.home.rayon is None or self.case.type_of(self.case.home.rayon) != "rayon":
            return None
        cities = Counter(h.entity for h in self.case.place_hits if self.case.type_of(h.entity) == "city")
        return cities.most_common(1)[0][0] if cities else None

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

    # A body acts when the words after its name are its verb ("school # 5, which gave the hall",
    # "lyceum # 2 now teaches", "the X jamoat gave …"): read by the numbered institutions and the Jamoats
    _ACTS = (
        r",?\s+(?:(?:which|that|who)\s+)?(?:(?:also|now|still|then|itself)\s+)?"
        r"(?:gives|gave|provides|provided|offers|offered|lends|lent|pays|paid|makes|made|opens|opened|"
        r"hosts|hosted|houses|housed|allocates|allocated|donates|donated|supplies|supplied|shares|shared|"
        r"puts|put|lets|let|teaches|taught|trains|trained|helps|helped|joins|joined|agrees|agreed|takes|"
        r"took|runs|ran|organi[sz]es|organi[sz]ed|holds|held|covers|covered|contributes|contributed|"
        r"becomes|became|serves|served|acts|acted|releases|released|sends|sent)\b"
    )

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
