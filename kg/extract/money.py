"""Projects, totals and contributions in a case study's text, for ``kg.extract``.

A project is a numbered item ("1. …"), another list item that speaks of money, or a run of
sentences that speak of money. In it each amount is a contribution when a contributor is
printed next to it ("the contribution of X was $N", "X provided $N", "$N came from X"), or the
project's total when a word such as "total sum" or "cost" leads to it; contributors named
without an amount ("financed by X") are kept without one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from kg.extract import recognize as rx
from kg.extract.model import CSO_CLASSES, Builder, ContributionDraft, ProjectDraft, Unresolved
from kg.extract.text import slug

DONOR = "<donor>"  # a contributor printed only as "the donor"

# A sentence that shares out the sum just printed ("X covered 60% of it, the rest 40% …", "the
# remaining 15% was raised by Y"): it speaks of money though it prints no amount.
SHARE_OF_IT = re.compile(
    r"\b\d{1,3}\s?%\s+of\s+(?:it|this|that|the\s+(?:whole\s+|total\s+|full\s+)?(?:cost|sum|total|budget|amount))\b"
    r"|\b(?:the\s+)?(?:other|remaining|last|rest,?)\s+\d{1,3}\s?%",
    re.IGNORECASE,
)
# "chairs given to the school by X, worth $N": the worth of what a passive verb's agent gave.
BY_WORTH = re.compile(
    r"\b(?:given|donated|supplied|provided|delivered|bought|purchased|handed\s+over|brought|sent|granted)\b"
    r"[^.;$]{0,80}?\bby\s+(?P<who>[^,;.$()]{1,60}?)\s*,\s*(?:worth|valued\s+at|estimated\s+at)\s*"
    r"(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# A total that says it sums up ("$N in all", "the total cost, $N", "altogether $N") outranks a cost
# printed bare before it ("This cost $N").
SUMS_UP_BEFORE = re.compile(
    r"\b(?:total|totall?ed|altogether|in all|in total|overall|full|whole|entire)\b[^.;$\d]{0,30}$",
    re.IGNORECASE,
)
SUMS_UP_AFTER = re.compile(r"\s*(?:in all|in total|altogether|overall)\b", re.IGNORECASE)
# "X bought the looms. This cost $N.": the cost of what the sentence before tells.
COST_OF_THE_ACT = re.compile(
    r"\s*(?:this|that|it|these|they)\s+(?:cost|costs)\s*(?:US\$|\$|USD|TJS)?\s*$", re.IGNORECASE
)
# "the $N job was done in May", "The campaign was worth $N": the worth of the work itself is its total.
_WORK_NOUNS = (
    r"(?:job|works?|repairs?|renovation|reconstruction|construction|campaign|course|courses|training|"
    r"seminars?|scheme|festival|fair|exhibition|event|investment|undertaking)"
)
THE_N_WORK = re.compile(r"\s*" + _WORK_NOUNS + r"\b(?!['’])", re.IGNORECASE)
THE_BEFORE = re.compile(r"\b(?:the|a|this)\s+(?:US\$|\$|USD|TJS)?\s*$", re.IGNORECASE)
WORK_WORTH = re.compile(
    # not "their work was worth $N", which is labour
    r"\s*(?:the|this|that)\s+(?:[\w-]+\s+){0,2}?(?!work\b)" + _WORK_NOUNS + r"\s+(?:was|were|is|are)\s+"
    r"(?:worth|valued\s+at|estimated\s+at)\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# "$N was collected by the parents", "$N were raised among the traders": the people who gave it.
AFTER_COLLECTED = re.compile(
    r"^\s*,?\s*(?:was|were)\s+(?:collected|raised|mobili[sz]ed|gathered)\s+(?:by|from|among)\s+",
    re.IGNORECASE,
)
# "The course was paid in full by X": a funder named without an amount, as "financed by X".
IN_FULL_BY = re.compile(
    r"\b(?:paid|covered|financed|funded|met|borne)(?:\s+for)?\s+in\s+full\s+by\s+", re.IGNORECASE
)
# A row of a table of sources: a label, a gap of spaces or dots, an amount at the line's end.
ROW_END = re.compile(
    r"\S(?:[ \t]{2,}|[ \t]*\.{3,}[ \t]*)(?:US\$|\$|USD|TJS)?[ \t]*\d[\d ,.]*(?:[ \t]*thousand)?"
    r"[ \t]*(?:US\$|USD|TJS|[Ss]omoni)?[ \t]*$"
)
# A name of several capitalised words, maybe with its acronym: "Helpinx Relief (HR)".
NAME_OF_A_BODY = re.compile(
    r"(?:The\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|the|and|in)?\s*[A-Z][\w'’&.-]*)+(?:\s*\([A-Z][A-Za-z]{1,9}\))?"
)
# A person's title or a count opens no body's name: "Director X Y", "Two Teachers".
_NOT_FIRST = (
    "director chairman chairwoman chair head deputy mr mrs ms dr mister madam "
    "two three four five six seven eight nine ten some many several all both"
)
NOT_A_BODYS_FIRST_WORD = frozenset(_NOT_FIRST.split())
# "$N came from repaid loans that the NGO reinvested", "$N from the interest earned by the fund of
# the NGO": money a body earned and put back in.
OWN_EARNINGS = re.compile(
    r"\s*(?:came|come|was\s+taken|were\s+taken|was\s+drawn)?\s*(?:from|out\s+of)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:repaid\s+loans|loan\s+repayments|repayments|interest|income|profits?|revenues?|returns|earnings)\b"
    r"[^.;,$]{0,40}?\b(?:that|which|earned\s+by|of|made\s+by)\s+"
    r"(?P<who>(?:the|its|our)\s+[\w'’-]+(?:\s+[\w'’-]+)?)\s*(?=\s(?:re-?invested|earned|made|received|collected|"
    r"put|lent|had|has)\b|[.;,]|$)",
    re.IGNORECASE,
)
# After a percentage: a rate ("8% a year", "12% interest"), no share of a sum.
RATE = re.compile(
    r"\s*(?:a|per|each|every)\s+(?:year|month|annum|week)\b|\s*(?:annual|yearly|monthly|interest|p\.a\.)",
    re.IGNORECASE,
)
# "The tractor was valued at $N": the worth of a thing named in the sentence before.
THING_WORTH = re.compile(
    r"\s*(?:the|this|that|these|those)\s+(?P<thing>[a-z][\w-]+)\s+(?:was|were)\s+(?:worth|valued\s+at|"
    r"estimated\s+at|assessed\s+at)\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
COST_IN_WORDS = re.compile(
    r"(?:\b(?:overall|total|full|whole|entire)\s+(?:value|worth|amount|expenditures?|expenses|spending)"
    r"(?:\s+of\s+(?:the\s+|this\s+)?[\w-]+(?:\s+[\w-]+)?)?\s+(?:was|were|is|totall?ed|amounted\s+to|came\s+to|reached)"
    r"|\b(?:expenses|expenditures?|spending|costs)\s+(?:totall?ed|amounted\s+to|came\s+to|reached)"
    r"|\b(?:the\s+)?(?:total\s+)?(?:cost|budget|price|value)\s+of\s+(?:the\s+|this\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s*,)"
    r"\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
THING_IN_APPOSITION = re.compile(
    r"\s*(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s*,\s*(?:worth|costing|valued\s+at|estimated\s+at)"
    r"\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# "They were worth $N", "It was valued at $N": the worth of what the sentence before says was given.
WORTH_OF_THE_ACT = re.compile(
    r"\s*(?:it|they|these|those|this|all\s+(?:this|of\s+it))\s+(?:was|were|is|are)\s+"
    r"(?:worth|valued\s+at|estimated\s+at|assessed\s+at)\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)

# How sure a proposal is, from how it was found: a name and an amount in one clause is the
# surest; a name with no amount, a share of a total or a co-reference across sentences less so.
CONFIDENCE = {
    "clause": 0.9,  # contributor and amount printed in one clause
    "subject": 0.8,  # the clause's subject or source, no funding verb between it and the amount
    "mention": 0.7,  # contributor named as funding, no amount
    "share": 0.7,  # a percentage of the printed total
    "coreference": 0.6,  # "the donor", "the Jamoat" read as a body named elsewhere
    "sole": 0.6,  # the only funder named: the total read as its contribution
}


@dataclass
class Unit:
    """A stretch of text that may describe one project: a list item or a run of sentences about money."""

    start: int
    end: int
    numbered: bool = False
    year: int | None = None
    item: bool = False  # a list item, not a run of sentences
    setting: bool = False  # in the Background: its amounts (a price, a damage) are no project's


@dataclass
class Found:
    """A contribution found in the text, before it becomes a ``ContributionDraft``."""

    by: str
    amount: Decimal | None
    currency: str | None
    start: int
    end: int
    role: str
    how: str = ""
    confidence: float = CONFIDENCE["clause"]


class Projects:
    """Finds the projects of one case study with their totals and contributions."""

    def __init__(self, case: Builder) -> None:
        self.case = case
        self.last: Found | None = None  # the contribution found last, for a clause without a subject

    def _units(self) -> list[Unit]:
        lines = self.case.doc.lines
        first = (self.case.bounds.org_line or self.case.bounds.start) + 1
        starts = [
            n
            for n in range(first, self.case.bounds.contact)
            if (rx.is_item(lines[n - 1]) or self._dated_item(n)) and not self._continues_list(n)
        ]
        stops = sorted(
            {
                *starts,
                *(n for n in range(first, self.case.bounds.contact) if rx.is_heading(lines[n - 1])),
                self.case.bounds.contact,
            }
        )
        units = []
        for number in starts:
            stop = next(s for s in stops if s > number)
            unit = Unit(
                self.case.doc.offset(number),
                self.case.doc.offset(stop),
                rx.is_numbered(lines[number - 1]),
                rx.item_year(lines[number - 1])
                or (
                    int(dated.group("year"))
                    if (dated := self._dated_item(number)) and dated.group("year")
                    else None
                ),
                item=True,
            )
            if unit.numbered or self._about_money(unit.start, unit.end):
                units += self._split_range(unit, lines[number - 1])
        return units + self._money_runs(units)

    def _prose_cost(self, unit: Unit) -> bool:
        """A run of sentences whose only money is a cost with nobody paying it stays a project only
        when it speaks of a project or of works done."""
        return bool(rx.PROJECT_WORDS.search(self.case.text, unit.start, unit.end))

    def _split_range(self, unit: Unit, line: str) -> list[Unit]:
        """An item numbered as a range ('4-5. Two small projects …') holds as many projects: a new one
        starts with a sentence that begins with a time ('In autumn …', 'In 2006 …') after money."""
        numbers = re.match(r"\s*(\d{1,2})[-–](\d{1,2})\.", line)
        if not numbers:
            return [unit]
        wanted = int(numbers.group(2)) - int(numbers.group(1)) + 1
        pieces = [unit]
        for start, _ in self.case.sentences:
            current = pieces[-1]
            if len(pieces) >= wanted or not current.start < start < current.end:
                continue
            if rx.TIME_START.match(self.case.text, start) and rx.find_money(
                self.case.text, current.start, start
            ):
                current_end, current.end = current.end, start
                pieces.append(Unit(start, current_end, True, unit.year, item=True))
        return pieces

    def _dated_item(self, number: int) -> re.Match[str] | None:
        """'2003. Bee keeping. …', '2006-2007. "Title". …', '3) Sewing room, 2006': an item that opens
        a line after a sentence ended (its year in the group 'year')."""
        lines = self.case.doc.lines
        match = re.match(
            r"\s*(?:(?P<year>(?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)?\d\d)?\.|\d{1,2}\))\s+[A-Z\"“]",
            lines[number - 1],
        )
        previous = next((lines[n - 1].strip() for n in range(number - 1, 0, -1) if lines[n - 1].strip()), "")
        if match is None or (previous and not re.search(r"[.!?:\"”)]$|^\d{1,3}$", previous)):
            return None
        return match

    def _continues_list(self, number: int) -> bool:
        """A bullet of a list that a line ending in ':' opens ("Contributions were:", "- X – $N;"):
        the list belongs to the project before it, it is no project of its own."""
        lines = self.case.doc.lines
        if not re.match(r"^\s*[-–•]\s", lines[number - 1]):
            return False
        for previous in range(number - 1, max(0, number - 12), -1):
            line = lines[previous - 1].strip()
            if line.endswith(":"):
                return True
            if line and not (rx.is_item(line) and line.endswith(";")):
                return False
        return False

    def _about_money(self, start: int, end: int) -> bool:
        return any(
            pattern.search(self.case.text, start, end)
            for pattern in (
                rx.MONEY,
                rx.FUNDING_BY,
                rx.THROUGH,
                rx.PERCENT_FUNDED,
                rx.FUNDING_AGENT,
                rx.SHARES_LISTED,
                SHARE_OF_IT,
            )
        )

    def _background(self) -> list[tuple[int, int]]:
        """The sections that tell the setting, not the work ('Background', 'Summary'): money
        printed there (a price, a damage assessed) belongs to no project; a donor named there as
        funding still is one."""
        lines = self.case.doc.lines
        first = (self.case.bounds.org_line or self.case.bounds.start) + 1
        headings = [n for n in range(first, self.case.bounds.contact) if rx.is_heading(lines[n - 1])]
        return [
            (self.case.doc.offset(n + 1), self.case.doc.offset(stop))
            for n, stop in itertools.pairwise([*headings, self.case.bounds.contact])
            if re.match(r"\s*background\b", lines[n - 1], re.IGNORECASE)
        ]

    def _money_runs(self, items: list[Unit]) -> list[Unit]:
        """Runs of sentences outside list items that speak of money, allowing one sentence between."""
        runs: list[Unit] = []
        current: Unit | None = None
        gap = 0
        background = self._background()
        for start, end in self.case.sentences:
            if any(u.start <= start < u.end for u in items):
                current, gap = None, 0
                continue
            if self._about_money(start, end):
                if current is not None and gap <= 1:
                    current.end = end
                else:
                    current = Unit(start, end, setting=any(a <= start < b for a, b in background))
                    runs.append(current)
                gap = 0
            elif current is not None:
                gap += 1
        return runs

    def find(self) -> list[ProjectDraft]:
        """The projects of the case study, in the order of the text."""
        projects = []
        for unit in sorted(self._units(), key=lambda u: u.start):
            project = self._project(unit)
            if project is not None:
                projects.append(project)
        return projects

    def _project(self, unit: Unit) -> ProjectDraft | None:
        amounts = [] if unit.setting else rx.find_money(self.case.text, unit.start, unit.end)
        amounts = sorted([*amounts, *self._table_amounts(unit, amounts)], key=lambda m: m.start)
        # a price per unit ("$3 a kilo") or money only planned ("will allocate $N") is nobody's gift
        amounts = [m for m in amounts if not self._price_or_plan(m)]
        self.last = None
        total: rx.Money | None = None
        found: list[Found] = []
        previous = unit.start
        for money in amounts:
            floor = max(previous, self.case.sentence_at(money.start)[0])
            spent = (
                self._spent_by_subject(money, floor)
                or self._of_the_act_before(money)
                or self._worth_by_agent(money, floor)
            )
            if spent is not None:
                found.append(spent)
                previous = money.end
                continue
            if self._is_total(money, floor) or rx.PART_OF.search(self.case.text, floor, money.start):
                if total is None:
                    total = money
                elif (
                    self._sums_up(money, floor)
                    and self._cost_of_the_act_before(total)
                    and not self._sums_up(total, self.case.sentence_at(total.start)[0])
                ):
                    # "X bought the machines. This cost $N. … The whole cost $M in all": M is the total,
                    # N the cost of what X did
                    found += [c for c in (self._cost_of_the_act_before(total),) if c is not None]
                    total = money
                previous = money.end
                continue
            contribution = self._contribution_at(money, floor)
            self.last = contribution or self.last
            if contribution is not None:
                found.append(contribution)
                found += self._each(contribution, money, floor)
            elif total is None and rx.TOTAL.search(
                self.case.text, max(previous, money.start - 90), money.start
            ):
                total = money
            else:
                self.case.unresolved.append(
                    Unresolved(
                        "an amount with neither contributor nor 'total'",
                        self.case.doc.quote(*self.case.sentence_at(money.start), money.start),
                    )
                )
            previous = money.end
        # one funder's amount is no total: a total is only a cost the text prints
        found += self._percent_funded(unit, total)
        found += self._shares(unit, total, found)
        found = self._funding_mentions(unit, found)
        found = self._resolve_donors(found, unit)
        if not found and not unit.item and (total is None or not self._prose_cost(unit)):
            # a cost in prose that nobody pays ("a trip to the doctor cost 40 somoni"): no project
            return None
        return self._project_draft(unit, total, self._sole_funder(found, total))

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

    def _each(self, first: Found, money: rx.Money, floor: int) -> list[Found]:
        """'A and B gave $N each', '$N apiece came from A and B': the other bodies named in the
        clause, before the amount or after it where the first one is, give it too."""
        text = self.case.text
        if not re.match(r"\s*(?:each|apiece)\b", text[money.end : money.end + 10]):
            return []
        if first.start >= money.start:  # the contributor follows the amount
            end = self.case.sentence_at(money.start)[1]
            end = min(i for i in (text.find(";", money.end, end), end) if i >= 0)
            span = (money.end, end)
        else:
            # "Y gave $M, while A and B added $N each": a clause before that gave its own is not the list
            cuts = [
                m.end()
                for m in re.finditer(r";|,\s+(?:and|while|whereas)\s+", text[floor : first.start])
                if rx.GAVE_IN.search(text, floor, floor + m.start())
            ]
            span = (floor + cuts[-1] if cuts else floor, money.start)
        named = sorted(self.case.named_where(lambda start, _: span[0] <= start < span[1]))
        others = dict.fromkeys(entity for _, entity in named if entity != first.by)
        return [replace(first, by=other, how="one amount printed for each") for other in others]

    def _spent_by_subject(self, money: rx.Money, floor: int) -> Found | None:
        """'X built a room at a cost of $N': the cost of what the clause's subject did is its
        contribution, not the project's total; the subject is the clause's first phrase."""
        text = self.case.text
        if not re.search(
            # "the parents carried sand and worked on the site for a total of $N"
            r"\b(?:at (?:a|the) cost of|for a total(?: value)? of)\s*(?:US\$|\$|USD|TJS)?\s*$",
            text[floor : money.start],
        ):
            return None
        joints = re.finditer(r"[,;:]\s*(?:and\s+|while\s+|whereas\s+)?", text[floor : money.start])
        cuts = [m.end() for m in joints]
        start = floor + (cuts[-1] if cuts else 0)
        who = self.case.resolve_known(start)
        if who is None:
            return None
        return self._contribution(who, money, start, money.end, CONFIDENCE["subject"])

    def _thing_given_before(self, money: rx.Money) -> bool:
        """'The Khukumat gave a tractor. The tractor was valued at $N.': the worth of the thing the
        sentence before says was given."""
        text = self.case.text
        thing = THING_WORTH.fullmatch(text, self.case.sentence_at(money.start)[0], money.start)
        before = self.case.sentence_before(money.start)
        if thing is None or before is None:
            return False
        act = rx.ACT_BEFORE.match(text, *before)
        return (
            act is not None
            and re.search(rf"(?i)\b{re.escape(thing.group('thing'))}\b", text[act.end() : before[1]])
            is not None
        )

    def _worth_by_agent(self, money: rx.Money, floor: int) -> Found | None:
        """'tools given to ten families by X, worth $N in all': the worth of what the agent gave."""
        match = BY_WORTH.search(self.case.text, floor, money.start)
        if match is None:
            return None
        who = self.case.resolve_span(match.start("who"), match.end("who"))
        if who is None or who[0] == self.case.main:
            return None
        return self._contribution(who, money, match.start(), money.end)

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

    def _cost_of_the_act_before(self, money: rx.Money) -> Found | None:
        """'X bought the machines and trained the masters. This cost $N.': when the project prints a
        total of its own, the cost is what the subject of the sentence before spent."""
        text = self.case.text
        sentence = self.case.sentence_at(money.start)
        before = self.case.sentence_before(money.start)
        if before is None or not COST_OF_THE_ACT.fullmatch(text, sentence[0], money.start):
            return None
        act = rx.ACT_OF_ANY_KIND.match(text, *before)
        if act is None or rx.find_money(text, *before):
            return None
        who = self.case.resolve_span(act.start("who"), act.end("who"))
        if who is None or who[0] == self.case.main:
            return None
        how = (who[0], f"{who[1]}; the cost of what it did in the sentence before")
        return self._contribution(how, money, act.start("who"), money.end, CONFIDENCE["coreference"])

    def _of_the_act_before(self, money: rx.Money) -> Found | None:
        """'X supported a school. The grant came to $N.', 'X bought a tractor. Its price, $N, …': a
        sentence that opens with the grant or the price and its amount tells the amount of what the
        subject of the sentence before gave or bought, when that sentence prints no amount; so does
        a clause after a semicolon ('X paid for the pipes; its grant came to $N')."""
        text = self.case.text
        sentence = self.case.sentence_at(money.start)
        semicolon = text.rfind(";", sentence[0], money.start)
        # "X paid for the seeds, and its donation was $N": a clause joined by ', and' as by ';'
        joined = list(re.finditer(r",\s+and\s+(?=(?:its|their)\s)", text[sentence[0] : money.start]))
        if semicolon < 0 and joined:
            semicolon = sentence[0] + joined[-1].end() - 1
        if semicolon >= 0 and rx.AMOUNT_OF_THE_ACT.match(text[semicolon + 1 : money.start]):
            before: tuple[int, int] | None = (sentence[0], semicolon)
        elif (
            rx.AMOUNT_OF_THE_ACT.match(text[sentence[0] : money.start])
            or WORTH_OF_THE_ACT.match(text[sentence[0] : money.start])
            or self._thing_given_before(money)
        ):
            before = self.case.sentence_before(money.start)
        else:
            return None
        if before is None:
            return None
        act = rx.ACT_BEFORE.match(text, *before)
        if act is None and rx.ITS_SHARE.match(text, sentence[0] if semicolon < 0 else semicolon + 1):
            act = rx.ACT_OF_ANY_KIND.match(text, *before)
        if not rx.find_money(text, *before) and (
            act is None or not self.case.resolve_span(act.start("who"), act.end("who"))
        ):
            passive = rx.PASSIVE_ACT.match(text, *before)
            agent = self.case.resolve(passive.end()) if passive else None
            if passive and agent and agent[0] != self.case.main:
                how = (agent[0], f"{agent[1]}; the agent of what the sentence before says was paid")
                return self._contribution(how, money, passive.start(), money.end, CONFIDENCE["coreference"])
        worth = WORTH_OF_THE_ACT.match(text[(sentence[0] if semicolon < 0 else semicolon + 1) : money.start])
        if act is None and worth and not rx.find_money(text, *before):
            # "the parents dug the trench; this was valued at $N": the worth of what the subject did
            subject = self.case.resolve_known(before[0], before[1])
            if subject is not None:
                how = (subject[0], f"{subject[1]}; the worth of what it did in the clause before")
                return self._contribution(how, money, before[0], money.end, CONFIDENCE["coreference"])
        if act is None or rx.find_money(text, *before):
            return None
        who = self.case.resolve_span(act.start("who"), act.end("who"))
        printed = act.group("who").strip()
        first = re.sub(r"^The\s+", "", printed).split()[0].lower()
        if who is None and NAME_OF_A_BODY.fullmatch(printed) and first not in NOT_A_BODYS_FIRST_WORD:
            # "Helpinx Relief (HR) paid for the books. Its grant was $N.": a body no registry knows
            who = self.case.resolve(act.start("who"), act.end("who"))
        if who is None or who[0] == self.case.main:
            return None
        how = (who[0], f"{who[1]}; the amount of what it gave or bought in the sentence before")
        return self._contribution(how, money, act.start("who"), money.end, CONFIDENCE["coreference"])

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

    def _in_brackets(self, money: rx.Money, floor: int) -> Found | None:
        """'paid by X ($N) and Y ($M)': an amount alone in brackets is the body's named just before."""
        text = self.case.text
        opening = re.search(r"\(\s*(?:US\$|\$|USD|TJS)?\s*$", text[floor : money.start])
        if opening is None or not re.match(r"\s*(?:US\$|USD|TJS|[Ss]omoni|dollars)?\s*\)", text[money.end :]):
            return None
        paren = floor + opening.start()
        clause = max([floor, *(floor + m.end() for m in re.finditer(r"[,;:]|\band\b", text[floor:paren]))])
        starts = [m.start() for m in re.finditer(r"(?<![\w'’-])(?:the\s+|[A-Z])", text[clause:paren])]
        # a name read as itself before a generic word read as a body named elsewhere: "the X Office
        # in Y (N)" is X's, not the office named last
        resolved = [
            (start, who)
            for start in reversed(starts)
            if (who := self.case.resolve_span(clause + start, paren))
        ]
        if not resolved:
            return None
        start, who = min(resolved, key=lambda r: "read as" in r[1][1])  # stable: the nearest first
        return self._contribution(who, money, clause + start, money.end + 1)

    def _name_after_dash(self, money: rx.Money, floor: int) -> Found | None:
        """'$5,000 – UNDP; $1,000 – the villagers (labour).': an amount that opens its item of a list,
        then a dash and the body it came from."""
        text = self.case.text
        opening = max(floor, text.rfind(";", floor, money.start) + 1, text.rfind(":", floor, money.start) + 1)
        if text[opening : money.start].strip(" \n-–•") or not (
            dash := re.match(r"\s*[–-]\s+", text[money.end :])
        ):
            return None
        stops = [i for i in (text.find(";", money.end), text.find(".", money.end + dash.end())) if i >= 0]
        start = money.end + dash.end()
        who = self.case.resolve_known(start, min([*stops, start + 80]))
        return self._contribution(who, money, money.start, start + 40, CONFIDENCE["subject"]) if who else None

    def _respectively(self, money: rx.Money) -> Found | None:
        """'X and Y gave $5,000 and $3,000 respectively': the n-th amount is the n-th body's."""
        text = self.case.text
        sentence = self.case.sentence_at(money.start)
        word = re.compile(r"\brespectively\b").search(text, *sentence)
        if word is None:
            return None
        semicolon = text.find(";", word.end(), sentence[1])
        end = word.start() if word.start() > money.end else semicolon if semicolon >= 0 else sentence[1]
        amounts = rx.find_money(text, sentence[0], end)
        if money not in amounts:
            return None
        first = amounts[0].start
        bodies = list(
            dict.fromkeys(
                e for _, e in sorted(self.case.named_where(lambda at, _: sentence[0] <= at < first))
            )
        )
        if len(bodies) != len(amounts):
            return None
        who = bodies[amounts.index(money)]
        return self._contribution(
            (who, f"{who}, the amount in its place in a list read 'respectively'"),
            money,
            sentence[0],
            word.end(),
        )

    def _contribution_at(self, money: rx.Money, left_start: int) -> Found | None:
        if in_order := self._respectively(money):
            return in_order
        if bracketed := self._in_brackets(money, left_start):
            return bracketed
        if listed := self._name_after_dash(money, left_start):
            return listed
        # "of which $6,000 (X) and $3,000 (Y)": a bracket after the amount that holds only a name
        label = re.match(
            r"\s*\(\s*(?=\S)(?P<who>[^()$\d;]{2,60}?)\s*\)", self.case.text[money.end : money.end + 70]
        )
        if label:
            who = self.case.resolve_span(money.end + label.start("who"), money.end + label.end("who"))
            if who:
                return self._contribution(who, money, money.start, money.end + label.end())
        right = self.case.text[money.end : money.end + 120]
        # "X raised $N from the households": X gives what it raised
        raised = re.search(
            r"\b(?:raised|collected|mobili[sz]ed)\s*$", self.case.text[left_start : money.start]
        )
        for pattern in () if raised else (rx.AFTER_CONTRIBUTION, rx.AFTER_FROM, rx.AFTER_BY, AFTER_COLLECTED):
            match = pattern.match(right)
            if match:
                who = self.case.resolve(money.end + match.end())
                if who:
                    return self._contribution(who, money, money.start, money.end + match.end() + 40)
        earned = OWN_EARNINGS.match(right)
        if earned:  # "$N came from repaid loans that the NGO reinvested": the body that earned it
            who = self.case.resolve_known(money.end + earned.start("who"), money.end + earned.end("who"))
            if who:
                return self._contribution(who, money, money.start, money.end + earned.end())
        grant = rx.OF_THE_GRANT.match(right)
        if grant:  # "spent $N of the UNDP grant": the grant's giver
            start = money.end + grant.start("who")
            who = self.case.resolve_span(start, money.end + grant.end("who"))
            if who and who[0] != self.case.main:
                return self._contribution(who, money, money.start, money.end + grant.end())
        # "$N was paid by X, and the rest, $M, by Y": the passive verb of the clause before is understood
        bare_by = re.match(r"\s*,?\s*by\s+(?=\S)", right)
        sentence_start = self.case.sentence_at(money.start)[0]
        if bare_by and rx.PASSIVE_BY.search(self.case.text, sentence_start, money.start):
            who = self.case.resolve(money.end + bare_by.end())
            if who:
                return self._contribution(who, money, money.start, money.end + bare_by.end() + 40)
        left = self.case.text[left_start : money.start]
        for pattern in (rx.CONTRIBUTION_OF, rx.OWN_CONTRIBUTION, rx.BY_FOR):
            match = pattern.search(left)
            if match:
                group = "owner" if "owner" in match.groupdict() and match.group("owner") else "who"
                who = self.case.resolve(left_start + match.start(group), left_start + match.end(group))
                if who:
                    return self._contribution(who, money, left_start + match.start(), money.end)
        # "X granted the NGO $N": the body after a verb of giving receives, the subject gives
        dative = rx.GIVEN_TO.search(left)
        if dative and self.case.resolve_span(left_start + dative.start("to"), left_start + dative.end("to")):
            verb = left_start + dative.start("verb")
            who = self.case.resolve_before(left_start, verb)
            if who:
                return self._contribution(who, money, self.case.phrase_start(left_start, verb), money.end)
        # "paid by X, whose donation was $N": the body the relative clause speaks of
        whose = re.search(
            r"\s*,\s*whose\s+(?:own\s+)?(?:grant|contribution|share|donation|input|part)\s+"
            r"(?:amounted to|came to|ran to|totalled|reached|was|were|of)\s*(?:US\$|\$|USD|TJS)?\s*$",
            left,
        )
        if whose:
            comma = left_start + whose.start()
            named = self.case.named_where(
                lambda start, end: left_start <= start and comma - 2 <= end <= comma
            )
            if named:
                start, entity = max(named)
                return self._contribution(
                    (entity, f"'{self.case.text[start:comma]}', whose grant it is"), money, start, money.end
                )
        # "the walls were painted by the parents, whose work was valued at $N": the agent's labour
        work = re.search(
            r"\bby\s+(?P<who>[^,;()$]{2,60}?)\s*,\s*whose\s+(?:own\s+|unpaid\s+|voluntary\s+)?"
            r"(?:work|labou?r|time|contribution|share|input|part)\s+(?:was|were|is)\s+"
            r"(?:estimated\s+at|valued\s+at|assessed\s+at|worth)"
            r"\s*(?:US\$|\$|USD|TJS)?\s*$",
            left,
            re.IGNORECASE,
        )
        if work:
            who = self.case.resolve_known(left_start + work.start("who"), left_start + work.end("who"))
            if who:
                return self._contribution(who, money, left_start + work.start("who"), money.end)
        match = rx.AGENT_VERB.search(left)
        if match:
            verb = left_start + match.start("verb")
            with_ = re.search(r"\bwith\s+(?=[^,;]*$)", left[: match.start("verb")])
            if match.group("verb").endswith("ing") and with_:  # "…, with the NGO adding $N"
                who = self.case.resolve(left_start + with_.end(), verb)
                if who:
                    return self._contribution(who, money, left_start + with_.end(), money.end)
            who = self.case.resolve_before(left_start, verb) or self._relative_subject(left_start, verb)
            if who:
                return self._contribution(who, money, self.case.phrase_start(left_start, verb), money.end)
        return self._in_clause(money, left_start)

    def _relative_subject(self, floor: int, verb: int) -> tuple[str, str] | None:
        """'… bought by X, which spent $N': the subject of a relative clause is the body named just
        before it."""
        relative = re.search(r"\s*,?\s*\b(?:which|who)\s+(?:also\s+)?$", self.case.text[floor:verb])
        if relative is None:
            return None
        comma = floor + relative.start()
        named = self.case.named_where(lambda start, end: floor <= start and comma - 2 <= end <= comma)
        if not named:
            return None
        start, entity = min(named)
        return entity, f"'{self.case.text[start:comma]}', the body a relative clause speaks of"

    def _in_clause(self, money: rx.Money, left_start: int) -> Found | None:
        """The contributor of an amount from its clause when no pattern fits: the subject that
        leads to the amount ("X – paid for advertising, $N", "X added $N"), or the body the
        amount comes from or is granted by ("$N, a grant of X"); None for a total or a price."""
        text = self.case.text
        floor = max(left_start, text.rfind(";", left_start, money.start) + 1)
        left = text[floor : money.start]
        if not rx.PAID_COSTS.search(left[-120:]) and any(
            p.search(left[-90:]) for p in (rx.TOTAL_CUE, rx.TOTAL, rx.NOT_A_CONTRIBUTION)
        ):
            return None
        work = re.search(
            r"\b(?:their|this|that|such)\s+(?:own\s+)?(?:work|labou?r|time)\b", left, re.IGNORECASE
        )
        if work:  # the subject of the clause just before 'their work', or else of the clause before
            return (
                self._their_work(money, floor + work.start())
                or self._their_work(money, floor)
                or self._work_of_sentence_before(money, floor + work.start())
            )
        # "X paid the fuel of the bus that brought the families, $N": the clause's subject pays,
        # not a noun of its object
        paying = re.match(r"\s*(?P<who>[^,;()]+?)\s+(?:paid|bought|covered|bore|met|spent)\b[^;]*$", left)
        if paying:
            who = self.case.resolve_span(floor + paying.start("who"), floor + paying.end("who"))
            if who:
                start = floor + paying.start("who")
                return self._contribution(who, money, start, money.end, CONFIDENCE["subject"])
        row = self._row_label(money)
        if row is not None:  # a row of a table: its label gives the amount, or nobody does
            who = self.case.resolve_known(row, money.start)
            return self._contribution(who, money, row, money.end, CONFIDENCE["subject"]) if who else None
        for position in rx.phrase_starts(left):
            who = self.case.resolve_known(floor + position, money.start)
            if who:
                return self._contribution(who, money, floor + position, money.end, CONFIDENCE["subject"])
        # "X bought machines for $N and paid the trainer, $M": the same subject gives again
        if (
            self.last is not None
            and re.match(
                r"\s*,?\s*and\s+(?:also\s+)?(?:(?:[a-z]+ed|paid|gave|bought|spent|put|lent)\b"
                # "and in 2006 another $N": the same giver again
                r"|(?:(?:in|by)\s+(?:19|20)\d\d\s+|later\s+|then\s+)?"
                r"(?:another|a further|an additional)\s*$)",
                left,
            )
            and self.case.sentence_at(self.last.start) == self.case.sentence_at(money.start)
        ):
            who = (self.last.by, f"{self.last.how}; the subject of the clause before")
            return self._contribution(who, money, floor, money.end, CONFIDENCE["subject"])
        sentence_end = self.case.sentence_at(money.start)[1]
        stop = min(
            [sentence_end, *(m.start for m in rx.find_money(text, money.end, sentence_end))]
            + [i for i in (text.find(";", money.end, sentence_end),) if i >= 0]
        )
        match = rx.SOURCE_AFTER.search(text, money.end, stop)
        if match:
            who = self.case.resolve_known(match.end())
            if who:
                return self._contribution(who, money, money.start, match.end() + 40, CONFIDENCE["subject"])
        return None

    def _row_label(self, money: rx.Money) -> int | None:
        """Where the label of a table row starts when ``money`` ends the row ('   UNDP      9 600 TJS',
        'Trainees (own hives) ...... 5 800 TJS'); a label whose bracket began on the line before, or
        that is only a bracket, starts on the line before."""
        doc, text = self.case.doc, self.case.text
        number = doc.line_of[money.start]
        if not ROW_END.search(doc.lines[number - 1]) or doc.line_of[money.end - 1] != number:
            return None
        # a table has rows around the row: a line of prose that happens to end in a gap is no table
        around = [doc.lines[n - 1] for n in range(max(1, number - 2), min(len(doc.lines), number + 2) + 1)]
        if sum(bool(re.search(r"\S[ \t]{3,}\S|\.{4,}", line)) for line in around) < 2:
            return None
        line = doc.offset(number)
        after = text[money.end : doc.offset(number + 1) if number < len(doc.lines) else len(text)]
        if line >= money.start or not re.fullmatch(r"\s*(?:US\$|USD|TJS|[Ss]omoni)?\s*", after):
            return None
        label = text[line : money.start]
        continued = label.count(")") > label.count("(") or label.lstrip().startswith("(")
        if continued and number > 1 and doc.offset(number - 1) >= self.case.start:
            line = doc.offset(number - 1)  # "X (furniture,\n repair)   N TJS", "X\n (gravel)   N TJS"
        return line

    def _work_of_sentence_before(self, money: rx.Money, work: int) -> Found | None:
        """'The parents dug the trench. Their work was worth $N.': a sentence that opens with 'their
        work' tells the worth of what the subject of the sentence before did, when that sentence
        prints no amount of its own."""
        sentence = self.case.sentence_at(money.start)
        before = self.case.sentence_before(money.start)
        if (
            before is None
            or self.case.text[sentence[0] : work].strip()
            or rx.find_money(self.case.text, *before)
        ):
            return None
        who = self.case.resolve_known(before[0])
        if who is None:
            return None
        how = (who[0], f"{who[1]}; the subject of the sentence before, whose work it is")
        return self._contribution(how, money, sentence[0], money.end, CONFIDENCE["coreference"])

    def _their_work(self, money: rx.Money, floor: int) -> Found | None:
        """'the villagers carried the stones; their work was valued at $N': the work is the subject's
        of the clause before, within the sentence; nobody's when that subject names no one."""
        start = self.case.sentence_at(money.start)[0]
        before = re.sub(r"[\s;,]*(?:\band\s*)?$", "", self.case.text[start:floor])
        joints = [m.end() for m in re.finditer(r"[,;:]\s*(?:and\s+|while\s+|whereas\s+)?|\bwhile\s+", before)]
        cut = start + (joints[-1] if joints else 0)
        who = self.case.resolve_known(cut)
        # "the parents painted the walls, doors and the fence; this work …": past the commas of a
        # list of things, back to the clause's subject, but not past a clause with money of its own
        for joint in reversed([0, *joints[:-1]] if joints and who is None else []):
            if re.search(r"\d", before[joint:]) or rx.find_money(self.case.text, start + joint, cut):
                break
            if who := self.case.resolve_known(start + joint):
                cut = start + joint
                break
        return self._contribution(who, money, cut, money.end, CONFIDENCE["subject"]) if who else None

    def _contribution(
        self,
        who: tuple[str, str],
        money: rx.Money,
        start: int,
        end: int,
        confidence: float = CONFIDENCE["clause"],
    ) -> Found:
        if "read as" in who[1]:
            confidence = min(confidence, CONFIDENCE["coreference"])
        return Found(who[0], money.amount, money.currency, start, end, self.role(who[0]), who[1], confidence)

    def role(self, entity_id: str, through: bool = False) -> str:
        """The role of a contributor: the organization itself and the villagers implement, others fund."""
        entity = self.case.entities.get(entity_id)
        if entity_id == self.case.main or (entity is not None and entity.kind == "community"):
            return "implementing"
        return "extending" if through else "funding"

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

    def _resolve_donors(self, found: list[Found], unit: Unit) -> list[Found]:
        """'The donor' is the one funder the unit (or the two sentences before it) names."""
        if not any(c.by == DONOR for c in found):
            return found
        named = {c.by for c in found if c.by != DONOR and c.role == "funding" and not self.is_state(c.by)}
        if len(named) > 1:
            named = set()  # several funders: 'the donor' is the one named last before it
        elif not named:
            before = self.case.sentences[
                max(0, self.case.sentences.index(self.case.sentence_at(unit.start)) - 2)
            ][0]
            context = self._funding_mentions(Unit(before, unit.start), [])
            named |= {c.by for c in context if c.role == "funding" and not self.is_state(c.by)}
        result = []
        for contribution in found:
            # "X (new) provided the capital. Its grant was $N": the one funder the unit names before it
            here = {
                c.by
                for c in found
                if c.by != DONOR
                and c.role == "funding"
                and not self.is_state(c.by)
                and c.start < contribution.start
            }
            if contribution.by != DONOR:
                result.append(contribution)
            elif self._donor_before(contribution.start) or len(here) == 1 or len(named) == 1:
                last = self._donor_before(contribution.start)
                in_unit = self._named_between(unit.start, contribution.start) | {c.by for c in found}
                if len(here) == 1 and (last is None or last not in in_unit):
                    last = next(iter(here))  # the donor named last is another project's
                donor = last or next(iter(named))
                result.append(
                    replace(
                        contribution,
                        by=donor,
                        role="funding",
                        how=f"'the donor' read as {donor}",
                        confidence=CONFIDENCE["coreference"],
                    )
                )
            else:
                self.case.unresolved.append(
                    Unresolved(
                        "'the donor' without a named donor",
                        self.case.doc.quote(contribution.start, min(contribution.end, self.case.end)),
                    )
                )
        merged: dict[tuple[str, Decimal | None], Found] = {}
        for contribution in result:
            merged.setdefault((contribution.by, contribution.amount), contribution)
        return [
            c
            for c in merged.values()
            if c.amount is not None or not any(o.by == c.by and o.amount is not None for o in merged.values())
        ]

    def _named_between(self, start: int, end: int) -> set[str]:
        return {entity for _, entity in self.case.named_where(lambda at, _: start <= at < end)}

    def _donor_before(self, position: int) -> str | None:
        """The donor named last before ``position`` in the case study: no state body, not the organization."""
        donors = (*CSO_CLASSES, "government-body")
        named: list[tuple[int, str, str]] = [(h.start, h.entity, "") for h in self.case.org_hits]
        named += [(m.start, m.known.id, m.how) for m in self.case.org_mentions if m.known.cls not in donors]
        for _, entity_id, how in sorted(
            (n for n in named if self.case.start <= n[0] < position), reverse=True
        ):
            if how:
                return self.case.linked(entity_id, how)
            entity = self.case.entities.get(entity_id)
            if (
                entity is not None
                and entity_id != self.case.main
                and entity.kind == "organization"
                and entity.cls not in donors
            ):
                return entity_id
        return None

    def is_state(self, entity_id: str) -> bool:
        entity = self.case.entities.get(entity_id)
        return entity is not None and entity.is_government

    def _sole_funder(self, found: list[Found], total: rx.Money | None) -> list[Found]:
        """When a total has one funder named and nobody else contributed, the total is that funder's;
        so too when the total's own sentence names one funder and no other amount ("the works cost
        $N and were paid completely by X")."""
        if total is None:
            return found
        funders = [c for c in found if c.role == "funding"]
        # "Everything was paid by X except the hall": X, the first named after "by", paid the total
        everything = next(
            (
                c
                for c in funders
                if c.amount is None
                and re.search(
                    r"\b(?:everything|all (?:the )?(?:costs?|expenses)|the whole (?:cost|sum))\s+"
                    r"(?:was|were)\s+(?:paid|covered|financed|funded|met)\s+(?:for\s+)?by\b",
                    self.case.text[self.case.sentence_at(c.start)[0] : c.start + 20],
                    re.IGNORECASE,
                )
            ),
            None,
        )
        if everything is not None and not any(c.amount is not None for c in found):
            return [self._sole(c, total) if c is everything else c for c in found]
        if any(c.amount is not None for c in found) or len(funders) != 1 or len(found) != 1:
            sentence = self.case.sentence_at(total.start)
            here = [c for c in found if self.case.sentence_at(c.start) == sentence]
            alone = [c for c in here if c.role == "funding" and c.amount is None]
            if len(alone) != 1 or len(here) != 1 or len(rx.find_money(self.case.text, *sentence)) != 1:
                return found
            funders = alone
        if rx.PART_OF.search(self.case.text, self.case.sentence_at(total.start)[0], total.start):
            return found  # "X provided half of the $N": X gave a part, the text does not say which
        return [self._sole(c, total) if c is funders[0] else c for c in found]

    @staticmethod
    def _sole(funder: Found, total: rx.Money) -> Found:
        return replace(
            funder,
            amount=total.amount,
            currency=total.currency,
            how=f"{funder.how}; the only funder named: the printed total is read as its contribution",
            confidence=CONFIDENCE["sole"],
        )

    def _project_draft(self, unit: Unit, total: rx.Money | None, found: list[Found]) -> ProjectDraft:
        title = self._title(unit)
        anchor = total.start if total is not None else (found[0].start if found else unit.start)
        credit = bool(rx.KIND_OF_HELP.search(self.case.text, unit.start, unit.end))
        contributions = tuple(
            ContributionDraft(
                c.by,
                c.amount,
                c.currency,
                self._kind(c, credit),
                c.role,
                self.case.doc.quote(*self._clause(c.start, c.end), focus=c.start),
                c.how,
                c.confidence,
            )
            for c in found
        )
        return ProjectDraft(
            id=self.case.new_id(f"{self.case.main}-{slug(title, 4)}"),
            title=title,
            led_by=self.case.main,
            year=unit.year,
            total=(total.amount, total.currency) if total is not None else None,
            contributions=contributions,
            evidence=self.case.doc.quote(*self.case.sentence_at(anchor), focus=anchor),
            confidence=0.9 if total is not None else 0.6,
        )

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        sentence = self.case.sentence_at(start)
        return max(sentence[0], start), min(max(end, start + 1), sentence[1], self.case.end)

    def _kind(self, contribution: Found, credit: bool) -> str:
        """The kind of a contribution from the words of its clause: labour, in-kind or cash only when
        the text says so ("labour valued at", "equipment worth", "paid", "from its budget");
        unspecified otherwise. A funder of a credit project lends."""
        if contribution.role == "supporting":
            return "unspecified"
        start, end = self._clause(contribution.start, contribution.end)
        # the words right after the amount say how too: "$700 from membership fees"
        # and so does a passive that follows it: "$N was taken from the rayon budget"
        tail = re.match(
            r"\s*(?:(?:was|were)\s+(?:taken|paid|drawn|allocated)\s+|came\s+)?"
            r"(?:from\s+(?:its\s+|their\s+|the\s+)?(?:own\s+|rayon\s+|district\s+|city\s+|oblast\s+|state\s+)?"
            r"(?:[a-z]+\s+)?(?:membership fees|entrance fees|budget|funds?|savings|reserve(?: fund)?)\b"
            r"|among themselves|in cash|in kind)",
            self.case.text[end : self.case.sentence_at(start)[1]],
        )
        clause = self.case.text[start:end] + (
            tail.group() if tail and contribution.amount is not None else ""
        )
        if rx.LABOUR.search(clause):
            return "labour"
        if credit and contribution.role == "funding" and not self.is_state(contribution.by):
            return "loan"
        if contribution.amount is None:
            if rx.IN_KIND.search(clause):
                return "in-kind"
            return "cash" if rx.CASH.search(clause) else "unspecified"
        passive = rx.PASSIVE_GOODS.search(self.case.text, self.case.sentence_at(start)[0], contribution.end)
        goods = rx.GOODS.search(clause) or rx.BRACKET_GOODS.search(clause)
        if rx.VALUED.search(clause) or passive or (goods and not rx.CASH.search(clause)):
            return "in-kind"
        if rx.CASH.search(clause):
            return "cash"
        return "unspecified"

    def _title(self, unit: Unit) -> str:
        named = re.search(
            r"\bproject\s*[\"“]\s*(?P<t>[^\"“”]{3,80}?)\s*[\"”]", self.case.text[unit.start : unit.end]
        )
        if named:
            return named.group("t")
        end = self.case.sentence_at(unit.start)[1]
        sentence = self.case.text[unit.start : end]
        if re.fullmatch(r"\s*(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\.?\s*", sentence) and end < unit.end:
            # "2003. Bee keeping. …": the year is a sentence of its own, the title the next one
            sentence = self.case.text[end : self.case.sentence_at(end + 1)[1]]
        if re.match(r"\s*\d{1,2}\)", sentence):  # "3) Sewing room, 2006" on a line of its own
            sentence = re.sub(r"^\s*\d{1,2}\)\s*", "", sentence.strip().split("\n", 1)[0])
        sentence = rx.clean_name(re.sub(r"^\s*(?:\d{1,2}\.|[-–•]|(?:19|20)\d\d\s*[-–])\s*", "", sentence))
        if len(sentence) > 80:
            sentence = sentence[:80].rsplit(" ", 1)[0]
        return sentence.rstrip(" .,;:") or "Project"
