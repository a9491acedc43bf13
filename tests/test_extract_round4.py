"""Round four of ``kg extract``: grammar, money forms and entity kinds, each rule on a short invented
sentence (no sentence, name or phrase of a measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.model import CaseDraft, Entity
from tests.test_extract_reading import CASE
from tests.test_extract_round3 import drafted, given


def bodies(draft: CaseDraft) -> dict[str, Entity]:
    return {e.name: e for e in draft.entities if e.is_government}


def test_a_national_body_broken_at_line_ends_with_its_short_name_before_under() -> None:
    draft = drafted(
        "4. Shelter (2006). The Agency for Fire Safety and Rescue Inspec-\n"
        "tion under the Government of RT (AFSRI) trained the staff. The Committee of Water Saf-\n"
        "ety and Flood Defence (CWSFD) under the Gov-\n"
        "ernment of RT trained the volunteers through its rayon department. Later the Committee\n"
        "of Water Safety gave boats worth $700."
    )
    found = bodies(draft)
    agency = found["Agency for Fire Safety and Rescue Inspection under the Government of RT"]
    committee = found["Committee of Water Safety and Flood Defence under the Government of RT"]
    assert agency.level == committee.level == "national"
    assert "CWSFD" in committee.aliases
    # its rayon department is a branch of the committee, no partner of its own; the government
    # named inside the bodies' names is none either
    assert not any(n.startswith(("Rayon department", "Government")) for n in found)
    # the same committee later by the first words of its name
    assert ("committee-water-safety-flood-defence", Decimal(700)) in given(draft, "Shelter")


@pytest.mark.parametrize(
    "shares",
    [
        "met 70% of that sum, the organization 20% and the Khukumat of Varzob rayon 10%",
        "took on 70% of the bill, the organization 20%, and the Khukumat of Varzob rayon 10%",
        "bore 70 % of the whole cost; the organization put in 20% and the Khukumat of Varzob rayon 10%",
        "shouldered 70% of these expenses, while the organization covered 20% and the Khukumat of Varzob\n"
        "rayon 10%",
    ],
)
def test_shares_of_a_total_borne_met_or_taken_on_listed_without_verbs(shares: str) -> None:
    draft = drafted(f"4. Greenhouse (2006). The greenhouse cost 5 000 Somoni in all. UNDP {shares}.")
    assert given(draft, "Greenhouse") == {
        ("undp", Decimal(3500)),
        ("ngo-nuri-dasht", Decimal(1000)),
        ("khukumat-varzob", Decimal(500)),
    }


def test_a_share_of_people_is_no_share_of_money() -> None:
    draft = drafted(
        "4. Greenhouse (2006). The greenhouse cost 5 000 Somoni. UNDP paid it; 70% of those who work\n"
        "there are women."
    )
    assert all(amount != Decimal(3500) for _, amount in given(draft, "Greenhouse"))


@pytest.mark.parametrize(
    "item",
    [
        "The 40 families of the upper street had no well. They put in 700 TJS, and UNICEF gave a pump.",
        "The parents of the pupils wanted a well. They collected 700 TJS among themselves.",
    ],
)
def test_they_is_the_subject_of_the_sentence_before_never_an_organization(item: str) -> None:
    draft = drafted(f"4. Well (2006). {item}")
    (community,) = (e for e in draft.entities if e.kind == "community")
    assert (community.id, Decimal(700)) in given(draft, "Well")
    assert not any(e.name.lower() == "they" for e in draft.entities)


def test_they_with_no_body_before_gives_nothing() -> None:
    draft = drafted("4. Well (2006). A well was dug in spring. They put in 700 TJS.")
    assert given(draft, "Well") == set()
    assert not any(e.name.lower() == "they" for e in draft.entities)


@pytest.mark.parametrize(
    "clause",
    [
        "4 000 somoni for the roof were covered by UNICEF, and the rest, 2 000 somoni, by the organization",
        "4 000 somoni was paid by UNICEF and the remaining 2 000 somoni by the organization",
        "UNICEF's 4 000 somoni were spent on the roof; 2 000 somoni was given by the organization",
    ],
)
def test_a_passive_verb_is_understood_in_the_clause_after_it(clause: str) -> None:
    draft = drafted(f"4. Market (2006). The market cost 6 000 somoni: {clause}.")
    assert ("ngo-nuri-dasht", Decimal(2000)) in given(draft, "Market")
    assert ("unicef", Decimal(2000)) not in given(draft, "Market")


@pytest.mark.parametrize(
    "sentence",
    [
        "Apples now sell at 3 somoni a kilo.",
        "The organization buys wool at 9 somoni per kilogram.",
        "The Khukumat of Varzob rayon will allocate 9 000 somoni next year.",
        "The Khukumat of Varzob rayon has set aside 9 000 somoni in its budget for 2009.",
        "The Khukumat of Varzob rayon plans to spend 9 000 somoni on a second market.",
    ],
)
def test_a_price_per_unit_or_money_only_planned_is_no_contribution(sentence: str) -> None:
    draft = drafted(f"4. Market (2006). UNICEF gave 4 000 somoni for the roof. {sentence}")
    assert given(draft, "Market") == {("unicef", Decimal(4000))}


@pytest.mark.parametrize(
    "item",
    [
        "The Humanitarian Aid Depart-\nment of the European Commission (ECHO) paid for tents, stoves and"
        " lamps in the amount\nof 9,800 TJS.",
        "Mercy Corps sponsored tents, stoves, lamps in the amount of 9,800 TJS.",
        "UNICEF financed desks, boards and books in the sum of 9,800 TJS.",
    ],
)
def test_a_list_as_the_object_before_in_the_amount_of_and_a_name_broken_at_a_line_end(item: str) -> None:
    draft = drafted(f"4. Boats (2006). {item}")
    boats = next(p for p in draft.projects if p.title.startswith("Boats"))
    assert boats.total is None
    ((by, amount),) = given(draft, "Boats")
    assert amount == Decimal(9800)
    assert by in ("echo", "mercy-corps", "unicef")
    assert by != "european-commission"


def test_a_new_subject_after_a_comma_ends_the_object() -> None:
    draft = drafted(
        "4. Boats (2006). Mercy Corps paid for tents, UNICEF bought lamps in the amount of 800 TJS."
    )
    assert ("mercy-corps", Decimal(800)) not in given(draft, "Boats")


@pytest.mark.parametrize(
    "item",
    [
        "UNICEF took on the desks, boards and a stove. The donor's bill came to $5,350.",
        "UNICEF supplied the desks. Its invoice amounted to $5,350.",
        "UNICEF paid for the roof. The Fund's contribution was $5,350.",
    ],
)
def test_the_bill_of_the_sentence_before_is_what_its_subject_gave(item: str) -> None:
    draft = drafted(f"4. Desks (2006). {item}")
    assert given(draft, "Desks") == {("unicef", Decimal(5350))}
    assert next(p for p in draft.projects if p.title.startswith("Desks")).total is None


@pytest.mark.parametrize(
    ("item", "jamoats"),
    [
        (
            "Mercy Corps gave 5 000 somoni, and 1 000 somoni apiece came\n"
            "from the Jamoats of Dashtibed and Navdi.",
            2,
        ),
        ("1 000 somoni each were provided by the Jamoats of Dashtibed, Navdi and Khush.", 3),
        ("The Jamoats of Dashtibed and Navdi gave 1 000 somoni each.", 2),
    ],
)
def test_the_jamoats_of_a_list_are_one_body_each_and_each_gives_the_amount_apiece(
    item: str, jamoats: int
) -> None:
    draft = drafted(f"4. Posts (2006). {item}")
    found = [e for e in draft.entities if e.is_government and e.level == "jamoat"]
    assert len(found) == jamoats
    assert {(e.id, Decimal(1000)) for e in found} <= given(draft, "Posts")


@pytest.mark.parametrize(
    "item",
    [
        "The river floods the fields in the Jamoats of Dashtibed and Navdi; UNICEF gave 900 somoni.",
        "UNICEF gave 900 somoni, and 1 000 somoni each came from the Jamoats of Dashtibed and Navdi rayons.",
        "UNICEF gave 900 somoni to the leaders from the jamoats of Dashtibed and Navdi.",
    ],
)
def test_jamoats_as_places_in_general_or_of_rayons_are_no_bodies(item: str) -> None:
    draft = drafted(f"4. Posts (2006). {item}")
    assert not [e for e in draft.entities if e.is_government and e.level == "jamoat"]
    assert given(draft, "Posts") == {("unicef", Decimal(900))}


@pytest.mark.parametrize(
    ("clause", "by"),
    [
        ("eleven members worked as carpenters all winter, and their labour was estimated at 720 USD", "main"),
        ("all the parents painted the walls; their work was valued at 720 USD", "community"),
        ("twelve villagers dug the trench and their labour was put at 720 USD", "community"),
    ],
)
def test_their_work_is_the_subject_of_the_clause_just_before_it_counted_or_not(clause: str, by: str) -> None:
    draft = drafted(f"4. Hives (2006). UNICEF bought the timber; {clause}.")
    community = [e.id for e in draft.entities if e.kind == "community"]
    expected = "ngo-nuri-dasht" if by == "main" else community[0]
    assert {(who, amount) for who, amount in given(draft, "Hives") if amount is not None} == {
        (expected, Decimal(720))
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "the Department of Justice of Varzob rayon registered it on 14.06.2003 (# 2231).",
        "the Department of Justice of Varzob rayon has registered the NGO on 14.06.2003 (# 2231).",
    ],
)
def test_a_body_that_registers_the_organization_in_the_active_voice_is_its_registrar(sentence: str) -> None:
    case = CASE.replace(
        "its registration certificate was issued by the\nMinistry of Justice of RT on 14.06.2003 (# 2231).",
        sentence,
    )
    draft = drafted("4. Well (2006). UNICEF gave $500.", case)
    main = next(e for e in draft.entities if e.id == draft.organization)
    assert main.registration is not None
    registrar = next(e for e in draft.entities if e.id == main.registration[1])
    assert registrar.name.startswith("Department of Justice")


def kinds(draft: CaseDraft, title: str) -> dict[str, str]:
    project = next(p for p in draft.projects if p.title.startswith(title))
    return {c.by: c.kind for c in project.contributions}


def test_kinds_from_a_bracket_after_the_giver_from_its_fund_and_from_goods_bought_by_it() -> None:
    draft = drafted(
        "4. Mill (2006). The mill was paid for as follows:\n"
        "   Khukumat of Varzob rayon (a plot and timber)    TJS 3,000\n"
        "   members of the NGO (cash)                       TJS 1,100\n"
        "   Total                                           TJS 4,100\n"
        "5. Stove (2006). Pipes and cement were purchased by UNICEF, which spent $900. The jamoat\n"
        "council added $80 from its small fund, and the parents put in $60 among themselves."
    )
    assert kinds(draft, "Mill") == {"khukumat-varzob": "in-kind", "ngo-nuri-dasht": "cash"}
    stove = kinds(draft, "Stove")
    assert stove["unicef"] == "in-kind"
    assert set(stove.values()) == {"in-kind", "cash"}
    assert list(stove.values()).count("cash") == 2


@pytest.mark.parametrize(
    ("item", "by"),
    [
        ("Pipes were bought by Mercy Corps, which spent $900.", "mercy-corps"),
        ("Mercy Corps, which also paid $900, sent a trainer.", "mercy-corps"),
        ("The Khukumat of Varzob rayon, which gave $900, sent a trainer.", "khukumat-varzob"),
    ],
)
def test_the_subject_of_a_relative_clause_is_the_body_named_before_it(item: str, by: str) -> None:
    assert given(drafted(f"4. Stove (2006). {item}"), "Stove") == {(by, Decimal(900))}


@pytest.mark.parametrize(
    ("item", "by"),
    [
        ("Mercy Corps granted the NGO $900.", "mercy-corps"),
        ("The Khukumat of Varzob rayon gave the organization $900.", "khukumat-varzob"),
        ("UNICEF allocated Jamoat Obi Garm $900.", "unicef"),
    ],
)
def test_the_receiver_after_a_verb_of_giving_is_not_the_giver(item: str, by: str) -> None:
    assert given(drafted(f"4. Stove (2006). {item}"), "Stove") == {(by, Decimal(900))}


@pytest.mark.parametrize(
    ("body", "name", "level"),
    [
        (
            "The State Committee on Forests and Pastures of RT",
            "State Committee on Forests and Pastures of RT",
            "national",
        ),
        (
            "The Main Department of Mines under the Government of RT",
            "Main Department of Mines under the Government of RT",
            "national",
        ),
        (
            "The Agency on Weights under the President of RT",
            "Agency on Weights under the President of RT",
            "national",
        ),
        ("The Varzob rayon Veterinary Station", "Varzob rayon Veterinary Station", "city-rayon"),
    ],
)
def test_a_state_body_of_the_republic_or_of_a_rayon_named_in_capitals(
    body: str, name: str, level: str
) -> None:
    draft = drafted(f"4. Stove (2006). {body} gave $900.")
    (found,) = (e for e in draft.entities if e.name == name)
    assert found.is_government and found.level == level
    assert given(draft, "Stove") == {(found.id, Decimal(900))}
    assert not any(e.name.startswith("The ") for e in draft.entities)


@pytest.mark.parametrize(
    "item",
    [
        "Mercy Corps provided half of the $5,000 and the NGO the other half.",
        "Mercy Corps paid two thirds of the $5,000; the NGO paid the rest.",
    ],
)
def test_a_part_of_an_amount_is_not_the_whole_amount(item: str) -> None:
    draft = drafted(f"4. Stove (2006). {item}")
    assert next(p for p in draft.projects if p.title.startswith("Stove")).total == (Decimal(5000), "USD")
    assert all(amount is None for _, amount in given(draft, "Stove"))
