"""The controlled vocabularies of ``ontology/vocabularies.ttl``, by scheme and code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from kg.rdf.namespaces import VOCAB

SCHEMES = (
    "place-type",
    "government-level",
    "body-kind",
    "actor-sector",
    "collaboration-form",
    "contribution-kind",
    "contribution-role",
    "currency",
    "sector",
    "registration-status",
    "result-kind",
    "note-kind",
)


@dataclass(frozen=True)
class Vocabularies:
    """Codes of every concept scheme, in the order they appear in the file's sorted IRIs."""

    codes: dict[str, tuple[str, ...]]

    def known(self, scheme: str) -> tuple[str, ...]:
        return self.codes[scheme]


def read_vocabularies(path: Path) -> Vocabularies:
    """Read the SKOS concept schemes; a concept's code is the last segment of its IRI."""
    graph = Graph().parse(path, format="turtle")
    codes: dict[str, list[str]] = {scheme: [] for scheme in SCHEMES}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        name = str(scheme).removeprefix(str(VOCAB))
        if name in codes:
            codes[name].append(str(concept).rsplit("/", 1)[-1])
    return Vocabularies({scheme: tuple(sorted(found)) for scheme, found in codes.items()})
