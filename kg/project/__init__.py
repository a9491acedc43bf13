"""What every stage may use: a project's folders, the build cache, and writes that are all or nothing.

Nothing here knows RDF or the authoring format; every later package imports from here.
"""

from __future__ import annotations

from kg.project.atomic import write_text_atomically
from kg.project.cache import Cache, code_digest, digest, module_closure
from kg.project.children import die_with_parent
from kg.project.generations import build_identity, build_lock, new_build
from kg.project.paths import HAMKORI_HOME, BuildLayout, ProjectPaths, find_project

__all__ = [
    "HAMKORI_HOME",
    "BuildLayout",
    "Cache",
    "ProjectPaths",
    "build_identity",
    "build_lock",
    "code_digest",
    "die_with_parent",
    "digest",
    "find_project",
    "module_closure",
    "new_build",
    "write_text_atomically",
]
