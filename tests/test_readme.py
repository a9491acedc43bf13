"""The README's two set-up commands are what CI runs."""

from __future__ import annotations

import re

from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up and run", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", setup, flags=re.S)]


def test_readme_has_a_build_and_a_test_command() -> None:
    build, tests = readme_commands()
    assert build.endswith("kg build")
    assert "pytest" in tests


def test_ci_runs_the_readme_commands_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in readme_commands():
        assert command in ci, f"{command!r} is not a line of .ci/run"


def test_readme_coverage_table_is_what_kg_stats_prints() -> None:
    from kg import pipeline
    from kg.analysis.stats import coverage_table
    from kg.project.paths import ProjectPaths

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = "\n".join(coverage_table(pipeline.stats(ProjectPaths(REPO)).cases))
    assert table in readme


def test_readme_names_only_queries_of_the_library() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"kg query ([a-z][a-z0-9-]+)\s", readme))  # names, not .rq files
    library = {p.stem for p in (REPO / "queries").glob("*.rq")}
    assert named and named <= library, named - library


DOCS = ("README.md", "ARCHITECTURE.md", "benchmarks/README.md")


def test_every_import_in_the_docs_resolves() -> None:
    """The notebook snippets of the docs import names that exist (the layout moved once already)."""
    import importlib

    imports = []
    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        for block in re.findall(r"```python\n(.*?)```", text, flags=re.S):
            imports += re.findall(r"^from (kg[\w.]*) import ([\w, ]+)$", block, flags=re.M)
    assert imports
    for module, names in imports:
        loaded = importlib.import_module(module)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(loaded, name) or importlib.util.find_spec(f"{module}.{name}"), f"{module}.{name}"


def test_every_dotted_kg_name_in_the_docs_resolves() -> None:
    """`kg.a.b` in the docs' prose names a module, or a name a module defines."""
    import importlib

    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        for dotted in sorted(set(re.findall(r"`(kg(?:\.\w+)+)`", text))):
            module, _, name = dotted.rpartition(".")
            try:
                importlib.import_module(dotted)
            except ImportError:
                assert hasattr(importlib.import_module(module), name), f"{doc}: {dotted}"


def test_every_path_of_kg_in_the_docs_exists() -> None:
    for doc in DOCS:
        text = (REPO / doc).read_text(encoding="utf-8")
        for path in sorted(set(re.findall(r"`(kg/[\w/]+(?:\.\w+)?)`", text))):
            assert (REPO / path).exists(), f"{doc}: {path}"


GUARANTEES = "## What is guaranteed, and what is not"


def guarantee_rows() -> list[tuple[str, list[str], int]]:
    """(guarantee, the tests named, the count stated) for each row of the README's guarantees table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(GUARANTEES, 1)[1].split("\n## ", 1)[0]
    rows = []
    for claim, tried, count in re.findall(r"^\| (.+?) \| (`.+?`) \| (\d+) \|$", section, flags=re.M):
        rows.append((claim, re.findall(r"`(test_[\w.]+(?:::\w+)?)`", tried), int(count)))
    return rows


def test_every_guarantee_is_tried_by_the_tests_it_names_as_often_as_it_says() -> None:
    """The README's guarantees name tests that exist, and the number of cases pytest collects from
    them is the number the README states."""
    import subprocess
    import sys

    rows = guarantee_rows()
    assert len(rows) >= 10
    files = sorted({f"tests/{name.split('::')[0]}" for _, names, _ in rows for name in names})
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    tests = [line.split("[")[0] for line in collected if line.startswith("tests/")]
    for claim, names, stated in rows:
        cases = 0
        for name in names:
            found = sum(1 for test in tests if test == f"tests/{name}" or test.startswith(f"tests/{name}::"))
            assert found, f"{name} (named for: {claim[:60]}…) collects no test"
            cases += found
        assert cases == stated, f"{claim[:60]}…: the README says {stated} cases, the tests hold {cases}"
