"""Cells of the CSV and TSV files Hamkori writes for people, made safe to open in a spreadsheet.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula: a name such as ``=HYPERLINK(...)`` in the data would become live in a
researcher's copy of Excel or LibreOffice (CSV or formula injection). Following OWASP's rule, such a
cell is written with a single quote before it, which spreadsheets show as text.

Only text is neutralized: a cell that is a number (an int or a float, or text that reads as a plain
decimal number such as ``-5``, ``+3.5`` or ``-1e-3``) stays as it is, so measures such as an E-I index
of ``-0.5`` remain numbers. Every writer of a CSV or TSV file for people calls :func:`safe_cell` or
:func:`safe_row`; the SPARQL endpoint's CSV and TSV answers are for programs and follow the standard
(see ``kg.rdf.formats.Format.write``).

>>> safe_cell("=SUM(A1:A2)"), safe_cell("@user"), safe_cell("\\t=1"), safe_cell("-x")
("'=SUM(A1:A2)", "'@user", "'\\t=1", "'-x")
>>> safe_cell("-5"), safe_cell("+3.5"), safe_cell(-0.5), safe_cell("Navobod"), safe_cell(None)
('-5', '+3.5', -0.5, 'Navobod', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula: it begins like one and is not a number."""
    return text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None


def safe_cell(value: T) -> T | str:
    """``value`` with a ``'`` before it if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    """A row of cells, each made safe by :func:`safe_cell`."""
    return [safe_cell(cell) for cell in row]
