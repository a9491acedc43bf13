"""Bodies of the republic: committees and agencies 'under the Government', 'of RT' or with a field of
the republic's ('the Tax Committee'), ministries and chambers of parliament.
"""

from __future__ import annotations

import re
from functools import partial

from kg.extract import recognize as rx
from kg.extract.bodies.base import BodyReader, Found
from kg.extract.bodies.joined import Joined
from kg.extract.text import slug


class National(BodyReader):
    """The finders of the republic's bodies."""

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

    def _named_before(self, match: Joined) -> str | None:
        printed = re.sub(r"(?:\s+(?:and|of|the|for|on|in))+$", "", match.group())
        printed = rx.join_broken(printed).lower()
        for entity in self.case.entities.values():
            national = entity.is_government and entity.level == "national"
            if national and entity.name.lower().startswith(printed):
                return entity.id
        return None

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
