"""The spreadsheet path: CSV and XLSX templates, and an importer that turns filled ones into authoring YAML.

Four sheets, one row per record: ``case_studies``, ``organizations``, ``projects`` and
``contributions``. ``write_templates`` writes them as CSV files, as one XLSX workbook (with a
README sheet) and as a README.md that documents every column. ``import_tables`` reads a filled
workbook or folder of CSV files, checks every cell and reference, and returns the authoring
files to write: one case-study file per case study, and a registry file for organizations that
belong to no case study. Problems name the sheet, the row and the column::

    organizations.csv:4: class: 'ngoo' is not a known organization class; did you mean 'ngo'? …

    files = import_tables(Path("filled.xlsx"), read_vocabularies(paths.vocabularies), corpus)
    write_imported(files, paths.data)
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.authoring.files import UNSAFE_CHARACTER, dump_yaml, read_regular_file, read_text_file
from kg.authoring.records import Corpus
from kg.authoring.schema import LINES_PATTERN, ORGANIZATION_CLASSES, PERIOD_PATTERN
from kg.authoring.vocab import Vocabularies
from kg.errors import InputError, Problem, UsageError
from kg.rdf.namespaces import ID_PATTERN

WORKBOOK = "hamkori-template.xlsx"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column: its header, what it means, and how its cells are checked."""

    name: str
    meaning: str
    required: bool = False
    check: str = "text"  # text, id, integer, number, lines, period, code, codes, list
    scheme: str | None = None  # vocabulary scheme (or "class") for code and codes
    refers_to: str | None = None  # case, organization, actor, place, project, government


@dataclass(frozen=True)
class Sheet:
    name: str
    meaning: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]


_EVIDENCE = (
    Column("evidence_lines", "Line range in the source text, e.g. 813-814", check="lines"),
    Column("evidence_quote", "A short verbatim quote that occurs within those lines"),
)
SHEETS = (
    Sheet(
        "case_studies",
        "One row per new case study; its projects and organizations refer to it by id.",
        (
            Column("id", "Lowercase id of the case study, e.g. vo-sino", True, "id"),
            Column("number", "Its position in the book", True, "integer"),
            Column("title", "Title as printed", True),
            Column("region", "Oblast or region (a place id)", True, "id", refers_to="place"),
            Column("lines", "Where the case study stands in the source text, e.g. 774-818", True, "lines"),
            Column(
                "organization",
                "Its main organization (an organization id)",
                True,
                "id",
                refers_to="organization",
            ),
            Column("partial", "yes when the source holds only part of it"),
        ),
    ),
    Sheet(
        "organizations",
        "One row per organization; government bodies also need level, body_kind and jurisdiction.",
        (
            Column("id", "Lowercase id, unique in data/, e.g. khukumat-vahdat", True, "id"),
            Column("name", "Name", True),
            Column("class", "Kind of organization", True, "code", "class"),
            Column(
                "case",
                "The case study that introduces it; empty for the shared registry",
                check="id",
                refers_to="case",
            ),
            Column("aliases", "Other spellings, separated by ;", check="list"),
            Column("based_in", "Where it is located (a place id)", check="id", refers_to="place"),
            Column("founded", "Founding date as printed"),
            Column(
                "part_of", "The body it belongs to (an organization id)", check="id", refers_to="organization"
            ),
            Column(
                "level",
                "Level of government (government bodies only)",
                check="code",
                scheme="government-level",
            ),
            Column(
                "body_kind",
                "Kind of government body (government bodies only)",
                check="code",
                scheme="body-kind",
            ),
            Column(
                "jurisdiction",
                "The place a government body governs (a place id)",
                check="id",
                refers_to="place",
            ),
            *_EVIDENCE,
        ),
    ),
    Sheet(
        "projects",
        "One row per project.",
        (
            Column("id", "Lowercase id, e.g. vo-sino-mts", True, "id"),
            Column("case", "The case study it belongs to", True, "id", refers_to="case"),
            Column("title", "Title or short description", True),
            Column("led_by", "The organization that led it", True, "id", refers_to="organization"),
            Column("year", "Year, when the text gives one", check="integer"),
            Column("period", "Or a period such as 2004-2005", check="period"),
            Column("sectors", "Sectors of work, separated by ;", check="codes", scheme="sector"),
            Column("places", "Place ids, separated by ;", check="list", refers_to="place"),
            Column("total_amount", "The printed total (digits only)", check="number"),
            Column("total_currency", "USD or TJS", check="code", scheme="currency"),
            Column("evidence_lines", "Line range in the source text, e.g. 813-814", True, "lines"),
            Column("evidence_quote", "A short verbatim quote that occurs within those lines", True),
        ),
    ),
    Sheet(
        "contributions",
        "One row per contribution to a project.",
        (
            Column(
                "project", "The project (a project id of the projects sheet)", True, "id", refers_to="project"
            ),
            Column("by", "The contributing organization or community", True, "id", refers_to="actor"),
            Column("amount", "The amount as printed (digits only), with currency", check="number"),
            Column("currency", "USD or TJS, with amount", check="code", scheme="currency"),
            Column("kind", "Kind of contribution", True, "code", "contribution-kind"),
            Column(
                "role", "Role of the contributor (funding makes a donor)", True, "code", "contribution-role"
            ),
            Column("id", "Only when one contributor gives twice to the same project", check="id"),
            Column("evidence_lines", "Line range in the source text, e.g. 813-814", True, "lines"),
            Column("evidence_quote", "A short verbatim quote that occurs within those lines", True),
        ),
    ),
)
SHEET = {sheet.name: sheet for sheet in SHEETS}


# -- templates --------------------------------------------------------------------------------


def _known_codes(column: Column, vocabularies: Vocabularies) -> tuple[str, ...]:
    if column.scheme == "class":
        return tuple(ORGANIZATION_CLASSES)
    return vocabularies.known(column.scheme) if column.scheme else ()


def _describe(column: Column, vocabularies: Vocabularies) -> str:
    codes = _known_codes(column, vocabularies)
    known = f" One of: {', '.join(codes)}." if codes else ""
    return f"{column.meaning}{' (required)' if column.required else ''}.{known}"


def templates_readme(vocabularies: Vocabularies) -> str:
    """The README that documents every sheet and column of the templates."""
    parts = [
        "# Spreadsheet templates\n\n",
        "Fill these in a spreadsheet program, then turn them into authoring files with the importer "
        "(`kg import FILE.xlsx` or `kg import FOLDER-WITH-CSV`). One row per record; the first row holds "
        "the column names and must be kept. Lists are separated by `;`. Amounts are digits only: the "
        "currency goes in its own column. Generated by `kg.authoring.write_templates`.\n",
    ]
    for sheet in SHEETS:
        parts.append(f"\n## {sheet.name}\n\n{sheet.meaning}\n\n| column | meaning |\n|---|---|\n")
        parts += [f"| {c.name} | {_describe(c, vocabularies)} |\n" for c in sheet.columns]
    return "".join(parts)


def write_templates(folder: Path, vocabularies: Vocabularies) -> list[Path]:
    """Write the CSV templates, the XLSX workbook and their README into ``folder``; return the paths."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in SHEETS:
        path = folder / f"{sheet.name}.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(sheet.headers)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        written.append(path)
    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    readme.append(["sheet", "column", "meaning"])
    for sheet in SHEETS:
        for column in sheet.columns:
            readme.append([sheet.name, column.name, _describe(column, vocabularies)])
        workbook.create_sheet(sheet.name).append(sheet.headers)
    path = folder / WORKBOOK
    workbook.save(path)
    written.append(path)
    readme_path = folder / "README.md"
    readme_path.write_text(templates_readme(vocabularies), encoding="utf-8")
    return [*written, readme_path]


# -- reading filled templates -----------------------------------------------------------------


@dataclass
class Table:
    """The rows of one sheet: each row's number (as the spreadsheet shows it) and its cells by column."""

    sheet: str
    shown: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(sheet: str, shown: str, lines: Iterable[tuple[int, list[Any]]]) -> Table:
    iterator = iter(lines)
    first = next(iterator, None)
    header = [str(cell).strip() if cell is not None else "" for cell in (first[1] if first else [])]
    table = Table(sheet, shown, header)
    for number, cells in iterator:
        if all(_blank(cell) for cell in cells):
            continue
        table.rows.append(
            (number, {name: cells[i] if i < len(cells) else None for i, name in enumerate(header)})
        )
    return table


def _read_workbook(source: Path) -> dict[str, Table]:
    """The sheets of an XLSX workbook; a file that is no workbook (a renamed CSV or PDF) is refused.

    Raises:
        InputError: the file cannot be read or is not a workbook.
    """
    from openpyxl import load_workbook

    raw = read_regular_file(source, source.name, MAX_WORKBOOK_BYTES)
    if not raw.startswith(b"PK"):
        raise InputError([Problem(source.name, None, None, NOT_A_WORKBOOK)])
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            tables = {}
            for name in SHEET:
                if name in workbook.sheetnames:
                    rows = list(enumerate((list(r) for r in workbook[name].iter_rows(values_only=True)), 1))
                    tables[name] = _table(name, f"{source.name}[{name}]", rows)
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises zipfile, XML, key and value errors for a damaged file
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise InputError([Problem(source.name, None, None, f"{NOT_A_WORKBOOK} ({reason})")]) from None
    if not tables:  # another workbook: importing nothing from it would look like success
        sheets = ", ".join(SHEET)
        message = f"has none of the template's sheets ({sheets}): fill in the template `kg template` writes"
        raise InputError([Problem(source.name, None, None, message)])
    return tables


def _read_csv(path: Path) -> Table:
    """One sheet saved as CSV (UTF-8, with or without a byte-order mark).

    Raises:
        InputError: the file is not a readable UTF-8 text file, or not CSV.
    """
    text = read_text_file(path, path.name, MAX_WORKBOOK_BYTES)
    try:
        return _table(
            path.stem, path.name, list(enumerate(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), 1))
        )
    except csv.Error as exc:
        raise InputError([Problem(path.name, None, None, f"not a CSV file: {exc}")]) from None


MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
NOT_A_WORKBOOK = (
    "not an Excel workbook (.xlsx): save the filled template as .xlsx, or as CSV files in a folder"
)


def read_tables(source: Path) -> dict[str, Table]:
    """The sheets of a filled XLSX workbook, or of a folder of CSV files named after the sheets.

    Raises:
        UsageError: ``source`` is neither an .xlsx file nor a folder with the CSV files.
        InputError: the workbook or a CSV file cannot be read: not a workbook, binary, not UTF-8.
    """
    if source.suffix.lower() == ".xlsx" and not source.is_dir():
        return _read_workbook(source)
    if source.is_dir():
        tables = {}
        for name in SHEET:
            path = source / f"{name}.csv"
            if path.exists() or path.is_symlink():
                tables[name] = _read_csv(path)
        if not tables:
            raise UsageError(f"{source} has none of {', '.join(f'{n}.csv' for n in SHEET)}")
        return tables
    raise UsageError(f"{source} is neither an .xlsx workbook nor a folder of CSV files")


# -- checking cells ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A cell of several lines ends them with CR LF in some programs' CSV: one newline each here.
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_amount(value: Any) -> Decimal:
    """A printed amount: digits with optional thousands separators ('11,657', '1 200', 1200.5).

    Raises:
        ValueError: the cell holds something else, such as '$1200' or 'twelve'.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = _text(value)
    if not re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text):
        raise ValueError(text)
    try:
        return Decimal(re.sub(r"[, ]", "", text))
    except InvalidOperation:
        raise ValueError(text) from None


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass
class _Checker:
    """Checks cells and collects problems, each located by sheet, row and column."""

    vocabularies: Vocabularies
    problems: list[Problem] = field(default_factory=list)

    def problem(self, table: Table, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(table.shown, row, column, message))

    def header(self, table: Table) -> bool:
        sheet = SHEET[table.sheet]
        missing = [c.name for c in sheet.columns if c.required and c.name not in table.header]
        unknown = [name for name in table.header if name and name not in sheet.headers]
        for name in missing:
            self.problem(table, 1, name, f"the required column {name!r} is missing from the first row")
        for name in unknown:
            self.problem(table, 1, name, f"unknown column {name!r}{_suggest(name, sheet.headers)}")
        return not missing

    def cell(self, table: Table, row: int, column: Column, value: Any) -> Any:
        """The checked value of one cell (None when empty)."""
        if _blank(value):
            if column.required:
                self.problem(table, row, column.name, f"this column is required ({column.meaning})")
            return None
        text = _text(value)
        if found := UNSAFE_CHARACTER.search(text):
            self.problem(
                table,
                row,
                column.name,
                f"contains the control character U+{ord(found.group()):04X} at character "
                f"{found.start() + 1}: remove it",
            )
            return None
        checker = getattr(self, f"_{column.check}")
        result: Any = checker(table, row, column, value, text)
        return result

    def _text(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        return text

    def _id(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        if not re.fullmatch(ID_PATTERN, text):
            self.problem(
                table, row, column.name, f"{text!r} is not a valid id: use a lowercase slug such as 'vo-sino'"
            )
            return None
        return text

    def _integer(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        if not re.fullmatch(r"\d+", text):
            self.problem(table, row, column.name, f"{text!r} is not a whole number")
            return None
        return int(text)

    def _number(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        try:
            return parse_amount(value)
        except ValueError:
            self.problem(
                table,
                row,
                column.name,
                f"{text!r} is not a number: write digits only (such as 1200 or 11,657); "
                "the currency goes in its own column",
            )
            return None

    def _lines(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        if not re.fullmatch(LINES_PATTERN, text):
            self.problem(table, row, column.name, f"{text!r} is not a line range such as 813-814")
            return None
        return text

    def _period(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        if not re.fullmatch(PERIOD_PATTERN, text):
            self.problem(table, row, column.name, f"{text!r} is not a period such as 2004-2005")
            return None
        return text

    def _code(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        known = _known_codes(column, self.vocabularies)
        if text not in known:
            what = "organization class" if column.scheme == "class" else f"{column.scheme} code"
            self.problem(
                table,
                row,
                column.name,
                f"{text!r} is not a known {what}{_suggest(text, known)} (known: {', '.join(known)})",
            )
            return None
        return text

    def _codes(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        items = [self._code(table, row, column, value, item) for item in _split(text)]
        return [item for item in items if item] or None

    def _list(self, table: Table, row: int, column: Column, value: Any, text: str) -> Any:
        return _split(text) or None


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


# -- from rows to records ---------------------------------------------------------------------


@dataclass
class _Row:
    table: Table
    number: int
    values: dict[str, Any]
    invalid: set[str] = field(default_factory=set)  # columns whose cell was filled but wrong


def _rows(checker: _Checker, tables: Mapping[str, Table]) -> dict[str, list[_Row]]:
    """Every row of every sheet with its cells checked."""
    result: dict[str, list[_Row]] = {name: [] for name in SHEET}
    for name, table in tables.items():
        if not checker.header(table):
            continue
        for number, cells in table.rows:
            row = _Row(table, number, {})
            for column in SHEET[name].columns:
                cell = cells.get(column.name)
                row.values[column.name] = checker.cell(table, number, column, cell)
                if row.values[column.name] is None and not _blank(cell):
                    row.invalid.add(column.name)
            result[name].append(row)
    return result


def _known_ids(corpus: Corpus | None) -> dict[str, set[str]]:
    """The kinds of record each id of ``corpus`` names: a case study may share its organization's id."""
    known: dict[str, set[str]] = {}
    if corpus is None:
        return known
    for record_id, kind in (
        *((p.id, "place") for p in corpus.places),
        *((o.id, "government" if o.is_government else "organization") for o in corpus.organizations),
        *((c.id, "community") for c in corpus.communities),
        *((p.id, "project") for p in corpus.projects),
        *((c.id, "case") for c in corpus.cases),
    ):
        known.setdefault(record_id, set()).add(kind)
    return known


ALLOWED = {
    "case": {"case"},
    "organization": {"organization", "government"},
    "government": {"government"},
    "actor": {"organization", "government", "community"},
    "place": {"place"},
    "project": {"project"},
}


def _check_references(checker: _Checker, rows: dict[str, list[_Row]], known: dict[str, set[str]]) -> None:
    """Ids are unique within a sheet, and every reference names a row of the right sheet or a known record.

    Each sheet has its own ids: a case study may have the id of its organization, as every
    case study of the book does.
    """
    ids = {record_id: set(kinds) for record_id, kinds in known.items()}
    for sheet, kind in (("case_studies", "case"), ("projects", "project")):
        for row in rows[sheet]:
            if row.values["id"]:
                ids.setdefault(row.values["id"], set()).add(kind)
    for row in rows["organizations"]:
        if row.values["id"]:
            government = row.values["class"] == "government-body"
            ids.setdefault(row.values["id"], set()).add("government" if government else "organization")
    for sheet, sheet_rows in rows.items():
        _check_unique(checker, sheet, sheet_rows)
        for row in sheet_rows:
            for column in SHEET[sheet].columns:
                value = row.values[column.name]
                if column.refers_to is None or value is None:
                    continue
                for item in value if isinstance(value, list) else [value]:
                    _check_reference(checker, row, column, item, ids)


def _check_unique(checker: _Checker, sheet: str, sheet_rows: list[_Row]) -> None:
    if sheet == "contributions":
        return
    seen: dict[str, int] = {}
    for row in sheet_rows:
        value = row.values["id"]
        if value in seen:
            checker.problem(
                row.table, row.number, "id", f"the id {value!r} is already used in row {seen[value]}"
            )
        elif value:
            seen[value] = row.number


def _check_reference(
    checker: _Checker, row: _Row, column: Column, value: str, ids: dict[str, set[str]]
) -> None:
    allowed = ALLOWED[column.refers_to or ""]
    if column.refers_to == "place" and not any("place" in kinds for kinds in ids.values()):
        return  # no corpus given: places cannot be checked here; the loader will check them
    kinds = ids.get(value, set())
    what = " or ".join(sorted(allowed))
    if not kinds:
        hint = _suggest(value, [i for i, k in ids.items() if k & allowed])
        checker.problem(row.table, row.number, column.name, f"unknown {what} {value!r}{hint}")
    elif not kinds & allowed:
        kind = " or ".join(sorted(kinds))
        checker.problem(row.table, row.number, column.name, f"{value!r} is a {kind}, not a {what}")


def _check_rows(checker: _Checker, rows: dict[str, list[_Row]]) -> None:
    """Rules that involve several cells of a row."""
    for row in rows["organizations"]:
        government = row.values["class"] == "government-body"
        for name in ("level", "body_kind", "jurisdiction"):
            if government and row.values[name] is None:
                checker.problem(row.table, row.number, name, f"a government body needs {name}")
            if not government and row.values[name] is not None and row.values["class"]:
                checker.problem(row.table, row.number, name, f"{name} is only for government bodies")
    for row in rows["projects"]:
        _together(checker, row, "total_amount", "total_currency")
        if row.values["year"] is not None and row.values["period"] is not None:
            checker.problem(row.table, row.number, "period", "give either year or period, not both")
    for row in rows["contributions"]:
        _together(checker, row, "amount", "currency")
    for row in rows["organizations"]:
        if (row.values["evidence_lines"] is None) != (row.values["evidence_quote"] is None):
            missing = "evidence_quote" if row.values["evidence_quote"] is None else "evidence_lines"
            checker.problem(row.table, row.number, missing, "give evidence lines and quote together")


def _together(checker: _Checker, row: _Row, amount: str, currency: str) -> None:
    if row.invalid & {amount, currency}:
        return  # already reported
    if (row.values[amount] is None) != (row.values[currency] is None):
        missing = currency if row.values[currency] is None else amount
        checker.problem(row.table, row.number, missing, f"give {amount} and {currency} together, or neither")


def _number_value(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _evidence(values: dict[str, Any]) -> dict[str, Any] | None:
    if values.get("evidence_lines") and values.get("evidence_quote"):
        return {"lines": values["evidence_lines"], "quote": values["evidence_quote"]}
    return None


def _organization(values: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": values["id"], "name": values["name"], "class": values["class"]}
    for name in ("aliases", "part_of", "based_in", "level", "body_kind", "jurisdiction", "founded"):
        if values[name] is not None:
            record[name] = values[name]
    if (evidence := _evidence(values)) is not None:
        record["evidence"] = evidence
    return record


def _contribution(values: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"by": values["by"]}
    if values["id"]:
        record = {"id": values["id"], **record}
    if values["amount"] is not None:
        record.update(amount=_number_value(values["amount"]), currency=values["currency"])
    record.update(kind=values["kind"], role=values["role"], evidence=_evidence(values))
    return record


def _project(values: dict[str, Any], contributions: list[dict[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": values["id"], "title": values["title"]}
    for name in ("year", "period", "sectors", "places"):
        if values[name] is not None:
            record[name] = values[name]
    record["led_by"] = values["led_by"]
    if values["total_amount"] is not None:
        record["total"] = {
            "amount": _number_value(values["total_amount"]),
            "currency": values["total_currency"],
        }
    record["evidence"] = _evidence(values)
    if contributions:
        record["contributions"] = contributions
    return record


def _case(values: dict[str, Any]) -> dict[str, Any]:
    record = {k: values[k] for k in ("id", "number", "title", "region", "lines", "organization")}
    if str(values.get("partial") or "").lower() in ("yes", "true", "1", "x"):
        record["partial"] = True
    return record


def _dump(sections: dict[str, Any], source: str) -> str:
    head = f"# Imported from {source} by kg.authoring.import_tables; edit freely.\n"
    return head + dump_yaml(sections)


def _files(rows: dict[str, list[_Row]], source: str) -> dict[str, str]:
    contributions: dict[str, list[dict[str, Any]]] = {}
    for row in rows["contributions"]:
        contributions.setdefault(row.values["project"], []).append(_contribution(row.values))
    files = {}
    for case_row in rows["case_studies"]:
        case = _case(case_row.values)
        sections: dict[str, Any] = {"case_study": case}
        organizations = [
            _organization(r.values) for r in rows["organizations"] if r.values["case"] == case["id"]
        ]
        if organizations:
            sections["organizations"] = organizations
        projects = [
            _project(r.values, contributions.get(r.values["id"], []))
            for r in rows["projects"]
            if r.values["case"] == case["id"]
        ]
        if projects:
            sections["projects"] = projects
        files[f"cases/{case['number']:02d}-{case['id']}.yaml"] = _dump(sections, source)
    shared = [_organization(r.values) for r in rows["organizations"] if r.values["case"] is None]
    if shared:
        stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-") or "imported"
        files[f"registry/{stem}-organizations.yaml"] = _dump({"organizations": shared}, source)
    return files


def import_tables(source: Path, vocabularies: Vocabularies, corpus: Corpus | None = None) -> dict[str, str]:
    """Authoring files (path relative to ``data/`` → YAML text) made from filled templates.

    With ``corpus``, references may also name its records (registry donors, places, existing
    organizations) and are all checked; without it, place references are left to the loader.

    Raises:
        InputError: listing every problem, each with its sheet (file), row and column.
        UsageError: ``source`` is neither a workbook nor a folder of CSV files.
    """
    tables = read_tables(source)
    checker = _Checker(vocabularies)
    rows = _rows(checker, tables)
    _check_rows(checker, rows)
    _check_references(checker, rows, _known_ids(corpus))
    if checker.problems:
        raise InputError(checker.problems)
    return _files(rows, source.name)


def write_imported(files: Mapping[str, str], data: Path) -> list[Path]:
    """Write imported files under ``data/``; an existing file is never overwritten.

    Raises:
        FileExistsError: one of the files exists; nothing is written.
    """
    targets = {data / relative: text for relative, text in files.items()}
    existing = [path for path in targets if path.exists()]
    if existing:
        raise FileExistsError(f"{existing[0]} exists; move it away or import into another project")
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(targets)
