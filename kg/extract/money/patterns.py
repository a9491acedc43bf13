"""The words and patterns money is read by: what sums up, what a thing was worth, a row's end, a name
that may be a body's, a rate, and how sure each way of finding a contribution is (``CONFIDENCE``)."""

from __future__ import annotations

import re

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
