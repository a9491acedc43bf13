"""Projects, totals and contributions in a case study's text, for ``kg.extract``.

A project is a numbered item ("1. …"), another list item that speaks of money, or a run of
sentences that speak of money. In it each amount is a contribution when a contributor is
printed next to it ("the contribution of X was $N", "X provided $N", "$N came from X"), or the
project's total when a word such as "total sum" or "cost" leads to it; contributors named
without an amount ("financed by X") are kept without one.

The reading runs in stages, one module each, joined by one reader, ``Projects`` (``reader``):

- ``units``: where the projects are (list items, runs of sentences about money)
- ``totals``: which amount is a project's total, and which amounts are none
- ``contributions``: who gave an amount, from the words printed beside it
- ``shares``: percentages of a total, and contributors named with no amount
- ``reader``: the stages in order, "the donor" resolved, the sole funder, the draft
- ``base``: what they share (``Unit``, ``Found``, a contributor's role); ``patterns``: the regex tables
"""

from __future__ import annotations

from kg.extract.money.base import Found, Unit
from kg.extract.money.patterns import CONFIDENCE, DONOR
from kg.extract.money.reader import Projects

__all__ = ["CONFIDENCE", "DONOR", "Found", "Projects", "Unit"]
