"""Byte-stable serializations of the dataset: N-Quads, TriG, Turtle and JSON-LD.

rdflib's own serializers follow the store's iteration order, which changes with Python's hash
seed. Here every graph is rebuilt in sorted order and the JSON-LD is sorted after serializing,
so the same input always gives identical files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.namespaces import PREFIXES

DUMP_FORMATS: dict[str, tuple[str, str]] = {
    # name → (file name, media type)
    "trig": ("hamkori.trig", "application/trig"),
    "nquads": ("hamkori.nq", "application/n-quads"),
    "turtle": ("hamkori.ttl", "text/turtle"),
    "jsonld": ("hamkori.jsonld", "application/ld+json"),
}
CONTEXT_FILE = "context.jsonld"


def named_graphs(dataset: Dataset) -> list[URIRef]:
    """The dataset's non-empty named graphs, sorted by IRI."""
    return sorted(
        URIRef(str(g.identifier))
        for g in dataset.graphs()
        if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g) > 0
    )


def nquads(dataset: Dataset) -> str:
    """Canonical N-Quads: one statement a line, sorted, no duplicates."""
    lines = {line for line in dataset.serialize(format="nquads").splitlines() if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def _sorted_graph(triples: Any, namespaces: dict[str, str]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(triples):
        graph.add(triple)
    return graph


def _namespaces(dataset: Dataset) -> dict[str, str]:
    """The dataset's prefixes in a fixed order: the project's own first, then the rest by name."""
    # Only the project's own namespaces: rdflib binds many more by default (brick, csvw, …).
    found = {
        prefix: str(ns)
        for prefix, ns in dataset.namespaces()
        if prefix and str(ns).startswith("https://w3id.org/hamkori/")
    }
    ordered = dict(PREFIXES)
    for prefix in sorted(found):
        if prefix not in ordered and found[prefix] not in ordered.values():
            ordered[prefix] = found[prefix]
    return ordered


def _turtle_body(graph: Graph) -> tuple[list[str], list[str]]:
    """The prefix lines and the statement lines of a graph's Turtle serialization."""
    text = graph.serialize(format="turtle")
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    body = [line for line in lines if not line.startswith("@prefix")]
    while body and not body[0].strip():
        body.pop(0)
    return prefixes, body


def trig(dataset: Dataset) -> str:
    """TriG with one block per named graph, graphs and statements sorted."""
    namespaces = _namespaces(dataset)
    blocks: list[str] = []
    used_prefixes: set[str] = set()
    for name in named_graphs(dataset):
        prefixes, body = _turtle_body(_sorted_graph(dataset.graph(name), namespaces))
        used_prefixes.update(prefixes)
        inner = "\n".join(f"    {line}" if line.strip() else "" for line in body).rstrip()
        blocks.append(f"<{name}> {{\n{inner}\n}}\n")
    header = sorted(used_prefixes, key=lambda line: line.split()[1])
    return "\n".join(header) + "\n\n" + "\n".join(blocks)


def turtle(dataset: Dataset) -> str:
    """Turtle of the union of all named graphs (graph names are lost in this format)."""
    union = (triple for name in named_graphs(dataset) for triple in dataset.graph(name))
    return _sorted_graph(set(union), _namespaces(dataset)).serialize(format="turtle")


def jsonld_context(dataset: Dataset) -> dict[str, Any]:
    """The JSON-LD @context: the dataset's prefixes."""
    return {"@context": dict(_namespaces(dataset))}


def _sort_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sort_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_sort_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(dataset: Dataset) -> str:
    """JSON-LD with the project's context inline, one object per named graph, sorted throughout."""
    context = jsonld_context(dataset)["@context"]
    graphs = []
    for name in named_graphs(dataset):
        text = _sorted_graph(dataset.graph(name), {}).serialize(
            format="json-ld", context=context, auto_compact=True
        )
        document = json.loads(text)
        nodes = document.get("@graph", [document] if "@id" in document else [])
        for node in nodes:
            node.pop("@context", None)
        graphs.append({"@id": str(name), "@graph": nodes})
    return (
        json.dumps({"@context": context, "@graph": _sort_json(graphs)}, indent=1, ensure_ascii=False) + "\n"
    )


def write_dumps(dataset: Dataset, folder: Path) -> dict[str, Path]:
    """Write every dump format and the JSON-LD context into ``folder``; returns the files by format."""
    writers = {"trig": trig, "nquads": nquads, "turtle": turtle, "jsonld": jsonld}
    written = {}
    for name, (file_name, _) in DUMP_FORMATS.items():
        path = folder / file_name
        path.write_text(writers[name](dataset), encoding="utf-8")
        written[name] = path
    context_path = folder / CONTEXT_FILE
    context_path.write_text(json.dumps(jsonld_context(dataset), indent=2) + "\n", encoding="utf-8")
    written["context"] = context_path
    return written
