"""Folder listings shared by the report and the site: from ``templates/listing.html``, escaped, no scripts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.outputs.templating import render


def listing_page(title: str, files: Iterable[Path], back: str = "../index.html", root: str = "../") -> str:
    """A page that links each file of a folder by name; ``root`` is the site's root relative to it."""
    return render("listing.html", title=title, names=[p.name for p in files], back=back, root=root)


def write_listing(folder: Path, title: str, back: str = "../index.html", root: str = "../") -> Path:
    """index.html in ``folder`` listing its other files; ``root`` is the site's root relative to it."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "index.html")
    path = folder / "index.html"
    path.write_text(listing_page(title, files, back, root), encoding="utf-8")
    return path
