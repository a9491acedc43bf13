"""Byte-stable serializations of the dataset: N-Quads, TriG, Turtle and JSON-LD.

Every dump is written from the mapped quads, which are already free of duplicates and sorted by
their N-Quads line, so the same input always gives identical files. N-Quads, TriG and Turtle
come from Oxigraph's serializers (the prefix header is written here, in a fixed order); the
JSON-LD is streamed with the standard ``json`` module, compacted with the project's prefixes.
At a million triples all four take seconds; rdflib's serializers took many minutes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.project.cache import Cache, code_digest, digest
from kg.rdf import formats
from kg.rdf.dataset import MappedDataset
from kg.rdf.quads import Graphs, as_mapped, by_graph, dataset_prefixes, union_triples

DUMP_FORMATS: dict[str, tuple[str, str]] = {
    # name → (file name, media type), as kg.rdf.formats spells them
    f.name: (f"hamkori{f.suffix}", f.media_type)
    for f in map(formats.get, ("trig", "nquads", "turtle", "jsonld"))
}
CONTEXT_FILE = "context.jsonld"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GEN_DELIMS = ":/?#[]@"


def _prefix_header(prefixes: dict[str, str]) -> bytes:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items()).encode()


def _write_turtle_family(
    statements: Iterable[ox.Quad] | Iterable[ox.Triple],
    format: ox.RdfFormat,
    prefixes: dict[str, str],
    path: Path,
) -> None:
    """Oxigraph's TriG or Turtle, with the prefix header in the given order rather than its own."""
    with path.open("wb") as out:
        out.write(_prefix_header(prefixes) + b"\n")
        out.write(_turtle_body(statements, format, prefixes))


def _turtle_body(
    statements: Iterable[ox.Quad] | Iterable[ox.Triple], format: ox.RdfFormat, prefixes: dict[str, str]
) -> memoryview:
    """Oxigraph's TriG or Turtle without its prefix lines."""
    body = ox.serialize(statements, format=format, prefixes=prefixes) or b""
    # Oxigraph writes one @prefix line per prefix first, in an order of its own: it is replaced.
    start = 0
    for _ in prefixes:
        if not body.startswith(b"@prefix ", start):
            raise RuntimeError(f"unexpected {format} header from Oxigraph: {body[:200]!r}")
        start = body.index(b"\n", start) + 1
    return memoryview(body)[start:]


def turtle_prefixes(prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes to abbreviate with in Turtle and TriG.

    ``hkid`` is left out: the local part of an entity IRI holds ``/`` and ``#``, which Turtle can
    abbreviate only with backslash escapes (``hkid:case\\/x``) that are hard to read and that some
    bulk loaders reject. JSON-LD compact IRIs need no escapes, so the context keeps it.
    """
    return {prefix: namespace for prefix, namespace in prefixes.items() if prefix != "hkid"}


def jsonld_context(data: MappedDataset | Dataset) -> dict[str, Any]:
    """The JSON-LD @context: the dataset's prefixes."""
    prefixes = data.prefixes if isinstance(data, MappedDataset) else dataset_prefixes(data)
    return {"@context": dict(prefixes)}


def compactor(prefixes: dict[str, str]) -> Callable[[str], str]:
    """A function from IRI to JSON-LD compact IRI (``hk:Actor``), or the IRI itself if no prefix fits.

    >>> compactor({"hk": "https://w3id.org/hamkori/ontology#"})("https://w3id.org/hamkori/ontology#Actor")
    'hk:Actor'
    """
    # JSON-LD 1.1 expands prefix:suffix only when the prefix's IRI ends with a gen-delim character.
    usable = {prefix: namespace for prefix, namespace in prefixes.items() if namespace[-1:] in GEN_DELIMS}
    # The longest namespace wins when one is inside another.
    namespaces = sorted(usable.items(), key=lambda item: (-len(item[1]), item[0]))
    done: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = done.get(iri)
        if found is None:
            found = iri
            for prefix, namespace in namespaces:
                # A suffix starting with // would be read back as an absolute IRI, not prefix:suffix.
                if iri.startswith(namespace) and not iri.startswith("//", len(namespace)):
                    found = f"{prefix}:{iri[len(namespace) :]}"
                    break
            done[iri] = found
        return found

    return compact


def _jsonld_id(term: object, compact: Callable[[str], str]) -> str:
    if type(term) is ox.NamedNode:
        return compact(term.value)
    if type(term) is ox.BlankNode:
        return f"_:{term.value}"
    raise TypeError(f"a JSON-LD node is an IRI or a blank node, not {term!r}")


def _jsonld_value(term: object, compact: Callable[[str], str]) -> object:
    if type(term) is not ox.Literal:
        return {"@id": _jsonld_id(term, compact)}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return term.value
    if datatype == RDF_LANG_STRING:
        return {"@language": term.language, "@value": term.value}
    if datatype == XSD_BOOLEAN and term.value in ("true", "false"):
        return term.value == "true"
    return {"@type": compact(datatype), "@value": term.value}


def _jsonld_node(
    subject: object, statements: list[ox.Quad], compact: Callable[[str], str]
) -> dict[str, object]:
    """One subject's statements as a JSON-LD node object: ``@id``, ``@type``, then properties by name."""
    types: list[str] = []
    values: dict[str, list[object]] = {}
    for quad in statements:
        predicate, value = quad.predicate.value, quad.object
        if predicate == RDF_TYPE and type(value) is ox.NamedNode:
            types.append(compact(value.value))
        else:
            values.setdefault(compact(predicate), []).append(_jsonld_value(value, compact))
    node: dict[str, object] = {"@id": _jsonld_id(subject, compact)}
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    for key in sorted(values):
        items = values[key]
        node[key] = items[0] if len(items) == 1 else items
    return node


def _jsonld_lines(quads: list[ox.Quad], compact: Callable[[str], str]) -> Iterator[str]:
    """One line of compact JSON for each subject of one graph, in the order of the quads."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    # Canonical order keeps each subject's statements together.
    for subject, statements in groupby(quads, key=lambda quad: quad.subject):
        yield encode(_jsonld_node(subject, list(statements), compact))


def _write_jsonld(graphs: Graphs, prefixes: dict[str, str], out: IO[str], fragments: Fragments) -> None:
    """JSON-LD with the context inline, one object per named graph, one node a line.

    Graphs are sorted by IRI, nodes and values are in the canonical order of the quads, IRIs are
    compacted with the context's prefixes, and a property or ``@type`` with one value holds it
    bare, with several a list. Each named graph's object is made once and kept while the graph
    is unchanged (``fragments``).
    """
    compact = compactor(prefixes)
    context = json.dumps(prefixes, indent=1, ensure_ascii=False).replace("\n", "\n ")
    out.write(f'{{\n "@context": {context},\n "@graph": [')

    def named_graph(graph: str, quads: list[ox.Quad]) -> bytes:
        lines = "".join(
            f"{',' if i else ''}\n    {line}" for i, line in enumerate(_jsonld_lines(quads, compact))
        )
        head = f'  {{\n   "@id": {json.dumps(graph, ensure_ascii=False)},\n   "@graph": ['
        return f"{head}{lines}\n   ]\n  }}".encode()

    separator = "\n"
    for graph, quads in graphs:
        # Statements in the default graph are top-level nodes; a named graph is a node holding its own.
        if graph:
            items = [fragments.get("jsonld", graph, quads, named_graph).decode("utf-8")]
        else:
            items = [f"  {line}" for line in _jsonld_lines(quads, compact)]
        for item in items:
            out.write(f"{separator}{item}")
            separator = ",\n"
    out.write("\n ]\n}\n")


class Fragments:
    """The serialization of each named graph, kept in the build cache while the graph is unchanged.

    A rebuild after editing one case study re-serializes one graph; the others are read back.
    Keys: the graph's digest (``MappedDataset.graph_digests``), the format, the prefixes and
    this module's code.
    """

    def __init__(self, cache: Cache | None, mapped: MappedDataset) -> None:
        self.cache = cache if cache is not None and cache.folder is not None else None
        self.digests = mapped.graph_digests
        self.salt = digest(code_digest(__name__), json.dumps(mapped.prefixes))

    def get(
        self, kind: str, graph: str, quads: list[ox.Quad], make: Callable[[str, list[ox.Quad]], bytes]
    ) -> bytes:
        known = self.digests.get(graph)
        key = digest(self.salt, kind, graph, known) if known and self.cache else ""
        found = self.cache.get(f"dump-{kind}", key) if self.cache and key else None
        if isinstance(found, bytes):
            return found
        made = make(graph, quads)
        if self.cache and key:
            self.cache.put(f"dump-{kind}", key, made)
        return made


def write_dumps(
    data: MappedDataset | Dataset, folder: Path, *, cache: Cache | None = None
) -> dict[str, Path]:
    """Write every dump format and the JSON-LD context into ``folder``; returns the files by format.

    - N-Quads: the canonical quads, one a line.
    - TriG: one block per named graph, graphs sorted by IRI, statements in canonical order.
    - Turtle: the union of all graphs (graph names are lost in this format), in canonical order.
    - JSON-LD: see ``_write_jsonld``; ``context.jsonld`` holds its context alone.

    An rdflib dataset is accepted too (it is first turned into canonical quads), but the mapped
    dataset is the fast path: its quads are written as they are. With a ``cache``, the TriG and
    JSON-LD of unchanged graphs are read back rather than made again.
    """
    mapped = as_mapped(data)
    fragments = Fragments(cache, mapped)
    graphs = by_graph(mapped.quads)
    turtle_names = turtle_prefixes(mapped.prefixes)
    written = {name: folder / file_name for name, (file_name, _) in DUMP_FORMATS.items()}
    ox.serialize(mapped.quads, written["nquads"], format=ox.RdfFormat.N_QUADS)

    def trig(graph: str, quads: list[ox.Quad]) -> bytes:
        return bytes(_turtle_body(quads, ox.RdfFormat.TRIG, turtle_names))

    with written["trig"].open("wb") as out:
        out.write(_prefix_header(turtle_names) + b"\n")
        for graph, quads in graphs:
            out.write(fragments.get("trig", graph, quads, trig))
    _write_turtle_family(union_triples(mapped.quads), ox.RdfFormat.TURTLE, turtle_names, written["turtle"])
    with written["jsonld"].open("w", encoding="utf-8", newline="\n") as text:
        _write_jsonld(graphs, mapped.prefixes, text, fragments)
    written["context"] = folder / CONTEXT_FILE
    written["context"].write_text(json.dumps(jsonld_context(mapped), indent=2) + "\n", encoding="utf-8")
    return written
