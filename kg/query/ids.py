"""Parameter values checked against the data: an id that names nothing is an error that says why.

``check_values`` runs one small query per id-valued parameter (an index lookup of the IRI the
value stands for, and of the same id as any other kind of entity or as a code of any vocabulary),
on any store: the embedded one or a remote endpoint. Only when the value names nothing of the
expected kind does it read the ids of that kind, once per store (``ids_of``), to suggest the
closest ones::

    parameter place: no place has the id 'sarichashma'; closest: sarichashma-jamoat, …
    parameter sector: civil-society is an actor sector, not a sector of work; sectors of work: …
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import UsageError
from kg.rdf.namespaces import ID_PATTERN, PREFIXES, VOCAB, concept_iri
from kg.store.base import Store

# The kinds of entity the mapping writes (``<base>id/KIND/ID``) that a value might name instead.
ENTITY_KINDS_IN_DATA = (
    "organization",
    "community",
    "place",
    "project",
    "partnership",
    "contribution",
    "case",
)
# How a message names one thing of each kind: entity kinds, then each vocabulary (concept scheme).
NOUNS = {
    "organization": "an organization",
    "community": "a community",
    "place": "a place",
    "project": "a project",
    "partnership": "a partnership",
    "contribution": "a contribution",
    "case": "a case study",
    "government-level": "a government level",
    "sector": "a sector of work",
    "collaboration-form": "a form of collaboration",
    "actor-sector": "an actor sector",
    "place-type": "a type of place",
    "body-kind": "a kind of government body",
    "contribution-kind": "a kind of contribution",
    "contribution-role": "a role in a project",
    "currency": "a currency",
    "registration-status": "a registration status",
    "result-kind": "a kind of quantitative result",
    "note-kind": "a kind of data-quality note",
}
# A pattern that finds the entities of each kind among few triples (not every rdf:type of the store:
# 1.8 s at 1M triples against 0.1 s); the IRI's kind segment decides, so a pattern may find more.
LISTED_BY = {
    "organization": "?s hk:actorSector ?any",
    "community": "?s a hk:Community",
    "place": "?s hk:placeType ?any",
    "project": "?s a hk:Project",
    "partnership": "?s a hk:Partnership",
    "contribution": "?s a hk:Contribution",
    "case": "?s a hk:CaseStudy",
}
SUGGESTIONS = 5  # closest ids named in a message
CUTOFF = 70.0  # rapidfuzz WRatio below which an id is not "close"
LISTED = 30  # codes of a vocabulary listed in full when there are no more than this


@dataclass(frozen=True)
class Known:
    """The ids of one kind that a store holds, and for a vocabulary its plural label."""

    ids: tuple[str, ...]
    label: str = ""


_cache: weakref.WeakKeyDictionary[object, dict[str, Known]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def noun(kind: str) -> str:
    return NOUNS.get(kind, f"a {kind}")


def entity_root(base: str) -> str:
    return (base if base.endswith(("/", "#")) else base + "/") + "id/"


def kind_of(iri: str, base: str) -> str | None:
    """The entity kind or vocabulary of an IRI Hamkori writes, e.g. ``place`` or ``actor-sector``."""
    for root in (entity_root(base), str(VOCAB)):
        if iri.startswith(root) and "/" in iri[len(root) :]:
            return iri[len(root) :].split("/", 1)[0]
    return None


def found_as(store: Store, value: str, base: str) -> set[str]:
    """The kinds (entity kinds and vocabularies) under which the store holds an id ``value``: one query."""
    candidates = " ".join(f"<{entity_root(base)}{kind}/{value}>" for kind in ENTITY_KINDS_IN_DATA)
    query = (
        f"PREFIX skos: <{PREFIXES['skos']}>\n"
        f"SELECT DISTINCT ?s WHERE {{ {{ VALUES ?s {{ {candidates} }} ?s ?p ?o }} UNION "
        f'{{ ?s skos:inScheme ?scheme FILTER(STRENDS(STR(?s), "/{value}")) }} }}'
    )
    kinds = {kind_of(str(row[0]), base) for row in store.select(query).rows if row[0] is not None}
    return {kind for kind in kinds if kind is not None}


def ids_of(store: Store, kind: str, base: str, *, vocabulary: bool) -> Known:
    """Every id of one entity kind, or code of one vocabulary, the store holds; read once per store."""
    key = f"{'vocab' if vocabulary else base} {kind}"
    with _lock:
        try:
            cached = _cache.setdefault(store, {})
        except TypeError:  # a store that cannot be weakly referenced: no cache
            cached = {}
        if key in cached:
            return cached[key]
    if vocabulary:
        scheme = f"{VOCAB}{kind}"
        query = (
            f"PREFIX skos: <{PREFIXES['skos']}>\n"
            f"SELECT ?s ?schemeLabel WHERE {{ ?s skos:inScheme <{scheme}> "
            f"OPTIONAL {{ <{scheme}> skos:prefLabel ?schemeLabel }} }}"
        )
        rows = store.select(query).rows
        codes = sorted({str(s).rsplit("/", 1)[-1] for s, _ in rows if s is not None})
        plural = next((str(row[1]) for row in rows if row[1] is not None), "")
        known = Known(tuple(codes), plural)
    else:
        root = f"{entity_root(base)}{kind}/"
        pattern = LISTED_BY.get(kind, "?s a ?any")
        query = (
            f"PREFIX hk: <{PREFIXES['hk']}>\n"
            f'SELECT DISTINCT ?s WHERE {{ {pattern} FILTER(STRSTARTS(STR(?s), "{root}")) }}'
        )
        found = (str(row[0]).removeprefix(root) for row in store.select(query).rows if row[0] is not None)
        known = Known(tuple(sorted(i for i in found if re.fullmatch(ID_PATTERN, i))))  # not evidence nodes
    with _lock:
        cached[key] = known
    return known


def closest(value: str, ids: Iterable[str]) -> list[str]:
    """The ids most like ``value``, best first (rapidfuzz's weighted ratio)."""
    from rapidfuzz import fuzz, process

    found = process.extract(value, list(ids), scorer=fuzz.WRatio, limit=SUGGESTIONS, score_cutoff=CUTOFF)
    return [choice for choice, _, _ in found]


def check_id(store: Store, name: str, kind: str, value: str, base: str, *, vocabulary: bool) -> None:
    """Check that ``value`` names something of ``kind`` (an entity kind, or a vocabulary) in the store.

    Raises:
        UsageError: naming the parameter, what it expects, and the closest ids (or the vocabulary's codes).
    """
    expected = concept_iri(kind, value) if vocabulary else f"{entity_root(base)}{kind}/{value}"
    kinds = found_as(store, value, base)
    if kind_of(expected, base) in kinds:
        return
    known = ids_of(store, kind, base, vocabulary=vocabulary)
    if vocabulary and not known.ids:  # a store without the vocabularies: nothing to check the code against
        return
    if vocabulary:
        listed = ", ".join(known.ids) if len(known.ids) <= LISTED else ", ".join(known.ids[:LISTED]) + ", …"
        plural = (known.label[:1].lower() + known.label[1:]) if known.label else f"codes of {kind}"
        listing = f"{plural}: {listed or 'none in this store'}"
    else:
        near = closest(value, known.ids)
        listing = (
            f"closest {kind} ids: {', '.join(near)}"
            if near
            else f"no {kind} id is close; {len(known.ids)} {kind} ids exist"
            + (f", e.g. {', '.join(known.ids[:3])}" if known.ids else "")
        )
    others = sorted(kinds - {kind})
    if others:
        said = " and ".join(noun(k) for k in others)
        raise UsageError(f"parameter {name}: {value} is {said}, not {noun(kind)}; {listing}")
    what = f"the code of {noun(kind)}" if vocabulary else f"the id of {noun(kind)}"
    if vocabulary and (near := closest(value, known.ids)):
        listing = f"did you mean {', '.join(near)}? {listing}"
    raise UsageError(f"parameter {name}: {value!r} is not {what} in the data; {listing}")
