"""Resolving a printed contributor to the entity it stands for: a registry name, a body or organization
found in the text, the main organization ('the VO', 'own funds', 'the members'), the donor, the
villagers, the home Jamoat or Khukumat, a body named before ('the committee', 'they'), an unnamed
state body, or a new donor; the rules run in that order.
"""

from __future__ import annotations

import re

from kg.extract import recognize as rx
from kg.extract.case.coreference import Coreference
from kg.extract.case.donors import NewDonors
from kg.extract.case.patterns import (
    COMMUNITY_WORDS,
    COREFERENCE_HEADS,
    COUNTS,
    DETERMINERS,
    DONOR_WORDS,
    GIFT_WORDS,
    MAIN_WORDS,
    UNNAMED_AUTHORITIES,
)
from kg.extract.case.places import Places
from kg.extract.money import DONOR


class Contributors(Places, Coreference, NewDonors):
    """Turns a printed contributor of a case study into the entity it stands for."""

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
