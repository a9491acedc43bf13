"""A corpus of bad inputs: each gives one clear input error naming file, line and field, never a traceback.

Every file in tests/bad_inputs/ is dropped into a copy of the mini project where its table,
tests/bad_inputs/expected.yaml, says (a new case study or in place of a registry file), and the
library, the command line and `kg build` are run on it. tests/test_load.py holds the first bad
inputs, written as edits of the fixture; this corpus adds whole files, one mistake each.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Literal

from kg import cli
from kg.authoring.files import MAX_FILE_BYTES
from kg.authoring.loader import load_corpus
from kg.errors import InputError, Problem
from kg.mapping.mapper import map_corpus
from kg.project.paths import ProjectPaths
from tests.conftest import MINI

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs"
TABLE = BAD_INPUTS / "expected.yaml"
NEW_CASE = "data/cases/ZZ-bad.yaml"
SOURCE = "data/source/mini.txt"


@dataclass(frozen=True)
class BadInput:
    """One file of the corpus and what the loader must say about it."""

    file: str
    why: str
    into: str
    path: str
    line: int | None
    field: str | None
    message: str | None
    loads: bool
    bug: str | None
    source_append: str | None

    def install(self, project: ProjectPaths) -> dict[Path, bytes | None]:
        """Drop the file into ``project``; returns what it replaced (None: nothing was there)."""
        touched = [project.root / self.into] + ([project.root / SOURCE] if self.source_append else [])
        before = {path: path.read_bytes() if path.exists() else None for path in touched}
        if self.source_append:
            with (project.root / SOURCE).open("a", encoding="utf-8") as source:
                source.write(self.source_append + "\n")
        (project.root / self.into).write_bytes((BAD_INPUTS / self.file).read_bytes())
        return before

    def matches(self, problem: Problem) -> bool:
        return (
            problem.path == self.path
            and problem.line == self.line
            and (problem.field is None if self.field is None else self.field in (problem.field or ""))
            and (self.message or "") in problem.message
        )

    def location(self) -> str:
        """How the problem's file and line begin its line in the CLI's output."""
        return f"{self.path}:{self.line}:" if self.line is not None else f"{self.path}:"


def read_table() -> list[BadInput]:
    table: dict[str, dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return [
        BadInput(
            file=name,
            why=entry["why"],
            into=entry["into"],
            path=entry.get("path", entry["into"]),
            line=entry.get("line"),
            field=entry.get("field"),
            message=entry.get("message"),
            loads=entry.get("loads", False),
            bug=entry.get("bug"),
            source_append=entry.get("source_append"),
        )
        for name, entry in table.items()
    ]


CORPUS = read_table()


def params(cases: list[BadInput]) -> list[Any]:
    """One pytest parameter per case; a known kg bug is a strict xfail with the table's reason."""
    return [
        pytest.param(
            case,
            id=case.file,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in cases
    ]


ERRORS = [case for case in CORPUS if not case.loads]
LOADS = [case for case in CORPUS if case.loads]


def problems_of(project: ProjectPaths) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_corpus(project)
    return caught.value.problems


def listing(problems: list[Problem]) -> str:
    return "\n".join(f"  {problem!r}" for problem in problems)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every output file (its bytes) and folder (None) under ``folder``, by relative path.

    The cache is left out: it is no output, and a failed build may add entries for good files.
    """
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
        if not path.relative_to(folder).as_posix().startswith("cache")
    }


def restore(before: dict[Path, bytes | None]) -> None:
    for path, content in before.items():
        if content is None:
            path.unlink()
        else:
            path.write_bytes(content)


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


def test_the_table_lists_every_file_of_the_corpus() -> None:
    files = {path.name for path in BAD_INPUTS.iterdir() if path != TABLE}
    assert files == {case.file for case in CORPUS}
    for case in CORPUS:
        assert case.why, case.file
        assert case.into == NEW_CASE or case.into.startswith(("data/registry/", "data/source/")), case.file
        assert case.loads or case.message, case.file


# ---------------------------------------------------------------------------------------------
# Library and command line
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params(ERRORS))
def test_the_loader_names_file_line_and_field(case: BadInput, mini: ProjectPaths) -> None:
    case.install(mini)
    problems = problems_of(mini)
    assert any(case.matches(p) for p in problems), (
        f"{case.file} ({case.why}): no problem at {case.location()} {case.field!r} "
        f"saying {case.message!r}; found:\n{listing(problems)}"
    )
    for problem in problems:
        assert problem.path and "\n" not in problem.message, f"not a one-line problem: {problem!r}"


@pytest.mark.parametrize("case", params(ERRORS))
def test_kg_validate_exits_2_with_the_problem_and_no_traceback(
    case: BadInput, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    case.install(mini)
    code, out, err = run(capsys, "validate", "--project", str(mini.root))
    assert "Traceback" not in out + err
    assert code == 2 and out == "", f"exit {code}:\n{out}{err}"
    said = [
        line
        for line in err.splitlines()
        if case.location() in line and (case.message or "") in line and (case.field or "") in line
    ]
    assert said, f"{case.location()} {case.field!r} {case.message!r} not on stderr:\n{err}"


@pytest.mark.parametrize("name", ["yaml-tab-indentation.yaml", "ref-led-by.yaml", "enc-utf16-bom.yaml"])
def test_kg_validate_in_a_real_process_prints_no_traceback(name: str, mini: ProjectPaths) -> None:
    [case] = [c for c in CORPUS if c.file == name]
    case.install(mini)
    done = subprocess.run(
        [sys.executable, "-m", "kg", "validate", "--project", str(mini.root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert case.message and case.message in done.stderr and case.location() in done.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mini.root / NEW_CASE
    entries = (f"  - id: place-{n}\n    name: Place {n}\n    type: village\n" for n in range(10**6))
    with path.open("w", encoding="utf-8") as out:
        out.write("places:\n")
        while out.tell() <= MAX_FILE_BYTES:
            out.write(next(entries))
    assert path.stat().st_size > 5 * 1024 * 1024
    [problem] = problems_of(mini)
    assert problem.path == NEW_CASE and problem.line is None
    assert problem.message.endswith(f"bytes; the limit is {MAX_FILE_BYTES:,}")
    code, _, err = run(capsys, "validate", "--project", str(mini.root))
    assert code == 2 and f"the limit is {MAX_FILE_BYTES:,}" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# Input that looks hostile but is valid
# ---------------------------------------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.parametrize("case", params(LOADS))
def test_markup_and_byte_order_marks_are_not_input_errors(
    case: BadInput, mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    case.install(mini)
    corpus = load_corpus(mini)
    assert "zz-bad" in {c.id for c in corpus.cases}
    code, out, err = run(capsys, "validate", "--project", str(mini.root))
    assert code == 0 and "Traceback" not in err, out + err


@pytest.mark.parametrize("name", ["html-names.yaml", "html-quote.yaml"])
def test_markup_is_kept_verbatim_in_the_data(name: str, mini: ProjectPaths) -> None:
    """HTML is text like any other here; escaping it is the job of the pages that show it."""
    [case] = [c for c in CORPUS if c.file == name]
    case.install(mini)
    dataset = map_corpus(load_corpus(mini)).dataset
    literals = {str(o) for _, _, o, _ in dataset.quads() if isinstance(o, Literal)}
    document = yaml.safe_load((BAD_INPUTS / name).read_text(encoding="utf-8"))
    markup = [text for text in strings_in(document) if "<" in text or "&" in text]
    assert markup and not [text for text in markup if text not in literals]


# ---------------------------------------------------------------------------------------------
# A failing build keeps the previous one
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectPaths, dict[str, bytes | None]]:
    """The mini project after one successful `kg build`, and its build/ folder then."""
    root = tmp_path_factory.mktemp("built") / "mini"
    shutil.copytree(MINI, root)
    project = ProjectPaths(root)
    assert cli.main(["build", "--quiet", "--project", str(root)]) == 0
    return project, snapshot(project.build)


@pytest.mark.parametrize("case", params([case for case in ERRORS if not case.bug]))
def test_a_failing_build_leaves_the_previous_build_byte_for_byte(
    case: BadInput,
    built: tuple[ProjectPaths, dict[str, bytes | None]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    project, before = built
    assert len(before) > 10
    replaced = case.install(project)
    try:
        code, _, err = run(capsys, "build", "--quiet", "--project", str(project.root))
    finally:
        restore(replaced)
    assert code == 2 and "Traceback" not in err, err
    assert snapshot(project.build) == before


# ---------------------------------------------------------------------------------------------
# Messages that name the right place but do not read well yet
# ---------------------------------------------------------------------------------------------


def problem_for(name: str, project: ProjectPaths) -> Problem:
    [case] = [c for c in CORPUS if c.file == name]
    case.install(project)
    [problem] = [p for p in problems_of(project) if case.matches(p)]
    return problem


@pytest.mark.parametrize("name", ["currency-eur.yaml", "currency-lowercase.yaml"])
def test_an_unknown_code_is_named_in_plain_words(name: str, mini: ProjectPaths) -> None:
    assert "is not a known currency" in problem_for(name, mini).message


@pytest.mark.parametrize("name", ["evidence-line-zero.yaml", "year-period-1750.yaml"])
def test_a_malformed_value_is_explained_without_a_regular_expression(name: str, mini: ProjectPaths) -> None:
    message = problem_for(name, mini).message
    assert "^" not in message and "[0-9]" not in message
