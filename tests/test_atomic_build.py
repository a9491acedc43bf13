"""One atomic build: whatever stops ``kg build``, the build folder is wholly the previous build or
wholly the new one, and the next build cleans up and completes.

Tried as an adversary would: ``kill -9`` of the process group and of the parent alone at seeded
random moments, a full disk at seeded fill levels (a small tmpfs in a private mount namespace),
file-size limits, a read-only output folder, and several builds of one project at once. A build is
recognised by its fingerprint (every file's SHA-256 and the store's quads), since the same data
always gives the same files.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.project.generations import build_identity
from tests.build_faults import fingerprint, in_namespace, kg, leftovers, make_project

KILL_TRIALS = 6  # per kind of kill
DISK_TRIALS = 4
SIZE_LIMITS = (20_000, 300_000, 1_100_000)  # bytes a file may have: each below a file the build writes


@dataclass(frozen=True)
class Versions:
    """Project B (the book less one case) and the fingerprints and folders of builds A and B."""

    project: Path
    pristine: Path  # build A, to copy before each trial
    cache: Path  # build A's cache, which sits beside it
    a: dict[str, str]
    b: dict[str, str]
    seconds: float  # how long a build of B takes here


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    root = tmp_path_factory.mktemp("versions")
    project_a = make_project(root / "a", "A")
    project_b = make_project(root / "b", "B")
    assert kg("build", "--project", str(project_a), "-q").returncode == 0
    started = time.monotonic()
    assert kg("build", "--project", str(project_b), "--no-cache", "-q").returncode == 0
    seconds = time.monotonic() - started
    a, b = fingerprint(project_a / "build"), fingerprint(project_b / "build")
    assert a != b and a["store/ (quads)"] != b["store/ (quads)"]
    shutil.rmtree(project_b / "build")
    return Versions(project_b, project_a / "build", project_a / ".build-cache", a, b, seconds)


@pytest.fixture
def trial_build(versions: Versions) -> Iterator[Path]:
    """Project B's build folder holding a copy of build A (and A's cache beside it)."""
    build = versions.project / "build"
    for path in [build, versions.project / ".build-cache", *build.parent.glob(".build.*-*")]:
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(versions.pristine, build)
    shutil.copytree(versions.cache, versions.project / ".build-cache")
    yield build


def group_alive(group: int) -> list[int]:
    """The processes still in the process group ``group`` (zombies aside)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def wait_until_gone(group: int, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := group_alive(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@pytest.mark.parametrize("who", ["process group", "parent alone"])
@pytest.mark.parametrize("seed", range(KILL_TRIALS))
def test_kill_at_a_random_moment_leaves_the_old_or_the_new_build(
    versions: Versions, trial_build: Path, who: str, seed: int
) -> None:
    delay = random.Random(f"{who}-{seed}").uniform(0.0, versions.seconds * 1.1)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--project", str(versions.project), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    if who == "process group":
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.wait()
    # No child outlives its parent (nor goes on writing after it died).
    assert wait_until_gone(process.pid) == [], f"children outlived the build killed after {delay:.2f} s"
    state = fingerprint(trial_build)
    assert state in (versions.a, versions.b), f"a mixed build after a kill at {delay:.2f} s"
    again = kg("build", "--project", str(versions.project), "-q")
    assert again.returncode == 0, again.stderr
    assert fingerprint(trial_build) == versions.b
    assert leftovers(trial_build) == []


def test_an_interrupted_swap_is_put_back_by_the_next_build(versions: Versions, trial_build: Path) -> None:
    """Where folders cannot be exchanged in one call, a kill between the two renames leaves no build/:
    the next build puts the previous one back before it starts."""
    retired = trial_build.parent / ".build.old-999999"
    trial_build.rename(retired)
    (trial_build.parent / ".build.new-999999").mkdir()
    again = kg("build", "--project", str(versions.project), "-q")
    assert again.returncode == 0, again.stderr
    assert fingerprint(trial_build) == versions.b
    assert leftovers(trial_build) == []


@pytest.mark.parametrize("seed", range(DISK_TRIALS))
def test_a_full_disk_leaves_the_previous_build(versions: Versions, tmp_path: Path, seed: int) -> None:
    leave = random.Random(seed).randint(50_000, 30_000_000)  # bytes free when the build starts
    seen = in_namespace(
        {
            "mount": str(tmp_path / "disk"),
            "size": "120m",
            "leave": leave,
            "pristine": str(versions.pristine),
            "cache": str(versions.cache),
            "project": str(versions.project),
        },
        tmp_path,
    )
    assert seen["code"] == 3, seen["stderr"]
    assert "No space left on device" in seen["stderr"] and "is as it was" in seen["stderr"]
    assert "Traceback" not in seen["stderr"]
    assert seen["after_failure"] == versions.a
    assert seen["leftovers_after_failure"] == []
    assert seen["code_again"] == 0, seen["stderr_again"]
    assert seen["after_retry"] == versions.b
    assert seen["leftovers_after_retry"] == []


def test_a_read_only_output_folder_is_a_clear_error(versions: Versions, tmp_path: Path) -> None:
    seen = in_namespace(
        {
            "mount": str(tmp_path / "disk"),
            "size": "120m",
            "read_only": True,
            "pristine": str(versions.pristine),
            "project": str(versions.project),
        },
        tmp_path,
    )
    assert seen["code"] == 3, seen["stderr"]
    assert "Read-only file system" in seen["stderr"] and "Traceback" not in seen["stderr"]
    assert seen["after_failure"] == versions.a
    assert seen["after_retry"] == versions.b


@pytest.mark.parametrize("limit", SIZE_LIMITS)
def test_a_file_size_limit_leaves_the_previous_build(
    versions: Versions, trial_build: Path, limit: int
) -> None:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    failed = kg("build", "--project", str(versions.project), "-q", preexec_fn=limited)
    assert failed.returncode == 3, failed.stderr
    assert "File too large" in failed.stderr and "Traceback" not in failed.stderr
    assert fingerprint(trial_build) == versions.a
    assert leftovers(trial_build) == []


def test_builds_at_once_wait_for_each_other(versions: Versions, trial_build: Path) -> None:
    identity = build_identity(trial_build)
    command = [sys.executable, "-m", "kg", "build", "--project", str(versions.project)]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    said = [process.communicate(timeout=600) for process in running]
    assert [process.returncode for process in running] == [0, 0, 0], [err for _, err in said]
    assert any("is writing" in err and "waiting for it to finish" in err for _, err in said)
    assert fingerprint(trial_build) == versions.b
    assert build_identity(trial_build) != identity
    assert leftovers(trial_build) == []


def test_a_failing_build_changes_nothing_under_build(versions: Versions, trial_build: Path) -> None:
    case = versions.project / "data" / "cases" / "01-red-crescent.yaml"
    text = case.read_text(encoding="utf-8")
    try:
        case.write_text(text + "\nthis is: [not yaml\n", encoding="utf-8")
        failed = kg("build", "--project", str(versions.project), "-q")
    finally:
        case.write_text(text, encoding="utf-8")
    assert failed.returncode == 2 and "01-red-crescent.yaml" in failed.stderr
    assert fingerprint(trial_build) == versions.a
    assert not (trial_build / "cache").exists()  # the cache lives beside the build, not in it


def test_a_server_that_takes_updates_holds_the_build(versions: Versions, trial_build: Path) -> None:
    """`kg serve --update-token` writes into build/store: a build waits until it stops, never swaps
    the store away under its writes."""
    from kg import pipeline
    from kg.project.paths import ProjectPaths

    serving = pipeline.serve(ProjectPaths(versions.project), port=0, update_token="s3cret")
    command = [sys.executable, "-m", "kg", "build", "--project", str(versions.project)]
    waiting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=versions.seconds * 2 + 5)
        assert fingerprint(trial_build, with_store=False) == fingerprint(versions.pristine, with_store=False)
    finally:
        serving.close()
    _, said = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, said
    assert "is writing" in said and "waiting for it to finish" in said
    assert fingerprint(trial_build) == versions.b
