"""Change over time: ties dated by their projects' start years, counted per year and cumulatively.

The counts of 2002 are checked by hand against data/cases/14-cssc-kalam.yaml: the First Forum of
Civil Society (year 2002) is led by CSSC Kalam with four participants, five actors and ten
shared-project pairs; one partnership (the GBAO authorities with CSSC Kalam) is about it, an
eleventh tie. Nothing else in the book starts in 2002 or 2003.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from lxml import etree

from kg.analysis.network import NetworkData, collaboration, read_network_data
from kg.analysis.timeline import ALL, UNDATED, dynamic_graph, finding, over_time, tie_table, tie_years
from kg.outputs.exports import flat_copy, write_gexf
from tests.test_export_schemas import GEXF, schema_errors
from tests.test_serve import bundled_store

ID = "https://w3id.org/hamkori/id/"


@cache
def book() -> tuple[NetworkData, nx.Graph]:
    data = read_network_data(bundled_store())
    return data, collaboration(data)


@cache
def table() -> pd.DataFrame:
    return over_time(*book())


def years(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(index=[UNDATED, ALL])


def test_the_book_by_year_hand_checked() -> None:
    t = table()
    assert list(years(t).index) == [str(y) for y in range(2000, 2007)]  # 2001 and 2003 start nothing
    row = t.loc["2002"]
    assert (row["projects"], row["partnerships"], row["contributions"]) == (1, 1, 0)
    assert (row["new_ties"], row["ties"], row["actors"], row["components"]) == (11, 11, 6, 1)
    # Of the 11 ties, the partnership is the only one with a state body. Three of the forum's five
    # are civil society (CSSC Kalam, the NGOs and the political parties of GBAO), three ties inside
    # one sector; business and media make the other 8 cross sectors: E-I = (8 - 3) / 11.
    assert row["state_share"] == round(1 / 11, 4)
    assert row["ei_index"] == round(5 / 11, 4)
    assert tuple(t.loc["2003", ["new_ties", "ties", "actors"]]) == (0, 11, 6)
    assert tuple(t.loc["2000", ["projects", "new_ties", "ties"]]) == (1, 0, 0)  # one actor alone
    assert tuple(t.loc["2006", ["new_ties", "ties"]]) == (27, 57)


def test_the_2002_ties_are_the_forum_and_its_partnership() -> None:
    data, graph = book()
    dated = {frozenset(e) for e, t in tie_years(data, graph).items() if t.first == 2002}
    forum = [
        ID + "organization/" + name
        for name in ("cssc-kalam", "political-parties-gbao", "ngos-gbao", "business-structures-gbao")
    ]
    forum.append(ID + "organization/mass-media-gbao")
    expected = {frozenset((a, b)) for i, a in enumerate(forum) for b in forum[i + 1 :]}
    expected.add(frozenset((ID + "organization/authorities-gbao", ID + "organization/cssc-kalam")))
    assert dated == expected


def test_undated_facts_are_counted_not_dropped() -> None:
    data, graph = book()
    t = table()
    assert t.loc[UNDATED, "new_ties"] > 0
    for column, total in (
        ("new_ties", graph.number_of_edges()),
        ("partnerships", len(data.partnerships)),
        ("contributions", len(data.contributions)),
        ("projects", len(data.projects)),
    ):
        assert years(t)[column].sum() + t.loc[UNDATED, column] == total == t.loc[ALL, column], column
    assert t.loc[ALL, "ties"] == graph.number_of_edges()
    assert t.loc[UNDATED, "ties"] == t.loc[UNDATED, "new_ties"]  # the undated network, measured apart
    ties = tie_table(data, graph)
    assert len(ties) == graph.number_of_edges()
    assert (ties["first_year"] == "").sum() == t.loc[UNDATED, "new_ties"]


def test_the_network_is_cumulative() -> None:
    t = years(table())
    for column in ("ties", "actors", "largest_component"):
        assert t[column].is_monotonic_increasing, column
    assert list(t["ties"].diff().iloc[1:]) == list(t["new_ties"].iloc[1:])


def test_a_partnership_is_dated_by_its_project_and_undated_without_one() -> None:
    data = NetworkData()
    for actor, sector in (("cso", "civil-society"), ("state", "state"), ("donor", "donor")):
        data.actors[actor] = {"label": actor, "kind": "x", "sector": sector, "level": "", "region": ""}
    data.projects["p"] = {"label": "p", "leader": "cso", "year": "2004"}
    data.projects["q"] = {"label": "q", "leader": "cso", "year": ""}  # only an opening year, say
    data.partnerships = [
        {"id": "dated", "cso": "cso", "state": "state", "forms": [], "project": "p", "evidence": []},
        {"id": "free", "cso": "cso", "state": "state", "forms": [], "project": None, "evidence": []},
    ]
    data.contributions = [
        {
            "id": "c",
            "actor": "donor",
            "project": "q",
            "role": "funding",
            "amount": None,
            "currency": "",
            "evidence": [],
        }
    ]
    graph = collaboration(data)
    ties = tie_years(data, graph)
    assert {frozenset(e): (t.years, t.undated) for e, t in ties.items()} == {
        frozenset(("cso", "state")): ((2004,), 1),  # its partnership about p, and the one about nothing
        frozenset(("cso", "donor")): ((), 1),  # they share q, which prints no start year
    }
    t = over_time(data, graph)
    assert list(t.index) == ["2004", UNDATED, ALL]
    assert tuple(t.loc["2004", ["projects", "partnerships", "new_ties", "state_share"]]) == (1, 1, 1, 1.0)
    assert tuple(t.loc[UNDATED, ["projects", "partnerships", "contributions", "new_ties"]]) == (1, 1, 1, 1)


def test_the_gexf_over_time_is_valid_and_its_spells_are_the_years(tmp_path: Path) -> None:
    data, graph = book()
    path = tmp_path / "collaboration-over-time.gexf"
    write_gexf(flat_copy(dynamic_graph(data, graph)), path)
    assert schema_errors(path) == []
    document = etree.parse(str(path))
    element = document.find("g:graph", GEXF)
    assert (element.get("mode"), element.get("timeformat")) == ("dynamic", "date")
    firsts = {frozenset(e): t.first for e, t in tie_years(data, graph).items()}
    starts = {
        frozenset((e.get("source"), e.get("target"))): e.get("start")
        for e in document.iterfind(".//g:edge", GEXF)
    }
    assert starts == {e: f"{y:04d}-01-01" if y else None for e, y in firsts.items()}
    node_starts = {n.get("id"): n.get("start") for n in document.iterfind(".//g:node", GEXF)}
    assert set(node_starts) == set(graph)  # undated actors stay, with no start
    for node, start in node_starts.items():
        years = [y for e, y in firsts.items() if node in e and y]
        assert start == (f"{min(years):04d}-01-01" if years else None), node
    back = nx.read_gexf(path)
    assert back.number_of_edges() == graph.number_of_edges()


def test_the_finding_states_the_trend_and_the_undated() -> None:
    t = table()
    sentence = finding(t).sentence
    dated = int(t.loc[ALL, "ties"] - t.loc[UNDATED, "new_ties"])
    assert f"{dated} can be dated and {int(t.loc[UNDATED, 'new_ties'])} cannot" in sentence
    assert "begins in 2002 with 11 ties among 6 actors and by 2006 holds 57 ties" in sentence


def test_the_whole_network_row_measures_what_the_headline_measures() -> None:
    """The 'all' row gives the headline's assortativity, USD total and state share of money."""
    from kg.analysis import measures

    data, graph = book()
    whole = table().loc[ALL]
    assert whole["assortativity"] == round(measures.assortativity(graph, "sector"), 4)
    usd = measures.state_cofinancing(data).set_index("currency").loc["USD"]
    assert whole["usd_printed"] == float(usd["total_printed"])
    assert whole["usd_state_share"] == float(usd["state_share"])


def test_structure_measures_of_a_year_are_those_of_its_network() -> None:
    """Degree centralization of a star is 1, of a triangle 0; modularity of two joined triangles is
    that of its two halves."""
    from kg.analysis.timeline import _measures

    star = nx.star_graph(4)
    nx.set_node_attributes(
        star, {0: "state", 1: "civil-society", 2: "civil-society", 3: "donor", 4: "donor"}, "sector"
    )
    assert _measures(star, sorted(star.edges))["degree_centralization"] == 1.0
    two = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    nx.set_node_attributes(two, "civil-society", "sector")
    measured = _measures(two, sorted(two.edges))
    assert measured["modularity"] == round(nx.community.modularity(two, [{0, 1, 2}, {3, 4, 5}]), 4)
    triangle = nx.Graph([(0, 1), (1, 2), (0, 2)])
    nx.set_node_attributes(triangle, "state", "sector")
    assert _measures(triangle, sorted(triangle.edges))["degree_centralization"] == 0.0


def test_money_is_counted_in_the_years_of_its_projects() -> None:
    """Cumulative: the USD printed never falls from year to year; dated plus undated is the whole."""
    by_year = years(table())["usd_printed"].tolist()
    assert by_year == sorted(by_year)
    assert by_year[-1] + table().loc[UNDATED, "usd_printed"] == table().loc[ALL, "usd_printed"]


def test_the_whole_network_row_has_the_headline_mixing_and_brokerage() -> None:
    """Dated and undated together: the 'all' row's Cramér's V and brokerage counts are the headline's."""
    from kg.analysis import measures
    from kg.analysis.timeline import cramers_v

    data, _ = book()
    whole = table().loc[ALL]
    assert whole["kind_by_level"] == round(
        cramers_v(measures.cso_kind_by_level(data).to_numpy(dtype=float)), 4
    )
    roles = measures.brokerage(data)
    assert whole["brokerage_itinerant"] == roles["itinerant"].sum()
    assert whole["brokerage_liaison"] == roles["liaison"].sum()


def test_cramers_v_equals_scipys() -> None:
    import numpy as np
    from scipy.stats.contingency import association

    from kg.analysis.timeline import cramers_v

    counts = np.array([[3, 1, 4], [1, 5, 9]])
    assert cramers_v(counts.astype(float)) == pytest.approx(association(counts, method="cramer"))
    assert np.isnan(cramers_v(np.array([[3.0, 1.0]])))


def test_each_year_has_the_network_of_that_year_alone() -> None:
    """Per period: the ties with a fact dated to the year; 2003 has none, and each year's period
    ties are at least its new ties (a tie dated earlier may recur) and at most its cumulative ones."""
    by_year = years(table())
    assert by_year.loc["2003", "period_ties"] == 0
    assert by_year.loc["2002", "period_ties"] == by_year.loc["2002", "ties"] == 11
    assert (by_year["period_ties"] >= by_year["new_ties"]).all()
    assert (by_year["period_ties"] <= by_year["ties"]).all()
