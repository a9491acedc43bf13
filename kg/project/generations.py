"""A build folder is replaced as a whole: readers tell one build from the next by its identity."""

from __future__ import annotations

import os
from pathlib import Path


def build_identity(root: Path) -> tuple[int, int] | None:
    """The identity of the build now at ``root`` (None when there is none).

    Every build, analysis or publication that completes puts a new folder in the place of ``root``
    in one step, so a reader that opened files of one build (the store, say) knows it must open
    them again when this value changes.
    """
    try:
        status = os.stat(root)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)
