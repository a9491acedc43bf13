"""Jamoat administrations ('Jamoat X', 'the X jamoat gave …', 'the local Jamoat') and makhalla
committees, the state bodies below the rayon.
"""

from __future__ import annotations

import re
from functools import partial

from kg.extract import recognize as rx
from kg.extract.bodies.base import BodyReader, Found
from kg.extract.bodies.joined import Joined
from kg.extract.text import slug


class Jamoats(BodyReader):
    """The finders of Jamoat administrations and makhalla committees."""

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
