"""Contributions read without an amount of their own: a percentage of the total ('X covered 60%'),
shares of a sum just printed, and contributors named as funding with no amount ('financed by X').
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.extract import recognize as rx
from kg.extract.money.base import Found, MoneyReader, Unit
from kg.extract.money.patterns import CONFIDENCE, IN_FULL_BY, RATE


class Shares(MoneyReader):
    """The readers of shares of a total and of contributors named with no amount."""

    def _percent_funded(self, unit: Unit, total: rx.Money | None) -> list[Found]:
        found = []
        for match in rx.PERCENT_FUNDED.finditer(self.case.text, unit.start, unit.end):
            who = self.case.resolve(match.end())
            if who and total is not None:
                amount = (total.amount * int(match.group("pct")) / 100).quantize(Decimal(1))
                found.append(
                    Found(
                        who[0],
                        amount,
                        total.currency,
                        match.start(),
                        match.end() + 30,
                        self.role(who[0]),
                        f"{match.group('pct')}% of the printed total",
                        CONFIDENCE["share"],
                    )
                )
        return found

    def _shares(self, unit: Unit, total: rx.Money | None, found: list[Found]) -> list[Found]:
        """'The traders covered 30% of the cost, the Khukumat 20%, and the rest, 50%, was a grant of X':
        each share of the printed total is a contribution of the subject of its clause (or of the
        body it is a grant of)."""
        if total is None:
            return []
        text, shares = self.case.text, []
        for match in re.finditer(r"(?<![\d.,])(?P<pct>\d{1,3})\s?%", text[: unit.end]):
            if match.start() < max(unit.start, total.end) or any(
                f.start <= match.start() < f.end for f in found
            ):
                continue
            sentence = self.case.sentence_at(match.start())
            if (
                not rx.SHARE_CUE.search(text, *sentence)
                or rx.SHARE_OF_PEOPLE.match(text, match.end())
                or RATE.match(text, match.end())
            ):
                continue
            floor = max(sentence[0], *(text.rfind(c, sentence[0], match.start()) + 1 for c in ",;"))
            # "X bore 60%, Y 30% and Z 10%": the share before ends the phrase of the next one
            before = [m.end() for m in re.finditer(r"\d\s?%\s*(?:and\s+)?", text[floor : match.start()])]
            floor += before[-1] if before else 0
            # "70% was covered by X and 30% by Y": a clause that opens with a verb names the share
            # before's source, not this one's subject; "from X (70%) and Y (30%)": the name before
            # the bracket
            bracket = re.search(r"\(\s*$", text[floor : match.start()])
            limit = floor + bracket.start() if bracket else match.start()
            who = next(
                (
                    w
                    for p in rx.phrase_starts(text[floor:limit])
                    if not re.match(r"\s*(?:was|were|is|are|by|and|has|had)\b", text[floor + p : limit])
                    if (w := self.case.resolve_known(floor + p, limit))
                ),
                None,
            )
            if who is None and bracket:
                who = next(
                    (
                        w
                        for p in sorted(
                            (
                                m.start()
                                for m in re.finditer(r"(?<![\w'’-])(?:the\s+|[A-Z])", text[floor:limit])
                            ),
                            reverse=True,
                        )
                        if (w := self.case.resolve_known(floor + p, limit))
                    ),
                    None,
                )
            if who is None:
                # the source of this share, not of the next one ("Y paid 30%, and the last 10% by Z")
                following = re.compile(r"\d\s?%").search(text, match.end(), sentence[1])
                stop = min(sentence[1], match.end() + 60, following.start() if following else sentence[1])
                after = rx.SOURCE_AFTER.search(text, match.end(), stop)
                who = self.case.resolve_known(after.end()) if after else None
            if who is None and re.match(
                r"\s*(?:covered|paid|gave|provided|contributed)\b", text[floor : match.start()]
            ):
                who = self.case.resolve_known(sentence[0])  # "The traders, …, covered 30%"
            if who is None:
                continue
            amount = (total.amount * int(match.group("pct")) / 100).quantize(Decimal(1))
            shares.append(
                Found(
                    who[0],
                    amount,
                    total.currency,
                    floor,
                    match.end(),
                    self.role(who[0]),
                    f"{who[1]}; {match.group('pct')}% of the printed total",
                    CONFIDENCE["share"],
                )
            )
        return shares

    def _funding_mentions(self, unit: Unit, found: list[Found]) -> list[Found]:
        """Contributors named without an amount: 'financed by X', 'X allocated …', 'through X'."""
        mentions: list[Found] = []
        for pattern, through in ((rx.FUNDING_BY, False), (rx.THROUGH, True), (IN_FULL_BY, False)):
            for match in pattern.finditer(self.case.text, unit.start, unit.end):
                # "supported by X", "support from X": support, not money (issue 18).
                support = rx.SUPPORT_ONLY.match(match.group(0)) is not None
                for who in self.case.resolve_list(match.end()):
                    role = self.role(who[0], through)
                    mentions.append(
                        Found(
                            who[0],
                            None,
                            None,
                            match.start(),
                            match.end() + 40,
                            "supporting" if support and role == "funding" else role,
                            who[1],
                            CONFIDENCE["mention"],
                        )
                    )
        for match in rx.FUNDING_AGENT.finditer(self.case.text, unit.start, unit.end):
            floor = self.case.sentence_at(match.start())[0]
            agent = self.case.resolve_before(floor, match.start())
            entity = self.case.entities.get(agent[0]) if agent else None
            if agent and entity is not None and entity.id != self.case.main and entity.kind != "community":
                start = self.case.phrase_start(floor, match.start())
                mentions.append(
                    Found(
                        agent[0],
                        None,
                        None,
                        start,
                        match.end() + 40,
                        self.role(agent[0]),
                        agent[1],
                        CONFIDENCE["mention"],
                    )
                )
        # "financial support from A, B, and support from C": C's own, nearer cue says support only.
        supported = [c for c in mentions if c.role == "supporting"]
        mentions = [
            c
            for c in mentions
            if not any(
                s.by == c.by
                and c.role == "funding"
                and c.start < s.start
                and self.case.sentence_at(c.start) == self.case.sentence_at(s.start)
                for s in supported
            )
        ]
        with_amount = {c.by for c in found}
        unique_mentions = {(c.by, c.role): c for c in mentions if c.by not in with_amount}
        return found + list(unique_mentions.values())
