"""A rebuild that redoes only what changed gives exactly what a build from scratch gives.

Each test edits some named graphs of a synthetic project (with the kinds of mistakes authors
make), updates a store made from the data before, re-validates incrementally, and compares
with a full validation of the data after: report.nt byte for byte, and every finding.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import pipeline
from kg.authoring.loader import load_corpus
from kg.authoring.synth import synthesize
from kg.mapping.mapper import map_corpus
from kg.pipeline.stages import fill_store
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import Change, MappedDataset, canonical, graph_digests
from kg.store.embedded import STATE_FILE, OxigraphStore
from kg.store.incremental import update_store
from kg.validation.engines import ValidationReport, read_shapes, validate_dataset, worded_shapes
from kg.validation.incremental import (
    ValidationState,
    affected_nodes,
    kept_results,
    revalidate,
    shapes_reach,
    validation_settings,
)
from tests.test_validate_engines import inject_faults, shape_paths

HK = "https://w3id.org/hamkori/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectPaths, MappedDataset]:
    root = tmp_path_factory.mktemp("incremental") / "project"
    synthesize(root, cases=6, seed=11)
    paths = ProjectPaths(root)
    return paths, map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)


@pytest.fixture(scope="module")
def synthetic(clean: tuple[ProjectPaths, MappedDataset]) -> tuple[ProjectPaths, MappedDataset]:
    """The project with faults in its data, so results are kept as well as redone."""
    paths, mapped = clean
    faulty = inject_faults(mapped.quads, shape_paths(read_shapes(paths.shapes)), seed=7)
    return paths, dataset(mapped, faulty)


def dataset(like: MappedDataset, quads: list[ox.Quad]) -> MappedDataset:
    quads = canonical(quads)
    return MappedDataset(quads, like.sources, like.base, like.prefixes, graph_digests(quads))


def case_graphs(mapped: MappedDataset) -> list[str]:
    return [g for g in mapped.graph_digests if "/graph/case/" in g]


def in_graphs(quads: list[ox.Quad], graphs: set[str]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    inside = [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs]
    return inside, [q for q in quads if q not in set(inside)]


def rebuilt(
    paths: ProjectPaths, before: MappedDataset, after: MappedDataset, tmp: Path, engine: str = "fast"
) -> tuple[ValidationReport, ValidationReport, Change]:
    """(incremental, full) validation reports of ``after``, and the change the store saw."""
    tmp.mkdir(parents=True, exist_ok=True)
    fill_store(tmp / "store", before)
    settings = validation_settings(paths.shapes, engine)
    earlier = validate_dataset(before, paths.shapes, engine=engine)
    previous = ValidationState(before.graph_digests, settings, kept_results(earlier))
    change = update_store(tmp / "store", tmp / "staged", after, max_share=1)
    assert change is not None, "the previous store is updated"
    fill_store(tmp / "fresh", after)
    assert stored(tmp / "staged") == stored(tmp / "fresh"), "the updated store holds exactly the new data"
    incremental = revalidate(previous, settings, change, tmp / "staged", after, paths.shapes, engine=engine)
    assert incremental is not None, "the project's shapes allow incremental validation"
    full = validate_dataset(after, paths.shapes, engine=engine)
    assert earlier.ntriples() != full.ntriples(), "the edit changes the results, so the test can fail"
    return incremental, full, change


def stored(folder: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(folder)).quads_for_pattern(None, None, None))


def assert_same(incremental: ValidationReport, full: ValidationReport) -> None:
    assert incremental.ntriples() == full.ntriples()
    assert incremental.findings == full.findings
    assert incremental.conforms == full.conforms


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_faults_in_one_case_study_are_found_as_a_full_validation_finds_them(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path, seed: int
) -> None:
    paths, before = synthetic
    edited = {random.Random(seed).choice(case_graphs(before))}
    inside, outside = in_graphs(before.quads, edited)
    after = dataset(before, outside + inject_faults(inside, shape_paths(read_shapes(paths.shapes)), seed))
    incremental, full, change = rebuilt(paths, before, after, tmp_path)
    assert change.graphs == tuple(edited)
    assert_same(incremental, full)


def test_fixing_every_fault_of_a_case_study_drops_its_findings(
    synthetic: tuple[ProjectPaths, MappedDataset], clean: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    paths, faulty = synthetic
    _, correct = clean
    graph = next(g for g in case_graphs(faulty) if faulty.graph_digests[g] != correct.graph_digests.get(g))
    fixed_inside, _ = in_graphs(correct.quads, {graph})
    _, outside = in_graphs(faulty.quads, {graph})
    incremental, full, _ = rebuilt(paths, faulty, dataset(faulty, outside + fixed_inside), tmp_path)
    assert_same(incremental, full)


def test_a_removed_and_an_added_case_study(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    paths, before = synthetic
    removed, added = case_graphs(before)[:2]
    inside, outside = in_graphs(before.quads, {removed, added})
    kept_added = [q for q in inside if q.graph_name.value == added]  # type: ignore[union-attr]
    smaller = dataset(before, outside + kept_added)  # without `removed`
    incremental, full, change = rebuilt(paths, before, smaller, tmp_path / "removed")
    assert change.graphs == (removed,)
    assert_same(incremental, full)
    without = dataset(before, outside)  # then `added` comes in
    incremental, full, change = rebuilt(
        paths, without, dataset(before, outside + kept_added), tmp_path / "added"
    )
    assert change.graphs == (added,)
    assert_same(incremental, full)


def test_organizations_that_lose_their_class_in_the_registry_fail_where_other_graphs_use_them(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    """A change in one graph reaches focus nodes in others: contributions by the organizations."""
    paths, before = synthetic
    contributors = {q.object for q in before.quads if q.predicate.value == f"{HK}contributor"}
    registry = next(g for g in before.graph_digests if g.endswith("/graph/registry"))
    untyped = sorted(
        (q for q in before.quads if q.graph_name.value == registry and q.predicate.value == RDF_TYPE),  # type: ignore[union-attr]
        key=str,
    )
    dropped = {q for q in untyped if q.subject in contributors}
    assert dropped, "some registry organizations contribute in case studies"
    after = dataset(before, [q for q in before.quads if q not in dropped])
    incremental, full, change = rebuilt(paths, before, after, tmp_path)
    assert change.graphs == (registry,)
    assert_same(incremental, full)
    assert any(f.case for f in full.violations), "violations are reported in case studies"


def test_a_changed_amount_is_checked_against_the_project_total(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    """The sum of a project's contributions is read backwards, from the project to its contributions."""
    paths, before = synthetic
    totals = {q.subject for q in before.quads if q.predicate.value == f"{HK}totalCost"}
    to_project = {q.subject: q.object for q in before.quads if q.predicate.value == f"{HK}toProject"}
    amount = next(
        q for q in before.quads if q.predicate.value == f"{HK}amount" and to_project.get(q.subject) in totals
    )
    bigger = ox.Quad(
        amount.subject,
        amount.predicate,
        ox.Literal("987654321", datatype=amount.object.datatype),
        amount.graph_name,
    )  # type: ignore[union-attr]
    after = dataset(before, [q for q in before.quads if q != amount] + [bigger])
    incremental, full, change = rebuilt(paths, before, after, tmp_path)
    assert len(change.triples) == 2
    assert_same(incremental, full)
    focus = affected_nodes(
        ox.Store.read_only(str(tmp_path / "staged")), change.triples, {ox.NamedNode(f"{HK}toProject")}
    )
    assert to_project[amount.subject] in focus and len(focus) < 20


def test_the_reference_engine_revalidates_the_same_way(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    paths, before = synthetic
    edited = {case_graphs(before)[-1]}
    inside, outside = in_graphs(before.quads, edited)
    after = dataset(before, outside + inject_faults(inside, shape_paths(read_shapes(paths.shapes)), 9))
    incremental, full, _ = rebuilt(paths, before, after, tmp_path, engine="pyshacl")
    assert_same(incremental, full)


def test_previous_results_of_other_data_or_settings_are_not_reused(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    paths, before = synthetic
    edited = {case_graphs(before)[0]}
    inside, outside = in_graphs(before.quads, edited)
    after = dataset(before, outside + inside[1:])
    fill_store(tmp_path / "store", before)
    change = update_store(tmp_path / "store", tmp_path / "staged", after)
    assert change is not None
    settings = validation_settings(paths.shapes, "fast")
    results = kept_results(validate_dataset(before, paths.shapes))
    staged = tmp_path / "staged"
    other_data = ValidationState({**before.graph_digests, next(iter(edited)): "0"}, settings, results)
    assert revalidate(other_data, settings, change, staged, after, paths.shapes) is None
    other_settings = ValidationState(before.graph_digests, "other", results)
    assert revalidate(other_settings, settings, change, staged, after, paths.shapes) is None
    assert revalidate(
        ValidationState(before.graph_digests, settings, results),
        settings,
        change,
        staged,
        after,
        paths.shapes,
    )


def test_a_store_that_does_not_say_what_it_holds_is_rebuilt(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    _, before = synthetic
    fill_store(tmp_path / "store", before)
    OxigraphStore(tmp_path / "store").update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    assert not (tmp_path / "store" / STATE_FILE).exists(), "an update forgets what `kg build` loaded"
    assert update_store(tmp_path / "store", tmp_path / "staged", before) is None
    assert not (tmp_path / "staged").exists()


def test_a_large_change_is_built_from_scratch(
    synthetic: tuple[ProjectPaths, MappedDataset], tmp_path: Path
) -> None:
    _, before = synthetic
    fill_store(tmp_path / "store", before)
    half = set(case_graphs(before)[: len(case_graphs(before)) // 2])
    _, outside = in_graphs(before.quads, half)
    assert update_store(tmp_path / "store", tmp_path / "staged", dataset(before, outside)) is None
    assert not (tmp_path / "staged").exists()
    assert update_store(tmp_path / "store", tmp_path / "staged", dataset(before, outside), max_share=1)


def test_the_project_shapes_read_near_the_focus_node_and_backwards_only_to_contributions() -> None:
    shapes = worded_shapes(read_shapes(Path(__file__).resolve().parent.parent / "shapes"))
    reach = shapes_reach(shapes)
    assert reach.local, reach.why
    assert reach.backward == {f"{HK}toProject"}


SHAPES_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hk: <https://w3id.org/hamkori/ontology#> .
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


NODE = "ex:S a sh:NodeShape ; sh:targetClass hk:Project ; "
PREFIX = "PREFIX hk: <https://w3id.org/hamkori/ontology#> "


def sparql(where: str) -> str:
    return NODE + f'sh:sparql [ sh:select "{PREFIX}SELECT $this WHERE {{ {where} }}" ] .'


@pytest.mark.parametrize(
    ("shape", "why"),
    [
        (NODE + "sh:property [ sh:path [ sh:inversePath hk:ledBy ] ; sh:minCount 1 ] .", "path other than"),
        (NODE + "sh:property [ sh:path ( hk:a hk:b hk:c hk:d ) ; sh:minCount 1 ] .", "more than 2 steps"),
        (
            NODE + "sh:property [ sh:path hk:a ; sh:node ex:T ] ."
            " ex:T sh:property [ sh:path hk:b ; sh:node ex:U ] ."
            " ex:U sh:property [ sh:path hk:c ; sh:class hk:X ] .",
            "steps",
        ),
        (sparql("?x hk:a ?y"), "not near $this"),
        (sparql("$this hk:a/hk:b ?y"), "path"),
        (sparql("?a hk:p $this . ?b hk:q ?a"), "not near $this"),
        (sparql("$this hk:p ?a . FILTER NOT EXISTS { ?b hk:q ?a }"), "not near $this"),
        (NODE + 'sh:sparql [ sh:select "SELECT $this WHERE { $this undeclared:p ?a }" ] .', "does not parse"),
    ],
)
def test_shapes_that_read_further_make_validation_full(shape: str, why: str) -> None:
    reach = shapes_reach(Graph().parse(data=SHAPES_PREFIXES + shape, format="turtle"))
    assert not reach.local
    assert why in reach.why


def test_a_sparql_constraint_reading_backwards_names_its_predicate() -> None:
    shape = sparql("?c hk:toProject $this ; hk:amount ?a . FILTER NOT EXISTS { ?d hk:funds $this }")
    reach = shapes_reach(Graph().parse(data=SHAPES_PREFIXES + shape, format="turtle"))
    assert reach.local, reach.why
    assert reach.backward == {f"{HK}toProject", f"{HK}funds"}


# --- kg build ---------------------------------------------------------------------------------


def build_files(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): path.read_bytes()
        for folder in ("dumps", "validation")
        for path in sorted((out / folder).rglob("*"))
        if path.is_file()
    }


def test_kg_build_after_an_edit_updates_the_store_and_gives_what_a_fresh_build_gives(tmp_path: Path) -> None:
    synthesize(tmp_path / "project", cases=4, seed=3)
    paths = ProjectPaths(tmp_path / "project")
    pipeline.build(paths, full=False)
    case = sorted((paths.data / "cases").glob("*.yaml"))[1]
    text = case.read_text(encoding="utf-8")
    amount = re.search(r"^        amount: (\d+)$", text, re.MULTILINE)
    assert amount, f"a contribution amount to edit in {case}"
    case.write_text(text.replace(amount.group(0), "        amount: 1", 1), encoding="utf-8")
    said: list[str] = []
    result = pipeline.build(paths, full=False, progress=said.append)
    assert "1 graph(s) changed, 2 triple(s)" in said
    fresh = pipeline.build(paths, out=tmp_path / "fresh", full=False, use_cache=False)
    assert result.report.findings == fresh.report.findings
    assert any("add up to" in f.message for f in result.report.warnings), "the edited sum is checked"
    assert build_files(paths.build) == build_files(tmp_path / "fresh")
    stores = [ox.Store.read_only(str(out / "store")) for out in (paths.build, tmp_path / "fresh")]
    assert set(stores[0].quads_for_pattern(None, None, None)) == set(
        stores[1].quads_for_pattern(None, None, None)
    )
    assert (paths.build / "store" / STATE_FILE).read_bytes() == (
        tmp_path / "fresh" / "store" / STATE_FILE
    ).read_bytes()
