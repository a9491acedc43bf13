"""Counts per class and a coverage table per case study, read off the RDF dataset."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.rdf.namespaces import HK, concept_iri
from kg.rdf.quads import named_graphs

FUNDING = URIRef(concept_iri("contribution-role", "funding"))


@dataclass(frozen=True)
class CaseCoverage:
    case: str
    title: str
    projects: int
    contributions: int
    with_amount: int
    partnerships: int
    state_bodies: int
    funders: int  # organizations and communities in the funding role, whatever their sector
    results: int
    notes: int
    evidence: int


@dataclass(frozen=True)
class Stats:
    triples: int
    graphs: int
    classes: dict[str, int]
    cases: tuple[CaseCoverage, ...]

    def to_text(self) -> str:
        lines = [f"{self.triples:,} triples in {self.graphs} named graphs", "", "Resources per class:"]
        width = max((len(name) for name in self.classes), default=10)
        lines += [f"  {name:<{width}}  {count:>6,}" for name, count in self.classes.items()]
        lines += ["", "Coverage per case study:", *coverage_table(self.cases)]
        return "\n".join(lines) + "\n"


COLUMNS = (
    ("projects", "projects"),
    ("contributions", "contributions"),
    ("with_amount", "with amount"),
    ("partnerships", "partnerships"),
    ("state_bodies", "state bodies"),
    ("funders", "funders"),
    ("results", "results"),
    ("notes", "notes"),
    ("evidence", "evidence quotes"),
)


def coverage_table(cases: tuple[CaseCoverage, ...]) -> list[str]:
    """A Markdown table, one row per case study and a total row."""
    header = "| case study | " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(COLUMNS)
    rows = [f"| {c.case} | " + " | ".join(str(getattr(c, attr)) for attr, _ in COLUMNS) + " |" for c in cases]
    totals = (
        "| **total** | " + " | ".join(str(sum(getattr(c, attr) for c in cases)) for attr, _ in COLUMNS) + " |"
    )
    return [header, rule, *rows, totals]


def _instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def _case_coverage(case: URIRef, graph: Graph, union: Graph) -> CaseCoverage:
    government = _instances(union, HK.GovernmentBody)
    contributions = _instances(graph, HK.Contribution)
    partnerships = _instances(graph, HK.Partnership)
    involved = {o for p in partnerships for o in graph.objects(p, HK.statePartner)}
    involved |= {o for c in contributions for o in graph.objects(c, HK.contributor)}
    involved |= {s for s in graph.subjects(RDF.type, None) if s in government}
    return CaseCoverage(
        case=str(case).rsplit("/", 1)[-1],
        title=str(graph.value(case, RDFS.label) or ""),
        projects=len(_instances(graph, HK.Project)),
        contributions=len(contributions),
        with_amount=sum(1 for c in contributions if graph.value(c, HK.amount) is not None),
        partnerships=len(partnerships),
        state_bodies=len(involved & government),
        funders=len(
            {
                o
                for c in contributions
                if graph.value(c, HK.role) == FUNDING
                for o in graph.objects(c, HK.contributor)
            }
        ),
        results=len(_instances(graph, HK.QuantitativeResult)),
        notes=len(_instances(graph, HK.DataQualityNote)),
        evidence=len(_instances(graph, HK.Evidence)),
    )


def compute_stats(dataset: Dataset) -> Stats:
    """Counts of every Hamkori class and the coverage of each case study."""
    union = Graph()
    names = named_graphs(dataset)
    for name in names:
        for triple in dataset.graph(name):
            union.add(triple)
    counted: Counter[str] = Counter()
    for subject, cls in union.subject_objects(RDF.type):
        # Instances only (their IRIs have /id/), not the ontology's own terms.
        if isinstance(cls, URIRef) and str(cls).startswith(str(HK)) and "/id/" in str(subject):
            counted[str(cls).removeprefix(str(HK))] += 1
    cases = []
    for case in sorted(
        _instances(union, HK.CaseStudy), key=lambda c: int(str(union.value(c, HK.caseNumber) or 0))
    ):
        graph_name = URIRef(str(case).replace("/id/case/", "/graph/case/"))
        cases.append(_case_coverage(case, dataset.graph(graph_name), union))
    return Stats(
        triples=sum(len(dataset.graph(n)) for n in names),
        graphs=len(names),
        classes=dict(sorted(counted.items())),
        cases=tuple(cases),
    )
