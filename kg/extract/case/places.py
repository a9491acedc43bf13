"""The places of a case study: registry names and printed place names ('village X', 'Jamoat Y'), each
new one nested in a larger place, and the home of the main organization (its village, Jamoat, rayon
and oblast) from where the text says it is located, else from the places it names most.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kg.extract import recognize as rx
from kg.extract.case.organization import MainOrganization
from kg.extract.model import RANK, Hit
from kg.extract.text import slug


class Places(MainOrganization):
    """The places a case study names, and where its main organization works."""

    # -- places ---------------------------------------------------------------------------

    def place_entity(self, type_: str, name: str, start: int, end: int) -> str | None:
        types = {"village": ("village", "makhalla"), "rayon": ("rayon", "city"), "city": ("city", "rayon")}
        allowed = types.get(type_, (type_,))
        full = f"Jamoat {name}" if type_ == "jamoat" else name
        link = self.registry.lookup(full, ["place"], allowed) or self.registry.lookup(
            name, ["place"], allowed
        )
        if link is not None:
            return self.linked(link.known.id, link.how)
        if (
            rx.is_generic(name)
            or name.split()[0].lower() in rx.NOT_A_NAME
            or (self.is_main(name) and type_ != "village")
        ):
            return None
        candidate = f"{slug(name)}-jamoat" if type_ == "jamoat" else slug(name)
        return self.new_entity(
            candidate,
            kind="place",
            name=full,
            cls=type_,
            evidence=(self.quote_sentence(start),),
            how=f"new: not in the registries; '{self.text[start:end]}' read as a {type_}",
        )

    def _places(self) -> None:
        for mention in self.place_mentions:
            self.place_hits.append(
                Hit(
                    self.linked(mention.known.id, mention.how),
                    mention.start,
                    mention.end,
                )
            )
        covered = [(m.start, m.end) for m in self.place_mentions]
        for type_, pattern in rx.PLACE_PATTERNS:
            for match in pattern.finditer(self.text, self.start, self.end):
                if any(a < match.end() and match.start() < b for a, b in covered):
                    continue
                name = rx.clean_name(match.group("name"))
                if not name:
                    continue
                entity = self.place_entity(type_, name, match.start(), match.end())
                if entity:
                    self.place_hits.append(Hit(entity, match.start(), match.end()))
                    covered.append((match.start(), match.end()))
        for match in rx.JAMOAT_LIST.finditer(self.text, self.start, self.end):
            for word in re.finditer(r"[A-Z][\w'’-]+", match.group("names")):
                start, end = match.start("names") + word.start(), match.start("names") + word.end()
                if any(a < end and start < b for a, b in covered) or self._larger_place(word.group()):
                    continue
                entity = self.place_entity("jamoat", word.group(), start, end)
                if entity:
                    self.place_hits.append(Hit(entity, start, end))
                    covered.append((start, end))
        self.place_hits.sort(key=lambda h: h.start)
        self._nest_new_places()
        self._home()
        self._nest_in_home()

    def _larger_place(self, name: str) -> bool:
        """True when ``name`` is a rayon, city or oblast named in the text or known to the registries."""
        larger = ("rayon", "city", "oblast", "region")
        return self.registry.lookup(name, ["place"], larger) is not None or any(
            self.entities[h.entity].cls in larger and self.entities[h.entity].name == name
            for h in self.place_hits
        )

    def _nest_in_home(self) -> None:
        """A new place the text does not nest lies in the smallest larger place of the case study."""
        for hit in self.place_hits:
            place = self.entities[hit.entity]
            if place.new and not place.within:
                rank = RANK.get(place.cls or "", 9)
                larger = (self.home.jamoat, self.home.rayon, self.home.oblast)
                parent = next((p for p in larger if p and RANK.get(self.type_of(p) or "", 0) > rank), None)
                self.entities[hit.entity] = replace(place, within=parent)

    def type_of(self, entity_id: str | None) -> str | None:
        entity = self.entities.get(entity_id or "")
        return entity.cls if entity else None

    def _nest_new_places(self) -> None:
        """A new place lies in the next larger place printed after it in the same sentence."""
        for index, hit in enumerate(self.place_hits):
            entity = self.entities[hit.entity]
            if not entity.new or entity.within:
                continue
            sentence_end = self.sentence_at(hit.start)[1]
            for later in self.place_hits[index + 1 :]:
                if later.start >= sentence_end:
                    break
                if RANK.get(self.type_of(later.entity) or "", -1) > RANK.get(entity.cls or "", 9):
                    self.entities[hit.entity] = replace(entity, within=later.entity)
                    break

    def _home(self) -> None:
        """Where the main organization works: from 'is located in …' sentences, else the most named places.

        The most specific place of those sentences decides the larger ones through the
        registries ('Jamoat Navruzobod' → its rayon → its oblast) before any other place is used.
        """
        located = [s for s in self.sentences if rx.LOCATED.search(self.text, s[0], s[1])]
        ordered = [
            h.entity
            for s in located
            for h in self.place_hits
            if s[0] <= h.start < s[1] and not self._distance(h.start)
        ]
        for entity_id in sorted(ordered, key=lambda e: RANK.get(self.type_of(e) or "", 9)):
            self._set_home(entity_id)
            self._fill_home_from(entity_id)
        counts = Counter(h.entity for h in self.place_hits if not self._distance(h.start))
        for entity_id, _ in counts.most_common():
            self._set_home(entity_id)
            self._fill_home_from(entity_id)

    def _distance(self, start: int) -> bool:
        """True for a place named as a distance ('40 km from the rayon centre'), not as where something is."""
        return bool(re.search(r"\bfrom\s+(?:the\s+)?$", self.text[max(0, start - 10) : start]))

    def _set_home(self, entity_id: str) -> None:
        slot = {
            "village": "village",
            "makhalla": "village",
            "jamoat": "jamoat",
            "rayon": "rayon",
            "city": "rayon",
            "oblast": "oblast",
            "region": "oblast",
        }.get(self.type_of(entity_id) or "")
        if slot and getattr(self.home, slot) is None:
            setattr(self.home, slot, entity_id)

    def _fill_home_from(self, entity_id: str | None) -> None:
        while entity_id:
            entity = self.entities.get(entity_id)
            known = self.registry.get(entity_id)
            parent = entity.within if entity and entity.new else (known.within if known else None)
            if parent is None:
                return
            if parent not in self.entities:
                self.linked(parent, "where a place of this case study lies, in the registries")
            self._set_home(parent)
            entity_id = parent

    def _region(self) -> str | None:
        for entity_id in (self.home.oblast, self.home.rayon, self.home.jamoat, self.home.village):
            if entity_id is None:
                continue
            if self.type_of(entity_id) in ("oblast", "region"):
                return entity_id
            for known in self.registry.ancestors(entity_id):
                if known.cls in ("oblast", "region"):
                    return self.linked(known.id, "region: the oblast the places lie in")
        return None
