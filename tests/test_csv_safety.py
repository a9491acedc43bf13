"""Names that a spreadsheet would run as formulas are written as text in every CSV and TSV file for
people (OWASP's CSV-injection rule), numbers stay numbers, and report.md shows names as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kg import cli, pipeline
from kg.project.paths import ProjectPaths
from kg.rdf.cells import is_formula_like, safe_cell
from tests.conftest import edit

HOSTILE = {
    "msdsp": '=HYPERLINK("http://x") | <script>alert(1)</script>',
    "khukumat-danghara": "+Khukumat of Danghara",
    "jamoat-dashtak": "-Jamoat Dashtak",
    "vo-navobod": "@Village Organization Navobod",
}
TITLE = "=Water line | pipe"

# Four state bodies in one project: six ties inside the state sector and two outside it, so the
# state's E-I index is (2 - 6) / 8 = -0.5, a negative number that must stay a number.
MORE_BODIES = "".join(
    f"""  - id: {body}
    name: {name}
    class: government-body
    level: jamoat
    body_kind: jamoat-administration
    jurisdiction: dashtak-jamoat
"""
    for body, name in (("jamoat-two", "Jamoat Two"), ("jamoat-three", "Jamoat Three"))
)
STATE_PROJECT = """  - id: state-bridge
    title: Bridge
    sectors: [basic-education]
    places: [navobod]
    led_by: khukumat-danghara
    evidence: {lines: 11-12, quote: "the Khukumat of Danghara paid 2000 Somoni for the roof"}
    contributions:
""" + "".join(
    f"""      - by: {body}
        kind: in-kind
        role: funding
        evidence: {{lines: 12-12, quote: Danghara paid 2000 Somoni for the roof}}
"""
    for body in ("khukumat-danghara", "jamoat-dashtak", "jamoat-two", "jamoat-three")
)

NAMES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?measure ?amount WHERE {
  ?o rdfs:label ?name .
  FILTER(STRSTARTS(STR(?o), "https://w3id.org/hamkori/id/organization/"))
  BIND(-0.5 AS ?measure)
  BIND(5000 AS ?amount)
}
"""


def quoted(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def hostile(mini: ProjectPaths) -> ProjectPaths:
    """The mini project with names that begin like formulas, a ``|`` and a ``<script>``, built."""
    registry = mini.root / "data/registry/organizations.yaml"
    case = mini.root / "data/cases/01-vo-navobod.yaml"
    edit(
        registry,
        "name: Mountain Societies Development Support Programme",
        f"name: {quoted(HOSTILE['msdsp'])}",
    )
    edit(registry, "name: Khukumat of Danghara", f"name: {quoted(HOSTILE['khukumat-danghara'])}")
    edit(registry, "name: Jamoat Dashtak", f"name: {quoted(HOSTILE['jamoat-dashtak'])}")
    registry.write_text(registry.read_text(encoding="utf-8") + MORE_BODIES, encoding="utf-8")
    edit(case, "name: Village Organization Navobod", f"name: {quoted(HOSTILE['vo-navobod'])}")
    edit(case, "title: Water line", f"title: {quoted(TITLE)}")
    edit(case, "\npartnerships:", "\n" + STATE_PROJECT + "\npartnerships:")
    pipeline.build(mini)
    return mini


def cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def test_the_rule() -> None:
    assert [safe_cell(c) for c in ("=1+1", "+x", "-x", "@x", "\t=1", "\r=1")] == [
        "'=1+1",
        "'+x",
        "'-x",
        "'@x",
        "'\t=1",
        "'\r=1",
    ]
    assert [safe_cell(c) for c in ("-5", "+3.5", "-0.5", "-1e-3", ".5", "Navobod", "")] == [
        "-5",
        "+3.5",
        "-0.5",
        "-1e-3",
        ".5",
        "Navobod",
        "",
    ]
    assert safe_cell(-0.5) == -0.5 and safe_cell(5000) == 5000 and safe_cell(None) is None
    assert is_formula_like("-inf") and is_formula_like("-1_0")  # Python reads them as numbers; sheets do not


def test_every_csv_of_the_build_writes_formulas_as_text(hostile: ProjectPaths) -> None:
    files = sorted(hostile.build.rglob("*.csv")) + sorted(hostile.build.rglob("*.tsv"))
    assert len(files) > 20, files
    seen: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = cells(text, "\t" if path.suffix == ".tsv" else ",")
        unsafe = [cell for cell in found if is_formula_like(cell)]
        assert not unsafe, (path, unsafe)
        seen |= {cell for cell in found if cell.startswith("'")}
    # The names are there, as text, in the site's tables, the analysis tables and the exports.
    for name in [*HOSTILE.values(), TITLE]:
        assert "'" + name in seen, name
    for folder in ("site/tables", "analysis/tables", "analysis/exports"):
        text = "".join(p.read_text(encoding="utf-8") for p in (hostile.build / folder).glob("*.csv"))
        assert "'-Jamoat Dashtak" in text, folder
    # Numbers stay numbers: amounts, and a negative E-I index.
    ei = list(csv.DictReader((hostile.build / "analysis/tables/ei_index.csv").open(encoding="utf-8")))
    assert {row["sector"]: row["ei_index"] for row in ei}["state"] == "-0.5"
    projects = list(csv.DictReader((hostile.build / "site/tables/projects.csv").open(encoding="utf-8")))
    assert "5000" in {cell for row in projects for cell in row.values()}


@pytest.mark.parametrize("form", ["csv", "tsv"])
def test_kg_query_writes_formulas_as_text(
    hostile: ProjectPaths, tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "names.rq"
    path.write_text(NAMES, encoding="utf-8")
    assert cli.main(["query", str(path), "--project", str(hostile.root), "--format", form]) == 0
    out = capsys.readouterr().out
    if form == "tsv":  # terms in their Turtle form: the quote goes inside the literal's quotes
        lines = [line.split("\t") for line in out.splitlines()[1:]]
        assert len(lines) == 6
        texts = [cell[1 : cell.rindex('"')] for line in lines for cell in line]  # a literal's text
        assert {"'" + name.replace('"', '\\"') for name in HOSTILE.values()} <= set(texts)
        assert not [text for text in texts if is_formula_like(text)]
        assert {line[1] for line in lines} == {'"-0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'}
        return
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 7
    names = {row[0] for row in rows[1:]}
    assert {"'" + name for name in HOSTILE.values()} <= names
    assert not [cell for row in rows for cell in row if is_formula_like(cell)]
    assert {row[1] for row in rows[1:]} == {"-0.5"} and {row[2] for row in rows[1:]} == {"5000"}


def test_report_markdown_shows_names_as_text(hostile: ProjectPaths) -> None:
    report = (hostile.build / "analysis/report.md").read_text(encoding="utf-8")
    assert "<script>" not in report
    assert r'=HYPERLINK("http://x") \| &lt;script&gt;alert(1)&lt;/script&gt;' in report
    table_rows = [line for line in report.splitlines() if line.startswith("| ")]
    widths = {line.replace("\\|", "").count("|") for line in table_rows if "HYPERLINK" in line}
    header_widths = {line.count("|") for line in table_rows}
    assert widths and widths <= header_widths  # the name's | did not add a column
