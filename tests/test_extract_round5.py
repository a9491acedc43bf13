"""Round five of ``kg extract``: state institutions, the donor gazetteer, money in tables and in the
organization's own words, and totals; each rule on a short invented sentence (no sentence, name or
phrase of a measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

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
