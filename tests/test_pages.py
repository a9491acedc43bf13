"""The HTML pages made from templates: the server's pages, the folder listings and the report.

The golden files under tests/golden/ are the reviewed pages; UPDATE_GOLDEN=1 rewrites them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.analysis.statements import Chart, Excerpt, Fact, Finding, Quote
from kg.outputs.pages import listing_page
from kg.outputs.report import anchor, chart
from kg.outputs.templating import render
from kg.query.library import LibraryQuery, Param
from kg.serve.server import SparqlService, library_page
from kg.store.embedded import OxigraphStore

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert('x')</script> & \"co\""


def matches_golden(name: str, data: bytes) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"the page differs from tests/golden/{name}"


def hostile_library() -> dict[str, LibraryQuery]:
    query = LibraryQuery(
        name="who-funds",
        path=Path("queries/who-funds.rq"),
        title=f"Who funds {HOSTILE}",
        question=f"Which donors fund {HOSTILE}?",
        params=(
            Param("org", f"IRI {HOSTILE}", f"the organization {HOSTILE}"),
            Param("year", "year", f"the year {HOSTILE}", required=True),
        ),
        examples=(),
        text=f'SELECT ?x WHERE {{ ?x ?p "{HOSTILE}" }}',
    )
    return {query.name: query}


def hostile_results() -> bytes:
    store = OxigraphStore(None)
    label = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    store.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX org: <https://w3id.org/hamkori/id/organization/> "
        f'INSERT DATA {{ org:a rdfs:label "{label}" . org:b rdfs:label "Plain & simple" }}'
    )
    service = SparqlService(store, {}, "https://w3id.org/hamkori/")
    response = service.run("SELECT ?org ?label WHERE { ?org ?p ?label } ORDER BY ?org", "text/html")
    assert response.content_type.startswith("text/html")
    return response.body


def test_library_page_matches_golden() -> None:
    matches_golden("serve-library.html", library_page(hostile_library()))


def test_results_page_matches_golden() -> None:
    matches_golden("serve-results.html", hostile_results())


def test_listing_page_matches_golden() -> None:
    files = [Path("a.csv"), Path("<b> & \"x'.csv")]
    matches_golden(
        "listing.html", listing_page(f"Tables {HOSTILE}", files, back=f"../{HOSTILE}.html").encode()
    )


class Parsed(HTMLParser):
    """The elements, text and attribute values of a page, entities decoded."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.texts: list[str] = []
        self.names: list[str] = []
        self.values: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.names += [name for name, _ in attrs]
        self.values += [value for _, value in attrs if value]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def hostile_report() -> str:
    finding = Finding(
        "levels",
        f"Levels {HOSTILE}",
        f"Of 3 pairs {HOSTILE}.",
        ("levels",),
        "levels.svg",
        (f"{HOSTILE}/id/p/1",),
    )
    excerpt = Excerpt("levels", (HOSTILE, "n"), ((HOSTILE, "3"),), f" (first 15 of 40 rows {HOSTILE})")
    bars = chart(Chart(HOSTILE, (HOSTILE,), ((HOSTILE, (3.0,)),), axis=HOSTILE, legend=HOSTILE))
    return render(
        "report/report.html",
        root="../",
        findings=[finding],
        method=f"Each number is tested {HOSTILE}.",
        charts={"levels.svg": bars},
        tables={"levels": excerpt},
        anchor=anchor,
    )


def hostile_evidence() -> str:
    quote = Quote(HOSTILE, HOSTILE, HOSTILE)
    return render("report/evidence.html", root="../", facts=[Fact(HOSTILE, HOSTILE, (quote,))], anchor=anchor)


PAGES: dict[str, Callable[[], str]] = {
    "report": hostile_report,
    "evidence": hostile_evidence,
    "listing": lambda: listing_page(HOSTILE, [Path("<b> & \"x'.csv")], back=HOSTILE),
    "library": lambda: library_page(hostile_library()).decode(),
    "results": lambda: hostile_results().decode(),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_names_stay_text_on_every_page(name: str) -> None:
    """Names with markup, quotes and ampersands come out escaped: text and attribute values, never tags."""
    page = PAGES[name]()
    parsed = Parsed(page)
    assert "<script>" not in page
    if name == "library":  # the query editor's scripts alone: its configuration (JSON) and two files
        assert parsed.tags.count("script") == 3 and page.count("<script") == 3
        config = page.split('id="hamkori-query-config">')[1].split("</script>")[0]
        assert "<" not in config and HOSTILE in json.loads(config)["queries"][0]["title"]
    else:
        assert "script" not in parsed.tags
    assert HOSTILE in "".join(parsed.texts)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;co&quot;" in page
    assert parsed.tags[:4] == ["html", "head", "meta", "meta"] and "main" in parsed.tags  # the one shell


def test_attribute_values_cannot_add_attributes() -> None:
    page = listing_page("Tables", [Path('a" onclick="x.csv')], back='../x" onmouseover="y')
    parsed = Parsed(page)
    assert 'a" onclick="x.csv' in parsed.values and '../x" onmouseover="y' in parsed.values
    assert "onclick" not in parsed.names and "onmouseover" not in parsed.names
