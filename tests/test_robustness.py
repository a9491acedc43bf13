"""The findings under other readings: each reading changes what its note disputes and only that."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from kg.analysis.inference import Result
from kg.analysis.network import NetworkData, read_network_data
from kg.analysis.robustness import (
    HEADLINES,
    ID,
    READINGS,
    Reading,
    holds,
    pistamazor_merged,
    reading_tests,
    robustness,
    support_as_funding,
    unnamed_local_bodies,
    without_unnamed_local_bodies,
)
from tests.test_report import analysis
from tests.test_serve import bundled_store

SCHOOL, SCHOOL_7 = f"{ID}project/vo-pistamazor-new-school", f"{ID}project/vo-pistamazor-school-7"
DRAWS = 199  # enough for p below 0.05 to be told apart from chance on the book
KHUKUMAT, STRUCTURE = (
    f"{ID}organization/khukumat-shurobod",
    f"{ID}organization/state-structure-pistamazor-school",
)


@cache
def book() -> NetworkData:
    return read_network_data(bundled_store())


def _ids(rows: list[dict[str, object]]) -> set[object]:
    return {row["id"] for row in rows}


def test_unnamed_local_bodies_are_the_states_unnamed_bodies_below_the_nation() -> None:
    data = book()
    found = unnamed_local_bodies(data)
    assert f"{ID}organization/local-authorities-darai-muhtor" in found
    assert f"{ID}organization/key-ministries-rt" not in found  # unnamed, but national
    assert f"{ID}organization/business-structures-gbao" not in found  # unnamed, but not the state
    assert all("(unnamed" in data.actors[a]["label"] for a in found)


def test_without_unnamed_bodies_drops_them_and_their_ties_only() -> None:
    data, gone = book(), unnamed_local_bodies(book())
    read = without_unnamed_local_bodies(data)
    assert read.actors == {a: v for a, v in data.actors.items() if a not in gone}
    assert read.projects == data.projects
    assert read.contributions == [c for c in data.contributions if c["actor"] not in gone]
    kept = [p for p in data.partnerships if p["state"] not in gone and p["cso"] not in gone]
    assert read.partnerships == kept and len(kept) < len(data.partnerships)
    assert read.participations == [p for p in data.participations if p["actor"] not in gone]


def test_support_as_funding_changes_roles_only() -> None:
    data = book()
    read = support_as_funding(data)
    supporting = [c for c in data.contributions if c["role"] == "supporting"]
    assert len(supporting) == 5
    changed = [(a, b) for a, b in zip(data.contributions, read.contributions, strict=True) if a != b]
    assert len(changed) == len(supporting)
    for before, after in changed:
        assert (before["role"], after["role"]) == ("supporting", "funding")
        assert {**before, "role": "funding"} == after
    assert (read.actors, read.projects, read.partnerships) == (data.actors, data.projects, data.partnerships)


def test_pistamazor_merged_folds_one_project_and_one_body() -> None:
    data = book()
    read = pistamazor_merged(data)
    assert read.projects.keys() == data.projects.keys() - {SCHOOL_7}
    assert read.actors.keys() == data.actors.keys() - {STRUCTURE}
    khukumat = [c for c in read.contributions if c["actor"] == KHUKUMAT and c["project"] == SCHOOL]
    assert len(khukumat) == 1 and khukumat[0]["amount"] == 290 and khukumat[0]["currency"] == "USD"
    assert {c["actor"] for c in read.contributions if c["project"] == SCHOOL} == {
        f"{ID}organization/{slug}" for slug in ("msdsp", "khukumat-shurobod", "presidents-fund", "caip")
    }
    pair = [p for p in read.partnerships if (p["state"], p["project"]) == (KHUKUMAT, SCHOOL)]
    assert len(pair) == 1 and pair[0]["forms"] == ["co-financing"] and len(pair[0]["evidence"]) == 2
    touched = {SCHOOL, SCHOOL_7}
    assert [c for c in read.contributions if c["project"] not in touched] == [
        c for c in data.contributions if c["project"] not in touched
    ]
    assert [p for p in read.partnerships if p["project"] not in touched] == [
        p for p in data.partnerships if p["project"] not in touched
    ]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.key)
def test_a_reading_leaves_the_data_it_reads_unchanged(reading: Reading) -> None:
    data = read_network_data(bundled_store())
    before = repr(data)
    assert reading.apply(data) != data
    assert repr(data) == before


def test_support_as_funding_leaves_the_collaboration_tests_as_recorded() -> None:
    # The role of a contribution does not enter the collaboration network: its tests are unchanged,
    # draw for draw, while the tests of funding ties move.
    recorded = reading_tests(book(), permutations=DRAWS)
    read = reading_tests(support_as_funding(book()), permutations=DRAWS)
    for key in ("ei_index:all", "assortativity", "modularity", "degree_centralization", "kind_by_level"):
        assert read[key] == recorded[key], key
    assert read["partnership_funding"].observed != recorded["partnership_funding"].observed


def _result(observed: float, mean: float, p: float | None, interval: tuple[float, float] = (0, 1)) -> Result:
    return Result(observed, mean, interval, p, 99, "test")


def test_a_finding_that_flips_does_not_hold() -> None:
    unusual_high = _result(0.7, 0.3, 0.01)
    assert holds(unusual_high, _result(0.6, 0.3, 0.02))
    assert not holds(unusual_high, _result(0.6, 0.3, 0.2))  # no longer unusual
    assert not holds(unusual_high, _result(0.1, 0.4, 0.01))  # unusual the other way
    assert not holds(_result(0.3, 0.3, 0.5), _result(0.9, 0.3, 0.01))  # chance → unusual
    share = _result(0.1, 0.1, None, (0.05, 0.2))
    assert holds(share, _result(0.15, 0.1, None)) and not holds(share, _result(0.3, 0.3, None))


def test_the_table_is_deterministic_and_says_where_a_finding_flips() -> None:
    data = book()
    recorded = reading_tests(data, permutations=DRAWS)
    table = robustness(data, recorded, permutations=DRAWS)
    pd.testing.assert_frame_equal(table, robustness(data, recorded, permutations=DRAWS))
    assert len(table) == len(READINGS) * len(HEADLINES)
    tested = table[table["p_value"].notna()]
    flipped = tested[tested["verdict"] != tested["recorded_verdict"]]
    assert (flipped["holds"] == "no").all()

    def drop_partnerships(d: NetworkData) -> NetworkData:
        return NetworkData(**{**vars(d), "partnerships": []})

    nothing = robustness(
        data,
        recorded,
        readings=(Reading("none", "without partnerships", "", drop_partnerships),),
        permutations=DRAWS,
    )
    row = nothing.set_index("test").loc["partnership_funding"]
    assert row["holds"] == "no"  # unusual on the book, nothing left to correlate without partnerships


def test_the_report_states_every_finding_that_does_not_hold() -> None:
    result = analysis()
    table = result.tables["robustness"]
    finding = next(f for f in result.findings if f.key == "robustness")
    failed = table[table["holds"] == "no"]
    assert set(table["reading"]) == {r.key for r in READINGS}
    assert f"{table['measure'].nunique() - failed['measure'].nunique()} of the" in finding.sentence
    for row in failed.itertuples():
        assert row.measure in finding.sentence
