"""Validation reports and the command line, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg import cli, pipeline
from kg.pipeline import stages
from kg.project.paths import ProjectPaths
from tests.conftest import edit

CASE = "data/cases/01-vo-navobod.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def make_violation(project: ProjectPaths) -> None:
    """A percentage over 100 passes the loader (any count is allowed) but not the shapes."""
    edit(
        project.root / CASE, "        what: households\n", "        what: households\n        unit: percent\n"
    )


def test_report_points_back_to_case_label_file_and_line(mini: ProjectPaths) -> None:
    make_violation(mini)
    report = pipeline.validate(mini)
    assert not report.conforms and report.exit_code == 1
    [violation] = report.violations
    assert violation.case == "vo-navobod"
    assert violation.label == "result: households"
    assert violation.source is not None and violation.source.startswith(f"{CASE}:")
    assert violation.message == "A percentage cannot be more than 100."
    line = violation.line()
    assert line.startswith(f"Violation: {CASE}:") and "[vo-navobod]" in line


def test_report_formats(mini: ProjectPaths, tmp_path: Path) -> None:
    report = pipeline.validate(mini)
    report.write(tmp_path)
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert document["conforms"] is True
    assert document["counts"] == {"violations": 0, "warnings": 1, "info": 0}
    assert document["findings"][0]["case"] == "vo-navobod"
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("The dataset conforms")
    results = Graph().parse(tmp_path / "report.nt", format="nt")
    assert len(list(results.subjects(RDF.type, SH.ValidationResult))) == 1


def test_validate_exit_codes(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(mini.root))
    assert code == 0 and "conforms" in out
    make_violation(mini)
    code, out, _ = run(capsys, "validate", "--project", str(mini.root), "--format", "json")
    assert code == 1 and json.loads(out)["counts"]["violations"] == 1
    edit(mini.root / CASE, "amount: 3900", "amount: -3900")
    code, out, err = run(capsys, "validate", "--project", str(mini.root))
    assert code == 2 and out == ""
    assert "must be at least 0, found -3900" in err and "Traceback" not in err


def test_validate_with_the_reference_engine(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    make_violation(mini)
    args = ("validate", "--project", str(mini.root), "--format", "json")
    fast, reference = run(capsys, *args), run(capsys, *args, "--engine", "pyshacl")
    assert fast == reference and fast[0] == 1
    with pytest.raises(SystemExit):
        cli.main(["validate", "--project", str(mini.root), "--engine", "turbo"])
    err = capsys.readouterr().err
    assert "--engine: invalid choice: 'turbo'" in err and "pyshacl" in err


def test_build_writes_dumps_and_report(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "build", "--quiet", "--project", str(mini.root))
    assert code == 0
    names = sorted(p.name for p in (mini.build / "dumps").iterdir())
    assert names == ["context.jsonld", "hamkori.jsonld", "hamkori.nq", "hamkori.trig", "hamkori.ttl"]
    assert (mini.build / "validation" / "report.txt").is_file()
    assert "1 warning(s)" in out


def outputs(project: ProjectPaths) -> dict[Path, bytes]:
    """The build's files, the cache left out (a failed build may add entries for its good files)."""
    cache = project.layout().cache
    return {p: p.read_bytes() for p in project.build.rglob("*") if p.is_file() and cache not in p.parents}


def test_failed_build_leaves_the_previous_build_untouched(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "build", "--quiet", "--project", str(mini.root))[0] == 0
    before = outputs(mini)
    edit(mini.root / CASE, "    led_by: vo-navobod\n    total", "    led_by: nobody\n    total")
    code, _, err = run(capsys, "build", "--quiet", "--project", str(mini.root))
    assert code == 2 and "unknown government or organization 'nobody'" in err
    assert outputs(mini) == before


def test_violations_keep_previous_dumps_but_write_the_report(
    mini: ProjectPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "build", "--quiet", "--project", str(mini.root))[0] == 0
    dump = (mini.build / "dumps" / "hamkori.nq").read_bytes()
    make_violation(mini)
    code, _, err = run(capsys, "build", "--quiet", "--project", str(mini.root))
    assert code == 1 and "A percentage cannot be more than 100." in err
    assert (mini.build / "dumps" / "hamkori.nq").read_bytes() == dump
    assert "does not conform" in (mini.build / "validation" / "report.txt").read_text(encoding="utf-8")


def test_an_error_while_writing_leaves_the_previous_dumps(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.build(mini)
    before = (mini.build / "dumps" / "hamkori.trig").read_bytes()

    def broken(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(stages, "write_dumps", broken)
    with pytest.raises(OSError, match="disk full"):
        pipeline.build(mini)
    assert (mini.build / "dumps" / "hamkori.trig").read_bytes() == before
    assert not [p for p in mini.build.iterdir() if p.name.startswith(".")]  # no half-written folder


def test_stats_counts_classes_and_coverage(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--project", str(mini.root), "--format", "json")
    assert code == 0
    stats = json.loads(out)
    # Hand-counted from tests/fixtures/mini: 2 projects, 4 contributions (3 with amounts),
    # 2 partnerships, 2 state bodies, 2 funders (MSDSP, the Khukumat), 1 result, 1 note and
    # 11 evidence quotes (1 organization + 2 projects + 4 contributions + 1 result + 2 partnerships + 1 note).
    [case] = stats["cases"]
    assert case == {
        "case": "vo-navobod",
        "title": "Case study 1: Clean water for Navobod",
        "projects": 2,
        "contributions": 4,
        "with_amount": 3,
        "partnerships": 2,
        "state_bodies": 2,
        "funders": 2,
        "results": 1,
        "notes": 1,
        "evidence": 11,
    }
    assert stats["classes"]["Funder"] == 2 and stats["classes"]["Place"] == 5
    assert "Donor" not in stats["classes"]  # deprecated: the old name of hk:Funder


def test_schema_check(mini: ProjectPaths, repo: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "schema", "--check", "--project", str(repo.root))[0] == 0
    assert run(capsys, "schema", "--check", "--project", str(mini.root))[0] == 1
    assert run(capsys, "schema", "--project", str(mini.root))[0] == 0
    assert run(capsys, "schema", "--check", "--project", str(mini.root))[0] == 0


def test_unknown_project_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", "--project", str(tmp_path / "nowhere"))
    assert code == 2 and "has no data/ folder" in err


def test_python_dash_m_runs_the_cli(mini: ProjectPaths) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("hamkori ")
