"""Round five of ``kg extract``: state institutions, the donor gazetteer, money in tables and in the
organization's own words, and totals; each rule on a short invented sentence (no sentence, name or
phrase of a measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kg.extract.model import CaseDraft, Entity
from tests.test_extract_reading import CASE
from tests.test_extract_round3 import drafted, given, project


def bodies(draft: CaseDraft) -> dict[str, Entity]:
    return {e.name: e for e in draft.entities if e.is_government}


@pytest.mark.parametrize(
    ("printed", "donor"),
    [
        ("The International Fund for Agricultural Development (IFAD)", "ifad"),
        ("UNAIDS", "unaids"),
        ("The Norwegian Refugee Council", "nrc"),
        ("The Embassy of the United States", "us-embassy"),
        ("Catholic Relief Services", "crs"),
        ("The Austrian Development Agency", "ada"),
    ],
)
def test_well_known_donors_are_in_the_gazetteer(printed: str, donor: str) -> None:
    draft = drafted(f"4. Seeds (2006). {printed} gave $2,000 for seeds.")
    assert given(draft, "Seeds") == {(donor, Decimal(2000))}
    (entity,) = (e for e in draft.entities if e.id == donor)
    assert entity.cls in ("international-organization", "development-agency", "international-ngo", "embassy")


@pytest.mark.parametrize(
    "own",
    [
        "$200 came out of the NGO's own funds",
        "$200 was taken from the organization's savings",
        "$200 were paid out of the NGO's reserve",
    ],
)
def test_money_out_of_the_organizations_own_funds_is_its_contribution(own: str) -> None:
    draft = drafted(f"4. Stove (2006). UNDP gave $700 for a stove, and {own}.")
    assert given(draft, "Stove") == {("undp", Decimal(700)), ("ngo-nuri-dasht", Decimal(200))}


@pytest.mark.parametrize(
    "rest",
    [
        "paid the remaining $300",
        "covered the rest, $300,",
        "added the balance of $300",
        "met the outstanding $300",
    ],
)
def test_the_remaining_amount_is_the_subjects(rest: str) -> None:
    draft = drafted(
        f"4. Stove (2006). The stove cost $1,000. UNDP gave $700, and the Khukumat of Varzob rayon {rest}."
    )
    assert given(draft, "Stove") == {("undp", Decimal(700)), ("khukumat-varzob", Decimal(300))}


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2008 the members sold rugs for $5,000.",
        "The sales of the workshop reached $5,000.",
        "UNDP paid the nurse, whose pay was $5,000 a year.",
    ],
)
def test_sales_and_rates_are_no_contribution(sentence: str) -> None:
    draft = drafted(f"4. Stove (2006). UNDP gave $700 for a stove. {sentence}")
    assert all(amount != Decimal(5000) for p in draft.projects for _, amount in given(draft, p.title))


@pytest.mark.parametrize(
    "whole",
    [
        "The repair was estimated at $2,000. UNDP took over $1,500, and the NGO added $500.",
        "Of the $2,000 the repair cost, UNDP gave $1,500, and the NGO added $500.",
        "Out of the $2,000 budget, UNDP gave $1,500, and the NGO added $500.",
    ],
)
def test_the_whole_a_sentence_shares_out_is_the_total(whole: str) -> None:
    draft = drafted(f"4. Roof (2006). {whole}")
    assert project(draft, "Roof").total == (Decimal(2000), "USD")
    assert given(draft, "Roof") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(500))}


@pytest.mark.parametrize(
    ("act", "worth"),
    [
        (
            "The International Labour Organization (ILO) supported the course with tools.",
            "This support was worth $900 in all.",
        ),
        ("The ILO paid for the course and the books.", "In money this came to $900."),
        ("The ILO gave the trainees tools.", "All this was worth $900."),
        ("The ILO sponsored the course.", "Its help amounted to $900."),
    ],
)
def test_the_worth_of_what_a_body_did_in_the_sentence_before_is_its_contribution(
    act: str, worth: str
) -> None:
    draft = drafted(f"4. Course (2006). {act} {worth}")
    assert given(draft, "Course") == {("ilo", Decimal(900))}
    assert project(draft, "Course").total is None  # one funder's amount is no total
    assert all(c.kind != "labour" for c in project(draft, "Course").contributions)  # 'Labour' in a name


def test_people_of_the_place_by_sex_or_trade_are_a_community() -> None:
    draft = drafted("4. Looms (2006). UNDP gave $700 for looms, and 90 TJS was paid by the women themselves.")
    (community,) = (e for e in draft.entities if e.kind == "community")
    assert given(draft, "Looms") == {("undp", Decimal(700)), (community.id, Decimal(90))}
    table = (
        "4. Mill (2006). Sources of money:\n"
        "     UNDP                              1,500 TJS\n"
        "     herders (labour)                    300 TJS\n"
        "     Total                             1,800 TJS\n"
    )
    draft = drafted(table)
    (community,) = (e for e in draft.entities if e.kind == "community")
    mill = project(draft, "Mill")
    assert mill.total == (Decimal(1800), "TJS")
    assert {(c.by, c.amount, c.kind) for c in mill.contributions} == {
        ("undp", Decimal(1500), "unspecified"),
        (community.id, Decimal(300), "labour"),
    }


@pytest.mark.parametrize("printed", ["the weavers association", "the association"])
def test_the_organization_by_the_words_of_its_own_name(printed: str) -> None:
    case = CASE.replace("NGO Nuri Dasht", "Weavers Association “Nuri Dasht”", 2).replace(
        "NGO Nuri Dasht", "Weavers Association Nuri Dasht"
    )
    draft = drafted(f"4. Looms (2006). UNDP gave $700 for looms, and {printed} – $90.", case)
    assert (draft.organization, Decimal(90)) in given(draft, "Looms")


def partners(draft: CaseDraft) -> dict[str, str | None]:
    """The state partners of a draft: name → level."""
    found = {e.id: e for e in draft.entities if e.is_government}
    return {found[p.state].name: found[p.state].level for p in draft.partnerships if p.state in found}


def test_a_ministry_broken_at_a_line_end_is_one_ministry() -> None:
    draft = drafted(
        "4. Seeds (2006). Under a plan agreed with the Ministry of Agri-\nculture of RT, UNDP gave $700."
    )
    assert partners(draft).get("Ministry of Agriculture") == "national"
    assert not any(
        name.startswith("Ministry of Agri ") or name == "Ministry of Agri" for name in partners(draft)
    )


@pytest.mark.parametrize(
    ("item", "name"),
    [
        ("Gymnasium # 3 gave two rooms, and UNDP paid $700 for desks.", "Gymnasium # 3"),
        (
            "Together with polyclinic No. 2, which lent a room, the NGO ran a course for $700.",
            "polyclinic No. 2",
        ),
        (
            "The NGO opened a reading corner in kindergarten # 9; UNDP paid $700 for books.",
            "kindergarten # 9",
        ),
        ("UNDP paid $700. Art school # 4 now teaches the course itself.", "Art school # 4"),
    ],
)
def test_a_numbered_state_institution_that_acts_hosts_or_works_with_the_organization(
    item: str, name: str
) -> None:
    draft = drafted(f"4. Books (2006). {item}")
    (partner,) = (e for e in draft.entities if e.is_government and name in e.aliases)
    assert partner.level == "city-rayon"
    assert partner.id in {p.state for p in draft.partnerships}


@pytest.mark.parametrize(
    "item",
    [
        "The roof of school # 4 was repaired with $700 from UNDP.",
        "Stoves in lyceum # 4 (2006). UNDP gave $700.",
        "A well above school # 4 was dug; UNDP paid $700.",
    ],
)
def test_a_numbered_school_that_is_only_where_the_work_was_done_is_no_partner(item: str) -> None:
    draft = drafted(f"4. Well (2006). {item}")
    assert not any("# 4" in name for name in partners(draft))


@pytest.mark.parametrize(
    "body",
    [
        "the employment centre of Varzob rayon",
        "the statistics office of Varzob district",
        "the veterinary station of Varzob rayon",
    ],
)
def test_a_state_centre_office_or_station_of_a_place(body: str) -> None:
    draft = drafted(
        f"4. Fair (2006). The fair cost $1,000. UNDP gave $700, and {body} paid the remaining $300."
    )
    (entity,) = (e for e in draft.entities if e.is_government and body.removeprefix("the ") in e.aliases)
    assert entity.level == "city-rayon"
    assert (entity.id, Decimal(300)) in given(draft, "Fair")


def test_a_youth_centre_of_a_place_is_not_taken_for_a_state_body() -> None:
    draft = drafted("4. Fair (2006). UNDP gave $700 to the youth centre of Varzob rayon.")
    assert not any("youth centre" in name.lower() for name in partners(draft))


def test_a_body_named_by_a_field_in_capitals_and_a_place() -> None:
    draft = drafted(
        "4. Wells (2006). The Water Inspectorate of Tilloobod oblast tested the wells, and the Land\n"
        "Department of Varzob rayon gave a plot. UNDP paid $700."
    )
    found = partners(draft)
    assert found["Water Inspectorate of Tilloobod oblast"] == "oblast"
    assert found["Land Department of Varzob rayon"] == "city-rayon"


def test_a_rayon_department_of_a_national_committee_is_a_rayon_body() -> None:
    draft = drafted(
        "4. Games (2006). The games were held with the rayon department of the Committee on Sport,\n"
        "Youth and Culture under the Government of RT. UNDP paid $700."
    )
    found = partners(draft)
    (local,) = (
        n for n in found if n.startswith("Rayon department of the Committee on Sport, Youth and Culture")
    )
    assert found[local] == "city-rayon" and "under the Government" not in local
    assert not any(name.startswith("Committee on Sport") for name in found)  # no partner of its own here


def test_a_state_school_named_after_its_level() -> None:
    draft = drafted("4. Hall (2006). The hall of the rayon music school got a new roof; UNDP paid $700.")
    assert partners(draft).get("Rayon music school (Varzob)") == "city-rayon"


@pytest.mark.parametrize(
    "registered",
    [
        "The Ministry of Justice of RT entered it in the state register on 14.06.2003.",
        "On 14.06.2003 the Ministry of Justice of RT registered the NGO.",
        "The Ministry of Justice of RT included the organization in the official registry on 14.06.2003.",
    ],
)
def test_the_registrar_as_the_subject_of_the_registration(registered: str) -> None:
    old = "its registration certificate was issued by the\nMinistry of Justice of RT on 14.06.2003 (# 2231)."
    assert old in CASE
    draft = drafted("4. Seeds (2006). UNDP gave $700.", CASE.replace(old, registered))
    (main,) = (e for e in draft.entities if e.id == draft.organization)
    assert main.registration is not None
    status, by, date, _ = main.registration
    assert (status, date) == ("registered", "14.06.2003")
    assert by is not None and "justice" in by


@pytest.mark.parametrize(
    "own",
    [
        "the members' donations came to $500",
        "self-financing by the NGO amounted to $500",
        "$500 was the NGO's own money",
        "its own contribution totalled $500",
    ],
)
def test_the_organizations_own_money_in_other_words(own: str) -> None:
    draft = drafted(f"4. Pump (2006). UNDP gave $1,500 for a pump; {own}.")
    assert project(draft, "Pump").total is None  # what a body gave is no total
    assert given(draft, "Pump") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(500))}


def test_a_row_of_the_organizations_own_money_in_a_table_with_leaders() -> None:
    table = (
        "4. Pump (2006). Sources of money:\n"
        "     UNDP ........................ $1,500\n"
        "     Own contribution ............   $500\n"
        "     Beneficiaries ...............   $200\n"
        "     Total ....................... $2,200\n"
    )
    draft = drafted(table)
    (community,) = (e for e in draft.entities if e.kind == "community")
    assert project(draft, "Pump").total == (Decimal(2200), "USD")
    assert given(draft, "Pump") == {
        ("undp", Decimal(1500)),
        ("ngo-nuri-dasht", Decimal(500)),
        (community.id, Decimal(200)),
    }


def test_unpaid_work_of_people_is_theirs() -> None:
    draft = drafted("4. Pump (2006). UNDP gave $1,500. The unpaid work of the villagers was worth $500.")
    (community,) = (e for e in draft.entities if e.kind == "community")
    assert (community.id, Decimal(500)) in given(draft, "Pump")


@pytest.mark.parametrize(
    "sentence",
    [
        "The project, worth $2,000, was funded by UNDP ($1,500) and the NGO ($500).",
        "With a budget of $2,000, the project was paid by UNDP ($1,500) and the NGO ($500).",
        "The pipes ($1,500) were bought by UNDP, the pump ($500) by the NGO. It all cost $2,000.",
    ],
)
def test_an_amount_alone_in_brackets_is_the_bodys_named_just_before(sentence: str) -> None:
    draft = drafted(f"4. Pump (2006). {sentence}")
    assert project(draft, "Pump").total == (Decimal(2000), "USD")
    assert given(draft, "Pump") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(500))}


def test_the_grant_after_a_semicolon_is_the_amount_of_the_clause_before() -> None:
    draft = drafted("4. Pump (2006). UNDP paid for the pipes; its grant came to $1,500.")
    assert project(draft, "Pump").total is None
    assert given(draft, "Pump") == {("undp", Decimal(1500))}


def test_own_funds_of_another_body_are_that_bodys() -> None:
    draft = drafted(
        "4. Pump (2006). UNDP gave $1,500; own funds of the Khukumat of Varzob rayon came to $500."
    )
    assert ("ngo-nuri-dasht", Decimal(500)) not in given(draft, "Pump")


@pytest.mark.parametrize(
    ("body", "name", "level"),
    [
        ("The Varzob Rayon Water Department", "Varzob Rayon Water Department", "city-rayon"),
        ("The Varzob District Hospital", "Varzob District Hospital", "city-rayon"),
        (
            "The rayon branch of the State Committee on Roads",
            "Rayon branch of the State Committee on Roads (Varzob)",
            "city-rayon",
        ),
        ("The district employment office", "District employment office (Varzob)", "city-rayon"),
        ("The land committee of Varzob rayon", "Land committee of Varzob rayon", "city-rayon"),
        (
            "The Centre for Family Medicine of Varzob rayon",
            "Centre for Family Medicine of Varzob rayon",
            "city-rayon",
        ),
        ("The Prosecutor's Office of Varzob rayon", "Prosecutor's Office of Varzob rayon", "city-rayon"),
        (
            "The Women's Committee of the Khukumat of Varzob rayon",
            "Women's Committee of the Khukumat of Varzob rayon",
            "city-rayon",
        ),
        ("Secondary school #5 of Jamoat Obi Garm", "Secondary school #5 of Jamoat Obi Garm", "city-rayon"),
        (
            "The State Agency for Roads, Bridges and Tunnels",
            "State Agency for Roads, Bridges and Tunnels",
            "national",
        ),
        (
            "The Ministry of Roads, Bridges and Tunnels of Population of RT",
            "Ministry of Roads, Bridges and Tunnels of Population",
            "national",
        ),
    ],
)
def test_state_bodies_in_more_forms(body: str, name: str, level: str) -> None:
    draft = drafted(f"4. Road (2006). {body} helped, and UNDP paid $700.")
    assert partners(draft).get(name) == level, partners(draft)


@pytest.mark.parametrize("body", ["The Resource Centre of Varzob rayon", "The Youth Office of Varzob rayon"])
def test_a_centre_of_a_place_without_a_state_field_is_no_state_body(body: str) -> None:
    draft = drafted(f"4. Road (2006). {body} helped, and UNDP paid $700.")
    assert not any(n.startswith(body.removeprefix("The ")) for n in partners(draft))


@pytest.mark.parametrize(
    "sentence",
    [
        "The NGO spent $1,500 of the UNDP grant on pipes.",
        "The NGO paid the builders $1,500 out of the UNDP grant.",
        "The NGO used $1,500 from UNDP's donation for pipes.",
    ],
)
def test_money_spent_out_of_a_grant_is_the_givers(sentence: str) -> None:
    draft = drafted(f"4. Pipes (2006). {sentence}")
    assert given(draft, "Pipes") == {("undp", Decimal(1500))}


@pytest.mark.parametrize(
    "sentence",
    [
        "The NGO applied to UNDP for $1,500, and the pipes came in 2007.",
        "The NGO asked the Khukumat of Varzob rayon for $1,500 but got nothing.",
        "The NGO requested $1,500 from Mercy Corps.",
    ],
)
def test_money_asked_for_is_not_given(sentence: str) -> None:
    draft = drafted(f"4. Pipes (2006). UNDP gave $300 for a pump. {sentence}")
    assert given(draft, "Pipes") == {("undp", Decimal(300))}


def test_the_receiver_after_a_verb_of_giving_is_not_the_giver_of_goods_worth_an_amount() -> None:
    draft = drafted("4. Plot (2006). The Khukumat of Varzob rayon gave the NGO a plot of land worth $3,000.")
    assert given(draft, "Plot") == {("khukumat-varzob", Decimal(3000))}


def test_the_parts_after_of_the_whole_and_a_gapped_owner() -> None:
    draft = drafted("4. Plot (2006). Of the $2,000, $1,500 was UNDP's grant and $500 the NGO's own money.")
    assert project(draft, "Plot").total == (Decimal(2000), "USD")
    assert given(draft, "Plot") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(500))}


@pytest.mark.parametrize(
    "sentence",
    [
        "Mercy Corps and UNDP gave $500 each.",
        "In 2005 Mercy Corps gave $500, and in 2006 another $500; UNDP gave $500.",
    ],
)
def test_each_and_another_give_again(sentence: str) -> None:
    draft = drafted(f"4. Plot (2006). {sentence}")
    assert {by for by, _ in given(draft, "Plot")} == {"mercy-corps", "undp"}
    assert len(project(draft, "Plot").contributions) == len(re.findall(r"\$500", sentence)) + (
        "each" in sentence
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In all, $2,000 was needed; UNDP gave $1,500 and the NGO $500.",
        "The $2,000 project was funded by UNDP ($1,500) and the NGO ($500).",
        "The sum needed, $2,000, was raised from UNDP ($1,500) and the NGO ($500).",
        "The project came to $2,000. UNDP gave $1,500, and the NGO $500.",
        "UNDP met $1,500 of the $2,000 cost, and the NGO $500.",
    ],
)
def test_totals_in_more_words(sentence: str) -> None:
    draft = drafted(f"4. Bridge (2006). {sentence}")
    assert project(draft, "Bridge").total == (Decimal(2000), "USD")
    assert given(draft, "Bridge") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(500))}


@pytest.mark.parametrize(
    ("named", "later", "body"),
    [
        ("Gymnasium # 3 gave two rooms.", "The gymnasium", "gymnasium-3"),
        ("The rayon veterinary station trained the vets.", "The station", "rayon-veterinary-station"),
        ("The employment centre of Varzob rayon found jobs.", "The centre", "employment-centre-varzob-rayon"),
        ("The Tax Inspectorate of Varzob rayon helped.", "The inspectorate", "tax-inspectorate-varzob-rayon"),
    ],
)
def test_a_state_institution_named_later_by_its_kind(named: str, later: str, body: str) -> None:
    draft = drafted(f"4. Stove (2006). {named} {later} paid $200 for coal, and UNDP gave $700.")
    assert given(draft, "Stove") == {(body, Decimal(200)), ("undp", Decimal(700))}


def test_the_centre_is_the_organization_when_it_is_a_centre() -> None:
    case = CASE.replace("NGO Nuri Dasht", "Youth Centre “Nuri Dasht”", 1).replace(
        "NGO Nuri Dasht", "Youth Centre Nuri Dasht"
    )
    draft = drafted(
        "4. Stove (2006). The employment centre of Varzob rayon found jobs. The centre paid $200.",
        case,
    )
    assert draft.organization.startswith("youth-centre")
    assert (draft.organization, Decimal(200)) in given(draft, "Stove")


@pytest.mark.parametrize(
    ("heading", "total_row"),
    [
        ("Sources of money (USD):", "Total                         2,000"),
        ("Who paid what:", "Total                         2,000 (USD)"),
        ("Amounts, US dollars:", "Total                         2,000"),
    ],
)
def test_a_table_whose_heading_or_total_names_the_currency(heading: str, total_row: str) -> None:
    table = (
        f"4. Mill (2006). {heading}\n"
        "     UNDP                          1,500\n"
        "     Khukumat of Varzob rayon        300\n"
        "     Own contribution                200\n"
        f"     {total_row}\n"
    )
    draft = drafted(table)
    assert project(draft, "Mill").total == (Decimal(2000), "USD")
    assert given(draft, "Mill") == {
        ("undp", Decimal(1500)),
        ("khukumat-varzob", Decimal(300)),
        ("ngo-nuri-dasht", Decimal(200)),
    }


def test_a_table_of_counts_names_no_money() -> None:
    table = "4. Mill (2006). UNDP gave $700. People trained:\n     Women        45\n     Men          30\n"
    assert given(drafted(table), "Mill") == {("undp", Decimal(700))}


@pytest.mark.parametrize(
    "sentence",
    [
        "UNDP gave $1,500. The NGO's staff worked for free; their time was valued at $200.",
        "UNDP gave $1,500; the NGO's share, in kind, came to $200.",
        "UNDP gave $1,500, with the NGO adding $200.",
        "UNDP gave $1,500. The NGO covered the remaining costs ($200).",
        "UNDP gave $1,500. The NGO met the other expenses: $200.",
    ],
)
def test_the_organizations_part_in_more_words(sentence: str) -> None:
    draft = drafted(f"4. Oven (2006). {sentence}")
    assert project(draft, "Oven").total is None
    assert given(draft, "Oven") == {("undp", Decimal(1500)), ("ngo-nuri-dasht", Decimal(200))}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("UNDP gave $1,500, and $200 came out of the NGO's membership dues.", "cash"),
        (
            "UNDP gave $1,500. The carpenters of the NGO taught for free; the NGO valued their time at $200.",
            "labour",
        ),
    ],
)
def test_kinds_of_the_organizations_part(sentence: str, kind: str) -> None:
    oven = project(drafted(f"4. Oven (2006). {sentence}"), "Oven")
    assert {(c.by, c.amount, c.kind) for c in oven.contributions if c.by == "ngo-nuri-dasht"} == {
        ("ngo-nuri-dasht", Decimal(200), kind)
    }


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("The Varzob rayon depart-\nment of edu-\ncation", "Varzob rayon department of education"),
        ("The employment cen-\ntre of Varzob rayon", "Employment centre of Varzob rayon"),
        ("The Land Depart-\nment of Varzob rayon", "Land Department of Varzob rayon"),
        ("Gymna-\nsium # 3", "Gymnasium # 3 (Varzob)"),
        ("The Khu-\nkumat of Varzob rayon", "Khukumat of Varzob"),
    ],
)
def test_a_state_body_broken_at_line_ends_anywhere_in_its_name(printed: str, name: str) -> None:
    draft = drafted(f"4. Oven (2006). {printed} gave $500, and UNDP paid $700.")
    (body,) = (e for e in draft.entities if e.is_government and e.name == name)
    assert given(draft, "Oven") == {(body.id, Decimal(500)), ("undp", Decimal(700))}
    assert body.id in {p.state for p in draft.partnerships}
