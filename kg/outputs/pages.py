"""Small HTML helpers shared by the report and the site: escaped, offline, no scripts."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

STYLE = "body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }"


def listing_page(title: str, files: Iterable[Path], back: str = "../index.html") -> str:
    """A page that links each file of a folder by name."""
    items = "".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.name)}</a></li>' for p in files)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1><ul>{items}</ul>"
        f'<p><a href="{html.escape(back)}">Back</a></p></body></html>\n'
    )


def write_listing(folder: Path, title: str, back: str = "../index.html") -> Path:
    """index.html in ``folder`` listing its other files."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "index.html")
    path = folder / "index.html"
    path.write_text(listing_page(title, files, back), encoding="utf-8")
    return path
