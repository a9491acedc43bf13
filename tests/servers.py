"""Real servers for tests, on 127.0.0.1 only: Debian's Virtuoso, through the harness in kg.testing,
and the web servers nginx and Apache (tests/test_deploy_rules.py).

Tests that need Virtuoso skip where it is not installed, unless HAMKORI_REQUIRE_VIRTUOSO is set
(as .ci/run does): then a missing server fails the run instead of skipping. HAMKORI_REQUIRE_WEBSERVERS
does the same for nginx and Apache.
"""

from __future__ import annotations

import os
import shutil
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


def require_webserver(binary: str, package: str) -> str:
    """The path of a web server's binary; skip without it, or fail when HAMKORI_REQUIRE_WEBSERVERS is set."""
    found = shutil.which(binary) or shutil.which(binary, path="/usr/sbin")  # /usr/sbin: not on every PATH
    if found:
        return found
    if os.environ.get("HAMKORI_REQUIRE_WEBSERVERS"):
        pytest.fail(f"{binary} is required here but is not installed (apt-get install {package})")
    pytest.skip(f"{binary} is not installed (apt-get install {package})")
