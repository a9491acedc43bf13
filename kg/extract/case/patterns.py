"""The words a case study's text uses for the organization it is about, for the donor, for the villagers
and for state bodies named earlier; read by the resolution of a printed contributor.
"""

from __future__ import annotations

import re

# How the text refers to the organization it is about, to the donor and to the villagers.
DETERMINERS = frozenset(("the", "a", "its", "their", "this"))
MAIN_WORDS = frozenset(
    (
        "vo",
        "cso",
        "ngo",
        "pa",
        "organization",
        "organisation",
        "centre",
        "center",
        "cssc",
        "village organization",
        "rural organization",
        "public association",
        "association",
        "wua",
        "ba",
        "group",
        "women's group",
    )
)
# Head nouns of a phrase that points back to a body named earlier: "the committee", "the Bank".
_HEADS = (
    "committee bank fund foundation agency department ministry hospital library office centre center "
    "commission academy court ombudsman "
    "union programme program mission embassy khukumat jamoat inspection service "
    # state institutions: "the lyceum", "the station" after "lyceum No. 5", "the rayon veterinary station"
    "school lyceum gymnasium college kindergarten polyclinic clinic station inspectorate directorate "
    "division branch archive"
)
COREFERENCE_HEADS = frozenset(_HEADS.split())
DONOR_WORDS = frozenset(("donor", "donors", "sponsor"))
COMMUNITY_WORDS = frozenset(
    (
        "population",
        "villagers",
        "community",
        "inhabitants",
        "residents",
        "households",
        "parents",
        "people",
        "farmers",
        "traders",
        "pupils",
        "students",
        "mothers",
        "families",
        "sellers",
        "dekhkans",
        # people of the place by sex, age or trade ("the women themselves", "masters (labour)"); the
        # women of a women's group and the members are the organization's own (``_own_people``)
        "women",
        "men",
        "youth",
        "masters",
        "craftsmen",
        "artisans",
        "herders",
        "shepherds",
        "beekeepers",
        "fishermen",
        "elders",
        "neighbours",
        "neighbors",
        "beneficiaries",
        "trainees",
        "participants",
        "learners",
        "fathers",
        "grandparents",
    )
)
# Words of kind an organization's name may hold beyond MAIN_WORDS: "the club" of "X Club Y".
ORGANIZATION_KINDS = frozenset(
    (
        "club",
        "society",
        "council",
        "network",
        "cooperative",
        "federation",
        "league",
        "alliance",
        "team",
        "circle",
    )
)
# Words that name no particular state body; the budget they pay from may name it.
UNNAMED_AUTHORITIES = re.compile(
    r"(?i)(?:the\s+)?(?:local\s+|rayon\s+|district\s+|city\s+|oblast\s+|state\s+)?"
    r"(?:authorities|government|state structures|khukumat|hukumat)"
)
# "The Swiss contribution", "the Japanese grant": the donor of that country named before.
GIFT_WORDS = frozenset(
    (
        "contribution",
        "grant",
        "share",
        "part",
        "money",
        "funds",
        "donation",
        "input",
        "side",
        "support",
        "gift",
    )
)
# Words that count the people of a phrase: "eleven members", "all the parents", "some villagers".
_COUNTS = (
    "all some many several most few both two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty dozens hundreds"
)
COUNTS = frozenset(_COUNTS.split())
# A period that does not end a sentence: an item number, an initial, a title.
NO_SENTENCE_END = re.compile(r"(?:^|\s)(?:\d{1,2}|[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|No|St|Nos|Tel)\.$")
