"""Government bodies in a case study's text, for ``kg.extract``: named, generic and unnamed.

A body named in the registries is linked; a Khukumat, Jamoat administration, department,
committee, ministry, chamber of parliament or makhalla committee the registries lack is
proposed with its level and the place it governs; "the Khukumat" or "the local Jamoat" is read
as the body of the case study's own rayon or jamoat; "state structures", "local authorities"
and the like become one unnamed body per case study.

One reader, ``GovernmentBodies`` (``reader``), runs the finders of each kind of body in a fixed
order; each kind has its module:

- ``base``: what they share — the joined text, places, the Khukumat or Jamoat of a place, new bodies
- ``khukumats``: Khukumats, rayon administrations and unnamed state bodies
- ``jamoats``: Jamoat administrations and makhalla committees
- ``departments``: departments and committees of a local body
- ``services``: local institutions by their field ('the rayon health department') or number
- ``national``: committees, agencies, ministries and parliament of the republic
- ``joined``: words broken at line ends, joined for reading
"""

from __future__ import annotations

from kg.extract.bodies.base import Found
from kg.extract.bodies.departments import FUNCTION_WORDS
from kg.extract.bodies.joined import Joined, joined
from kg.extract.bodies.reader import FORM_RULES, GovernmentBodies, guess_forms

__all__ = ["FORM_RULES", "FUNCTION_WORDS", "Found", "GovernmentBodies", "Joined", "guess_forms", "joined"]
