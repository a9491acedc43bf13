"""Round three of ``kg extract``: voice, apposition, co-reference and money forms, each rule on a
short invented sentence (no sentence, name or phrase of a measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

from decimal import Decimal

from kg.extract.extractor import extract
from kg.extract.model import CaseDraft, ProjectDraft
from kg.extract.text import Registry
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
