"""R for cross-checks: Debian's Rscript with statnet (sna, network) and igraph.

Tests that need R skip where it or one of its packages is missing, unless HAMKORI_REQUIRE_R is set
(as .ci/run does): then a missing R fails the run instead of skipping. Install with
``apt-get install --no-install-recommends r-base-core r-cran-sna r-cran-network r-cran-igraph``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

PACKAGES = ("sna", "network", "igraph")
TIMEOUT = 300  # seconds; an R script here takes a few


@cache
def _missing() -> str:
    """What is missing for the R cross-checks, or '' when R and its packages are there."""
    rscript = shutil.which("Rscript")
    if not rscript:
        return "Rscript is not installed (apt-get install r-base-core)"
    probe = "; ".join(f"if (!requireNamespace('{p}', quietly = TRUE)) cat('{p} ')" for p in PACKAGES)
    done = subprocess.run([rscript, "-e", probe], capture_output=True, text=True, timeout=TIMEOUT)
    absent = done.stdout.split()
    if done.returncode or absent:
        names = " ".join(f"r-cran-{p}" for p in absent) or done.stderr.strip()
        return f"R packages are missing: {names}"
    return ""


def require_r() -> None:
    """Skip the test without R and its packages, or fail it when HAMKORI_REQUIRE_R is set."""
    missing = _missing()
    if missing:
        if os.environ.get("HAMKORI_REQUIRE_R"):
            pytest.fail(f"R is required here: {missing}")
        pytest.skip(missing)


def run_r(script: Path, *args: Path) -> None:
    """Run an R script with its arguments; a failure shows R's own messages."""
    require_r()
    done = subprocess.run(
        ["Rscript", "--vanilla", str(script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if done.returncode:
        pytest.fail(f"{script.name} failed ({done.returncode}):\n{done.stderr}")
