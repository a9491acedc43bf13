"""The analysis' queries in queries/analysis/, the one way queries run, and no SPARQL elsewhere in kg/.

OLD keeps the inline queries kg/analysis/network.py held before they moved to files, verbatim: each
file must give exactly their rows on the bundled data.
"""

from __future__ import annotations

import ast
import doctest
import functools
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.analysis import network
from kg.pipeline.stages import load_and_map
from kg.project.paths import ProjectPaths
from kg.query import library as query_library
from kg.query.library import (
    ANALYSIS_QUERIES,
    LibraryQuery,
    analysis_queries,
    analysis_query,
    query_rows,
    read_library,
    render,
    run_query,
    with_prefixes,
)
from kg.rdf.namespaces import PREFIXES
from kg.store.embedded import OxigraphStore
from kg.store.table import Table
from tests.conftest import REPO

_OLD_PREFIXES = """PREFIX hk: <https://w3id.org/hamkori/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
"""
OLD = {
    "actors": _OLD_PREFIXES
    + """
SELECT ?actor ?label ?kind ?sector ?level ?place WHERE {
  ?actor hk:actorSector ?sector ; rdfs:label ?label ; a ?kind .
  FILTER (STRSTARTS(STR(?kind), STR(hk:)) && ?kind != hk:Funder)
  OPTIONAL { ?actor hk:governmentLevel ?level }
  OPTIONAL { ?actor hk:basedIn|hk:jurisdiction|hk:communityOf ?place }
}""",
    "aliases": _OLD_PREFIXES
    + """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?alias WHERE { ?actor hk:actorSector ?sector ; skos:altLabel ?alias }""",
    "places": _OLD_PREFIXES
    + """
SELECT ?place ?label ?type ?parent WHERE {
  ?place a hk:Place ; rdfs:label ?label ; hk:placeType ?type .
  OPTIONAL { ?place schema:containedInPlace ?parent }
}""",
    "projects": _OLD_PREFIXES
    + """
SELECT ?project ?label ?leader ?case ?region ?total ?currency ?year ?sector WHERE {
  ?project a hk:Project ; rdfs:label ?label ; hk:ledBy ?leader ; hk:caseStudy ?case .
  ?case hk:region ?region .
  OPTIONAL { ?project hk:totalCost ?total ; hk:currency ?currency }
  OPTIONAL { ?project hk:startYear ?year }
  OPTIONAL { ?project hk:sector ?sector }
}""",
    "contributions": _OLD_PREFIXES
    + """
SELECT ?contribution ?actor ?project ?role ?kind ?amount ?currency ?evidence WHERE {
  ?contribution a hk:Contribution ; hk:contributor ?actor ; hk:toProject ?project ;
                hk:role ?role ; hk:contributionKind ?kind .
  OPTIONAL { ?contribution hk:amount ?amount ; hk:currency ?currency }
  OPTIONAL { ?contribution hk:evidence ?evidence }
}""",
    "participations": _OLD_PREFIXES
    + """
SELECT ?participation ?actor ?project ?evidence WHERE {
  ?participation a hk:Participation ; hk:contributor ?actor ; hk:toProject ?project .
  OPTIONAL { ?participation hk:evidence ?evidence }
}""",
    "partnerships": _OLD_PREFIXES
    + """
SELECT ?partnership ?cso ?state ?form ?project ?case ?evidence WHERE {
  ?partnership a hk:Partnership ; hk:csoPartner ?cso ; hk:statePartner ?state ; hk:caseStudy ?case .
  OPTIONAL { ?partnership hk:collaborationForm ?form }
  OPTIONAL { ?partnership hk:aboutProject ?project }
  OPTIONAL { ?partnership hk:evidence ?evidence }
}""",
    "memberships": _OLD_PREFIXES
    + """
SELECT ?part ?whole WHERE {
  ?part org:subOrganizationOf ?whole ; hk:actorSector ?s . ?whole hk:actorSector ?t .
}""",
    "appearances": _OLD_PREFIXES
    + """
SELECT DISTINCT ?actor ?region WHERE {
  { ?c hk:contributor ?actor ; hk:caseStudy ?case . ?case hk:region ?region }
  UNION { ?p hk:csoPartner ?actor ; hk:caseStudy ?case . ?case hk:region ?region }
  UNION { ?p hk:statePartner ?actor ; hk:caseStudy ?case . ?case hk:region ?region }
  UNION { ?p hk:ledBy ?actor ; hk:caseStudy ?case . ?case hk:region ?region }
}""",
    "evidence": _OLD_PREFIXES
    + """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?evidence ?quote ?start ?end ?case WHERE {
  ?evidence a hk:Evidence ; oa:hasSelector ?selector ; hk:lineStart ?start ; hk:lineEnd ?end .
  ?selector oa:exact ?quote .
  OPTIONAL { ?evidence hk:caseStudy ?case }
}""",
    "case-regions": _OLD_PREFIXES + "SELECT ?case ?region WHERE { ?case a hk:CaseStudy ; hk:region ?region }",
}
NAMES = sorted(OLD)


@functools.cache
def store() -> OxigraphStore:
    """The bundled data, mapped once and loaded into an in-memory Oxigraph store."""
    _, mapped = load_and_map(ProjectPaths(REPO))
    loaded = OxigraphStore(None)
    loaded.load(mapped.dataset)
    return loaded


class TableOnly:
    """A store that answers only through ``select``, as a remote endpoint does."""

    name = "table-only"

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner = inner

    def select(self, query: str) -> Table:
        return self.inner.select(query)


def multiset(table: Table) -> Counter[tuple[object, ...]]:
    return Counter(table.rows)


# --- The files --------------------------------------------------------------------------------


def test_the_analysis_folder_holds_exactly_the_queries_the_analysis_had() -> None:
    assert sorted(p.stem for p in ANALYSIS_QUERIES.glob("*.rq")) == NAMES
    assert sorted(analysis_queries()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_file_has_a_header_and_leaves_the_prefixes_to_the_query_function(name: str) -> None:
    query = analysis_query(name)
    assert query.title and query.question.endswith("?")
    assert not query.params, "the analysis' queries take no parameters"
    assert not re.search(r"^\s*PREFIX\b", query.text, re.IGNORECASE | re.MULTILINE), (
        f"{name}.rq declares prefixes: they are declared once, in kg.rdf.namespaces.PREFIXES"
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_file_parses_with_both_engines(name: str) -> None:
    text = render(analysis_query(name), {})
    prepareQuery(text)  # rdflib's parser
    solutions = ox.Store().query(text)  # pyoxigraph's: raises SyntaxError on an empty store too
    assert isinstance(solutions, ox.QuerySolutions)
    with pytest.raises(SyntaxError):  # without the prefixes the query function adds, it is not SPARQL
        ox.Store().query(analysis_query(name).text)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_gives_exactly_the_rows_of_the_old_inline_query(name: str) -> None:
    old = store().select(OLD[name])
    new = run_query(store(), analysis_query(name))
    assert new.columns == old.columns
    assert multiset(new) == multiset(old)
    assert len(old) > 0, f"{name}: no rows on the bundled data, so the comparison proves nothing"


@pytest.mark.parametrize("name", NAMES)
def test_rows_as_text_are_the_same_from_pyoxigraph_and_from_a_table(name: str) -> None:
    """The embedded store's fast path and the path every other store takes give the same text."""
    fast = query_rows(store(), analysis_query(name))
    slow = query_rows(TableOnly(store()), analysis_query(name))  # type: ignore[arg-type]
    key = repr
    assert sorted(fast, key=key) == sorted(slow, key=key)
    assert all(isinstance(v, str | None) for row in fast for v in row.values())


def test_the_analysis_reads_every_file_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def recording(name: str) -> LibraryQuery:
        read.append(name)
        return analysis_query(name)

    monkeypatch.setattr(network, "analysis_query", recording)
    network.read_network_data(store())
    assert sorted(read) == NAMES


def test_the_library_lists_no_analysis_query() -> None:
    library = read_library(ProjectPaths(REPO).queries)
    assert len(library) >= 22
    assert not [q.name for q in library.values() if q.path.parent == ANALYSIS_QUERIES]
    assert ANALYSIS_QUERIES.parent == ProjectPaths(REPO).queries


# --- The prefixes, declared once ------------------------------------------------------------


def test_a_prefix_used_but_not_declared_is_declared_first() -> None:
    text = with_prefixes("SELECT ?s WHERE { ?s a hk:Project ; skos:altLabel ?a }")
    # In the order of PREFIXES.
    assert text.startswith(f"PREFIX hk: <{PREFIXES['hk']}> PREFIX skos: <{PREFIXES['skos']}> SELECT")
    assert len(text.splitlines()) == 1  # on the first line: line numbers stay those of the file
    assert text.endswith("SELECT ?s WHERE { ?s a hk:Project ; skos:altLabel ?a }")
    assert text.count("PREFIX") == 2


def test_a_declared_prefix_is_not_declared_again_nor_overridden() -> None:
    own = "prefix hk: <http://example.org/other#>\nSELECT ?s WHERE { ?s a hk:Project }"
    assert with_prefixes(own) == own


def test_unused_prefixes_and_lookalikes_add_nothing() -> None:
    # "org" in an IRI, "schema" before a dot, a variable named ?rdf: none is a prefixed name.
    text = 'SELECT ?rdf WHERE { ?s <http://www.w3.org/ns/org#x> "schema.org" }'
    assert with_prefixes(text) == text


def test_the_researchers_files_run_as_written() -> None:
    """They declare every prefix they use: the query function adds nothing to them."""
    for query in read_library(ProjectPaths(REPO).queries).values():
        assert with_prefixes(query.text) == query.text, query.name


def test_the_examples_in_the_query_module_run() -> None:
    failures, tried = doctest.testmod(query_library)
    assert tried >= 1 and failures == 0


# --- No SPARQL outside the query files ----------------------------------------------------------

KG = REPO / "kg"
# The query stage, and the validation engine (which runs the SPARQL of shapes/ and builds queries from it).
EXEMPT = ("kg/query/", "kg/validation/")
# Files that may keep a query text, and why. Each must still hold one (no stale entries).
ALLOWED = {
    "kg/store/remote.py": "the store's own count() and graphs() over the SPARQL protocol, which the "
    "embedded store answers through pyoxigraph calls; the store sits below kg.query",
}
SPARQL = re.compile(
    r"\bSELECT\b[^{]*\bWHERE\s*\{|\bCONSTRUCT\s*(WHERE\s*)?\{|\bASK\s*(WHERE\s*)?\{|\bDESCRIBE\s+[?<$]"
    r"|\bPREFIX\s+[\w.-]*:\s*<|\b(INSERT|DELETE)\s+(DATA\s*)?\{"
)


def looks_like_sparql(text: str) -> bool:
    return bool(SPARQL.search(text))


def sparql_literals(path: Path) -> list[int]:
    """Lines of string literals (f-strings' parts too) that look like SPARQL; docstrings left out."""
    tree = ast.parse(path.read_bytes(), str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and looks_like_sparql(node.value)
    ]


def test_the_detector_knows_a_query_when_it_sees_one() -> None:
    assert all(looks_like_sparql(text) for text in OLD.values())
    assert all(looks_like_sparql(q.text) for q in read_library(ProjectPaths(REPO).queries).values())
    assert not looks_like_sparql("Select the rows where the amount is given { in a set }")


def test_no_sparql_in_the_code_outside_the_query_files() -> None:
    found = {}
    for path in sorted(KG.rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith(EXEMPT):
            continue
        if lines := sparql_literals(path):
            found[relative] = lines
    unexpected = {f: lines for f, lines in found.items() if f not in ALLOWED}
    assert not unexpected, f"SPARQL in the code (move it to queries/analysis/*.rq): {unexpected}"
    assert sorted(found) == sorted(ALLOWED), "an allowed file no longer holds a query: drop it from ALLOWED"
