"""Which amounts a project's total is read from: the amounts of a table of sources, a price or a
plan that is no contribution, and a total that says it sums up ('total cost', '$N in all').
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract import recognize as rx
from kg.extract.money.base import MoneyReader, Unit
from kg.extract.money.patterns import (
    COST_IN_WORDS,
    SUMS_UP_AFTER,
    SUMS_UP_BEFORE,
    THE_BEFORE,
    THE_N_WORK,
    THING_IN_APPOSITION,
    WORK_WORTH,
)


class Totals(MoneyReader):
    """The readers of a project's total and of the amounts that are none."""

    def _table_amounts(self, unit: Unit, printed: list[rx.Money]) -> list[rx.Money]:
        """The bare numbers of a table of sources whose heading or rows name one currency
        ('Sources of funds, USD:' over '   UNDP     1,500'): each is an amount in that currency."""
        if unit.setting or unit.end <= unit.start:
            return []
        doc = self.case.doc
        first, last = doc.line_of[unit.start], doc.line_of[min(unit.end, len(doc.line_of)) - 1]
        blocks: list[list[tuple[int, re.Match[str]]]] = []
        for number in range(first, last + 1):
            row = rx.TABLE_ROW.match(doc.lines[number - 1])
            if row is None:
                continue
            if blocks and number - blocks[-1][-1][0] <= 2:  # a blank line may part two rows
                blocks[-1].append((number, row))
            else:
                blocks.append([(number, row)])
        found = []
        for block in blocks:
            if len(block) < 2:
                continue
            heading = doc.lines[block[0][0] - 2] if block[0][0] > first else ""
            # a heading that prints an amount ("UNDP gave $700. Trained:") names no table's currency
            named = (
                set()
                if rx.find_money(heading)
                else {rx.currency_of(m.group()) for m in rx.TABLE_CURRENCY.finditer(heading)}
            )
            named |= {rx.currency_of(row.group("currency")) for _, row in block if row.group("currency")}
            bare = []
            for number, row in block:
                folded = " ".join(doc.lines[number - 1].split())
                start = doc.offset(number) + folded.rfind(" ".join(row.group("number").split()))
                already = [
                    m for m in printed if doc.offset(number) <= m.start < doc.offset(number) + len(folded)
                ]
                named |= {m.currency for m in already}
                if not already:
                    amount = rx.parse_number(row.group("number"))
                    bare.append(
                        rx.Money(amount, "", start, start + len(" ".join(row.group("number").split())))
                    )
            if len(named) == 1:
                (currency,) = named
                found += [replace(m, currency=currency) for m in bare]
        return found

    def _price_or_plan(self, money: rx.Money) -> bool:
        text = self.case.text
        sentence_start = self.case.sentence_at(money.start)[0]
        return bool(
            rx.PER_UNIT.match(text, money.end) or rx.PLANNED.search(text[sentence_start : money.start])
        )

    def _cost_in_words(self, money: rx.Money) -> bool:
        """'The overall value of the project was $N', 'Expenses totalled $N', 'Spent: $N', 'The cost
        of the works, $N, was shared …': the cost, when no body in the clause gives it."""
        text = self.case.text
        sentence = self.case.sentence_at(money.start)
        floor = max(sentence[0], text.rfind(";", sentence[0], money.start) + 1)
        if re.fullmatch(
            r"\s*(?:spent|expenses|expenditures?)\s*:\s*(?:US\$|\$|USD|TJS)?\s*",
            text[floor : money.start],
            re.I,
        ):
            return True  # "Spent: $N"
        cue = COST_IN_WORDS.search(text, max(floor, money.start - 80), money.start)
        return cue is not None and not rx.GAVE_IN.search(text, floor, cue.start())

    def _sum_of_parts_after(self, money: rx.Money) -> bool:
        """'The fund rose to $N: $A came from X, $B from Y': an amount the parts after a colon of its
        sentence add up to, to the unit, is their total."""
        text = self.case.text
        end = self.case.sentence_at(money.start)[1]
        colon = text.find(":", money.end, end)
        if colon < 0:
            return False
        parts = [m for m in rx.find_money(text, colon, end) if m.currency == money.currency]
        return len(parts) >= 2 and sum(m.amount for m in parts) == money.amount

    def _sums_up(self, money: rx.Money, floor: int) -> bool:
        text = self.case.text
        return bool(
            SUMS_UP_BEFORE.search(text, max(floor, money.start - 40), money.start)
            or SUMS_UP_AFTER.match(text, money.end)
        )

    def _is_total(self, money: rx.Money, floor: int) -> bool:
        """A total: a word such as 'cost', 'budget' or 'Total' just before the amount, or 'spent' after."""
        text = self.case.text
        given = rx.GIVEN_BEFORE.search(text, floor, money.start) or rx.GIVEN_IN_CLAUSE.search(
            text, max(floor, text.rfind(";", floor, money.start) + 1), money.start
        )
        if (
            rx.GIFT_CAME_TO.search(text, max(floor, money.start - 60), money.start)
            or rx.COVERED_COSTS.search(text, max(floor, money.start - 60), money.start)
            or rx.PAID_COSTS.search(text, max(floor, money.start - 120), money.start)
        ):
            return False
        return bool(
            self._sum_of_parts_after(money)
            # "The well, worth $N, was built with …": the worth of what the sentence is about
            or (
                # "The cost of the pump, $N, was met by X": X's, no total
                not rx.AFTER_BY.match(text[money.end : money.end + 120])
                and (
                    THING_IN_APPOSITION.fullmatch(text, self.case.sentence_at(money.start)[0], money.start)
                    or self._cost_in_words(money)
                )
            )
            or rx.TOTAL_BEFORE.search(text, max(floor, money.start - 60), money.start)
            or rx.TOTAL_NEEDED.search(text, max(floor, money.start - 40), money.start)
            or (rx.TOTAL_AFTER.match(text, money.end) and not given)
            or (
                THE_BEFORE.search(text, max(floor, money.start - 12), money.start)
                and THE_N_WORK.match(text, money.end)
            )
            or WORK_WORTH.fullmatch(text, self.case.sentence_at(money.start)[0], money.start)
            or (
                rx.WHOLE_BEFORE.search(text, max(floor, money.start - 20), money.start)
                and rx.WHOLE_AFTER.match(text, money.end)
            )
        )
