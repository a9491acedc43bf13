"""Real servers for tests, on 127.0.0.1 only: Debian's Virtuoso, through the harness in kg.testing.

Tests that need Virtuoso skip where it is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set
(as .ci/run does): then a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kg.testing import Virtuoso, VirtuosoSettings, virtuoso_installed


def require_virtuoso() -> None:
    if virtuoso_installed():
        return
    if os.environ.get("HAMKORI_REQUIRE_VIRTUOSO"):
        pytest.fail("Virtuoso (virtuoso-t and isql-vt) is required here but is not installed")
    pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")


@contextmanager
def running_virtuoso(
    factory: pytest.TempPathFactory, name: str, settings: VirtuosoSettings | None = None
) -> Iterator[Virtuoso]:
    """A Virtuoso in a new temporary folder named after ``name``; stopped and deleted afterwards."""
    require_virtuoso()
    with Virtuoso(factory.mktemp(name) / "db", settings) as server:
        yield server
