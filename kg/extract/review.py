"""The review page of ``kg extract --report``: the text with what was drafted from each passage marked.

One self-contained HTML page (Jinja2 with autoescaping, styles inline, no script, no link that
leaves the page). Each case study shows its lines with the verbatim quote of every drafted record
marked where it stands, coloured by kind (project, contribution, state partner, organization,
other); a mark's tooltip names the records it is the evidence of and links to their card, which
shows the record, its lines, its quote and its confidence. Contact details that no record quotes
are withheld from the page.

    write_review(text, extract(text, registry), Path("data/drafts/new-review.html"), source="new.txt")
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from kg.extract.model import CaseDraft, Entity
from kg.extract.recognize import is_contact
from kg.extract.text import Quote

KINDS = ("project", "contribution", "state partner", "organization", "other")
NOT_ENCODED = "not encoded"
COLOURED_FIRST = ("contribution", "project", "state partner", "organization", "other")


@dataclass(frozen=True)
class Record:
    """One drafted record as the page shows it."""

    id: str
    kind: str
    label: str
    detail: str
    confidence: float | None
    quotes: tuple[Quote, ...]

    @property
    def level(self) -> str:
        """high (0.8 and over), medium (0.5 and over), low, or none when the record has no confidence."""
        if self.confidence is None:
            return "none"
        return "high" if self.confidence >= 0.8 else "medium" if self.confidence >= 0.5 else "low"


@dataclass(frozen=True)
class Piece:
    """A run of one line's text and the records whose quotes cover it (none: plain text)."""

    text: str
    records: tuple[Record, ...] = ()

    @property
    def kind(self) -> str:
        """The kind the run is coloured by: the most specific of its records'."""
        return min((r.kind for r in self.records), key=COLOURED_FIRST.index, default="")

    @property
    def doubtful(self) -> bool:
        """True when a record the run is evidence of has a low confidence."""
        return any(r.level == "low" for r in self.records)

    @property
    def title(self) -> str:
        return "\n".join(f"{r.kind}: {r.label} (confidence {_confidence(r)})" for r in self.records)


@dataclass(frozen=True)
class Line:
    number: int
    pieces: tuple[Piece, ...]
    withheld: bool = False


@dataclass(frozen=True)
class Case:
    draft: CaseDraft
    lines: tuple[Line, ...]
    records: tuple[Record, ...]
    counts: dict[str, int]

    @property
    def first(self) -> tuple[Record, ...]:
        """What to check first: records of low confidence and passages the extractor could not encode."""
        return tuple(r for r in self.records if r.level == "low" or r.label == NOT_ENCODED)


def _confidence(record: Record) -> str:
    return "—" if record.confidence is None else f"{record.confidence:.2f}"


def _amount(amount: Decimal | None, currency: str | None) -> str:
    if amount is None:
        return "no amount"
    return f"{amount:,f} {currency or '?'}"


def records(draft: CaseDraft) -> list[Record]:
    """The drafted records of one case study that rest on quotes, in the order of their first line."""
    names = {e.id: e.name for e in draft.entities}
    found: list[tuple[str, str, str, float | None, tuple[Quote, ...]]] = []
    for entity in (e for e in draft.entities if e.evidence):
        found.append(_entity(entity))
    for project in draft.projects:
        total = _amount(*project.total) if project.total else "no total"
        found.append(
            (
                "project",
                project.title,
                f"{project.id}; led by {names.get(project.led_by, project.led_by)}; "
                f"year {project.year or '?'}; total {total}",
                project.confidence,
                (project.evidence,),
            )
        )
        for c in project.contributions:
            found.append(
                (
                    "contribution",
                    f"{names.get(c.by, c.by)}: {_amount(c.amount, c.currency)}",
                    f"to {project.id}; kind {c.kind}; role {c.role}" + (f"; {c.how}" if c.how else ""),
                    c.confidence,
                    (c.evidence,),
                )
            )
    for p in draft.partnerships:
        found.append(
            (
                "state partner",
                f"{names.get(p.cso, p.cso)} with {names.get(p.state, p.state)}",
                f"{p.id}; forms: {', '.join(p.forms)}",
                p.confidence,
                p.evidence,
            )
        )
    for n in draft.notes:
        found.append(("other", f"note on {n.about}: {n.kind}", n.text, None, (n.evidence,)))
    for u in draft.unresolved:
        found.append(("other", NOT_ENCODED, u.reason, None, (u.evidence,)))
    found.sort(key=lambda r: (min(q.line_start for q in r[4]), KINDS.index(r[0])))
    return [Record(f"{draft.id}-{number}", *r) for number, r in enumerate(found, start=1)]


def _entity(entity: Entity) -> tuple[str, str, str, float | None, tuple[Quote, ...]]:
    if entity.is_government:
        kind, detail = "state partner", f"government body, level {entity.level or '?'}"
    elif entity.kind == "organization":
        kind, detail = "organization", f"class {entity.cls or '?'}"
    else:
        kind, detail = "other", entity.cls or entity.kind
    detail = f"{entity.id}; {'new' if entity.new else 'linked'}; {detail}" + (
        f"; {entity.how}" if entity.how else ""
    )
    return kind, entity.name, detail, entity.confidence, entity.evidence


# -- where each quote stands ------------------------------------------------------------------


def _folded(lines: tuple[str, ...], first: int, last: int) -> tuple[str, list[tuple[int, int] | None]]:
    """Lines ``first``..``last`` with whitespace folded as in quotes, and where each character came from."""
    parts: list[str] = []
    origin: list[tuple[int, int] | None] = []
    for number in range(first, last + 1):
        words = list(re.finditer(r"\S+", lines[number - 1]))
        for index, word in enumerate(words):
            if parts:
                parts.append(" ")
                origin.append((number, words[index - 1].end()) if index else None)
            parts.append(word.group())
            origin += [(number, word.start() + k) for k in range(len(word.group()))]
    return "".join(parts), origin


def _spans(lines: tuple[str, ...], quote: Quote) -> dict[int, tuple[int, int]]:
    """The columns of each line the quote covers; all of its lines when the quote is not found there."""
    first, last = max(quote.line_start, 1), min(quote.line_end, len(lines))
    text, origin = _folded(lines, first, last)
    at = text.find(" ".join(quote.quote.split()))
    if at < 0:
        return {n: (0, len(lines[n - 1])) for n in range(first, last + 1) if lines[n - 1].strip()}
    spans: dict[int, tuple[int, int]] = {}
    for place in origin[at : at + len(" ".join(quote.quote.split()))]:
        if place is not None:
            number, column = place
            start, end = spans.get(number, (column, column + 1))
            spans[number] = (min(start, column), max(end, column + 1))
    return spans


def _pieces(line: str, marks: list[tuple[int, int, Record]]) -> tuple[Piece, ...]:
    cuts = sorted({0, len(line), *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(r for s, e, r in marks if s <= start and end <= e)
        pieces.append(Piece(line[start:end], covering))
    return tuple(pieces)


def _case(lines: tuple[str, ...], draft: CaseDraft) -> Case:
    found = records(draft)
    marks: dict[int, list[tuple[int, int, Record]]] = {}
    for record in found:
        for quote in record.quotes:
            for number, (start, end) in _spans(lines, quote).items():
                marks.setdefault(number, []).append((start, end, record))
    contact = next(
        (
            n
            for n in range(draft.line_start, draft.line_end + 1)
            if n <= len(lines) and is_contact(lines[n - 1])
        ),
        None,
    )
    shown = []
    for number in range(draft.line_start, min(draft.line_end, len(lines)) + 1):
        withheld = (
            contact is not None
            and number > contact
            and number not in marks
            and bool(lines[number - 1].strip())
        )
        pieces = () if withheld else _pieces(lines[number - 1], marks.get(number, []))
        shown.append(Line(number, pieces, withheld))
    counts = {kind: sum(r.kind == kind for r in found) for kind in KINDS}
    return Case(draft, tuple(shown), tuple(found), counts)


# -- the page ---------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    """The page's own template environment: ``kg.extract`` may not import ``kg.outputs`` (the layers
    of tests/test_architecture.py), so it cannot share ``kg.outputs.templating``; it is set up the
    same way. Autoescaping is on, so every quote, name and title of the text is escaped however
    hostile. The page is deterministic: the template only iterates over tuples built in the order
    of the text and over ``counts``, built in the order of ``KINDS``; nothing reads a clock, a set
    or the environment."""
    return Environment(
        loader=PackageLoader("kg.extract", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render_review(text: str, drafts: Iterable[CaseDraft], source: str) -> str:
    """The review page of the drafts of ``text`` (named ``source`` on the page)."""
    lines = tuple(text.split("\n"))
    cases = [_case(lines, draft) for draft in drafts]
    return _environment().get_template("review.html").render(source=source, cases=cases, kinds=KINDS)


def write_review(text: str, drafts: Iterable[CaseDraft], path: Path, source: str) -> Path:
    """Write the review page to ``path``; an existing file is not overwritten.

    Raises:
        FileExistsError: ``path`` exists.
    """
    if path.exists():
        raise FileExistsError(f"{path} exists; move it away or choose another path for --report")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_review(text, drafts, source), encoding="utf-8")
    return path
