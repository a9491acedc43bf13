"""The query library in ``queries/``: documented ``.rq`` files with parameters.

A library file starts with a header of ``#`` comments::

    # title: Projects of an organization, with funders and amounts
    # question: Which projects did an organization lead, who funded each, and with how much?
    # param: org (organization): the organization's id, e.g. vo-sino; all organizations when left out
    # example: kg query organization-projects --param org=vo-sino

and holds, for each parameter, a line ``VALUES ?org { UNDEF }``: valid SPARQL that leaves the
variable free, and that ``render`` replaces with the value given. Values are checked against
their kind before they reach the query, so a parameter cannot inject SPARQL.

A parameter the query cannot run without is marked ``required`` after its kind, as in
``# param: text (text, required): the text to look for``: a query that would otherwise list the
whole dataset (every name, every piece of evidence), which the dumps are for. Running it without
that parameter is a ``UsageError`` naming the parameter, its kind and an example value
(``check_required``); ``kg queries``, the endpoint's forms and the query page mark it required.

The analysis' own queries are files of the same form in Hamkori's ``queries/analysis/`` (not part
of the library that ``kg queries`` lists). Every query runs as ``render`` makes it: parameters
bound, and a ``PREFIX`` declaration for each of Hamkori's prefixes (``kg.rdf.namespaces.PREFIXES``)
that it uses without declaring, so neither the analysis' files nor a researcher's own ``.rq`` file
(``kg query FILE.rq``) need repeat them. Before a query runs, ``run_query`` checks each value against
the data (``check_values``): an id that names nothing is an error naming the closest ids.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.project.paths import HAMKORI_HOME
from kg.query.ids import check_id
from kg.rdf.namespaces import DEFAULT_BASE, ID_PATTERN, PREFIXES, concept_iri
from kg.store.base import Store
from kg.store.table import Table

ANALYSIS_QUERIES = HAMKORI_HOME / "queries" / "analysis"

HEADER = re.compile(r"^#\s*(title|question|param|example|note):\s*(.*\S)\s*$")
PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<kind>[a-z-]+)(?:\s*,\s*(?P<flag>required))?\)\s*:\s*(?P<doc>.+)$"
)
# A prefixed name ``hk:…`` (not the tail of another name; after ``/`` or ``|`` in a property path, too),
# looked for once IRIs, strings and comments are blanked out (``SCRUB``); and a declaration. One
# pass for every prefix: the endpoint runs this on each query in the server, so a 500 kB query must
# not hold it up (one pattern per prefix took 0.35 s there).
PREFIXED = re.compile(r"(?<![\w.:-])([A-Za-z][\w.-]*):")
SCRUB = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")
DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)

# Parameter kind → how a value becomes a SPARQL term.
ENTITY_KINDS = {
    "organization": "organization",
    "project": "project",
    "place": "place",
    "case": "case",
    "partnership": "partnership",
    "contribution": "contribution",
}
CONCEPT_KINDS = {
    "level": "government-level",
    "sector": "sector",
    "form": "collaboration-form",
    "actor-sector": "actor-sector",
}
KINDS = (*ENTITY_KINDS, *CONCEPT_KINDS, "year", "text")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    doc: str
    required: bool = False


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str

    def example_params(self) -> list[dict[str, str]]:
        """The parameters of each ``# example:`` line (``--param name=value`` pairs)."""
        return [dict(re.findall(r"--param\s+([a-z][a-z0-9_]*)=(\S+)", example)) for example in self.examples]

    def example_value(self, name: str) -> str | None:
        """The value of parameter ``name`` in the first ``# example:`` line that gives one."""
        return next((values[name] for values in self.example_params() if name in values), None)

    def missing(self, values: dict[str, str]) -> Param | None:
        """The first required parameter that ``values`` leaves out (or leaves empty), if any."""
        return next((p for p in self.params if p.required and not values.get(p.name)), None)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")


def parse_query_file(path: Path) -> LibraryQuery:
    """Read one ``.rq`` file and its header.

    Raises:
        UsageError: the header lacks a title or question, a parameter is malformed, or a
            declared parameter has no ``VALUES ?name { UNDEF }`` line.
    """
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "question": [], "param": [], "example": [], "note": []}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := HEADER.match(line):
            fields[match.group(1)].append(match.group(2))
    if not fields["title"] or not fields["question"]:
        raise UsageError(f"{path}: the header needs '# title:' and '# question:' lines")
    params = []
    for spec in fields["param"]:
        match = PARAM.match(spec)
        if not match or match.group("kind") not in KINDS:
            raise UsageError(
                f"{path}: malformed '# param: {spec}'; write 'name (kind): description' or "
                f"'name (kind, required): description', kind one of {', '.join(KINDS)}"
            )
        param = Param(match.group("name"), match.group("kind"), match.group("doc"), bool(match.group("flag")))
        if f"VALUES ?{param.name} {{ UNDEF }}" not in text:
            raise UsageError(
                f"{path}: parameter {param.name!r} has no line 'VALUES ?{param.name} {{ UNDEF }}'"
            )
        params.append(param)
    return LibraryQuery(
        name=path.stem,
        path=path,
        title=fields["title"][0],
        question=" ".join(fields["question"]),
        params=tuple(params),
        examples=tuple(fields["example"]),
        text=text,
    )


def read_library(folder: Path) -> dict[str, LibraryQuery]:
    """Every ``.rq`` file of the library, by name (those of ``folder`` itself, not of its sub-folders)."""
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.rq"))}


@functools.cache
def analysis_queries() -> dict[str, LibraryQuery]:
    """The analysis' own queries, ``queries/analysis/*.rq`` of Hamkori (whatever the project), read once."""
    return read_library(ANALYSIS_QUERIES)


def analysis_query(name: str) -> LibraryQuery:
    """One of the analysis' queries by name, e.g. ``analysis_query("actors")``.

    Raises:
        UsageError: when ``queries/analysis/NAME.rq`` is missing.
    """
    queries = analysis_queries()
    if name not in queries:
        raise UsageError(f"{ANALYSIS_QUERIES / name}.rq is missing (the analysis reads it)")
    return queries[name]


def sparql_value(param: Param, value: str, base: str) -> str:
    """The SPARQL term for one parameter value, checked against the parameter's kind."""
    if param.kind in ENTITY_KINDS or param.kind in CONCEPT_KINDS:
        if not re.fullmatch(ID_PATTERN, value):
            raise UsageError(
                f"parameter {param.name}: {value!r} is not an id (a lowercase slug such as vo-sino)"
            )
        if param.kind in CONCEPT_KINDS:
            return f"<{concept_iri(CONCEPT_KINDS[param.kind], value)}>"
        root = base if base.endswith("/") else base + "/"
        return f"<{root}id/{ENTITY_KINDS[param.kind]}/{value}>"
    if param.kind == "year":
        if not re.fullmatch(r"[12][0-9]{3}", value):
            raise UsageError(f"parameter {param.name}: {value!r} is not a year")
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def with_prefixes(text: str) -> str:
    """``text`` with a ``PREFIX`` declaration first for each of Hamkori's prefixes it uses undeclared.

    The declarations go before the first line's text, on that line, so that a parse error's line
    number is still the line of the file (a declared prefix is never declared again or overridden)::

    >>> with_prefixes("SELECT ?s WHERE { ?s a hk:Project }")
    'PREFIX hk: <https://w3id.org/hamkori/ontology#> SELECT ?s WHERE { ?s a hk:Project }'
    """
    code = SCRUB.sub(" ", text)
    declared = set(DECLARED.findall(code))
    used = set(PREFIXED.findall(code))
    missing = [
        f"PREFIX {prefix}: <{namespace}> "
        for prefix, namespace in PREFIXES.items()
        if prefix not in declared and prefix in used
    ]
    return "".join(missing) + text


def missing_message(query: LibraryQuery, name: str) -> str:
    """What running ``query`` without its parameter ``name`` says: the parameter, its kind and an
    example value (from the query's ``# example:`` lines)."""
    param = query.param(name)
    example = query.example_value(name)
    hint = f", e.g. {name}={example}" if example else ""
    return f"query {query.name!r} needs a value for its parameter {name} ({param.kind}){hint}"


def check_required(query: LibraryQuery, values: dict[str, str]) -> None:
    """Refuse to run ``query`` without a value for each of its required parameters.

    Raises:
        UsageError: naming the first parameter missing, its kind and an example value, e.g.
            ``query 'search' needs a value for its parameter text (text), e.g. text=Shurabad``.
    """
    if (param := query.missing(values)) is not None:
        raise UsageError(missing_message(query, param.name))


def first_project_title(store: Store, base: str) -> str:
    """The ``rdfs:label`` of the store's first project by IRI ("" without projects)."""
    root = base if base.endswith("/") else base + "/"
    found = store.select(
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        f'FILTER(STRSTARTS(STR(?s), "{root}id/project/")) }} ORDER BY ?s ?label LIMIT 1'
    )
    return str(found.rows[0][1]) if found.rows else ""


def sample_params(store: Store, query: LibraryQuery, base: str = DEFAULT_BASE) -> dict[str, str]:
    """Values of ``query``'s required parameters that ``store`` holds (none when it requires none): how
    whatever runs the whole library once (benchmarks, comparisons between engines) runs it.

    Each takes the first of its examples' values that the store holds: an id of something there, a
    text some ``rdfs:label`` contains (in any case), a year as it is. An id none of them names takes
    the first id of its kind in the store instead (a synthetic dataset holds none of the book's ids);
    a text none of them matches, the title of the first project (by IRI). The same data gives the
    same values on any engine.
    """
    values: dict[str, str] = {}
    for param in (p for p in query.params if p.required):
        examples = [given[param.name] for given in query.example_params() if param.name in given]
        if param.kind == "year":
            values[param.name] = examples[0] if examples else ""
            continue
        if param.kind not in ENTITY_KINDS and param.kind not in CONCEPT_KINDS:
            held = (
                example
                for example in examples
                if store.select(
                    "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER("
                    f"CONTAINS(LCASE(STR(?label)), LCASE({sparql_value(param, example, base)}))) }} LIMIT 1"
                ).rows
            )
            values[param.name] = next(held, None) or first_project_title(store, base)
            continue
        prefix = sparql_value(param, "x", base)[1:-2]  # the IRI of the value "x", without the "x"
        held = (
            e for e in examples if store.select(f"SELECT ?p WHERE {{ <{prefix}{e}> ?p ?o }} LIMIT 1").rows
        )
        if (example := next(held, None)) is not None:
            values[param.name] = example
            continue
        first = store.select(
            f'SELECT ?s WHERE {{ ?s a ?type FILTER(STRSTARTS(STR(?s), "{prefix}")) }} ORDER BY ?s LIMIT 1'
        )
        values[param.name] = str(first.rows[0][0])[len(prefix) :] if first.rows else ""
    return values


def check_values(store: Store, query: LibraryQuery, values: dict[str, str], base: str = DEFAULT_BASE) -> None:
    """Check that each required parameter has a value (``check_required``), then each value given
    against its parameter's kind and against the data in ``store``.

    An id-valued parameter (an entity or a vocabulary code) must name something of its kind in the
    store: one small query per such value (``kg.query.ids``).

    Raises:
        UsageError: a required parameter left out, an unknown parameter, a malformed value, or an
            id that names nothing of the parameter's kind (the message names the parameter, what it
            expects and the closest ids).
    """
    check_required(query, values)
    for name, value in values.items():
        param = query.param(name)
        sparql_value(param, value, base)  # the form of the value first
        if param.kind in ENTITY_KINDS:
            check_id(store, name, ENTITY_KINDS[param.kind], value, base, vocabulary=False)
        elif param.kind in CONCEPT_KINDS:
            check_id(store, name, CONCEPT_KINDS[param.kind], value, base, vocabulary=True)


def render(query: LibraryQuery, values: dict[str, str], base: str = DEFAULT_BASE) -> str:
    """The text a query runs as: each given parameter bound, and Hamkori's prefixes it lacks declared."""
    text = query.text
    for name, value in values.items():
        param = query.param(name)
        text = text.replace(
            f"VALUES ?{name} {{ UNDEF }}", f"VALUES ?{name} {{ {sparql_value(param, value, base)} }}"
        )
    return with_prefixes(text)


def resolve(name_or_file: str, library: dict[str, LibraryQuery]) -> LibraryQuery:
    """A library query by name, or any ``.rq`` file by path."""
    if name_or_file in library:
        return library[name_or_file]
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        try:
            return parse_query_file(path)
        except UsageError:
            text = path.read_text(encoding="utf-8")
            return LibraryQuery(path.stem, path, path.stem, "", (), (), text)
    raise UsageError(f"no query {name_or_file!r}; run `kg queries` for the library, or give a .rq file")


def run_query(
    store: Store, query: LibraryQuery, values: dict[str, str] | None = None, *, base: str = DEFAULT_BASE
) -> Table:
    """Run a query file with parameters on a store: its solutions as rdflib terms.

    Raises:
        UsageError: a required parameter left out, or a parameter value that names nothing of its
            kind in the store (``check_values``).
    """
    check_values(store, query, values or {}, base)
    return store.select(render(query, values or {}, base))


def query_rows(
    store: Store, query: LibraryQuery, values: dict[str, str] | None = None, *, base: str = DEFAULT_BASE
) -> list[dict[str, str | None]]:
    """Run a query file on a store: each solution's terms as text (an IRI, a literal's lexical form) or None.

    What the analysis reads. The same solutions as ``run_query``, without making rdflib terms of
    them on the embedded store, which takes seconds at 1M triples.
    """
    from kg.store.embedded import OxigraphStore

    check_required(query, values or {})
    text = render(query, values or {}, base)
    if isinstance(store, OxigraphStore):
        solutions = store.raw(text)
        columns = [variable.value for variable in solutions.variables]
        return [
            {column: None if (term := solution[column]) is None else term.value for column in columns}
            for solution in solutions
        ]
    table = store.select(text)
    return [
        {column: None if term is None else str(term) for column, term in zip(table.columns, row, strict=True)}
        for row in table.rows
    ]
