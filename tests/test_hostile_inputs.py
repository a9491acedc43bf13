"""Authoring input that cannot silently change: each hostile file is refused with file, line and field.

An adversary's findings, one test (or parameter) each, run through ``kg validate`` or ``kg build``
in-process on a copy of tests/fixtures/mini: numbers YAML 1.1 would read as octal, sexagesimal or
hex; yes/no read as booleans; a case saved as .yml; dates after today; a "billion laughs" of
aliases; a FIFO, a folder, a dangling link or an unreadable file named .yaml; control characters
and lone surrogates; and spreadsheets and texts that are not what ``kg import`` and ``kg extract``
expect. Whatever could hang runs in a subprocess with a timeout, so a regression fails instead of
hanging the suite.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from kg import cli
from kg.authoring.files import read_yaml
from kg.authoring.loader import load_corpus
from kg.authoring.spreadsheet import write_templates
from kg.authoring.vocab import read_vocabularies
from kg.errors import InputError
from kg.project.paths import ProjectPaths
from tests.conftest import REPO

NEW_CASE = "data/cases/ZZ-bad.yaml"
HEAD = """case_study:
  id: zz-bad
  number: 99
  title: A hostile case study
  region: khatlon
  lines: 1-14
  organization: vo-navobod
"""
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)


def write_case(project: ProjectPaths, body: str, name: str = NEW_CASE) -> Path:
    path = project.root / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` that holds ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def kg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refused(code: int, out: str, err: str, where: str, field: str | None, message: str) -> None:
    """Exit 2, no traceback, and one line of stderr with ``where`` (file:line:), the field and the message."""
    assert "Traceback" not in out + err, err
    assert code == 2, f"exit {code}:\n{out}{err}"
    wanted = f"{where} {field}:" if field else where
    said = [line for line in err.splitlines() if wanted in line and message in line]
    assert said, f"no line with {wanted!r} and {message!r} on stderr:\n{err}"


def validate(capsys: pytest.CaptureFixture[str], project: ProjectPaths) -> tuple[int, str, str]:
    return kg(capsys, "validate", "--project", str(project.root))


MEMORY_LIMIT = 3 << 30


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def in_subprocess(*argv: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """``kg`` in its own process, killed (and the test failed) when it outlasts ``timeout`` seconds.

    Its address space is capped too, so that a regression fails instead of exhausting the machine.
    """
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        preexec_fn=limit_memory,
    )


# ---------------------------------------------------------------------------------------------
# Numbers mean what they look like in decimal; true/false are the only yes/no values
# ---------------------------------------------------------------------------------------------

CONTRIBUTION = """projects:
  - id: zz-project
    title: A water line
    led_by: vo-navobod
    evidence: {{lines: 8-8, quote: A water line was laid}}
    contributions:
      - by: msdsp
        amount: {amount}
        currency: USD
        kind: cash
        role: funding
        evidence: {{lines: 9-9, quote: the contribution of MSDSP was $3900}}
"""
AMOUNT_FIELD = "projects[zz-project].contributions[1].amount"


@pytest.mark.parametrize(
    "amount",
    ["0437", "+0437", "9:40", "1:30:00", "0x1F", "0o17", "0b101", "1_000", "007.5"],
)
def test_a_number_that_yaml_1_1_would_change_is_refused(
    amount: str, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML 1.1 reads 0437 as 287, 9:40 as 580, 0x1F as 31: here they are text, which amount refuses."""
    path = write_case(mini, CONTRIBUTION.format(amount=amount))
    where = f"{NEW_CASE}:{line_of(path, 'amount:')}:"
    refused(
        *validate(capsys, mini),
        where,
        AMOUNT_FIELD,
        f"expected a number, found text {amount!r}; write numbers in plain decimal",
    )


@pytest.mark.parametrize(
    ("written", "value"),
    [("3900", "3900"), ("3900.50", "3900.5"), ("0.5", "0.5"), ("1e5", "100000.0"), ("1250.5", "1250.5")],
)
def test_decimal_numbers_load_as_written(written: str, value: str, mini: ProjectPaths) -> None:
    write_case(mini, CONTRIBUTION.format(amount=written))
    [project] = [p for p in load_corpus(mini).projects if p.id == "zz-project"]
    [contribution] = project.contributions
    assert contribution.money is not None and str(contribution.money.amount) == value


def test_an_explicit_int_tag_must_be_decimal_too(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_case(mini, CONTRIBUTION.format(amount="!!int 0437"))
    where = f"{NEW_CASE}:{line_of(path, 'amount:')}:"
    refused(*validate(capsys, mini), where, None, "'0437' is not a whole number in plain decimal")


def test_a_text_field_keeps_leading_zeros_and_colons_as_printed(mini: ProjectPaths) -> None:
    write_case(
        mini,
        """organizations:
  - id: zz-org
    name: Zarya Centre
    class: ngo
    registration: {status: registered, by: khukumat-danghara, number: 0437}
    heads:
      - {name: Karimov Rahim, role: 9:40}
""",
    )
    org = load_corpus(mini).organization("zz-org")
    assert org is not None and org.registration is not None
    assert org.registration.number == "0437"
    assert [head.role for head in org.heads] == ["9:40"]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "Yes", "NO"])
def test_yes_no_on_off_are_not_booleans(
    word: str, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML 1.2 core has only true and false: partial: yes is text, refused where a boolean belongs."""
    path = mini.root / NEW_CASE
    path.write_text(HEAD + f"  partial: {word}\n", encoding="utf-8")
    where = f"{NEW_CASE}:{line_of(path, 'partial:')}:"
    refused(
        *validate(capsys, mini), where, "case_study.partial", f"expected true or false, found text {word!r}"
    )


@pytest.mark.parametrize(("word", "value"), [("true", True), ("True", True), ("FALSE", False)])
def test_true_and_false_are_booleans(word: str, value: bool, mini: ProjectPaths) -> None:
    (mini.root / NEW_CASE).write_text(HEAD + f"  partial: {word}\n", encoding="utf-8")
    [case] = [c for c in load_corpus(mini).cases if c.id == "zz-bad"]
    assert case.partial is value


@pytest.mark.parametrize("name", ["No", "off", "Yes", "y"])
def test_a_place_named_no_keeps_its_name(name: str, mini: ProjectPaths) -> None:
    write_case(mini, f"places:\n  - id: zz-place\n    name: {name}\n    type: village\n")
    assert [p.name for p in load_corpus(mini).places if p.id == "zz-place"] == [name]


# ---------------------------------------------------------------------------------------------
# A case saved as .yml or .YAML is refused, never dropped
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["99-zz-bad.yml", "99-zz-bad.YAML", "99-zz-bad.Yml"])
def test_a_case_with_another_yaml_suffix_is_refused(
    name: str, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini.root / "data" / "cases" / name).write_text(HEAD, encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    refused(*validate(capsys, mini), f"data/cases/{name}:", None, f"rename it to {stem}.yaml")


# ---------------------------------------------------------------------------------------------
# Dates and years: none after today, none absurdly early
# ---------------------------------------------------------------------------------------------

ORGANIZATION = """organizations:
  - id: zz-org
    name: Zarya Centre
    class: ngo
    founded: "{founded}"
    registration: {{status: registered, by: khukumat-danghara, date: "{registered}"}}
"""


@pytest.mark.parametrize(
    ("founded", "registered", "key", "field", "message"),
    [
        ("3025", "2004", "founded:", "[zz-org].founded", "'3025' is after this year"),
        ("12.05.3025", "2004", "founded:", "[zz-org].founded", "'12.05.3025' is after today"),
        (TOMORROW.strftime("%d.%m.%Y"), "2004", "founded:", "[zz-org].founded", "is after today"),
        ("August 3025", "2004", "founded:", "[zz-org].founded", "'August 3025' is after this year"),
        ("1998", "3025-01-01", "registration:", "[zz-org].registration.date", "is after today"),
        ("12.05.1203", "2004", "founded:", "[zz-org].founded", "'12.05.1203' is before 1800"),
        ("0203", "2004", "founded:", "[zz-org].founded", "'0203' is before 1800"),
    ],
)
def test_a_date_after_today_or_before_1800_is_refused(
    founded: str,
    registered: str,
    key: str,
    field: str,
    message: str,
    mini: ProjectPaths,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_case(mini, ORGANIZATION.format(founded=founded, registered=registered))
    refused(*validate(capsys, mini), f"{NEW_CASE}:{line_of(path, key)}:", field, message)


def test_today_and_the_past_are_accepted(mini: ProjectPaths) -> None:
    write_case(mini, ORGANIZATION.format(founded=TODAY.strftime("%d.%m.%Y"), registered="1863"))
    assert load_corpus(mini).organization("zz-org") is not None


PROJECT = """projects:
  - id: zz-project
    title: A water line
    led_by: vo-navobod
    {when}
    evidence: {{lines: 8-8, quote: A water line was laid}}
"""


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (f"year: {TODAY.year + 1}", f"{TODAY.year + 1} is after this year"),
        ("year: 2099", "2099 is after this year"),
        ("period: 2004-2099", "'2004-2099' is after this year"),
    ],
)
def test_a_project_year_after_this_one_is_refused(
    when: str, message: str, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_case(mini, PROJECT.format(when=when))
    key = when.split(":")[0]
    where = f"{NEW_CASE}:{line_of(path, key + ':')}:"
    refused(*validate(capsys, mini), where, f"[zz-project].{key}", message)


def test_a_book_from_the_future_is_refused(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    book = mini.root / "data" / "registry" / "book.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("year: 2007", "year: 2099"), encoding="utf-8")
    where = f"data/registry/book.yaml:{line_of(book, 'year:')}:"
    refused(*validate(capsys, mini), where, "book.year", "2099 is after this year")


def test_a_decision_dated_in_the_future_is_refused(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mini.root / "data" / "registry" / "reconciliation.yaml"
    path.write_text(
        """reconciliation:
  - distinct: [msdsp, vo-navobod]
    by: A researcher
    date: "3025-05-01"
    why: Different bodies.
""",
        encoding="utf-8",
    )
    where = f"data/registry/reconciliation.yaml:{line_of(path, 'date:')}:"
    refused(*validate(capsys, mini), where, "reconciliation[1].date", "'3025-05-01' is after today")


# ---------------------------------------------------------------------------------------------
# Aliases: bounded expansion
# ---------------------------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    """Nested aliases: about 600 bytes that a naive reader expands into 9**levels values."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_in_a_bounded_time(mini: ProjectPaths) -> None:
    text = billion_laughs()
    path = mini.root / NEW_CASE
    path.write_text(text, encoding="utf-8")
    assert len(text.encode()) < 700
    done = in_subprocess("build", "--quiet", "--project", str(mini.root))
    # The anchor repeated most (9 times, each 9**7 values) is a7.
    anchor = f"{NEW_CASE}:{line_of(path, 'a7: &a7')}:"
    message = "aliases (*name) repeat the value anchored here into 490,329,064 values in all"
    refused(done.returncode, done.stdout, done.stderr, anchor, "a7", message)


def test_the_expansion_check_takes_linear_time() -> None:
    """Reading 600 bytes of nested aliases is refused in well under a second, not after 9**9 values."""
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_yaml(Path("laughs.yaml"), "laughs.yaml", billion_laughs().encode())
    assert time.monotonic() - started < 2
    [problem] = caught.value.problems
    assert problem.line is not None and "write the values out instead" in problem.message


def test_a_recursive_alias_is_refused(mini: ProjectPaths) -> None:
    """A list that contains itself: walking it as a tree never ends (in a subprocess for that reason)."""
    path = write_case(
        mini, "places: &loop\n  - id: zz-place\n    name: Loop\n    type: village\n    in: *loop\n"
    )
    done = in_subprocess("validate", "--project", str(mini.root), timeout=120)
    where = f"{NEW_CASE}:{line_of(path, 'places:')}:"
    message = "an alias (*name) repeats a value that contains it"
    refused(done.returncode, done.stdout, done.stderr, where, "places", message)


def test_a_few_aliases_still_load(mini: ProjectPaths) -> None:
    write_case(
        mini,
        """places:
  - id: zz-one
    name: One
    type: village
    in: &rayon danghara
    evidence: &ev {lines: 4-4, quote: VO Navobod is located in the village of Navobod}
  - id: zz-two
    name: Two
    type: village
    in: *rayon
    evidence: *ev
""",
    )
    places = {p.id: p for p in load_corpus(mini).places}
    assert places["zz-two"].within == "danghara" and places["zz-two"].evidence[0].line_start == 4


# ---------------------------------------------------------------------------------------------
# Every file a glob finds is a regular, readable file, or a clear error
# ---------------------------------------------------------------------------------------------


def test_a_fifo_named_yaml_is_refused_without_being_opened(mini: ProjectPaths) -> None:
    os.mkfifo(mini.root / "data" / "cases" / "zz-pipe.yaml")
    done = in_subprocess("build", "--quiet", "--project", str(mini.root), timeout=240)
    refused(
        done.returncode, done.stdout, done.stderr, "data/cases/zz-pipe.yaml:", None, "is a named pipe (FIFO)"
    )


def test_a_folder_named_yaml_is_refused(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    (mini.root / "data" / "cases" / "zz-folder.yaml").mkdir()
    refused(*validate(capsys, mini), "data/cases/zz-folder.yaml:", None, "is a folder, not a file")


def test_a_dangling_symbolic_link_is_refused(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    """Emacs leaves .#name.yaml links to nowhere while a file is being edited."""
    (mini.root / "data" / "cases" / ".#01-vo-navobod.yaml").symlink_to("root@host.1234:1700000000")
    refused(
        *validate(capsys, mini),
        "data/cases/.#01-vo-navobod.yaml:",
        None,
        "a symbolic link to root@host.1234:1700000000, which does not exist",
    )


def test_an_unreadable_file_is_refused(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_case(mini, "")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make opening this one fail as it would for a user
        real_open = os.open

        def no_permission(file: object, *args: object, **kwargs: object) -> int:
            if Path(str(file)) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", no_permission)
    try:
        refused(*validate(capsys, mini), f"{NEW_CASE}:", None, "cannot be read: Permission denied")
    finally:
        path.chmod(0o644)


def test_a_device_linked_as_yaml_is_refused(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    (mini.root / "data" / "cases" / "zz-zero.yaml").symlink_to("/dev/zero")
    refused(*validate(capsys, mini), "data/cases/zz-zero.yaml:", None, "is a device, not a file")


# ---------------------------------------------------------------------------------------------
# Control characters and lone surrogates are refused at the field; the rest stays well-formed XML
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "code", "what"),
    [
        ("\\x01", "U+0001", "a control character"),
        ("\\0", "U+0000", "a control character"),
        ("\\e", "U+001B", "a control character"),
        ("\\r", "U+000D", "a control character"),
        ("\\x85", "U+0085", "a control character"),
        ("\\ud800", "U+D800", "a lone surrogate"),
        ("\\udfff", "U+DFFF", "a lone surrogate"),
        ("\\uffff", "U+FFFF", "a non-character"),
    ],
)
def test_a_control_character_or_lone_surrogate_is_refused_at_its_field(
    escaped: str, code: str, what: str, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_case(
        mini, f'places:\n  - id: zz-place\n    name: "Zarya{escaped}Village"\n    type: village\n'
    )
    where = f"{NEW_CASE}:{line_of(path, 'name:')}:"
    refused(
        *validate(capsys, mini), where, "places[zz-place].name", f"contains {what}, {code}, at character 6"
    )


XML_HOSTILE_NAME = "Zarya\\tVillage \\u2028 \\ufffd \\U0001F600 <&> ]]>"


def test_allowed_characters_keep_graphml_and_gexf_well_formed(mini: ProjectPaths) -> None:
    """Tab, U+2028, U+FFFD, an emoji and markup pass; every GraphML and GEXF file still parses as XML."""
    edited = mini.root / "data" / "registry" / "organizations.yaml"
    text = edited.read_text(encoding="utf-8")
    old = "name: Mountain Societies Development Support Programme"
    assert old in text
    edited.write_text(text.replace(old, f'name: "Mountain {XML_HOSTILE_NAME}"'), encoding="utf-8")
    assert cli.main(["build", "--quiet", "--project", str(mini.root)]) == 0
    exports = sorted(mini.build.rglob("*.graphml")) + sorted(mini.build.rglob("*.gexf"))
    assert exports
    texts = []
    for path in exports:
        for element in ET.parse(path).iter():  # parsing raises on a character XML cannot hold
            texts += [element.text or "", *element.attrib.values()]
    assert any("\U0001f600" in text and "\u2028" in text for text in texts)


# ---------------------------------------------------------------------------------------------
# kg import and kg extract
# ---------------------------------------------------------------------------------------------


QUOTE = '"A water line was laid for the total sum of $5000."'


def csv_rows(folder: Path, sheet: str, *rows: str) -> None:
    with (folder / f"{sheet}.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(row + "\n" for row in rows)


def test_import_accepts_a_case_with_the_id_of_its_organization(
    mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every case study of the book has its organization's id (vo-sino is both); import must allow it."""
    folder = tmp_path / "filled"
    write_templates(folder, read_vocabularies(mini.vocabularies))
    csv_rows(folder, "case_studies", "pa-umed,2,Water again,khatlon,1-15,pa-umed,")
    csv_rows(
        folder, "organizations", "pa-umed,Public Association Umed,public-association,pa-umed,,navobod,,,,,,,"
    )
    csv_rows(
        folder,
        "projects",
        "pa-umed-water,pa-umed,Water line,pa-umed,2004,,,,,,8-8," + QUOTE,
    )
    code, out, err = kg(capsys, "import", str(folder), "--project", str(mini.root))
    assert code == 0 and "Traceback" not in err, err
    assert "data/cases/02-pa-umed.yaml" in out
    corpus = load_corpus(mini)
    assert corpus.case("pa-umed") is not None and corpus.organization("pa-umed") is not None


def test_import_still_refuses_an_organization_where_a_case_is_expected(
    mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "filled"
    write_templates(folder, read_vocabularies(mini.vocabularies))
    csv_rows(
        folder,
        "projects",
        "zz-water,msdsp,Water line,vo-navobod,2004,,,,,,8-8," + QUOTE,
    )
    refused(
        *kg(capsys, "import", str(folder), "--project", str(mini.root)),
        "projects.csv:2:",
        "case",
        "'msdsp' is a",
    )


def not_a_workbook(tmp_path: Path) -> list[tuple[Path, str]]:
    """Files and folders that `kg import` is given by mistake, and what it must say of each."""
    from openpyxl import Workbook

    pdf = tmp_path / "report.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    other_zip = tmp_path / "photos.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)))
    other_zip.write_bytes(buffer.getvalue())
    folder = tmp_path / "binary-csv"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes(b"id,name\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    nul = tmp_path / "nul-csv"
    nul.mkdir()
    (nul / "organizations.csv").write_bytes(b"id,name,class\nzz,Zarya\x00,ngo\n")
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n", encoding="utf-8")
    folder_xlsx = tmp_path / "folder.xlsx"
    folder_xlsx.mkdir()
    other_workbook = tmp_path / "budget.xlsx"  # a workbook, but not the template
    workbook = Workbook()
    workbook.create_sheet("Budget").append(["item", "amount"])
    workbook.save(other_workbook)
    return [
        (pdf, "report.xlsx: not an Excel workbook"),
        (empty, "empty.xlsx: not an Excel workbook"),
        (other_zip, "photos.xlsx: not an Excel workbook"),
        (folder, "organizations.csv:2: not UTF-8 text"),
        (nul, "organizations.csv:2: a NUL character: this is a binary file"),
        (text, "is neither an .xlsx workbook nor a folder of CSV files"),
        (folder_xlsx, "has none of case_studies.csv"),
        (other_workbook, "budget.xlsx: has none of the template's sheets (case_studies, organizations"),
    ]


def test_import_answers_a_non_spreadsheet_with_exit_2(
    mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source, message in not_a_workbook(tmp_path):
        code, out, err = kg(capsys, "import", str(source), "--project", str(mini.root))
        assert code == 2 and "Traceback" not in out + err, f"{source.name}: exit {code}\n{err}"
        assert message in err, f"{source.name}: {message!r} not in\n{err}"


@pytest.mark.parametrize("kind", ["binary", "latin-1", "folder", "missing", "nul"])
def test_extract_answers_a_binary_file_or_a_folder_with_exit_2(
    kind: str, mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "input.txt"
    message = {
        "binary": "input.txt:1: not UTF-8 text (byte 0x89)",
        "latin-1": "input.txt:2: not UTF-8 text (byte 0xe9)",
        "folder": "input.txt: is a folder, not a file",
        "missing": "input.txt: the file does not exist",
        "nul": "input.txt:2: a NUL character: this is a binary file",
    }[kind]
    if kind == "binary":
        source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif kind == "latin-1":
        source.write_bytes("Case studies\nSoci\u00e9t\u00e9 Zarya\n".encode("latin-1"))
    elif kind == "folder":
        source.mkdir()
    elif kind == "nul":
        source.write_bytes(b"Case studies\nZarya\x00\n")
    code, out, err = kg(
        capsys, "extract", str(source), "--project", str(mini.root), "--out", str(tmp_path / "o")
    )
    assert code == 2 and "Traceback" not in out + err, f"exit {code}\n{err}"
    assert message in err, err
    assert not (tmp_path / "o").exists()


# -- What Hamkori writes as YAML (drafts, imports, decisions) reads back as written ----------------


@pytest.mark.parametrize(
    "text",
    ["1e100", "1.5e3", "-2E-3", "0437", "9:40", "0x1F", "yes", "No", "true", "-5", "+3", ".5", "1_000"],
)
def test_text_that_looks_like_a_number_is_written_quoted_and_reads_back_as_text(
    text: str, tmp_path: Path
) -> None:
    from kg.authoring.files import dump_yaml, read_yaml

    path = tmp_path / "written.yaml"
    path.write_text(dump_yaml({"name": text, "amount": 1250, "share": 0.5}), encoding="utf-8")
    assert dict(read_yaml(path, "written.yaml")) == {"name": text, "amount": 1250, "share": 0.5}
