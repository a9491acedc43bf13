"""The reader of a case study's projects: each amount of a unit read in turn (what someone spent, the
total, a contribution), then the shares and the contributors named without an amount; 'the donor'
resolved, a sole funder given the total, and the project drafted with its contributions' kinds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from kg.extract import recognize as rx
from kg.extract.model import CSO_CLASSES, ContributionDraft, ProjectDraft, Unresolved
from kg.extract.money.base import Found, Unit
from kg.extract.money.contributions import Contributions
from kg.extract.money.patterns import CONFIDENCE, DONOR
from kg.extract.money.shares import Shares
from kg.extract.money.totals import Totals
from kg.extract.money.units import ProjectUnits
from kg.extract.text import slug


class Projects(Contributions, Totals, Shares, ProjectUnits):
    """Finds the projects of one case study with their totals and contributions."""

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
