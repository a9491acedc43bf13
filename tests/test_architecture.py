"""The shape of the package, read from its code: layers, public faces, no cycles, honest cache keys.

Imports are read with ``ast`` wherever they are in a module (inside functions and ``TYPE_CHECKING``
blocks too); what a module really loads is checked by importing it in a fresh interpreter.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.project import cache

KG = Path(kg.__file__).resolve().parent

# Each stage package may import the ones of its own rank and below, never a later one.
LAYERS = {
    "errors": 0,
    "project": 0,
    "rdf": 1,
    "authoring": 2,
    "mapping": 3,
    "validation": 4,
    "store": 5,
    "query": 6,
    "analysis": 7,
    "outputs": 8,
    "serve": 9,
}
EXTRACT_MAY_IMPORT = LAYERS["authoring"]  # extract turns text into authoring drafts
ON_TOP = {"pipeline", "cli", "__main__"}  # compose the stages: may import any of them
TEST_SUPPORT = "testing"  # kg.testing: for tests only, imported by no part of the package


@dataclass(frozen=True)
class Import:
    """One import statement's target in a module: the module it loads, the name taken from it."""

    importer: str
    module: str  # the module named by the statement (``kg.a`` in ``from kg.a import b``)
    name: str | None  # ``b`` in ``from kg.a import b``; None for ``import kg.a``
    bound: str  # the local name the statement binds
    line: int
    at_import_time: bool  # False inside a function body: runs only when the function is called

    @property
    def loads(self) -> str:
        """The kg module this loads: ``kg.a.b`` for ``from kg.a import b`` when ``b`` is a module."""
        if self.name is not None and f"{self.module}.{self.name}" in modules():
            return f"{self.module}.{self.name}"
        return self.module


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name, a package by the name of its ``__init__``."""
    found = {}
    for path in sorted(KG.rglob("*.py")):
        parts = ["kg", *path.relative_to(KG).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def imports(name: str) -> list[Import]:
    """The ``kg`` imports of a module, relative ones resolved."""
    path = modules()[name]
    package = name if is_package(name) else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, at_import_time: bool) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                local = a.asname or a.name.partition(".")[0]
                found.append(Import(name, a.name, None, local, node.lineno, at_import_time))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for a in node.names:
                found.append(Import(name, base, a.name, a.asname or a.name, node.lineno, at_import_time))
        inside = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, at_import_time and not inside)

    visit(ast.parse(path.read_bytes(), str(path)), True)
    return [i for i in found if i.module == "kg" or i.module.startswith("kg.")]


def stage(name: str) -> str:
    """The top-level part of the package a module is in: ``mapping`` for ``kg.mapping.mapper``."""
    return name.split(".")[1] if "." in name else ""


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=KG.parent
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def loaded_by(module: str) -> set[str]:
    """The kg modules in ``sys.modules`` after importing ``module`` in a fresh interpreter."""
    code = (
        f"import importlib, json, sys; importlib.import_module({module!r}); "
        "print(json.dumps(sorted(m for m in sys.modules if m == 'kg' or m.startswith('kg.'))))"
    )
    return set(json.loads(run_python(code)))


# --- a. The store, the queries and validation do without the authoring format --------------------


@pytest.mark.parametrize("module", ["kg.store", "kg.query", "kg.validation"])
def test_later_stages_load_nothing_of_authoring(module: str) -> None:
    loaded = loaded_by(module)
    assert module in loaded
    assert not {m for m in loaded if m == "kg.authoring" or m.startswith("kg.authoring.")}


# --- b. No import cycle ------------------------------------------------------------------------


def import_graph() -> nx.DiGraph:
    """Modules and what they load when imported (functions' imports left out: they run later).

    Loading ``kg.a.b`` runs ``kg.a`` first: an edge to it too, unless it is a package the
    importer is in (that one is being loaded already).
    """
    graph = nx.DiGraph()
    for name in modules():
        graph.add_node(name)
        for statement in imports(name):
            if not statement.at_import_time:
                continue
            target = statement.loads
            graph.add_edge(name, target)
            parts = target.split(".")
            for length in range(1, len(parts)):
                parent = ".".join(parts[:length])
                if name != parent and not name.startswith(f"{parent}."):
                    graph.add_edge(name, parent)
    return graph


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    cycles += [[n] for n in graph if graph.has_edge(n, n)]
    assert not cycles, f"modules that import each other: {cycles}"


# --- c. Nothing outside a module uses its private names ----------------------------------------


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(name: str) -> Iterator[str]:
    """``from kg.x import _y``, ``kg.x._y`` and ``import kg._x``, where kg.x is not ``name``."""
    known = modules()
    bound: dict[str, str] = {}  # local name → kg module
    for statement in imports(name):
        where = f"{name}:{statement.line}"
        if any(private(part) for part in statement.loads.split(".")):
            yield f"{where} imports the private module {statement.loads}"
        if statement.name is None:  # ``import kg.a`` binds kg, ``import kg.a as x`` binds x to kg.a
            bound[statement.bound] = "kg" if statement.bound == "kg" else statement.module
        elif statement.loads != statement.module:
            bound[statement.bound] = statement.loads
        elif private(statement.name) and statement.module != name:
            yield f"{where} imports {statement.name} from {statement.module}"
    for node in ast.walk(ast.parse(known[name].read_bytes())):
        if not isinstance(node, ast.Attribute):
            continue
        chain: list[str] = []
        inner: ast.expr = node
        while isinstance(inner, ast.Attribute):
            chain.insert(0, inner.attr)
            inner = inner.value
        if not isinstance(inner, ast.Name) or inner.id not in bound:
            continue
        module = bound[inner.id]
        while chain and f"{module}.{chain[0]}" in known:
            module = f"{module}.{chain.pop(0)}"
        if chain and private(chain[0]) and module != name:
            yield f"{name}:{node.lineno} uses {module}.{chain[0]}"


def test_no_private_names_across_modules() -> None:
    found = [use for name in modules() for use in private_uses(name)]
    assert not found, "\n".join(found)


# --- d. Layers --------------------------------------------------------------------------------


def may_import(importer: str, imported: str) -> bool:
    """Whether the part of the package ``importer`` is in may import the part ``imported`` is in."""
    if importer in (imported, TEST_SUPPORT) or imported in ("", "errors", "project"):
        return True
    if imported == TEST_SUPPORT:
        return False
    if importer in ON_TOP:
        return True
    if importer == "extract":
        return LAYERS.get(imported, len(LAYERS)) <= EXTRACT_MAY_IMPORT
    if importer in LAYERS and imported in LAYERS:
        return LAYERS[imported] <= LAYERS[importer]
    return False  # extract, pipeline and cli are imported by no stage


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {stage(name) for name in modules()} - {""}
    assert parts <= {*LAYERS, "extract", TEST_SUPPORT, *ON_TOP}, "add the new part to LAYERS"


def test_no_stage_imports_a_later_one() -> None:
    breaks = [
        f"{name}:{i.line} imports {i.loads}"
        for name in modules()
        for i in imports(name)
        if not may_import(stage(name), stage(i.loads))
    ]
    assert not breaks, "\n".join(breaks)


def test_layer_rule() -> None:
    assert may_import("store", "validation") and not may_import("validation", "store")
    assert may_import("extract", "authoring") and not may_import("extract", "mapping")
    assert not may_import("mapping", "extract") and may_import("pipeline", "extract")
    assert not may_import("pipeline", TEST_SUPPORT) and not may_import("serve", "cli")


# --- e. A public face for every package ----------------------------------------------------


def packages() -> list[str]:
    return sorted(name for name in modules() if is_package(name))


def test_every_folder_with_code_is_a_package() -> None:
    folders = {path.parent for path in KG.rglob("*.py")}
    assert not [str(f) for f in folders if not (f / "__init__.py").is_file()]


@pytest.mark.parametrize("package", packages())
def test_package_face(package: str) -> None:
    tree = ast.parse(modules()[package].read_bytes())
    assert ast.get_docstring(tree), f"{package} has no docstring"
    module = importlib.import_module(package)
    names = getattr(module, "__all__", None)
    assert isinstance(names, list) and names, f"{package} has no __all__"
    assert len(set(names)) == len(names)
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing, f"{package}.__all__ names what it does not have: {missing}"


# --- f. Cache keys follow the code ---------------------------------------------------------


def digest_calls() -> dict[str, list[ast.Call]]:
    """The calls of ``code_digest`` in each module that makes one."""
    found: dict[str, list[ast.Call]] = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if called == "code_digest":
                    found.setdefault(name, []).append(node)
    return found


def test_code_digests_name_their_own_module() -> None:
    calls = digest_calls()
    assert len(calls) >= 4  # the loader, the mapper, validation and the dumps
    wrong = [
        f"{name}:{call.lineno}"
        for name, made in calls.items()
        for call in made
        if not any(isinstance(a, ast.Name) and a.id == "__name__" for a in call.args)
    ]
    assert not wrong, f"code_digest without __name__: {wrong}"


@pytest.mark.parametrize("module", sorted(digest_calls()))
def test_module_closure_covers_what_a_module_loads(module: str) -> None:
    missing = loaded_by(module) - cache.module_closure(module)
    assert not missing, f"{module} loads modules its cache key does not read: {sorted(missing)}"


FAKE = {
    "__init__.py": "",
    "top.py": (
        "import json\n"
        "from typing import TYPE_CHECKING\n"
        "from kg.a import b\n"
        "if TYPE_CHECKING:\n"
        "    from kg.typed import T\n"
        "def later():\n"
        "    import kg.c.d\n"
    ),
    "a/__init__.py": "from kg.e import thing\n",
    "a/b.py": "from .sibling import other\n",
    "a/sibling.py": "",
    "c/__init__.py": "",
    "c/d.py": "",
    "e.py": "",
    "typed.py": "",
    "unrelated.py": "import kg.top\n",
}


def test_module_closure_follows_every_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for relative, text in FAKE.items():
        (tmp_path / "kg" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "kg" / relative).write_text(text, encoding="utf-8")
    monkeypatch.setattr(kg, "__file__", str(tmp_path / "kg" / "__init__.py"))
    cache.module_closure.cache_clear()
    try:
        closure = cache.module_closure("kg.top")
        # kg.a.b: a module taken with from-import; kg.a and kg.c: parents; kg.e: what a parent
        # imports; kg.a.sibling: a relative import; kg.typed and kg.c.d: TYPE_CHECKING, function
        assert closure == {
            "kg",
            "kg.top",
            "kg.a",
            "kg.a.b",
            "kg.a.sibling",
            "kg.c",
            "kg.c.d",
            "kg.e",
            "kg.typed",
        }
        assert cache.module_closure("kg.a.sibling") == {"kg", "kg.a", "kg.a.sibling", "kg.e"}
    finally:
        cache.module_closure.cache_clear()
