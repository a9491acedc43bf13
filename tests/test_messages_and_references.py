"""Every message an editor gets names a file and a line; references across case studies and cycles
are refused there.

For every shape of shapes/ (found in the files, so a new shape without a case here fails), two
tests: a hostile edit of the authoring files of a copy of tests/fixtures/mini, which the loader
refuses (each problem with file, line and field) or validation reports (each finding with file
and line); and the change of tests/test_shapes.py made to the mapped graph, which validation must
report with the file and line of a record, whichever the engine, whatever the focus node (a head
made by the mapper, a vocabulary term that fails the shape an ``sh:node`` names, a registry entry).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Node, URIRef
from rdflib.namespace import SH

from kg.authoring.loader import load_corpus
from kg.errors import InputError
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import MappedDataset
from kg.rdf.namespaces import HK
from kg.validation.engines import (
    ENGINES,
    ValidationReport,
    read_shapes,
    union_graph,
    validate_dataset,
    validate_graph,
)
from tests.conftest import MINI, REPO
from tests.test_shapes import HKS, NOTE, SHAPE_CASES, Change, concept, drop, iri, put

CASE = "data/cases/01-vo-navobod.yaml"
ORGS = "data/registry/organizations.yaml"
BOOK = "data/registry/book.yaml"
# Every finding of a report starts so: severity, then the file and line of a record.
LOCATED = re.compile(r"^(Violation|Warning|Info): data/(cases|registry)/[\w.-]+\.yaml:[1-9][0-9]*: ")

# -- The shapes, as found in the files ---------------------------------------------------------

# SHACL terms that are not constraints: what a shape is, where it applies and how it reports.
NOT_CONSTRAINTS = {
    SH.path, SH.message, SH.severity, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.target, SH.name, SH.description, SH.deactivated, SH.order, SH.group,
    SH.select, SH.prefixes, SH.declare,  # of SPARQL constraints (a shape's sh:sparql) and prefixes
}  # fmt: skip


def constrains(shapes: Graph, node: Node) -> bool:
    return any(str(p).startswith(str(SH)) and p not in NOT_CONSTRAINTS for p in shapes.predicates(node))


@cache
def shapes() -> Graph:
    return read_shapes(REPO / "shapes")


@cache
def named_shapes() -> dict[str, str]:
    """Each shape that can fail, by its name, and the name of the shape whose result reports it.

    A shape with constraints of its own reports itself. A vocabulary's concept shape holds an
    unnamed property shape, whose failures are reported by the shape that names it with sh:node.
    """
    graph = shapes()
    found: dict[str, str] = {}
    for node in set(graph.subjects()):
        if not constrains(graph, node):
            continue
        if isinstance(node, URIRef):
            found[node.removeprefix(HKS)] = node.removeprefix(HKS)
            continue
        for owner in graph.subjects(SH.property, node):  # an unnamed property shape of a named one
            assert isinstance(owner, URIRef), f"an unnamed shape holds an unnamed shape: {owner}"
            users = sorted(str(u).removeprefix(HKS) for u in graph.subjects(SH.node, owner))
            assert users, f"{owner} is used by no shape"
            found[owner.removeprefix(HKS)] = users[0]
    return found


def test_the_shapes_are_found() -> None:
    """The discovery sees the shapes test_shapes.py knows and the vocabularies' concept shapes."""
    assert set(SHAPE_CASES) < set(named_shapes())
    assert named_shapes()["PlaceTypeConcept"] == "Place-type"
    assert len(named_shapes()) == len(SHAPE_CASES) + 12


# -- The base project: the mini fixture with a participant and without its warning -------------


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (which must occur once) by ``new`` in ``file``; ``old=""`` writes a new file."""

    file: str
    old: str
    new: str

    def apply(self, root: Path) -> None:
        path = root / self.file
        if not self.old:
            path.write_text(self.new, encoding="utf-8")
            return
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} is not in {self.file} exactly once"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


BASE = (
    Edit(  # a participant, so that participations are in the data too
        CASE,
        "        evidence: {lines: 9-10, quote: The villagers dug the trench.}\n",
        "        evidence: {lines: 9-10, quote: The villagers dug the trench.}\n"
        "    participants:\n"
        "      - by: khukumat-danghara\n"
        "        evidence: {lines: 11-12, quote: the Khukumat of Danghara}\n",
    ),
    Edit(CASE, "    kind: inconsistency\n", "    kind: ambiguity\n"),  # no finding in the base
)
PARTICIPATION = iri("participation/vo-navobod-water-khukumat-danghara")


def base_project(root: Path) -> ProjectPaths:
    shutil.copytree(MINI, root)
    for edit in BASE:
        edit.apply(root)
    return ProjectPaths(root)


@cache
def base_mapped(root: Path) -> MappedDataset:
    paths = ProjectPaths(root)
    return map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    return base_project(tmp_path_factory.mktemp("base") / "mini")


def shapes_reported(report: ValidationReport) -> set[str]:
    """The names of the shapes a report's results (nested ones too) come from."""
    return {
        str(shape).removeprefix(HKS)
        for shape in report.results_graph.objects(None, SH.sourceShape)
        if isinstance(shape, URIRef)
    }


def assert_located(report: ValidationReport) -> None:
    text = report.to_text()
    unlocated = [line for line in text.splitlines()[2:] if not LOCATED.match(line)]
    assert not unlocated, "findings without a file and line:\n" + "\n".join(unlocated)


def test_the_base_project_conforms_without_a_finding(base: ProjectPaths) -> None:
    for engine in ENGINES:
        graph = union_graph(base_mapped(base.root).dataset)
        assert validate_graph(graph, shapes(), engine=engine).findings == ()


# -- 1. Hostile authoring files ------------------------------------------------------------------

REFUSED, REPORTED = "refused", "reported"


@dataclass(frozen=True)
class Hostile:
    """Edits that make a shape fail, and whether the loader refuses them or validation reports them."""

    outcome: str
    edits: tuple[Edit, ...]


def refuse(file: str, old: str, new: str) -> Hostile:
    return Hostile(REFUSED, (Edit(file, old, new),))


def report(file: str, old: str, new: str) -> Hostile:
    return Hostile(REPORTED, (Edit(file, old, new),))


OTHER_CASE = """case_study:
  id: vo-other
  number: 2
  title: Another case study
  region: khatlon
  lines: 1-15
  organization: vo-navobod

projects:
  - id: vo-other-well
    title: A well
    led_by: vo-navobod
    evidence: {lines: 8-8, quote: A water line was laid}
"""
WATER_LED_BY = "    places: [navobod]\n    led_by: vo-navobod\n    total:"
TOTAL = "total: {amount: 5000, currency: USD}"
MSDSP = "    aliases: [MSDSP]\n"
KHUKUMAT = "    body_kind: khukumat\n"
MSDSP_MONEY = "        amount: 3900\n        currency: USD\n        kind: cash\n        role: funding\n"
MSDSP_EVIDENCE = "        evidence: {lines: 9-9, quote: the contribution of MSDSP was $3900}\n"
EVIDENCE = "{lines: 9-9, quote: the contribution of MSDSP"
HEAD = "      - {name: Rahimov Karim, role: Chairman}\n"
LAND = "    cso: vo-navobod\n    state: jamoat-dashtak\n"
ROOF = "    forms: [land-allocation]\n    project: vo-navobod-school-roof\n"
NOTES = "\nnotes:\n"

HOSTILE: dict[str, Hostile] = {
    "Place-label": refuse(CASE, "    name: Navobod\n", ""),
    "Place-type": refuse(CASE, "    type: village\n", "    type: health\n"),
    "Place-within": refuse(CASE, "    in: dashtak-jamoat\n", "    in: vo-navobod\n"),
    "Actor-label": refuse(CASE, "    name: Villagers of Navobod\n", ""),
    "Actor-sector": refuse(ORGS, MSDSP, MSDSP + "    sector: charity\n"),
    "Actor-altLabel": refuse(CASE, "aliases: [VO Navobod]", "aliases: [1234]"),
    "Organization-partOf": refuse(ORGS, MSDSP, MSDSP + "    part_of: navobod\n"),
    "Organization-basedIn": refuse(CASE, "    based_in: navobod\n", "    based_in: msdsp\n"),
    "Organization-foundedWithHelpOf": refuse(CASE, "help_of: [msdsp]", "help_of: [navobod]"),
    "Organization-registrationStatus": refuse(CASE, "{status: not-registered}", "{status: USD}"),
    "Organization-registeredBy": refuse(CASE, "{status: not-registered}", "{status: registered, by: msdsp}"),
    "Organization-foundingDate": refuse(CASE, 'founded: "12.05.2003"', 'founded: "31.02.2003"'),
    "Organization-head": refuse(CASE, HEAD, "      - Rahimov Karim\n"),
    "GovernmentBody-level": refuse(ORGS, "    level: city-rayon\n", ""),
    "GovernmentBody-kind": refuse(ORGS, KHUKUMAT, "    body_kind: jamoat\n"),
    "GovernmentBody-jurisdiction": refuse(ORGS, "jurisdiction: danghara\n", "jurisdiction: msdsp\n"),
    "GovernmentBody-sector": report(ORGS, KHUKUMAT, KHUKUMAT + "    sector: donor\n"),
    "Community-of": refuse(CASE, "    of: navobod\n", "    of: msdsp\n"),
    "Membership-member": refuse(CASE, HEAD, "      - {role: Chairman}\n"),
    "Membership-role": refuse(CASE, HEAD, "      - {name: Rahimov Karim}\n"),
    # Two spellings that make one person: a node the mapper made, from two records.
    "Person-name": report(ORGS, MSDSP, MSDSP + "    heads: [{name: 'Rahimov, Karim', role: Director}]\n"),
    "Person-noContactDetails": report(
        CASE, HEAD, "      - {name: 'Rahimov Karim, tel. 224-03-74', role: Chair}\n"
    ),
    "EvidenceRequired": refuse(CASE, MSDSP_EVIDENCE, ""),
    "CaseStudyRequired": refuse(CASE, "case_study:\n", "case_studies:\n"),
    "ProjectShape": refuse(CASE, TOTAL, "total: {amount: 5000}"),
    "ProjectCurrencyShape": refuse(CASE, TOTAL, "total: {currency: USD}"),
    "ProjectPeriodShape": refuse(CASE, "    year: 2004\n", "    period: 2005-2004\n"),
    "Project-title": refuse(CASE, "    title: Water line\n", ""),
    "Project-ledBy": refuse(CASE, WATER_LED_BY, WATER_LED_BY.replace("vo-navobod", "navobod")),
    "Project-startYear": report(CASE, "    year: 2004\n", "    year: 1910\n"),
    "Project-openingYear": report(CASE, "    year: 2004\n", "    opened: 1910\n"),
    "Project-endYear": report(CASE, "    year: 2004\n", "    period: 1900-1910\n"),
    "Project-totalCost": refuse(CASE, TOTAL, TOTAL.replace("5000", "-5000")),
    "Project-currency": refuse(CASE, TOTAL, TOTAL.replace("USD", "EUR")),
    "Project-sector": refuse(CASE, "    sectors: [water-sanitation]\n", "    sectors: [USD]\n"),
    "Project-place": refuse(CASE, WATER_LED_BY, WATER_LED_BY.replace("places: [navobod]", "places: [msdsp]")),
    "ContributionShape": refuse(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("        currency: USD\n", "")),
    "ContributionCurrencyShape": refuse(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("        amount: 3900\n", "")),
    "SupportingContributionShape": report(
        CASE, MSDSP_MONEY, MSDSP_MONEY.replace("role: funding", "role: supporting")
    ),
    "Contribution-contributor": refuse(CASE, "      - by: msdsp\n", "      - by: navobod\n"),
    "Contribution-project": refuse(
        CASE, NOTES, "\ncontributions:\n  - {by: msdsp, kind: cash, role: funding}\n" + NOTES
    ),
    "Contribution-amount": refuse(CASE, "        amount: 3900\n", "        amount: '3900'\n"),
    "Contribution-currency": refuse(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("USD", "EUR")),
    "Contribution-kind": refuse(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("kind: cash", "kind: funding")),
    "Contribution-role": refuse(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("role: funding", "role: cash")),
    "Partnership-cso": refuse(CASE, LAND, LAND.replace("cso: vo-navobod", "cso: msdsp")),
    "Partnership-state": refuse(CASE, LAND, LAND.replace("state: jamoat-dashtak", "state: vo-navobod")),
    "Partnership-form": refuse(CASE, "    forms: [land-allocation]\n", ""),
    "Partnership-project": refuse(
        CASE, ROOF, ROOF.replace("vo-navobod-school-roof", "[vo-navobod-school-roof, vo-navobod-water]")
    ),
    # A partnership of case study 1 about a project of case study 2.
    "PartnershipCaseShape": Hostile(
        REFUSED,
        (
            Edit("data/cases/02-vo-other.yaml", "", OTHER_CASE),
            Edit(CASE, ROOF, ROOF.replace("vo-navobod-school-roof", "vo-other-well")),
        ),
    ),
    "Result-quantity": refuse(CASE, "      - count: 120\n", "      - count: -120\n"),
    "Result-kind": refuse(CASE, "        kind: direct-beneficiaries\n", "        kind: cash\n"),
    "Result-unit": refuse(CASE, "      - count: 120\n", "      - count: 120\n        unit: households\n"),
    "PercentageShape": report(CASE, "      - count: 120\n", "      - count: 120\n        unit: percent\n"),
    "Participation-actor": refuse(
        CASE, "    participants:\n      - by: khukumat-danghara\n", "    participants:\n      - by: navobod\n"
    ),
    "Participation-project": refuse(CASE, NOTES, "\nparticipants:\n  - by: msdsp\n" + NOTES),
    "Note-target": refuse(CASE, "  - about: vo-navobod-water\n", "  - about: vo-navobod-well\n"),
    "Note-kind": refuse(CASE, "    kind: ambiguity\n", "    kind: cash\n"),
    "Note-text": refuse(CASE, "    text: The contributions", "    comment: The contributions"),
    "CaseStudy-title": refuse(CASE, "  title: Clean water for Navobod\n", ""),
    "CaseStudy-number": refuse(CASE, "  number: 1\n", "  number: first\n"),
    "CaseStudy-region": refuse(CASE, "  region: khatlon\n", "  region: msdsp\n"),
    "CaseStudy-book": refuse(BOOK, "  id: mini-book\n", ""),
    "CaseStudy-organization": refuse(CASE, "  organization: vo-navobod\n", "  organization: navobod\n"),
    "CaseStudy-lineStart": refuse(CASE, "  lines: 1-15\n", "  lines: 0-15\n"),
    "CaseStudy-lineEnd": refuse(CASE, "  lines: 1-15\n", "  lines: 1-99\n"),
    "CaseStudy-partial": refuse(CASE, "  lines: 1-15\n", "  lines: 1-15\n  partial: maybe\n"),
    "Book-title": refuse(BOOK, "  title: A Small Book of Case Studies\n", ""),
    "Book-citation": refuse(BOOK, "  publisher: Test Press\n", ""),
    "Evidence-source": refuse(CASE, EVIDENCE, "{source: another-book, " + EVIDENCE.removeprefix("{")),
    "Evidence-lineStart": refuse(CASE, EVIDENCE, EVIDENCE.replace("9-9", "nine")),
    "Evidence-lineEnd": refuse(CASE, EVIDENCE, EVIDENCE.replace("9-9", "9-99")),
    "Evidence-quote": refuse(CASE, EVIDENCE, "{lines: 9-9, quote: of"),
    "Evidence-lineOrder": refuse(CASE, EVIDENCE, EVIDENCE.replace("9-9", "9-8")),
    "ContributionSumShape": report(
        CASE, "        kind: labour\n", "        amount: 50\n        currency: USD\n        kind: labour\n"
    ),
    "CurrencyMatchShape": report(CASE, MSDSP_MONEY, MSDSP_MONEY.replace("USD", "TJS")),
    "BookInconsistencyShape": report(CASE, "    kind: ambiguity\n", "    kind: inconsistency\n"),
}


# The shapes whose results report a failure: a concept shape fails with the shape naming it.
REPORTERS = sorted(set(named_shapes().values()))


def test_every_shape_has_a_hostile_file() -> None:
    missing, stale = set(REPORTERS) - set(HOSTILE), set(HOSTILE) - set(REPORTERS)
    assert not missing, f"give each new shape a hostile file in HOSTILE: {sorted(missing)}"
    assert not stale, f"HOSTILE names shapes that are gone: {sorted(stale)}"


@pytest.mark.parametrize("shape", REPORTERS)
def test_a_hostile_file_is_answered_with_its_file_and_line(shape: str, tmp_path: Path) -> None:
    hostile = HOSTILE[shape]
    paths = base_project(tmp_path / "mini")
    for edit in hostile.edits:
        edit.apply(paths.root)
    if hostile.outcome == REFUSED:
        with pytest.raises(InputError) as caught:
            load_corpus(paths)
        for problem in caught.value.problems:
            assert re.match(r"^data/(cases|registry)/[\w.-]+\.yaml:[1-9][0-9]*: [^ ]+: ", str(problem)), (
                problem
            )
        return
    mapped = map_corpus(load_corpus(paths), ontology=paths.ontology, vocabularies=paths.vocabularies)
    for engine in ENGINES:
        report = validate_dataset(mapped, REPO / "shapes", engine=engine)
        assert shape in shapes_reported(report), f"{engine}: {sorted(shapes_reported(report))}"
        assert_located(report)


# -- 2. Every shape's failure, made in the mapped graph ------------------------------------------

GRAPH_CASES: dict[str, Change] = {
    **SHAPE_CASES,
    # test_shapes.py makes a participation of its own, which no record is behind: use the base's.
    "Participation-actor": drop(PARTICIPATION, HK.contributor),
    "Participation-project": drop(PARTICIPATION, HK.toProject),
    "BookInconsistencyShape": put(NOTE, HK.noteKind, concept("note-kind", "inconsistency")),
}


@cache
def base_graph(root: Path) -> Graph:
    return union_graph(base_mapped(root).dataset)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shape", REPORTERS)
def test_every_finding_names_a_file_and_line(shape: str, engine: str, base: ProjectPaths) -> None:
    graph = Graph()
    for triple in base_graph(base.root):
        graph.add(triple)
    GRAPH_CASES[shape](graph)
    report = validate_graph(graph, shapes(), base_mapped(base.root).sources, engine=engine)
    assert shape in shapes_reported(report), sorted(shapes_reported(report))
    assert_located(report)


def test_a_vocabulary_term_that_fails_is_reported_once_at_the_record(base: ProjectPaths) -> None:
    """The nested result about the term itself (sh:detail) is not a finding of its own."""
    graph = Graph()
    for triple in base_graph(base.root):
        graph.add(triple)
    GRAPH_CASES["Place-type"](graph)
    for engine in ENGINES:
        report = validate_graph(graph, shapes(), base_mapped(base.root).sources, engine=engine)
        assert [f.line() for f in report.findings] == [
            "Violation: data/cases/01-vo-navobod.yaml:10: [vo-navobod] 'Navobod': A place needs one type "
            "from the place-type vocabulary (country, oblast, city, rayon, jamoat, village, makhalla). "
            "(value: https://w3id.org/hamkori/vocab/sector/health)"
        ]
        assert (None, SH.detail, None) in report.results_graph  # report.nt keeps it


def test_every_node_the_mapper_makes_points_at_a_record(base: ProjectPaths) -> None:
    """Heads (membership, person) and evidence selectors too, so a future shape on them is located."""
    mapped = base_mapped(base.root)
    data = {str(g) for g in mapped.graph_names() if "/graph/case/" in g or g.endswith("/graph/registry")}
    subjects = {q.subject.value for q in mapped.quads if q.graph_name.value in data}
    assert subjects and subjects <= set(mapped.sources), sorted(subjects - set(mapped.sources))


# -- References across case studies, cycles, ids the mapper makes --------------------------------


def problems_of(paths: ProjectPaths) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_corpus(paths)
    return [str(problem) for problem in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_a_partnership_about_another_case_studys_project_is_refused(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg import cli

    Edit("data/cases/02-vo-other.yaml", "", OTHER_CASE).apply(mini.root)
    Edit(
        CASE,
        "    project: vo-navobod-school-roof\n    evidence: {lines: 11-11",
        "    project: vo-other-well\n    evidence: {lines: 11-11",
    ).apply(mini.root)
    line = line_of(mini.root / CASE, "project: vo-other-well")
    assert cli.main(["validate", "--project", str(mini.root)]) == 2
    err = capsys.readouterr().err
    assert (
        f"  {CASE}:{line}: [vo-navobod-jamoat-land].project: 'vo-other-well' is a project of the case "
        "study 'vo-other' (data/cases/02-vo-other.yaml:10); a partnership can only be about a project "
        "of its own case study"
    ) in err, err
    assert "Traceback" not in err


def test_actors_places_and_notes_may_cross_case_studies(mini: ProjectPaths) -> None:
    """A body introduced in one case study takes part in another's project, which may take place
    in the other's village; a note may say that another case study's figures disagree."""
    well = "    evidence: {lines: 8-8, quote: A water line was laid}\n"
    crossing = (
        "    places: [navobod]\n"
        f"{well}"
        "    participants:\n"
        "      - by: community-navobod\n"
        "        evidence: {lines: 9-10, quote: The villagers dug the trench.}\n"
        "    contributions:\n"
        "      - by: vo-navobod\n"
        "        kind: labour\n"
        "        role: implementing\n"
        "        evidence: {lines: 9-9, quote: of the VO}\n"
        "\nnotes:\n"
        "  - {about: vo-navobod-water, kind: inconsistency, text: Case 1 gives another sum.}\n"
    )
    Edit("data/cases/02-vo-other.yaml", "", OTHER_CASE.replace(well, crossing)).apply(mini.root)
    corpus = load_corpus(mini)
    assert {p.id for p in corpus.projects if p.case == "vo-other"} == {"vo-other-well"}
    assert [n.about for n in corpus.notes if n.case == "vo-other"] == ["vo-navobod-water"]


@pytest.mark.parametrize(
    ("edits", "problem"),
    [
        (
            [Edit(ORGS, "    aliases: [MSDSP]\n", "    aliases: [MSDSP]\n    part_of: msdsp\n")],
            "data/registry/organizations.yaml:6: [msdsp].part_of: 'msdsp' is part of itself: remove "
            "part_of, or name another record",
        ),
        (
            [
                Edit(ORGS, "    aliases: [MSDSP]\n", "    aliases: [MSDSP]\n    part_of: vo-navobod\n"),
                Edit(CASE, "    based_in: navobod\n", "    based_in: navobod\n    part_of: jamoat-dashtak\n"),
                Edit(
                    ORGS,
                    "    jurisdiction: dashtak-jamoat\n",
                    "    jurisdiction: dashtak-jamoat\n    part_of: msdsp\n",
                ),
            ],
            "data/cases/01-vo-navobod.yaml:21: [vo-navobod].part_of: 'vo-navobod' is part of itself, "
            "through vo-navobod → jamoat-dashtak → msdsp → vo-navobod: one of these links is wrong",
        ),
        (
            [Edit(CASE, "    in: dashtak-jamoat\n", "    in: navobod\n")],
            "data/cases/01-vo-navobod.yaml:13: [navobod].in: 'navobod' is within itself: remove in, "
            "or name another record",
        ),
        (
            [
                Edit(
                    "data/registry/places.yaml",
                    "    type: country\n",
                    "    type: country\n    in: dashtak-jamoat\n",
                )
            ],
            "data/registry/places.yaml:5: [tajikistan].in: 'tajikistan' is within itself, through "
            "tajikistan → dashtak-jamoat → danghara → khatlon → tajikistan: one of these links is wrong",
        ),
    ],
    ids=["part-of-itself", "part-of-chain-across-files", "place-in-itself", "place-chain"],
)
def test_a_cycle_is_refused_once_where_it_starts_in_the_files(
    edits: list[Edit], problem: str, mini: ProjectPaths
) -> None:
    for edit in edits:
        edit.apply(mini.root)
    assert problems_of(mini) == [problem]


def test_a_chain_that_ends_is_accepted(mini: ProjectPaths) -> None:
    jamoat = "    jurisdiction: dashtak-jamoat\n"
    Edit(ORGS, jamoat, jamoat + "    part_of: khukumat-danghara\n").apply(mini.root)
    Edit(CASE, "    based_in: navobod\n", "    based_in: navobod\n    part_of: jamoat-dashtak\n").apply(
        mini.root
    )
    organizations = {o.id: o for o in load_corpus(mini).organizations}
    assert organizations["vo-navobod"].part_of == "jamoat-dashtak"


def test_a_project_with_its_case_studys_id_cannot_share_its_result_ids(mini: ProjectPaths) -> None:
    """The mapper numbers results after their project or case study: the two would make one result."""
    Edit(CASE, "  - id: vo-navobod-water\n", "  - id: water\n").apply(mini.root)
    Edit(CASE, "  id: vo-navobod\n  number: 1\n", "  id: water\n  number: 1\n").apply(mini.root)
    Edit(CASE, "  - about: vo-navobod-water\n", "  - about: water\n").apply(mini.root)
    (mini.root / CASE).write_text(
        (mini.root / CASE).read_text(encoding="utf-8")
        + "\nresults:\n  - of: vo-navobod\n    count: 7\n    what: trainings\n    kind: events\n"
        "    evidence: {lines: 10-10, quote: 120 households benefited from the project.}\n",
        encoding="utf-8",
    )
    line = line_of(mini.root / CASE, "  - id: water")
    assert problems_of(mini) == [
        f"{CASE}:{line}: [water].id: the project has the id of the case study 'water' ({CASE}:2), so the "
        "results of both would be numbered alike (water-result-1, …): give the project another id"
    ]


def test_no_bundled_case_study_refers_to_another_ones_records(repo: ProjectPaths) -> None:
    """What data/README.md says of the book: every reference stays in its case study or the registry."""
    corpus = load_corpus(repo)
    home = {r.id: r.case for r in (*corpus.places, *corpus.organizations, *corpus.communities)}
    home |= {r.id: r.case for r in (*corpus.projects, *corpus.partnerships)}
    case_of_file = {c.origin.path: c.id for c in corpus.cases}
    references = [(c.id, ref) for c in corpus.cases for ref in (c.region, c.organization)]
    references += [(p.case, p.within) for p in corpus.places]
    references += [(c.case, c.of) for c in corpus.communities]
    for o in corpus.organizations:
        registered = o.registration.by if o.registration else None
        refs = (o.part_of, o.based_in, o.jurisdiction, registered, *o.founded_with_help_of)
        references += [(o.case, ref) for ref in refs]
    for p in corpus.projects:
        refs = (p.led_by, *p.places, *(c.by for c in p.contributions), *(c.by for c in p.participants))
        references += [(p.case, ref) for ref in refs]
    references += [(p.case, ref) for p in corpus.partnerships for ref in (p.cso, p.state, p.project)]
    references += [(case_of_file[r.origin.path], r.owner) for r in corpus.results]
    references += [(n.case, n.about) for n in corpus.notes if n.about in home]
    crossing = [(case, ref) for case, ref in references if ref and home[ref] not in (None, case)]
    assert len(references) > 500 and crossing == []
