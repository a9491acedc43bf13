"""CITATION.cff: well-formed for CFF 1.2.0, and citing the book and the version the package has."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import REPO

REQUIRED = {"cff-version", "message", "title", "authors"}  # what CFF 1.2.0 requires of every file


def citation() -> dict[str, object]:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_has_the_fields_cff_requires() -> None:
    cff = citation()
    assert cff.keys() >= REQUIRED
    assert cff["cff-version"] == "1.2.0"
    authors = cff["authors"]
    assert isinstance(authors, list) and authors
    assert all(isinstance(a, dict) and ("name" in a or "family-names" in a) for a in authors)
    assert cff["type"] in {"software", "dataset"}


def test_citation_version_and_licence_are_the_packages() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    cff = citation()
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]


def test_citation_cites_the_book_as_the_registry_does() -> None:
    book = yaml.safe_load((REPO / "data" / "registry" / "book.yaml").read_text(encoding="utf-8"))
    reference = next(r for r in citation()["references"] if r["type"] == "book")  # type: ignore[attr-defined]
    text = yaml.safe_dump(book)
    assert reference["title"] == "Civil Society Development in Tajikistan" and reference["title"] in text
    assert reference["isbn"] == "978-99947-731-1-4" and reference["isbn"] in text
    assert reference["year"] == 2007 and reference["publisher"]["city"] == "Dushanbe"
    assert re.fullmatch(r"97[89]-\d+-\d+-\d+-\d", reference["isbn"])
