"""The browser packages of the query page, vendored from npm: ``yasgui/`` and ``oxigraph/`` with their
licence texts, ``MANIFEST.json`` (versions, licences, sha256 of each file) and ``revendor`` (``npm pack``)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
MANIFEST = FOLDER / "MANIFEST.json"

__all__ = ["FOLDER", "MANIFEST"]
