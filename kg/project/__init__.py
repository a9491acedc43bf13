"""What every stage may use: a project's folders, the build cache, and writes that are all or nothing.

Nothing here knows RDF or the authoring format; every later package imports from here.
"""

from __future__ import annotations

from kg.project.atomic import (
    replace_directory,
    stage_directory,
    staging_folder,
    swap_in,
    write_text_atomically,
)
from kg.project.cache import Cache, code_digest, digest, module_closure
from kg.project.paths import HAMKORI_HOME, BuildLayout, ProjectPaths, find_project

__all__ = [
    "HAMKORI_HOME",
    "BuildLayout",
    "Cache",
    "ProjectPaths",
    "code_digest",
    "digest",
    "find_project",
    "module_closure",
    "replace_directory",
    "stage_directory",
    "staging_folder",
    "swap_in",
    "write_text_atomically",
]
