"""What the build-fault tests share: a build's fingerprint, the two versions of a project, and the
full-disk and read-only scenarios, which run inside a private mount namespace.

``python -m tests.build_faults SCENARIO.json`` runs one scenario (see ``run_scenario``) and writes
what it saw next to it; ``in_namespace`` starts it under ``unshare`` so that it may mount a tmpfs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
DROPPED_CASE = "18-vo-sovetobod.yaml"  # version B of the project is the book without its last case


def fingerprint(build: Path, *, with_store: bool = True) -> dict[str, str]:
    """Every file of a build by its SHA-256 (the store's RocksDB files aside), and the store's quads.

    Two builds of the same data have the same fingerprint (outputs are deterministic), so a build
    folder is "wholly A" exactly when its fingerprint is A's.
    """
    if not build.is_dir():
        return {}
    found: dict[str, str] = {}
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build).as_posix()
        if path.is_file() and not relative.startswith("store/"):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    if with_store and (build / "store").is_dir():
        store = ox.Store.read_only(str(build / "store"))
        lines = sorted(str(quad) for quad in store)
        found["store/ (quads)"] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        del store
    return found


def make_project(root: Path, version: str) -> Path:
    """A project with the bundled data (version "A") or the bundled data less one case ("B")."""
    shutil.copytree(REPO / "data", root / "data")
    if version == "B":
        (root / "data" / "cases" / DROPPED_CASE).unlink()
    return root


def kg(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run the ``kg`` command in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, check=False, **options
    )


def leftovers(build: Path) -> list[str]:
    """What stopped builds left beside ``build`` (staging and retired folders)."""
    return sorted(p.name for p in build.parent.glob(f".{build.name}.*-*"))


def run_scenario(spec: dict[str, Any]) -> dict[str, Any]:
    """Mount a small tmpfs at ``spec["mount"]`` holding a copy of build A, fill it or make it read
    only as ``spec`` says, build version B into it, and report what the build said and left.

    Runs as root in its own mount namespace (see ``in_namespace``): the mount vanishes with it.
    """
    mount = Path(spec["mount"])
    mount.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={spec['size']}", "tmpfs", str(mount)], check=True)
    build = mount / "build"
    shutil.copytree(spec["pristine"], build)
    if spec.get("cache"):
        shutil.copytree(spec["cache"], mount / ".build-cache")
    filler = mount / "filler"
    free = shutil.disk_usage(mount).free
    if spec.get("leave") is not None:  # leave this many bytes free
        with filler.open("wb") as handle:
            handle.truncate(0)
            os.posix_fallocate(handle.fileno(), 0, max(free - int(spec["leave"]), 1))
    if spec.get("read_only"):
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    failed = kg("build", "--project", spec["project"], "--out", str(build), "-q")
    seen: dict[str, Any] = {
        "code": failed.returncode,
        "stderr": failed.stderr,
        "after_failure": fingerprint(build),
        "leftovers_after_failure": leftovers(build),
    }
    if spec.get("read_only"):
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
    filler.unlink(missing_ok=True)
    again = kg("build", "--project", spec["project"], "--out", str(build), "-q")
    seen.update(
        code_again=again.returncode,
        stderr_again=again.stderr,
        after_retry=fingerprint(build),
        leftovers_after_retry=leftovers(build),
    )
    return seen


def in_namespace(spec: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run ``run_scenario(spec)`` in a private user and mount namespace (no host mount is touched)."""
    request = folder / "scenario.json"
    request.write_text(json.dumps(spec), encoding="utf-8")
    # As root a private mount namespace is enough; otherwise a user namespace maps us to root in it.
    private = ["--mount"] if os.geteuid() == 0 else ["--user", "--map-root-user", "--mount"]
    done = subprocess.run(
        ["unshare", *private, sys.executable, "-m", "tests.build_faults", str(request)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, f"the scenario could not run:\n{done.stderr[-3000:]}"
    seen: dict[str, Any] = json.loads(request.with_suffix(".seen.json").read_text(encoding="utf-8"))
    return seen


if __name__ == "__main__":
    spec_path = Path(sys.argv[1])
    result = run_scenario(json.loads(spec_path.read_text(encoding="utf-8")))
    spec_path.with_suffix(".seen.json").write_text(json.dumps(result), encoding="utf-8")
