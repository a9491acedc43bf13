"""Significance tests (kg.analysis.inference) on cases whose answer is known, and in the report.

Known answers: a perfectly segregated network's E-I index is as low as it can be, so no shuffle of
its groups goes as far and p is 1 / (n + 1); a relation's QAP correlation with itself is 1, reached
by no relabelling; two independent random relations give p-values spread evenly over (0, 1].
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from kg.analysis import measures
from kg.analysis.findings import Analysis, analyze
from kg.analysis.inference import (
    MIN_UNITS,
    bootstrap_interval,
    null_result,
    permutation_test,
    qap_correlation,
    rewired,
    rewiring_test,
    two_sided_p,
)
from kg.analysis.significance import (
    GRAPH_WORK,
    MIN_DRAWS,
    affordable,
    degree_centralization,
    mixing_tests,
    pair_ends,
    tie_pairs,
)
from kg.outputs.report import write_report
from tests.test_report import analysis
from tests.test_serve import bundled_store


def segregated(groups: int = 2, size: int = 10) -> nx.Graph:
    """``groups`` cliques of ``size`` nodes, each clique one sector: every tie stays inside."""
    graph = nx.Graph()
    for g in range(groups):
        members = [f"{g}-{i}" for i in range(size)]
        graph.add_nodes_from(members, sector=f"sector-{g}")
        graph.add_edges_from((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return graph


# --- The p-value ----------------------------------------------------------------------------------


def test_p_value_counts_the_observed_value_as_one_draw() -> None:
    null = np.array([0.0, 1.0, -1.0, 2.0])  # mean 0.5
    assert two_sided_p(10.0, null) == pytest.approx(1 / 5)  # none as far: (0 + 1) / (4 + 1)
    assert two_sided_p(0.5, null) == pytest.approx(5 / 5)  # all at least as far from the mean
    assert two_sided_p(2.0, null) == pytest.approx(3 / 5)  # 2.0 and -1.0 lie 1.5 away
    assert two_sided_p(-1.0, null) == two_sided_p(2.0, null)  # two-sided


def test_a_null_with_few_values_is_too_small_to_tell() -> None:
    lumpy = null_result(1.0, [0.0, 1.0, 2.0] * 100, "toy")  # a third of the draws at each edge
    assert lumpy.too_small and lumpy.verdict == "too small to tell" and not lumpy.unusual
    spread = null_result(5.0, np.random.default_rng(1).normal(size=999), "toy")
    assert not spread.too_small and spread.unusual and spread.p_value == pytest.approx(1 / 1000)
    assert null_result(0.0, [3.0] * 50, "constant").too_small


def test_permutations_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        qap_correlation(np.eye(3), np.eye(3), permutations=0)


# --- Node-label permutations ----------------------------------------------------------------------


@pytest.mark.parametrize("groups", [2, 3])
def test_segregated_network_gives_the_smallest_p_value(groups: int) -> None:
    results = mixing_tests(segregated(groups), permutations=199, seed=3)
    ei = results["ei_index:all"]
    assert ei.observed == -1.0 and ei.p_value == pytest.approx(1 / 200) and ei.unusual
    assert results["assortativity"].observed == pytest.approx(1.0)
    assert results["assortativity"].p_value == pytest.approx(1 / 200)
    assert ei.null_interval[1] < 0.5 < ei.null_mean + 1  # shuffled groups mix, far from -1


def test_mixing_values_equal_the_reports_measures() -> None:
    rng = np.random.default_rng(5)
    graph = nx.gnm_random_graph(40, 90, seed=5)
    nx.set_node_attributes(graph, {n: f"s{rng.integers(0, 4)}" for n in graph}, "sector")
    results = mixing_tests(graph, permutations=9)
    table = measures.ei_index(graph, "sector")
    for group, row in table.iterrows():
        assert results[f"ei_index:{group}"].observed == pytest.approx(row["ei_index"]), group
    assert results["assortativity"].observed == pytest.approx(measures.assortativity(graph, "sector"))


def test_random_labels_give_spread_p_values() -> None:
    # Under the null (labels random, statistic unrelated to structure) p is about uniform.
    rng = np.random.default_rng(11)
    p_values = []
    for trial in range(60):
        values = rng.normal(size=30)

        def mean_of_first_group(draws: np.ndarray, values: np.ndarray = values) -> np.ndarray:
            return np.asarray((values * (draws == 0)).sum(axis=1) / 15.0)

        labels = np.array([0] * 15 + [1] * 15)
        p_values.append(permutation_test(labels, mean_of_first_group, permutations=99, seed=trial).p_value)
    p = np.array(p_values, dtype=float)
    assert 0.35 < p.mean() < 0.65
    assert (p < 0.05).mean() < 0.15


# --- QAP ------------------------------------------------------------------------------------------


def random_relation(rng: np.random.Generator, n: int = 25, density: float = 0.2) -> np.ndarray:
    upper = np.triu(rng.random((n, n)) < density, 1)
    return (upper | upper.T).astype(float)


def test_qap_of_a_relation_with_itself() -> None:
    relation = random_relation(np.random.default_rng(2))
    result = qap_correlation(relation, relation, permutations=199, seed=1)
    assert result.observed == pytest.approx(1.0)
    assert result.p_value == pytest.approx(1 / 200) and result.unusual


def test_qap_correlation_is_pearsons_over_the_off_diagonal() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.random((12, 12)), rng.random((12, 12))
    off = ~np.eye(12, dtype=bool)
    assert qap_correlation(a, b, permutations=5).observed == pytest.approx(np.corrcoef(a[off], b[off])[0, 1])


def test_qap_of_independent_relations_gives_spread_p_values() -> None:
    rng = np.random.default_rng(7)
    p = np.array(
        [
            qap_correlation(random_relation(rng), random_relation(rng), permutations=99, seed=trial).p_value
            for trial in range(60)
        ],
        dtype=float,
    )
    assert 0.35 < p.mean() < 0.65
    assert (p < 0.05).mean() < 0.15


def test_qap_refuses_matrices_of_different_sizes() -> None:
    with pytest.raises(ValueError, match="square matrices of one size"):
        qap_correlation(np.eye(3), np.eye(4))


# --- Rewiring and bootstrap -----------------------------------------------------------------------


def test_rewiring_keeps_every_degree_and_the_graph_simple() -> None:
    graph = nx.gnm_random_graph(30, 60, seed=8)
    edges = np.array(list(graph.edges()), dtype=np.int64)
    degrees = np.bincount(edges.ravel(), minlength=30)
    draws = rewired(edges, 50, seed=1)
    changed = 0
    for draw in draws:
        assert (np.bincount(draw.ravel(), minlength=30) == degrees).all()
        assert (draw[:, 0] != draw[:, 1]).all()
        assert len({tuple(sorted(pair)) for pair in draw.tolist()}) == len(draw)
        changed += len({tuple(sorted(p)) for p in draw.tolist()} - {tuple(sorted(p)) for p in edges.tolist()})
    assert changed > 0.5 * len(edges) * len(draws)  # the draws are other graphs, not the same one
    again = rewired(edges, 50, seed=1)
    assert all((x == y).all() for x, y in zip(draws, again, strict=True))
    assert any((x != y).any() for x, y in zip(draws, rewired(edges, 50, seed=2), strict=True))


def test_rewiring_test_of_a_degree_measure_cannot_tell() -> None:
    # Rewiring keeps the degrees, so a measure of degrees alone never changes: nothing to tell.
    edges = np.array(list(nx.gnm_random_graph(20, 40, seed=3).edges()), dtype=np.int64)

    def centralization(draw: np.ndarray) -> float:
        return float(degree_centralization(np.bincount(draw.ravel(), minlength=20).astype(float)))

    result = rewiring_test(edges, centralization, permutations=20)
    assert result.too_small and result.p_value == 1.0


def test_bootstrap_interval_of_a_share() -> None:
    amounts = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0, 120.0])
    paid = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], dtype=float)

    def share(counts: np.ndarray) -> np.ndarray:
        return np.asarray((counts @ (amounts * paid)) / (counts @ amounts))

    result = bootstrap_interval(len(amounts), share, permutations=500, seed=4)
    low, high = result.null_interval
    assert result.observed == pytest.approx(360 / 780)
    assert 0 < low < result.observed < high < 1 and result.p_value is None
    assert result == bootstrap_interval(len(amounts), share, permutations=500, seed=4)
    few = bootstrap_interval(MIN_UNITS - 1, lambda c: c.sum(axis=1) / (MIN_UNITS - 1.0))
    assert few.too_small and few.verdict == "too small to tell"


# --- The report -----------------------------------------------------------------------------------


@cache
def few_draws() -> Analysis:
    return analyze(bundled_store(), permutations=99)


def test_every_headline_sentence_carries_a_p_value_or_interval() -> None:
    stated = re.compile(r"p [=<] \d\.\d{3}|95 % interval \d|too (small|few)[^.]* to tell")
    # The change over time describes which ties are dated and tests nothing; test_timeline checks
    # that it says how many are not, and that the dated years are a sample.
    described = {"over_time"}
    for finding in analysis().findings:
        assert finding.key in described or stated.search(finding.sentence), finding.key


def test_report_numbers_equal_their_tests_observed_values() -> None:
    result = analysis()
    t, n, tests = result.tables, result.numbers, result.tests
    assert tests["ei_index:all"].observed == pytest.approx(t["ei_index"].loc["all", "ei_index"])
    assert tests["assortativity"].observed == pytest.approx(n["assortativity"], abs=1e-4)
    roles = t["brokerage"]
    for role in ("coordinator", "itinerant", "representative", "gatekeeper", "liaison"):
        assert tests[f"brokerage:{role}"].observed == roles[role].sum(), role
    state = t["state_cofinancing"].set_index("currency")
    assert tests["money:USD:state"].observed == pytest.approx(state.loc["USD", "state_share"], abs=1e-4)
    assert tests["modularity"].observed == pytest.approx(n["modularity"], abs=0.01)  # igraph's Louvain
    assert tests["communities"].observed == n["communities"]


def test_cramers_v_equals_scipys() -> None:
    from scipy.stats.contingency import association

    result = analysis()
    for key, table in (("kind_by_level", "cso_kind_by_level"), ("form_by_level", "forms_by_level")):
        counts = result.tables[table].to_numpy()
        assert result.tests[key].observed == pytest.approx(association(counts, method="cramer")), key


def test_tie_overlap_counts_the_pairs_qap_correlates() -> None:
    result = analysis()
    actors, partnerships, fundings = tie_pairs(result.data)
    overlap = result.tables["tie_overlap"]["actor_pairs"]
    assert int(overlap.sum()) == len(actors) * (len(actors) - 1) // 2
    assert int(overlap["partnership and funding"]) == len(partnerships & fundings) > 0
    partnership, funding = (np.zeros((len(actors), len(actors))) for _ in range(2))
    for matrix, pairs in ((partnership, partnerships), (funding, fundings)):
        for i, j in pairs:
            matrix[i, j] = matrix[j, i] = 1
    off = ~np.eye(len(actors), dtype=bool)
    expected = np.corrcoef(partnership[off], funding[off])[0, 1]
    assert result.tests["partnership_funding"].observed == pytest.approx(expected)
    dense = qap_correlation(partnership, funding, permutations=99, seed=1)
    from_cells = qap_correlation_of(partnership, funding)
    assert dense == from_cells  # the dense and the sparse path draw the same relabellings


def qap_correlation_of(a: np.ndarray, b: np.ndarray) -> object:
    from scipy.sparse import csr_array

    return qap_correlation(csr_array(a), csr_array(b), permutations=99, seed=1)


def test_pairs_are_numbered_row_by_row() -> None:
    size = 7
    first, second = np.triu_indices(size, 1)
    got_first, got_second = pair_ends(np.arange(len(first), dtype=np.int64), size)
    assert (got_first == first).all() and (got_second == second).all()


def test_tests_draw_fewer_on_a_large_network() -> None:
    assert affordable(1000, 207, GRAPH_WORK) == 1000  # the book's 207 ties: every draw asked for
    assert affordable(1000, 50_000, GRAPH_WORK) == MIN_DRAWS  # a million triples: bounded …
    assert 1 / (MIN_DRAWS + 1) < 0.05  # … yet p < 0.05 can still be reached
    assert affordable(10, 50_000, GRAPH_WORK) == 10
    result = analysis()
    assert {test.permutations for test in result.tests.values()} == {1000}  # nothing cut on the book


def test_same_seed_same_report_bytes(tmp_path: Path) -> None:
    write_report(few_draws(), tmp_path / "a")
    write_report(analyze(bundled_store(), permutations=99), tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert Path("tables/inference.csv") in files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    other = analyze(bundled_store(), permutations=99, seed=1)
    means = few_draws().tables["inference"]["null_mean"]
    assert other.tables["inference"]["null_mean"].tolist() != means.tolist()  # the seed matters
    assert "99 draws from seed 2007" in (tmp_path / "a" / "report.md").read_text(encoding="utf-8")


def test_the_small_fixture_is_too_small_to_tell() -> None:
    from kg.authoring.loader import load_corpus
    from kg.mapping.mapper import map_corpus
    from kg.project.paths import ProjectPaths
    from kg.store import open_store
    from tests.conftest import MINI

    store = open_store("memory")
    store.load(map_corpus(load_corpus(ProjectPaths(MINI))).dataset)
    result = analyze(store, permutations=49)
    verdicts = result.tables["inference"].set_index("test")["verdict"]
    assert verdicts["ei_index:all"] == "too small to tell"
    assert verdicts["modularity"] == "too small to tell"
    assert not any(test.unusual for test in result.tests.values())
    structure = next(f for f in result.findings if f.key == "structure")
    assert "too small to tell" in structure.sentence


def test_analyze_refuses_fewer_than_one_permutation(capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    with pytest.raises(SystemExit) as exit:
        main(["analyze", "--permutations", "0"])
    assert exit.value.code == 2
    assert "--permutations: 0 is fewer than 1" in capsys.readouterr().err


def test_the_modules_example_runs() -> None:
    import doctest

    from kg.analysis import inference

    failures, tried = doctest.testmod(inference)
    assert tried and not failures


def test_the_pipeline_refuses_fewer_than_one_permutation(tmp_path: Path) -> None:
    from kg import pipeline
    from kg.errors import UsageError

    with pytest.raises(UsageError, match="at least 1, not 0"):
        pipeline.analyze(permutations=0, out=tmp_path / "build")
    assert not (tmp_path / "build").exists()  # refused before anything is written


def test_an_undefined_measure_is_never_unusual() -> None:
    """Cramér's V of an empty table is NaN: the test says it cannot tell, not that NaN is unusual."""
    from kg.analysis.inference import null_result

    result = null_result(float("nan"), [0.1, 0.2, 0.3], "label permutations")
    assert result.too_small and not result.unusual


def test_the_state_projects_interval_observes_the_headline_count() -> None:
    """The share of projects the state contributed to counts what the headline counts (support
    without a stated gift is no contribution)."""
    result = analysis()
    state = result.tables["state_cofinancing"].set_index("currency").loc["any"]
    share = state["projects_state_paid"] / state["projects_with_amounts"]
    assert result.tests["state_projects"].observed == pytest.approx(share)
