"""The face of ``kg``: help for every command and option, one spelling per flag, errors as exit codes."""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from kg import cli, pipeline
from kg.errors import InputError, Problem, UsageError
from kg.project.paths import ProjectPaths
from kg.rdf import formats


def commands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    """The parser of each ``kg`` command, by name."""
    parser = parser or cli.build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def undocumented(parser: argparse.ArgumentParser) -> list[str]:
    """The commands of ``parser`` without a description or a line in ``kg --help``."""
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    lines = {a.dest: a.help for a in action._choices_actions}
    return [name for name, command in action.choices.items() if not (command.description and lines.get(name))]


def test_every_command_has_help_and_a_description() -> None:
    parser = cli.build_parser()
    assert len(commands(parser)) == len(cli.COMMANDS) == 17
    assert undocumented(parser) == []


def test_the_help_check_catches_a_command_without_help() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("no-line", description="Described, but with no line in the list of commands.")
    sub.add_parser("no-description", help="a line, but no description")
    sub.add_parser("both", help="a line", description="A description.")
    assert undocumented(parser) == ["no-line", "no-description"]


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_has_help(name: str) -> None:
    silent = [a.option_strings or a.dest for a in commands()[name]._actions if not a.help]
    assert not silent, f"kg {name}: options without help: {silent}"


def test_every_flag_is_spelled_one_way() -> None:
    """An option has the same flags in every command, and a shared one the same default too."""
    flags: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    defaults: dict[str, set[str]] = defaultdict(set)
    for command in commands().values():
        for action in command._actions:
            if action.option_strings and action.dest != "help":
                flags[action.dest].add(tuple(action.option_strings))
                defaults[action.dest].add(repr(action.default))
    assert {dest: ways for dest, ways in flags.items() if len(ways) > 1} == {}
    assert flags["quiet"] == {("-q", "--quiet")}
    shared = (
        "project",
        "base",
        "include_drafts",
        "engine",
        "out",
        "quiet",
        "endpoint",
        "user",
        "password_env",
    )
    assert {dest: defaults[dest] for dest in shared if len(defaults[dest]) != 1} == {}


def test_every_command_but_synth_reads_a_project() -> None:
    for name, command in commands().items():
        flags = {flag for action in command._actions for flag in action.option_strings}
        assert ({"--project", "--base"} <= flags) == (name != "synth"), name


@pytest.mark.parametrize("module", cli.COMMANDS, ids=lambda m: m.__name__)
def test_a_command_module_registers_one_command_with_its_own_handler(module: ModuleType) -> None:
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers(dest="command"))
    [(name, command)] = commands(parser).items()
    assert command.get_default("run") is module.run
    assert name == module.__name__.rpartition(".")[2].rstrip("_")


def test_query_formats_come_from_the_format_registry() -> None:
    [action] = [a for a in commands()["query"]._actions if a.dest == "format"]
    assert action.choices == ("table", *(f.name for f in formats.table_formats()))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_library_error_is_one_message_and_exit_2(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise UsageError("no such thing; pass --other to fix it")

    monkeypatch.setattr(pipeline, "stats", refuse)
    assert run(capsys, "stats", "--project", str(mini.root)) == (
        2,
        "",
        "kg stats: no such thing; pass --other to fix it\n",
    )


def test_input_errors_list_every_problem_and_exit_2(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise InputError([Problem("data/cases/01.yaml", 3, "title", "is empty")])

    monkeypatch.setattr(pipeline, "validate", refuse)
    code, out, err = run(capsys, "validate", "--project", str(mini.root))
    assert (code, out) == (2, "")
    assert err == "kg validate: 1 problem in the input:\n  data/cases/01.yaml:3: title: is empty\n"


def test_a_bug_is_not_dressed_as_a_usage_error(mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "stats", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["stats", "--project", str(mini.root)])


def test_an_interrupt_exits_130(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "stats", interrupted)
    assert run(capsys, "stats", "--project", str(mini.root)) == (130, "", "interrupted\n")


def test_wrong_arguments_exit_2_with_argparse_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["query"])
    assert exit_.value.code == 2
    assert "the following arguments are required: NAME|FILE" in capsys.readouterr().err


def test_a_bad_param_is_a_usage_error(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "query", "donors", "--param", "org", "--project", str(mini.root))
    assert code == 2 and err == "kg query: --param takes name=value, not 'org'\n"


def test_serve_refuses_updates_without_a_token(
    mini: ProjectPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HAMKORI_UPDATE_TOKEN", raising=False)
    code, _, err = run(capsys, "serve", "--allow-updates", "--project", str(mini.root))
    assert code == 2
    assert err == "kg serve: --allow-updates needs a token in the environment variable HAMKORI_UPDATE_TOKEN\n"
    assert not mini.layout().store.exists()  # refused before anything was built


def test_schema_check_and_write(mini: ProjectPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "schema", "--check", "--project", str(mini.root))
    assert code == 1
    assert err == (
        "kg schema: data/schema/hamkori-authoring.schema.json is out of date; "
        "run `kg schema` to regenerate it\n"
    )
    assert run(capsys, "schema", "--project", str(mini.root))[1] == (
        "wrote data/schema/hamkori-authoring.schema.json\n"
    )
    assert run(capsys, "schema", "--check", "--project", str(mini.root))[:2] == (
        0,
        "data/schema/hamkori-authoring.schema.json is up to date\n",
    )


def test_import_dry_run_prints_and_writes_nothing(
    mini: ProjectPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_spreadsheet import EXAMPLE, fill_csv

    templates = tmp_path / "t"
    assert run(capsys, "template", str(templates), "--project", str(mini.root))[0] == 0
    fill_csv(templates, EXAMPLE)
    before = sorted(mini.data.rglob("*"))
    code, out, _ = run(capsys, "import", str(templates), "--dry-run", "--project", str(mini.root))
    assert code == 0 and out.startswith("# data/cases/02-vo-navobod-2.yaml\n")
    assert sorted(mini.data.rglob("*")) == before
