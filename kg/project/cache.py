"""A content-addressed cache of stage results, so a rebuild redoes only what its inputs changed.

Entries are named by a digest of everything they depend on (the input bytes, the code that
made them, settings), so a stale entry is never read: a changed input gives another name.
Entries are written through a temporary file and a rename, so a crash leaves no half entry.
Deleting the folder at any time is safe; the next build is simply a cold one.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import kg
from kg.project.generations import REFUSALS

# Bumped by hand when the layout of cached values changes in a way the code digests below miss.
CACHE_FORMAT = "1"


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def code_digest(*modules: str) -> str:
    """A digest of the source of the named ``kg`` modules and of every ``kg`` module they import.

    The imports are read from the code (``module_closure``), so a cache key made with it changes
    whenever any code the stage runs changes, however the modules are arranged.
    """
    names = sorted(set().union(*(module_closure(name) for name in modules)))
    return digest(kg.__version__, CACHE_FORMAT, *(part for name in names for part in (name, _source(name))))


@functools.cache
def module_closure(name: str) -> frozenset[str]:
    """``name`` and every ``kg`` module it imports, directly or through others, packages included.

    Imports anywhere in a module count (inside functions and ``TYPE_CHECKING`` blocks too), and
    importing ``kg.a.b`` counts ``kg.a`` (its ``__init__`` runs first): a key may change when it
    need not, never the other way round.
    """
    seen: set[str] = set()
    pending = [name]
    while pending:
        module = pending.pop()
        if module in seen or _path(module) is None:
            continue
        seen.add(module)
        pending.extend(_imported(module))
        parent = module.rpartition(".")[0]
        if parent:
            pending.append(parent)
    return frozenset(seen)


def _path(module: str) -> Path | None:
    """The source file of a ``kg`` module or package; None for anything else."""
    parts = module.split(".")
    if parts[0] != "kg":
        return None
    base = Path(kg.__file__).parent.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _source(module: str) -> bytes:
    path = _path(module)
    assert path is not None  # module_closure keeps only modules with a file
    return path.read_bytes()


def _imported(module: str) -> list[str]:
    """The modules named by the import statements of a module (``from kg.a import b`` names ``kg.a.b``
    as well as ``kg.a``: ``b`` may be a module)."""
    found: list[str] = []
    path = _path(module)
    package = module if path is not None and path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(_source(module))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append(base)
            found.extend(f"{base}.{alias.name}" for alias in node.names)
    return found


class Cache:
    """Pickled values under ``folder/<kind>/<key>``; ``Cache(None)`` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.writable = True
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when there is none (or it cannot be read)."""
        if self.folder is None:
            return None
        try:
            with self._path(kind, key).open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``. When the system refuses the write (disk full, read-only
        folder) the cache stops writing for the rest of this run: it only saves time."""
        if self.folder is None or not self.writable:
            return
        path = self._path(kind, key)
        staging = path.with_name(f".{path.name}.new-{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with staging.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            staging.replace(path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staging.unlink(missing_ok=True)
            if exc.errno not in REFUSALS:
                raise
            self.writable = False
