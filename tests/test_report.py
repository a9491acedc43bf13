"""The analysis report: its numbers equal the query library's answers, and its pages are sound."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pandas as pd

from kg.analysis.findings import Analysis, analyze
from kg.outputs.report import write_report
from kg.query.library import read_library, run_query
from tests.conftest import REPO
from tests.test_serve import bundled_store


@cache
def analysis() -> Analysis:
    return analyze(bundled_store())


def query(name: str) -> pd.DataFrame:
    return run_query(bundled_store(), read_library(REPO / "queries")[name]).to_dataframe()


def test_money_by_contributor_sector_equals_the_query() -> None:
    # The query counts each contribution once (its sector of work only selects projects), so its rows
    # summed per currency and contributor sector are the report's sums exactly (issue 17).
    table = analysis().tables["money_by_sector"]
    from_report = table.groupby(["currency", "contributor_sector"])["amount"].sum().to_dict()
    contributions = analysis().tables["contributions"]
    with_amount = contributions[contributions["amount"].notna()]
    from_facts = with_amount.groupby(["currency", "contributor_sector"])["amount"].sum().to_dict()
    assert from_report == from_facts
    rows = query("money-by-contributor-sector")
    from_query = rows.groupby(["currency", "contributorSector"])["total"].sum().to_dict()
    assert from_query == from_report
    assert {k: v for k, v in from_query.items() if k[1] == "state"} == {("USD", "state"): 725}


def test_state_money_equals_the_query() -> None:
    state = analysis().tables["state_cofinancing"].set_index("currency")
    overall = query("state-cofinancing-overall").set_index("currency")
    assert float(state.loc["USD", "state"]) == float(overall.loc["USD", "stateAmount"])


def test_cofunding_pairs_equal_the_query() -> None:
    pairs = analysis().tables["donor_cofunding"]
    rows = query("co-funding-pairs")
    assert len(pairs) == len(rows)
    from_report = {
        frozenset((a, b)): n for a, b, n in pairs[["a", "b", "shared_projects"]].itertuples(index=False)
    }
    from_query = {
        frozenset((a, b)): n
        for a, b, n in rows[["funderA", "funderB", "sharedProjects"]].itertuples(index=False)
    }
    assert from_report == from_query


def test_forms_by_level_equal_the_query() -> None:
    table = analysis().tables["forms_by_level"]
    rows = query("collaboration-forms-by-level")
    for level, form, partnerships in rows[["levelCode", "formCode", "partnerships"]].itertuples(index=False):
        assert table.loc[form, level] == partnerships, (form, level)
    assert int(table.to_numpy().sum()) == int(rows["partnerships"].sum())


def test_report_pages_tables_and_exports(tmp_path: Path) -> None:
    written = write_report(analysis(), tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {
        "report.html",
        "report.md",
        "evidence.html",
        "tables/brokerage.csv",
        "money.svg",
        "exports/collaboration.graphml",
        "exports/collaboration.gexf",
        "exports/collaboration-nodes.csv",
        "exports/collaboration-edges.csv",
    } <= names
    html_text = (tmp_path / "report.html").read_text(encoding="utf-8")
    evidence = (tmp_path / "evidence.html").read_text(encoding="utf-8")
    for finding in analysis().findings:
        assert html.escape(finding.title) in html_text
    for anchor in re.findall(r'href="evidence\.html#([^"]+)"', html_text):
        assert f'id="{anchor}"' in evidence
    assert "<script" not in html_text and "<script" not in evidence


def test_exports_open_in_networkx_with_their_attributes(tmp_path: Path) -> None:
    import networkx as nx

    write_report(analysis(), tmp_path)
    graph = nx.read_graphml(tmp_path / "exports" / "collaboration.graphml")
    assert graph.number_of_nodes() == analysis().collaboration.number_of_nodes()
    assert graph.number_of_edges() == analysis().collaboration.number_of_edges()
    node = next(iter(graph.nodes(data=True)))[1]
    assert {"label", "sector", "kind", "region"} <= set(node)
    gexf = nx.read_gexf(tmp_path / "exports" / "collaboration.gexf")
    assert gexf.number_of_edges() == graph.number_of_edges()


def test_report_is_deterministic(tmp_path: Path) -> None:
    write_report(analysis(), tmp_path / "a")
    write_report(analyze(bundled_store()), tmp_path / "b")
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes(), path


def test_charts_are_svg_with_their_labels_as_text(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    write_report(analysis(), tmp_path)
    svg = "{http://www.w3.org/2000/svg}"
    for name in ("cso_kind_by_level", "forms_by_level", "money", "brokerage", "over_time"):
        root = ET.parse(tmp_path / f"{name}.svg").getroot()
        assert root.tag == f"{svg}svg" and root.find(f"{svg}title") is not None, name
        assert root.findall(f".//{svg}rect"), name
    brokers = ET.parse(tmp_path / "brokerage.svg").getroot()
    texts = {t.text for t in brokers.iter(f"{svg}text")}
    assert str(analysis().tables["brokerage"].iloc[0]["label"])[:40] in texts
    html_text = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html_text.count("<svg ") == 5 and "<img" not in html_text  # inline: nothing else to serve


def test_chart_text_is_escaped() -> None:
    import xml.etree.ElementTree as ET

    from kg.outputs.report import heatmap, stacked_bars

    hostile = "<script>alert(1)</script> & co"
    bars = stacked_bars([hostile], [(hostile, "#000000", [3.0])], title=hostile, axis=hostile, legend=hostile)
    grid = heatmap([hostile], [hostile], [[2.0]], title=hostile)
    for svg in (bars, grid):
        assert "<script" not in svg
        root = ET.fromstring(svg)
        assert hostile in {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
