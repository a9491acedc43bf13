"""Colours shared by charts and network pages: the Okabe–Ito palette, safe for colour-blind readers."""

from __future__ import annotations

SECTOR_COLOURS = {
    "state": "#0072B2",
    "civil-society": "#009E73",
    "donor": "#E69F00",
    "international": "#56B4E9",
    "business": "#CC79A7",
    "media": "#D55E00",
    "community": "#F0E442",
    "project": "#999999",
}
SEQUENCE = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#F0E442", "#000000")


def sector_colour(sector: str) -> str:
    return SECTOR_COLOURS.get(sector, "#BBBBBB")
