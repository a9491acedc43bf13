"""One case study of the text, for ``kg.extract``: its main organization, places and contributors.

``CaseBuilder`` keeps what is found (entities and where the text names them) and hands the
government bodies to ``kg.extract.bodies`` and the projects to ``kg.extract.money``. It also
turns a printed contributor ("the VO", "RWSP", "the villagers", "the local Khukumat") into the
entity it stands for.

``CaseBuilder`` (``builder``) is one class made of one mixin per part of the reading:

- ``base``: the text, its sentences and the entities found so far (``CaseBase``, ``Context``)
- ``organization``: the main organization, its facts, other organizations named by kind
- ``places``: the places named and where the organization works
- ``contributors``: a printed contributor resolved, rule by rule
- ``coreference``: what 'the committee', 'the club' or 'the German contribution' points back to
- ``donors``: new donors the text alone names, and the villagers
- ``patterns``: the word tables they read
"""

from __future__ import annotations

from kg.extract.case.base import Context
from kg.extract.case.builder import CaseBuilder, entity_confidence, inconsistencies

__all__ = ["CaseBuilder", "Context", "entity_confidence", "inconsistencies"]
