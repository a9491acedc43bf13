"""Where the projects are: numbered items, other list items that speak of money, runs of sentences
about money (those of the Background marked as its setting); and each one's title.
"""

from __future__ import annotations

import itertools
import re

from kg.extract import recognize as rx
from kg.extract.money.base import MoneyReader, Unit
from kg.extract.money.patterns import SHARE_OF_IT


class ProjectUnits(MoneyReader):
    """The finder of the stretches of text that may each describe a project."""

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
