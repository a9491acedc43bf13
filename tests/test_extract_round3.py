"""Round three of ``kg extract``: voice, apposition, co-reference and money forms, each rule on a
short invented sentence (no sentence, name or phrase of a measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.extractor import extract
from kg.extract.model import CaseDraft, ProjectDraft
from kg.extract.text import Known, Registry
from tests.test_extract_reading import CASE


def drafted(item: str, case: str = CASE) -> CaseDraft:
    """The case study with ``item`` as its fourth project."""
    text = case.replace("4. Clinic (2007).", f"{item}\n5. Clinic (2007).")
    (draft,) = extract(text, Registry(()).with_donors())
    return draft


def project(draft: CaseDraft, title: str) -> ProjectDraft:
    return next(p for p in draft.projects if p.title.startswith(title))


def given(draft: CaseDraft, title: str) -> set[tuple[str, Decimal | None]]:
    return {(c.by, c.amount) for c in project(draft, title).contributions}


def test_the_members_and_the_women_of_a_womens_group_are_the_organization() -> None:
    draft = drafted("4. Looms (2006). UNICEF gave $2,000 for looms, and the members put in $300.")
    assert given(draft, "Looms") == {("unicef", Decimal(2000)), ("ngo-nuri-dasht", Decimal(300))}
    group = CASE.replace("NGO Nuri Dasht", "Women's group Nuri Dasht")
    item = "4. Bakery oven (2006). UNICEF gave $900, while the women baked, work valued at $120."
    draft = drafted(item, group)
    assert ("women-s-group-nuri-dasht", Decimal(120)) in given(draft, "Bakery oven")


def test_members_of_another_body_are_not_the_organization() -> None:
    draft = drafted("4. Looms (2006). UNICEF gave $2,000, and members of the jamoat council added $300.")
    assert ("ngo-nuri-dasht", Decimal(300)) not in given(draft, "Looms")


def test_the_agent_of_a_passive_verb_after_the_amount_gives_it() -> None:
    draft = drafted(
        "4. Seed loans (2006). A fund of $5,000 for seed loans was provided by the Asian Development\n"
        "Bank (ADB), and the members put in $400. By 2008 the fund had grown to $6,100."
    )
    assert given(draft, "Seed loans") == {("adb", Decimal(5000)), ("ngo-nuri-dasht", Decimal(400))}
    draft = drafted(
        "4. Pharmacy (2006). Shelves and medicines, in the amount of 3 400 TJS, were supplied by the\n"
        "Ministry of Health of RT."
    )
    pharmacy = project(draft, "Pharmacy")
    assert pharmacy.total is None
    assert [(c.amount, c.kind) for c in pharmacy.contributions] == [(Decimal(3400), "in-kind")]


def test_a_verb_its_object_and_in_the_amount_of_is_the_subjects_contribution() -> None:
    draft = drafted("4. Reading circle (2006). Mercy Corps financed a circle in the amount of $2,600.")
    circle = project(draft, "Reading circle")
    assert circle.total is None
    assert given(draft, "Reading circle") == {("mercy-corps", Decimal(2600))}


def test_paid_by_a_body_then_the_amount_in_apposition() -> None:
    draft = drafted("4. Kiln (2006). The kiln was paid by the NGO itself, US$800 from its savings.")
    assert given(draft, "Kiln") == {("ngo-nuri-dasht", Decimal(800))}
    assert not any(e.name == "US" for e in draft.entities)


def test_what_a_programme_holds_is_no_contribution() -> None:
    draft = drafted(
        "4. Canal (2006). UNICEF gave $700. The Khukumat of Varzob rayon put the canal into its\n"
        "programme, which has 90,000 Somoni for the whole rayon."
    )
    assert given(draft, "Canal") == {("unicef", Decimal(700))}


def test_a_need_is_a_total_shared_out_in_percentages() -> None:
    draft = drafted(
        "4. Well (2006). The well needed 8,000 Somoni. UNICEF paid 60%, the Khukumat of Varzob rayon\n"
        "gave 30%, and the last 10% came from the entrance fees of the new members."
    )
    well = project(draft, "Well")
    assert well.total == (Decimal(8000), "TJS")
    assert {(c.by, c.amount) for c in well.contributions} == {
        ("unicef", Decimal(4800)),
        ("khukumat-varzob", Decimal(2400)),
        ("ngo-nuri-dasht", Decimal(800)),
    }


def test_an_amount_that_was_the_cost_is_the_total_and_paid_in_all_is_no_total() -> None:
    draft = drafted(
        "4. Fence (2006). 2 400 somoni was the cost of the fence. UNICEF gave 2 000 somoni, and the\n"
        "parents paid 400 somoni in all."
    )
    fence = project(draft, "Fence")
    assert fence.total == (Decimal(2400), "TJS")
    assert {c.amount for c in fence.contributions} == {Decimal(2000), Decimal(400)}


def test_needed_by_people_is_no_total() -> None:
    draft = drafted(
        "4. Medicines (2006). Medicines went to those who needed them: 700 somoni came from UNICEF."
    )
    medicines = project(draft, "Medicines")
    assert medicines.total is None
    assert given(draft, "Medicines") == {("unicef", Decimal(700))}


def test_a_committee_under_the_government_is_not_the_government() -> None:
    draft = drafted(
        "4. Bridge (2006). The Committee for Roads, Bridges and Transport under the Government of RT\n"
        "gave 5 000 somoni, and UNICEF 900 somoni."
    )
    (committee,) = [c.by for c in project(draft, "Bridge").contributions if c.amount == Decimal(5000)]
    body = next(e for e in draft.entities if e.id == committee)
    assert body.name == "Committee for Roads, Bridges and Transport under the Government of RT"
    assert body.level == "national"
    assert not any("Government" in e.name and e.name.startswith("Government") for e in draft.entities)


def test_a_short_name_of_initials_in_brackets_names_the_body_later() -> None:
    name = "Water Action Programme"
    registry = Registry((Known("wap", "organization", name, (name,)),))
    text = CASE.replace(
        "4. Clinic (2007).",
        "4. Pumps (2006). The Water Action Programme (Wap) trained the mechanics.\n"
        "5. Pipes (2007). Wap gave 4 000 somoni and the Khukumat of Varzob rayon 900 somoni.\n"
        "6. Clinic (2007).",
    )
    (draft,) = extract(text, registry)
    assert ("wap", Decimal(4000)) in given(draft, "Pipes")


def test_the_subject_of_the_last_clause_collected_the_amount() -> None:
    draft = drafted(
        "4. Printer (2006). Two computers were bought for $1,400 granted by UNICEF, and parents\n"
        "collected $90 for a printer."
    )
    by_amount = {c.amount: c.by for c in project(draft, "Printer").contributions}
    assert by_amount[Decimal(1400)] == "unicef"
    assert by_amount[Decimal(90)].startswith("community-")


def test_this_work_is_the_work_of_the_subject_before_and_a_bracket_after_the_name_says_how() -> None:
    draft = drafted(
        "4. Yard (2006). UNICEF gave $500. Volunteers of the NGO paved the yard themselves; this work\n"
        "was valued at $150.\n"
        "5. Stove (2006). Sources of money:\n"
        "   UNICEF ................................ 700 TJS\n"
        "   NGO Nuri Dasht (membership fees) ...... 300 TJS\n"
        "   Total ................................. 1 000 TJS"
    )
    assert {(c.by, c.amount, c.kind) for c in project(draft, "Yard").contributions} == {
        ("unicef", Decimal(500), "unspecified"),
        ("ngo-nuri-dasht", Decimal(150), "labour"),
    }
    assert given(draft, "Stove") == {("unicef", Decimal(700)), ("ngo-nuri-dasht", Decimal(300))}


def test_the_grant_or_the_price_in_the_next_sentence_is_the_subjects() -> None:
    draft = drafted(
        "4. Debates (2006). Mercy Corps supported a debate club. The grant came to $2.4 thousand.\n"
        "5. Tractor (2006). UNICEF bought a tractor for the farmers. Its price, $7.300, included a plough."
    )
    debates, tractor = project(draft, "Debates"), project(draft, "Tractor")
    assert debates.total is None and tractor.total is None
    assert [(c.by, c.amount, c.kind) for c in debates.contributions] == [
        ("mercy-corps", Decimal(2400), "unspecified")
    ]
    assert [(c.by, c.amount, c.kind) for c in tractor.contributions] == [("unicef", Decimal(7300), "in-kind")]


def test_a_price_with_no_giver_before_stays_nobodys() -> None:
    item = "4. Tractor (2006). The farmers chose a tractor. Its price, $7.300, was high. UNICEF gave $900."
    draft = drafted(item)
    assert given(draft, "Tractor") == {("unicef", Decimal(900))}


def test_state_institutions_named_by_their_field_are_rayon_bodies() -> None:
    draft = drafted(
        "4. Clinic rooms (2006). The Varzob rayon land committee measured the plot, the Varzob rayon\n"
        "centre of family medicine sent a nurse, and the Varzob rayon TB centre tested the children.\n"
        "Lessons are held in secondary school No. 7 of Dehi Bolo, which gives the hall. UNICEF gave $800."
    )
    levels = {e.name: e.level for e in draft.entities if e.is_government}
    assert levels["Varzob rayon land committee"] == "city-rayon"
    assert levels["Varzob rayon centre of family medicine"] == "city-rayon"
    assert levels["Varzob rayon TB centre"] == "city-rayon"
    assert levels["Secondary school No. 7 of Dehi Bolo"] == "city-rayon"


def test_a_school_that_is_only_a_place_and_any_state_body_are_no_partners() -> None:
    draft = drafted(
        "4. Roof (2006). The roof of school # 9 was repaired; UNICEF gave $800. The NGO is not\n"
        "registered with any state body."
    )
    assert not any("chool" in e.name or "unnamed" in e.name for e in draft.entities)


def test_money_from_a_budget_a_reserve_fund_savings_or_a_collection_is_cash() -> None:
    draft = drafted(
        "4. Gate (2006). The gate cost $1,900. UNICEF gave $800, the Khukumat of Varzob rayon granted\n"
        "$500 from its reserve fund, the khukumat's share of $300 was taken from the rayon budget, the\n"
        "members put in $200 from their savings, and parents collected $100."
    )
    kinds = {c.amount: c.kind for c in project(draft, "Gate").contributions}
    assert kinds == {
        Decimal(800): "unspecified",
        Decimal(500): "cash",
        Decimal(300): "cash",
        Decimal(200): "cash",
        Decimal(100): "cash",
    }


@pytest.mark.parametrize(
    ("printed", "founded"),
    [
        ("NGO Nuri Dasht was founded on 9 April 2003 by five teachers.", "9 April 2003"),
        ("The NGO came together in the autumn of 2003, when five teachers met.", "autumn 2003"),
    ],
)
def test_founding_dates_with_the_day_first_or_a_season(printed: str, founded: str) -> None:
    text = CASE.replace("NGO Nuri Dasht was founded in 2003;", printed + " Its")
    (draft,) = extract(text, Registry(()))
    main = next(e for e in draft.entities if e.id == draft.organization)
    assert main.founded == founded


def test_a_registrar_the_text_names_as_a_body() -> None:
    text = CASE.replace(
        "its registration certificate was issued by the\nMinistry of Justice of RT on 14.06.2003 (# 2231).",
        "it was registered by the Department of Justice of\nVarzob on 14.06.2003.",
    )
    (draft,) = extract(text, Registry(()))
    main = next(e for e in draft.entities if e.id == draft.organization)
    assert main.registration is not None
    status, by, date, _ = main.registration
    registrar = next(e for e in draft.entities if e.id == by)
    assert (status, date) == ("registered", "14.06.2003")
    assert registrar.is_government and "Justice" in registrar.name


def test_projects_carried_out_with_state_bodies_name_no_body() -> None:
    draft = drafted("4. Path (2006). Since 2004 the NGO carried out four projects with state bodies.")
    assert not any("unnamed" in e.name for e in draft.entities)
    draft = drafted("4. Path (2006). The path cost $900; state bodies gave $300 and UNICEF $600.")
    assert any("unnamed" in e.name for e in draft.entities)


def test_what_a_fund_started_with_is_its_total() -> None:
    draft = drafted(
        "4. Seed fund (2006). UNICEF gave $900 and the members $100, so that the fund started with $1,000."
    )
    fund = project(draft, "Seed fund")
    assert fund.total == (Decimal(1000), "USD")
    assert given(draft, "Seed fund") == {("unicef", Decimal(900)), ("ngo-nuri-dasht", Decimal(100))}


def test_a_share_that_came_from_entrance_fees_is_cash() -> None:
    draft = drafted(
        "4. Mill (2006). The mill needed 5,000 Somoni. UNICEF gave 80%, and the last 20% came from the\n"
        "entrance fees of the members."
    )
    kinds = {(c.by, c.amount): c.kind for c in project(draft, "Mill").contributions}
    assert kinds == {("unicef", Decimal(4000)): "unspecified", ("ngo-nuri-dasht", Decimal(1000)): "cash"}
