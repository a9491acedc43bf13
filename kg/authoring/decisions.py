"""Reviewed reconciliation decisions (``data/registry/reconciliation.yaml``) and how they change the records.

``kg reconcile`` proposes spellings that name the same entity; a person records each decision
in a ``reconciliation:`` section so that it survives every rebuild::

    reconciliation:
      - same_as: [vo-shekhmizon, vo-shehmizon]   # the first id stays; the second is merged into it
        by: Researcher's name
        date: "2025-05-01"
        why: The book spells the village three ways (lines 895, 902, 914).
      - alias: Hovaling                          # one more spelling of an entity
        of: khovaling
        by: Researcher's name
        why: Line 634 spells the rayon without the K.
      - distinct: [jamoat-bahor, bahor-jamoat]   # reviewed: not the same, stop proposing
        by: Researcher's name
        why: A jamoat's administration and its territory.
      - not_alias: Dashti                        # reviewed: this spelling is not the entity's
        of: dasht
        by: Researcher's name
        why: A line break cuts "VO Dashti Andarob"; Dashti is not the makhalla Dasht.

This module imports nothing from ``kg.authoring.loader`` so that the loader can import it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kg.authoring.records import (
    CaseStudy,
    Community,
    Contribution,
    Corpus,
    Note,
    Organization,
    Participation,
    Partnership,
    Place,
    Project,
    Result,
)
from kg.errors import Origin, Problem

SECTION = "reconciliation"


@dataclass(frozen=True)
class SameAs:
    """Two ids name one entity: ``drop`` is merged into ``keep``."""

    keep: str
    drop: str
    by: str
    why: str
    date: str | None
    origin: Origin


@dataclass(frozen=True)
class AddAlias:
    """One more spelling of an entity."""

    of: str
    alias: str
    by: str
    why: str
    date: str | None
    origin: Origin


@dataclass(frozen=True)
class Distinct:
    """Reviewed and rejected: the two ids name different entities."""

    first: str
    second: str
    by: str
    why: str
    date: str | None
    origin: Origin


@dataclass(frozen=True)
class NotAlias:
    """Reviewed and rejected: the spelling does not name the entity (it is not proposed again)."""

    of: str
    spelling: str
    by: str
    why: str
    date: str | None
    origin: Origin


Decision = SameAs | AddAlias | Distinct | NotAlias


def decision_schema() -> dict[str, Any]:
    """The JSON Schema definition of one decision (for ``$defs/decision`` in kg.authoring.schema)."""
    common = {
        "by": {"type": "string", "minLength": 1, "description": "Who decided"},
        "why": {"type": "string", "minLength": 1, "description": "Why: the evidence that decided it"},
        "date": {"type": "string", "minLength": 1, "description": "When, as text (2025-05-01)"},
    }
    pair = {
        "type": "array",
        "items": {"$ref": "#/$defs/id"},
        "minItems": 2,
        "maxItems": 2,
        "uniqueItems": True,
    }

    def shape(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": description,
            "properties": {**properties, **common},
            "required": [*required, "by", "why"],
            "additionalProperties": False,
        }

    return {
        "description": "A reviewed reconciliation decision",
        "oneOf": [
            shape(
                {"same_as": {**pair, "description": "[kept id, merged id]: the first id stays"}},
                ["same_as"],
                "Two ids name one entity",
            ),
            shape(
                {
                    "alias": {"type": "string", "minLength": 1, "description": "The spelling to add"},
                    "of": {"$ref": "#/$defs/id", "description": "The entity it names"},
                },
                ["alias", "of"],
                "One more spelling of an entity",
            ),
            shape(
                {"distinct": {**pair, "description": "Two ids that name different entities"}},
                ["distinct"],
                "Reviewed: not the same entity",
            ),
            shape(
                {
                    "not_alias": {
                        "type": "string",
                        "minLength": 1,
                        "description": "A spelling that is not one",
                    },
                    "of": {"$ref": "#/$defs/id", "description": "The entity it does not name"},
                },
                ["not_alias", "of"],
                "Reviewed: the spelling does not name the entity",
            ),
        ],
    }


def add_decision_section(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the authoring JSON Schema that also allows a ``reconciliation:`` section."""
    result = {**schema, "properties": dict(schema["properties"]), "$defs": dict(schema["$defs"])}
    result["$defs"]["decision"] = decision_schema()
    result["properties"][SECTION] = {"type": "array", "items": {"$ref": "#/$defs/decision"}}
    return result


def _origin(node: Any, shown: str) -> Origin:
    line = getattr(node, "line", 0)
    return Origin(shown, line if isinstance(line, int) else 0)


def read_decisions(document: Mapping[str, Any], shown: str) -> list[Decision]:
    """The decisions of one schema-checked authoring file (none when it has no ``reconciliation:``)."""
    found: list[Decision] = []
    for node in document.get(SECTION, None) or []:
        by, why = str(node["by"]), str(node["why"]).strip()
        date = str(node["date"]) if "date" in node else None
        origin = _origin(node, shown)
        if "same_as" in node:
            keep, drop = (str(value) for value in node["same_as"])
            found.append(SameAs(keep, drop, by, why, date, origin))
        elif "alias" in node:
            found.append(AddAlias(str(node["of"]), str(node["alias"]).strip(), by, why, date, origin))
        elif "not_alias" in node:
            found.append(NotAlias(str(node["of"]), str(node["not_alias"]).strip(), by, why, date, origin))
        else:
            first, second = (str(value) for value in node["distinct"])
            found.append(Distinct(first, second, by, why, date, origin))
    return found


def _kind_of(corpus: Corpus) -> dict[str, str]:
    kinds = {place.id: "place" for place in corpus.places}
    kinds.update({org.id: "organization" for org in corpus.organizations})
    kinds.update({community.id: "community" for community in corpus.communities})
    return kinds


def check_decisions(corpus: Corpus, decisions: Sequence[Decision]) -> list[Problem]:
    """Problems with decisions: unknown ids, ids of different kinds, contradicting decisions.

    Run it on the corpus before ``apply_decisions``.
    """
    kinds = _kind_of(corpus)
    problems = []

    def problem(decision: Decision, message: str) -> None:
        problems.append(Problem(decision.origin.path, decision.origin.line, SECTION, message))

    for decision in decisions:
        ids: tuple[str, ...] = (
            (decision.of,) if isinstance(decision, (AddAlias, NotAlias)) else _pair(decision)
        )
        unknown = [entity for entity in ids if entity not in kinds]
        if unknown:
            problem(decision, f"unknown id {unknown[0]!r}: a place, organization or community id is expected")
            continue
        if len({kinds[entity] for entity in ids}) > 1:
            first, second = ids
            problem(
                decision, f"{first!r} is {_article(kinds[first])} but {second!r} is {_article(kinds[second])}"
            )
    merged = {d.drop: d for d in decisions if isinstance(d, SameAs)}
    for decision in decisions:
        if isinstance(decision, SameAs) and decision.keep in merged:
            problem(decision, f"{decision.keep!r} is itself merged into {merged[decision.keep].keep!r}")
        if isinstance(decision, Distinct) and frozenset(_pair(decision)) in {
            frozenset((d.keep, d.drop)) for d in merged.values()
        }:
            problem(decision, f"{decision.first!r} and {decision.second!r} are also declared the same")
    return problems


def _article(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _pair(decision: SameAs | Distinct) -> tuple[str, str]:
    if isinstance(decision, SameAs):
        return decision.keep, decision.drop
    return decision.first, decision.second


# ---------------------------------------------------------------------------------------------
# Applying decisions
# ---------------------------------------------------------------------------------------------

Named = TypeVar("Named", Place, Organization, Community)

# Fields that identify or locate a record; a merge never copies them from the merged record.
_OWN_FIELDS = frozenset({"id", "name", "aliases", "evidence", "case", "origin", "at"})


def _with_aliases(record: Named, extra: Iterable[str]) -> Named:
    merged = list(record.aliases)
    for alias in extra:
        if alias != record.name and alias not in merged:
            merged.append(alias)
    return dataclasses.replace(record, aliases=tuple(merged))


def _merge_into(keep: Named, drop: Named) -> Named:
    """``keep`` with ``drop``'s names as aliases, its evidence, and its values where ``keep`` has none."""
    changes: dict[str, Any] = {
        "evidence": keep.evidence + tuple(item for item in drop.evidence if item not in keep.evidence)
    }
    for field in dataclasses.fields(keep):
        if field.name in _OWN_FIELDS:
            continue
        mine, theirs = getattr(keep, field.name), getattr(drop, field.name)
        if mine in (None, ()) and theirs not in (None, ()):
            changes[field.name] = theirs
    merged = dataclasses.replace(keep, **changes)
    return _with_aliases(merged, (drop.name, *drop.aliases))


def _renamer(mapping: Mapping[str, str]) -> Callable[[str | None], Any]:
    def rename(value: str | None) -> Any:
        return mapping.get(value, value) if value is not None else None

    return rename


def _rename_all(corpus: Corpus, mapping: Mapping[str, str]) -> Corpus:
    """Every reference to a merged id pointed at the id it was merged into."""
    r = _renamer(mapping)

    def many(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r(value) for value in values))

    def place(p: Place) -> Place:
        return dataclasses.replace(p, within=r(p.within))

    def organization(o: Organization) -> Organization:
        registration = o.registration
        if registration is not None:
            registration = dataclasses.replace(registration, by=r(registration.by))
        return dataclasses.replace(
            o,
            part_of=r(o.part_of),
            based_in=r(o.based_in),
            jurisdiction=r(o.jurisdiction),
            founded_with_help_of=many(o.founded_with_help_of),
            registration=registration,
        )

    def community(c: Community) -> Community:
        return dataclasses.replace(c, of=r(c.of))

    def contribution(c: Contribution) -> Contribution:
        return dataclasses.replace(c, by=r(c.by))

    def participation(p: Participation) -> Participation:
        return dataclasses.replace(p, by=r(p.by))

    def result(x: Result) -> Result:
        return dataclasses.replace(x, owner=r(x.owner))

    def project(p: Project) -> Project:
        return dataclasses.replace(
            p,
            led_by=r(p.led_by),
            places=many(p.places),
            contributions=tuple(contribution(c) for c in p.contributions),
            participants=tuple(participation(x) for x in p.participants),
            results=tuple(result(x) for x in p.results),
        )

    def partnership(p: Partnership) -> Partnership:
        return dataclasses.replace(p, cso=r(p.cso), state=r(p.state))

    def case(c: CaseStudy) -> CaseStudy:
        return dataclasses.replace(c, region=r(c.region), organization=r(c.organization))

    def note(n: Note) -> Note:
        return dataclasses.replace(n, about=r(n.about))

    return dataclasses.replace(
        corpus,
        places=tuple(place(p) for p in corpus.places),
        organizations=tuple(organization(o) for o in corpus.organizations),
        communities=tuple(community(c) for c in corpus.communities),
        cases=tuple(case(c) for c in corpus.cases),
        projects=tuple(project(p) for p in corpus.projects),
        partnerships=tuple(partnership(p) for p in corpus.partnerships),
        results=tuple(result(x) for x in corpus.results),
        notes=tuple(note(n) for n in corpus.notes),
    )


def _apply_to(
    records: tuple[Named, ...], merges: Mapping[str, str], aliases: Mapping[str, list[str]]
) -> tuple[Named, ...]:
    """Merge, drop and add aliases within one group of records (places, organizations or communities)."""
    by_id = {record.id: record for record in records}
    result = []
    for record in records:
        if record.id in merges:
            continue
        merged = record
        for dropped, kept in merges.items():
            if kept == record.id and dropped in by_id:
                merged = _merge_into(merged, by_id[dropped])
        if record.id in aliases:
            merged = _with_aliases(merged, aliases[record.id])
        result.append(merged)
    return tuple(result)


def apply_decisions(corpus: Corpus, decisions: Sequence[Decision]) -> Corpus:
    """The corpus with ``same_as`` merges and ``alias`` additions applied; ``distinct`` changes nothing.

    A merged record's name and aliases become aliases of the record it is merged into, its
    evidence is added, its values fill the kept record's empty fields, and every reference to
    its id is pointed at the kept id. Check the decisions first with ``check_decisions``.
    """
    merges = {d.drop: d.keep for d in decisions if isinstance(d, SameAs)}
    aliases: dict[str, list[str]] = {}
    for decision in decisions:
        if isinstance(decision, AddAlias):
            aliases.setdefault(decision.of, []).append(decision.alias)
    corpus = dataclasses.replace(
        corpus,
        places=_apply_to(corpus.places, merges, aliases),
        organizations=_apply_to(corpus.organizations, merges, aliases),
        communities=_apply_to(corpus.communities, merges, aliases),
    )
    return _rename_all(corpus, merges) if merges else corpus


def decided_pairs(decisions: Iterable[Decision]) -> set[frozenset[str]]:
    """The id pairs a person has already decided on (same or distinct), so as not to propose them again."""
    return {frozenset(_pair(d)) for d in decisions if isinstance(d, (SameAs, Distinct))}
