"""kg.authoring.synth: synthetic projects that load, map and validate, byte for byte alike for one seed."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.authoring.loader import load_corpus
from kg.authoring.records import Corpus
from kg.authoring.schema import ORGANIZATION_CLASSES
from kg.authoring.synth import TRIPLES_PER_CASE, SynthStats, cases_for_triples, scalar, synthesize
from kg.errors import UsageError
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import MappedDataset
from kg.validation.engines import validate_dataset

Small = tuple[SynthStats, ProjectPaths, Corpus, MappedDataset]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Small:
    folder = tmp_path_factory.mktemp("synth") / "project"
    stats = synthesize(folder, cases=5, seed=1)
    paths = ProjectPaths(folder)
    corpus = load_corpus(paths)  # raises if any quote is not in its lines, or any reference is unknown
    return stats, paths, corpus, map_corpus(corpus, ontology=paths.ontology, vocabularies=paths.vocabularies)


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> SynthStats:
    """200 case studies, generated only: enough for the distributions."""
    return synthesize(tmp_path_factory.mktemp("synth") / "project", cases=200, seed=1)


def test_a_small_project_loads_maps_and_validates_with_no_violation(small: Small) -> None:
    stats, paths, corpus, mapped = small
    report = validate_dataset(mapped, paths.shapes)
    assert report.violations == (), "\n".join(f.line() for f in report.violations[:10])
    assert len(corpus.cases) == stats.cases == 5
    assert len(mapped.dataset) > 5 * 300


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", cases=6, seed=7)
    synthesize(tmp_path / "b", cases=6, seed=7)
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert first == second
    assert len(first) == 6 + 14  # the case studies, registry files and the book


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", cases=6, seed=1)
    synthesize(tmp_path / "b", cases=6, seed=2)
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert first["data/source/synthetic-book.txt"] != second["data/source/synthetic-book.txt"]
    assert sorted(first) != sorted(second)  # other organizations, so other case-study file names


def test_the_records_are_what_the_stats_report(small: Small) -> None:
    stats, _, corpus, _ = small
    contributions = [c for p in corpus.projects for c in p.contributions]
    government = [o for o in corpus.organizations if o.is_government]
    assert len(corpus.places) == stats.places
    assert len(corpus.organizations) == stats.organizations
    assert Counter(o.cls for o in corpus.organizations) == stats.organization_classes
    assert Counter(o.level for o in government) == stats.government_levels
    assert len(corpus.communities) == stats.communities
    assert len(corpus.projects) == stats.projects
    assert len(contributions) == stats.contributions
    assert sum(1 for c in contributions if c.money) == stats.contributions_with_amount
    assert Counter(c.kind for c in contributions) == stats.contribution_kinds
    assert Counter(c.money.currency for c in contributions if c.money) == stats.currencies
    assert sum(len(p.participants) for p in corpus.projects) == stats.participants
    assert sum(len(p.results) for p in corpus.projects) + len(corpus.results) == stats.results
    assert len(corpus.partnerships) == stats.partnerships
    assert Counter(f for p in corpus.partnerships for f in p.forms) == stats.collaboration_forms
    assert len(corpus.notes) == stats.notes
    assert Counter(p.cso for p in corpus.partnerships) == stats.partnerships_per_cso
    assert len(corpus.source_lines) == stats.source_lines + 1  # the text ends with a line break
    records: list[Any] = [*corpus.places, *corpus.organizations, *corpus.communities, *corpus.partnerships]
    records += [*corpus.results, *corpus.notes]
    for project in corpus.projects:
        records += [project, *project.contributions, *project.participants, *project.results]
    evidence = sum(len(record.evidence) for record in records)
    assert evidence == stats.evidence
    funded = {
        donor: len({c.project for c in contributions if c.by == donor and c.role == "funding"})
        for donor in stats.projects_per_donor
    }
    assert funded == stats.projects_per_donor


def test_every_kind_of_record_is_there(small: Small, larger: SynthStats) -> None:
    stats = small[0]
    assert set(stats.organization_classes) == set(ORGANIZATION_CLASSES)  # even at 5 case studies
    expected_levels = {"national", "oblast", "city-rayon", "jamoat", "makhalla", "local-unspecified"}
    assert set(stats.government_levels) == expected_levels
    assert set(larger.currencies) == {"USD", "TJS"}
    assert {"cash", "loan", "labour", "in-kind"} <= set(larger.contribution_kinds)
    assert len(larger.collaboration_forms) >= 10
    assert larger.participants and larger.notes and larger.communities


def test_donors_and_partners_are_heavy_tailed(larger: SynthStats) -> None:
    funded = sorted(larger.projects_per_donor.values())
    assert funded[-1] >= 5 * max(statistics.median(funded), 1), funded
    partners = sorted(larger.partnerships_per_cso.values())
    assert partners[-1] >= 5 * max(statistics.median(partners), 1), partners


def test_a_million_triples_take_between_1600_and_2000_case_studies() -> None:
    assert 1600 <= cases_for_triples(1_000_000) <= 2000
    assert 500 <= TRIPLES_PER_CASE <= 625
    assert cases_for_triples(10) == 1


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "null",
        "1234",
        "813-814",
        "a: b",
        "#x",
        "x #y",
        "100% sure",
        "x, y",
        '"quoted"',
        "it's",
        "Ünïcode",
    ],
)
def test_scalars_read_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"value: {scalar(text)}") == {"value": text}
    assert yaml.safe_load(f"value: [{scalar(text, in_flow=True)}]") == {"value": [text]}


def test_it_refuses_a_folder_with_data_and_a_size_below_one(tmp_path: Path) -> None:
    synthesize(tmp_path, cases=1)
    with pytest.raises(UsageError, match="exists already"):
        synthesize(tmp_path, cases=1)
    with pytest.raises(UsageError, match="at least 1"):
        synthesize(tmp_path / "other", cases=0)
