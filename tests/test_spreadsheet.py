"""The spreadsheet path: templates, import of filled templates, and clear errors for broken rows."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from kg.authoring.loader import load_corpus
from kg.authoring.spreadsheet import (
    SHEETS,
    WORKBOOK,
    import_tables,
    parse_amount,
    templates_readme,
    write_imported,
    write_templates,
)
from kg.authoring.vocab import Vocabularies, read_vocabularies
from kg.errors import InputError, UsageError
from kg.project.paths import ProjectPaths
from tests.conftest import REPO

Rows = dict[str, list[dict[str, str]]]

# A small example that fits tests/fixtures/mini: a new case study about lines 1-15 of mini.txt.
EXAMPLE: Rows = {
    "case_studies": [
        {
            "id": "vo-navobod-2",
            "number": "2",
            "title": "Water again",
            "region": "khatlon",
            "lines": "1-15",
            "organization": "pa-umed",
        },
    ],
    "organizations": [
        {
            "id": "pa-umed",
            "name": "Public Association Umed",
            "class": "public-association",
            "case": "vo-navobod-2",
            "aliases": "PA Umed; Umed",
            "based_in": "navobod",
        },
        {
            "id": "rwsp",
            "name": "Rural Water Supply Programme",
            "class": "international-ngo",
            "aliases": "RWSP",
        },
        {
            "id": "education-department-danghara",
            "name": "Department of education of Danghara",
            "class": "government-body",
            "level": "city-rayon",
            "body_kind": "department",
            "jurisdiction": "danghara",
            "part_of": "khukumat-danghara",
            "case": "vo-navobod-2",
        },
    ],
    "projects": [
        {
            "id": "pa-umed-water",
            "case": "vo-navobod-2",
            "title": "Water line",
            "led_by": "pa-umed",
            "year": "2004",
            "sectors": "water-sanitation",
            "places": "navobod",
            "total_amount": "5,000",
            "total_currency": "USD",
            "evidence_lines": "8-8",
            "evidence_quote": "A water line was laid for the total sum of $5000.",
        },
    ],
    "contributions": [
        {
            "project": "pa-umed-water",
            "by": "rwsp",
            "amount": "3900",
            "currency": "USD",
            "kind": "cash",
            "role": "funding",
            "evidence_lines": "9-9",
            "evidence_quote": "the contribution of MSDSP was $3900",
        },
        {
            "project": "pa-umed-water",
            "by": "khukumat-danghara",
            "amount": "2000",
            "currency": "TJS",
            "kind": "cash",
            "role": "funding",
            "evidence_lines": "12-12",
            "evidence_quote": "Danghara paid 2000 Somoni for the roof",
        },
        {
            "project": "pa-umed-water",
            "by": "community-navobod",
            "kind": "labour",
            "role": "implementing",
            "evidence_lines": "9-10",
            "evidence_quote": "The villagers dug the trench.",
        },
    ],
}


@pytest.fixture(scope="module")
def vocabularies() -> Vocabularies:
    return read_vocabularies(REPO / "ontology" / "vocabularies.ttl")


def fill_csv(folder: Path, rows: Rows) -> None:
    """Fill the CSV templates in ``folder`` with ``rows`` under their header."""
    for sheet, records in rows.items():
        path = folder / f"{sheet}.csv"
        with path.open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        with path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for record in records:
                writer.writerow([record.get(name, "") for name in header])


def fill_xlsx(path: Path, rows: Rows) -> None:
    workbook = load_workbook(path)
    for sheet, records in rows.items():
        worksheet = workbook[sheet]
        header = [cell.value for cell in worksheet[1]]
        for record in records:
            worksheet.append([record.get(name) or None for name in header])
    workbook.save(path)


def test_committed_templates_are_what_write_templates_writes(
    tmp_path: Path, vocabularies: Vocabularies
) -> None:
    written = write_templates(tmp_path, vocabularies)
    committed = REPO / "data" / "templates"
    for path in written:
        if path.suffix == ".xlsx":
            fresh, kept = load_workbook(path), load_workbook(committed / path.name)
            assert fresh.sheetnames == kept.sheetnames == ["README", *(s.name for s in SHEETS)]
            for name in fresh.sheetnames:
                assert list(fresh[name].values) == list(kept[name].values), name
        else:
            fresh_text = path.read_text(encoding="utf-8")
            assert (committed / path.name).read_text(encoding="utf-8") == fresh_text, (
                f"data/templates/{path.name} is out of date: regenerate it with write_templates"
            )


def test_readme_documents_every_column_and_its_codes(vocabularies: Vocabularies) -> None:
    text = templates_readme(vocabularies)
    for sheet in SHEETS:
        assert f"## {sheet.name}" in text
        for column in sheet.columns:
            assert f"| {column.name} |" in text
    assert "international-ngo" in text and "water-sanitation" in text and "TJS, USD" in text


def _check_import(mini: ProjectPaths, files: dict[str, str]) -> None:
    assert sorted(files) == ["cases/02-vo-navobod-2.yaml", "registry/filled-organizations.yaml"] or sorted(
        files
    ) == ["cases/02-vo-navobod-2.yaml", "registry/hamkori-template-organizations.yaml"]
    write_imported(files, mini.data)
    corpus = load_corpus(mini)
    project = next(p for p in corpus.projects if p.id == "pa-umed-water")
    assert project.total is not None and project.total.amount == Decimal(5000)
    assert [(c.by, c.money.amount if c.money else None) for c in project.contributions] == [
        ("rwsp", Decimal(3900)),
        ("khukumat-danghara", Decimal(2000)),
        ("community-navobod", None),
    ]
    umed = corpus.organization("pa-umed")
    assert umed is not None and umed.aliases == ("PA Umed", "Umed") and umed.case == "vo-navobod-2"
    department = corpus.organization("education-department-danghara")
    assert (
        department is not None
        and department.level == "city-rayon"
        and department.part_of == "khukumat-danghara"
    )
    assert corpus.organization("rwsp") is not None and corpus.organization("rwsp").case is None  # type: ignore[union-attr]


def test_import_of_filled_csv_templates_loads(
    mini: ProjectPaths, tmp_path: Path, vocabularies: Vocabularies
) -> None:
    folder = tmp_path / "filled"
    write_templates(folder, vocabularies)
    fill_csv(folder, EXAMPLE)
    files = import_tables(folder, vocabularies, load_corpus(mini))
    assert "registry/filled-organizations.yaml" in files
    _check_import(mini, files)


def test_import_of_a_filled_workbook_loads(
    mini: ProjectPaths, tmp_path: Path, vocabularies: Vocabularies
) -> None:
    write_templates(tmp_path, vocabularies)
    workbook = tmp_path / WORKBOOK
    fill_xlsx(workbook, EXAMPLE)
    files = import_tables(workbook, vocabularies, load_corpus(mini))
    _check_import(mini, files)
    text = files["cases/02-vo-navobod-2.yaml"]
    assert yaml.safe_load(text)["projects"][0]["total"] == {"amount": 5000, "currency": "USD"}


def _edited(sheet: str, index: int, **changes: str) -> Rows:
    rows = {name: [dict(record) for record in records] for name, records in EXAMPLE.items()}
    rows[sheet][index].update(changes)
    return rows


BROKEN: dict[str, tuple[Rows, str | list[str]]] = {
    "missing id": (
        _edited("organizations", 1, id=""),
        [
            "contributions.csv:2: by: unknown community or government or organization 'rwsp'",
            "organizations.csv:3: id: this column is required "
            "(Lowercase id, unique in data/, e.g. khukumat-vahdat)",
        ],
    ),
    "unknown kind": (
        _edited("organizations", 1, **{"class": "international-ngoo"}),
        "organizations.csv:3: class: 'international-ngoo' is not a known organization class; "
        "did you mean 'international-ngo'? (known: ngo, public-association, village-organization, cssc, "
        "society, cso, government-body, international-organization, international-ngo, development-agency, "
        "embassy, business, media)",
    ),
    "non-numeric amount": (
        _edited("contributions", 0, amount="$3900"),
        "contributions.csv:2: amount: '$3900' is not a number: write digits only (such as 1200 or 11,657); "
        "the currency goes in its own column",
    ),
    "unknown currency": (
        _edited("contributions", 1, currency="EUR"),
        "contributions.csv:3: currency: 'EUR' is not a known currency code (known: TJS, USD)",
    ),
    "unknown organization": (
        _edited("contributions", 0, by="rwps"),
        "contributions.csv:2: by: unknown community or government or organization 'rwps'; "
        "did you mean 'rwsp'?",
    ),
    "unknown leader": (
        _edited("projects", 0, led_by="pa-umid"),
        "projects.csv:2: led_by: unknown government or organization 'pa-umid'; did you mean 'pa-umed'?",
    ),
    "government body without level": (
        _edited("organizations", 2, level=""),
        "organizations.csv:4: level: a government body needs level",
    ),
    "amount without currency": (
        _edited("contributions", 0, currency=""),
        "contributions.csv:2: currency: give amount and currency together, or neither",
    ),
    "place that does not exist": (
        _edited("organizations", 0, based_in="navobad"),
        "organizations.csv:2: based_in: unknown place 'navobad'; did you mean 'navobod'?",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_rows_are_rejected_with_sheet_row_and_column(
    case: str, mini: ProjectPaths, tmp_path: Path, vocabularies: Vocabularies
) -> None:
    rows, expected = BROKEN[case]
    write_templates(tmp_path, vocabularies)
    fill_csv(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        import_tables(tmp_path, vocabularies, load_corpus(mini))
    assert [str(p) for p in caught.value.problems] == (expected if isinstance(expected, list) else [expected])


def test_a_broken_workbook_names_the_sheet(
    mini: ProjectPaths, tmp_path: Path, vocabularies: Vocabularies
) -> None:
    write_templates(tmp_path, vocabularies)
    fill_xlsx(tmp_path / WORKBOOK, _edited("contributions", 1, currency="EUR"))
    with pytest.raises(InputError) as caught:
        import_tables(tmp_path / WORKBOOK, vocabularies, load_corpus(mini))
    assert [str(p) for p in caught.value.problems] == [
        "hamkori-template.xlsx[contributions]:3: currency: "
        "'EUR' is not a known currency code (known: TJS, USD)"
    ]


def test_every_problem_is_reported_at_once(
    mini: ProjectPaths, tmp_path: Path, vocabularies: Vocabularies
) -> None:
    rows = _edited("contributions", 0, amount="lots", currency="EUR")
    rows["organizations"][1]["class"] = "donor"
    write_templates(tmp_path, vocabularies)
    fill_csv(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        import_tables(tmp_path, vocabularies, load_corpus(mini))
    assert [(p.path, p.line, p.field) for p in caught.value.problems] == [
        ("contributions.csv", 2, "amount"),
        ("contributions.csv", 2, "currency"),
        ("organizations.csv", 3, "class"),
    ]


def test_header_problems(tmp_path: Path, vocabularies: Vocabularies) -> None:
    (tmp_path / "projects.csv").write_text("id,case,titel,led_by\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_tables(tmp_path, vocabularies)
    messages = [str(p) for p in caught.value.problems]
    assert "projects.csv:1: title: the required column 'title' is missing from the first row" in messages
    assert "projects.csv:1: titel: unknown column 'titel'; did you mean 'title'?" in messages


def test_not_a_spreadsheet(tmp_path: Path, vocabularies: Vocabularies) -> None:
    with pytest.raises(UsageError, match=r"neither an \.xlsx workbook nor a folder"):
        import_tables(tmp_path / "missing.ods", vocabularies)
    with pytest.raises(UsageError, match=r"has none of case_studies\.csv"):
        import_tables(tmp_path, vocabularies)


def test_imported_files_never_overwrite(mini: ProjectPaths) -> None:
    with pytest.raises(FileExistsError):
        write_imported({"cases/01-vo-navobod.yaml": "x"}, mini.data)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1200", "1200"),
        ("11,657", "11657"),
        ("1 200", "1200"),
        (1200, "1200"),
        (12.5, "12.5"),
        ("0.75", "0.75"),
    ],
)
def test_amounts_as_printed(cell: object, expected: str) -> None:
    assert parse_amount(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["$1200", "1200 USD", "twelve", "1,20", True, "-5"])
def test_amounts_that_are_not_numbers(cell: object) -> None:
    with pytest.raises(ValueError):
        parse_amount(cell)


def test_blank_rows_are_skipped(tmp_path: Path, vocabularies: Vocabularies) -> None:
    make: Callable[[], Workbook] = Workbook
    workbook = make()
    sheet = workbook.active
    sheet.title = "organizations"
    sheet.append(["id", "name", "class"])
    sheet.append([None, None, None])
    sheet.append(["rwsp", "Rural Water Supply Programme", "international-ngo"])
    workbook.save(tmp_path / "x.xlsx")
    files = import_tables(tmp_path / "x.xlsx", vocabularies)
    assert yaml.safe_load(files["registry/x-organizations.yaml"]) == {
        "organizations": [
            {"id": "rwsp", "name": "Rural Water Supply Programme", "class": "international-ngo"}
        ]
    }


CLI_HAS_IMPORT = "import" in __import__("kg.cli", fromlist=["build_parser"]).build_parser().format_help()


@pytest.mark.skipif(not CLI_HAS_IMPORT, reason="the CLI has no kg template / kg import yet")
def test_kg_template_and_kg_import(
    mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kg.cli import main

    assert main(["template", str(tmp_path / "t"), "--project", str(mini.root)]) == 0
    fill_csv(tmp_path / "t", EXAMPLE)
    assert main(["import", str(tmp_path / "t"), "--project", str(mini.root)]) == 0
    assert "data/cases/02-vo-navobod-2.yaml" in capsys.readouterr().out
    fill_csv(tmp_path / "t", {"contributions": [{"project": "pa-umed-water", "by": "x", "kind": "cash"}]})
    assert main(["import", str(tmp_path / "t"), "--project", str(mini.root)]) == 2
    assert "contributions.csv:5: by: unknown" in capsys.readouterr().err
