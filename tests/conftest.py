"""Shared fixtures: a small project copied to a temporary folder, the bundled project, and a network guard."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.project.paths import ProjectPaths

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that opens a connection to anything but this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        loopback = host in ("localhost", "::1") or host.startswith("127.")
        # A socket file (multiprocessing's fork server, say) is on this machine too.
        if self.family != socket.AF_UNIX and isinstance(host, str) and not loopback:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


@pytest.fixture
def mini(tmp_path: Path) -> ProjectPaths:
    """A copy of tests/fixtures/mini that a test may edit and build in."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return ProjectPaths(root)


@pytest.fixture(scope="session")
def repo() -> ProjectPaths:
    """The bundled project (read only: tests that build write elsewhere)."""
    return ProjectPaths(REPO)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
