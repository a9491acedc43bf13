"""The gazetteer of international donors (``kg/extract/donors.yaml``) that ``kg extract`` proposes
new donors from: every way a donor is printed must find that donor and no other."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from kg.extract.text import Known, Registry

GAZETTEER = yaml.safe_load(resources.files("kg.extract").joinpath("donors.yaml").read_text("utf-8"))
# the classes its header names
CLASSES = {"international-organization", "development-agency", "international-ngo", "embassy"}
DONORS = Registry(()).with_donors()


def test_each_donor_has_one_id_and_a_class() -> None:
    ids = [item["id"] for item in GAZETTEER]
    assert len(ids) == len(set(ids)) and len(ids) > 200
    assert {item["class"] for item in GAZETTEER} <= CLASSES


@pytest.mark.parametrize("entry", DONORS.entries, ids=[entry.id for entry in DONORS.entries])
def test_every_printed_form_of_a_donor_finds_it_alone(entry: Known) -> None:
    # an alias shared by two donors would find neither (lookup refuses a name that stands for several)
    for name in entry.names:
        link = DONORS.lookup(name, ("organization",))
        assert link is not None and link.known.id == entry.id, (name, link)
