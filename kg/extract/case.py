"""One case study of the text, for ``kg.extract``: its main organization, places and contributors.

``CaseBuilder`` keeps what is found (entities and where the text names them) and hands the
government bodies to ``kg.extract.bodies`` and the projects to ``kg.extract.money``. It also
turns a printed contributor ("the VO", "RWSP", "the villagers", "the local Khukumat") into the
entity it stands for.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.authoring.spelling import name_key, skeleton, variant_key
from kg.extract import recognize as rx
from kg.extract.bodies import GovernmentBodies
from kg.extract.model import (
    RANK,
    CaseDraft,
    Entity,
    Hit,
    Home,
    NoteDraft,
    PartnershipDraft,
    ProjectDraft,
    Unresolved,
)
from kg.extract.money import DONOR, Projects
from kg.extract.text import Bounds, Document, Mention, NameIndex, Quote, Registry, find_mentions, slug, unique

# How the text refers to the organization it is about, to the donor and to the villagers.
DETERMINERS = frozenset(("the", "a", "its", "their", "this"))
MAIN_WORDS = frozenset(
    (
        "vo",
        "cso",
        "ngo",
        "pa",
        "organization",
        "organisation",
        "centre",
        "center",
        "cssc",
        "village organization",
        "rural organization",
        "public association",
        "association",
        "wua",
        "ba",
        "group",
        "women's group",
    )
)
# Head nouns of a phrase that points back to a body named earlier: "the committee", "the Bank".
_HEADS = (
    "committee bank fund foundation agency department ministry hospital library office centre center "
    "commission academy court ombudsman "
    "union programme program mission embassy khukumat jamoat inspection service "
    # state institutions: "the lyceum", "the station" after "lyceum No. 5", "the rayon veterinary station"
    "school lyceum gymnasium college kindergarten polyclinic clinic station inspectorate directorate "
    "division branch archive"
)
COREFERENCE_HEADS = frozenset(_HEADS.split())
DONOR_WORDS = frozenset(("donor", "donors", "sponsor"))
COMMUNITY_WORDS = frozenset(
    (
        "population",
        "villagers",
        "community",
        "inhabitants",
        "residents",
        "households",
        "parents",
        "people",
        "farmers",
        "traders",
        "pupils",
        "students",
        "mothers",
        "families",
        "sellers",
        "dekhkans",
        # people of the place by sex, age or trade ("the women themselves", "masters (labour)"); the
        # women of a women's group and the members are the organization's own (``_own_people``)
        "women",
        "men",
        "youth",
        "masters",
        "craftsmen",
        "artisans",
        "herders",
        "shepherds",
        "beekeepers",
        "fishermen",
        "elders",
        "neighbours",
        "neighbors",
        "beneficiaries",
        "trainees",
        "participants",
        "learners",
        "fathers",
        "grandparents",
    )
)
# Words of kind an organization's name may hold beyond MAIN_WORDS: "the club" of "X Club Y".
ORGANIZATION_KINDS = frozenset(
    (
        "club",
        "society",
        "council",
        "network",
        "cooperative",
        "federation",
        "league",
        "alliance",
        "team",
        "circle",
    )
)
# Words that name no particular state body; the budget they pay from may name it.
UNNAMED_AUTHORITIES = re.compile(
    r"(?i)(?:the\s+)?(?:local\s+|rayon\s+|district\s+|city\s+|oblast\s+|state\s+)?"
    r"(?:authorities|government|state structures|khukumat|hukumat)"
)
# "The Swiss contribution", "the Japanese grant": the donor of that country named before.
GIFT_WORDS = frozenset(
    (
        "contribution",
        "grant",
        "share",
        "part",
        "money",
        "funds",
        "donation",
        "input",
        "side",
        "support",
        "gift",
    )
)
# Words that count the people of a phrase: "eleven members", "all the parents", "some villagers".
_COUNTS = (
    "all some many several most few both two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty dozens hundreds"
)
COUNTS = frozenset(_COUNTS.split())
# A period that does not end a sentence: an item number, an initial, a title.
NO_SENTENCE_END = re.compile(r"(?:^|\s)(?:\d{1,2}|[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|No|St|Nos|Tel)\.$")


@dataclass(frozen=True)
class Context:
    """What every case study of one text shares: the text, the registries and the ids already taken."""

    document: Document
    registry: Registry
    organizations: NameIndex
    places: NameIndex
    taken: set[str]
    proposed: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)


class CaseBuilder:
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

    # -- the main organization ------------------------------------------------------------

    def _organization_line(self) -> tuple[str, int] | None:
        if self.bounds.org_line:
            return self.doc.lines[self.bounds.org_line - 1].strip(), self.bounds.org_line
        for number in range(self.bounds.contact, self.bounds.end + 1):
            match = re.match(
                r"^\s*organi[sz]ation\s*:\s*(.+?)\s*$", self.doc.lines[number - 1], re.IGNORECASE
            )
            if match:
                return match.group(1), number
        return None

    def _main_organization(self) -> None:
        found = self._organization_line()
        if found is None:
            self.main = self.new_entity(
                f"case-{self.number}-organization",
                kind="organization",
                name="(organization not found)",
                cls="cso",
                how="the text names no organization: replace this placeholder",
            )
            return
        printed, line = found
        start = self.doc.offset(line)
        quote = self.doc.quote(start, self.doc.offset(line + 1))
        acronym = re.search(r"\(([A-Z]{2,10})\)", printed)
        printed = rx.clean_name(re.sub(r"\s*\([^)]*\)", "", printed))
        kind_rest = rx.org_kind(printed)
        kind, rest = kind_rest if kind_rest else (None, printed)
        core = rx.display_name(rest) if rest else printed
        self.core = core
        link = self.registry.lookup(printed, ["organization"]) or (
            self.registry.lookup(f"{kind.short} {core}", ["organization"]) if kind else None
        )
        if link is not None:
            self.main = self.linked(link.known.id, link.how)
            return
        if kind is None or kind.cls in ("society", "cso"):
            name, candidate = rx.display_name(printed), slug(printed)
            aliases = [printed] if printed != name else []
        else:
            name, candidate = f"{kind.long} {core}", slug(f"{kind.short} {core}")
            aliases = [a for a in dict.fromkeys((printed, f"{kind.short} {core}")) if a != name]
        if acronym:
            aliases.append(acronym.group(1))
        self.main = self.new_entity(
            candidate,
            kind="organization",
            name=name,
            cls=kind.cls if kind else "cso",
            aliases=tuple(aliases),
            evidence=(quote,),
            how=f"new: not in the registries; kind read from '{kind.short if kind else printed}'",
        )
        if not self.entities[self.main].new:  # an earlier draft proposed it: this case study describes it
            known = self.entities[self.main]
            self.entities[self.main] = replace(
                known, new=True, cls=kind.cls if kind else "cso", aliases=tuple(aliases), evidence=(quote,)
            )

    def is_main(self, printed: str) -> bool:
        """True when a printed name is a spelling of the main organization's own name."""
        kind_rest = rx.org_kind(printed)
        rest = rx.display_name(kind_rest[1]) if kind_rest else rx.clean_name(printed)
        if not rest or not self.core:
            return False
        main = self.entities[self.main]
        names = (self.core, main.name, *main.aliases)
        if any(name_key(rest) == name_key(n) or name_key(printed) == name_key(n) for n in names):
            return True
        return variant_key(rest) == variant_key(self.core) or (
            len(skeleton(rest).replace(" ", "")) >= 4 and skeleton(rest) == skeleton(self.core)
        )

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

    # -- founding, registration, heads, aliases -------------------------------------------

    def _main_facts(self) -> None:
        """Founding date, helpers, registration, heads, other spellings and place of the main organization."""
        main = self.entities[self.main]
        if not main.new:
            return
        evidence = list(main.evidence)
        founded = self._founded()
        helped_by: tuple[str, ...] = ()
        if founded:
            evidence.append(founded[1])
            helped_by = self._helped_by(founded[1])
        registration = self._registration()
        if registration:
            evidence.append(registration[1])
        self.entities[self.main] = replace(
            main,
            founded=founded[0] if founded else None,
            helped_by=helped_by,
            registration=registration[0] if registration else None,
            heads=self._heads(),
            aliases=tuple(dict.fromkeys((*main.aliases, *self._main_aliases()))),
            based_in=self._based_in(),
            evidence=tuple(dict.fromkeys(evidence)),
        )

    def _founded(self) -> tuple[str, Quote] | None:
        matches = [
            m
            for pattern in (rx.FOUNDED_AFTER, rx.FOUNDED_BEFORE)
            for m in pattern.finditer(self.text, self.start, self.end)
        ]
        if not matches:
            return None
        first = min(matches, key=lambda m: m.start())
        date = re.sub(r"\s+of\s+(?=\d{4})", " ", " ".join(first.group("date").split()))  # "spring 2002"
        return date, self.quote_sentence(first.start())

    def _helped_by(self, quote: Quote) -> tuple[str, ...]:
        start = self.text.find(quote.quote, self.start)
        end = start + len(quote.quote)
        if not rx.HELPED.search(quote.quote):
            return ()
        found = [
            self.linked(m.known.id, m.how)
            for m in self.org_mentions
            if start <= m.start < end and m.known.cls != "government-body" and m.known.id != self.main
        ]
        return tuple(dict.fromkeys(found))

    def _registration(self) -> tuple[tuple[str, str | None, str | None, str | None], Quote] | None:
        match = rx.NOT_REGISTERED.search(self.text, self.start, self.end)
        if match:
            return ("not-registered", None, None, None), self.quote_sentence(match.start())
        match = (
            rx.REGISTERED.search(self.text, self.start, self.end)
            or rx.REGISTERED_AFTER_DATE.search(self.text, self.start, self.end)
            or rx.REGISTRATION.search(self.text, self.start, self.end)
        )
        if match is None:
            return None
        number = match.group("number")
        sentence = self.sentence_at(match.start())
        if number is None:
            found = rx.REGISTRATION_NUMBER.search(self.text, sentence[0], sentence[1])
            number = found.group("number") if found else None
        by = next(
            (
                self.linked(m.known.id, m.how)
                for m in self.org_mentions
                if self.sentence_at(match.start())[0]
                <= m.start
                < max(match.end(), self.sentence_at(match.start())[1])
                and m.known.cls == "government-body"
            ),
            None,
        )
        if by is None:  # "registered by the department of … of X oblast": a body the text names
            by = next(
                (
                    h.entity
                    for h in self.body_hits
                    if match.start() <= h.start < max(match.end(), sentence[1])
                ),
                None,
            )
        if by is None:  # "the registrar of X oblast registered it": the subject registers
            by = next(
                (
                    h.entity
                    for h in self.body_hits
                    if sentence[0] <= h.start < match.start()
                    and re.match(
                        r"(?:\s+(?:oblast|rayon|raion|city|district|of RT))?\s+(?:has\s+|had\s+)?"
                        r"(?:registered|entered|included|put)\b",
                        self.text[h.end : h.end + 40],
                    )
                ),
                None,
            )
        return ("registered", by, match.group("date"), number), self.quote_sentence(match.start())

    def _heads(self) -> tuple[tuple[str, str], ...]:
        heads = []
        for number in range(self.bounds.contact, self.bounds.end + 1):
            match = rx.HEAD.match(self.doc.lines[number - 1].strip())
            if match:
                role = match.group("title") or match.group("role")
                heads.append((match.group("name"), role))
        return tuple(dict.fromkeys(heads))

    def _main_aliases(self) -> list[str]:
        found = []
        for match in re.finditer(
            rf"\b(?:{'|'.join(k.pattern for k in rx.ORG_KINDS)})\s+(?:{rx.NAME})",
            self.text[self.start : self.end],
        ):
            printed = rx.clean_name(match.group())
            if self.is_main(printed):
                found.append(printed)
        if self.core and re.search(
            rf"(?<![\w]){re.escape(self.core)}\b(?! (?:[Vv]illage|kishlak|makhalla))",
            self.text[self.start : self.end],
        ):
            found.append(self.core)
        main = self.entities[self.main]
        return [a for a in dict.fromkeys(found) if a != main.name]

    def _based_in(self) -> str | None:
        for hit in self.place_hits:
            entity = self.entities[hit.entity]
            if name_key(entity.name) == name_key(self.core):
                return hit.entity
        return self.home.village

    # -- other organizations --------------------------------------------------------------

    def _other_organizations(self) -> None:
        kinds = "|".join(k.pattern for k in rx.ORG_KINDS[:4])
        quoted = r"[\"“][^\"“”]{2,40}[\"”]"
        listed = rf"{quoted}(?:\s*,\s*(?:and\s+)?{quoted})+|{rx.NAME}"
        pattern = rf"\b(?P<kind>(?i:{kinds}))\s+(?:\([A-Z]+\)\s+)?(?P<names>{listed})"
        for match in re.finditer(pattern, self.text[self.start : self.end]):
            start = self.start + match.start()
            if rx.ROLE_OF.search(self.text, max(self.start, start - 40), start):
                continue  # "the director of the NGO Karimova Dilnoza": a person, named by her role
            names = re.findall(quoted, match.group("names")) or [match.group("names")]
            for printed in names:
                entity = self._organization_named(match.group("kind"), rx.clean_name(printed), start)
                if entity:
                    self.org_hits.append(Hit(entity, start, self.start + match.end()))

    def _organization_named(self, kind_word: str, name: str, start: int) -> str | None:
        """The organization a kind word and a name stand for: the main one, a registry one, or a new one."""
        inner = rx.org_kind(name)
        if inner is not None and inner[1]:  # 'rural organization VO X': the inner kind word counts
            kind_word, name = name[: len(name) - len(inner[1])].strip(), inner[1]
        words = name.split()
        if not words or words[0].lower() in rx.NOT_A_NAME:
            return None
        for size in range(len(words), 0, -1):
            part = " ".join(words[:size])
            if self.is_main(f"{kind_word} {part}") or self.is_main(part):
                return self.main
            link = self.registry.lookup(f"{kind_word} {part}", ["organization"])
            if link and link.known.cls != "government-body":
                return self.linked(link.known.id, link.how)
        if any(
            self.bodies.place_named(w, ("rayon", "city", "oblast", "region", "jamoat")) for w in words[1:]
        ):
            return None
        kind = rx.org_kind(f"{kind_word} {name}")
        if kind is None:
            return None
        display = rx.display_name(name)
        return self.new_entity(
            slug(f"{kind[0].short} {display}"),
            kind="organization",
            name=f"{kind[0].long} {display}",
            cls=kind[0].cls,
            aliases=(f"{kind_word} {name}",),
            evidence=(self.quote_sentence(start),),
            how="new: an organization named in the text, not in the registries",
        )

    # -- resolving a printed contributor --------------------------------------------------

    def phrase_start(self, floor: int, verb: int) -> int:
        """Where the subject of a verb starts: after the last comma or joining word before it."""
        left = self.text[floor:verb]
        cut = max(
            (
                m.end()
                for m in re.finditer(r"[,;:]|\b(?:and|which|whom|while|whereas|then|that|result)\b", left)
            ),
            default=0,
        )
        position = floor + cut
        while self.text[position : position + 1] == " ":
            position += 1
        return position

    def resolve_before(self, floor: int, verb: int) -> tuple[str, str] | None:
        """The contributor printed just before a verb ('… and RWSP provided')."""
        return self.resolve(self.phrase_start(floor, verb), verb)

    def resolve_list(self, start: int) -> list[tuple[str, str]]:
        """Contributors printed as a list: 'from RWSP, VO, and the local Khukumat'."""
        found = []
        position = start
        for _ in range(5):
            who = self.resolve(position)
            if who is None:
                break
            found.append(who)
            end = rx.phrase_end(self.text, position)
            joiner = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)", self.text[end : end + 8])
            if joiner is None:
                break
            position = end + joiner.end()
        return found

    def resolve(self, start: int, end: int | None = None) -> tuple[str, str] | None:
        """The entity a contributor phrase names, and how it was recognised; None when unclear."""
        while self.text[start : start + 1] == " ":
            start += 1
        stop = min(end if end is not None else rx.phrase_end(self.text, start), self.end)
        phrase = self.text[start:stop].strip()
        if not phrase:
            return None
        return self.resolve_span(start, stop) or self._new_donor(phrase, start)

    def resolve_known(self, start: int, limit: int | None = None) -> tuple[str, str] | None:
        """Like ``resolve``, but a name is only proposed as a new body when it looks like one; the
        phrase ends at ``limit`` at the latest (an amount: 'X   9 600 TJS' in a row of a table)."""
        while self.text[start : start + 1] in (" ", "-", "–"):
            start += 1
        stop = min(rx.phrase_end(self.text, start), self.end, self.end if limit is None else limit)
        phrase = self.text[start:stop].strip()
        if not phrase:
            return None
        if found := self.resolve_span(start, stop):
            return found
        if rx.LOOKS_LIKE_BODY.search(phrase):
            return self._new_donor(phrase, start)
        return None

    def resolve_span(self, start: int, stop: int) -> tuple[str, str] | None:
        """The known body the phrase ``text[start:stop]`` names; never a new one."""
        phrase = self.text[start:stop].strip()
        if not phrase:
            return None
        for resolver in (self._registry_in, self._hit_in, self._generic):
            found = resolver(start, stop, phrase)
            if found:
                return found
        return None

    def _registry_in(self, start: int, stop: int, phrase: str) -> tuple[str, str] | None:
        for mention in self.org_mentions:
            if start <= mention.start < stop:
                if mention.known.cls == "government-body" and self.bodies.locative(mention.start):
                    continue
                if any(  # "the Government of RT" in "a Committee … under the Government of RT"
                    h.start < mention.start and mention.end <= h.end for h in self.body_hits
                ):
                    continue
                return self.linked(mention.known.id, mention.how), mention.how
        return None

    def _hit_in(self, start: int, stop: int, phrase: str) -> tuple[str, str] | None:
        for hit in (*self.body_hits, *self.org_hits):
            if start <= hit.start < stop or hit.start <= start < hit.end:
                printed = self.text[hit.start : hit.end]
                near = (
                    self._named_near(hit.start, "khukumat")
                    if re.fullmatch(r"(?i)k?hukumat", printed)
                    else None
                )
                if near is not None and near != hit.entity:
                    # "Together with the Khukumat of X … the Khukumat paid": the one just named
                    return near, f"'{printed}' read as {near}, named just before"
                owner = self.bodies.budget_of(hit.end) if UNNAMED_AUTHORITIES.fullmatch(printed) else None
                if owner is not None and owner != hit.entity:
                    return owner, f"'{printed}' read as {owner}, whose budget the sentence names"
                return hit.entity, f"'{printed}'"
        # "NGO X (membership fees)": a bracket after the name says how, it is no part of the name
        bare = re.sub(r"\s*\([^()]*\)$", "", phrase)
        if self.is_main(phrase) or (bare != phrase and self.is_main(bare)):
            return self.main, f"'{phrase}' is the main organization"
        return None

    def _generic(self, start: int, stop: int, phrase: str) -> tuple[str, str] | None:
        """'the VO', 'the donor', 'the villagers', 'the Jamoat', 'the local Khukumat', 'state structures'."""
        words = [
            w for w in re.findall(r"[\w'’-]+", phrase.lower()) if w not in DETERMINERS and not w.isdigit()
        ]
        while words[1:] and words[0] in COUNTS:  # "eleven members", "all the parents"
            words.pop(0)
        if not words:
            return None
        head = " ".join(words[:2])
        if words[0] == "they" and set(words[1:]) <= {
            "also",
            "then",
            "later",
            "again",
            "too",
            "themselves",
            "all",
            "both",
        }:
            # "X did this. They (also) paid $N": the subject of the sentence before
            # "X also helped: they gave $N": the subject of the clause before, in the same sentence
            sentence = self.sentence_at(start)
            if self.text[sentence[0] : start].strip(" \n-–•") and (
                here := self.resolve_known(sentence[0], start)
            ):
                return here[0], f"'they' read as {here[0]}, the subject of the clause before"
            return self._subject_before(start)
        if words[0] in ("centre", "center") and not re.search(
            r"(?i)\bcent(?:re|er)\b", self.entities[self.main].name if self.main in self.entities else ""
        ):  # "the centre" after a state centre, when the organization is no centre
            earlier = self._antecedent(start, words[0], words[:0])
            if earlier:
                return earlier, f"'{phrase}' read as {earlier}, named before"
        if words[0] in MAIN_WORDS or head in MAIN_WORDS or self._kind_of_main(phrase):
            return self.main, f"'{phrase}' is the main organization"
        if self._kind_word_of_main(start, words):
            return self.main, f"'{phrase}' is the main organization, named by its kind"
        owner = re.sub(r"['’]s?$", "", words[0])
        if owner != words[0] and owner in MAIN_WORDS:  # "the PA's volunteers": the organization's own
            return self.main, f"'{phrase}' are the organization's own"
        if words[0] in DONOR_WORDS or re.search(r"\bdonor\b", head) or words[0] in ("grant", "grants"):
            return DONOR, f"'{phrase}'"
        work_of = re.match(
            r"(?:the\s+)?(?:(?:unpaid|voluntary|volunteer|free|own)\s+)?(?:work|labou?r|time|contribution|share|part)"
            r"\s+of\s+(?=\S)",
            phrase,
            re.IGNORECASE,
        )
        if work_of:  # "the work of the farmers": the farmers
            return self.resolve_known(start + work_of.end())
        if re.match(
            # "own funds", "self-financing"; not "own funds of the Khukumat"
            r"(?:(?:its|our)\s+)?own\s+(?:contribution|funds?|money|resources|means|share|input|savings)\b"
            r"(?!\s+(?:of|from)\b)|self-financing\b(?!\s+of\b)",
            " ".join(words),
        ):
            return self.main, f"'{phrase}' is the organization's own money"
        if words[0] in ("members'", "members’"):  # "the members' dues"
            return self.main, f"'{phrase}' are the organization's own members"
        if self._own_people(words) or re.match(
            r"(?:the\s+)?(?:(?:membership|entrance)\s+fees\b|(?:\w+\s+)?(?:fees|savings|dues|funds|money)\s+of\s+"
            r"(?:the\s+|its\s+|our\s+)?(?:\w+\s+){0,3}members\b)",
            phrase,
            re.IGNORECASE,
        ):
            return self.main, f"'{phrase}' are the organization's own members"
        own = re.match(
            r"(?:the\s+)?(?:women|men|members|people|volunteers|staff)\s+of\s+(?:the|our|this|its)\s+"
            r"(?P<kind>[\w'’]+(?:\s+[\w'’]+)?)",
            phrase,
            re.IGNORECASE,
        )
        if own and (
            own.group("kind").lower() in MAIN_WORDS or own.group("kind").split()[0].lower() in MAIN_WORDS
        ):
            return self.main, f"'{phrase}' are the organization's own people"
        if re.match(
            r"(?:men|women|youth|young people) of (?:the )?(?:village|makhalla|kishlak)\b", " ".join(words)
        ):
            return self.community(start, phrase), f"'{phrase}' read as the people of the village"
        if words[0].endswith(("'", "’")) and words[0].rstrip("'’") in COMMUNITY_WORDS:
            return self.community(start, phrase), f"'{phrase}' read as the people of the village"
        possessive = re.match(
            # "the Bank's grant", "the Embassy's small grant", "the Fund's own share"
            r"([\w-]+)['’]s(?: [a-z-]+){0,2}? "
            r"(?:grant|contribution|share|funds?|money|part|support|donation|input)$"
            # "the Embassy's own (contribution)": the noun may stand after the phrase
            r"|([\w-]+)['’]s(?: (?:own|small|main|first|second|last|new|additional|further|total|whole))+$",
            " ".join(words),
        )
        if possessive:  # "the Bank's grant", "the committee's share": the body named before
            words = [possessive.group(1) or possessive.group(2)]
        if words[0] in rx.DEMONYMS and (len(words) == 1 or words[1] in GIFT_WORDS):
            # "the German contribution": the donor of that country named before, or none (never a new donor)
            earlier = self._donor_of(start, (words[0], rx.DEMONYMS[words[0]]))
            return (
                (earlier, f"'{phrase}' read as {earlier}, the donor of that country named before")
                if earlier
                else None
            )
        # "a fund of $N": an indefinite article introduces a body, it points back to none
        indefinite = re.match(r"an?\s", phrase, re.IGNORECASE) is not None
        heads = [i for i, w in enumerate(words[:3]) if w in COREFERENCE_HEADS and not indefinite]
        at = heads[0] if heads else None
        if at is not None:
            earlier = self._antecedent(start, words[at], words[:at])
            if earlier:
                return earlier, f"'{phrase}' read as {earlier}, named before"
        if any(word in COMMUNITY_WORDS for word in words[:2]):
            return self.community(start, phrase), f"'{phrase}' read as the people of the village"
        if words[0] == "jamoat" or head == "local jamoat":
            body = self.bodies.jamoat_body_for(self.home.jamoat, start, phrase)
            return body, f"'{phrase}' read as the home Jamoat"
        if re.match(r"(?:local |regional |rayon |district |city )?(?:kh|h)ukumat$", head) or re.match(
            r"(?:kh|h)ukumat of (?:district|rayon|raion)\b(?! of\b)", " ".join(words)
        ):  # "the hukumat of the district": the home rayon's, as "the district hukumat"
            if words[0] in ("khukumat", "hukumat") and (near := self._named_near(start, "khukumat")):
                # "Together with the Khukumat of X … the Khukumat paid": the one just named
                return near, f"'{phrase}' read as {near}, named just before"
            found = self.bodies.home_khukumat(start)
            return (found, f"'{phrase}' read as the Khukumat of the rayon") if found else None
        if re.match(UNNAMED_AUTHORITIES.pattern + r"\b(?!\s+of\b)", phrase) and (
            budget_owner := self.bodies.budget_of(start)
        ):
            return budget_owner, f"'{phrase}' read as {budget_owner}, whose budget the sentence names"
        if rx.UNNAMED_STATE.search(phrase) or head in ("state structure", "state structures", "authorities"):
            return self.bodies.unnamed_state_body(start, phrase), f"'{phrase}' names no particular body"
        return None

    def _named_near(self, start: int, head: str) -> str | None:
        """The body with ``head`` in its name named last in the sentence of ``start`` or the one before."""
        sentence = self.sentence_before(start) or self.sentence_at(start)
        earlier = self._antecedent(start, head, [])
        named = self.named_where(lambda at, _: sentence[0] <= at < start)
        return earlier if earlier is not None and any(entity == earlier for _, entity in named) else None

    def _subject_before(self, start: int) -> tuple[str, str] | None:
        """The body or people the sentence before ``start`` opens with, when it opens with one."""
        sentence = self.sentence_before(start)
        if sentence is None:
            return None
        before = sentence[0]
        phrase_end = rx.phrase_end(self.text, before)
        if self.text[before:phrase_end].strip().lower() in ("they", "it"):
            return None
        found = self.resolve_known(before)
        return (found[0], f"'they' read as {found[0]}, the subject of the sentence before") if found else None

    def _kind_of_main(self, phrase: str) -> bool:
        """'the youth centre', 'the crafts association': words of the organization's own name that say
        what it is, ending in a word of kind (a dash ends the phrase: 'the youth centre – $N')."""
        printed = re.split(r"\s[-–]\s|\s\(", phrase)[0].lower()
        words = [w for w in re.findall(r"[\w'’-]+", printed) if w not in DETERMINERS]
        main = self.entities.get(self.main)
        if main is None or not 1 < len(words) <= 3 or words[-1] not in MAIN_WORDS:
            return False
        own = {w.lower() for name in (main.name, *main.aliases) for w in re.findall(r"[\w'’-]+", name)}
        return all(word in own for word in words)

    def _kind_word_of_main(self, start: int, words: list[str]) -> bool:
        """'the club', 'club members', 'the society paid': a word of kind in the organization's own
        name stands for it, when no other body named before has that word."""
        main = self.entities.get(self.main)
        if (
            main is None
            or words[0] not in ORGANIZATION_KINDS
            or (words[1:2] and words[1] in ("of", "from", "in"))
        ):
            return False
        names = [n for n in (main.name, *main.aliases) if re.search(rf"(?i)\b{words[0]}\b", n)]
        if not names or self._antecedent(start, words[0], []) is not None:
            return False
        # "the Rotary Club of X sent a coach, and the club paid": another club printed before
        spans = [
            m.span() for n in names for m in re.finditer(re.escape(n), self.text[self.start : start], re.I)
        ]
        return all(
            any(a <= m.start() < b for a, b in spans)
            for m in re.finditer(rf"(?i)\b{words[0]}\b", self.text[self.start : start])
            if m.group()[0].isupper()
        )

    def _own_people(self, words: list[str]) -> bool:
        """'the members' (of nothing else named) are the organization's own; so are 'the women' of a
        women's group: a group of women speaks of itself as its women."""
        alone = len(words) == 1 or words[1] not in ("of", "from", "in")  # not 'members of the jamoat'
        if words[0] == "members" and alone:
            return True
        main = self.entities.get(self.main)
        women = main is not None and "women" in main.name.lower()
        return women and words[0] == "women" and alone

    def _donor_of(self, before: int, country: tuple[str, ...]) -> str | None:
        """The donor named last before ``before`` whose name says the country (or its people's name)."""
        for _, entity_id in sorted(self.named_where(lambda start, _: start < before), reverse=True):
            entity = self.entities.get(entity_id)
            if entity is None or entity_id == self.main or entity.is_government:
                continue
            names = " ".join((entity.name, *entity.aliases)).lower()
            if any(re.search(rf"\b{word}\b", names) for word in country):
                return entity_id
        return None

    def _antecedent(self, before: int, head: str, modifiers: list[str]) -> str | None:
        """The body named last before ``before`` whose name has the head noun (and the modifiers)."""
        named = self.named_where(lambda start, _: start < before)
        for _, entity_id in sorted(named, reverse=True):
            entity = self.entities.get(entity_id)
            if entity is None or entity_id == self.main:
                continue
            words = {w.lower() for name in (entity.name, *entity.aliases) for w in re.findall(r"[\w]+", name)}
            if head in words and all(m in words or m in ("local", "rayon", "city") for m in modifiers):
                return entity_id
        return None

    def _new_donor(self, phrase: str, start: int) -> tuple[str, str] | None:
        match = re.match(
            r"(?:the\s+)?(?P<name>[A-Z][\w'’&.-]*(?:\s+(?:of|the|and|for|on|in)?\s*[A-Z][\w'’&.-]*)*)", phrase
        )
        if (
            not match
            or match.group("name").lower().removeprefix("the ") in rx.NOT_A_NAME
            or rx.is_generic(match.group("name"))
        ):
            return None
        if re.match(
            r"(?:Jamoats|Khukumats|Hukumats|Ministries|Departments|Committees|Agencies)\b",
            match.group("name"),
        ):
            return None  # bodies in the plural are several bodies, no one new donor
        if re.match(
            r"\s+(?:rayon|raion|oblast|city|district|jamoat)\b", phrase[match.end("name") :], re.IGNORECASE
        ):
            return None  # "the X rayon …": a local body named by its place, no donor named X
        if re.match(rx.CURRENCY_WORD, phrase[match.start("name") :]):
            return None  # "USD 9,600 … was provided by X": a currency names no donor
        if re.search(r"\S\s*\(\s*$", self.text[max(self.start, start - 3) : start]):
            return None  # "X (Healthy Homes Programme)": the bracket names X's programme, no donor
        name = rx.clean_name(match.group("name"))
        if re.sub(r"^the\s+", "", name.lower()) in rx.DEMONYMS:
            return None  # "The German contribution": an adjective of a country names no donor
        if (
            rx.PERSON.match(name)
            or len(name) < 2
            or (len(name.split()) == 1 and not name.isupper() and len(name) < 4)
        ):
            return None
        entity = self.new_entity(
            slug(name),
            kind="organization",
            name=name,
            cls=rx.guess_donor_class(name),
            evidence=(self.quote_sentence(start),),
            how=f"new: '{name}' gives money and is not in the registries",
        )
        return entity, f"'{name}' (new)"

    def community(self, start: int, printed: str) -> str:
        where = self.home.village or self.home.jamoat or self.home.rayon
        place = self.entities.get(where or "")
        name = f"Villagers of {place.name}" if place else f"Villagers of {self.core or 'the village'}"
        return self.new_entity(
            f"community-{slug(place.name if place else self.core or 'village', 3)}",
            kind="community",
            name=name,
            within=where,
            aliases=(printed,),
            evidence=(self.quote_sentence(start),),
            how="new: the villagers as a contributor",
        )


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
