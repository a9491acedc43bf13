"""Generic patterns of case studies written in the book's style, for ``kg.extract``.

Everything here is about the *form* of the text: section headings, numbered items, amounts
and currencies, funding verbs, kinds of organization and of government body, dates. No name
of an organization or a place is written here; names come from the registries given to the
extractor, or are proposed as new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# --- Lines -----------------------------------------------------------------------------------

HEADINGS = (
    "summary",
    "general information",
    "general data",
    "general comments",
    "background",
    "activity",
    "activities",
    "achievements",
    "key factors",
    "plans for the future",
    "results",
    "history",
    "conclusions",
)
_HEADING = re.compile(r"^(?:{})\b[\w ,]*:?$".format("|".join(HEADINGS)), re.IGNORECASE)
_CONTACT = re.compile(r"^contact information\b", re.IGNORECASE)
_CONTACT_FIELD = re.compile(
    r"^(?:organi[sz]ation|head|chairman|chairperson|director|president|address|adres|tel|phone|fax|e-?mail)\b",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^(?:\d{1,2}(?:[-–]\d{1,2})?\.(?!\d)\s*|[-–•]\s+|(?:19|20)\d\d\s*[-–]\s*)\S")
_NUMBERED = re.compile(r"^\d{1,2}(?:[-–]\d{1,2})?\.(?!\d)\s*\S")


def is_heading(line: str) -> bool:
    """A section heading of a case study (Summary, General Information, Background, Activity …)."""
    text = line.strip()
    return bool(text) and len(text.split()) <= 7 and bool(_HEADING.match(text))


def is_contact(line: str) -> bool:
    """The 'Contact information' line that ends a case study."""
    return bool(_CONTACT.match(line.strip()))


def is_contact_field(line: str) -> bool:
    """A line of the contact block: Organization:, Head:, Chairman:, Address:, Tel. …"""
    return bool(_CONTACT_FIELD.match(line.strip()))


def is_item(line: str) -> bool:
    """The first line of a list item: '1. …', '- …', '• …' or '2004 - …'."""
    return bool(_ITEM.match(line.strip()))


def is_numbered(line: str) -> bool:
    return bool(_NUMBERED.match(line.strip()))


MONTHS_AND_SEASONS = (
    "spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August|September|"
    "October|November|December"
)
# A sentence that begins with a time: "In autumn …", "In 2006 …", "Later …".
TIME_START = re.compile(
    rf"(?:In|From|During|Since|Later|Then)\s+(?:the\s+)?(?:(?:{MONTHS_AND_SEASONS})\b|(?:19|20)\d\d\b)?",
    re.IGNORECASE,
)


def item_year(line: str) -> int | None:
    """The year that starts an item such as '2004 - The project …'."""
    match = re.match(r"^((?:19|20)\d\d)\s*[-–]", line.strip())
    return int(match.group(1)) if match else None


# --- Organizations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of civil society organization as the text names it."""

    pattern: str
    cls: str
    short: str
    long: str


ORG_KINDS = (
    Kind(
        r"VOs?|Village Organi[sz]ations?|Rural Organi[sz]ations?",
        "village-organization",
        "VO",
        "Village Organization",
    ),
    Kind(r"NGOs?|Non-?governmental Organi[sz]ations?", "ngo", "NGO", "NGO"),
    Kind(r"PAs?|Public Associations?", "public-association", "PA", "Public Association"),
    Kind(r"CSSCs?|Civil Society Support Cent(?:re|er)s?", "cssc", "CSSC", "Civil Society Support Centre"),
    Kind(r"WUAs?|Water Users'? Associations?", "cso", "WUA", "Water Users Association"),
    Kind(r"BAs?|Business Associations?", "cso", "BA", "Business Association"),
    Kind(r"Women'?s group", "cso", "Women's group", "Women's group"),
    Kind(r"Society", "society", "Society", "Society"),
    Kind(r"Cent(?:re|er)", "cso", "Centre", "Centre"),
)
# A currency code is no part of a name: "Jamoat X USD 300", "Jamoat Y TJS 900".
CURRENCY_WORD = r"(?:(?:USD|TJS|EUR|RUR|RUB|Somoni|SOMONI)\b|US\$)"
# "Jamoat X of Y rayon": the place after "of" is the larger place, no part of the name.
_NOT_A_LARGER_PLACE = r"(?![A-Z][\w'’-]*\s+(?:rayon|raion|district|oblast|city)\b)"
# A name after a kind word: "Zarnisor", "“BUNYOD”", "1st of May", "Friends of the Valley".
NAME = (
    r"(?:[\"“”'][^\"“”']{2,60}[\"“”']"
    rf"|(?:\d+(?:st|nd|rd|th)\b|(?!{CURRENCY_WORD})[A-Z][\w'’-]*)"
    rf"(?:\s+(?:(?:of|and|de)\s+(?:the\s+)?{_NOT_A_LARGER_PLACE}|the\s+)?"
    rf"(?:\d+(?:st|nd|rd|th)\b|(?!{CURRENCY_WORD})[A-Z][\w'’-]*))*)"
)


def org_kind(text: str) -> tuple[Kind, str] | None:
    """The kind of organization a name starts with, and the rest of the name.

    >>> kind, rest = org_kind("NGO “BUNYOD”"); (kind.cls, rest)
    ('ngo', 'BUNYOD')
    """
    stripped = text.strip().strip(".,:;")
    for kind in ORG_KINDS:
        match = re.match(rf"^(?:{kind.pattern})\b\s*[-–:]?\s*", stripped, re.IGNORECASE)
        if match:
            rest = clean_name(stripped[match.end() :])
            if kind.cls == "cssc" or rest:
                return kind, rest
    return None


def clean_name(text: str) -> str:
    """A printed name without surrounding quotes, a possessive 's, or punctuation.

    >>> clean_name("“Friends of the Valley’s ")
    'Friends of the Valley'
    """
    text = re.sub(r"[\"“”«»]", "", text).strip().strip(".,:;")
    text = re.sub(r"['’]s$", "", text)
    return " ".join(text.split())


# A person with a role, not an organization: 'Chairman of X Oblast Karimov K.R.'
# A person by name: a surname of the region ('-ov', '-ova', '-zoda', '-ev' …) before or after a given
# name, with or without initials ('Ashurova Shodiyona', 'Shodiyona Ashurova', 'Kholov A.K.').
_SURNAME = r"[A-Z][a-z]+(?:ova?|eva?|yeva?|ieva?|zoda|zod|zade|iy|ina)"
# a given name is no word of an organization's kind ('the Ivanov Fund' is a fund)
_GIVEN = (
    r"(?!(?:Fund|Foundation|Centre|Center|Association|Society|Union|Club|Group|Trust|Bank|Institute|Agency|"
    r"Corps|International|Programme|Program|Network|Council|Committee|Company|Enterprise)\b)[A-Z][a-z]+"
)
PERSON = re.compile(
    r"^(?:the\s+)?(?:chairman|chairwoman|chairperson|head|director|deputy|vice|president|mr|mrs|ms|dr|first)\b"
    rf"|^(?-i:{_SURNAME}(?:\s+{_GIVEN}|\s+[A-Z]\.(?:\s?[A-Z]\.)?)|{_GIVEN}\s+{_SURNAME})$",
    re.IGNORECASE,
)


# A role of a person before "of the NGO …": the name that follows may be the person's.
ROLE_OF = re.compile(
    r"\b(?:director|head|chairman|chairwoman|chairperson|leader|coordinator|founder|president|manager|"
    r"accountant|lawyer|trainer|member|deputy)s?\s+of\s+(?:the\s+|this\s+)?$",
    re.IGNORECASE,
)


def display_name(text: str) -> str:
    """'BUNYOD' → 'Bunyod': words of four or more capitals are printed for emphasis, not acronyms.

    >>> display_name("UMED"), display_name("Friends of the Valley"), display_name("TV Safar")
    ('Umed', 'Friends of the Valley', 'TV Safar')
    """
    return " ".join(word.capitalize() if len(word) >= 4 and word.isupper() else word for word in text.split())


def guess_donor_class(name: str) -> str:
    """An organization class for a new donor, from the words of its name."""
    lowered = name.lower()
    if "embassy" in lowered:
        return "embassy"
    if "agency" in lowered:
        return "development-agency"
    if re.search(r"\b(?:union|bank|nations|commission|organization for)\b", lowered):
        return "international-organization"
    return "international-ngo"


# --- Government bodies -----------------------------------------------------------------------

# The rest of a word broken at a line end ("Edu- cation", "Inspec- tion"), to follow a name's word.
BROKEN = r"(?:-\s[a-z][\w'’]*)?"


def join_broken(name: str) -> str:
    """A name with the words broken at line ends joined again.

    >>> join_broken("Ministry of Edu- cation")
    'Ministry of Education'
    """
    return re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "", name)


_GENERIC = (
    "the a an its their this that local regional city rayon raion district oblast area state village "
    "jamoat jamoats khukumat khukumats hukumat hukumats government governmental structure structures "
    "authority authorities body bodies administration administrations organization organisation "
    "representatives of and in management "
    # a kind of body alone names none: "the Commission" with none named before is no new donor
    "commission committee agency embassy ministry inspection department"
)
GENERIC_WORDS = frozenset(_GENERIC.split())


def is_generic(phrase: str) -> bool:
    """True when a phrase names no particular body or place ('the local Khukumat', 'state structures')."""
    words = re.findall(r"[\w'’]+", phrase.lower())
    return bool(words) and all(word in GENERIC_WORDS for word in words)


# Phrases that stand for the state without naming a body.
# "During 2006-2009 it carried out five projects with state bodies and donors": partners in general.
PROJECTS_WITH = re.compile(
    r"\b(?:carried out|implemented|ran|realized|realised)\s+(?:\w+\s+){0,2}projects\s+(?:together\s+)?with\b",
    re.IGNORECASE,
)
# "not registered with any state body", "no state body helped": a body denied or left open is none;
UNNAMED_STATE = re.compile(
    r"(?<!\bany )(?<!\bno )(?<!\bon )(?<!\babout )\b(?:(?:local|regional|governmental|government|state)\s+"
    r"(?:structures?|bodies|body|authorities|government|administration))\b"
    # "a course on local government" is a subject; "with a state body: X, Y and Z" names them next
    r"(?!\s*:)",
    re.IGNORECASE,
)

# --- Money -----------------------------------------------------------------------------------

# A number as printed: thousands set off by a comma, a dot or one space ("4,200", "4.200", "4 200"),
# or a plain number with decimals ("9.5", before "thousand").
_NUMBER = r"\d{1,3}(?:(?:,|\.| )\d{3})+(?![\d,.]\d)|\d+(?:\.\d+)?(?![\d,]\d)"
_THOUSAND = r"(?P<k{n}>\s?(?:thousand|thous\.|ths\.|th\.))?"
_USD_BEFORE = r"(?:US\s?\$|\$|USD|US dollars)"
_USD_AFTER = r"(?:USD|US dollars|dollars|US\$|\$)"
_TJS = r"(?:Somoni|somoni|SOMONI|TJS|somonis|Somonis)"
MONEY = re.compile(
    rf"{_USD_BEFORE}\s?(?P<usd>{_NUMBER}){_THOUSAND.format(n=1)}"
    rf"|(?:TJS|Somoni)\s?(?P<tjs2>{_NUMBER}){_THOUSAND.format(n=2)}"
    rf"|(?P<tjs>{_NUMBER}){_THOUSAND.format(n=3)}\s?{_TJS}\b"
    rf"|(?P<usd2>{_NUMBER}){_THOUSAND.format(n=4)}\s?{_USD_AFTER}(?![\w])"
)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    start: int
    end: int


def parse_number(printed: str, thousand: bool = False) -> Decimal:
    """A printed number as a plain one: a dot before exactly three digits separates thousands.

    >>> parse_number("4.200"), parse_number("9.5", thousand=True), parse_number("23 500")
    (Decimal('4200'), Decimal('9500'), Decimal('23500'))
    """
    digits = re.sub(r"[ ,]", "", printed)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")
    amount = Decimal(digits) * (1000 if thousand else 1)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def find_money(text: str, start: int = 0, end: int | None = None) -> list[Money]:
    """Amounts with their currency, in every printed form.

    >>> [(m.amount, m.currency) for m in find_money("cost $11,657 and 1 218 Somoni")]
    [(Decimal('11657'), 'USD'), (Decimal('1218'), 'TJS')]
    >>> [str(m.amount) for m in find_money("USD 2,000, $3.5 thousand, 12 thousand somoni, US$4.200")]
    ['2000', '3500', '12000', '4200']
    """
    found = []
    for match in MONEY.finditer(text, start, len(text) if end is None else end):
        groups = match.groupdict()
        name = next(g for g in ("usd", "tjs2", "tjs", "usd2") if groups[g])
        number = {"usd": 1, "tjs2": 2, "tjs": 3, "usd2": 4}[name]
        currency = "TJS" if name.startswith("tjs") else "USD"
        amount = parse_number(groups[name], bool(groups[f"k{number}"]))
        found.append(Money(amount, currency, match.start(), match.end()))
    return found


# A row of a table whose amounts print no currency: a label, then the number at the line's end (after
# two spaces), maybe the currency in brackets: "   UNDP          1,500", "Total  1,800 (USD)".
TABLE_ROW = re.compile(
    r"^[ \t]*(?P<label>[^\s\d$.][^\n.]*?)[ \t]{2,}"
    r"(?P<number>\d{1,3}(?:[,. ]\d{3})+|\d+)(?:[ \t]*\(?(?P<currency>USD|TJS|US\$|\$|[Ss]omoni)\)?)?[ \t]*$"
)
# The currency a table's heading or rows name: "Sources (USD):", "Amount, somoni".
TABLE_CURRENCY = re.compile(r"(?:\b(?:USD|US\$|dollars|TJS|[Ss]omoni)\b|\$)")


def currency_of(printed: str) -> str:
    """'USD' or 'TJS' for a printed currency word."""
    return "TJS" if re.match(r"(?i)tjs|somoni", printed) else "USD"


TOTAL = re.compile(
    r"\b(?:total (?:sum|cost|amount|budget|value)|general expenditure|overall (?:cost|sum)|project cost|"
    r"cost of the project|budget of the project|project (?:was|is) worth|in the (?:total )?(?:sum|amount)|"
    r"for (?:a |the )?(?:total )?sum|for the amount|"
    r"(?:micro-?)?credits? (?:distributed|given|issued) (?:was|were)|"
    r"(?:the project|it) cost)\b",
    re.IGNORECASE,
)

# Words of a project in a run of sentences with a cost and no payer.
PROJECT_WORDS = re.compile(
    r"\b(?:project|programme|program|construction|repair|rehabilitation|works|training|courses?|campaign|"
    r"grant|implemented|built|constructed)\b",
    re.IGNORECASE,
)
# A project's total: the amount follows a word of cost with no verb of giving between them
# ("cost $N", "the total budget of $N", "Total $N", "the fund amounted to $N"), or is followed by
# "spent".
TOTAL_BEFORE = re.compile(
    r"\b(?:cost|costs|costing|budget|total|in total|altogether|amounted to|came to|sum of the project|"
    r"(?:needed|required)(?!\s*(?:them|it|him|her|by|for|to)\b)|"
    r"(?:fund|project|programme) (?:started|began) with|(?:project|programme|works)\s*,?\s+worth|"
    # "the repair was estimated at $N": the cost of the works, not the worth of someone's labour
    r"(?:repair|repairs|construction|rehabilitation|renovation|reconstruction|project|programme|works|"
    r"installation|(?:whole|entire|total)\s+work)\s+(?:was|were|is|are|had been)\s+"
    r"(?:estimated|valued|budgeted|costed|assessed)\s+at)\b"
    r"(?:(?!\b(?:paid|gave|provided|allocated|contributed|covered|added|granted|from|by|for)\b)"
    r"[^,;$\d])*?"
    r"(?:was|were|is|of|amounted to|made up|reached|:|-|–)?\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# "Of the $N the fair cost, …", "Out of the $N budget …": the whole a sentence then shares out.
WHOLE_BEFORE = re.compile(
    r"\b(?:of|out of)\s+(?:the|its|their|this)\s+(?:US\$|\$|USD|TJS)?\s*$", re.IGNORECASE
)
WHOLE_AFTER = re.compile(
    r"\s*(?:(?:that|which)\s+)?(?:(?:the|this|its|their)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+"
    r"(?:cost|costs|needed|required|came to)|budget|total|cost|spent|needed|required)\b"
    # "Of the $N, $M came from X": the parts follow at once
    r"|\s*,(?=\s*(?:US\$|\$|USD|TJS|\d))",
    re.IGNORECASE,
)
# "the members' donations came to $N", "self-financing by the NGO amounted to $N": what a body gave, no total.
GIFT_CAME_TO = re.compile(
    r"\b(?:donations?|contributions?|share|dues|fees|gifts?|input|self-financing|co-financing|own funds|"
    r"grants?)\b"
    r"[^;:.]{0,30}\b(?:came to|amounted to|totalled|totaled|reached|ran to)\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# "X covered the remaining costs ($N)": the costs a body bore are its amount, not the total.
COVERED_COSTS = re.compile(
    r"\b(?:covered|paid|met|bore|took on|took over|financed|funded|shouldered)\s+(?:the\s+|all\s+the\s+)?"
    r"(?:remaining\s+|other\s+|rest\s+of\s+the\s+|whole\s+|running\s+)?(?:costs?|expenses|bill)\s*[(:,–-]?\s*"
    r"(?:of\s+)?(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
TOTAL_AFTER = re.compile(
    r"\s*(?:(?:were |was )?(?:spent|in total|in all)|(?:was|were|is) the (?:total |whole |full )?cost"
    # "$N was needed", "the $N project"
    r"|(?:was|were) (?:needed|required)|(?:project|programme|program)(?!['’]s))\b",
    re.IGNORECASE,
)
# "The sum needed, $N, was raised from …": what the work needed is its total.
TOTAL_NEEDED = re.compile(
    r"\b(?:sum|amount|money|funds?)\s+(?:needed|required)\s*[,:–-]?\s*(?:US\$|\$|USD|TJS)?\s*$", re.IGNORECASE
)
# "the farmers paid $N in all": a subject's verb of giving before the amount makes it no total.
GIVEN_BEFORE = re.compile(
    r"\b(?:paid|gave|contributed|collected|raised|donated|added|put in)\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)

# "X bought tools and paid a teacher, $N altogether": the amount after a comma sums up what the
# clause's subject gave, it is no project's total.
GIVEN_IN_CLAUSE = re.compile(
    r"\b(?:paid|gave|contributed|donated|bought|purchased|covered|provided|spent|supplied|allocated)\b"
    r"[^;.$\d]*,\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)

# "X paid for the stoves and the heating costs – $N": the costs are what the subject paid, no total;
# "the labour of the parents on the works was valued at $N": the worth of the labour, no total.
PAID_COSTS = re.compile(
    r"\b(?:paid|covered|financed|funded|met|bore|took over)\b(?![^;.$\d]*\b(?:total|whole|all)\b)"
    r"[^;.$\d]*\bcosts\b[^;.$\d]{0,12}$"
    r"|\b(?<!whole )(?<!entire )(?<!total )(?:labou?r|work|hashar|time)\b[^;.$\d]{0,60}\b(?:was|were)\s+"
    r"(?:estimated|valued|assessed)\s+at\s*"
    r"(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)

# A total or a price before an amount: the amount is not a contribution.
TOTAL_CUE = re.compile(
    r"\b(?:total|in all|altogether|overall|budget|costs?|cost of|worth of the project|sum of the project)\b"
    r"(?![^,;]{0,40}\b(?:contribut|paid|gave|provided|allocated|covered|added|granted)\w*)[^,;]{0,60}$",
    re.IGNORECASE,
)
NOT_A_CONTRIBUTION = re.compile(
    r"\b(?:fee|(?<!membership )(?<!entrance )fees|pension|"
    r"(?<!took over the )(?<!paid the )(?<!covered the )(?:salary|salaries) of|"
    r"price|trip|ticket|per month|a month|per year|each month|"
    r"earn\w*|income|profit|loan of|credits? of|"
    # what was sold, and for how much, is the seller's income, nobody's gift
    r"sold|sells?|sales|revenue|turnover|"
    # what a fund grew to or what a programme holds is no one's gift
    r"(?:grown|grew|risen|rose|increased|reached) to|(?:which|that) (?:has|had|holds))\b[^,;]{0,40}$",
    re.IGNORECASE,
)
# After an amount: a price per unit ("3 somoni a kilo", "$40 per hectare"), no sum given or spent.
PER_UNIT = re.compile(
    r"\s*(?:a|an|per|for a|for one|for each)\s+(?:kilo|kilogram|kg|gram|tonne|ton|litre|liter|metre|meter|"
    r"square metre|cubic metre|hectare|ha|piece|unit|bag|sack|box|hour|day|week|month|year|head|seedling|"
    r"hive)s?\b",
    re.IGNORECASE,
)
# Before an amount in its clause: money planned, set aside or to come, not yet given.
PLANNED = re.compile(
    # money asked for is not money given: "applied to X for $N", "asked the Khukumat for $N"
    r"\b(?:applied|applies|asked|asks|appealed|requested|requests|sought|seeks|"
    r"set aside|earmark(?:ed|s)?|foresees?|foreseen|plans?(?: to)?|planned|will|shall|intends? to|"
    r"is to|are to|is going to|are going to)\b[^,;.]{0,60}$",
    re.IGNORECASE,
)
# "half of the $N", "a third of its $N", "80% of the $N": the amount is the whole, not the part given.
PART_OF = re.compile(
    r"\b(?:half|a third|one third|two thirds|a quarter|one quarter|three quarters|\d{1,3}\s?%)\s+of\s+"
    r"(?:the|its|their|this|that)?\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
# A passive verb and its agent: "was paid by", "were bought by".
PASSIVE_BY = re.compile(
    r"\b(?:was|were|is|are)\s+(?:\w+ly\s+)?(?:\w+ed|paid|given|met|borne|spent|lent|bought)\s+by\b"
)
# A sentence that shares a total out: "covered 30% of the cost", "the remaining 50% was a grant".
SHARE_CUE = re.compile(
    r"\b(?:covered|paid|gave|financed|funded|contributed|grant|provided|allocated|shares?|remaining|the rest|"
    r"came from|bore|borne|met|took on|shouldered|carried|assumed|took over|put in|added)\b",
    re.IGNORECASE,
)
# A clause that tells a gift of its own.
GAVE_IN = re.compile(
    r"\b(?:came|gave|paid|provided|granted|donated|allocated|put in|contributed|covered|financed|funded)\b",
    re.IGNORECASE,
)
# "Shares: X – 70 %; Y – 30 %": a sentence that lists the shares of a total speaks of money.
SHARES_LISTED = re.compile(r"\b(?:shares?|split|divided)\b\s*:?[^.]{0,80}?\d{1,3}\s?%", re.IGNORECASE)
# "27% of women …": a share of people, not of money.
SHARE_OF_PEOPLE = re.compile(
    r"\s*of\s+(?!(?:the|its|this|that|these|those|their)\s+(?:(?:whole|full|total|same)\s+)?"
    r"(?:cost|costs|total|sum|budget|project|expenses|works|amount|funds|money|bill|price)\b"
    # "X covered 60% of it": of the sum just printed
    r"|it\b|this\s*[,;.]|that\s*[,;.])",
    re.IGNORECASE,
)
# After an amount: the body it came from or was given by.
SOURCE_AFTER = re.compile(
    r"\b(?:from|by|grant of|contribution of|funds of|money of|share of|"
    # "the last 15% was the unpaid work of the parents"
    r"(?:unpaid\s+|voluntary\s+)?(?:work|labou?r) of)\s+(?=(?:the\s+)?[A-Z\w])",
    re.IGNORECASE,
)


# A sentence that opens with the amount of a grant or a price ("The grant came to $N", "Its price,
# $N, included …"), and the sentence before it whose subject gave or bought the thing.
AMOUNT_OF_THE_ACT = re.compile(
    r"\s*(?:(?:the|this|its|their)\s+(?:[\w-]+['’]s\s+)?(?:grant|donation|price|bill|invoice|outlay|contribution|"
    r"support|help|assistance|aid|gift|input|funding|sponsorship|share|part)\s*"
    r"(?:,|came to|amounted to|ran to|reached|was|were|totalled|of|was worth|were worth|was valued at|"
    r"were valued at|was estimated at|were estimated at)?"
    # "In money this came to $N", "All this was worth $N": what the sentence before told, in money
    r"|(?:in (?:money|cash|value|monetary terms),?\s+)?(?:all\s+)?(?:this|that)\s+"
    r"(?:came to|amounted to|ran to|was worth|were worth|was valued at|totalled))"
    r"\s*(?:US\$|\$|USD|TJS)?\s*$",
    re.IGNORECASE,
)
ACT_BEFORE = re.compile(
    r"\s*(?P<who>[^,;.]{2,80}?)\s+(?:supported|financed|funded|sponsored|granted|donated|bought|purchased|"
    r"took on|took over|paid for|covered|supplied|provided|delivered|gave)\b"
)
# "The desks were paid for by X. Its donation was $N": the agent of the passive verb before.
PASSIVE_ACT = re.compile(
    r"[^.;]*?\b(?:was|were)\s+(?:\w+ly\s+)?(?:paid(?:\s+for)?|financed|funded|sponsored|bought|purchased|"
    r"covered|supported|supplied|donated|provided|granted)\s+by\s+"
)
# "X taught the nurses. Its part amounted to $N": a share of its own tells whose it is, whatever
# the sentence before says the subject did.
ITS_SHARE = re.compile(r"\s*(?:its|their)\s+(?:share|part|contribution|input)\b", re.IGNORECASE)
ACT_OF_ANY_KIND = re.compile(
    r"\s*(?P<who>[^,;.]{2,80}?)\s+(?:[a-z]+ed|[a-z]+t|gave|ran|took|made|built|sent|bought)\b"
)


# Words before a noun phrase that make it an object, not the subject that gives.
_NOT_SUBJECT = re.compile(
    r"(?:\b(?:to|for|of|in|with|at|on|into|by|from|gave|give|gives|provided|handed|paid|allocated|"
    r"supported|trained|helped|told|offered|between|among|under|over)|['’]s)\s*$",
    re.IGNORECASE,
)


def phrase_starts(text: str) -> list[int]:
    """Where the subject of a clause may start, the nearest to its end first: each 'the …' or
    capitalised word that no preposition or verb of giving governs, and the clause's start.

    >>> phrase_starts("- GIZ gave the group")
    [2]
    >>> phrase_starts("the committee and the association covered")
    [18, 0]
    """
    starts = [len(text) - len(text.lstrip(" -–•,:"))]
    starts += [m.start() for m in re.finditer(r"(?<![\w'’-])(?:the\s+|[A-Z])", text)]
    # "gave the NGO a plot": a name after a determiner is governed as the determiner is
    starts = sorted(
        {s for s in starts if not _NOT_SUBJECT.search(re.sub(r"\b(?:the|a|an|its|their)\s+$", "", text[:s]))},
        reverse=True,
    )
    # a capitalised word inside a name of several words is not a start of its own
    return [s for s in starts if not re.search(r"[A-Z][\w'’-]*\s+(?:the\s+|of\s+)?$", text[:s])]


# Contributions around an amount. ``who`` is the contributor as printed.
CONTRIBUTION_OF = re.compile(
    r"contribution (?:of|from) (?P<who>[^$;]{1,80}?)\s*"
    r"(?:was|is|being|makes|made|amounted to|equalled|equals|"
    r"totalled|of|[-–:=])?\s*$"
    # "own money of the association, N TJS", "savings of the members – $N"
    r"|\b(?:own\s+)?(?:funds|money|savings|grant|donation) of "
    r"(?P<owner>(?:the\s+)?[^$;,]{1,60}?)\s*[,:–-]?\s*$",
    re.IGNORECASE,
)
OWN_CONTRIBUTION = re.compile(
    r"(?:^|\b(?:which|whom|where|and|,)\s+)(?P<who>(?:the\s+)?[\w'’]+(?:\s+[\w'’]+)?)\s+contribution\s+"
    r"(?:was|is|being|makes|of|[-–:])\s*$",
    re.IGNORECASE,
)
BY_FOR = re.compile(
    r"\b(?:financed|funded|sponsored|supported|given|provided|granted|allocated|received|paid(?: for)?|"
    # "the pumps were purchased by X for $N"
    r"bought|purchased|supplied|delivered|donated|covered)\s+"
    r"(?:by|from)\s+(?P<who>[^$;:]{1,80}?)"
    r"(?:\s+(?:in the amount of|in the sum of|for|of|amounting to|totalling|with)|\s*[:–-]|,)\s*$",
    re.IGNORECASE,
)
AGENT_VERB = re.compile(
    r"(?P<verb>\b(?:provided|allocated|contributed|spent|gave|granted|paid|invested|donated|disbursed|"
    # "with the NGO adding $N"
    r"adding|contributing|paying|giving|providing|putting in|chipping in|"
    r"transferred|put in|financed|finan-\s?ced|funded|sponsored|covered|added|collected|raised)\b)\s*"
    r"(?:(?:the|this|its|their|a|an)\s+[a-z]+(?:\s+[a-z]+)?\s+(?=in the amount of|in the sum of|with|worth)"
    # "financed a point for migrants in the amount of $N": the object is between verb and amount
    # (the object may be a list: "paid for tents, stoves and lamps in the amount of $N")
    r"|(?:for\s+)?(?:[^,;.$\d]|,(?!\s*(?:and|while|whereas|but)\b)(?!\s*(?:the\s+)?(?-i:[A-Z]))){1,80}?"
    r"\s+(?=in the amount of|in the sum of))?"
    r"(?:in the amount of |in the sum of |with |worth |a grant of |a loan of |micro-?credits? of |funds of |"
    r"the sum of "
    # "paid the remaining $N", "covered the rest, $N", "added the balance of $N"
    r"|(?:the\s+)?(?:remaining|rest|balance|missing|outstanding)(?:\s+(?:sum|amount|part|money|share))?"
    r"(?:\s+of|\s*[,:])?\s*(?:US\$|\$|USD|TJS)?\s*)?$",
    re.IGNORECASE,
)
# A verb of giving, its receiver and the amount: "granted the NGO $N", "gave the school 900 somoni".
GIVEN_TO = re.compile(
    r"(?P<verb>\b(?:gave|granted|allocated|awarded|transferred|lent|paid|sent|offered|donated)\b)\s+"
    r"(?P<to>(?:the|its|their|our)\s+[\w'’-]+(?:\s+[\w'’-]+){0,4}?|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
    r"\s*(?:US\$|\$|USD|TJS)?\s*$"
)
AFTER_FROM = re.compile(
    r"^\s*(?:(?:apiece|each)\s+)?"
    r"(?:(?:came |was received |were received |was given |were given |was provided |was allocated )?from"
    # "$N came out of the NGO's own funds", "$N was taken from its savings"
    r"|(?:came|come|was taken|were taken|was drawn|were drawn|was paid|were paid)\s+(?:out of|from))\s+",
    re.IGNORECASE,
)
# "$N of the UNDP grant", "$N out of the Khukumat's funds": the money of the body that gave it.
OF_THE_GRANT = re.compile(
    r"^\s*(?:of|from|out of)\s+(?:the\s+|a\s+)?(?P<who>[^,;.()$]{1,60}?)(?:['’]s?)?\s+"
    r"(?:grant|funds|money|donation|contribution)\b",
    re.IGNORECASE,
)
AFTER_CONTRIBUTION = re.compile(
    r"^\s*(?:(?:was|is|were) the contribution (?:of|from)\s+"
    # "$N was the NGO's own money", "$N were UNDP's share", "and $N the NGO's own money": the owner's
    r"|(?:(?:was|is|were)\s+|(?=the\s))(?=(?:the\s+)?[\w'’ -]{1,40}?['’]s?\s+(?:own\s+)?"
    r"(?:contribution|money|funds?|share|part|input|savings|grant|donation)\b))",
    re.IGNORECASE,
)
# "$N was provided by X", "$N for small loans was provided by X", ", in the amount of $N, were
# supplied by X": the agent of a passive verb after the amount (past a short "for …" phrase).
AFTER_BY = re.compile(
    r"^\s*,?\s*(?:(?:apiece|each)\s+)?(?:for\s+[^,;.$\d]{1,40}?\s+)?"
    r"(?:was|were) (?:provided|allocated|contributed|given|paid|"
    r"granted|financed|funded|donated|supplied|delivered|handed over|covered|met) by\s+",
    re.IGNORECASE,
)
PERCENT_FUNDED = re.compile(
    r"(?P<pct>\d{1,3})\s?% of the (?:project|cost|total|sum)\w*[^.;$]{0,30}?\b(?:was |were )?"
    r"(?:funded|financed|paid|covered|provided) by\s+",
    re.IGNORECASE,
)

# Funding statements without an amount. The contributor follows (BY) or precedes (AGENT) the cue.
FUNDING_BY = re.compile(
    r"\b(?:(?:co-?)?financed|funded|sponsored|supported|granted|donated|(?:was |were )?given|"
    r"provided|allocated|(?:(?:fully|entirely|wholly) )?covered|"
    r"(?:(?:wholly|fully|completely|entirely) )?paid(?: for)?(?: (?:wholly|fully|completely|entirely))?)"
    # "financed entirely by X", "funded jointly by X and Y"
    r"(?:\s+(?:wholly|fully|completely|entirely|partly|partially|jointly|mainly|mostly))?"
    r"\s+(?:by|from)\s+"
    r"|\b(?:financial support|support|grants?|funding|funds|financing|credits?|micro-?credits?|loans?|money|"
    r"donations?|contributions?) from\s+"
    r"|\b(?:(?:a |the )?grant|contribution) of\s+(?=(?:the\s+)?[A-Z])",
    re.IGNORECASE,
)
# A FUNDING_BY cue that says support and not money: the contributor supports, it does not fund.
SUPPORT_ONLY = re.compile(r"(?:supported|support)\s+(?:by|from)\b", re.IGNORECASE)
FUNDING_AGENT = re.compile(
    r"\b(?:financed|funded|sponsored|allocated|provided|granted|donated|paid|"
    r"(?:met|covered|bore) the costs?)\b"
    r"(?!\s+(?:by|from|to|with|for|assistance|support|help|information|consultations?|services|training)\b)",
    re.IGNORECASE,
)
THROUGH = re.compile(r"\bfinanc\w*\s+(?:it\s+|this\s+|the project\s+)?through\s+", re.IGNORECASE)

# Words that end a contributor's phrase.
PHRASE_END = re.compile(
    r"[.,;:!?]|\s(?:and|for|to|as|including|which|who|that|with|because|so|but|while|in order|during|"
    r"after|before|through|at|on|was|were|is|are|has|have|had|came)\s"
    # an amount after the name: "X $1,150" in a row of a table of sources
    r"|\s(?=(?:US\$|\$|USD|TJS)\s?\d|\d{1,3}(?:[,.]\d{3})+(?!\d))",
    re.IGNORECASE,
)


def phrase_end(text: str, start: int, limit: int = 90) -> int:
    """Where a noun phrase that starts at ``start`` ends: at punctuation or a joining word.

    A parenthesis is kept whole: 'the donor (RWSP)'.
    """
    end = min(len(text), start + limit)
    depth = 0
    position = start
    while position < end:
        ch = text[position]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = PHRASE_END.match(text, position)
            if match:
                return position
        position += 1
    return end


KIND_OF_HELP = re.compile(r"\b(?:credit|micro-?credit|loan)s?\b", re.IGNORECASE)
IN_KIND = re.compile(
    r"\b(?:place|land|plot|equipment|computers?|furniture|fire ?wood|beds|materials|premises|building)\b",
    re.IGNORECASE,
)
LABOUR = re.compile(
    # "the International Labour Organization", "labour migration": no work given
    r"(?<!of )(?<!of the )\blabou?r\b(?! and)(?!\s+(?:Organi[sz]ation|Office|market|migra\w*|law|code)\b)"
    r"|\b(?:own|their) (?:work|hands)\b|\bhashar\b"
    r"|\b(?:valued|estimated|put)\s+(?:their|its|his|her|the)\s+(?:time|work|labou?r)\b"
    r"|\b(?:worked|volunteered|taught|hours|man-days|person-days)\b[^,;.$]{0,40}"
    r"\b(?:valued|estimated|put at|worth)\b"
    r"|\bwork\b[^,;.$]{0,40}\b(?:valued|estimated|put at)\b|\bby hand\b|\bspent \d+ (?:days|hours)\b",
    re.IGNORECASE,
)
# "Khukumat of X (a plot and bricks)": a bracket after the giver that names goods.
BRACKET_GOODS = re.compile(
    r"\([^()$\d]{0,40}\b(?:plot|land|bricks|materials?|equipment|premises|building|timber|cement|tools|"
    r"machines?|seeds?|furniture|transport|vehicles?|goods)\b[^()$\d]{0,40}\)",
    re.IGNORECASE,
)
# Kinds of a contribution with an amount: things valued in money, or money paid.
VALUED = re.compile(r"\b(?:worth|valued at|value of|in kind|free of charge)\b", re.IGNORECASE)
GOODS = re.compile(
    r"\b(?:bought|supplied|gave|provided|donated|delivered|handed over)\b[^,;$]{0,60}?"
    r"\b(?:equipment|materials?|machines?|computers?|furniture|medicines?|food|flour|oil|seeds?|fertili[sz]ers?|cement|timber|slate|"
    r"glass|pipes?|containers?|trucks?|tractors?|transformer|antenna|books|textbooks|stationery|tools|"
    r"room|rooms|premises|building|land|hall)\b",
    re.IGNORECASE,
)
# "Equipment and medicines, in the amount of $N, were supplied by X": goods named before a passive verb.
PASSIVE_GOODS = re.compile(
    r"\b(?:equipment|materials?|machines?|computers?|furniture|medicines?|food|flour|seeds?|tools|books|"
    r"timber|cement|bricks|pipes|devices)\b"
    r"[^;]{0,80}?\b(?:was|were)\s+(?:supplied|delivered|donated|handed over|purchased|bought)\s+by\b",
    re.IGNORECASE,
)
CASH = re.compile(
    r"\b(?:paid|pays|pay|paying|cash|financial(?:ly)?|membership fees|entrance fees|(?:membership )?dues|"
    r"collected|"
    r"among themselves|(?:its|their|own) (?:[a-z]+ )?(?:budget|funds?|expense|savings|reserve(?: fund)?)|"
    r"reserve fund|"
    r"(?:rayon|district|city|jamoat|oblast|state|local) budget|at (?:its|their) own expense|own savings|"
    r"salary|salaries|wages)\b",
    re.IGNORECASE,
)

# --- Founding and registration ---------------------------------------------------------------

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = (
    rf"\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|(?:spring|summer|autumn|winter)\s+(?:of\s+)?\d{{4}}"
    rf"|(?:{MONTHS})\s+\d{{4}}|(?:19|20)\d\d"
)
FOUNDING = r"(?:created|formed|established|founded|set up|started|came together)"
FOUNDED_AFTER = re.compile(
    rf"\b{FOUNDING}\b(?P<middle>[^.]{{0,140}}?)\b(?:on|in)\s+(?:the\s+)?(?P<date>{DATE})\b"
)
FOUNDED_BEFORE = re.compile(rf"\bIn\s+(?P<date>{DATE})\b[^.]{{0,100}}?\b(?:was|were)\s+{FOUNDING}\b")
# The organization as the object of a registrar's verb: "registered it", "registered the NGO".
_THE_ORG = r"(?:it|them|the (?:NGO|organi[sz]ation|association|centre|center|group|PA|VO))"
NOT_REGISTERED = re.compile(
    r"\b(?:(?:is not|was not|is never|was never|has not been|have not been|has never been) "
    r"(?:officially )?registered|"
    r"(?:has|have|had) no (?:state |official |legal )?regis-?\s?tra-?\s?tion|"
    r"not a legal entity|no legal status|"
    r"(?:has|have|had) (?:never|not) (?:yet )?applied for (?:state |official )?regis-?\s?tra-?\s?tion|"
    r"unregistered|informal group)\b",
    re.IGNORECASE,
)
# A registration in other words: "registration certificate was issued by … on 03.10.2001 (# 1147)",
# "Registration: Ministry of …, 27.12.2000, # 411", "received state registration … on …".
# "its certificate (# 0733) from the Ministry … is dated 14.06.2000": a certificate dated is one too.
REGISTRATION = re.compile(
    r"\b(?:regis-?\s?(?:tration|tered)\b(?:[^.]|(?<=No)\.){0,160}?|certificate\b[^.]{0,120}?\b(?:is\s+|was\s+)?dated\s+"
    r"(?:from\s+)?)\b(?P<date>\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?:[\s,(]*(?:#|No\.?|number)\s*(?P<number>\d[\w/-]*))?",
    re.IGNORECASE,
)
REGISTERED = re.compile(
    # "was registered", "was officially registered", "registered with the Ministry" (it itself)
    rf"\b(?:(?:was|is|been)\s+(?:officially\s+|formally\s+|legally\s+)?registered|registered\s+with\b"
    r"|(?:was|is|been) entered in the (?:state )?regist(?:er|ry)"
    # "it received state registration in May 2005", "got its official registration on …"
    r"|(?:received|got|obtained|was granted|gained)\s+(?:its\s+)?(?:state\s+|official\s+|legal\s+)?"
    r"registration"
    # the registrar as the subject: "the Ministry registered it", "entered the NGO in the state register"
    rf"|registered {_THE_ORG}"
    r"|(?:entered|included|put) (?:it|them|the \w+) (?:in|into|on) the (?:state |official )?"
    r"regist(?:er|ry))\b"
    rf"(?P<middle>(?:[^.]|(?<=No)\.){{0,100}}?)(?:\bon\s+|\bin\s+|\bsince\s+)(?P<date>{DATE})"
    r"(?:(?:[\s,(]*(?:under\s+)?(?:certificate\s+)?(?:#|No\.?|number)\s*"
    # its number in the next sentence: "… registered it on 01.02.2003. The certificate number is 55."
    r"|\.\s+(?:The|Its)\s+(?:registration\s+)?(?:certificate|registration)\s+(?:number\s+)?(?:is|was)\s+"
    r"(?:#\s*|No\.?\s*)?(?=\d))(?P<number>[\w/-]+))?"
)
# "In October 2002 it was registered by the Ministry … (certificate # 0644)": the date first.
REGISTERED_AFTER_DATE = re.compile(
    rf"\b(?:In|On)\s+(?P<date>{DATE}),?\s+(?:(?:it|the \w+|\w+)\s+(?:was|were)\s+registered"
    # "On <date> the Ministry … registered the NGO": the registrar as the subject
    rf"|[^.]{{0,80}}?\bregistered {_THE_ORG})\b"
    r"(?P<middle>[^.]{0,100}?)"
    r"(?:[\s,(]*(?:certificate\s+)?(?:#|No\.?|number)\s*(?P<number>\d[\w/-]*))?"
)
# The number of a registration printed anywhere in its sentence: "certificate # 0917, which …".
REGISTRATION_NUMBER = re.compile(r"(?:#|No\.|number)\s*(?P<number>\d[\w/-]*)")
HELPED = re.compile(
    r"\b(?:assistance|help|initiative|support) of\b|\b(?:created|formed|established|founded) by\b|"
    r"\bthrough the assistance\b",
    re.IGNORECASE,
)
LOCATED = re.compile(r"\b(?:located|situated|based)\b", re.IGNORECASE)

# --- Heads of organizations (name and role only) ---------------------------------------------

HEAD = re.compile(
    r"^(?P<role>Head|Chairman|Chairperson|Director|President|Coordinator)(?: of [^:–-]{1,40}?)?\s*[:–-]\s*"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*(?:\((?P<title>[^)]+)\))?\s*$"
)

# --- Places ----------------------------------------------------------------------------------

# "the Jamoats of A, B and C": one Jamoat per name (written small, "jamoats" speaks of jamoats in general)
JAMOAT_LIST = re.compile(
    r"\bJamoats\s+(?:of\s+)?(?P<names>[A-Z][\w'’-]+(?:\s*,\s*[A-Z][\w'’-]+)*,?\s+and\s+[A-Z][\w'’-]+)"
    r"(?![\w'’-]|\s+(?:rayons?|raions?|districts?|cities|city|oblasts?)\b)"
)
PLACE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("jamoat", re.compile(rf"\bJamoat\s+(?P<name>{NAME})")),
    ("jamoat", re.compile(r"\b(?P<name>[A-Z][\w'’-]+)\s+[Jj]amoat\b")),
    ("rayon", re.compile(r"\b(?P<name>[A-Z][\w'’-]+)\s+(?:rayon|raion|district)\b")),
    ("oblast", re.compile(r"\b(?P<name>[A-Z][\w'’-]+)\s+[Oo]blast\b")),
    ("village", re.compile(rf"\b(?:[Vv]illage|kishlak|[Kk]ishlak)\s+(?:of\s+)?(?P<name>{NAME})")),
    ("village", re.compile(r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:[Vv]illage|kishlak)\b")),
    ("makhalla", re.compile(rf"\b(?:[Mm]akhalla|[Mm]ahalla)\s+(?:of\s+)?(?P<name>{NAME})")),
    ("city", re.compile(rf"\bcity of\s+(?P<name>{NAME})")),
    ("city", re.compile(r"\b(?P<name>[A-Z][\w'’-]+)\s+city\b")),  # "the Sarband city library"
)
# A people's name and its country: "the German contribution" is that of the donor of Germany named before.
DEMONYMS = {
    "german": "germany",
    "japanese": "japan",
    "swiss": "switzerland",
    "american": "united states",
    "british": "united kingdom",
    "french": "france",
    "dutch": "netherlands",
    "norwegian": "norway",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "korean": "korea",
    "chinese": "china",
    "turkish": "turkey",
    "russian": "russia",
    "canadian": "canada",
    "austrian": "austria",
    "italian": "italy",
    "european": "european union",
}
_NOT_NAMES = (
    "the this that its their a an of in and or all each every one two three four five local new old "
    "rural international national republic before after since until during when while then today now "
    "later also however they we he she it"
)
# a people's name is no body's ("the German contribution", "a Japanese grant")
NOT_A_NAME = frozenset(_NOT_NAMES.split()) | DEMONYMS.keys()

# A name that is an organization's even when no registry knows it: an acronym or an organization word.
LOOKS_LIKE_BODY = re.compile(
    r"^(?:the\s+)?(?:[A-Z]{2,}\b|[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*\s+"
    r"(?:Foundation|Fund|Agency|Bank|Aid|International|Programme|Program|Organi[sz]ation|Embassy|Mission|"
    r"Union|Trust|Council|Institute|Corps|Cooperation|Service)\b)"
)
