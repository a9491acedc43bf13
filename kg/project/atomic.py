"""Write a file so that a failure leaves what was there before untouched (whole folders:
``kg.project.generations``)."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file through a temporary sibling and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.new-{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
