"""SHACL validation with a report that points back to the case study, the record and its file.

Exit codes, as pySHACL's: 0 conforms (warnings allowed), 1 violations; input errors are 2.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, SH

from kg.dump import named_graphs
from kg.mapping import SourceRef

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a researcher needs to find and fix it."""

    severity: str
    message: str
    focus: str
    label: str | None
    case: str | None
    source: str | None
    path: str | None
    value: str | None
    shape: str | None

    def line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        case = f"[{self.case}] " if self.case else ""
        label = f"{self.label!r}: " if self.label else f"<{self.focus}>: "
        shown = self.value.removesuffix(".0") if self.value else ""
        value = f" (value: {self.value})" if shown and shown not in self.message else ""
        return f"{self.severity}: {where}{case}{label}{self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    results_graph: Graph

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Warning")

    @property
    def conforms(self) -> bool:
        """True when there is no violation; warnings are the book's own inconsistencies and allowed."""
        return not self.violations

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does not conform"
        return f"The dataset {verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)."

    def to_text(self) -> str:
        lines = [self.summary(), ""]
        lines += [finding.line() for finding in self.findings]
        return "\n".join(lines).rstrip() + "\n"

    def to_json(self) -> str:
        counts = Counter(f.severity for f in self.findings)
        document = {
            "conforms": self.conforms,
            "counts": {
                "violations": counts["Violation"],
                "warnings": counts["Warning"],
                "info": counts["Info"],
            },
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.txt").write_text(self.to_text(), encoding="utf-8")
        (folder / "report.json").write_text(self.to_json(), encoding="utf-8")
        (folder / "report.nt").write_text(results_ntriples(self.results_graph), encoding="utf-8")


def results_ntriples(graph: Graph) -> str:
    """The SHACL results graph as sorted N-Triples, its blank nodes labelled canonically.

    pySHACL's results are blank nodes with random labels; rdflib's canonical labelling makes
    the same results give the same bytes.
    """
    text = to_canonical_graph(graph).serialize(format="nt")
    return "".join(sorted(f"{line}\n" for line in text.splitlines() if line.strip()))


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs in one graph: facts in a case study refer to registry entries."""
    union = Graph()
    for name in named_graphs(dataset):
        for triple in dataset.graph(name):
            union.add(triple)
    return union


def read_shapes(folder: Path) -> Graph:
    shapes = Graph()
    for path in sorted(folder.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _findings(results: Graph, sources: dict[str, SourceRef]) -> list[Finding]:
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity_iri = results.value(result, SH.resultSeverity)
        severity = (
            SEVERITIES.get(severity_iri, "Violation") if isinstance(severity_iri, URIRef) else "Violation"
        )
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        ref = sources.get(str(focus))
        findings.append(
            Finding(
                severity=severity,
                message=str(message) if message else "does not meet its shape",
                focus=str(focus),
                label=ref.label if ref else None,
                case=ref.case if ref else None,
                source=str(ref.origin) if ref else None,
                path=_text(path) if isinstance(path, URIRef) else None,
                value=str(value) if isinstance(value, (Literal, URIRef)) else None,
                shape=_text(shape) if isinstance(shape, URIRef) else None,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}

    def where(finding: Finding) -> tuple[str, int]:
        path, _, line = (finding.source or "~:0").rpartition(":")
        return path, int(line)

    return sorted(findings, key=lambda f: (order[f.severity], where(f), f.focus, f.message, f.value or ""))


def validate_graph(
    data: Graph, shapes: Graph, sources: dict[str, SourceRef] | None = None
) -> ValidationReport:
    """Validate ``data`` (which must hold the ontology and vocabularies too) against ``shapes``."""
    _, results, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    return ValidationReport(tuple(_findings(results, sources or {})), results)


def validate_dataset(
    dataset: Dataset, shapes_folder: Path, sources: dict[str, SourceRef] | None = None
) -> ValidationReport:
    """Validate the union of a dataset's named graphs against every shapes file in a folder."""
    return validate_graph(union_graph(dataset), read_shapes(shapes_folder), sources)


def findings_by_case(findings: Iterable[Finding]) -> dict[str, Counter[str]]:
    """Counts of findings by severity for each case study (registry findings under '(registry)')."""
    table: dict[str, Counter[str]] = {}
    for finding in findings:
        table.setdefault(finding.case or "(registry)", Counter())[finding.severity] += 1
    return table
