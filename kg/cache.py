"""A content-addressed cache of stage results, so a rebuild redoes only what its inputs changed.

Entries are named by a digest of everything they depend on (the input bytes, the code that
made them, settings), so a stale entry is never read: a changed input gives another name.
Entries are written through a temporary file and a rename, so a crash leaves no half entry.
Deleting the folder at any time is safe; the next build is simply a cold one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import kg

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
    """A digest of the source of the named ``kg`` modules (and the package version)."""
    package = Path(kg.__file__).parent
    return digest(kg.__version__, CACHE_FORMAT, *((package / f"{name}.py").read_bytes() for name in modules))


class Cache:
    """Pickled values under ``folder/<kind>/<key>``; ``Cache(None)`` caches nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
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
        if self.folder is None:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.new-{os.getpid()}")
        with staging.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        staging.replace(path)
