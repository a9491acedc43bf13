"""Co-reference: the body a phrase points back to ('the committee', 'the Khukumat' just named, 'the
German contribution'), and the phrases that stand for the main organization itself ('the club', 'the
youth centre', 'the members', the women of a women's group).
"""

from __future__ import annotations

import re

from kg.extract.case.base import CaseBase
from kg.extract.case.patterns import DETERMINERS, MAIN_WORDS, ORGANIZATION_KINDS


class Coreference(CaseBase):
    """What a phrase of a case study points back to: a body named before, or the organization itself."""

    def _named_near(self, start: int, head: str) -> str | None:
        """The body with ``head`` in its name named last in the sentence of ``start`` or the one before."""
        sentence = self.sentence_before(start) or self.sentence_at(start)
        earlier = self._antecedent(start, head, [])
        named = self.named_where(lambda at, _: sentence[0] <= at < start)
        return earlier if earlier is not None and any(entity == earlier for _, entity in named) else None

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
