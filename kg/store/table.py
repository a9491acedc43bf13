"""Query results as a small table of RDF terms, with the formats researchers use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf import formats
from kg.rdf.terms import Term

if TYPE_CHECKING:
    import pandas

NUMERIC = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
}


@dataclass(frozen=True)
class Table:
    """The result of a SELECT query: variable names and rows of terms (None where unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of plain Python values (IRIs as text, numbers as numbers)."""
        return [{c: python_value(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """A pandas DataFrame with one column per variable."""
        import pandas

        return pandas.DataFrame(self.records(), columns=list(self.columns))

    def serialize(self, format: str) -> str:
        """The table in a results format of ``kg.rdf.formats`` that has a table writer.

        Raises:
            UsageError: for a format that cannot hold a table, listing those that can.
        """
        return formats.write_table(format, self.columns, self.rows)

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: terms as plain text."""
        return self.serialize("csv")

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results: terms in their Turtle form."""
        return self.serialize("tsv")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        return self.serialize("json")

    def to_text(self, max_width: int = 60) -> str:
        """An aligned plain-text table for the terminal."""
        cells = [[short(v, max_width) for v in row] for row in self.rows]
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(self.columns)]
        line = "  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))
        rule = "  ".join("-" * w for w in widths)
        body = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        return "\n".join([line.rstrip(), rule, *body, f"({len(self.rows)} rows)"]) + "\n"

    def normalized(self) -> list[tuple[str, ...]]:
        """Rows compared by value, in a stable order: how answers from two stores are compared.

        Numbers compare by value (Virtuoso writes 47000 where Oxigraph writes 47000.0), strings
        by their text, IRIs by their text.
        """
        return sorted(tuple(normal_text(v) for v in row) for row in self.rows)


def python_value(term: Term | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in NUMERIC:
            try:
                number = Decimal(str(term))
            except InvalidOperation:
                return str(term)
            return int(number) if number == number.to_integral_value() else float(number)
        return str(term)
    return str(term)


def normal_text(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        # Rounded to 6 places: engines differ in the precision of division and averages.
        try:
            return format(Decimal(str(term)).quantize(Decimal("0.000001")).normalize(), "f")
        except InvalidOperation:
            return str(term)
    return str(term)


def readable_number(term: Literal) -> str:
    """A number as a reader writes it: 47000 for 47000.0, 4.4 for 4.4E0 (the CSV keeps the lexical form)."""
    try:
        number = Decimal(str(term))
    except InvalidOperation:
        return str(term)
    if not number.is_finite():  # a double's INF or NaN
        return str(term)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def short(term: Term | None, width: int) -> str:
    text = "" if term is None else str(term)
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        text = readable_number(term)
    elif isinstance(term, URIRef) and "/id/" in text:
        text = text.split("/id/", 1)[1]
    elif isinstance(term, URIRef) and "/vocab/" in text:
        text = text.split("/vocab/", 1)[1]
    return text if len(text) <= width else text[: width - 1] + "…"
