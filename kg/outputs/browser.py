"""The query editor and the search box: the browser packages vendored in ``vendor/``, the scripts of
``static/``, and what a page tells them (the library, the prefixes, where the data is).

The editor is YASGUI's (npm ``@zazuko/yasgui``); on the site a reader's browser answers the queries
with Oxigraph's WebAssembly build (npm ``oxigraph``) over the dataset's N-Quads dump, on ``kg serve``
the server's ``/sparql`` does. ``vendor/MANIFEST.json`` names each package's version, licence and
the sha256 of each file; ``vendor/revendor.py`` fetches them again with ``npm pack``. Nothing is
loaded from the network: the pages load these files from the site (or the server) itself.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.outputs import guide
from kg.outputs.vendor import FOLDER, MANIFEST
from kg.query.library import CONCEPT_KINDS, ENTITY_KINDS, LibraryQuery, missing_message, with_prefixes
from kg.rdf.namespaces import DEFAULT_BASE, HK, ID_PATTERN, PREFIXES, concept_iri

VENDOR = FOLDER
STATIC = Path(__file__).resolve().parent / "static"
# The largest dataset a page loads into the reader's browser (triples). Measured on the 2-core
# development machine (benchmarks/browser_query.py): the book (15,000 triples, 3.6 MB of N-Quads)
# is ready in 1-4 s, 100,000 synthetic triples (24 MB) in 10 s, and the time grows with the dump.
# Past this the page points to `kg serve` or a SPARQL server instead of loading the data.
BROWSER_TRIPLES = 200_000
DUMP = "dumps/hamkori.nq"  # what the site's query page loads (kg.outputs.dumps writes it)
DUMP_MEDIA_TYPE = "application/n-quads"
SEARCH_INDEX = "search-index.js"  # a classic script, so that the search box works from file:// too


def manifest() -> list[dict[str, Any]]:
    """The vendored packages: package, version, license, folder, revendor command, files → sha256."""
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return entries


def assets() -> dict[str, Path]:
    """Every file the pages load from the package, by its URL path under the root ('vendor/yasgui/…')."""
    found = {
        f"vendor/{entry['folder']}/{name}": VENDOR / entry["folder"] / name
        for entry in manifest()
        for name in sorted(entry["files"])
    }
    found.update({f"static/{p.name}": p for p in sorted(STATIC.iterdir()) if p.is_file()})
    return found


def asset(url_path: str) -> Path | None:
    """The package file at a URL path such as '/vendor/oxigraph/web.js', or None."""
    return assets().get(url_path.lstrip("/"))


def copy_assets(folder: Path) -> None:
    """Copy the vendored packages and the page scripts into a site folder (files only copied)."""
    for relative, source in assets().items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def param_kinds(base: str) -> dict[str, dict[str, str]]:
    """How the page turns a parameter's value into a SPARQL term, by kind (as kg.query.library does)."""
    root = base if base.endswith("/") else base + "/"
    kinds = {kind: {"type": "iri", "prefix": f"{root}id/{folder}/"} for kind, folder in ENTITY_KINDS.items()}
    kinds.update({kind: {"type": "iri", "prefix": concept_iri(s, "")} for kind, s in CONCEPT_KINDS.items()})
    kinds["year"] = {"type": "year"}
    kinds["text"] = {"type": "text"}
    return kinds


def editor_config(
    library: Iterable[LibraryQuery],
    *,
    base: str,
    root: str,
    endpoint: str | None = None,
    triples: int | None = None,
) -> dict[str, Any]:
    """What the query page's script reads: with ``endpoint`` it sends queries there, else it loads
    the site's dump (``root`` + DUMP) into Oxigraph in the browser when ``triples`` is not too many."""
    queries = [
        {
            "name": q.name,
            "title": q.title,
            "question": q.question,
            "params": [
                {"name": p.name, "kind": p.kind, "doc": p.doc, "required": p.required} for p in q.params
            ],
            # What `kg query` says when a required parameter is left out (the page says the same).
            "missing": {p.name: missing_message(q, p.name) for p in q.params if p.required},
            "examples": q.example_params(),
            "text": with_prefixes(q.text),
        }
        for q in library
    ]
    declarations = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    return {
        "mode": "endpoint" if endpoint else "store",
        "endpoint": endpoint,
        "data": root + DUMP,
        "dataFormat": DUMP_MEDIA_TYPE,
        "triples": triples,
        "limit": BROWSER_TRIPLES,
        "root": root,
        "bases": list(dict.fromkeys((base, DEFAULT_BASE))),
        "roots": ["id/", "graph/", "vocab/"],
        "ontology": str(HK),
        "prefixes": PREFIXES,
        "idPattern": ID_PATTERN,
        "kinds": param_kinds(base),
        "queries": queries,
        "start": declarations + start_query(),
    }


def start_query() -> str:
    """The query the editor opens with: the first worked example of the query guide, with its title.

    Every SPARQL text Hamkori runs or shows lives in a ``.rq`` file; this one is
    ``queries/examples/01-….rq`` (tested against the book by ``tests/test_query_guide.py``).
    """
    first = guide.read_examples()[0]
    return f"\n# {first.title}; Ctrl-Enter runs the query.\n{first.sparql}"


def config_json(config: dict[str, Any]) -> str:
    """The configuration as JSON safe inside a <script> element."""
    text = json.dumps(config, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def search_index_script(entries: list[tuple[str, str, str, list[str]]]) -> str:
    """The search box's index as a classic script: [page, kind, label, aliases] for each resource."""
    body = ",\n".join(json.dumps(list(entry), ensure_ascii=False) for entry in sorted(entries))
    return f"window.HAMKORI_SEARCH = [\n{body}\n];\n".replace("</", "<\\/")
