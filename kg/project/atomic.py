"""Write outputs so that a failure leaves what was there before untouched."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any


def replace_directory(target: Path, fill: Callable[[Path], Any]) -> Path:
    """Fill a fresh sibling folder, then swap it in for ``target`` in two renames.

    If ``fill`` raises, the half-written folder is removed and ``target`` is as it was.
    """
    return swap_in(stage_directory(target, fill), target)


def stage_directory(target: Path, fill: Callable[[Path], Any]) -> Path:
    """Fill a fresh sibling folder of ``target`` and return it, to be swapped in later (or discarded).

    If ``fill`` raises, the half-written folder is removed.
    """
    staging = staging_folder(target)
    staging.mkdir()
    try:
        fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def staging_folder(target: Path) -> Path:
    """The (absent) sibling folder in which ``target``'s replacement is prepared."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_in(staging: Path, target: Path) -> Path:
    """Put a staged folder in the place of ``target`` in two renames."""
    retired = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
    return target


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary sibling and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.new-{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
