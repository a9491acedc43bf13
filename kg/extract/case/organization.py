"""The organization a case study is about: read from its heading line (or 'Organization: …' in the
contacts), linked to the registries or proposed as new, the other spellings of its name, its founding,
helpers, registration, heads and place; and the other organizations the text names by a kind word.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.authoring.spelling import name_key, skeleton, variant_key
from kg.extract import recognize as rx
from kg.extract.case.base import CaseBase
from kg.extract.model import Hit
from kg.extract.text import Quote, slug


class MainOrganization(CaseBase):
    """The main organization of a case study, its facts, and the other organizations named by kind."""

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
