"""Local state institutions printed with their level or place and field ('the X rayon health
department', 'the tax inspection of X rayon', 'the city SES') and numbered ones ('school # 12').
"""

from __future__ import annotations

import re
from functools import partial

from kg.extract import recognize as rx
from kg.extract.bodies.base import BodyReader, Found
from kg.extract.bodies.joined import Joined
from kg.extract.model import LEVEL_OF_PLACE


class Services(BodyReader):
    """The finders of local state institutions, by their field or their number."""

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

    # A numbered state institution: "school # 12", "vocational lyceum No. 3 of X", "polyclinic № 5".
    NUMBERED = (
        r"\b(?:(?:[Ss]econdary|[Pp]rimary|[Bb]oarding|[Mm]usic|[Ss]ports|[Vv]ocational|[Ss]pecial|[Aa]rt)\s+)?"
        r"(?:[Ss]chool|[Ll]yceum|[Gg]ymnasium|[Cc]ollege|[Kk]indergarten|[Pp]olyclinic|[Hh]ospital|[Cc]linic|"
        r"[Oo]rphanage|[Ll]ibrary)\s+(?:No\.?|№|#|number)\s?(?P<number>\d+)"
        r"(?:\s+of\s+(?:(?:[Jj]amoat|[Vv]illage|[Mm]akhalla)\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
        r"(?:\s+(?:rayon|raion|district|city|oblast|jamoat))?)?"
    )
    # ... is a partner when it acts (``_ACTS``), works with the organization ("together with school
    # # 5"), or hosts what was set up in it ("opened a club in school # 5"); a school that is only
    # where the work was done ("the roof of school # 5", "repairs in school # 5") is none
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
