"""How well ``kg extract`` does on a text with a gold file: record by record, per kind of record.

``kg extract --measure TEXT.txt`` drafts TEXT with the shared registries only (``data/registry/``)
and compares each draft with the gold case study whose line range it overlaps most. The gold
file is the format of the extraction development set (``dev_gold.json``: ``case_studies`` with
their ``organization``, ``projects`` and ``contributions``, ``state_partners``, ``donors``,
``founded`` and ``registration``; and ``entities`` with every printed spelling).

The matching rules:

1. **Names.** A drafted entity stands for a gold entity when one of its names (its name, its
   aliases, and for an entity linked to the registries the registry's names) equals one of the
   gold entity's spellings or its canonical name, ignoring case, accents, punctuation and
   transliteration variants; failing that, when the two names are equal once the words that only
   say where or what (``district``, ``rayon``, ``city``, ``oblast``, ``RT``, ``Republic of
   Tajikistan``, remarks in brackets) are left out; failing that, when these shorter names have
   the same consonant skeleton (Tajikabad ~ Tojikobod); failing that, when their token-sort
   similarity is at least 90. A government body is only compared with gold state bodies, any
   other organization only with gold donors and civil society organizations. Gold entities of the
   same case study win ties. A drafted entity that matches none is its own name, which is in no
   gold record. A drafted community (an unnamed group such as "the villagers") stands for the
   gold group whose printed contributor occurs in the contribution's quote, else whose label
   matches one of its names, else the only group that contributes in that case study.
2. **Records.** Each kind below is a multiset of keys per case study; a drafted key that equals
   a gold key is correct (tp), one that does not is a false record (fp), a gold key left over is a
   miss (fn). So a wrong amount, currency or contributor is always one miss and one false record.

   - project totals: (amount, currency) of every gold project whose cost the text prints
     (``total_is_explicit``). Where the only printed figure is one funder's amount, the
     development set lets that amount "stand as the total"; Hamkori does not (a total is read only
     where the text gives the project's cost, as the book's curators did), so those projects expect
     no total and a drafted one is a false record;
   - contributions: (contributor, amount, currency) of every gold contribution with an amount
     (printed, or the share of a printed total a printed percentage gives);
   - contributions with kind: the same with the kind (cash, in-kind, labour, unspecified);
     "contribution kind right" counts the correct contributions whose kind is right too;
   - state partners: the bodies of the gold ``state_partners``; "with level" adds the level
     (national, oblast, rayon_or_city = Hamkori's city-rayon, jamoat, makhalla); drafted: the
     government bodies of the partnerships and the government bodies that contribute; "state
     partner level right" counts the correct bodies whose level is right too;
   - donors: the gold ``donors``; drafted: every contributor that is an organization, neither a
     government body nor the case study's own organization;
   - organizations: the gold entities the case study uses; drafted: every organization the draft
     declares or refers to. "Drafted organizations that are not entities" counts those whose
     names match no gold entity of any case study;
   - registration facts: founded (dates as yyyy-mm-dd or yyyy-mm), registered or not, the body
     that registered (by name), the date and the number of the registration.

A draft that overlaps no gold case study has only false records; a gold case study no draft
overlaps has only misses.

    measurement = measure_text(paths, Path("dev.txt"), Path("dev_gold.json"))
    print(measurement.table())
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from kg.authoring.files import read_text_file
from kg.authoring.loader import load_corpus
from kg.authoring.spelling import name_key, skeleton, variant_key
from kg.errors import UsageError
from kg.extract.extractor import extract
from kg.extract.model import CaseDraft, Entity
from kg.extract.text import Known, Registry
from kg.project.paths import ProjectPaths

KINDS = (
    "project totals",
    "contributions",
    "contributions with kind",
    "state partners",
    "state partners with level",
    "donors",
    "organizations",
    "registration facts",
)
KIND_RIGHT = "contribution kind right"
LEVEL_RIGHT = "state partner level right"
NOT_ENTITIES = "drafted organizations that are not entities"
# What the extractor aims at (issue 19): (what, kind or rate, measure, at least or at most, target).
TARGETS = (
    ("contributions with amounts: recall", "contributions", "recall", ">=", 0.90),
    ("contributions with amounts: precision", "contributions", "precision", ">=", 0.95),
    ("project totals: recall", "project totals", "recall", ">=", 0.95),
    ("state partners with the right level: recall", "state partners with level", "recall", ">=", 0.95),
    ("drafted organizations that are not entities", NOT_ENTITIES, "share", "<=", 0.02),
)
LEVELS = {
    "national": "national",
    "oblast": "oblast",
    "rayon_or_city": "city-rayon",
    "jamoat": "jamoat",
    "makhalla": "makhalla",
}
MONTHS = {
    m: n
    for n, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
# Words that only say where or what kind: left out of the loose comparison of names.
PLACE_WORDS = frozenset(
    {"district", "rayon", "city", "oblast", "rt", "republic", "tajikistan", "under", "on"}
)


# ---------------------------------------------------------------------------------------------
# Scores, shared with kg.extract.evaluate
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Counts of one kind: proposals that match (tp), that do not (fp), gold records missed (fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Miss:
    """A gold record the drafts lack (``missed``) or a drafted record not in the gold (``false``)."""

    kind: str
    case: str
    what: str
    record: str


@dataclass(frozen=True)
class Measurement:
    """Scores per kind of record, counted shares (``rates``: part, whole) and every miss and false record."""

    scores: dict[str, Score]
    misses: tuple[Miss, ...] = ()
    rates: dict[str, tuple[int, int]] = field(default_factory=dict)
    against: str = "gold"  # what the drafts are compared with, as the table's header says it

    def table(self) -> str:
        """The scores as a Markdown table, the shares below it."""
        rows = [
            f"| kind | drafted | correct | {self.against} | precision | recall | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, s in self.scores.items():
            rows.append(
                f"| {name} | {s.tp + s.fp} | {s.tp} | {s.tp + s.fn} "
                f"| {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |"
            )
        if self.rates:
            rows.append("")
        rows += [
            f"{name}: {part} of {whole} ({_share(part, whole)})" for name, (part, whole) in self.rates.items()
        ]
        return "\n".join(rows) + "\n"

    def value(self, name: str, measure: str) -> float:
        """A kind's precision, recall or F1, or a rate's share."""
        if measure == "share":
            part, whole = self.rates[name]
            return part / whole if whole else 0.0
        return float(getattr(self.scores[name], measure))

    def listing(self) -> str:
        """Every miss and false record, one a line, by kind and case study."""
        return "".join(f"{m.kind}: {m.case}: {m.what}: {m.record}\n" for m in self.misses)

    def as_json(self) -> str:
        """The measurement as JSON, keys in a fixed order."""
        data = {
            "kinds": {
                name: {
                    "drafted": s.tp + s.fp,
                    "correct": s.tp,
                    "gold": s.tp + s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for name, s in self.scores.items()
            },
            "rates": {
                name: {"count": part, "of": whole, "share": round(part / whole, 4) if whole else 0.0}
                for name, (part, whole) in self.rates.items()
            },
            "misses": [
                {"kind": m.kind, "case": m.case, "what": m.what, "record": m.record} for m in self.misses
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def targets_table(measurements: Mapping[str, Measurement]) -> str:
    """The ``TARGETS`` as a Markdown table, a column per named measurement: its value, met or not."""
    rows = [
        "| target | " + " | ".join(measurements) + " |",
        "|---|" + "---:|" * len(measurements),
    ]
    for what, name, measure, sense, goal in TARGETS:
        cells = []
        for measurement in measurements.values():
            value = measurement.value(name, measure)
            met = value >= goal if sense == ">=" else value <= goal
            cells.append(f"{100 * value:.1f} % {'met' if met else 'not met'}")
        rows.append(
            f"| {what} {'≥' if sense == '>=' else '≤'} {100 * goal:.0f} % | " + " | ".join(cells) + " |"
        )
    return "\n".join(rows) + "\n"


def pooled(measurements: Mapping[str, Measurement]) -> Measurement:
    """Several texts measured as one: counts added kind by kind and rate by rate (a micro-average,
    so each text weighs by its number of records, not one text one vote), each miss named with
    the text it is from (case ids of different texts may be the same)."""
    scores: dict[str, Score] = {}
    rates: dict[str, tuple[int, int]] = {}
    misses: list[Miss] = []
    for text, measurement in measurements.items():
        for name, kind_score in measurement.scores.items():
            scores[name] = scores.get(name, Score()) + kind_score
        for name, (part, whole) in measurement.rates.items():
            before = rates.get(name, (0, 0))
            rates[name] = (before[0] + part, before[1] + whole)
        misses += [replace(miss, case=f"{text}/{miss.case}") for miss in measurement.misses]
    against = {m.against for m in measurements.values()}
    return Measurement(scores, tuple(misses), rates, against.pop() if len(against) == 1 else "gold")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "none drafted"


def score(
    proposed: Counter[Hashable], gold: Counter[Hashable]
) -> tuple[Score, list[Hashable], list[Hashable]]:
    """The score of proposed keys against gold keys (multisets), with the false keys and the missed
    ones, each in the order of their text (the counters' order follows sets of strings, which
    differs from run to run)."""
    hits = proposed & gold
    wrong = sorted((proposed - gold).elements(), key=str)
    lost = sorted((gold - proposed).elements(), key=str)
    return Score(sum(hits.values()), len(wrong), len(lost)), wrong, lost


def referenced(draft: CaseDraft) -> set[str]:
    """The ids a draft writes somewhere (a reference), not only mentions in comments."""
    used = {draft.organization}
    for project in draft.projects:
        used |= {project.led_by, *(c.by for c in project.contributions)}
    for partnership in draft.partnerships:
        used |= {partnership.cso, partnership.state}
    for entity in draft.entities:
        if entity.new:
            used |= {
                *entity.helped_by,
                *(
                    x
                    for x in (entity.part_of, entity.registration and entity.registration[1])
                    if isinstance(x, str)
                ),
            }
    return used


def _shown(key: Hashable) -> str:
    if isinstance(key, tuple):
        return " | ".join(_shown(k) for k in key)
    if isinstance(key, Decimal):
        return f"{key:,f}".rstrip("0").rstrip(".") if "." in f"{key:f}" else f"{key:,f}"
    return str(key)


# ---------------------------------------------------------------------------------------------
# The gold file
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    canonical: str
    group: str  # state | organization | community
    names: tuple[str, ...]
    level: str | None = None
    cases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldCase:
    id: str
    lines: tuple[int, int]
    records: dict[str, Counter[Hashable]]
    communities: tuple[GoldEntity, ...]


@dataclass(frozen=True)
class Gold:
    """A gold file read into the keys the drafts are compared with."""

    entities: tuple[GoldEntity, ...]
    cases: tuple[GoldCase, ...]


def load_gold(path: Path) -> Gold:
    """Read a gold file in the format of the extraction development set.

    Raises:
        UsageError: the file is no JSON, or lacks a field the measurement needs.
    """
    try:
        data = json.loads(read_text_file(path))
        return _gold(data)
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise UsageError(
            f"{path}: not a gold file of the extraction set: {type(error).__name__} {error}"
        ) from None


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def _date(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip().strip("'\"").lower()
    if found := re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", text):
        day, month, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    # "9 March 2001" and "March 9th, 2001" are the day 09.03.2001 is
    if (found := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{4})", text)) and found.group(
        2
    ) in MONTHS:
        return f"{found.group(3)}-{MONTHS[found.group(2)]:02d}-{int(found.group(1)):02d}"
    if (found := re.fullmatch(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)) and found.group(
        1
    ) in MONTHS:
        return f"{found.group(3)}-{MONTHS[found.group(1)]:02d}-{int(found.group(2)):02d}"
    if (found := re.fullmatch(r"([a-z]+)\s+(\d{4})", text)) and found.group(1) in MONTHS:
        return f"{found.group(2)}-{MONTHS[found.group(1)]:02d}"
    return text


def _number(text: str | None) -> str | None:
    digits = re.sub(r"\D", "", text or "")
    return digits or None


def _gold(data: Mapping[str, Any]) -> Gold:
    entities: list[GoldEntity] = []
    printed: dict[str, list[str]] = {}
    for case in data["case_studies"]:
        for partner in case.get("state_partners") or ():
            printed.setdefault(partner["canonical"], []).extend(
                [partner["name"], *(partner.get("spellings") or ())]
            )
    for e in data["entities"]:
        group = "state" if e["type"] == "state" else "organization"
        names = (e["canonical"], *e["spellings"], *printed.get(e["canonical"], ()))
        entities.append(
            GoldEntity(e["canonical"], group, names, e.get("level"), tuple(e.get("case_studies") or ()))
        )
    by_name = {name_key(n): e.canonical for e in entities for n in e.names}
    cases = [_gold_case(case, by_name, entities) for case in data["case_studies"]]
    return Gold(tuple(entities), tuple(cases))


def _gold_case(case: Mapping[str, Any], by_name: Mapping[str, str], entities: list[GoldEntity]) -> GoldCase:
    projects = case["projects"]
    contributions = [c for p in projects for c in p["contributions"]]
    paid = [c for c in contributions if c["amount"] is not None]
    partners = {p["canonical"]: p["level"] for p in case.get("state_partners") or ()}
    groups: dict[str, set[str]] = {}
    for c in contributions:
        if c["contributor_type"] == "community":
            groups.setdefault(c["contributor_canonical"], set()).add(re.sub(r"[\[\]]", "", c["contributor"]))
    communities = tuple(
        GoldEntity(label, "community", (label, *sorted(names)), cases=(case["id"],))
        for label, names in sorted(groups.items())
    )
    facts: list[Hashable] = [("registered", bool(case["registered"]))]
    if case.get("founded"):
        facts.append(("founded", _date(case["founded"])))
    if case.get("registration"):
        body = case["registration"].split(",")[0].strip()
        facts.append(("registered by", by_name.get(name_key(body), body)))
        if (date := _date(case["registration"])) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            facts.append(("registration date", date))
        if number := re.search(r"#\s*(\d+)", case["registration"]):
            facts.append(("registration number", number.group(1)))
    org = case["organization"]["canonical"]
    records: dict[str, Counter[Hashable]] = {
        "project totals": Counter(
            (_money(p["total_amount"]), p["currency"])
            for p in projects
            if p["total_amount"] is not None and p.get("total_is_explicit")
        ),
        "contributions": Counter(
            (c["contributor_canonical"], _money(c["amount"]), c["currency"]) for c in paid
        ),
        "contributions with kind": Counter(
            (c["contributor_canonical"], _money(c["amount"]), c["currency"], c["kind"]) for c in paid
        ),
        "state partners": Counter(partners.keys()),
        "state partners with level": Counter((body, LEVELS[level]) for body, level in partners.items()),
        "donors": Counter(set(case.get("donors") or ())),
        "organizations": Counter({org} | {e.canonical for e in entities if case["id"] in e.cases}),
        "registration facts": Counter(facts),
    }
    first, last = case["line_range"]
    return GoldCase(case["id"], (int(first), int(last)), records, communities)


# ---------------------------------------------------------------------------------------------
# The drafts against the gold
# ---------------------------------------------------------------------------------------------


def measure_text(paths: ProjectPaths, source: Path, gold_path: Path) -> Measurement:
    """Draft ``source`` with the shared registries only and measure the drafts against ``gold_path``.

    Raises:
        InputError: an authoring file of the project has problems, ``source`` is no UTF-8 text,
            or ``gold_path`` is no gold file.
    """
    gold = load_gold(gold_path)
    registry = Registry.from_corpus(load_corpus(paths), include_cases=False)
    return compare(extract(read_text_file(source), registry), gold, registry)


def compare(drafts: Iterable[CaseDraft], gold: Gold, registry: Registry) -> Measurement:
    """Scores of the drafts against the gold, each draft against the gold case study it overlaps most."""
    totals = {name: Score() for name in KINDS}
    misses: list[Miss] = []
    organizations = not_entities = 0
    matched: set[str] = set()
    known = {k.id: k for k in registry.entries}
    for draft in drafts:
        case = _overlapping(gold, draft)
        names = _Names(gold, case, draft, known)
        proposed = _proposed(draft, names)
        organizations += len(names.organizations)
        strays = sorted(e.name for e in names.organizations if names.stray(e))
        not_entities += len(strays)
        misses += [Miss(NOT_ENTITIES, case.id if case else draft.id, "false", s) for s in strays]
        if case is not None:
            matched.add(case.id)
        label = case.id if case else f"{draft.id} (no gold case study)"
        for name in KINDS:
            found, wrong, lost = score(proposed[name], case.records[name] if case else Counter())
            totals[name] += found
            misses += [Miss(name, label, "missed", _shown(k)) for k in lost]
            misses += [Miss(name, label, "false", _shown(k)) for k in wrong]
    for case in (c for c in gold.cases if c.id not in matched):
        for name in KINDS:
            lost = list(case.records[name].elements())
            totals[name] += Score(fn=len(lost))
            misses += [Miss(name, case.id, "missed", _shown(k)) for k in lost]
    rates = {  # a record right with its kind (level) is right without it too
        KIND_RIGHT: (totals["contributions with kind"].tp, totals["contributions"].tp),
        LEVEL_RIGHT: (totals["state partners with level"].tp, totals["state partners"].tp),
        NOT_ENTITIES: (not_entities, organizations),
    }
    order = {name: number for number, name in enumerate((*KINDS, NOT_ENTITIES))}
    misses.sort(key=lambda m: (order[m.kind], m.case, m.what, m.record))
    return Measurement(totals, tuple(misses), rates)


def _overlapping(gold: Gold, draft: CaseDraft) -> GoldCase | None:
    def overlap(case: GoldCase) -> int:
        return min(case.lines[1], draft.line_end) - max(case.lines[0], draft.line_start)

    best = max(gold.cases, key=overlap, default=None)
    return best if best is not None and overlap(best) >= 0 else None


def _loose(name: str) -> str:
    words = variant_key(re.sub(r"\([^)]*\)", " ", name)).split()
    return " ".join(sorted(w for w in words if w not in _PLACE_KEYS))


_PLACE_KEYS = PLACE_WORDS | {variant_key(word) for word in PLACE_WORDS}


class _Names:
    """The gold name each drafted entity of one draft stands for (rule 1 of the module docstring)."""

    def __init__(
        self, gold: Gold, case: GoldCase | None, draft: CaseDraft, known: Mapping[str, Known]
    ) -> None:
        self.draft = draft
        self.case = case
        self.entities = {e.id: e for e in draft.entities}
        self.known = known
        self.everyone = gold.entities
        self.communities = case.communities if case else ()
        self.memo: dict[tuple[str, str], str | None] = {}
        used = referenced(draft)
        self.organizations = [
            e for e in draft.entities if e.kind == "organization" and (e.new or e.id in used)
        ]

    def names(self, entity: Entity) -> tuple[str, ...]:
        extra = self.known[entity.id].names if entity.id in self.known else ()
        return (entity.name, *entity.aliases, *extra)

    def group(self, entity: Entity) -> str:
        if entity.kind == "community":
            return "community"
        return "state" if entity.is_government else "organization"

    def _best(self, names: tuple[str, ...], candidates: Iterable[GoldEntity]) -> str | None:
        exact, loose = {name_key(n) for n in names}, {_loose(n) for n in names}
        bare = {skeleton(n) for n in loose}
        here = self.case.id if self.case else ""
        best: tuple[float, int, str] | None = None
        for candidate in candidates:
            if exact & {name_key(n) for n in candidate.names}:
                tier = 300.0
            elif loose & {_loose(n) for n in candidate.names}:
                tier = 200.0
            elif bare & {skeleton(_loose(n)) for n in candidate.names}:
                tier = 150.0
            else:
                tier = max(
                    (
                        fuzz.token_sort_ratio(variant_key(a), variant_key(b))
                        for a in names
                        for b in candidate.names
                    ),
                    default=0.0,
                )
                if tier < 90:
                    continue
            rank = (tier, int(here in candidate.cases or candidate.group == "community"), candidate.canonical)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else None

    def of(self, entity_id: str, quote: str = "") -> str:
        """The gold name of a drafted entity, or its own name (in no gold record) when it has none."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return f"{entity_id} (not declared)"
        group = self.group(entity)
        if group == "community":
            return self._community(entity, quote)
        key = (entity_id, group)
        if key not in self.memo:
            self.memo[key] = self._best(self.names(entity), (g for g in self.everyone if g.group == group))
        return self.memo[key] or f"{entity.name} (drafted)"

    def _community(self, entity: Entity, quote: str) -> str:
        said = [g for g in self.communities if any(name_key(n) in name_key(quote) for n in g.names[1:])]
        if said:
            return said[0].canonical
        named = self._best(self.names(entity), self.communities)
        if named:
            return named
        if len(self.communities) == 1:
            return self.communities[0].canonical
        return f"{entity.name} (drafted)"

    def stray(self, entity: Entity) -> bool:
        """True when none of the organization's names is that of a gold entity of any group."""
        return self._best(self.names(entity), self.everyone) is None


def _proposed(draft: CaseDraft, names: _Names) -> dict[str, Counter[Hashable]]:
    entities = names.entities
    contributions = [c for p in draft.projects for c in p.contributions]
    paid = [c for c in contributions if c.amount is not None and c.currency]
    bodies = [p.state for p in draft.partnerships]
    bodies += [c.by for c in contributions if c.by in entities and entities[c.by].is_government]
    bodies = [b for b in dict.fromkeys(bodies) if b in entities]
    donors = {
        names.of(c.by)
        for c in contributions
        if c.by in entities
        and entities[c.by].kind == "organization"
        and not entities[c.by].is_government
        and c.by != draft.organization
    }
    return {
        "project totals": Counter(p.total for p in draft.projects if p.total),
        "contributions": Counter((names.of(c.by, c.evidence.quote), c.amount, c.currency) for c in paid),
        "contributions with kind": Counter(
            (names.of(c.by, c.evidence.quote), c.amount, c.currency, c.kind) for c in paid
        ),
        "state partners": Counter({names.of(b) for b in bodies}),
        "state partners with level": Counter({(names.of(b), _level(entities[b], names)) for b in bodies}),
        "donors": Counter(donors),
        "organizations": Counter({names.of(e.id) for e in names.organizations}),
        "registration facts": Counter(_facts(draft, names)),
    }


def _level(entity: Entity, names: _Names) -> str:
    known = names.known.get(entity.id)
    return entity.level or (known.level if known else None) or "unspecified"


def _facts(draft: CaseDraft, names: _Names) -> list[Hashable]:
    main = names.entities.get(draft.organization)
    if main is None:
        return []
    facts: list[Hashable] = []
    if main.founded:
        facts.append(("founded", _date(main.founded)))
    if main.registration:
        status, by, date, number = main.registration
        facts.append(("registered", status == "registered"))
        if by:
            facts.append(("registered by", names.of(by)))
        if (day := _date(date)) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            facts.append(("registration date", day))
        if digits := _number(number):
            facts.append(("registration number", digits))
    return facts
