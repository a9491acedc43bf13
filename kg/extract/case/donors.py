"""Contributors the registries lack: a new donor the text alone names (not a person, a place's body, a
currency or a country's adjective), and the villagers of the home place as a community.
"""

from __future__ import annotations

import re

from kg.extract import recognize as rx
from kg.extract.case.base import CaseBase
from kg.extract.text import slug


class NewDonors(CaseBase):
    """New contributors of a case study: a donor named only by the text, the villagers."""

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
