"""The reader of a case study's government bodies: registry names first, then each finder in its turn,
the bodies named twice merged; and the partnerships of the organization with them.
"""

from __future__ import annotations

import re

from kg.extract.bodies.departments import Departments
from kg.extract.bodies.jamoats import Jamoats
from kg.extract.bodies.khukumats import Khukumats
from kg.extract.bodies.national import National
from kg.extract.bodies.services import Services
from kg.extract.model import CSO_CLASSES, Hit, PartnershipDraft, ProjectDraft


class GovernmentBodies(National, Services, Departments, Khukumats, Jamoats):
    """Finds the government bodies of one case study and records them in its builder."""

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
