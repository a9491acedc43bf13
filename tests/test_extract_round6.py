"""Round six of ``kg extract``: donors, names broken over lines, the agent of a money verb, lists of
shares and co-reference; each rule on a short invented sentence (no sentence, name or phrase of a
measured text).

Each test puts one invented project into the small case study of ``test_extract_reading`` and
asserts the record drafted from it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_extract_round3 import drafted, given


@pytest.mark.parametrize(
    ("printed", "donor"),
    [
        ("The Global Fund for Women", "global-fund-for-women"),
        ("The Global Fund", "global-fund"),
        ("The Kvinna till Kvinna Foundation", "kvinna-till-kvinna"),
        ("The British Embassy in Dushanbe", "uk-embassy"),
        ("Mama Cash", "mama-cash"),
    ],
)
def test_more_real_donors_are_in_the_gazetteer(printed: str, donor: str) -> None:
    draft = drafted(f"4. Looms (2006). {printed} gave $2,000 for looms.")
    assert given(draft, "Looms") == {(donor, Decimal(2000))}
