"""One error family. Errors about input carry the file, line and field they are about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class HamkoriError(Exception):
    """Any error Hamkori reports to a user; the CLI turns it into a message and ``exit_code``."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"


class InputError(HamkoriError):
    """The authoring files have one or more problems; ``problems`` lists each of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class UsageError(HamkoriError):
    """A command was called with arguments that cannot work (unknown name, missing folder)."""


class OutputError(HamkoriError):
    """The system refused to take the outputs (disk full, file too large, read-only folder); the
    previous build is untouched."""

    exit_code = 3


@dataclass(frozen=True)
class Origin:
    """Where a record was written: a path relative to the project and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"
