"""Words broken at line ends ('depart- ment of edu- cation'), joined for reading, with each match's
positions kept in the original text.
"""

from __future__ import annotations

import re


def joined(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """``text[start:end]`` with the words broken at line ends joined, and where each of its
    characters (and its end) stands in ``text``.

    >>> joined("the depart- ment", 0, 16)[0]
    'the department'
    """
    pieces: list[str] = []
    where: list[int] = []
    position = start
    for broken in _BROKEN_AT.finditer(text, start, end):
        pieces.append(text[position : broken.start()])
        where.extend(range(position, broken.start()))
        position = broken.end()
    pieces.append(text[position:end])
    where.extend(range(position, end))
    return "".join(pieces), [*where, end]


# The hyphen and the space of a word broken at a line end ("depart- ment").
_BROKEN_AT = re.compile(r"(?<=[a-z])- (?=[a-z])")


class Joined:
    """A match in the joined text of ``joined``: its groups as read there, its positions in the text."""

    def __init__(self, match: re.Match[str], where: list[int]) -> None:
        self._match = match
        self._where = where

    def group(self, name: int | str = 0) -> str:
        return self._match.group(name)

    def groupdict(self) -> dict[str, str | None]:
        return self._match.groupdict()

    def start(self, name: int | str = 0) -> int:
        return self._where[self._match.start(name)]

    def end(self, name: int | str = 0) -> int:
        end = self._match.end(name)
        return self._where[end - 1] + 1 if end > self._match.start(name) else self._where[end]

    def joined_start(self, name: int | str = 0) -> int:
        """Where a group starts in the joined text."""
        return self._match.start(name)

    def span(self, name: int | str = 0) -> tuple[int, int]:
        return self.start(name), self.end(name)
