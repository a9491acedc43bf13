"""What every reader of one case study shares (``CaseBase``): the text and its sentences, the
registry names it prints (with acronyms printed in brackets), and the store of entities proposed
for it: recorded once, linked to the registries, merged with one proposed earlier under the same
name. ``Context`` is what the case studies of one text share.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kg.authoring.spelling import name_key
from kg.extract import recognize as rx
from kg.extract.bodies import GovernmentBodies
from kg.extract.case.patterns import NO_SENTENCE_END
from kg.extract.model import Entity, Hit, Home, Unresolved
from kg.extract.money import Projects
from kg.extract.text import Bounds, Document, Mention, NameIndex, Quote, Registry, unique


@dataclass(frozen=True)
class Context:
    """What every case study of one text shares: the text, the registries and the ids already taken."""

    document: Document
    registry: Registry
    organizations: NameIndex
    places: NameIndex
    taken: set[str]
    proposed: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)


class CaseBase:
    """What every reader of one case study shares: its text and sentences, the names found in it, and
    the entities proposed so far (recorded once, merged by id or by name)."""

    context: Context
    doc: Document
    registry: Registry
    bounds: Bounds
    number: int
    entities: dict[str, Entity]
    body_hits: list[Hit]
    org_hits: list[Hit]
    place_hits: list[Hit]
    unresolved: list[Unresolved]
    home: Home
    main: str
    core: str
    bodies: GovernmentBodies
    projects: Projects
    start: int
    end: int
    sentences: list[tuple[int, int]]
    org_mentions: list[Mention]
    place_mentions: list[Mention]

    # -- small helpers --------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.doc.text

    def _sentences(self) -> list[tuple[int, int]]:
        breaks = {self.start, self.end}
        lines = self.doc.lines
        for number in range(self.bounds.start, self.bounds.contact):
            line = lines[number - 1]
            if rx.is_heading(line) or rx.is_item(line):
                breaks.add(self.doc.offset(number))
            if rx.is_heading(line):
                breaks.add(self.doc.offset(number + 1))
        for match in re.finditer(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(•])", self.text[self.start : self.end]):
            before = self.text[max(0, self.start + match.start() - 8) : self.start + match.start()]
            leader = before.endswith("...") and rx.MONEY.match(self.text, self.start + match.end())
            if not NO_SENTENCE_END.search(before) and not leader:  # "Bank ........ 14,250 USD"
                breaks.add(self.start + match.end())
        ordered = sorted(b for b in breaks if self.start <= b <= self.end)
        return [(a, b) for a, b in itertools.pairwise(ordered) if self.text[a:b].strip()]

    def _with_acronyms(self, mentions: list[Mention]) -> list[Mention]:
        """'the Valley Development Fund (VDF)': the acronym in brackets names the same body wherever
        it is printed later in the case study."""
        found = list(mentions)
        for mention in mentions:
            acronym = re.match(
                r"\s*\(([A-Z]{2,10}|[A-Z][a-z]{2,7})\)", self.text[mention.end : mention.end + 14]
            )
            if acronym is None or not (
                acronym.group(1).isupper() or _initials(acronym.group(1), mention.printed)
            ):
                continue
            after = mention.end + acronym.end()
            for match in re.finditer(rf"(?<![\w(]){acronym.group(1)}\b", self.text[after : self.end]):
                start = after + match.start()
                if not any(m.start <= start < m.end for m in found):
                    found.append(Mention(mention.known, start, start + len(match.group()), match.group()))
        return sorted(found, key=lambda m: m.start)

    def sentence_at(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right([s for s, _ in self.sentences], position) - 1
        return self.sentences[max(index, 0)]

    def sentence_before(self, position: int) -> tuple[int, int] | None:
        """The sentence before the one at ``position``; None in the first sentence."""
        index = self.sentences.index(self.sentence_at(position))
        return self.sentences[index - 1] if index else None

    def named_where(self, keep: Callable[[int, int], bool]) -> list[tuple[int, str]]:
        """(start, entity id) of each body or organization the case names where ``keep(start, end)``
        holds. A registry mention is recorded as referred to only when kept."""
        named = [(h.start, h.entity) for h in (*self.body_hits, *self.org_hits) if keep(h.start, h.end)]
        kept = (m for m in self.org_mentions if keep(m.start, m.end))
        return named + [(m.start, self.linked(m.known.id, m.how)) for m in kept]

    def quote_sentence(self, position: int) -> Quote:
        start, end = self.sentence_at(position)
        return self.doc.quote(start, end, focus=position)

    def add(self, entity: Entity) -> str:
        """Record an entity (merging aliases and evidence into one already recorded) and return its id."""
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
            return entity.id
        aliases = tuple(dict.fromkeys((*known.aliases, *(a for a in entity.aliases if a != known.name))))
        evidence = known.evidence + tuple(q for q in entity.evidence if q not in known.evidence)
        self.entities[entity.id] = replace(known, aliases=aliases, evidence=evidence[:3])
        return entity.id

    def new_id(self, candidate: str) -> str:
        return unique(candidate, self.context.taken)

    def linked(self, entry_id: str, how: str) -> str:
        """The id of a registry entity, recorded as referred to."""
        known = self.registry.get(entry_id)
        if known is None:
            return entry_id
        if known.gazetteer:
            return self.new_entity(
                known.id,
                kind=known.kind,
                name=known.name,
                cls=known.cls,
                aliases=tuple(n for n in known.names if n != known.name),
                how=f"new: {how}; an international donor (kg/extract/donors.yaml), not in the registries",
            )
        if entry_id not in self.entities:
            self.entities[entry_id] = Entity(
                known.id,
                known.kind,
                known.name,
                False,
                known.cls,
                known.level,
                known.body_kind,
                known.within,
                how=how,
            )
        return entry_id

    def forget(self, entity: Entity) -> None:
        """Take back a proposal merged into another, so later drafts do not refer to it."""
        key = (entity.kind, name_key(entity.name))
        if self.context.proposed.get(key, ("", 0))[0] == entity.id:
            del self.context.proposed[key]

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
    ) -> str:
        """A new entity, or the one already proposed under the same name (here or in an earlier draft)."""
        for entity in self.entities.values():
            if entity.new and entity.kind == kind and name_key(entity.name) == name_key(name):
                return self.add(replace(entity, aliases=aliases, evidence=evidence))
        earlier = self.context.proposed.get((kind, name_key(name)))
        if earlier is not None and earlier[1] != self.number:
            how = f"proposed as new in the draft of case study {earlier[1]}"
            return self.add(
                Entity(earlier[0], kind, name, False, cls, level, body_kind, within, aliases=aliases, how=how)
            )
        proposal = Entity(
            self.new_id(candidate_id),
            kind,
            name,
            True,
            cls,
            level,
            body_kind,
            within,
            part_of,
            aliases,
            evidence,
            how,
        )
        self.context.proposed[(kind, name_key(name))] = (proposal.id, self.number)
        return self.add(proposal)


def _initials(short: str, name: str) -> bool:
    """True when the letters of ``short`` are initials of the words of ``name``, in order: 'Wap'
    for 'Water Aid Programme', not a place printed in brackets after a name.

    >>> _initials("Wap", "Water Aid Programme")
    True
    >>> _initials("Zimo", "Water Aid Programme")
    False
    """
    initials = iter(word[0].lower() for word in re.findall(r"[A-Za-z][\w'’-]*", name))
    return all(any(letter == initial for initial in initials) for letter in short.lower())
