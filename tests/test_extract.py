"""`kg extract`: drafts from plain text, measured on the book and on text it was not developed on."""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from kg.authoring.drafts import add_draft_fields, find_drafts
from kg.authoring.files import read_yaml
from kg.authoring.loader import check_schema, fold, load_corpus
from kg.authoring.records import Corpus
from kg.authoring.schema import build_schema
from kg.authoring.vocab import read_vocabularies
from kg.errors import InputError
from kg.extract.evaluate import CATEGORIES, Evaluation, compare, evaluate
from kg.extract.extractor import CaseDraft, Registry, draft_yaml, extract, write_drafts
from kg.extract.text import split_cases
from kg.project.paths import ProjectPaths
from tests.conftest import REPO, TESTS

FIXTURES = TESTS / "fixtures" / "extract"
# The scores measured on the book (see the report of kg.extract.evaluate.evaluate), rounded down
# to 0.05: a change that makes the extractor worse on the book fails here.
BOOK_FLOOR = {
    "main organization": (1.00, 1.00),
    "organizations": (0.95, 0.70),
    "government bodies": (0.75, 0.50),
    "government bodies (named)": (0.90, 0.80),
    "donors": (1.00, 0.90),  # "supported by" and "support from" are support, not funding (issue 18)
    # 0.90: where a project prints one funder's amount and no total, the amount stands as the
    # total (the convention of the development set, /work/shared/extract-dev); the book's curators
    # left three such projects without a total.
    "project totals": (0.90, 0.90),
    "contributions": (1.00, 1.00),
}
EXTRACTOR_MODULES = (
    "extract/__init__",
    "extract/extractor",
    "extract/text",
    "extract/model",
    "extract/case/__init__",
    "extract/case/base",
    "extract/case/patterns",
    "extract/case/organization",
    "extract/case/places",
    "extract/case/coreference",
    "extract/case/donors",
    "extract/case/contributors",
    "extract/case/builder",
    "extract/bodies/__init__",
    "extract/bodies/base",
    "extract/bodies/joined",
    "extract/bodies/khukumats",
    "extract/bodies/jamoats",
    "extract/bodies/departments",
    "extract/bodies/services",
    "extract/bodies/national",
    "extract/bodies/reader",
    "extract/money/__init__",
    "extract/money/base",
    "extract/money/patterns",
    "extract/money/units",
    "extract/money/totals",
    "extract/money/contributions",
    "extract/money/shares",
    "extract/money/reader",
    "extract/recognize",
    "authoring/spelling",
)
# Words of the book's entity names that are generic: kinds of body, organization and place.
GENERIC = set(
    """khukumat khukumats hukumat jamoat jamoats majlisi madzhlisi madjlisi ministry committee committees
    department departments parliament government village organization organisation centre center society
    public association civil support republic oblast rayon fund foundation programme development
    international agency embassy union commission national local state regional community authorities
    structures bodies representatives makhalla training tajik""".split()  # noqa: SIM905
)


@pytest.fixture(scope="module")
def book(repo: ProjectPaths) -> Corpus:
    return load_corpus(repo)


@pytest.fixture(scope="module")
def book_drafts(book: Corpus, repo: ProjectPaths) -> list[CaseDraft]:
    text = (repo.data / book.book.source_text).read_text(encoding="utf-8")
    return extract(text, Registry.from_corpus(book, include_cases=False))


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """The fixture project with the case files written by hand from its text."""
    root = tmp_path_factory.mktemp("curated") / "project"
    shutil.copytree(FIXTURES / "project", root)
    (root / "data" / "cases").mkdir(exist_ok=True)  # git keeps no empty folder
    for path in (FIXTURES / "curated").glob("*.yaml"):
        shutil.copy(path, root / "data" / "cases" / path.name)
    return ProjectPaths(root)


@pytest.fixture(scope="module")
def new_drafts(curated: ProjectPaths) -> list[CaseDraft]:
    corpus = load_corpus(curated)
    text = (curated.data / corpus.book.source_text).read_text(encoding="utf-8")
    return extract(text, Registry.from_corpus(corpus, include_cases=False))


def accepted(text: str) -> str:
    """A draft as a person who accepts everything leaves it: without the draft markers."""
    text = re.sub(r"^draft: true\n", "", text, flags=re.M)
    return re.sub(r"^\s*status: draft\n", "", text, flags=re.M)


# -- on the book ------------------------------------------------------------------------------


def test_the_book_splits_into_its_case_studies(book: Corpus, repo: ProjectPaths) -> None:
    lines = (repo.data / book.book.source_text).read_text(encoding="utf-8").split("\n")
    bounds = split_cases(lines)
    assert len(bounds) == len(book.cases) == 18
    assert bounds[0].org_line is None  # the text begins inside the first case study
    for found, case in zip(bounds, book.cases, strict=True):
        assert case.line_start <= found.org_line if found.org_line else True
        assert abs(found.end - case.line_end) <= 2, case.id


def test_extraction_quality_on_the_book_does_not_fall(repo: ProjectPaths) -> None:
    evaluation = evaluate(repo)
    print(evaluation.table())
    for name in CATEGORIES:
        precision, recall = BOOK_FLOOR[name]
        score = evaluation.scores[name]
        assert score.precision >= precision, f"{name}: precision {score.precision:.2f} < {precision}"
        assert score.recall >= recall, f"{name}: recall {score.recall:.2f} < {recall}"


def test_every_quote_occurs_within_its_lines(book: Corpus, book_drafts: list[CaseDraft]) -> None:
    lines = book.source_lines
    quotes = [
        quote
        for draft in book_drafts
        for quote in (
            *(q for e in draft.entities for q in e.evidence),
            *(p.evidence for p in draft.projects),
            *(c.evidence for p in draft.projects for c in p.contributions),
            *(q for p in draft.partnerships for q in p.evidence),
        )
    ]
    assert len(quotes) > 300
    for quote in quotes:
        passage = fold(" ".join(lines[quote.line_start - 1 : quote.line_end]))
        assert quote.quote in passage and len(quote.quote) <= 400, quote


def test_accepted_book_drafts_load(book_drafts: list[CaseDraft], tmp_path: Path, repo: ProjectPaths) -> None:
    project = tmp_path / "book"
    (project / "data" / "cases").mkdir(parents=True)
    for folder in ("registry", "source"):
        shutil.copytree(repo.data / folder, project / "data" / folder)
    for draft in book_drafts:
        (project / "data" / "cases" / f"{draft.number:02d}-{draft.id}.yaml").write_text(
            accepted(draft_yaml(draft, "source/book.txt")), encoding="utf-8"
        )
    corpus = load_corpus(ProjectPaths(project))
    assert len(corpus.cases) == 18 and len(corpus.projects) == sum(len(d.projects) for d in book_drafts)


def test_registry_names_are_linked_and_new_ones_proposed(book_drafts: list[CaseDraft]) -> None:
    sino = next(d for d in book_drafts if d.id == "vo-sino")
    main = sino.entity("vo-sino")
    assert (
        main is not None and main.new and main.cls == "village-organization" and main.founded == "04.04.2003"
    )
    assert main.helped_by == ("msdsp",) and {"VO Sino", "VO SINO"} <= set(main.aliases)
    msdsp = sino.entity("msdsp")
    assert msdsp is not None and not msdsp.new
    assert [(c.by, c.amount, c.currency) for p in sino.projects for c in p.contributions if c.amount] == [
        ("vo-sino", 870, "USD"),
        ("msdsp", 2370, "USD"),
        ("msdsp", 580, "USD"),
        ("vo-sino", 438, "USD"),
        ("novib", 844, "USD"),
        ("cida", 47000, "USD"),
    ]
    shekhmizon = next(d for d in book_drafts if d.number == 13).entity("vo-shekhmizon")
    assert shekhmizon is not None and {"VO Shehmizon", "VO Shakhmezon"} <= set(shekhmizon.aliases)


def test_support_without_money_is_proposed_as_support(book_drafts: list[CaseDraft]) -> None:
    """Issue 18: "support from the local Khukumat" and "supported by IREX" say no money was given."""
    roles = {
        (d.id, c.by, c.role, c.kind)
        for d in book_drafts
        for p in d.projects
        for c in p.contributions
        if c.by in ("khukumat-khovaling", "irex", "msdsp") and d.number in (12, 14)
    }
    # l.856-858: "the financial support from MSDSP, VO, and support from the local Khukumat".
    assert ("vo-chei-pivol", "msdsp", "funding", "cash") in roles
    assert ("vo-chei-pivol", "khukumat-khovaling", "supporting", "unspecified") in roles
    assert not [r for r in roles if r[1] == "khukumat-khovaling" and r[2] == "funding"]
    # l.966-967: "The project was supported by IREX."
    assert [r[2:] for r in roles if r[0] == "cssc-kalam" and r[1] == "irex"] == [
        ("supporting", "unspecified")
    ]


def test_the_extractor_holds_no_name_from_the_book(book: Corpus) -> None:
    names = {
        word
        for group in (book.places, book.organizations, book.communities)
        for record in group
        for name in (record.name, *record.aliases)
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", name)
        if word.lower() not in GENERIC
    }
    for module in EXTRACTOR_MODULES:
        source = (REPO / "kg" / f"{module}.py").read_text(encoding="utf-8")
        words = set(re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", source))
        found = sorted(w for w in names & words if w[0].isupper() and w.lower() not in GENERIC)
        allowed = {
            "Community",
            "Local",
            "State",
            "Bodies",
            "Authorities",
            "Regional",
            "Makhalla",
            "Population",
            "Villagers",
            "Households",
            "Parents",
            "Project",
            "Representatives",
            "Departments",
            "About",
            "Committees",
            "National",
            "Assistance",
            "Training",
            "Services",
            "Governmental",
            "Education",
            "Welfare",
            "NGOs",
            "CSSC",
            "March",
            # words of kinds of organization, not names: "Business Association", "… Program",
            # "Agency for … Cooperation"
            "Business",
            "Program",
            "Cooperation",
            # kinds and fields of state bodies: "… Office of X rayon", "the city AIDS centre"
            "Office",
            "AIDS",
        }
        assert not set(found) - allowed, f"kg/{module}.py names {sorted(set(found) - allowed)} from the book"


# -- on text the extractor was not developed on -----------------------------------------------


def test_new_text_matches_what_a_person_curated(curated: ProjectPaths, new_drafts: list[CaseDraft]) -> None:
    evaluation = compare(load_corpus(curated), new_drafts)
    assert {name: (s.precision, s.recall) for name, s in evaluation.scores.items()} == dict.fromkeys(
        CATEGORIES, (1.0, 1.0)
    ), evaluation.table()


def test_new_text_links_spelling_variants_and_proposes_new_names(new_drafts: list[CaseDraft]) -> None:
    umed, zarnisor, bunyod = new_drafts
    assert umed.partial and umed.organization == "pa-umed" and umed.region is None
    assert zarnisor.region == "sebiston"
    fund = zarnisor.entity("nordic-rural-development-foundation")
    assert fund is not None and not fund.new
    assert fund.how == (
        "'Nordic Rural Development Fund' is a spelling variant of 'Nordic Rural Development Foundation' "
        "(word variants (Foundation/Fund, Centre/Center, Hukumat/Khukumat)) "
        "of nordic-rural-development-foundation"
    )
    village = zarnisor.entity("zarnisor")
    assert village is not None and village.new and village.within == "navruzobod-jamoat"
    jamoat = bunyod.entity("jamoat-khojamaston")
    assert jamoat is not None and jamoat.new and jamoat.aliases == ("Jamoat Hojamaston",)
    assert jamoat.within == "khojamaston-jamoat"  # 'Hojamaston' linked to 'Khojamaston' (kh ~ h)
    helvetas = bunyod.entity("helvetas")
    assert helvetas is not None and helvetas.new and helvetas.cls == "international-ngo"
    (school,) = bunyod.projects
    # "came from", "allocated" say money was given, not how: the kind stays unspecified
    assert [(c.by, c.amount, c.kind, c.role) for c in school.contributions] == [
        ("helvetas", 12000, "unspecified", "funding"),  # printed as "the donor"
        ("jamoat-khojamaston", 800, "unspecified", "funding"),
        ("community-dashtigul", 2500, "labour", "implementing"),
    ]
    goats = zarnisor.projects[1]
    assert goats.total == (5200, "TJS") and {c.currency for c in goats.contributions} == {"TJS"}


def test_drafts_are_marked_and_refused(new_drafts: list[CaseDraft], tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(draft_yaml(new_drafts[1], "new-cases.txt"), encoding="utf-8")
    document = read_yaml(path, "drafts/02-vo-zarnisor.yaml")
    problems = find_drafts(document, "drafts/02-vo-zarnisor.yaml")
    assert problems[0].field == "draft" and problems[0].line == 6
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    counted = 1 + sum(
        len(records.get(s, []))
        for s in ("places", "organizations", "communities", "projects", "partnerships")
    )
    counted += sum(len(p.get("contributions", [])) for p in records["projects"])
    assert len(problems) == 1 + counted
    assert all(p.line and p.path == "drafts/02-vo-zarnisor.yaml" for p in problems)
    assert "delete the `status: draft` line to accept it" in problems[1].message
    assert find_drafts(yaml.safe_load(accepted(path.read_text(encoding="utf-8"))), "x") == []


def test_drafts_meet_the_schema_with_draft_fields(new_drafts: list[CaseDraft], tmp_path: Path) -> None:
    schema = add_draft_fields(build_schema(read_vocabularies(REPO / "ontology" / "vocabularies.ttl")))
    validator = jsonschema.Draft202012Validator(schema)
    for draft in new_drafts:
        path = tmp_path / f"{draft.id}.yaml"
        path.write_text(draft_yaml(draft, "new-cases.txt"), encoding="utf-8")
        assert check_schema(read_yaml(path, path.name), path.name, validator) == []


def test_accepted_drafts_of_new_text_load(new_drafts: list[CaseDraft], tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    written = write_drafts(new_drafts, project / "data" / "cases", "source/new-cases.txt")
    assert [p.name for p in written] == ["01-pa-umed.yaml", "02-vo-zarnisor.yaml", "03-ngo-bunyod.yaml"]
    for path in written:
        text = accepted(path.read_text(encoding="utf-8"))
        path.write_text(text.replace("region: todo-place", "region: sebiston"), encoding="utf-8")
    corpus = load_corpus(ProjectPaths(project))
    assert [c.id for c in corpus.cases] == ["pa-umed", "vo-zarnisor", "ngo-bunyod"]
    with pytest.raises(FileExistsError):
        write_drafts(new_drafts, project / "data" / "cases", "source/new-cases.txt")


def test_a_missing_region_is_a_placeholder_the_loader_names(
    new_drafts: list[CaseDraft], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    write_drafts(new_drafts[:1], project / "data" / "cases", "source/new-cases.txt")
    path = project / "data" / "cases" / "01-pa-umed.yaml"
    path.write_text(accepted(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError, match=r"case_study\.region: unknown place 'todo-place'"):
        load_corpus(ProjectPaths(project))


def test_notes_where_the_printed_numbers_disagree(book_drafts: list[CaseDraft]) -> None:
    sino = next(d for d in book_drafts if d.id == "vo-sino")
    assert [n.text for n in sino.notes] == [
        "The contributions (870 + 2370 = 3240 USD) fall short of the printed total of 3244.",
        "The contributions (438 + 844 = 1282 USD) exceed the printed total of 1020.",
    ]
    notes = yaml.safe_load(draft_yaml(sino, "x"))["notes"]
    assert [(n["about"], n["kind"], n["status"]) for n in notes] == [
        (sino.projects[0].id, "inconsistency", "draft"),
        (sino.projects[2].id, "inconsistency", "draft"),
    ]


def test_evaluation_counts() -> None:
    from kg.extract.evaluate import Score

    score = Score(3, 1, 2) + Score(1, 0, 0)
    assert (score.precision, score.recall) == (0.8, 4 / 6)
    assert Score().precision == 0.0
    assert "| contributions |" in Evaluation(dict.fromkeys(CATEGORIES, score)).table()


@pytest.mark.parametrize(
    "module",
    [
        "authoring.spelling",
        "extract.recognize",
        "extract.text",
        "extract.case.base",
        "authoring.drafts",
        "authoring.reconcile",
    ],
)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"kg.{module}"))
    assert result.failed == 0 and result.attempted > 0


# -- once the loader and the CLI are wired (see kg.authoring.drafts): skipped until then -----------------

LOADER_KNOWS_DRAFTS = "include_drafts" in inspect.signature(load_corpus).parameters


@pytest.mark.skipif(
    not LOADER_KNOWS_DRAFTS, reason="kg.authoring.loader.load_corpus has no include_drafts yet"
)
def test_the_loader_refuses_drafts_unless_asked(new_drafts: list[CaseDraft], tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    write_drafts(new_drafts[1:], project / "data" / "cases", "source/new-cases.txt")
    with pytest.raises(InputError) as caught:
        load_corpus(ProjectPaths(project))
    assert str(caught.value.problems[0]).startswith(
        "data/cases/02-vo-zarnisor.yaml:6: draft: this file is a draft"
    )
    corpus = load_corpus(ProjectPaths(project), include_drafts=True)  # type: ignore[call-arg]
    assert [c.id for c in corpus.cases] == ["vo-zarnisor", "ngo-bunyod"]


@pytest.mark.skipif(not LOADER_KNOWS_DRAFTS, reason="the CLI has no kg extract yet")
def test_kg_extract_writes_drafts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    text = project / "data" / "source" / "new-cases.txt"
    assert main(["extract", str(text), "--project", str(project)]) == 0
    assert capsys.readouterr().out.split() == [
        "data/drafts/01-pa-umed.yaml",
        "data/drafts/02-vo-zarnisor.yaml",
        "data/drafts/03-ngo-bunyod.yaml",
    ]
    assert main(["extract", str(text), "--project", str(project)]) == 2
    assert "01-pa-umed.yaml exists; move it away or choose another folder" in capsys.readouterr().err
