"""`kg new`: the scaffold of a case study documents every field and, once filled, loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.authoring.drafts import STATUS_KEY
from kg.authoring.loader import load_corpus
from kg.authoring.scaffold import LAYOUT, NESTED, fill, new_case_file, placeholders, scaffold
from kg.authoring.schema import build_schema
from kg.authoring.vocab import Vocabularies, read_vocabularies
from kg.errors import InputError
from kg.project.paths import ProjectPaths
from tests.conftest import REPO

# Values that fit tests/fixtures/mini (lines 1-15 of mini.txt; khatlon, jamoat-dashtak, msdsp).
VALUES = {
    "case-id": "vo-sarband",
    "number": "2",
    "title": 'Roof for the "new" school',
    "region": "khatlon",
    "case-lines": "1-15",
    "organization-id": "vo-sarband",
    "organization-name": "Village Organization Sarband",
    "organization-class": "village-organization",
    "village-id": "sarband",
    "village-name": "Sarband",
    "community-id": "community-sarband",
    "community-name": "Villagers of Sarband",
    "project-id": "vo-sarband-roof",
    "project-title": "Roof of the new school",
    "evidence-lines": "11-12",
    "evidence-quote": "the Khukumat of Danghara paid 2000 Somoni for the roof",
    "contributor-id": "khukumat-danghara",
    "contribution-kind": "cash",
    "contribution-role": "funding",
    "result-count": "1",
    "result-what": "school roof",
    "result-kind": "other",
    "partnership-id": "vo-sarband-jamoat-dashtak",
    "state-body-id": "jamoat-dashtak",
    "collaboration-form": "land-allocation",
    "note-kind": "interpretation",
    "note-text": "The roof is read as part of the school project.",
}


@pytest.fixture(scope="module")
def vocabularies() -> Vocabularies:
    return read_vocabularies(REPO / "ontology" / "vocabularies.ttl")


def test_the_scaffold_parses_as_yaml_with_every_section(vocabularies: Vocabularies) -> None:
    document = yaml.safe_load(scaffold(vocabularies))
    assert list(document) == [section for section, *_ in LAYOUT]
    assert document["case_study"]["id"] == "<<case-id>>"


def test_every_field_of_the_format_is_documented(vocabularies: Vocabularies) -> None:
    text = scaffold(vocabularies)
    definitions = build_schema(vocabularies)["$defs"]
    documented = {(definition, name) for _, definition, fields, _ in LAYOUT for name, *_ in fields}
    documented |= {
        (NESTED[name], child)
        for _, _, fields, _ in LAYOUT
        for name, value, _ in fields
        if isinstance(value, list)
        for child, *_ in value
    }
    for definition in (
        "caseStudy",
        "place",
        "organization",
        "community",
        "project",
        "contribution",
        "participant",
        "result",
        "partnership",
        "note",
        "evidenceItem",
    ):
        for name in definitions[definition]["properties"]:
            if name == STATUS_KEY:
                continue  # the draft marker of kg extract, not for files written by hand
            assert (definition, name) in documented, f"{definition}.{name} is not in the scaffold"
    for line in text.splitlines():
        if re.match(r"\s*(#\s*)?(- )?\w+:", line) and not line.lstrip().startswith("# A new"):
            assert "  # required" in line or "  # optional" in line, f"undocumented line: {line!r}"


def test_codes_come_from_the_vocabularies(vocabularies: Vocabularies) -> None:
    text = scaffold(vocabularies)
    for scheme in (
        "place-type",
        "government-level",
        "body-kind",
        "contribution-kind",
        "contribution-role",
        "collaboration-form",
        "sector",
        "result-kind",
        "note-kind",
    ):
        assert ", ".join(vocabularies.known(scheme)) in text, scheme


def test_a_filled_scaffold_loads(mini: ProjectPaths, vocabularies: Vocabularies) -> None:
    text = scaffold(vocabularies)
    assert set(placeholders(text)) == set(VALUES)
    (mini.data / "cases" / "02-vo-sarband.yaml").write_text(fill(text, VALUES), encoding="utf-8")
    corpus = load_corpus(mini)
    case = corpus.case("vo-sarband")
    assert case is not None and case.title == 'Roof for the "new" school'
    project = next(p for p in corpus.projects if p.id == "vo-sarband-roof")
    assert [c.by for c in project.contributions] == ["khukumat-danghara"]
    assert {p.id for p in corpus.partnerships} >= {"vo-sarband-jamoat-dashtak"}


def test_an_unfilled_scaffold_is_refused_field_by_field(
    mini: ProjectPaths, vocabularies: Vocabularies
) -> None:
    path = new_case_file(mini.data / "cases", vocabularies, "vo-sarband", 2, title="Roof")
    with pytest.raises(InputError) as caught:
        load_corpus(mini)
    assert all(p.path == "data/cases/02-vo-sarband.yaml" and p.line for p in caught.value.problems)
    assert "'<<region>>' is not a valid id" in str(caught.value)
    assert path.read_text(encoding="utf-8").count("<<") > 10


def test_given_values_fill_their_placeholders(vocabularies: Vocabularies) -> None:
    text = scaffold(vocabularies, case_id="vo-sarband", number=7, title="A title", region="khatlon")
    document = yaml.safe_load(text)
    assert document["case_study"] | {"lines": None, "organization": None} == {
        "id": "vo-sarband",
        "number": 7,
        "title": "A title",
        "region": "khatlon",
        "lines": None,
        "organization": None,
    }
    assert "case-id" not in placeholders(text) and "organization-id" in placeholders(text)


def test_fill_refuses_missing_values(vocabularies: Vocabularies) -> None:
    with pytest.raises(KeyError, match="<<title>>"):
        fill(scaffold(vocabularies), {"case-id": "x"})


def test_new_case_file_never_overwrites(mini: ProjectPaths, vocabularies: Vocabularies) -> None:
    with pytest.raises(FileExistsError):
        new_case_file(mini.data / "cases", vocabularies, "vo-navobod", 1)


def test_placeholders_in_comments_do_not_count(tmp_path: Path, vocabularies: Vocabularies) -> None:
    text = scaffold(vocabularies)
    assert "<<jamoat-id>>" in text and "jamoat-id" not in placeholders(text)


CLI_HAS_NEW = " new " in __import__("kg.cli", fromlist=["build_parser"]).build_parser().format_help()


@pytest.mark.skipif(not CLI_HAS_NEW, reason="the CLI has no kg new yet")
def test_kg_new(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["new", "vo-sarband", "--number", "2", "--title", "Roof", "--project", str(mini.root)]) == 0
    assert capsys.readouterr().out.strip() == "data/cases/02-vo-sarband.yaml"
    assert main(["new", "vo-sarband", "--number", "2", "--project", str(mini.root)]) == 2
