"""What the analysis states, as plain values: a finding's sentence with the tables, chart and facts
behind it, a chart's series, a table's excerpt, a fact with its quotes.

``kg.analysis.findings`` and ``kg.analysis.timeline`` make them, ``kg.outputs.report`` lays them
out; they live apart from both so that neither analysis module has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_FACTS = 8  # facts linked under a finding


@dataclass(frozen=True)
class Finding:
    """One sentence with its number, the tables and chart behind it, and the facts it rests on."""

    key: str
    title: str
    sentence: str
    tables: tuple[str, ...]
    chart: str | None = None
    facts: tuple[str, ...] = ()

    @property
    def shown_facts(self) -> tuple[str, ...]:
        """The facts named under the finding."""
        return self.facts[:SHOWN_FACTS]

    @property
    def more_facts(self) -> str:
        """`` and 12 more`` after the facts named, or nothing."""
        hidden = len(self.facts) - SHOWN_FACTS
        return f" and {hidden} more" if hidden > 0 else ""


@dataclass(frozen=True)
class Excerpt:
    """The first rows of a table as text, and a note when rows were left out."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str  # " (first 15 of 40 rows)" or ""


@dataclass(frozen=True)
class Chart:
    """What a chart shows: one bar per row with a segment per series, or a grid of rows by series.

    ``percent`` draws shares from 0 to 100 %; ``by_sector`` colours the series by the sector they
    name rather than in sequence.
    """

    title: str
    rows: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    axis: str = ""
    legend: str = ""
    percent: bool = False
    grid: bool = False
    by_sector: bool = False


@dataclass(frozen=True)
class Quote:
    text: str
    case: str
    lines: str


@dataclass(frozen=True)
class Fact:
    """A partnership or contribution in words, with the quotes it rests on."""

    id: str
    label: str
    quotes: tuple[Quote, ...]
