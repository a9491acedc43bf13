"""Who gave an amount: a contributor printed next to it in its clause ('X provided $N', '$N came from X',
'the contribution of X was $N'), in brackets, after a dash, 'respectively', as a row's label, or
the one whose act or work the sentence before names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract import recognize as rx
from kg.extract.money.base import Found, MoneyReader
from kg.extract.money.patterns import (
    AFTER_COLLECTED,
    BY_WORTH,
    CONFIDENCE,
    COST_OF_THE_ACT,
    NAME_OF_A_BODY,
    NOT_A_BODYS_FIRST_WORD,
    OWN_EARNINGS,
    ROW_END,
    THING_WORTH,
    WORTH_OF_THE_ACT,
)


class Contributions(MoneyReader):
    """The readers of the contributor printed beside an amount."""

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
