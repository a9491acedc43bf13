"""The guide for query writers: its worked examples run on the book's data, the page and README agree.

Each expected cell below was read in the authoring files (data/cases/NN-*.yaml, data/registry/*.yaml)
or in ontology/vocabularies.ttl, never copied from a query's output; the comment says where.
"""

from __future__ import annotations

import functools
import html
from typing import Any

import pytest

from kg.outputs import guide
from kg.outputs.site import conneg_rules
from kg.project.paths import ProjectPaths
from kg.query.library import resolve, run_query
from kg.serve.server import SparqlService
from kg.store.embedded import OxigraphStore
from tests.conftest import REPO
from tests.test_serve import bundled_store

ID = "https://w3id.org/hamkori/id/"
PATHS = ProjectPaths(REPO)

# Example → (the row: column → value, ids shortened), the column checked, its hand-verified value.
EXPECTED: dict[str, tuple[dict[str, str], str, str]] = {
    # 11-vo-sino.yaml, case_study: number 11, lines 774-818, its title.
    "01-case-studies": ({"number": "11"}, "title", "MTS – improving the lives of villagers in the area"),
    # 11-vo-sino.yaml, project vo-sino-cattle: total 3244 USD.
    "02-projects-of-an-organization": ({"project": "vo-sino-cattle"}, "totalCost", "3244"),
    # 11-vo-sino.yaml, vo-sino-cattle's contributions: msdsp 2370 USD, cash, funding (l.804).
    "03-who-gave-what": ({"contributor": "msdsp", "roleLabel": "funding"}, "amount", "2370"),
    # 11-vo-sino.yaml, vo-sino-mts's contribution by cida: lines 813-814, its quote.
    "04-the-quote-behind-a-fact": (
        {"fact": "vo-sino-mts-cida", "lineStart": "813"},
        "quote",
        "100% of the project was funded by CIDA",
    ),
    # 11-vo-sino.yaml, partnership vo-sino-state-structures-mts: forms [joint-planning], whose label in
    # vocabularies.ttl is "joint planning and needs assessment"; the case's region is khatlon.
    "05-partnerships-and-forms": (
        {"partnership": "vo-sino-state-structures-mts", "state": "state-structures-shurobod"},
        "forms",
        "joint planning and needs assessment",
    ),
    # 11-vo-sino.yaml: sino is in shurobod-jamoat; places.yaml: shurobod-jamoat in shurobod, in khatlon.
    "06-places-within-a-place": ({"place": "sino"}, "typeLabel", "village"),
    # novib gives once in the whole data (11-vo-sino.yaml l.113: 844 USD, funding, one project).
    "07-funders-and-their-money": ({"funder": "novib", "currency": "USD"}, "total", "844"),
    # 11-vo-sino.yaml: vo-sino, founded "04.04.2003" with the help of msdsp, based in sino ("Sino").
    "08-founded-with-help": ({"organization": "vo-sino", "placeName": "Sino"}, "founded", "04.04.2003"),
    # 09-vo-yalabuli.yaml, note on vo-yalabuli-poultry: kind inconsistency, evidence lines 687-689.
    "09-data-quality-notes": ({"target": "vo-yalabuli-poultry"}, "lineStart", "687"),
    # joint-planning is among the forms of 10 partnerships (grep "forms:.*joint-planning" data/cases).
    "10-a-vocabulary": ({"form": "joint-planning"}, "partnerships", "10"),
}
# Rows of the whole answer, where the YAML gives them: 18 case studies; 9 VOs founded with MSDSP's help
# (grep founded_with_help_of data/cases: 06, 07, 09, 10, 11, 12, 13, 15, 16, each [msdsp]).
ROWS = {"01-case-studies": 18, "08-founded-with-help": 9}


@functools.cache
def examples() -> dict[str, guide.Example]:
    return {example.name: example for example in guide.read_examples()}


def short(value: Any) -> str:
    text = str(value)
    return text.rsplit("/", 1)[-1] if text.startswith((ID, "https://w3id.org/hamkori/vocab/")) else text


def test_there_are_at_least_eight_examples_each_with_an_expectation() -> None:
    assert len(examples()) >= 8
    assert set(examples()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_answers_the_hand_verified_cell(name: str) -> None:
    query = resolve(str(guide.EXAMPLES / f"{name}.rq"), {})
    assert "PREFIX" not in query.text  # the examples rely on the predeclared prefixes
    rows = [{k: short(v) for k, v in row.items()} for row in run_query(bundled_store(), query).records()]
    where, column, value = EXPECTED[name]
    matching = [row for row in rows if all(row.get(k) == v for k, v in where.items())]
    assert len(matching) == 1, f"{name}: {len(matching)} rows match {where}"
    assert matching[0][column] == value
    if name in ROWS:
        assert len(rows) == ROWS[name]


def test_every_example_runs_at_the_endpoint_without_prefixes() -> None:
    embedded = bundled_store()
    assert isinstance(embedded, OxigraphStore)
    service = SparqlService(embedded, {}, "https://w3id.org/hamkori/")
    for example in examples().values():
        response = service.run(example.sparql, "text/csv")
        assert response.status == 200, (example.name, response.body[:200])
        assert response.body.count(b"\n") >= 2, example.name  # a header and at least one row


def test_the_readme_holds_the_generated_section() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = guide.readme_section(PATHS.ontology, PATHS.vocabularies)
    start = readme.find(guide.README_START)
    end = readme.find(guide.README_END) + len(guide.README_END) + 1
    assert start >= 0, "README.md lacks the query guide"
    # When this fails after a change to the ontology, the vocabularies or the examples, write
    # kg.outputs.guide.readme_section(...) between the markers again.
    assert readme[start:end] == section


def test_the_page_shows_the_model_and_every_example() -> None:
    page = guide.guide_page(PATHS.ontology, PATHS.vocabularies)
    classes, properties = guide.ontology_terms(PATHS.ontology)
    for term in (*classes, *properties):
        assert f'id="{term.name}"' in page
    assert "<code>hk:ledBy</code></td><td>led by</td>" in page  # hamkori.ttl: rdfs:label "led by"
    # vocabularies.ttl: the concept and its preferred label.
    co_financing = "https://w3id.org/hamkori/vocab/collaboration-form/co-financing"
    assert f"<td><code>co-financing</code></td><td>co-financing</td><td><code>&lt;{co_financing}&gt;" in page
    for example in examples().values():
        assert html.escape(example.sparql) in page, example.name
    assert "oa:TextQuoteSelector" in page and "hk:lineStart" in page  # how provenance is reached


def test_the_shipped_server_rules_open_the_data_to_other_origins() -> None:
    rules = conneg_rules("https://w3id.org/hamkori/")
    assert 'Header always set Access-Control-Allow-Origin "*"' in rules[".htaccess"]
    assert 'Header always set Access-Control-Allow-Origin "*"' in rules["w3id.htaccess"]
    nginx = rules["nginx.conf"]
    # Once at the server level and again in the location, whose own add_header hides the server's.
    assert nginx.count('add_header Access-Control-Allow-Origin "*" always;') == 2
    for text in rules.values():
        assert "Allow-Credentials" not in text
