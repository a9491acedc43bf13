"""Random valid records survive load → map → dump → parse, and map to the same statements every time.

Hypothesis writes a registry file and a case-study file in a copy of the mini project, with the
source lines their evidence quotes are taken from, then checks every dump format against the
mapped dataset and looks up each record's id, name, amounts and codes in what was parsed back.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS

from kg.authoring.files import dump_yaml
from kg.authoring.loader import fold, load_corpus, normalized_name
from kg.authoring.records import Corpus
from kg.authoring.schema import CSO_CLASSES, ORGANIZATION_CLASSES
from kg.authoring.vocab import read_vocabularies
from kg.mapping.mapper import map_corpus
from kg.outputs.dumps import write_dumps
from kg.project.paths import ProjectPaths
from kg.rdf.dataset import Iris
from kg.rdf.namespaces import HK, OA, concept_iri
from kg.rdf.quads import nquads
from tests.conftest import MINI
from tests.test_dump import assert_round_trips

CASE_ID = "hyp-case"
# Generated source lines are added after the last line of the mini source text.
FIRST_NEW_LINE = len((MINI / "data/source/mini.txt").read_text(encoding="utf-8").splitlines()) + 1
IRIS = Iris()

# The loader refuses dates after today (issue 15): valid records are dated up to today.
TODAY = dt.date.today()


@cache
def codes(scheme: str) -> tuple[str, ...]:
    return read_vocabularies(ProjectPaths(MINI).vocabularies).known(scheme)


@cache
def mini() -> Corpus:
    """The mini fixture, whose records generated ones may refer to."""
    return load_corpus(ProjectPaths(MINI))


def code(scheme: str) -> st.SearchStrategy[str]:
    return st.sampled_from(codes(scheme))


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüöçşñ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЖЗКЛМНОПРСТУХЧШҲҚҒҶӢӮҳқғҷӣӯ"
GREEK = "αβγδεζηθικλμνξπρστφχψωΑΒΓΔΛΣΩ"
MARKS = ["&", "<b>", "</script>", '"', "'", "\\", "—", "№", "100%", "$5000", "#1", "(a)", "{x}", ":"]

# A word in one script (names may not mix scripts inside a word: that is the look-alike check).
word = st.one_of(
    st.text(alphabet=LATIN, min_size=1, max_size=8),
    st.text(alphabet=CYRILLIC, min_size=1, max_size=8),
    st.text(alphabet=GREEK, min_size=1, max_size=6),
    st.sampled_from(MARKS),
    st.integers(0, 9999).map(str),
)
name_text = st.lists(word, min_size=1, max_size=4).map(" ".join)

# Free text where no look-alike check applies: any printable character, padding included.
free_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")

slug = st.from_regex(r"[a-z]{1,6}(-[a-z]{1,4}){0,2}", fullmatch=True)
money_amount = st.integers(0, 10**9).map(lambda cents: Decimal(cents) / 100)
# A quote must hold at least three characters (the format's rule), so every line does too.
source_line = st.one_of(name_text, free_text).filter(lambda line: len(" ".join(line.split())) >= 3)


def as_written(value: Decimal) -> int | float:
    """An amount as a researcher writes it: a whole number, or one with cents."""
    return int(value) if value == value.to_integral_value() else float(value)


Draw = Callable[[st.SearchStrategy[Any]], Any]


class Writer:
    """Draws records whose references point at records that exist (here or in the mini fixture)."""

    def __init__(self, draw: Draw, lines: list[str]) -> None:
        self.draw = draw
        self.lines = lines
        self.counter = itertools.count(1)

    def new_id(self, kind: str) -> str:
        # The numbered prefix keeps ids unique, and keeps project-contributor ids unique too.
        suffix = self.draw(st.none() | slug)
        return f"{kind}{next(self.counter)}" + (f"-{suffix}" if suffix else "")

    def evidence_item(self) -> dict[str, Any]:
        start = self.draw(st.integers(0, len(self.lines) - 1))
        end = self.draw(st.integers(start, min(start + 2, len(self.lines) - 1)))
        words = fold(" ".join(self.lines[start : end + 1])).split()
        first = self.draw(st.integers(0, len(words) - 1))
        last = self.draw(st.integers(first + 1, min(first + 12, len(words))))
        if len(" ".join(words[first:last])) < 3:  # too short for a quote: take the whole passage
            first, last = 0, len(words)
        lines: str | int = f"{FIRST_NEW_LINE + start}-{FIRST_NEW_LINE + end}"
        if start == end and self.draw(st.booleans()):
            lines = FIRST_NEW_LINE + start
        return {"lines": lines, "quote": " ".join(words[first:last])}

    def evidence(self) -> dict[str, Any] | list[dict[str, Any]]:
        items = [self.evidence_item() for _ in range(self.draw(st.integers(1, 2)))]
        return items[0] if len(items) == 1 and self.draw(st.booleans()) else items

    def some(self, ids: list[str], most: int) -> list[str]:
        return self.draw(st.lists(st.sampled_from(ids), max_size=most, unique=True)) if ids else []

    def optional(self, record: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
        if self.draw(st.booleans()):
            record[key] = self.draw(strategy)

    def date(self) -> str:
        day = self.draw(st.dates(dt.date(1950, 1, 1), TODAY))
        return self.draw(st.sampled_from([day.strftime("%d.%m.%Y"), day.isoformat(), str(day.year)]))


def result(w: Writer) -> dict[str, Any]:
    found: dict[str, Any] = {"count": as_written(w.draw(money_amount))}
    w.optional(found, "unit", st.just("percent"))
    found["what"] = w.draw(free_text)
    found["kind"] = w.draw(code("result-kind"))
    found["evidence"] = w.evidence()
    return found


@st.composite
def authoring(draw: Draw) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Source lines, a registry file and a case-study file of random valid records."""
    lines = draw(st.lists(source_line, min_size=1, max_size=4))
    w = Writer(draw, lines)
    registry: dict[str, Any] = {"places": [], "organizations": [], "communities": []}
    case: dict[str, Any] = {"places": [], "organizations": [], "communities": []}

    def file_for() -> dict[str, Any]:
        return registry if draw(st.booleans()) else case

    places = [place.id for place in mini().places]
    for _ in range(draw(st.integers(1, 3))):
        place: dict[str, Any] = {
            "id": w.new_id("l"),
            "name": draw(name_text),
            "type": draw(code("place-type")),
        }
        w.optional(place, "in", st.sampled_from(places))
        w.optional(place, "aliases", st.lists(name_text, max_size=2, unique=True))
        if draw(st.booleans()):
            place["evidence"] = w.evidence()
        file_for()["places"].append(place)
        places.append(place["id"])

    # One organization of every class (government bodies and CSOs among them), in any order.
    classes = draw(st.permutations(list(ORGANIZATION_CLASSES)))
    names = draw(
        st.lists(name_text, min_size=len(classes), max_size=len(classes), unique_by=normalized_name).filter(
            lambda found: (
                not {normalized_name(n) for n in found}
                & {normalized_name(o.name) for o in mini().organizations}
            )
        )
    )
    organizations = [o.id for o in mini().organizations if not o.is_government]
    governments = [o.id for o in mini().organizations if o.is_government]
    csos = [o.id for o in mini().organizations if o.cls in CSO_CLASSES]
    for cls, name in zip(classes, names, strict=True):
        org: dict[str, Any] = {"id": w.new_id("o"), "name": name, "class": cls}
        w.optional(org, "sector", code("actor-sector"))
        w.optional(org, "aliases", st.lists(name_text, max_size=2, unique=True))
        w.optional(org, "part_of", st.sampled_from(organizations + governments))
        w.optional(org, "based_in", st.sampled_from(places))
        if cls == "government-body":
            org["level"] = draw(code("government-level"))
            org["body_kind"] = draw(code("body-kind"))
            org["jurisdiction"] = draw(st.sampled_from(places))
        if draw(st.booleans()):
            org["founded"] = w.date()
        if helpers := w.some(organizations + governments, 2):
            org["founded_with_help_of"] = helpers
        if draw(st.booleans()):
            registration: dict[str, Any] = {"status": draw(code("registration-status"))}
            w.optional(registration, "by", st.sampled_from(governments))
            if draw(st.booleans()):
                registration["date"] = w.date()
            w.optional(registration, "number", free_text)
            org["registration"] = registration
        heads = draw(st.lists(st.fixed_dictionaries({"name": free_text, "role": free_text}), max_size=2))
        if heads:
            org["heads"] = heads
        if draw(st.booleans()):
            org["evidence"] = w.evidence()
        file_for()["organizations"].append(org)
        (governments if cls == "government-body" else organizations).append(org["id"])
        if cls in CSO_CLASSES:
            csos.append(org["id"])

    communities = [c.id for c in mini().communities]
    for _ in range(draw(st.integers(0, 2))):
        community: dict[str, Any] = {
            "id": w.new_id("c"),
            "name": draw(name_text),
            "of": draw(st.sampled_from(places)),
        }
        w.optional(community, "aliases", st.lists(name_text, max_size=2, unique=True))
        if draw(st.booleans()):
            community["evidence"] = w.evidence()
        file_for()["communities"].append(community)
        communities.append(community["id"])

    actors = organizations + governments + communities
    projects = [p.id for p in mini().projects]
    contributions = [c.id for p in mini().projects for c in p.contributions]
    case["projects"] = []
    for _ in range(draw(st.integers(1, 2))):
        project: dict[str, Any] = {"id": w.new_id("j"), "title": draw(free_text)}
        w.optional(project, "description", free_text)
        when = draw(st.sampled_from(["year", "period", None]))
        if when == "year":
            project["year"] = draw(st.integers(1900, TODAY.year))
        elif when == "period":
            first, last = sorted(draw(st.lists(st.integers(1900, TODAY.year), min_size=2, max_size=2)))
            project["period"] = f"{first}-{last}"
        if sectors := draw(st.lists(code("sector"), max_size=2, unique=True)):
            project["sectors"] = sectors
        if where := w.some(places, 2):
            project["places"] = where
        project["led_by"] = draw(st.sampled_from(organizations + governments))
        if draw(st.booleans()):
            project["total"] = {"amount": as_written(draw(money_amount)), "currency": draw(code("currency"))}
        project["evidence"] = w.evidence()
        for by in w.some(actors, 3):
            contribution: dict[str, Any] = {"by": by}
            if draw(st.booleans()):
                contribution["amount"] = as_written(draw(money_amount))
                contribution["currency"] = draw(code("currency"))
            contribution["kind"] = draw(code("contribution-kind"))
            contribution["role"] = draw(code("contribution-role"))
            if contribution["role"] == "supporting":  # support without a stated gift has no amount
                contribution.pop("amount", None)
                contribution.pop("currency", None)
            contribution["evidence"] = w.evidence()
            project.setdefault("contributions", []).append(contribution)
            contributions.append(f"{project['id']}-{by}")
        for by in w.some(actors, 2):
            project.setdefault("participants", []).append({"by": by, "evidence": w.evidence()})
        for _ in range(draw(st.integers(0, 2))):
            project.setdefault("results", []).append(result(w))
        case["projects"].append(project)
        projects.append(project["id"])

    case["partnerships"] = []
    for _ in range(draw(st.integers(0, 2))):
        partnership: dict[str, Any] = {
            "id": w.new_id("s"),
            "cso": draw(st.sampled_from(csos)),
            "state": draw(st.sampled_from(governments)),
            "forms": draw(st.lists(code("collaboration-form"), min_size=1, max_size=3, unique=True)),
        }
        own = [project["id"] for project in case["projects"]]  # a partnership is about its own case's
        if own:
            w.optional(partnership, "project", st.sampled_from(own))
        w.optional(partnership, "description", free_text)
        partnership["evidence"] = w.evidence()
        case["partnerships"].append(partnership)

    case["results"] = [
        {"of": draw(st.sampled_from(actors)), **result(w)} for _ in range(draw(st.integers(0, 2)))
    ]
    about = st.sampled_from([CASE_ID, *places, *actors, *projects, *contributions])
    case["notes"] = []
    for _ in range(draw(st.integers(0, 2))):
        note: dict[str, Any] = {
            "about": draw(about),
            "kind": draw(code("note-kind")),
            "text": draw(free_text),
        }
        if draw(st.booleans()):
            note["evidence"] = w.evidence()
        case["notes"].append(note)

    case_study: dict[str, Any] = {
        "id": CASE_ID,
        "number": draw(st.integers(2, 500)),
        "title": draw(free_text),
        "region": draw(st.sampled_from(places)),
        "lines": f"{FIRST_NEW_LINE}-{FIRST_NEW_LINE + len(lines) - 1}",
        "organization": draw(st.sampled_from(organizations + governments)),
    }
    w.optional(case_study, "partial", st.booleans())
    case = {"case_study": case_study, **{key: value for key, value in case.items() if value}}
    return lines, {key: value for key, value in registry.items() if value}, case


# ---------------------------------------------------------------------------------------------
# What the records must become
# ---------------------------------------------------------------------------------------------


def concept(scheme: str, value: str) -> URIRef:
    return URIRef(concept_iri(scheme, value))


def expected_statements(registry: dict[str, Any], case: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    """(graph, subject, predicate, object) for each record's id, name, amounts and codes.

    Amounts are compared as numbers, so ``object`` is a Decimal where the literal is one.
    """
    for document, graph in ((registry, IRIS.graph("registry")), (case, IRIS.case_graph(CASE_ID))):
        for place in document.get("places", []):
            subject = IRIS.entity("place", place["id"])
            yield graph, subject, RDF.type, HK.Place
            yield graph, subject, RDFS.label, Literal(place["name"])
            yield graph, subject, HK.placeType, concept("place-type", place["type"])
        for org in document.get("organizations", []):
            subject = IRIS.entity("organization", org["id"])
            yield graph, subject, RDF.type, HK[ORGANIZATION_CLASSES[org["class"]][0]]
            yield graph, subject, RDFS.label, Literal(org["name"])
            sector = org.get("sector", ORGANIZATION_CLASSES[org["class"]][1])
            yield graph, subject, HK.actorSector, concept("actor-sector", sector)
            if org["class"] == "government-body":
                yield graph, subject, HK.governmentLevel, concept("government-level", org["level"])
                yield graph, subject, HK.bodyKind, concept("body-kind", org["body_kind"])
            if "registration" in org:
                status = org["registration"]["status"]
                yield graph, subject, HK.registrationStatus, concept("registration-status", status)
            for head in org.get("heads", []):
                yield graph, None, FOAF.name, Literal(head["name"])
        for community in document.get("communities", []):
            subject = IRIS.entity("community", community["id"])
            yield graph, subject, RDFS.label, Literal(community["name"])
    graph = IRIS.case_graph(CASE_ID)
    for project in case["projects"]:
        subject = IRIS.entity("project", project["id"])
        yield graph, subject, DCTERMS.title, Literal(project["title"].strip())
        if "total" in project:
            yield graph, subject, HK.totalCost, Decimal(str(project["total"]["amount"]))
            yield graph, subject, HK.currency, concept("currency", project["total"]["currency"])
        for sector in project.get("sectors", []):
            yield graph, subject, HK.sector, concept("sector", sector)
        for contribution in project.get("contributions", []):
            node = IRIS.entity("contribution", f"{project['id']}-{contribution['by']}")
            yield graph, node, HK.contributionKind, concept("contribution-kind", contribution["kind"])
            yield graph, node, HK.role, concept("contribution-role", contribution["role"])
            if "amount" in contribution:
                yield graph, node, HK.amount, Decimal(str(contribution["amount"]))
                yield graph, node, HK.currency, concept("currency", contribution["currency"])
        for n, found in enumerate(project.get("results", []), start=1):
            node = IRIS.entity("result", f"{project['id']}-result-{n}")
            yield graph, node, HK.quantity, Decimal(str(found["count"]))
            yield graph, node, HK.resultKind, concept("result-kind", found["kind"])
    for partnership in case.get("partnerships", []):
        subject = IRIS.entity("partnership", partnership["id"])
        for form in partnership["forms"]:
            yield graph, subject, HK.collaborationForm, concept("collaboration-form", form)
    for n, found in enumerate(case.get("results", []), start=1):
        node = IRIS.entity("result", f"{CASE_ID}-result-{n}")
        yield graph, node, HK.quantity, Decimal(str(found["count"]))
    for n, note in enumerate(case.get("notes", []), start=1):
        node = IRIS.entity("note", f"{CASE_ID}-note-{n}")
        yield graph, node, OA.bodyValue, Literal(note["text"].strip())
        yield graph, node, HK.noteKind, concept("note-kind", note["kind"])


def quotes_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if "quote" in value:
            yield value["quote"]
        for item in value.values():
            yield from quotes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from quotes_in(item)


def holds(graph: Graph, subject: URIRef | None, predicate: URIRef, value: Any) -> bool:
    objects = list(graph.objects(subject, predicate)) if subject else list(graph.objects(None, predicate))
    if isinstance(value, Decimal):
        return [Decimal(str(o)) for o in objects] == [value]
    return value in objects


# ---------------------------------------------------------------------------------------------
# The property
# ---------------------------------------------------------------------------------------------


def write_project(
    root: Path, lines: list[str], registry: dict[str, Any], case: dict[str, Any]
) -> ProjectPaths:
    shutil.copytree(MINI, root)
    with (root / "data/source/mini.txt").open("a", encoding="utf-8") as source:
        source.write("".join(f"{line}\n" for line in lines))
    for path, document in (("data/registry/hyp.yaml", registry), ("data/cases/50-hyp.yaml", case)):
        if document:
            text = dump_yaml(document)
            (root / path).write_text(text, encoding="utf-8")
    return ProjectPaths(root)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(authoring())
def test_valid_records_round_trip_through_every_dump_format(
    generated: tuple[list[str], dict[str, Any], dict[str, Any]],
) -> None:
    lines, registry, case = generated
    with tempfile.TemporaryDirectory() as folder:
        project = write_project(Path(folder) / "mini", lines, registry, case)
        corpus = load_corpus(project)
        mapped = map_corpus(corpus)
        assert nquads(mapped) == nquads(map_corpus(corpus)), "mapping is not deterministic"
        (Path(folder) / "first").mkdir()
        (Path(folder) / "second").mkdir()
        first = write_dumps(mapped, Path(folder) / "first")
        second = write_dumps(map_corpus(load_corpus(project)), Path(folder) / "second")
        for name, path in first.items():
            assert path.read_bytes() == second[name].read_bytes(), f"{name} differs between two runs"
        assert_round_trips(mapped, first)
        back = Dataset().parse(first["nquads"], format="nquads")

    missing = [
        (graph, subject, predicate, value)
        for graph, subject, predicate, value in expected_statements(registry, case)
        if not holds(back.graph(graph), subject, predicate, value)
    ]
    assert not missing, missing
    exact = {str(o) for _, _, o, _ in back.quads((None, OA.exact, None, None))}
    assert set(quotes_in([registry, case])) <= exact
