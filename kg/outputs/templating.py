"""HTML from Jinja2 templates in ``kg/outputs/templates/``, escaped by default.

Every ``{{ value }}`` is escaped unless it is ``Markup`` (a fragment another template made, or
``|safe``), so escaping cannot be forgotten. Values are escaped with ``html.escape`` (``&quot;``,
``&#x27;``), as the pages always were, rather than markupsafe's own entities: the pages stay byte
for byte what they were before they came from templates.

    from kg.outputs.templating import render
    render("listing.html", title="Exports", files=["a.csv"])
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


def _escaped(value: Any) -> Markup:
    """What ``{{ value }}`` writes: ``Markup`` as it is, anything else escaped with ``html.escape``."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)))


@cache
def environment() -> Environment:
    """The one template environment: autoescaping on, undefined names an error, trailing newlines kept."""
    return Environment(
        loader=PackageLoader("kg.outputs", "templates"),
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates ship with the package: no stat of three files for each page
    )


def render(template: str, /, **context: Any) -> str:
    """The template named ``template`` rendered with ``context``."""
    return environment().get_template(template).render(**context)
